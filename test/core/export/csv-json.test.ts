import { describe, expect, it } from 'vitest';
import { commentLines, csvCells, csvField, parseExportCsv, studyToCsv } from '../../../src-core/export/csv';
import { studyToJson, studyToJsonDocument } from '../../../src-core/export/json';
import { exportTable, formatNumber, type ExportSource } from '../../../src-core/export/source';
import { getModel } from '../../../src-core/models/registry';
import { resolveParams } from '../../../src-core/models/params';
import type { Provenance, StoredResult, Study } from '../../../src-core/project/types';
import { solvePoint } from '../../../src-core/tasks/solver-tasks';

const OPTS = { exporter: { name: 'NR Lab', version: '9.9.9' }, exportedAt: '2026-02-03T04:05:06.000Z' };

function provenance(model: string, params: Record<string, number | string>): Provenance {
  return {
    model,
    params: resolveParams(getModel(model).schema, params) as Record<string, number | string>,
    solver: String(params.solver ?? params.method ?? model),
    truncation: { solver: 'classical' },
    app: { name: 'NR Lab', version: '0.1.0' },
    date: '2026-01-02T03:04:05.000Z',
    wallMs: 1234,
    workers: 4,
    platform: 'linux x64',
  };
}

/** A 3 × 2 classical sweep over Δ and κ_b with one failed point, values from the real solver. */
function classicalSweep(over: Partial<StoredResult> = {}): ExportSource {
  const deltas = [-1, 0, 1];
  const kbs = [0.5, 1.25];
  const keys = ['a_to_c.T', 'c_to_a.T', 'isolation'];
  const data: Record<string, Float64Array> = Object.fromEntries(keys.map((k) => [k, new Float64Array(6)]));
  deltas.forEach((d, i) =>
    kbs.forEach((kb, j) => {
      const r = solvePoint({ model: 'three-cavity', params: { solver: 'classical', Delta: d, kappa_b: kb } });
      for (const k of keys) data[k]![i * 2 + j] = r.scalars[k]!;
    }),
  );
  for (const k of keys) data[k]![3] = NaN; // Δ = 0, κ_b = 1.25 failed
  data['c_to_a.T']![0] = -Infinity; // not physical: checks the spelling of special values
  data['c_to_a.T']![1] = Infinity;
  data.isolation![2] = NaN;
  const study: Study = {
    id: 's1',
    name: 'Map, "quoted", with\nnewline',
    kind: 'sweep',
    model: 'three-cavity',
    params: { solver: 'classical' },
    axes: [
      { key: 'Delta', start: -1, stop: 1, count: 3 },
      { key: 'kappa_b', values: [0.5, 1.25] },
    ],
    notes: 'two lines\nof notes',
  };
  const result: StoredResult = {
    id: 'r1',
    status: 'succeeded',
    shape: [3, 2],
    axes: [],
    arrays: {},
    quantities: getModel('three-cavity').quantities({ solver: 'classical' }),
    failed: [{ index: 3, reason: 'M - ωI is singular' }],
    done: 6,
    total: 6,
    provenance: provenance('three-cavity', { solver: 'classical' }),
    ...over,
  };
  return {
    project: { title: 'Paper\nfigures', file: '/tmp/p.nrlab' },
    study,
    result,
    axes: [
      { key: 'Delta', values: Float64Array.from(deltas) },
      { key: 'kappa_b', values: Float64Array.from(kbs) },
    ],
    data,
  };
}

describe('CSV export', () => {
  it('writes a header row of Python-safe names, the provenance as comments, and one row per grid point (row-major)', () => {
    const src = classicalSweep();
    const text = studyToCsv(src, OPTS);
    const lines = text.trimEnd().split('\n');
    const header = lines.filter((l) => l.startsWith('#')).join('\n');
    // the header row is the first line (np.genfromtxt names=True takes the first line); then only
    // comments until the data: multi-line titles and notes cannot break out
    expect(lines[0]).toBe('Delta,kappa_b,a_to_c_T,c_to_a_T,isolation');
    const firstData = lines.findIndex((l, k) => k > 0 && !l.startsWith('#'));
    expect(lines.slice(1, firstData).every((l) => l.startsWith('#'))).toBe(true);
    expect(lines.length - firstData).toBe(6);
    expect(lines[firstData - 1]).toBe('# keys: ["Delta","kappa_b","a_to_c.T","c_to_a.T","isolation"]');
    for (const want of [
      '# project: Paper',
      '# figures',
      '# project file: /tmp/p.nrlab',
      '# study: Map, "quoted", with',
      '# model: three-cavity — Three-cavity loss-induced nonreciprocity',
      '# status: succeeded (6 of 6 points computed)',
      '#   theta       = -0.7853981633974483 [rad]  θ: Coupling phase',
      '#   Delta_a     = 0.5 [κ]  Δ_a: Detuning of a — swept by axis Delta; this base value is not used',
      '#   kappa_b     = 1 [κ]  κ_b: Loss of b — swept by axis kappa_b; this base value is not used',
      '# solver: classical',
      '# computed by: NR Lab 0.1.0 on 2026-01-02T03:04:05.000Z, wall time 1.234 s, 4 workers, linux x64',
      '# exported by: NR Lab 9.9.9 on 2026-02-03T04:05:06.000Z',
      '#   Delta: 3 points from -1 to 1 (linear spacing)',
      '#   kappa_b: 2 values 0.5, 1.25',
      '#   a_to_c.T: T_{a→c} — Transmission a→c',
      '# failed points: 1',
      '#   row 4 (Delta=0, kappa_b=1.25): M - ωI is singular',
      '# study notes: two lines',
      '# of notes',
    ]) {
      expect(header).toContain(want);
    }
    // every parameter of the provenance is listed
    for (const k of Object.keys(src.result.provenance.params)) expect(header).toMatch(new RegExp(`^#   ${k} +=`, 'm'));
    expect(header).toMatch(/tolerances: exact linear solve/);
  });

  it('reads back bit for bit; failed points are nan, special values spelled inf, -inf, nan', () => {
    const src = classicalSweep();
    const parsed = parseExportCsv(studyToCsv(src));
    expect(parsed.columns).toEqual(['Delta', 'kappa_b', 'a_to_c.T', 'c_to_a.T', 'isolation']);
    expect(parsed.names).toEqual(['Delta', 'kappa_b', 'a_to_c_T', 'c_to_a_T', 'isolation']);
    const rows = parsed.rows;
    // first axis slowest
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      [-1, 0.5],
      [-1, 1.25],
      [0, 0.5],
      [0, 1.25],
      [1, 0.5],
      [1, 1.25],
    ]);
    expect(rows[3]!.slice(2)).toEqual([NaN, NaN, NaN]);
    expect(rows[0]![3]).toBe(-Infinity);
    expect(rows[1]![3]).toBe(Infinity);
    expect(rows[2]![4]).toBeNaN();
    for (const i of [0, 1, 2, 4, 5]) expect(rows[i]![2]).toBe(src.data['a_to_c.T']![i]);
    const text = studyToCsv(src);
    expect(text).toMatch(/^-1,0\.5,[^,]+,-inf,/m);
    expect(text).toMatch(/^0,1\.25,nan,nan,nan$/m);
  });

  it('marks the points a cancelled study never computed', () => {
    const src = classicalSweep({ status: 'cancelled', done: 3, failed: [] });
    for (const k of Object.keys(src.data)) for (const i of [3, 4, 5]) src.data[k]![i] = NaN;
    const table = exportTable(src);
    expect([...table.notComputed]).toEqual([3, 4, 5]);
    const text = studyToCsv(src);
    expect(text).toContain('# status: cancelled (3 of 6 points computed)');
    expect(text).toContain('# points not computed (the study was cancelled; resume it to fill them): 3');
    expect(parseExportCsv(text).rows.slice(3).every((r) => r.slice(2).every((c) => Number.isNaN(c)))).toBe(true);
  });

  it('exports a point study as one row of its scalars, and a failed one with its reason', () => {
    const params = { basis: 'per-mode', fock: 3 };
    const r = solvePoint({ model: 'three-cavity', params });
    const study: Study = { id: 'p', name: 'Point', kind: 'point', model: 'three-cavity', params };
    const ok: ExportSource = {
      project: { title: 'T' },
      study,
      result: { id: 'r', status: 'succeeded', output: { output: r.output, scalars: r.scalars }, provenance: provenance('three-cavity', params) },
      axes: [],
      data: {},
    };
    const parsed = parseExportCsv(studyToCsv(ok));
    expect(parsed.columns).toEqual(getModel('three-cavity').quantities(r.params).map((q) => q.key));
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]![parsed.columns.indexOf('a_to_c.g2')]).toBe(r.scalars['a_to_c.g2']);
    expect(parsed.comments.join('\n')).toMatch(/truncation used: basis = per-mode, fock = 3/);
    const failed: ExportSource = { ...ok, result: { id: 'r', status: 'failed', output: { error: { name: 'ComputationError', code: 'computation', message: 'did not converge' } }, provenance: ok.result.provenance } };
    const text = studyToCsv(failed);
    expect(text).toContain('# status: failed — did not converge');
    expect(text).toContain('#   row 1 (the point): did not converge');
    expect(parseExportCsv(text).rows[0]!.every((c) => Number.isNaN(c))).toBe(true);
  });

  it('exports a simulate study: t, then every trace', () => {
    const t = Float64Array.from([0, 1e-6, 2e-6]);
    const src: ExportSource = {
      project: { title: 'T' },
      study: { id: 'sim', name: 'Pulse', kind: 'simulate', model: 'two-resonator', params: {}, simulate: { port: 1, input: 'gaussian', tEnd: 2e-6, samples: 3 } },
      result: {
        id: 'r',
        status: 'succeeded',
        arrays: {},
        output: { port: 1, waveform: { kind: 'gaussian', t0: 1e-6, tau: 2e-7 }, traces: [{ loss: 'nonlocal', diagnostics: { scheme: 'ck4', steps: 10, hMin: 1e-9, hMax: 1e-9, snaps: 0 } }] },
        provenance: provenance('two-resonator', {}),
      },
      axes: [],
      data: { t, 'nonlocal.input': Float64Array.from([0, 1, 0]), 'nonlocal.s2_out': Float64Array.from([0, 0, 0]) },
    };
    const text = studyToCsv(src);
    const parsed = parseExportCsv(text);
    expect(parsed.columns).toEqual(['t', 'nonlocal.input', 'nonlocal.s2_out']);
    expect(parsed.rows.map((r) => r[0])).toEqual([0, 1e-6, 2e-6]);
    expect(text).toContain('#   nonlocal.s2_out: |s_{2−}| — Output wave at port 2 (nonlocal loss) [√W]');
    expect(text).toContain('# input waveform: kind = gaussian, t0 = 0.000001, tau = 2e-7');
    expect(text).toContain('# integration (nonlocal): low-storage Runge–Kutta ck4, 10 steps');
  });

  it('formats numbers in the shortest round-trip form and quotes only what needs it', () => {
    expect([0.1, -0, 1e21, 1.5e-7, 123, Infinity, -Infinity, NaN].map(formatNumber)).toEqual(['0.1', '0', '1e+21', '1.5e-7', '123', 'inf', '-inf', 'nan']);
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField('a.T')).toBe('a.T');
    expect(commentLines('one\r\ntwo\n\nthree')).toEqual(['# one', '# two', '#', '# three']);
  });

  it('reads back quoted column names (a network cross-correlation "a->c,d.g2") as csvField writes them', () => {
    const names = ['Delta', 'a->c,d.g2', 'say "x", twice', 'a<->c.ratio'];
    expect(csvCells(names.map(csvField).join(','))).toEqual(names);
    const parsed = parseExportCsv(`# c\n${names.map(csvField).join(',')}\n1,2,3,nan\n`);
    expect(parsed.columns).toEqual(names);
    expect(parsed.rows).toEqual([[1, 2, 3, NaN]]);
  });
});

describe('JSON export', () => {
  it('holds project, study, provenance, axes, shape, quantities, data (null where failed) and failed', () => {
    const src = classicalSweep();
    const doc = JSON.parse(studyToJson(src, OPTS));
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['project', 'study', 'provenance', 'axes', 'shape', 'quantities', 'data', 'failed']));
    expect(doc.project).toEqual({ title: 'Paper\nfigures', file: '/tmp/p.nrlab' });
    expect(doc.study).toMatchObject({ id: 's1', kind: 'sweep', model: 'three-cavity', status: 'succeeded', done: 6, total: 6 });
    expect(doc.study.result).toBeUndefined();
    expect(doc.provenance).toEqual(src.result.provenance);
    expect(doc.axes).toEqual({ Delta: [-1, 0, 1], kappa_b: [0.5, 1.25] });
    expect(doc.shape).toEqual([3, 2]);
    expect(doc.quantities.map((q: { key: string }) => q.key)).toEqual(['a_to_c.T', 'c_to_a.T', 'isolation']);
    expect(doc.quantities[0]).toEqual({ key: 'a_to_c.T', symbol: 'T_{a→c}', label: 'Transmission a→c', unit: '' });
    expect(doc.data['a_to_c.T']).toHaveLength(6);
    expect(doc.data['a_to_c.T'][3]).toBeNull();
    expect(doc.data['a_to_c.T'][0]).toBe(src.data['a_to_c.T']![0]);
    expect(doc.failed).toEqual([{ index: 3, reason: 'M - ωI is singular' }]);
    // non-finite values of computed points are null too, and listed so nothing is lost
    expect(doc.data['c_to_a.T'].slice(0, 2)).toEqual([null, null]);
    expect(doc.nonFinite).toEqual({ 'c_to_a.T': { '-Infinity': [0], Infinity: [1] }, isolation: { NaN: [2] } });
    expect(doc.exported).toEqual({ by: { name: 'NR Lab', version: '9.9.9' }, at: '2026-02-03T04:05:06.000Z' });
    expect(doc.solver[0]).toBe('solver: classical');
  });

  it('keeps a point study\'s full output, and a simulate study\'s traces over t with its settings', () => {
    const params = { solver: 'classical' };
    const r = solvePoint({ model: 'three-cavity', params });
    const point = studyToJsonDocument({
      project: { title: 'T' },
      study: { id: 'p', name: 'P', kind: 'point', model: 'three-cavity', params },
      result: { id: 'r', status: 'succeeded', output: { output: r.output, scalars: r.scalars }, provenance: provenance('three-cavity', params) },
      axes: [],
      data: {},
    });
    expect(point.axes).toEqual({});
    expect(point.shape).toEqual([]);
    expect(point.data).toEqual({ 'a_to_c.T': [r.scalars['a_to_c.T']], 'c_to_a.T': [r.scalars['c_to_a.T']], isolation: [r.scalars.isolation] });
    expect(point.output).toEqual({ output: r.output, scalars: r.scalars });

    const sim = studyToJsonDocument({
      project: { title: 'T' },
      study: { id: 's', name: 'S', kind: 'simulate', model: 'two-resonator', params: {}, simulate: { port: 2, input: 'rect', tEnd: 1e-6 } },
      result: { id: 'r', status: 'succeeded', arrays: {}, output: { port: 2, waveform: { kind: 'rect' }, traces: [] }, provenance: provenance('two-resonator', {}) },
      axes: [],
      data: { t: Float64Array.from([0, 1e-6]), 'ideal.s1_out': Float64Array.from([0, 0.5]) },
    });
    expect(sim.axes).toEqual({ t: [0, 1e-6] });
    expect(sim.shape).toEqual([2]);
    expect(sim.data).toEqual({ 'ideal.s1_out': [0, 0.5] });
    expect(sim.settings).toEqual({ port: 2, input: 'rect', tEnd: 1e-6 });
    expect((sim.quantities as { unit: string }[])[0]!.unit).toBe('√W');
  });
});
