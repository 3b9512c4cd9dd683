/**
 * The renderer's authoring edits (src-renderer/lib/authoring-edit.ts): each returns a document the
 * project validator accepts (the same check a file gets), leaves its input alone, and refuses a bad
 * request with a ParameterError naming the field.
 */
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src-core/errors';
import { describeModel, listModels } from '../../../src-core/models/registry';
import { addFigure, addParameterSet, addStudy, deleteEffects } from '../../../src-core/project/authoring';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';
import { validateProject } from '../../../src-core/project/validate';
import { isListAxis, planSweep } from '../../../src-core/studies/grid';
import { getModel } from '../../../src-core/models/registry';
import { formatCount } from '../../../src-core/figures/format';
import { numberSpecOf } from '../../../src-core/figures/axis-title';
import {
  addPanel,
  axisAs,
  CONFIRM_RUN_MS,
  continuousKeys,
  deleteMessage,
  movePanel,
  newPanel,
  optionText,
  parseRange,
  removePanel,
  replaceAxis,
  runConfirmation,
  setLayout,
  setOptimize,
  setStudyForm,
  setStudyModel,
  studyForm,
  updatePanel,
} from '../../../src-renderer/lib/authoring-edit';

const models = listModels().map(describeModel);
const three = models.find((m) => m.id === 'three-cavity')!;
const two = models.find((m) => m.id === 'two-resonator')!;

function empty(): ProjectDocument {
  return { format: PROJECT_FORMAT, schemaVersion: PROJECT_SCHEMA_VERSION, title: 'T', created: 'x', modified: 'x', app: { name: 'NR Lab', version: 't' }, parameterSets: [], studies: [], figures: [] };
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

/** A project with a parameter set, a 1-D sweep that uses it and a figure drawing the sweep. */
function project(): { doc: ProjectDocument; set: string; study: string; figure: string } {
  let doc = empty();
  const s = addParameterSet(doc, { model: 'three-cavity', params: { solver: 'classical' } });
  doc = s.doc;
  const st = addStudy(doc, { parameterSet: s.id, kind: 'sweep', axes: [{ key: 'Delta', start: -2, stop: 2, count: 11 }] });
  doc = st.doc;
  const f = addFigure(doc, { panels: [{ study: st.id, kind: 'line', series: [{ quantity: three.quantities[0]!.key }] }] });
  return { doc: f.doc, set: s.id, study: st.id, figure: f.id };
}

describe('study edits', () => {
  it('offers every continuous numeric parameter (and aliases of them), never an integer or a choice', () => {
    for (const m of models) {
      const keys = continuousKeys(m.schema).map((c) => c.key);
      const expected = m.schema.params.filter((p) => p.kind === 'number' && !p.integer).map((p) => p.key);
      expect(keys.slice(0, expected.length)).toEqual(expected);
      for (const p of m.schema.params) if (p.kind !== 'number' || p.integer) expect(keys).not.toContain(p.key);
      // every offered key can be swept: the real grid planner accepts an axis over it
      for (const k of keys) {
        const spec = numberSpecOf(m.schema, k)!;
        const v = typeof spec.default === 'number' ? spec.default : 1;
        expect(() => planSweep(getModel(m.id), { params: {}, axes: [{ key: k, values: [v] }] })).not.toThrow();
      }
    }
  });

  it('changes the kind: 1-D → 2-D adds an axis over another parameter, → point drops the axes; each result validates', () => {
    const { doc, study } = project();
    const map = setStudyForm(doc, study, 'sweep2', three);
    const axes = map.studies[0]!.axes!;
    expect(axes).toHaveLength(2);
    expect(axes[0]).toEqual(doc.studies[0]!.axes![0]);
    expect(axes[1]!.key).not.toBe(axes[0]!.key);
    expect(studyForm(map.studies[0]!)).toBe('sweep2');
    expect(() => validateProject(map)).not.toThrow();
    const point = setStudyForm(map, study, 'point', three);
    expect(point.studies[0]!.kind).toBe('point');
    expect(point.studies[0]!.axes).toBeUndefined();
    expect(() => validateProject(point)).not.toThrow();
    // the input is untouched
    expect(doc.studies[0]!.axes).toHaveLength(1);
  });

  it('offers simulate only for a model with a time-domain run', () => {
    const { doc, study } = project();
    expect(two.simulate).toBe(true);
    expect(three.simulate).toBeUndefined();
    expect(paramOf(() => setStudyForm(doc, study, 'simulate', three))).toBe('kind');
    const sim = setStudyForm(setStudyModel(doc, study, two), study, 'simulate', two);
    expect(sim.studies[0]!.kind).toBe('simulate');
    expect(sim.studies[0]!.simulate!.tEnd).toBeGreaterThan(0);
    expect(() => validateProject(sim)).not.toThrow();
  });

  it('optimise: default objective and bounds from the model; bad bounds are refused naming the field', () => {
    const { doc, study } = project();
    const next = setStudyForm(doc, study, 'optimize', three);
    const o = next.studies[0]!.optimize!;
    expect(o.objective.quantity).toBe(three.quantities[0]!.key);
    expect(o.vary[0]!.lo).toBeLessThan(o.vary[0]!.hi);
    expect(paramOf(() => setOptimize(next, study, { ...o, vary: [{ key: 'Delta_a', lo: 2, hi: 1 }] }))).toBe('optimize.vary[0]');
    expect(paramOf(() => setOptimize(next, study, { ...o, vary: [] }))).toBe('optimize.vary');
  });

  it('changing the model resets parameters, set and quantities; the result validates', () => {
    const { doc, study } = project();
    const next = setStudyModel(doc, study, two);
    const s = next.studies[0]!;
    expect(s.model).toBe('two-resonator');
    expect(s.params).toEqual({});
    expect(s.parameterSet).toBeUndefined();
    expect(s.axes).toHaveLength(1);
    expect(two.schema.params.some((p) => p.key === s.axes![0]!.key) || two.schema.aliases.some((a) => a.key === s.axes![0]!.key)).toBe(true);
    expect(() => validateProject(next)).not.toThrow();
  });

  it('axis forms: log keeps positive ends, a list samples the range, back to a range spans the list', () => {
    const lin = { key: 'kappa_b', start: 0, stop: 3, count: 31, spacing: 'linear' as const };
    const log = axisAs(lin, 'log');
    expect(isListAxis(log)).toBe(false);
    if (!isListAxis(log)) {
      expect(log.start).toBeGreaterThan(0);
      expect(log.stop).toBe(3);
      expect(log.spacing).toBe('log');
    }
    const list = axisAs(lin, 'list');
    expect(isListAxis(list) && list.values).toEqual([0, 0.75, 1.5, 2.25, 3]);
    const back = axisAs({ key: 'kappa_b', values: [2, 0.5, 1] }, 'linear');
    expect(back).toEqual({ key: 'kappa_b', start: 0.5, stop: 2, count: 3, spacing: 'linear' });
  });

  it('refuses two axes over the same parameter', () => {
    const { doc, study } = project();
    const map = setStudyForm(doc, study, 'sweep2', three);
    expect(paramOf(() => replaceAxis(map, study, 1, { ...map.studies[0]!.axes![0]! }))).toBe('axes[1].key');
  });

  it('asks before runs estimated over five minutes, not at or under', () => {
    expect(runConfirmation(undefined, 10, 2)).toBeUndefined();
    expect(runConfirmation(CONFIRM_RUN_MS, 10, 2)).toBeUndefined();
    const q = runConfirmation(CONFIRM_RUN_MS * 2, 40_000, 2);
    expect(q).toContain(`${formatCount(40_000)} points`);
    expect(q).toMatch(/10 min/);
  });
});

describe('delete confirmation', () => {
  it('states what deleteEffects reports: the studies detached from a set, the panels and curves removed', () => {
    const { doc, set, study } = project();
    const setMsg = deleteMessage(doc, 'set', set);
    expect(deleteEffects(doc, 'set', set).detachedStudies).toEqual([doc.studies[0]!.name]);
    expect(setMsg).toContain(`"${doc.studies[0]!.name}"`);
    expect(setMsg).toContain('keep its values');
    const studyMsg = deleteMessage(doc, 'study', study);
    expect(studyMsg).toContain(`${doc.figures[0]!.name} panel 1`);
    expect(studyMsg).toContain('Undo (Ctrl+Z)');
    expect(deleteMessage(doc, 'figure', doc.figures[0]!.id)).not.toContain('panel');
  });
});

describe('figure edits', () => {
  it('adds panels (growing the grid), moves and removes them; each result validates', () => {
    const { doc, study, figure } = project();
    const map = setStudyForm(doc, study, 'sweep2', three);
    const two = addPanel(map, figure, newPanel(map.studies[0]!, models));
    const f = two.figures[0]!;
    expect(f.panels).toHaveLength(2);
    expect(f.layout).toEqual({ rows: 1, cols: 2 });
    expect(f.panels[1]!.kind).toBe('heatmap');
    expect(() => validateProject(two)).not.toThrow();
    const three3 = addPanel(two, figure, newPanel(map.studies[0]!, models));
    expect(three3.figures[0]!.layout).toEqual({ rows: 2, cols: 2 });
    const moved = movePanel(two, figure, 1, -1);
    expect(moved.figures[0]!.panels.map((p) => p.kind)).toEqual(['heatmap', 'line']);
    expect(paramOf(() => movePanel(two, figure, 0, -1))).toBe('panels[0]');
    expect(removePanel(two, figure, 0).figures[0]!.panels.map((p) => p.kind)).toEqual(['heatmap']);
  });

  it('overlays a curve from another study; undefined fields are removed; the grid must hold the panels', () => {
    const { doc, study, figure } = project();
    const dup = addStudy(doc, { kind: 'sweep', axes: [{ key: 'Delta', start: -2, stop: 2, count: 5 }], params: { solver: 'classical', kappa_b: 2 } });
    const q = three.quantities[0]!.key;
    const next = updatePanel(dup.doc, figure, 0, { series: [{ quantity: q }, { quantity: q, study: dup.id, label: 'κ_b = 2' }], logY: true });
    expect(() => validateProject(next)).not.toThrow();
    expect(next.figures[0]!.panels[0]!.series![1]!.study).toBe(dup.id);
    const off = updatePanel(next, figure, 0, { logY: undefined });
    expect('logY' in off.figures[0]!.panels[0]!).toBe(false);
    expect(off.figures[0]!.panels[0]!.study).toBe(study);
    const wide = addPanel(next, figure, newPanel(next.studies[0]!, models));
    expect(paramOf(() => setLayout(wide, figure, 1, 1))).toBe('layout');
    expect(paramOf(() => setLayout(wide, figure, 0, 2))).toBe('layout.rows');
    expect(setLayout(wide, figure, 2, 1).figures[0]!.layout).toEqual({ rows: 2, cols: 1 });
  });

  it('parses ranges: both empty is none, from must be below to', () => {
    expect(parseRange('x range', '', '')).toBeUndefined();
    expect(parseRange('x range', '-2', '2*pi')).toEqual([-2, 2 * Math.PI]);
    expect(paramOf(() => parseRange('x range', '3', '1'))).toBe('x range');
    expect(paramOf(() => parseRange('x range', 'abc', '1'))).toBe('x range (from)');
  });
});

describe('option texts', () => {
  it('never show raw markup (_{…}, ^{…}) for any quantity or parameter of any model', () => {
    for (const m of models) {
      for (const q of m.quantities) expect(optionText(q.symbol, q.label)).not.toMatch(/[_^{}]/);
      for (const c of continuousKeys(m.schema)) expect(optionText(c.title, c.label)).not.toMatch(/[_^{}]/);
    }
    expect(optionText('g^{(2)}_{a}', 'Correlation')).toBe('Correlation (g⁽²⁾ₐ)');
    expect(continuousKeys(three.schema).find((c) => c.key === 'Delta')?.label).toBe('Detuning of a, b, c');
  });
});
