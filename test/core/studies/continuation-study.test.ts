/**
 * Continuation studies: the stored layout of a run (flat branch arrays with their branch index and
 * stability agreeing with the model's own branches and segments, the sweep arrays), the checks of
 * settings and stored results naming the field, and the S-curve panel drawn from the stored data
 * (stable solid / unstable dashed with no point in the wrong style, a gap between branches, the
 * folds and the sweeps).
 */
import { describe, expect, it } from 'vitest';
import { branchSpec, defaultBranchQuantity } from '../../../src-core/figures/branch-panel';
import { getModel, resolveModelParams } from '../../../src-core/models/registry';
import { canonicalTcmtSpec, TCMT_PRESETS } from '../../../src-core/models/tcmt-network';
import { continuationProblems, continuationResultProblems } from '../../../src-core/project/continuation-study';
import type { StoredResult } from '../../../src-core/project/types';
import { runContinuationStudy } from '../../../src-core/studies/continuation';
import type { StudyData } from '../../../src-core/figures/study-data';

const spec = (id: string): string => canonicalTcmtSpec(TCMT_PRESETS.find((p) => p.id === id)!.spec);
const model = getModel('tcmt-network');

describe('runContinuationStudy', () => {
  const params = { spec: spec('kerr-bistable') };
  const r = runContinuationStudy('tcmt-network', params, { vary: 'omega', from: -2, to: 6, sweepSteps: 21 });
  const direct = model.continuation!.run(resolveModelParams(model, params), { vary: 'omega', lo: -2, hi: 6, port: 1 });

  it('stores every branch point once, in the model’s order, with its branch and stability', () => {
    const n = direct.branches.reduce((t, b) => t + b.p.length, 0);
    expect(r.arrays.omega).toHaveLength(n);
    let at = 0;
    direct.branches.forEach((b, k) => {
      expect(Array.from(r.arrays.omega!.subarray(at, at + b.p.length))).toEqual(Array.from(b.p));
      expect(Array.from(r.arrays.branch!.subarray(at, at + b.p.length)).every((v) => v === k)).toBe(true);
      expect(Array.from(r.arrays.stable!.subarray(at, at + b.p.length))).toEqual(b.stable.map((s) => (s ? 1 : 0)));
      expect(Array.from(r.arrays['a.r1.abs']!.subarray(at, at + b.p.length))).toEqual(Array.from(b.values['a.r1.abs']!));
      expect(r.output.branches[k]).toMatchObject({ start: at, length: b.p.length, ends: b.ends });
      at += b.p.length;
    });
    expect(r.output.branches.flatMap((b) => b.folds)).toHaveLength(2);
  });

  it('stores both sweeps with the fields, and lists every array in the catalogue', () => {
    for (const dir of ['up', 'down']) {
      expect(r.arrays[`${dir}.omega`]).toHaveLength(21);
      expect(r.arrays[`${dir}.a.r1.abs`]).toHaveLength(21);
      expect(Array.from(r.arrays[`${dir}.settled`]!).every((v) => v === 1)).toBe(true);
    }
    expect(r.output.sweep).toEqual({ steps: 21, unsettled: 0 });
    expect(new Set(r.quantities.map((q) => q.key))).toEqual(new Set(Object.keys(r.arrays)));
  });

  it('sweepSteps 0 runs no sweep', () => {
    const n = runContinuationStudy('tcmt-network', params, { vary: 'amplitude', from: 0.5, to: 3, sweepSteps: 0 });
    expect(Object.keys(n.arrays).some((k) => k.startsWith('up.'))).toBe(false);
    expect(n.output.sweep).toBeUndefined();
  });

  it('a stored result of it passes the layout check; a torn one is named', () => {
    const ref = (length: number) => ({ entry: 'x', length, encoding: 'f64le' as const, crc32: 0 });
    const stored = { id: 'r', status: 'succeeded', arrays: Object.fromEntries(Object.entries(r.arrays).map(([k, v]) => [k, ref(v.length)])), output: r.output, provenance: {} } as unknown as StoredResult;
    expect(continuationResultProblems(stored, { vary: 'omega', from: -2, to: 6 })).toEqual([]);
    const torn = structuredClone(stored);
    torn.arrays!['a.r1.abs'] = ref(3);
    torn.arrays!['up.S11.abs'] = ref(5);
    const problems = continuationResultProblems(torn, { vary: 'omega', from: -2, to: 6 });
    expect(problems.map((p) => p.path)).toEqual(['.arrays.a.r1.abs.length', '.arrays.up.S11.abs.length']);
    const outside = structuredClone(stored);
    (outside.output as { branches: { start: number }[] }).branches[0]!.start = 10_000;
    expect(continuationResultProblems(outside, undefined)[0]?.path).toBe('.output.branches[0]');
    // hostile folds (drawn by the S-curve panel) are refused naming them
    const folds = structuredClone(stored);
    (folds.output as { branches: { folds: unknown }[] }).branches[0]!.folds = 'x';
    expect(continuationResultProblems(folds, undefined)[0]?.path).toBe('.output.branches[0].folds');
    (folds.output as { branches: { folds: unknown }[] }).branches[0]!.folds = [{ p: 1, values: { 'a.r1.abs': 'oops' } }];
    expect(continuationResultProblems(folds, undefined)[0]?.path).toBe('.output.branches[0].folds[0]');
  });
});

describe('continuationProblems', () => {
  const paths = (s: unknown, m = model): string[] => continuationProblems(m, s).map((p) => `${p.path}: ${p.reason}`);
  it('accepts good settings', () => {
    expect(paths({ vary: 'omega', from: -2, to: 6, port: 1, sweepSteps: 81, maxPoints: 500 })).toEqual([]);
  });
  it('names each bad field and why', () => {
    expect(paths(undefined)[0]).toMatch(/^\.continuation: is required/);
    expect(paths({ vary: 'chi', from: 0, to: 1 })[0]).toMatch(/^\.continuation\.vary: must be one of omega, amplitude/);
    expect(paths({ vary: 'omega', from: 2, to: 1 })[0]).toMatch(/^\.continuation\.to: must be greater than from/);
    expect(paths({ vary: 'omega', from: 'x', to: 1 })[0]).toMatch(/^\.continuation\.from: must be a finite number/);
    expect(paths({ vary: 'omega', from: 0, to: 1, sweepSteps: 1 })[0]).toMatch(/^\.continuation\.sweepSteps/);
    expect(paths({ vary: 'omega', from: 0, to: 1, port: 0 })[0]).toMatch(/^\.continuation\.port: must be a whole number from 1/);
    expect(paths({ vary: 'omega', from: 0, to: 1, bogus: 1 })[0]).toMatch(/^\.continuation\.bogus: unknown setting/);
  });
  it('a model without a continuation is refused at the kind', () => {
    expect(paths({ vary: 'omega', from: 0, to: 1 }, getModel('three-cavity'))[0]).toMatch(/^\.kind: the three-cavity model has no continuation/);
  });
});

describe('the branches panel', () => {
  const r = runContinuationStudy('tcmt-network', { spec: spec('kerr-bistable') }, { vary: 'omega', from: -2, to: 6, sweepSteps: 11 });
  const data: StudyData = {
    studyId: 's',
    source: 'stored',
    key: 'r',
    status: 'succeeded',
    axes: [],
    shape: [],
    data: r.arrays,
    quantities: r.quantities,
    state: new Uint8Array(0),
    finished: 1,
    failures: new Map(),
    output: r.output,
    revision: 0,
  };
  const spec0 = branchSpec({ study: 's', kind: 'branches', series: [{ quantity: 'a.r1.abs' }] }, () => data);
  const byId = (id: string) => spec0.series.find((s) => s.id === id)!;

  it('draws stable points solid and unstable ones dashed, sharing only the points where stability changes', () => {
    const st = byId('0.stable');
    const un = byId('0.unstable');
    expect(st.dash).toBe('solid');
    expect(un.dash).toBe('dash');
    const stable = r.arrays.stable!;
    const y = r.arrays['a.r1.abs']!;
    // one branch here: the drawn arrays are the stored ones (no gap)
    expect(st.y).toHaveLength(y.length);
    let shared = 0;
    for (let i = 0; i < y.length; i++) {
      const edge = (i > 0 && stable[i - 1] !== stable[i]) || (i < y.length - 1 && stable[i + 1] !== stable[i]);
      if (stable[i] === 1) expect(st.y[i]).toBe(y[i]);
      else expect(un.y[i]).toBe(y[i]);
      if (!edge) expect(stable[i] === 1 ? un.y[i] : st.y[i]).toBeNaN();
      if (st.y[i] === st.y[i] && un.y[i] === un.y[i]) shared++;
    }
    // two changes of stability (at the folds), each drawn with its two neighbouring points
    expect(shared).toBe(4);
  });

  it('marks the folds and both sweeps, markers only', () => {
    expect(byId('0.folds').x).toHaveLength(2);
    expect(byId('0.folds').lineless).toBe(true);
    expect(byId('0.up').y).toEqual(r.arrays['up.a.r1.abs']);
    expect(byId('0.down').symbol).toBe('triangle-down');
    expect(spec0.yLabel).toBe('|a_{r1}| (√J)');
    expect(spec0.xLabel).toMatch(/^ω/);
  });

  it('keeps branches apart with a gap, and picks a transmission by default', () => {
    const two = runContinuationStudy('tcmt-network', { spec: spec('seed003-nonlocal') }, { vary: 'amplitude', from: 0.2, to: 2, sweepSteps: 0 });
    const d2 = { ...data, data: two.arrays, quantities: two.quantities, output: two.output };
    expect(defaultBranchQuantity(d2)).toBe('S21.abs');
    const s2 = branchSpec({ study: 's', kind: 'branches' }, () => d2);
    const gaps = Array.from(s2.series[0]!.x).filter((v) => Number.isNaN(v)).length;
    expect(gaps).toBe(two.output.branches.length - 1);
  });
});
