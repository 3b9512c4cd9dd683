import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src-core/errors';
import {
  addFigure,
  addParameterSet,
  addStudy,
  deleteItem,
  duplicateItem,
  findItem,
  gridFor,
  moveItem,
  nextId,
  renameItem,
  uniqueName,
} from '../../../src-core/project/authoring';
import { exampleByName } from '../../../src-core/project/examples/index';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';
import { validateProject } from '../../../src-core/project/validate';

function empty(): ProjectDocument {
  const now = '2026-12-07T00:00:00.000Z';
  return { format: PROJECT_FORMAT, schemaVersion: PROJECT_SCHEMA_VERSION, title: 'Untitled project', created: now, modified: now, app: { name: 'NR Lab', version: 'test' }, parameterSets: [], studies: [], figures: [] };
}

function paramError(f: () => unknown): ParameterError {
  try {
    f();
  } catch (e) {
    if (e instanceof ParameterError) return e;
    throw e;
  }
  throw new Error('expected a ParameterError');
}

describe('authoring a project from empty', () => {
  it('adds a set, a 1-D and a 2-D study using it, and a figure overlaying both; the result is a valid project and the input is untouched', () => {
    const d0 = empty();
    const frozen = JSON.stringify(d0);
    const s = addParameterSet(d0, { name: 'Fig. 2 point', model: 'three-cavity', params: { kappa_b: 1, U: 5 } });
    expect(s.id).toBe('set-1');
    const a = addStudy(s.doc, { name: 'T vs Δ', parameterSet: 'Fig. 2 point', axes: [{ key: 'Delta', start: -2, stop: 2, count: 41 }], quantities: ['a_to_c.T', 'c_to_a.T'] });
    expect(a.id).toBe('study-1');
    const b = addStudy(a.doc, { name: 'κ_b = 0', parameterSet: 'set-1', params: { kappa_b: 0 }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 41 }] });
    const m = addStudy(b.doc, { parameterSet: 'set-1', axes: [{ key: 'Delta', start: -2, stop: 2, count: 11 }, { key: 'kappa_b', values: [0, 1, 2] }] });
    expect(m.doc.studies.map((x) => [x.id, x.name, x.kind, x.model])).toEqual([
      ['study-1', 'T vs Δ', 'sweep', 'three-cavity'],
      ['study-2', 'κ_b = 0', 'sweep', 'three-cavity'],
      ['study-3', 'Map', 'sweep', 'three-cavity'],
    ]);
    const f = addFigure(m.doc, {
      name: 'Overlay',
      panels: [{ study: 'T vs Δ', kind: 'line', x: 'Delta', series: [{ quantity: 'a_to_c.T' }, { quantity: 'a_to_c.T', study: 'study-2', label: 'κ_b = 0' }] }],
    });
    expect(f.doc.figures[0]).toMatchObject({ id: 'figure-1', name: 'Overlay', layout: { rows: 1, cols: 1 } });
    expect(f.doc.figures[0]!.panels[0]!.study).toBe('study-1');
    expect(f.doc.figures[0]!.panels[0]!.series![1]!.study).toBe('study-2');
    // an overlay of studies: an unlabelled curve is labelled with its study's name, a given label is kept
    expect(f.doc.figures[0]!.panels[0]!.series!.map((s) => s.label)).toEqual(['T vs Δ', 'κ_b = 0']);
    // curves of one study keep no label (the legend shows their quantities)
    const one = addFigure(m.doc, { panels: [{ study: 'study-1', kind: 'line', x: 'Delta', series: [{ quantity: 'a_to_c.T' }, { quantity: 'c_to_a.T' }] }] });
    expect(one.doc.figures[0]!.panels[0]!.series!.map((s) => s.label)).toEqual([undefined, undefined]);
    expect(() => validateProject(f.doc)).not.toThrow();
    expect(JSON.stringify(d0)).toBe(frozen);
  });

  it('a point study by default; the first registered model when none is given', () => {
    const r = addStudy(empty());
    expect(r.doc.studies[0]).toMatchObject({ kind: 'point', name: 'Point', model: 'three-cavity', params: {} });
  });

  it('refuses bad requests naming the field', () => {
    const d = addParameterSet(empty(), { name: 'P', model: 'two-resonator' }).doc;
    expect(paramError(() => addParameterSet(empty(), { model: 'nope' })).param).toBe('model');
    expect(paramError(() => addParameterSet(d, { name: 'P' })).message).toMatch(/already called "P"/);
    expect(paramError(() => addParameterSet(d, { name: '  ' })).param).toBe('name');
    expect(paramError(() => addParameterSet(d, { name: 'a\nb' })).param).toBe('name');
    expect(paramError(() => addParameterSet(d, { name: 'x'.repeat(201) })).param).toBe('name');
    expect(paramError(() => addStudy(d, { parameterSet: 'P', model: 'three-cavity' })).param).toBe('parameterSet');
    expect(paramError(() => addStudy(d, { parameterSet: 'Q' })).message).toMatch(/no parameter set "Q"; the project has "P" \(set-1\)/);
    expect(paramError(() => addStudy(empty(), { kind: 'sweep' })).param).toBe('axes');
    expect(paramError(() => addStudy(empty(), { kind: 'point', axes: [{ key: 'Delta', start: 0, stop: 1, count: 3 }] })).param).toBe('axes');
    // checked as a file is: an unknown parameter, an axis over a parameter the model has not, a quantity it does not yield
    expect(paramError(() => addStudy(empty(), { params: { nope: 1 } })).param).toMatch(/params/);
    expect(paramError(() => addStudy(empty(), { axes: [{ key: 'nope', start: 0, stop: 1, count: 3 }] })).param).toMatch(/nope/);
    expect(paramError(() => addStudy(empty(), { axes: [{ key: 'Delta', start: 0, stop: 1, count: 3 }], quantities: ['S21.dB'] })).param).toMatch(/quantities\[0\]/);
    expect(paramError(() => addFigure(empty(), { panels: [{ study: 'x', kind: 'line' }] })).param).toBe('panels[0].study');
    expect(paramError(() => addFigure(empty(), { layout: { rows: 0, cols: 1 } })).param).toBe('layout.rows');
    const withStudy = addStudy(empty()).doc;
    expect(paramError(() => addFigure(withStudy, { layout: { rows: 1, cols: 1 }, panels: [{ study: 'study-1', kind: 'bar' }, { study: 'study-1', kind: 'bar' }] })).param).toBe('layout');
  });
});

describe('finding, duplicating, renaming, moving and deleting', () => {
  const doc = exampleByName('loss-induced-nonreciprocity').build('2026-12-07T00:00:00.000Z');

  it('finds by id, by name and by a unique id prefix; an ambiguous prefix names the candidates', () => {
    const s = doc.studies[0]!;
    expect(findItem(doc, 'study', s.id).id).toBe(s.id);
    expect(findItem(doc, 'study', s.name).id).toBe(s.id);
    expect(findItem(doc, 'figure', 'fig2').id).toBe('fig2');
    // fig2 is an id and a prefix of fig2a…fig2f: the exact id wins; fig3 likewise
    expect(findItem(doc, 'figure', 'fig3').id).toBe('fig3');
    expect(paramError(() => findItem(doc, 'figure', 'fig')).message).toMatch(/"fig" matches several figure ids \(fig2, fig3/);
    expect(findItem(doc, 'study', 'map-d').id).toBe('map-detuning-loss');
    expect(findItem(doc, 'study', 'distribution-kb-1.').id).toBe('distribution-kb-1.25');
    expect(paramError(() => findItem(doc, 'study', 'nothing-like-it')).param).toBe('study');
  });

  it('duplicates a study without its result, right after it, under a unique name', () => {
    const src = doc.studies.find((s) => s.kind === 'sweep')!;
    const withResult = structuredClone(doc);
    const r = duplicateItem(withResult, 'study', src.id);
    const i = r.doc.studies.findIndex((s) => s.id === r.id);
    expect(r.doc.studies[i - 1]!.id).toBe(src.id);
    expect(r.doc.studies[i]!.name).toBe(`${src.name} copy`);
    expect(r.doc.studies[i]!.result).toBeUndefined();
    expect({ ...r.doc.studies[i], id: src.id, name: src.name }).toEqual({ ...src, result: undefined });
    const again = duplicateItem(r.doc, 'study', src.id);
    expect(again.doc.studies.find((s) => s.id === again.id)!.name).toBe(`${src.name} copy 2`);
  });

  it('renames (unique names only) and moves', () => {
    const a = doc.figures[0]!;
    const b = doc.figures[1]!;
    expect(renameItem(doc, 'figure', a.id, '  Main figure ').figures[0]!.name).toBe('Main figure');
    expect(paramError(() => renameItem(doc, 'figure', a.id, b.name)).param).toBe('name');
    expect(renameItem(doc, 'figure', a.id, a.name).figures[0]!.name).toBe(a.name);
    const moved = moveItem(doc, 'figure', a.id, doc.figures.length - 1);
    expect(moved.figures.at(-1)!.id).toBe(a.id);
    expect(paramError(() => moveItem(doc, 'figure', a.id, 99)).param).toBe('position');
  });

  it('deleting a parameter set keeps its values in the studies that used it', () => {
    const set = doc.parameterSets.find((p) => doc.studies.some((s) => s.parameterSet === p.id))!;
    const users = doc.studies.filter((s) => s.parameterSet === set.id);
    const r = deleteItem(doc, 'set', set.id);
    expect(r.doc.parameterSets.some((p) => p.id === set.id)).toBe(false);
    expect(r.effects.detachedStudies).toEqual(users.map((s) => s.name));
    for (const u of users) {
      const after = r.doc.studies.find((s) => s.id === u.id)!;
      expect(after.parameterSet).toBeUndefined();
      expect(after.params).toEqual({ ...set.params, ...u.params });
    }
  });

  it('deleting a study removes the panels that draw it and the overlay series taken from it', () => {
    const fig = doc.figures.find((f) => f.panels.length > 1)!;
    const victim = fig.panels[0]!.study;
    const r = deleteItem(doc, 'study', victim);
    const drawnBefore = doc.figures.flatMap((f) => f.panels.filter((p) => p.study === victim)).length;
    expect(r.effects.removedPanels.length).toBe(drawnBefore);
    expect(r.doc.figures.flatMap((f) => f.panels).some((p) => p.study === victim || p.series?.some((s) => s.study === victim))).toBe(false);
    expect(() => validateProject(r.doc)).not.toThrow();
  });

  it('ids and names: the smallest free number; a grid near square', () => {
    expect(nextId(doc, 'study')).toBe('study-1');
    const e = addStudy(addStudy(empty()).doc).doc;
    expect(nextId(e, 'study')).toBe('study-3');
    expect(uniqueName(e, 'study', 'Point')).toBe('Point 3');
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => gridFor(n))).toEqual([
      { rows: 1, cols: 1 },
      { rows: 1, cols: 2 },
      { rows: 1, cols: 3 },
      { rows: 2, cols: 2 },
      { rows: 2, cols: 3 },
      { rows: 2, cols: 3 },
      { rows: 3, cols: 3 },
    ]);
  });
});
