/**
 * The renderer's edits and views of correlation, spectrum and pulse studies
 * (src-renderer/lib/trace-study.ts, and the kinds in authoring-edit.ts): every edit returns a
 * document the project validator accepts (the check a file gets), leaves its input alone and
 * refuses bad input with a ParameterError naming the field; the kind is offered only for a model
 * whose runs include it; the default panel draws the traces a real run stores; the numbers a run
 * stores per trace are found in its real output. The runs are the toy closed-form dynamics of
 * test-dynamics-model.ts (registered here), the real backend's study runner stores them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src-core/errors';
import type { TraceSetting } from '../../../src-core/models/model';
import { describeModel, getModel, listModels, registerModel, unregisterModel } from '../../../src-core/models/registry';
import { addStudy } from '../../../src-core/project/authoring';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';
import { validateProject } from '../../../src-core/project/validate';
import { runSimulation } from '../../../src-core/tasks/simulate';
import { unicodeText } from '../../../src-core/figures/rich-text';
import { formUnavailable, newPanel, setStudyForm, setStudyModel, STUDY_FORMS, studyForm } from '../../../src-renderer/lib/authoring-edit';
import { defaultTracePanel, isCrossTrace, parseSetting, quantityTitle, selectedTraces, setTraceSelection, setTraceSetting, storedRunSettings, storedTraceNumbers, traceLabel, traceNamesAt, tracesInData } from '../../../src-renderer/lib/trace-study';
import { solvePoint } from '../../../src-core/tasks/solver-tasks';
import { TEST_DYNAMICS_ID, testDynamicsModel } from '../../helpers/test-dynamics-model';

beforeAll(() => registerModel(testDynamicsModel));
afterAll(() => unregisterModel(TEST_DYNAMICS_ID));

const info = () => describeModel(getModel(TEST_DYNAMICS_ID));
const two = () => listModels().map(describeModel).find((m) => m.id === 'two-resonator')!;

const three = () => describeModel(getModel('three-cavity'));
/** The settings the three-cavity model's runs take (its ModelInfo, as the form is generated from it). */
const AXIS = (): TraceSetting[] => three().runs!.correlation!.settings!;
const PULSE = (): TraceSetting[] => three().runs!.pulse!.settings!;

function empty(): ProjectDocument {
  return { format: PROJECT_FORMAT, schemaVersion: PROJECT_SCHEMA_VERSION, title: 'T', created: 'x', modified: 'x', app: { name: 'NR Lab', version: 't' }, parameterSets: [], studies: [], figures: [] };
}

/** A project with one point study of the model (default: the toy), turned into a study of `kind`. */
function project(kind: 'correlation' | 'spectrum' | 'pulse', params: Record<string, number> = {}, model = info()): { doc: ProjectDocument; id: string } {
  const st = addStudy(empty(), { model: model.id, kind: 'point', params });
  return { doc: setStudyForm(st.doc, st.id, kind, model), id: st.id };
}

function paramOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParameterError);
    return (e as ParameterError).param;
  }
  throw new Error('expected a ParameterError');
}

describe('dynamics study kinds', () => {
  it('are offered for a model whose ModelInfo lists them, and refused (saying why) for one that does not', () => {
    const m = info();
    expect(m.dynamics).toEqual(['correlation', 'spectrum', 'pulse']);
    for (const k of ['correlation', 'spectrum', 'pulse'] as const) {
      expect(formUnavailable(m, k)).toBeUndefined();
      expect(formUnavailable(two(), k)).toMatch(/has no .*only quantum models/);
      const { doc, id } = project(k);
      const s = doc.studies[0]!;
      expect(s.kind).toBe(k);
      // the form is the kind itself (no stopgap mapping to 'simulate')
      expect(studyForm(s)).toBe(k);
      expect(() => validateProject(doc)).not.toThrow();
      const other = addStudy(empty(), { model: 'two-resonator', kind: 'point' });
      expect(paramOf(() => setStudyForm(other.doc, other.id, k, two()))).toBe('kind');
      // back to a point: the dynamics settings go with the kind
      const back = setStudyForm(setTraceSelection(doc, id, ['a->b'], ['a->b', 'b->a']), id, 'point', m);
      expect(back.studies[0]![k]).toBeUndefined();
    }
    expect(STUDY_FORMS.map((f) => f.value)).toEqual(['point', 'sweep1', 'sweep2', 'simulate', 'optimize', 'correlation', 'spectrum', 'pulse', 'continuation']);
    // the button's text in paper notation renders without markup
    expect(unicodeText(STUDY_FORMS.find((f) => f.value === 'correlation')!.rich!)).toBe('g⁽²⁾(τ)');
  });

  it('a model without the kind falls back to a point study when a study changes model', () => {
    const { doc, id } = project('correlation');
    const moved = setStudyModel(doc, id, two());
    expect(moved.studies[0]!.kind).toBe('point');
    expect(moved.studies[0]!.correlation).toBeUndefined();
    expect(() => validateProject(moved)).not.toThrow();
  });
});

describe('dynamics settings', () => {
  it('sets a value (expressions allowed), resets it with an empty text, and every result validates', () => {
    const { doc, id } = project('correlation', {}, three());
    expect(AXIS().map((x) => x.key)).toEqual(['from', 'to', 'samples']);
    const a = setTraceSetting(doc, id, AXIS(), 'to', '20/4');
    expect(a.studies[0]!.correlation).toEqual({ to: 5 });
    expect(() => validateProject(a)).not.toThrow();
    const b = setTraceSetting(a, id, AXIS(), 'samples', '51');
    expect(b.studies[0]!.correlation).toEqual({ to: 5, samples: 51 });
    const c = setTraceSetting(b, id, AXIS(), 'to', '  ');
    expect(c.studies[0]!.correlation).toEqual({ samples: 51 });
    expect(() => validateProject(c)).not.toThrow();
    // inputs untouched
    expect(doc.studies[0]!.correlation).toBeUndefined();
    expect(a.studies[0]!.correlation).toEqual({ to: 5 });
  });

  it('refuses bad values naming the field by its label: not a number, not whole, below the bound, an empty range', () => {
    const { doc, id } = project('correlation', {}, three());
    const axis = AXIS();
    expect(paramOf(() => setTraceSetting(doc, id, axis, 'samples', '2.5'))).toBe('Samples');
    expect(paramOf(() => setTraceSetting(doc, id, axis, 'samples', '0'))).toBe('Samples');
    expect(paramOf(() => setTraceSetting(doc, id, axis, 'samples', '1e9'))).toBe('Samples');
    expect(paramOf(() => setTraceSetting(doc, id, axis, 'to', 'ten'))).toBe('Last delay τ');
    // τ ≥ 0 for a correlation, but a spectrum's ω may be negative
    expect(paramOf(() => setTraceSetting(doc, id, axis, 'from', '-1'))).toBe('First delay τ');
    const sp = project('spectrum', {}, three());
    const spAxis = three().runs!.spectrum!.settings!;
    expect(setTraceSetting(sp.doc, sp.id, spAxis, 'from', '-5').studies[0]!.spectrum).toEqual({ from: -5 });
    const withTo = setTraceSetting(doc, id, axis, 'to', '2');
    let msg = '';
    try {
      setTraceSetting(withTo, id, axis, 'from', '3');
    } catch (e) {
      msg = (e as ParameterError).reason ?? '';
    }
    expect(msg).toBe('First delay τ (3) must be below Last delay τ (2)');
    expect(paramOf(() => setTraceSetting(doc, id, axis, 'nope', '1'))).toBe('nope');
    // a pulse: a choice must be one of its values; a width must be positive
    const p = project('pulse', {}, three());
    const pulse = PULSE();
    expect(setTraceSetting(p.doc, p.id, pulse, 'shape', 'rect').studies[0]!.pulse).toEqual({ shape: 'rect' });
    expect(paramOf(() => setTraceSetting(p.doc, p.id, pulse, 'shape', 'square'))).toBe('Pulse shape');
    expect(paramOf(() => setTraceSetting(p.doc, p.id, pulse, 'width', '0'))).toBe('Width');
    expect(paramOf(() => setTraceSetting(p.doc, p.id, pulse, 'samples', '1'))).toBe('Samples');
    expect(paramOf(() => setTraceSetting(p.doc, p.id, pulse, 'amplitude', '-0.1'))).toBe('Peak amplitude');
    expect(() => validateProject(setTraceSetting(p.doc, p.id, pulse, 'width', '0.5'))).not.toThrow();
    expect(() => validateProject(setTraceSetting(p.doc, p.id, pulse, 'initial', 'steady'))).not.toThrow();
    expect(parseSetting('pulse', pulse.find((x) => x.key === 'width')!, '')).toBeUndefined();
  });

  it('a range typed replaces an explicit list of axis values (the two exclude each other)', () => {
    const { doc, id } = project('correlation', {}, three());
    doc.studies[0]!.correlation = { values: [0, 1, 2] };
    expect(() => validateProject(doc)).not.toThrow();
    const next = setTraceSetting(doc, id, AXIS(), 'samples', '11');
    expect(next.studies[0]!.correlation).toEqual({ samples: 11 });
    expect(() => validateProject(next)).not.toThrow();
  });

  it('trace selection: all is stored as absent, a subset in the run’s order, none refused', () => {
    const { doc, id } = project('correlation', { kappa_0: 0.2 });
    const m = info();
    const all = traceNamesAt(m, 'correlation', doc.studies[0]!.params);
    // the toy network has a cross trace when κ_0 > 0 (as a network's depend on its spec)
    expect(all).toEqual(['a->b', 'b->a', 'a->b,c']);
    expect(traceNamesAt(m, 'correlation', { kappa_0: 0 })).toEqual(['a->b', 'b->a']);
    const sub = setTraceSelection(doc, id, ['a->b,c', 'a->b'], all);
    expect(sub.studies[0]!.correlation).toEqual({ traces: ['a->b', 'a->b,c'] });
    expect(selectedTraces(sub.studies[0]!, all)).toEqual(['a->b', 'a->b,c']);
    expect(() => validateProject(sub)).not.toThrow();
    const back = setTraceSelection(sub, id, all, all);
    expect(back.studies[0]!.correlation).toEqual({});
    expect(selectedTraces(back.studies[0]!, all)).toEqual(all);
    expect(paramOf(() => setTraceSelection(sub, id, [], all))).toBe('traces');
  });
});

describe('trace names and titles', () => {
  it('the seed model’s runs compute both driving directions', () => {
    for (const k of ['correlation', 'spectrum', 'pulse'] as const) expect(traceNamesAt(three(), k, {})).toEqual(['a_to_c', 'c_to_a']);
    expect(three().runs!.correlation!.axis.key).toBe('tau');
    expect(three().runs!.spectrum!.axis.key).toBe('omega');
    expect(three().runs!.pulse!.axis.key).toBe('t');
  });

  it('names the drive and read-out in words, marks cross-correlations', () => {
    expect(traceLabel('a_to_c')).toBe('a → c');
    expect(traceLabel('c_to_a')).toBe('c → a');
    expect(traceLabel('a->c')).toBe('a → c');
    expect(traceLabel('a->c,d')).toBe('a → c, d');
    expect(isCrossTrace('a->c,d')).toBe(true);
    expect(isCrossTrace('a->c')).toBe(false);
    expect(isCrossTrace('a_to_c')).toBe(false);
    expect(quantityTitle({ symbol: 'τ', unit: '1/κ' })).toBe('τ (1/κ)');
    expect(quantityTitle({ symbol: 'g^{(2)}(τ)', unit: '' })).toBe('g^{(2)}(τ)');
  });
});

describe('what a run stored', () => {
  it('the default panel draws one field of every trace a real run stores, against its axis', () => {
    const { doc } = project('correlation', { kappa_0: 0.2 });
    const study = doc.studies[0]!;
    const out = runSimulation(TEST_DYNAMICS_ID, { params: study.params, settings: {} }, 'correlation');
    // the arrays a stored result keeps: '<axis key>' and '<trace>.<field>'
    const keys = ['tau', ...out.traces.map((t) => `${t.loss}.g2`)];
    const traces = tracesInData(keys, 'g2');
    expect(traces).toEqual(out.traces.map((t) => t.loss));
    const m = info();
    const panel = defaultTracePanel(study, m.runs!.correlation!, traces, 'g2');
    expect(panel).toMatchObject({ study: study.id, kind: 'trace', x: 'tau', xLabel: 'τ (1/κ)', yLabel: 'g^{(2)}(τ)' });
    expect(panel.series!.map((s) => s.quantity)).toEqual(keys.slice(1));
    expect(panel.series!.map((s) => s.label)).toEqual(['a → b', 'b → a', 'a → b, c']);
    expect(new Set(panel.series!.map((s) => s.color)).size).toBe(3);
    // a new figure panel of the study is the same panel, and the figure validates
    const p2 = newPanel(study, [m], doc);
    expect(p2.x).toBe('tau');
    expect(p2.series!.map((s) => s.quantity)).toEqual(keys.slice(1));
  });

  it('finds each trace’s stored numbers in a real run’s output (as the study runner stores it) and names them without markup', () => {
    const out = runSimulation(TEST_DYNAMICS_ID, { params: {}, settings: { samples: 5 } }, 'pulse');
    // the study runner stores the run's `stored` as it is, with each trace's run statistics by name
    const stored = { ...out.stored, diagnostics: Object.fromEntries(out.traces.map((t) => [t.loss, t.diagnostics])), warnings: ['truncation not converged'] };
    const r = storedTraceNumbers(stored);
    expect(r.warnings).toEqual(['truncation not converged']);
    expect(r.traces.map((t) => t.name).sort()).toEqual(['a->b', 'b->a']);
    for (const t of r.traces) {
      const own = (out.stored as Record<string, Record<string, number>>)[t.name]!;
      const photons = t.numbers.find((n) => n.key === 'photons')!;
      expect(photons.value).toBe(own.photons);
      expect(photons.label).toBe('photons out per pulse');
      expect(t.numbers.find((n) => n.key === 'min_eigenvalue')!.label).toBe('min. eigenvalue of ρ(t_{end})');
      expect(t.numbers.find((n) => n.key === 'steps')!.group).toBe('diagnostic');
      expect(t.numbers.find((n) => n.key === 'photons')!.group).toBe('value');
      for (const n of t.numbers) expect(unicodeText(n.label)).not.toMatch(/[_^{}]/);
    }
    expect(storedTraceNumbers(undefined)).toEqual({ traces: [], warnings: [] });
  });

  it('reads the seed model’s stored run: per-trace ⟨n⟩ and g2(0) (equal to the steady state’s), and the resolved settings', () => {
    const out = runSimulation('three-cavity', { params: {}, settings: { samples: 5 } }, 'correlation');
    const r = storedTraceNumbers(out.stored);
    expect(r.traces.map((t) => t.name)).toEqual(['a_to_c', 'c_to_a']);
    const steady = solvePoint({ model: 'three-cavity', params: {} }).scalars;
    for (const t of r.traces) {
      const g20 = t.numbers.find((n) => n.key === 'g2_0')!;
      expect(g20.group).toBe('value');
      // the correlation at τ = 0 is the steady state's equal-time g2 (an independent solver path)
      expect(Math.abs(g20.value - steady[`${t.name}.g2`]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, steady[`${t.name}.g2`]!));
      expect(t.numbers.find((n) => n.key === 'mean_n')!.label).toBe('⟨n⟩');
    }
    const rows = storedRunSettings(out.stored, AXIS());
    expect(rows.map((x) => x.key)).toEqual(['from', 'to', 'samples', 'traces']);
    expect(rows.find((x) => x.key === 'samples')!.text).toBe('5');
    expect(Number(rows.find((x) => x.key === 'to')!.text)).toBeCloseTo(out.t[4]!, 5);
    expect(rows.find((x) => x.key === 'traces')!.text).toBe('a → c; c → a');
  });
});
