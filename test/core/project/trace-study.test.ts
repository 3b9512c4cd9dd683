/**
 * Correlation, spectrum and pulse studies in a project, through the registry only: a study of a
 * kind its model lacks is refused naming `kind`; settings are checked naming the field; a stored
 * result must have the run's axis array and `<trace>.<field>` arrays of the traces the model has at
 * the study's parameters, all as long; a result is fresh only for the same model, resolved
 * parameters and settings; authoring adds and duplicates such studies. A toy model with closed-form
 * dynamics (test/helpers/test-dynamics-model.ts) stands in for the quantum solvers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src-core/errors';
import { getModel, registerModel, unregisterModel } from '../../../src-core/models/registry';
import { addStudy, duplicateItem } from '../../../src-core/project/authoring';
import { fingerprintOf, resultFreshness, studyFingerprint, studyInputs } from '../../../src-core/project/fingerprint';
import { isDynamicsKind, isTraceKind, traceKindProblem, traceNamesAt, traceQuantities, traceSettingsOf, traceStudyProblems } from '../../../src-core/project/trace-study';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument, type StoredResult, type Study } from '../../../src-core/project/types';
import { ProjectFileError, validateProject } from '../../../src-core/project/validate';
import { TEST_DYNAMICS_ID, testDynamicsModel } from '../../helpers/test-dynamics-model';

beforeAll(() => registerModel(testDynamicsModel));
afterAll(() => unregisterModel(TEST_DYNAMICS_ID));

function doc(studies: Study[]): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 't',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [],
    studies,
    figures: [],
  };
}

const corr = (extra: Partial<Study> = {}): Study => ({ id: 'c', name: 'Corr', kind: 'correlation', model: TEST_DYNAMICS_ID, params: {}, correlation: { from: 0, to: 5, samples: 11 }, ...extra });

/** The problems validateProject reports, as "path: reason" lines (none: []). */
function problems(d: ProjectDocument): string[] {
  try {
    validateProject(d);
    return [];
  } catch (e) {
    if (!(e instanceof ProjectFileError)) throw e;
    return e.problems;
  }
}

const ref = (length: number, n = 0): { entry: string; length: number; encoding: 'f64le'; crc32: number } => ({ entry: `results/r/${n}.f64`, length, encoding: 'f64le', crc32: 0 });
const result = (arrays: Record<string, number>, extra: Partial<StoredResult> = {}): StoredResult => ({
  id: 'r',
  status: 'succeeded',
  arrays: Object.fromEntries(Object.entries(arrays).map(([k, n], i) => [k, ref(n, i)])),
  provenance: { model: TEST_DYNAMICS_ID, params: {}, solver: 'x', app: { name: 'NR Lab', version: 't' }, date: '2026-01-01T00:00:00Z', wallMs: 1 },
  ...extra,
});

describe('trace kinds through the registry', () => {
  it('knows the trace kinds and which models have them', () => {
    expect(['simulate', 'correlation', 'spectrum', 'pulse'].every(isTraceKind)).toBe(true);
    expect(isTraceKind('sweep') || isTraceKind('point') || isTraceKind('optimize')).toBe(false);
    expect(isDynamicsKind('simulate')).toBe(false);
    expect(traceKindProblem(testDynamicsModel, 'correlation')).toBeUndefined();
    const why = traceKindProblem(getModel('two-resonator'), 'pulse');
    expect(why).toMatch(/the two-resonator model has no pulse runs/);
    expect(why).toContain(TEST_DYNAMICS_ID);
    expect(traceKindProblem(testDynamicsModel, 'simulate')).toMatch(/no time-domain runs.*models with them: two-resonator/);
  });

  it('takes trace names from the run at the study’s parameters (tracesFor), else traceNames', () => {
    const run = testDynamicsModel.dynamics!.correlation!;
    expect(traceNamesAt(testDynamicsModel, run, {})).toEqual(['a->b', 'b->a', 'a->b,c']);
    expect(traceNamesAt(testDynamicsModel, run, { kappa_0: 0 })).toEqual(['a->b', 'b->a']);
    // parameters that do not resolve: the run's default names
    expect(traceNamesAt(testDynamicsModel, run, { kappa_0: -5 })).toEqual(['a->b', 'b->a']);
    const q = traceQuantities(run, ['a->b', 'b->a']);
    expect(q.map((x) => x.key)).toEqual(['tau', 'a->b.g2', 'b->a.g2']);
    expect(q[0]).toMatchObject({ symbol: 'τ', unit: '1/κ' });
    expect(q[1]).toMatchObject({ symbol: 'g^{(2)}(τ)', label: 'Intensity correlation (a->b)', unit: '' });
    expect(traceSettingsOf(corr())).toEqual({ from: 0, to: 5, samples: 11 });
    expect(traceSettingsOf({ ...corr(), kind: 'point' })).toBeUndefined();
  });
});

describe('checks of a correlation, spectrum or pulse study', () => {
  it('accepts each kind with settings and without (the run’s defaults)', () => {
    expect(problems(doc([corr()]))).toEqual([]);
    expect(
      problems(
        doc([
          { id: 'a', name: 'A', kind: 'correlation', model: TEST_DYNAMICS_ID, params: {} },
          { id: 'b', name: 'B', kind: 'spectrum', model: TEST_DYNAMICS_ID, params: {}, spectrum: { values: [-1, 0, 1], traces: ['b->a'] } },
          { id: 'p', name: 'P', kind: 'pulse', model: TEST_DYNAMICS_ID, params: {}, pulse: { shape: 'rect', amplitude: 0.2, t0: 1, width: 2, tEnd: 10, samples: 101, initial: 'vacuum', traces: ['a->b'] } },
          corr({ id: 'x', name: 'X', correlation: { values: [0, 1], traces: ['a->b,c'] } }),
        ]),
      ),
    ).toEqual([]);
  });

  it('refuses a kind the model lacks, naming kind and the models that have it', () => {
    const p = problems(doc([{ id: 's', name: 'S', kind: 'spectrum', model: 'two-resonator', params: {} }]));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^studies\[0\] "S"\.kind: the two-resonator model has no spectrum runs, so no spectrum study; models with them: .*test-dynamics/);
    expect(() => addStudy(doc([]), { kind: 'pulse', model: 'two-resonator' })).toThrow(/kind: the two-resonator model has no pulse runs/);
  });

  it('refuses bad settings naming the field', () => {
    const cases: [Partial<Study>, RegExp][] = [
      [{ correlation: { values: [0, 1], samples: 5 } }, /^studies\[0\] "Corr"\.correlation\.values: give either values or from\/to\/samples, not both \(samples given too\)/],
      [{ correlation: { from: -1, to: 5 } }, /\.correlation\.from: the delay τ must be ≥ 0, got -1/],
      [{ correlation: { values: [0, 2, -0.5] } }, /\.correlation\.values\[2\]: the delay τ must be ≥ 0, got -0.5/],
      [{ correlation: { from: 3, to: 2 } }, /\.correlation\.to: must be greater than from \(3\), got 2/],
      [{ correlation: { traces: ['a->b', 'c->d'] } }, /\.correlation\.traces\[1\]: "c->d" is not a correlation trace of test-dynamics here; it has a->b, b->a, a->b,c/],
      // the cross trace exists only with κ_0 > 0 (the names depend on the parameters)
      [{ params: { kappa_0: 0 }, correlation: { traces: ['a->b,c'] } }, /\.correlation\.traces\[0\]: "a->b,c" is not a correlation trace of test-dynamics here; it has a->b, b->a$/],
      [{ kind: 'spectrum', correlation: undefined, spectrum: { from: 1, to: 1 } } as Partial<Study>, /\.spectrum\.to: must be greater than from \(1\), got 1/],
      [{ kind: 'pulse', correlation: undefined, pulse: { t0: 12, tEnd: 10 } } as Partial<Study>, /\.pulse\.t0: the pulse starts at t0 = 12, at or after the run's end tEnd = 10/],
      [{ kind: 'spectrum', spectrum: {} } as Partial<Study>, /\.correlation: a spectrum study has no correlation settings/],
    ];
    for (const [extra, why] of cases) {
      const p = problems(doc([corr(extra)]));
      expect(p.some((x) => why.test(x)), `${JSON.stringify(extra)} → ${p.join(' | ')}`).toBe(true);
    }
    // the schema's own bounds name the field too
    const p = problems(doc([corr({ kind: 'pulse', correlation: undefined, pulse: { width: 0 } } as Partial<Study>)]));
    expect(p.join('\n')).toMatch(/studies\[0\] "Corr"\.pulse\.width: must be > 0/);
    const q = problems(doc([corr({ correlation: { samples: 0 } })]));
    expect(q.join('\n')).toMatch(/studies\[0\] "Corr"\.correlation\.samples: must be >= 1/);
  });

  it('traceStudyProblems checks what the schema cannot see (e.g. settings built by the CLI)', () => {
    expect(traceStudyProblems(testDynamicsModel, 'pulse', {}, { width: -1, samples: 1, amplitude: Number.NaN, initial: 'thermal' }).map((p) => p.path)).toEqual([
      '.pulse.amplitude',
      '.pulse.width',
      '.pulse.samples',
      '.pulse.initial',
    ]);
    expect(traceStudyProblems(testDynamicsModel, 'correlation', {}, { samples: 2.5, values: [] }).map((p) => p.path)).toEqual(['.correlation.values', '.correlation.samples', '.correlation.values']);
    expect(traceStudyProblems(testDynamicsModel, 'correlation', {}, { traces: ['a->b', 'a->b'] })).toEqual([{ path: '.correlation.traces[1]', reason: '"a->b" is listed twice' }]);
    expect(traceStudyProblems(testDynamicsModel, 'spectrum', {}, undefined)).toEqual([]);
    expect(traceStudyProblems(getModel('three-cavity'), 'simulate', {}, {})[0]).toMatchObject({ path: '.kind' });
  });

  it('checks a stored result: axis array present, keys of the model’s traces and fields, lengths equal, no grid', () => {
    const ok = corr({ result: result({ tau: 11, 'a->b.g2': 11, 'b->a.g2': 11, 'a->b,c.g2': 11 }) });
    expect(problems(doc([ok]))).toEqual([]);
    const bad: [Partial<StoredResult>, Record<string, number>, RegExp][] = [
      [{}, { 'a->b.g2': 11 }, /\.result\.arrays: a correlation result needs its delay array "tau"/],
      [{}, { t: 11, 'a->b.g2': 11 }, /\.result\.arrays: "t" is not a trace of a test-dynamics correlation run \(tau, or <trace>\.g2\)/],
      [{}, { tau: 11, 'a->b.S': 11 }, /"a->b\.S" is not a trace of a test-dynamics correlation run/],
      [{}, { tau: 11, 'c->d.g2': 11 }, /"c->d\.g2" is not a trace/],
      [{}, { tau: 11, 'a->b.g2': 10 }, /\.result\.arrays\.a->b\.g2\.length: is 10, but tau has 11 samples/],
      [{ shape: [11] }, { tau: 11 }, /\.result\.shape: a correlation result has no grid/],
      [{}, { tau: 11, __proto__x: 11 }, /not a trace/],
    ];
    for (const [extra, arrays, why] of bad) {
      const p = problems(doc([corr({ result: result(arrays, extra) })]));
      expect(p.some((x) => why.test(x)), `${JSON.stringify(arrays)} → ${p.join(' | ')}`).toBe(true);
    }
    // a spectrum's axis is omega, a pulse's t with its four fields
    expect(problems(doc([corr({ kind: 'spectrum', correlation: undefined, result: result({ omega: 5, 'a->b.S': 5 }) } as Partial<Study>)]))).toEqual([]);
    expect(problems(doc([corr({ kind: 'pulse', correlation: undefined, result: result({ t: 3, 'a->b.drive': 3, 'a->b.flux': 3, 'a->b.n': 3, 'a->b.g2': 3 }) } as Partial<Study>)]))).toEqual([]);
    expect(problems(doc([corr({ kind: 'spectrum', correlation: undefined, result: result({ tau: 5, 'a->b.S': 5 }) } as Partial<Study>)])).join('\n')).toMatch(/needs its frequency array "omega"|"tau" is not a trace/);
    // quantities listed must match the arrays
    const listed = corr({ result: result({ tau: 11, 'a->b.g2': 11 }, { quantities: [{ key: 'tau', symbol: 'τ', label: 'Delay', unit: '1/κ' }] }) });
    expect(problems(doc([listed])).join('\n')).toMatch(/\.result\.arrays\.a->b\.g2: is not listed in the result's quantities/);
  });
});

describe('fingerprints of trace studies', () => {
  it('cover the model, the resolved parameters and the study’s settings object', () => {
    const d = doc([corr()]);
    const inputs = studyInputs(d, d.studies[0]!);
    expect(inputs).toMatchObject({ kind: 'correlation', model: TEST_DYNAMICS_ID, correlation: { from: 0, to: 5, samples: 11 } });
    expect(inputs.params).toMatchObject({ kappa_0: 0.5, kappa_1: 1, kappa_2: 1, Delta: 0 });
    const f = studyFingerprint(d, d.studies[0]!)!;
    expect(f).toBe(fingerprintOf(inputs));
    // the same inputs written differently: same fingerprint (defaults resolved, key order)
    expect(studyFingerprint(doc([corr({ params: { kappa_0: 0.5 }, correlation: { samples: 11, to: 5, from: 0 } })]), corr())).toBe(f);
    // any change of settings, parameters or kind: another fingerprint
    const others = [
      corr({ correlation: { from: 0, to: 5, samples: 12 } }),
      corr({ correlation: { from: 0, to: 5, samples: 11, traces: ['a->b'] } }),
      corr({ params: { Delta: 0.1 } }),
      corr({ kind: 'spectrum', correlation: undefined, spectrum: { from: 0, to: 5, samples: 11 } } as Partial<Study>),
      corr({ correlation: undefined }),
    ];
    for (const s of others) expect(studyFingerprint(doc([s]), s), JSON.stringify(s)).not.toBe(f);
    // a stored result is fresh for its inputs and stale after an edit
    const stored = corr({ result: { ...result({}), fingerprint: f } });
    expect(resultFreshness(doc([stored]), stored).state).toBe('fresh');
    const edited = { ...stored, correlation: { from: 0, to: 6, samples: 11 } };
    expect(resultFreshness(doc([edited]), edited).state).toBe('stale');
    // a kind the model lacks: no fingerprint (stale)
    const lacking: Study = { ...stored, model: 'two-resonator' };
    expect(studyFingerprint(doc([lacking]), lacking)).toBeUndefined();
  });

  it('keep a simulate study’s fingerprint as it was (stored results stay fresh)', () => {
    const sim: Study = { id: 's', name: 'S', kind: 'simulate', model: 'two-resonator', params: {}, simulate: { port: 1, input: 'gaussian', tEnd: 2e-5 } };
    const d = doc([sim]);
    const inputs = studyInputs(d, sim);
    expect(Object.keys(inputs).sort()).toEqual(['kind', 'model', 'params', 'simulate']);
    expect(inputs.simulate).toEqual({ port: 1, input: 'gaussian', tEnd: 2e-5 });
  });
});

describe('authoring trace studies', () => {
  it('adds each kind with its settings and a default name, and duplicates one without its result', () => {
    let d = doc([]);
    const a = addStudy(d, { kind: 'correlation', model: TEST_DYNAMICS_ID, correlation: { from: 0, to: 4, samples: 5, traces: ['a->b'] } });
    d = a.doc;
    const s = d.studies.find((x) => x.id === a.id)!;
    expect(s).toMatchObject({ name: 'Correlation', kind: 'correlation', correlation: { from: 0, to: 4, samples: 5, traces: ['a->b'] } });
    d = addStudy(d, { kind: 'spectrum', model: TEST_DYNAMICS_ID }).doc;
    d = addStudy(d, { kind: 'pulse', model: TEST_DYNAMICS_ID, pulse: { shape: 'gaussian', width: 1, tEnd: 10 } }).doc;
    d = addStudy(d, { kind: 'correlation', model: TEST_DYNAMICS_ID }).doc;
    expect(d.studies.map((x) => x.name)).toEqual(['Correlation', 'Spectrum', 'Pulse', 'Correlation 2']);
    d.studies[0]!.result = { ...result({}), fingerprint: studyFingerprint(d, d.studies[0]!)! };
    const dup = duplicateItem(d, 'study', 'Correlation');
    const copy = dup.doc.studies.find((x) => x.id === dup.id)!;
    expect(copy).toMatchObject({ name: 'Correlation copy', kind: 'correlation', correlation: { from: 0, to: 4, samples: 5, traces: ['a->b'] } });
    expect(copy.result).toBeUndefined();
  });

  it('refuses bad settings and another kind’s settings naming the field', () => {
    const err = (f: () => unknown): ParameterError => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ParameterError);
        return e as ParameterError;
      }
      throw new Error('expected a ParameterError');
    };
    expect(err(() => addStudy(doc([]), { kind: 'correlation', model: TEST_DYNAMICS_ID, correlation: { from: -1 } })).param).toMatch(/correlation\.from$/);
    expect(err(() => addStudy(doc([]), { kind: 'correlation', model: TEST_DYNAMICS_ID, spectrum: {} })).param).toBe('spectrum');
    expect(err(() => addStudy(doc([]), { kind: 'spectrum', model: TEST_DYNAMICS_ID, spectrum: { traces: ['a->b,c'] } })).reason).toMatch(/"a->b,c" is not a spectrum trace of test-dynamics here; it has a->b, b->a/);
    expect(err(() => addStudy(doc([]), { kind: 'bogus' as Study['kind'] })).reason).toMatch(/must be point, sweep, simulate, optimize, correlation, spectrum, pulse or continuation, got "bogus"/);
  });
});
