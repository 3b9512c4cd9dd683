import { strToU8, zipSync, unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ProjectArchive, crc32, decodeFloat64, encodeFloat64 } from '../../src-core/project/container';
import { ProjectFileError, validateProject } from '../../src-core/project/validate';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../src-core/project/types';

/** A parsed project.json being damaged on purpose: any shape goes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Editable = any;

function baseDoc(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Test project',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [{ id: 'opt', name: 'Fig. 2 optimum', model: 'three-cavity', params: { Delta: 0.5, kappa_b: 1 } }],
    studies: [
      {
        id: 'map',
        name: 'Isolation map',
        kind: 'sweep',
        model: 'three-cavity',
        parameterSet: 'opt',
        params: { solver: 'classical' },
        axes: [
          { key: 'Delta', start: -2, stop: 2, count: 5 },
          { key: 'kappa_b', values: [0, 1, 2] },
        ],
      },
      { id: 'pt', name: 'Point', kind: 'point', model: 'three-cavity', params: { fock: 3 } },
    ],
    figures: [{ id: 'f', name: 'fig2c', layout: { rows: 1, cols: 1 }, panels: [{ label: '(c)', study: 'map', kind: 'heatmap', quantity: 'isolation' }] }],
  };
}

/** A document with a stored 2-D result, and its archive bytes. */
/** Quantity keys of the three-cavity model (quantum solver), as a stored result names its arrays. */
const KEYS = ['isolation', 'ratio', 'a_to_c.T', 'c_to_a.T', 'a_to_c.g2', 'c_to_a.g2', 'a_to_c.g3', 'c_to_a.g3', 'a_to_c.mean_n', 'c_to_a.mean_n', 'residual', 'fock'];
const key = (q: number): string => KEYS[q]!;

function withResult(n1: number, n2: number, quantities: number) {
  const doc = baseDoc();
  const archive = ProjectArchive.empty();
  const total = n1 * n2;
  const arrays: Record<string, ReturnType<typeof archive.putArray>> = {};
  const values: Record<string, Float64Array> = {};
  for (let q = 0; q < quantities; q++) {
    const v = new Float64Array(total);
    for (let i = 0; i < n1; i++) for (let j = 0; j < n2; j++) v[i * n2 + j] = Math.exp(-((i / n1 - 0.5) ** 2) * (q + 1)) * Math.cos(j / n2 + q);
    if (total > 3) v[3] = NaN; // a failed point
    values[key(q)] = v;
    arrays[key(q)] = archive.putArray(`results/r1/q${q}.f64`, v);
  }
  doc.studies[0]!.result = {
    id: 'r1',
    status: 'succeeded',
    shape: [n1, n2],
    axes: [
      { key: 'Delta', values: archive.putArray('results/r1/axis0.f64', Float64Array.from({ length: n1 }, (_, i) => i)) },
      { key: 'kappa_b', values: archive.putArray('results/r1/axis1.f64', Float64Array.from({ length: n2 }, (_, i) => i)) },
    ],
    arrays,
    quantities: Object.keys(values).map((key) => ({ key, symbol: key, label: key, unit: '' })),
    failed: [{ index: 3, reason: 'test' }],
    done: total,
    total,
    provenance: { model: 'three-cavity', params: { Delta: 0.5 }, solver: 'classical', app: { name: 'NR Lab', version: 'test' }, date: '2026-01-01T00:00:00Z', wallMs: 1 },
  };
  return { doc, bytes: archive.toBytes(doc), values };
}

function expectProblem(fn: () => unknown, path: RegExp, reason?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected the file to be refused').toBeInstanceOf(ProjectFileError);
  const e = caught as ProjectFileError;
  expect(e.code).toBe('bad-input');
  const hit = e.problems.find((p) => path.test(p) && (!reason || reason.test(p)));
  expect(hit, `problems were:\n${e.problems.join('\n')}`).toBeDefined();
}

function rezip(bytes: Uint8Array, edit: (doc: Record<string, unknown>) => void, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const files = unzipSync(bytes);
  const doc = JSON.parse(strFromU8(files['project.json']!)) as Record<string, unknown>;
  edit(doc);
  files['project.json'] = strToU8(JSON.stringify(doc));
  return zipSync({ ...files, ...extra });
}

describe('project container', () => {
  it('round-trips results bit for bit (NaN included), byte-shuffled or plain', () => {
    const { bytes, values } = withResult(7, 5, 3);
    const opened = ProjectArchive.open(bytes);
    const ref = opened.doc.studies[0]!.result!.arrays![key(1)]!;
    expect(ref.encoding).toBe('f64le-shuffle');
    const back = opened.archive.readArray(ref);
    expect(Array.from(back)).toEqual(Array.from(values[key(1)]!));
    expect(Number.isNaN(back[3])).toBe(true);
    const odd = Float64Array.from([0, -0, Infinity, -Infinity, NaN, 1e-300, Math.PI]);
    for (const enc of ['f64le', 'f64le-shuffle'] as const) {
      const b = decodeFloat64(encodeFloat64(odd, enc), odd.length, enc);
      expect(Array.from(new Uint8Array(b.buffer))).toEqual(Array.from(new Uint8Array(odd.buffer)));
    }
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926); // the standard CRC-32 check value
  });

  it('stores a 201 × 201 map of 10 quantities compactly (binary, shuffled, deflated), not as a 50 MB JSON', () => {
    const { bytes, doc } = withResult(201, 201, 10);
    const raw = 201 * 201 * 10 * 8;
    expect(bytes.length).toBeLessThan(0.75 * raw);
    // the same numbers as JSON text would be ~2.5× the raw binary
    const asJson = JSON.stringify(Object.values(withResult(201, 201, 10).values).map((v) => Array.from(v)));
    expect(asJson.length).toBeGreaterThan(2 * raw);
    expect(JSON.stringify(doc).length).toBeLessThan(20_000);
  });

  it('refuses at open an array damaged inside (even one no command reads), naming the result it belongs to', () => {
    const { bytes } = withResult(7, 5, 2);
    const files = unzipSync(bytes);
    const entry = files['results/r1/q1.f64']!;
    entry[10] = entry[10]! ^ 0xff;
    const damaged = zipSync(files); // a valid ZIP CRC of the damaged bytes: project.json's crc32 disagrees
    expectProblem(() => ProjectArchive.open(damaged), /^studies\[0\] "Isolation map"\.result\.arrays\.ratio: "results\/r1\/q1\.f64" is damaged \(checksum mismatch/);
  });

  it('keeps unknown fields and unknown entries through open and save', () => {
    const { bytes } = withResult(3, 3, 1);
    const edited = rezip(
      bytes,
      (d) => {
        d.futureTopLevel = { a: 1 };
        (d.studies as Record<string, unknown>[])[0]!.futureStudyField = 'kept';
        ((d.figures as Record<string, unknown>[])[0]!.panels as Record<string, unknown>[])[0]!.futurePanelField = [1, 2];
      },
      { 'attachments/notes.txt': strToU8('lab notebook') },
    );
    const opened = ProjectArchive.open(edited);
    const again = unzipSync(opened.archive.toBytes(opened.doc));
    const doc = JSON.parse(strFromU8(again['project.json']!));
    expect(doc.futureTopLevel).toEqual({ a: 1 });
    expect(doc.studies[0].futureStudyField).toBe('kept');
    expect(doc.figures[0].panels[0].futurePanelField).toEqual([1, 2]);
    expect(strFromU8(again['attachments/notes.txt']!)).toBe('lab notebook');
    expect(again['results/r1/q0.f64']).toBeDefined();
  });

  it('drops arrays no longer referenced when a result is replaced', () => {
    const { bytes } = withResult(3, 3, 1);
    const opened = ProjectArchive.open(bytes);
    delete opened.doc.studies[0]!.result;
    const files = unzipSync(opened.archive.toBytes(opened.doc));
    expect(Object.keys(files).sort()).toEqual(['project.json']);
  });
});

describe('bad project files: refused with the path of what is wrong', () => {
  const good = withResult(3, 3, 1).bytes;

  it('not a ZIP, empty, or truncated anywhere', () => {
    expectProblem(() => ProjectArchive.open(new Uint8Array(0)), /^file: /, /damaged or truncated/);
    expectProblem(() => ProjectArchive.open(strToU8('{"format":"nrlab-project"}')), /^file: /);
    for (const cut of [10, Math.floor(good.length / 3), Math.floor(good.length / 2), good.length - 30, good.length - 1]) {
      expectProblem(() => ProjectArchive.open(good.slice(0, cut)), /^(file|project\.json|studies)/);
    }
  });

  it('a ZIP without project.json, or with broken JSON', () => {
    expectProblem(() => ProjectArchive.open(zipSync({ 'x.txt': strToU8('x') })), /^project\.json: is missing/);
    expectProblem(() => ProjectArchive.open(zipSync({ 'project.json': strToU8('{"format": "nrlab-project", ') })), /^project\.json: is not valid JSON/);
  });

  it.each([
    ['wrong format', (d: Editable) => (d.format = 'something-else'), /^format: must be "nrlab-project"/],
    ['version as a string', (d: Editable) => (d.schemaVersion = '1'), /^schemaVersion: must be a positive integer/],
    ['missing studies', (d: Editable) => delete d.studies, /^studies: is required/],
    ['wrong type of a count', (d: Editable) => (d.studies[0].axes[0].count = 'five'), /^studies\[0\] "Isolation map"\.axes\[0\]\.count: must be integer/],
    ['a bad study kind', (d: Editable) => (d.studies[1].kind = 'magic'), /^studies\[1\] "Point"\.kind: must be one of "sweep", "point", "simulate"/],
    ['a parameter of the wrong type', (d: Editable) => (d.studies[1].params.fock = true), /^studies\[1\] "Point"\.params\.fock: must be a number or an expression string/],
    ['an out-of-range parameter', (d: Editable) => (d.studies[1].params.kappa_b = -1), /^studies\[1\] "Point"\.params\.kappa_b: must be ≥ 0/],
    ['an unknown parameter', (d: Editable) => (d.studies[1].params.kapa = 1), /^studies\[1\] "Point"\.params\.kapa: unknown parameter/],
    ['an unknown model', (d: Editable) => (d.studies[1].model = 'four-cavity'), /^studies\[1\] "Point"\.model: unknown model "four-cavity"/],
    ['an axis out of range', (d: Editable) => (d.studies[0].axes[1].values = [0, -1]), /^studies\[0\] "Isolation map"\.axes: axis kappa_b \(value 2\): must be ≥ 0/],
    ['a panel on a missing study', (d: Editable) => (d.figures[0].panels[0].study = 'nope'), /^figures\[0\] "fig2c"\.panels\[0\]\.study: no study with id "nope"/],
    ['a duplicate study id', (d: Editable) => (d.studies[1].id = 'map'), /^studies\[1\] "Point"\.id: "map" is used twice/],
    ['a missing parameter set', (d: Editable) => (d.studies[0].parameterSet = 'gone'), /^studies\[0\] "Isolation map"\.parameterSet: no parameter set with id "gone"/],
    ['a result entry missing', (d: Editable) => (d.studies[0].result.arrays.isolation.entry = 'results/r1/zz.f64'), /^studies\[0\] "Isolation map"\.result\.arrays\.isolation\.entry: "results\/r1\/zz\.f64" is missing/],
    ['a result length that disagrees', (d: Editable) => (d.studies[0].result.arrays.isolation.length = 10), /^studies\[0\] "Isolation map"\.result\.arrays\.isolation\.length: is 10\b/],
  ])('%s', (_what, edit, path) => {
    expectProblem(() => ProjectArchive.open(rezip(good, edit)), path);
  });

  it('a newer schema version opens read-only with a warning when it fits, and refuses clearly when it does not', () => {
    const newer = ProjectArchive.open(rezip(good, (d) => ((d.schemaVersion = PROJECT_SCHEMA_VERSION + 1), (d.newThing = { x: 1 }))));
    expect(newer.readOnly).toBe(true);
    expect(newer.warnings[0]).toMatch(/saved by a newer NR Lab .* read-only/);
    expect((newer.doc as unknown as Record<string, unknown>).newThing).toEqual({ x: 1 });
    expectProblem(
      () => ProjectArchive.open(rezip(good, (d) => ((d.schemaVersion = PROJECT_SCHEMA_VERSION + 1), (d.studies = 'moved elsewhere')))),
      /^schemaVersion: 2 is newer than this NR Lab understands/,
    );
  });

  it('validation never modifies what it is given', () => {
    const doc = baseDoc();
    const before = JSON.stringify(doc);
    validateProject(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });
});
