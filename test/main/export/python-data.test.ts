/**
 * Data out, and back in Python: the built CLI (`nrlab export --format npz|h5|ipynb|csv|json`) on a
 * project it ran itself, read back with Debian's numpy, h5py and nbformat (/usr/bin/python3), and
 * python/nrlab_reader.py on the project file. Every value is compared with the app's JSON export
 * bit for bit (JSON has no NaN or ±inf: null there, restored from its `nonFinite` lists; NaN where
 * a point failed). The notebook's code cells run in one Python process (MPLBACKEND=Agg).
 *
 * Needs /usr/bin/python3 with numpy, h5py, nbformat, matplotlib and QuTiP (Debian: python3-numpy
 * python3-h5py python3-nbformat python3-matplotlib python3-qutip; .ci/run installs them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { PY_SAFE_NAMES, safeNames } from '../../../src-core/export/names';
import { ProjectArchive } from '../../../src-core/project/container';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';

const PYTHON = process.env.NRLAB_PYTHON ?? '/usr/bin/python3';
const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'bin/nrlab.cjs');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-pydata-data-'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-pydata-'));
const project = path.join(dir, 'study.nrlab');
const damagedProject = path.join(dir, 'failed.nrlab');

function nrlab(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run Python code with argv; returns stdout, fails the test with stderr on a non-zero exit. */
function python(code: string, args: string[] = [], env: Record<string, string> = {}): string {
  const file = path.join(dir, `check-${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, code);
  const r = spawnSync(PYTHON, [file, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, PYTHONPATH: path.join(root, 'python'), MPLBACKEND: 'Agg', ...env }, timeout: 300_000 });
  if (r.error || r.status !== 0) throw new Error(`python (exit ${r.status}): ${r.error?.message ?? ''}\n${r.stderr}`);
  return r.stdout;
}

const doc: ProjectDocument = {
  format: PROJECT_FORMAT,
  schemaVersion: PROJECT_SCHEMA_VERSION,
  title: 'Python data',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  app: { name: 'NR Lab', version: 'test' },
  parameterSets: [],
  studies: [
    // a 2-D map (classical), a 1-D quantum sweep, a point, a simulate study (time traces) and a correlation g2(τ)
    { id: 'map', name: 'Map', kind: 'sweep', model: 'three-cavity', params: { solver: 'classical', theta: '-pi/4' }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 5 }, { key: 'kappa_b', values: [0.5, 1, 2] }] },
    { id: 'line', name: 'Quantum line', kind: 'sweep', model: 'three-cavity', params: { basis: 'total', fock: 2 }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 3 }] },
    { id: 'pt', name: 'Point', kind: 'point', model: 'two-resonator', params: { kappa: 0.3e6 } },
    { id: 'sim', name: 'Pulse', kind: 'simulate', model: 'two-resonator', params: {}, simulate: { port: 1, input: 'gaussian', tEnd: 60e-6, samples: 41 } },
    { id: 'corr', name: 'g2', kind: 'correlation', model: 'three-cavity', params: { basis: 'total', fock: 2 }, correlation: { values: [0, 0.5, 1, 2] } },
  ],
  figures: [],
};

/**
 * A stored sweep with failed points and solver-returned ±inf and NaN, written with the app's own
 * container (a result no run can be made to fail on purpose); unverified, so exported with --allow-stale.
 */
function failedProject(): Uint8Array {
  const archive = ProjectArchive.empty();
  const shape = [3, 2];
  const T = Float64Array.from([0.5, 0.25, NaN, 0.125, Infinity, 1e-300]);
  const I = Float64Array.from([-Infinity, 0.1, NaN, 0.2, 0.3, NaN]);
  const result = {
    id: 'r-failed',
    status: 'succeeded' as const,
    shape,
    axes: [
      { key: 'Delta', values: archive.putArray('results/r-failed/axis0.f64', Float64Array.from([-1, 0, 1])) },
      { key: 'kappa_b', values: archive.putArray('results/r-failed/axis1.f64', Float64Array.from([0.5, 1.5])) },
    ],
    arrays: { 'a_to_c.T': archive.putArray('results/r-failed/q0.f64', T), isolation: archive.putArray('results/r-failed/q1.f64', I, 'f64le') },
    quantities: [
      { key: 'a_to_c.T', symbol: 'T_{a→c}', label: 'Transmission a→c', unit: '' },
      { key: 'isolation', symbol: 'I', label: 'Isolation', unit: '' },
    ],
    failed: [
      { index: 2, reason: 'M - ωI is singular' },
      { index: 5, reason: 'did not converge' },
    ],
    done: 6,
    total: 6,
    provenance: { model: 'three-cavity', params: { solver: 'classical', theta: 0 }, solver: 'classical', app: { name: 'NR Lab', version: 'test' }, date: '2026-01-01T00:00:00.000Z', wallMs: 1 },
  };
  const d: ProjectDocument = { ...doc, title: 'Failed points', studies: [{ id: 'bad', name: 'Broken', kind: 'sweep', model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 3 }, { key: 'kappa_b', values: [0.5, 1.5] }], result }] };
  return archive.toBytes(d);
}

/** Python: the app's JSON export as numpy arrays in its shape (null → NaN, then the nonFinite lists restored). */
const PY_JSON = String.raw`
import json, sys
import numpy as np

def from_json(path):
    doc = json.load(open(path, encoding="utf-8"))
    shape = tuple(doc["shape"])
    out = {}
    for key, values in doc["data"].items():
        a = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        for spelling, at in (doc.get("nonFinite") or {}).get(key, {}).items():
            a[at] = {"Infinity": np.inf, "-Infinity": -np.inf, "NaN": np.nan}[spelling]
        out[key] = a.reshape(shape if doc["study"]["kind"] == "sweep" else (() if doc["study"]["kind"] == "point" else (len(a),)))
    axes = {k: np.array(v, dtype=np.float64) for k, v in doc["axes"].items()}
    return doc, out, axes

def same(a, b, what):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    assert a.shape == b.shape, "%s: shape %s, expected %s" % (what, a.shape, b.shape)
    # bit for bit, NaN equal to NaN
    ok = (a.view(np.uint64) == b.view(np.uint64)) | (np.isnan(a) & np.isnan(b))
    assert ok.all(), "%s: %d values differ, first at %s: %r vs %r" % (what, (~ok).sum(), np.argwhere(~ok)[0], a[~ok][0], b[~ok][0])
`;

const studies = ['Map', 'Quantum line', 'Point', 'Pulse', 'g2'];
const slug = (s: string): string => s.replace(/\W+/g, '_');

describe('data out, and back in Python', () => {
  beforeAll(() => {
    const r0 = spawnSync(PYTHON, ['-c', 'import numpy, h5py, nbformat, matplotlib, qutip'], { encoding: 'utf8' });
    if (r0.status !== 0) throw new Error(`these tests need ${PYTHON} with numpy, h5py, nbformat, matplotlib and QuTiP (Debian: apt-get install -y python3-numpy python3-h5py python3-nbformat python3-matplotlib python3-qutip): ${r0.stderr}`);
    writeFileSync(project, ProjectArchive.empty().toBytes(doc));
    const r = nrlab(['run', project, '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    writeFileSync(damagedProject, failedProject());
    for (const s of studies) {
      for (const f of ['json', 'npz', 'h5', 'csv']) {
        const e = nrlab(['export', project, '--study', s, '--out', path.join(dir, `${slug(s)}.${f}`)]); // format from the extension
        expect(e.code, `${s} ${f}: ${e.stderr}`).toBe(0);
      }
    }
    for (const f of ['json', 'npz', 'h5', 'csv']) {
      const e = nrlab(['export', damagedProject, '--study', 'Broken', '--format', f, '--out', path.join(dir, `Broken.${f}`), '--allow-stale']);
      expect(e.code, e.stderr).toBe(0);
    }
  }, 300_000);

  it('npz: every quantity in the grid shape, axes 1-D, metadata/provenance/params as JSON text; equal to the JSON export bit for bit', () => {
    const out = python(
      `${PY_JSON}
for name in sys.argv[1:]:
    doc, data, axes = from_json(name + ".json")
    f = np.load(name + ".npz", allow_pickle=False)
    meta = json.loads(str(f["metadata"]))
    assert meta["format"] == "nrlab-npz 1", meta["format"]
    assert json.loads(str(f["provenance"])) == doc["provenance"]
    assert json.loads(str(f["params"])) == doc["provenance"]["params"]
    names = {q["key"]: q["name"] for q in meta["quantities"]}
    assert list(names) == [q["key"] for q in doc["quantities"]]
    for key, a in data.items():
        same(f[names[key]], a, name + " " + key)
    for ax in meta["axes"]:
        same(f[ax["name"]], axes[ax["key"]], name + " axis " + ax["key"])
    assert [i["index"] for i in meta["failed"]] == [i["index"] for i in doc["failed"]]
    print(name, {n: f[n].shape for n in f.files if n not in ("metadata", "provenance", "params")})
`,
      [...studies.map(slug), 'Broken'],
    );
    expect(out).toContain("Map {'Delta': (5,), 'kappa_b': (3,), 'a_to_c_T': (5, 3), 'c_to_a_T': (5, 3), 'isolation': (5, 3)}");
    expect(out).toMatch(/^Point \{'S21_abs': \(\), 'S12_abs': \(\),/m);
    expect(out).toMatch(/^Pulse \{'t': \(41,\), 'nonlocal_input': \(41,\)/m);
    expect(out).toMatch(/^g2 \{'tau': \(4,\), 'a_to_c_g2': \(4,\), 'c_to_a_g2': \(4,\)\}/m);
    expect(out).toContain("Broken {'Delta': (3,), 'kappa_b': (2,), 'a_to_c_T': (3, 2), 'isolation': (3, 2)}");
  });

  it('npz: failed points are NaN, solver-returned ±inf kept; the .npy headers are version 1.0, padded to 64 bytes', () => {
    const out = python(
      `${PY_JSON}
f = np.load("Broken.npz", allow_pickle=False)
T, I = f["a_to_c_T"], f["isolation"]
assert np.isnan(T[1, 0]) and np.isnan(T[2, 1]) and np.isnan(I[2, 1]), (T, I)
assert T[2, 0] == np.inf and I[0, 0] == -np.inf and T[2, 1 - 1] == np.inf and T[0, 1] == 0.25
print(json.loads(str(f["metadata"]))["failed"])
`,
    );
    expect(out).toContain("'reason': 'M - ωI is singular'");
    const files = unzipSync(new Uint8Array(readFileSync(path.join(dir, 'Map.npz'))));
    for (const [name, bytes] of Object.entries(files)) {
      expect(Array.from(bytes.subarray(0, 8)), name).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      const len = bytes[8]! + 256 * bytes[9]!;
      expect((10 + len) % 64, name).toBe(0);
      expect(String.fromCharCode(...bytes.subarray(10 + len - 1, 10 + len))).toBe('\n');
    }
  });

  it('h5: datasets in the grid shape with key/symbol/label/unit, axes as dimension scales, provenance as root attributes', () => {
    const out = python(
      `${PY_JSON}
import h5py
for name in sys.argv[1:]:
    doc, data, axes = from_json(name + ".json")
    with h5py.File(name + ".h5", "r") as h:
        meta = json.loads(h.attrs["metadata"])
        assert h.attrs["format"] == "nrlab-h5 1"
        assert json.loads(h.attrs["provenance"]) == doc["provenance"]
        assert json.loads(h.attrs["params"]) == doc["provenance"]["params"]
        for q in meta["quantities"]:
            d = h[q["name"]]
            same(d[()], data[q["key"]], name + " " + q["key"])
            assert d.attrs["key"] == q["key"] and d.attrs["unit"] == q["unit"] and d.attrs["label"] == q["label"]
            for k, ax in enumerate(meta["axes"][: d.ndim]):
                scales = d.dims[k]
                assert scales.keys() == [ax["key"]], (name, q["key"], k, scales.keys())
                same(scales[0][()], axes[ax["key"]], name + " scale " + ax["key"])
        for ax in meta["axes"]:
            same(h[ax["name"]][()], axes[ax["key"]], name + " axis " + ax["key"])
            print("AXIS", name, ax["key"], h[ax["name"]].attrs["symbol"], "[%s]" % h[ax["name"]].attrs["unit"])
        print(name, h["%s" % meta["quantities"][0]["name"]].shape, h[meta["quantities"][0]["name"]].attrs["symbol"])
`,
      [...studies.map(slug), 'Broken'],
    );
    expect(out).toContain('Map (5, 3) T_{a→c}');
    // axes carry their parameter's symbol and unit (Delta: an alias setting the detunings, in κ)
    expect(out).toContain('AXIS Map Delta Delta [κ]');
    expect(out).toContain('AXIS Map kappa_b κ_b [κ]');
    expect(out).toContain('AXIS g2 tau τ [1/κ]');
    expect(out).toContain('Broken (3, 2)');
  });

  it('csv: names safe for numpy and pandas, loadable with np.genfromtxt(names=True) and np.loadtxt; equal to the JSON export', () => {
    const out = python(
      `${PY_JSON}
for name in sys.argv[1:]:
    doc, data, axes = from_json(name + ".json")
    g = np.genfromtxt(name + ".csv", delimiter=",", names=True)
    l = np.loadtxt(name + ".csv", delimiter=",", skiprows=1, ndmin=2)
    keys = list(axes) + list(data)
    assert list(g.dtype.names) == csv_names(keys), (g.dtype.names, csv_names(keys))
    for j, key in enumerate(keys):
        column = (axes[key] if key in axes and doc["study"]["kind"] != "sweep" else None)
        want = data[key].reshape(-1) if key in data else None
        if want is not None:
            same(np.atleast_1d(g[csv_names(keys)[j]]), want, name + " genfromtxt " + key)
            same(l[:, j], want, name + " loadtxt " + key)
    print(name, ",".join(g.dtype.names))
`.replace('import json, sys', `import json, sys\n${PY_SAFE_NAMES}`),
      [...studies.map(slug), 'Broken'],
    );
    expect(out).toContain('Map Delta,kappa_b,a_to_c_T,c_to_a_T,isolation');
    expect(out).toMatch(/^g2 tau,a_to_c_g2,c_to_a_g2$/m);
  });

  it('Python-safe names: the scripts\' csv_names is the same rule as the app\'s (names.ts)', () => {
    const keys = ['a_to_c.T', 'a->c,d.g2', 'a<->c.isolation', 'a-c.phase', 'param.theta', '2x', 'lambda', 'print', 'metadata', 'κ_b', '', '__', 'a_to_c.T', 'a_to_c_T', 'a_to_c_T_2', 'x.y.z'];
    const want = safeNames(keys);
    expect(want.slice(0, 5)).toEqual(['a_to_c_T', 'a_to_c_d_g2', 'a_c_isolation', 'a_c_phase', 'param_theta']);
    for (const n of want) expect(n).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    expect(new Set(want).size).toBe(want.length);
    const out = python(`${PY_SAFE_NAMES}\nimport json, keyword, sys\nnames = csv_names(json.loads(sys.argv[1]))\nassert all(n.isidentifier() and not keyword.iskeyword(n) for n in names)\nprint(json.dumps(names))`, [JSON.stringify(keys)]);
    expect(JSON.parse(out)).toEqual(want);
  });

  it('ipynb: a valid nbformat 4 notebook; its code cells recompute a classical map and a quantum line, compare with the npz beside them, and plot', () => {
    for (const [s, file] of [
      ['Map', 'map-nb.ipynb'],
      ['Quantum line', 'line-nb.ipynb'],
    ] as const) {
      const e = nrlab(['export', project, '--study', s, '--out', path.join(dir, file)]);
      expect(e.code, e.stderr).toBe(0);
      expect(e.stderr).toContain(`wrote Jupyter notebook of "${s}"`);
      // NR Lab's own numbers beside it, as the notebook looks for them
      expect(nrlab(['export', project, '--study', s, '--out', path.join(dir, file.replace('.ipynb', '.npz'))]).code).toBe(0);
    }
    const out = python(
      String.raw`
import json, sys
import nbformat
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].cell_type == "markdown"
    code = "\n\n".join(c.source for c in nb.cells if c.cell_type == "code")
    code += "\nimport json\nimport matplotlib.pyplot as plt\nfig = plt.gcf()\nprint('AXES', json.dumps([[a.get_xlabel(), a.get_ylabel(), a.get_title()] for a in fig.axes if a.get_visible()], ensure_ascii=False))\n"
    scope = {"__name__": "__main__"}
    print("NOTEBOOK", path)
    exec(compile(code, path, "exec"), scope)
    print("SHAPE", scope["column"](scope["KEYS"][-1]).shape)
    scope["plt"].close("all")
`,
      ['map-nb.ipynb', 'line-nb.ipynb'],
    );
    const [mapOut, lineOut] = out.split('NOTEBOOK line-nb.ipynb');
    // the map: the recomputed CSV read back, NR Lab's npz found, deviations tiny; a colour map per quantity
    expect(mapOut).toContain('largest deviation from NR Lab');
    for (const m of mapOut!.matchAll(/^ {2}(\S+) +([\d.e+-]+|nan)$/gm)) expect(Number(m[2]), m[1]).toBeLessThan(1e-12);
    const mapAxes = JSON.parse(/^AXES (.*)$/m.exec(mapOut!)![1]!) as string[][];
    expect(mapAxes[0]).toEqual(['κb (κ)', 'Delta (κ)', 'Transmission a→c']);
    expect(mapAxes.some((a) => a[1] === 'T(a→c)')).toBe(true); // the colour bar's title
    expect(mapOut).toContain('SHAPE (5, 3)');
    // the quantum line (QuTiP): curves against Delta, the app's values within the fixtures' 1e-6
    expect(lineOut).toContain('largest deviation from NR Lab');
    for (const m of lineOut!.matchAll(/^ {2}(\S+) +([\d.e+-]+|nan)$/gm)) if (!['residual'].includes(m[1]!)) expect(Number(m[2]), m[1]).toBeLessThan(1e-6);
    const lineAxes = JSON.parse(/^AXES (.*)$/m.exec(lineOut!)![1]!) as string[][];
    expect(lineAxes[0]).toEqual(['', 'T(a→c)', 'Transmission a→c']);
    expect(lineAxes.at(-1)![0]).toBe('Delta (κ)');
    expect(lineOut).toContain('SHAPE (3,)');
    expect(readFileSync(path.join(dir, 'map-nb-recomputed.csv'), 'utf8').split('\n')[0]).toBe('Delta,kappa_b,a_to_c_T,c_to_a_T,isolation');
    // the description: every parameter by its key, symbols in plain Unicode (no κ_b or T_{a→c} markup)
    const intro = (JSON.parse(readFileSync(path.join(dir, 'map-nb.ipynb'), 'utf8')) as { cells: { source: string[] }[] }).cells[0]!.source.join('');
    expect(intro).toMatch(/^kappa_b += \S+ \[κ\] {2}κb: Loss of b \(swept by axis kappa_b; this base value is not used\)$/m);
    expect(intro).toMatch(/^theta += -0\.7853981633974483 \[rad\] {2}θ: Coupling phase$/m);
    expect(intro).not.toMatch(/[_^]\{|κ_/);
  }, 300_000);

  it('nrlab_reader.py: every study of a project the app ran, equal to the JSON export bit for bit', () => {
    const out = python(
      `${PY_JSON}
import nrlab_reader
project = nrlab_reader.load(sys.argv[1])
for s in project.studies:
    doc, data, axes = from_json(s.name.replace(" ", "_") + ".json")
    assert s.status == doc["study"]["status"] and s.params == doc["provenance"]["params"] and s.provenance == doc["provenance"]
    for key, a in data.items():
        same(s[key], a, s.name + " " + key)
    for key, a in axes.items():
        same(s.axes[key], a, s.name + " axis " + key)
    print(s.name, s.kind, s.shape, len(s.arrays))
broken = nrlab_reader.load(sys.argv[2]).study("Broken")
doc, data, axes = from_json("Broken.json")
for key, a in data.items():
    same(broken[key], a, "Broken " + key)
print("failed", broken.failed)
`,
      [project, damagedProject],
    );
    expect(out).toContain('Map sweep (5, 3) 3');
    expect(out).toContain('Pulse simulate (41,)');
    expect(out).toContain('Point point ()');
    expect(out).toContain("failed [{'index': 2, 'reason': 'M - ωI is singular'}, {'index': 5, 'reason': 'did not converge'}]");
  });

  it('nrlab_reader.py: the example project "nonlocal-loss-coupling" run by the app, every study equal to its JSON export', () => {
    const file = path.join(dir, 'example.nrlab');
    expect(nrlab(['new', '--example', 'nonlocal-loss-coupling', '--out', file]).code).toBe(0);
    const run = nrlab(['run', file, '--workers', '1']);
    expect(run.code, run.stderr).toBe(0);
    const names = (JSON.parse(python(`import json, sys, nrlab_reader\nprint(json.dumps([s.name for s in nrlab_reader.load(sys.argv[1]).studies]))`, [file])) as string[]);
    expect(names.length).toBeGreaterThanOrEqual(10);
    names.forEach((n, i) => expect(nrlab(['export', file, '--study', n, '--out', path.join(dir, `example-${i}.json`)]).code).toBe(0));
    const out = python(
      `${PY_JSON}
import nrlab_reader
for i, s in enumerate(nrlab_reader.load(sys.argv[1]).studies):
    doc, data, axes = from_json("example-%d.json" % i)
    assert s.status == "succeeded" and s.params == doc["provenance"]["params"], s
    assert set(data) <= set(s.arrays), (s.name, set(data) - set(s.arrays))
    for key, a in data.items():
        same(s[key], a, s.name + " " + key)
    for key, a in axes.items():
        same(s.axes[key], a, s.name + " axis " + key)
    print(s.kind, s.shape)
`,
      [file],
    );
    expect(out.trim().split('\n')).toHaveLength(names.length);
    expect(out).toMatch(/^simulate \(\d+,\)$/m);
    expect(out).toMatch(/^sweep \(\d+, \d+\)$/m);
  }, 120_000);

  it('nrlab_reader.py: a damaged file raises NrlabFileError naming the entry and what is wrong', () => {
    const out = python(
      String.raw`
import json, sys, zipfile
import nrlab_reader

def rewrite(src, dst, change):
    with zipfile.ZipFile(src) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            z.writestr(name, change(name, data))

def expect_error(path, *words):
    try:
        nrlab_reader.load(path)
    except nrlab_reader.NrlabFileError as e:
        for w in words:
            assert w in str(e), (str(e), w)
        print("ERROR", str(e))
        return
    raise AssertionError("no error for " + path)

src = sys.argv[1]
# an array whose bytes changed (its CRC-32 no longer matches project.json)
rewrite(src, "bytes.nrlab", lambda n, d: bytes([d[0] ^ 1]) + d[1:] if n.endswith("q0.f64") else d)
expect_error("bytes.nrlab", "q0.f64", "damaged", "CRC-32", "arrays.a_to_c.T")
# an entry missing
rewrite(src, "missing.nrlab", lambda n, d: d)
with zipfile.ZipFile(src) as z:
    items = [(i.filename, z.read(i.filename)) for i in z.infolist() if not i.filename.endswith("axis1.f64")]
with zipfile.ZipFile("missing.nrlab", "w") as z:
    for n, d in items:
        z.writestr(n, d)
expect_error("missing.nrlab", "axis1.f64", "missing", "axes[1]")
# a truncated array (project.json says more values)
rewrite(src, "short.nrlab", lambda n, d: d[:-8] if n.endswith("q1.f64") else d)
expect_error("short.nrlab", "q1.f64", "holds 40 bytes, expected 48")
# damage inside the ZIP (zipfile's own CRC check)
raw = bytearray(open(src, "rb").read())
with zipfile.ZipFile(src) as z:
    info = z.getinfo("project.json")
start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 5
raw[start] ^= 0xFF
open("zipdamage.nrlab", "wb").write(bytes(raw))
expect_error("zipdamage.nrlab", "project.json")
# not a ZIP at all
open("text.nrlab", "w").write("hello")
expect_error("text.nrlab", "not a readable NR Lab project")
`,
      [damagedProject],
    );
    expect(out.match(/^ERROR /gm)).toHaveLength(5);
  });

  it('bad input exits 2 naming the field: an unknown format, an --out extension it cannot infer', () => {
    const a = nrlab(['export', project, '--study', 'Map', '--format', 'xlsx']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--format: must be one of csv, json, npz, h5, ipynb, py, got "xlsx"/);
    const b = nrlab(['export', project, '--study', 'Map', '--out', path.join(dir, 'x.mat')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--format: give the format: .*\.npz, \.h5, \.ipynb or \.py/);
  });
});
