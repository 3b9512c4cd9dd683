/**
 * The 'optimize' study kind in the document: its settings are checked as a project file is
 * (objective from the model's catalogue, 1–4 distinct numeric varied parameters, lo < hi within
 * the parameter's range, evaluation limit), each problem naming its field; stored results are
 * checked (array keys and lengths); the fingerprint covers exactly the inputs of a search.
 */
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src-core/errors';
import { addStudy } from '../../../src-core/project/authoring';
import { fingerprintOf, studyFingerprint, studyInputs } from '../../../src-core/project/fingerprint';
import { historyArrays } from '../../../src-core/project/optimize-study';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type OptimizeSettings, type ProjectDocument, type Study } from '../../../src-core/project/types';
import { validateProject } from '../../../src-core/project/validate';

function empty(): ProjectDocument {
  const now = '2026-12-07T00:00:00.000Z';
  return { format: PROJECT_FORMAT, schemaVersion: PROJECT_SCHEMA_VERSION, title: 'T', created: now, modified: now, app: { name: 'NR Lab', version: 'test' }, parameterSets: [], studies: [], figures: [] };
}

const ok: OptimizeSettings = { objective: { quantity: 'c_to_a.T', goal: 'minimize' }, vary: [{ key: 'theta', lo: -1, hi: 0 }] };

function problem(settings: unknown, params: Record<string, number | string> = { solver: 'classical' }): string {
  try {
    addStudy(empty(), { kind: 'optimize', model: 'three-cavity', params, optimize: settings as OptimizeSettings });
  } catch (e) {
    if (e instanceof ParameterError) return `${e.param}: ${e.reason}`;
    throw e;
  }
  throw new Error('expected a ParameterError');
}

describe('optimize study settings', () => {
  it('accepts a valid study (named "Optimum" by default) and refuses each bad setting naming its field', () => {
    const r = addStudy(empty(), { kind: 'optimize', model: 'three-cavity', params: { solver: 'classical' }, optimize: ok });
    const s = r.doc.studies[0]!;
    expect(s).toMatchObject({ name: 'Optimum', kind: 'optimize', optimize: ok });
    expect(problem({ ...ok, objective: { quantity: 'a_to_c.g2', goal: 'minimize' } })).toMatch(/optimize\.objective\.quantity: "a_to_c\.g2" is not a quantity of three-cavity here; it has a_to_c\.T, c_to_a\.T, isolation/);
    expect(problem({ ...ok, objective: { quantity: 'c_to_a.T', goal: 'best' } })).toMatch(/optimize\.objective\.goal: must be one of "maximize", "minimize"/);
    expect(problem({ ...ok, vary: [] })).toMatch(/optimize\.vary: must NOT have fewer than 1 items/);
    const five = ['theta', 'J_ac', 'J_ab', 'J_bc', 'kappa_b'].map((key) => ({ key, lo: 0, hi: 1 }));
    expect(problem({ ...ok, vary: five })).toMatch(/optimize\.vary: must NOT have more than 4 items/);
    expect(problem({ ...ok, vary: [{ key: 'nope', lo: 0, hi: 1 }] })).toMatch(/optimize\.vary\[0\]\.key: "nope" is not a parameter of three-cavity/);
    expect(problem({ ...ok, vary: [{ key: 'solver', lo: 0, hi: 1 }] })).toMatch(/optimize\.vary\[0\]\.key: "solver" is not a numeric parameter/);
    expect(problem({ ...ok, vary: [{ key: 'theta', lo: 0, hi: 0 }] })).toMatch(/optimize\.vary\[0\]\.hi: must be greater than lo \(0\), got 0/);
    expect(problem({ ...ok, vary: [{ key: 'kappa_b', lo: -1, hi: 1 }] })).toMatch(/optimize\.vary\[0\]\.lo: -1 is outside the range of kappa_b: must be ≥ 0/);
    expect(problem({ ...ok, vary: [{ key: 'Delta', lo: 0, hi: 1 }, { key: 'Delta_b', lo: 0, hi: 1 }] })).toMatch(/optimize\.vary\[1\]\.key: "Delta_b" sets Delta_b, which "Delta" already varies/);
    expect(problem({ ...ok, maxEvaluations: 5 })).toMatch(/optimize\.maxEvaluations: must be >= 10/);
    expect(problem({ ...ok, maxEvaluations: 2.5 })).toMatch(/optimize\.maxEvaluations: must be integer/);
    expect(problem(undefined)).toMatch(/^optimize: an optimize study needs an objective/);
  });

  it('a study of another kind has no optimize settings; an optimize study no axes', () => {
    const doc = addStudy(empty(), { kind: 'optimize', model: 'three-cavity', params: {}, optimize: ok }).doc;
    const point = structuredClone(doc);
    point.studies[0]!.kind = 'point';
    expect(() => validateProject(point)).toThrow(/studies\[0\] "Optimum"\.optimize: a point study has no optimize settings/);
    const withAxes = structuredClone(doc);
    withAxes.studies[0]!.axes = [{ key: 'Delta', start: 0, stop: 1, count: 3 }];
    expect(() => validateProject(withAxes)).toThrow(/\.axes: an optimize study has no axes/);
    const none = structuredClone(doc);
    delete none.studies[0]!.optimize;
    expect(() => validateProject(none)).toThrow(/\.optimize: is required for an optimize study/);
  });
});

describe('optimize study fingerprint and stored result', () => {
  const base = (): { doc: ProjectDocument; study: Study } => {
    const doc = addStudy(empty(), { kind: 'optimize', model: 'three-cavity', params: { solver: 'classical' }, optimize: ok }).doc;
    return { doc, study: doc.studies[0]! };
  };

  it('covers objective, bounds, limit and the other parameters, not the unused base value of a varied one', () => {
    const { doc, study } = base();
    const f0 = studyFingerprint(doc, study)!;
    expect(f0).toMatch(/^h1:/);
    const change = (edit: (s: Study) => void): string | undefined => {
      const d = structuredClone(doc);
      edit(d.studies[0]!);
      return studyFingerprint(d, d.studies[0]!);
    };
    expect(change((s) => (s.params.theta = 0.3))).toBe(f0);
    expect(change((s) => (s.params.kappa_b = 2))).not.toBe(f0);
    expect(change((s) => (s.optimize!.vary[0]!.lo = -0.9))).not.toBe(f0);
    expect(change((s) => (s.optimize!.objective.goal = 'maximize'))).not.toBe(f0);
    expect(change((s) => (s.optimize!.maxEvaluations = 499))).not.toBe(f0);
    // the default limit is part of the inputs: writing it out changes nothing
    expect(change((s) => (s.optimize!.maxEvaluations = 500))).toBe(f0);
    expect(studyInputs(doc, study).optimize).toEqual({ objective: ok.objective, vary: ok.vary, maxEvaluations: 500 });
    expect(fingerprintOf(studyInputs(doc, study))).toBe(f0);
  });

  it('history arrays: best is the running extremum in the objective’s sense', () => {
    const h = [
      { x: [0.1], value: 3 },
      { x: [0.2], value: 1 },
      { x: [0.3], value: 2 },
      { x: [0.4], value: 0.5 },
    ];
    const min = historyArrays(h, ok);
    expect(Array.from(min.best!)).toEqual([3, 1, 1, 0.5]);
    expect(Array.from(min.evaluation!)).toEqual([1, 2, 3, 4]);
    expect(Array.from(min['param.theta']!)).toEqual([0.1, 0.2, 0.3, 0.4]);
    const max = historyArrays(h, { ...ok, objective: { quantity: 'c_to_a.T', goal: 'maximize' } });
    expect(Array.from(max.best!)).toEqual([3, 3, 3, 3]);
  });

  it('a stored result with a foreign array key, arrays of unequal length or a grid is refused, naming the field', () => {
    const { doc } = base();
    const ref = (n: number, name: string) => ({ entry: `results/r-1/${name}.f64`, length: n, encoding: 'f64le' as const, crc32: 0 });
    const withResult = (arrays: Record<string, ReturnType<typeof ref>>, extra: Record<string, unknown> = {}): ProjectDocument => {
      const d = structuredClone(doc);
      d.studies[0]!.result = {
        id: 'r-1',
        status: 'succeeded',
        arrays,
        output: { objective: ok.objective, value: 0, optimum: { theta: -0.5 }, bestParams: { theta: -0.5 }, evaluations: 3, restarts: 0, converged: true },
        provenance: { model: 'three-cavity', params: {}, solver: 'classical', app: { name: 'NR Lab', version: 'test' }, date: '2026-12-07T00:00:00Z', wallMs: 1 },
        ...extra,
      };
      return d;
    };
    const good = { evaluation: ref(3, 'a'), value: ref(3, 'b'), best: ref(3, 'c'), 'param.theta': ref(3, 'd') };
    expect(() => validateProject(withResult(good))).not.toThrow();
    // a varied parameter edited since the run: the old history still reads (the result is stale, not damaged)
    expect(() => validateProject(withResult({ ...good, 'param.J_ac': ref(3, 'e') }))).not.toThrow();
    expect(() => validateProject(withResult({ ...good, 'param.solver': ref(3, 'e') }))).toThrow(/result\.arrays: "param\.solver" is not an array of an optimize result/);
    expect(() => validateProject(withResult({ ...good, isolation: ref(3, 'e') }))).toThrow(/result\.arrays: "isolation" is not an array of an optimize result/);
    expect(() => validateProject(withResult({ ...good, best: ref(2, 'c') }))).toThrow(/result\.arrays\.best\.length: is 2, but the history has 3 evaluations/);
    expect(() => validateProject(withResult({ value: ref(3, 'b') }))).toThrow(/result\.arrays: an optimize result needs its "evaluation" array/);
    expect(() => validateProject(withResult(good, { shape: [3] }))).toThrow(/result\.shape: an optimize result has no grid/);
  });
});
