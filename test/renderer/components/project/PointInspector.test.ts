// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SolveRequest } from '../../../../src-core/contract/api';
import type { ProjectDocument } from '../../../../src-core/project/types';
import { solvePoint } from '../../../../src-core/tasks/solver-tasks';
import MapChart from '../../../../src-renderer/components/MapChart.vue';
import PanelChart from '../../../../src-renderer/components/figures/PanelChart.vue';
import type { ContourLevel } from '../../../../src-core/figures/contour';
import type { BarSpec, LineSpec } from '../../../../src-core/figures/panel-data';
import { frequencyUnit, reloadFrequencyUnit } from '../../../../src-renderer/lib/units';
import { smallProject } from '../../../helpers/small-project';
import { createTestBackend, type TestBackend } from '../../../helpers/test-backend';
import { byId, mountAppOn, unmountApps } from '../../../helpers/app-harness';

afterEach(() => {
  unmountApps();
  sessionStorage.clear();
  localStorage.clear();
  reloadFrequencyUnit();
});

async function mountApp(): Promise<{ w: VueWrapper; lab: TestBackend }> {
  const lab = createTestBackend({ hold: true });
  const w = mountAppOn(lab);
  await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
  await flushPromises();
  return { w, lab };
}

function callsOf(lab: TestBackend, method: string): unknown[] {
  return lab.calls.filter((c) => c.method === method).map((c) => c.args);
}

async function openFile(w: VueWrapper, lab: TestBackend, doc: ProjectDocument = smallProject(), rel = 'p/small.nrlab'): Promise<string> {
  const path = lab.writeProject(rel, doc);
  await byId(w, 'open-project').trigger('click');
  await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
  await byId(w, 'dialog-path').setValue(path);
  await byId(w, 'dialog-ok').trigger('click');
  await lab.idle();
  await flushPromises();
  return lab.last().id;
}

/** Δ ∈ {-1, 0, 1} (slowest) × κ_b ∈ {0, 1}: the small project's map, stored. */
async function storeMap(lab: TestBackend, id: string, failed = false): Promise<void> {
  await lab.storeResult(id, 'map', {
    axes: [
      { key: 'Delta', values: [-1, 0, 1] },
      { key: 'kappa_b', values: [0, 1] },
    ],
    data: { isolation: [0.1, 0.2, 0.3, failed ? NaN : 0.4, 0.5, 0.6], 'a_to_c.T': [1, 2, 3, 4, 5, 6] },
  });
}

const mapCharts = (w: VueWrapper) => w.findAllComponents(MapChart);
const panelCharts = (w: VueWrapper) => w.findAllComponents(PanelChart);
type PanelProps = { spec: LineSpec | BarSpec; marks?: { series: number; i: number }[]; cursorX?: number | null };
type MapProps = { marker?: [number, number] | null; cursorX?: number | null; cursorY?: number | null; contours?: ContourLevel[] };

/** The small project with its 2-D map stored, its map figure open and drawn. */
async function openStoredMap(): Promise<{ w: VueWrapper; lab: TestBackend }> {
  const { w, lab } = await mountApp();
  const id = await openFile(w, lab);
  await storeMap(lab, id);
  await flushPromises();
  await byId(w, 'tree-figure-fig-map').trigger('click');
  await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('6'));
  return { w, lab };
}

describe('point inspector', () => {
  it('a click on a map cell solves that point with the study’s parameters and the cell’s axis values, and marks it', async () => {
    const { w, lab } = await openStoredMap();
    // the heatmap shows Δ on x and κ_b on y: the cell (Δ = 0, κ_b = 1) is grid index 3
    mapCharts(w)[0]!.vm.$emit('pick', { x: 0.1, y: 0.9 });
    await flushPromises();
    expect(callsOf(lab, 'solvePoint')).toEqual([{ model: 'three-cavity', params: { solver: 'classical', kappa_b: 1, theta: '-pi/4', Delta: 0 }, solveId: expect.any(String) }]);
    await vi.waitFor(() => expect(byId(w, 'point-inspector').attributes('data-state')).toBe('ready'));
    expect(byId(w, 'point-inspector').attributes('data-index')).toBe('3');
    expect(byId(w, 'point-coords').text()).toContain('Δ/κ0');
    const cells = byId(w, 'point-coords').findAll('td').map((t) => Number(t.attributes('data-value')));
    expect(cells).toEqual([0, 1]);
    // the same values as the solver gives here
    const ref = solvePoint({ model: 'three-cavity', params: { solver: 'classical', kappa_b: 1, theta: '-pi/4', Delta: 0 } });
    const t = byId(w, 'point-row-a_to_c.T').findAll('td').map((x) => Number(x.attributes('data-value')));
    expect(t).toEqual([ref.scalars['a_to_c.T'], ref.scalars['c_to_a.T']]);
    expect(Number(byId(w, 'point-row-isolation').find('td').attributes('data-value'))).toBe(ref.scalars.isolation);
    // classical: no distributions; the diagnostics say what was solved
    expect(byId(w, 'point-distributions').exists()).toBe(false);
    expect(byId(w, 'diag-method').text()).toContain('classical S-matrix');
    // the study stored 0.4 there, the solver gives another value: said plainly
    expect(byId(w, 'point-warnings').text()).toContain('the study stored 0.4');
    // the marker: on the map of the study (both the clicked panel and the curves of the same study)
    expect((mapCharts(w)[0]!.props() as MapProps).marker).toEqual([0, 1]);
    expect(byId(w, 'panel-0').attributes('data-selected')).toBe('true');
    const line = panelCharts(w)[0]!.props() as PanelProps;
    // the second panel draws one curve per κ_b: the point is on the κ_b = 1 curve, at Δ = 0
    expect(line.marks).toEqual([{ series: 1, i: 1 }]);
    // Esc closes the point (nothing is running)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await flushPromises();
    expect(byId(w, 'point-inspector').exists()).toBe(false);
    expect((mapCharts(w)[0]!.props() as MapProps).marker).toBeNull();
  });

  it('a click on a curve solves that point; for a quantum study it shows the distributions and the diagnostics', async () => {
    const { w, lab } = await mountApp();
    const doc = smallProject();
    doc.studies[0]!.params = { solver: 'quantum' };
    doc.studies[0]!.axes = [{ key: 'Delta', values: [-2, -1, 0, 0.5, 2] }];
    const id = await openFile(w, lab, doc);
    // the values the study stored at Δ = 0.5 are those of the solver (else the inspector warns)
    const at = solvePoint({ model: 'three-cavity', params: { solver: 'quantum', kappa_b: 1, theta: '-pi/4', Delta: 0.5 } }).scalars;
    await lab.storeResult(id, 'scan', { axes: [{ key: 'Delta', values: [-2, -1, 0, 0.5, 2] }], data: { 'a_to_c.T': [0.1, 0.2, 0.3, at['a_to_c.T']!, 0.5], 'c_to_a.T': [0.5, 0.4, 0.3, at['c_to_a.T']!, 0.1] } });
    await flushPromises();
    await byId(w, 'tree-figure-fig-line').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('10'));
    panelCharts(w)[0]!.vm.$emit('pick', { series: 1, i: 3 });
    await flushPromises();
    expect(callsOf(lab, 'solvePoint')).toEqual([{ model: 'three-cavity', params: { solver: 'quantum', kappa_b: 1, theta: '-pi/4', Delta: 0.5 }, solveId: expect.any(String) }]);
    await vi.waitFor(() => expect(byId(w, 'point-inspector').attributes('data-state')).toBe('ready'));
    expect((panelCharts(w)[0]!.props() as PanelProps).marks).toEqual([
      { series: 0, i: 3 },
      { series: 1, i: 3 },
    ]);
    // every quantity, both directions side by side
    expect(byId(w, 'point-values').text()).toContain('a→c');
    expect(byId(w, 'point-row-a_to_c.g2').exists()).toBe(true);
    expect(byId(w, 'point-row-n_a').exists()).toBe(true);
    expect(byId(w, 'point-row-ratio').exists()).toBe(true);
    // photon-number distributions of both directions, beside Poisson, then as differences
    const bars = () => w.findAllComponents(PanelChart).filter((c) => (c.props() as PanelProps).spec.kind === 'bar').map((c) => (c.props() as { spec: BarSpec }).spec);
    expect(bars()).toHaveLength(2);
    expect(bars()[0]!.series.map((s) => s.name)).toEqual(['P_{a}(m)', '𝒫_{a}(m)', 'P_{c}(m)', '𝒫_{c}(m)']);
    expect(bars()[0]!.logY).toBe(true);
    await byId(w, 'dist-log').setValue(false);
    expect(bars()[0]!.logY).toBe(false);
    await byId(w, 'dist-difference').trigger('click');
    expect(bars()[1]!.series.map((s) => s.name)).toEqual(['P_{a}(m) − 𝒫_{a}(m)', 'P_{c}(m) − 𝒫_{c}(m)']);
    expect(byId(w, 'dist-log').attributes('disabled')).toBeDefined();
    // diagnostics: explained in tooltips, nothing to warn about at the Fig. 2 point
    for (const k of ['method', 'residual', 'residualAbs', 'minEigenvalue', 'traceError', 'hermiticityError', 'top_shell', 'iterations', 'setupMs', 'timeMs', 'fock', 'converged', 'total']) {
      expect(byId(w, `diag-${k}`).exists(), k).toBe(true);
    }
    expect(byId(w, 'diag-minEigenvalue').find('th').attributes('title')).toContain('Positivity');
    expect(byId(w, 'diag-converged').text()).toContain('automatic, converged');
    expect(byId(w, 'diag-changes').exists()).toBe(true);
    expect(byId(w, 'point-no-warnings').exists()).toBe(true);
  });

  it('warns about a top shell above 1e-6 and a truncation that did not converge', async () => {
    const { w, lab } = await mountApp();
    const doc = smallProject();
    doc.studies[0]!.params = { solver: 'quantum', basis: 'per-mode', fock: 2, convergence: 'check', Omega: 1 };
    doc.studies[0]!.axes = [{ key: 'Delta', values: [0, 0.5] }];
    const id = await openFile(w, lab, doc);
    await lab.storeResult(id, 'scan', { axes: [{ key: 'Delta', values: [0, 0.5] }], data: { 'a_to_c.T': [0.1, 0.2], 'c_to_a.T': [0.5, 0.4] } });
    await flushPromises();
    await byId(w, 'tree-figure-fig-line').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('4'));
    panelCharts(w)[0]!.vm.$emit('pick', { series: 0, i: 1 });
    await vi.waitFor(() => expect(byId(w, 'point-inspector').attributes('data-state')).toBe('ready'));
    const warnings = byId(w, 'point-warnings').text();
    expect(warnings).toContain('Top-shell population');
    expect(warnings).toContain('The truncation is not converged');
    expect(byId(w, 'diag-top_shell').findAll('td.bad')).toHaveLength(2);
    expect(byId(w, 'diag-converged').text()).toContain('fixed, not converged');
  });

  it('a failed solve says why; a new point replaces the old one', async () => {
    const { w, lab } = await openStoredMap();
    lab.runner.onSolve = () => {
      throw new Error('the steady state did not converge');
    };
    mapCharts(w)[0]!.vm.$emit('pick', { x: -1, y: 0 });
    await vi.waitFor(() => expect(byId(w, 'point-inspector').attributes('data-state')).toBe('error'));
    expect(byId(w, 'point-error').text()).toContain('the steady state did not converge');
    lab.runner.onSolve = undefined;
    mapCharts(w)[0]!.vm.$emit('pick', { x: 1, y: 1 });
    await vi.waitFor(() => expect(byId(w, 'point-inspector').attributes('data-state')).toBe('ready'));
    expect(byId(w, 'point-inspector').attributes('data-index')).toBe('5');
    expect((callsOf(lab, 'solvePoint').at(-1) as SolveRequest).params).toMatchObject({ Delta: 1, kappa_b: 1 });
  });

  it('"New parameter set from this point" adds a labelled, undoable set shown in the tree', async () => {
    const { w, lab } = await openStoredMap();
    mapCharts(w)[0]!.vm.$emit('pick', { x: 1, y: 0 });
    await vi.waitFor(() => expect(byId(w, 'point-inspector').attributes('data-state')).toBe('ready'));
    await byId(w, 'point-new-set').trigger('click');
    await flushPromises();
    const edit = (callsOf(lab, 'editProject') as { doc: ProjectDocument; label: string }[]).at(-1)!;
    expect(edit.label).toBe('New parameter set Δ = κ, κ_b = 0');
    const set = edit.doc.parameterSets.at(-1)!;
    expect(set).toMatchObject({ id: 'point-1', name: 'Δ = κ, κ_b = 0 (from Map)', model: 'three-cavity', params: { solver: 'classical', kappa_b: 0, theta: '-pi/4', Delta: 1 } });
    expect(byId(w, 'tree-set-point-1').exists()).toBe(true);
    expect(byId(w, 'point-created').text()).toContain('Added');
    expect(byId(w, 'action-undo').attributes('title')).toBe('Undo New parameter set Δ = κ, κ_b = 0 (Ctrl+Z)');
    // "Show it" selects the set
    await byId(w, 'point-created').find('button').trigger('click');
    expect(byId(w, 'inspector').attributes('data-kind')).toBe('set');
    expect(byId(w, 'tree-set-point-1').classes()).toContain('sel');
    // and Ctrl+Z takes it away again
    (document.activeElement as HTMLElement | null)?.blur();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true, cancelable: true }));
    await flushPromises();
    expect(byId(w, 'tree-set-point-1').exists()).toBe(false);
  });
});

describe('point inspector and edits', () => {
  it('in a study’s own tab a click inspects the point; editing the study’s axes closes it', async () => {
    const { w, lab } = await mountApp();
    const id = await openFile(w, lab);
    await storeMap(lab, id);
    await flushPromises();
    await byId(w, 'tree-study-map').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('6'));
    mapCharts(w)[0]!.vm.$emit('pick', { x: -1, y: 1 });
    await vi.waitFor(() => expect(byId(w, 'point-inspector').attributes('data-state')).toBe('ready'));
    expect(byId(w, 'point-inspector').attributes('data-index')).toBe('1');
    // the study's parameters were edited elsewhere: the point is solved again with them
    const next = structuredClone(lab.last().doc);
    next.studies[1]!.params = { J_ac: 0.5 };
    await lab.api.editProject({ projectId: id, doc: next, label: 'Edit J_ac of Map' });
    await flushPromises();
    await vi.waitFor(() => expect((callsOf(lab, 'solvePoint').at(-1) as SolveRequest).params).toMatchObject({ J_ac: 0.5, Delta: -1, kappa_b: 1 }));
    // new axes: the grid index means another point, so the inspector closes
    const again = structuredClone(lab.last().doc);
    again.studies[1]!.axes![0] = { key: 'Delta', start: -2, stop: 2, count: 3 };
    await lab.api.editProject({ projectId: id, doc: again, label: 'Edit axis Δ/κ of Map' });
    await flushPromises();
    expect(byId(w, 'point-inspector').exists()).toBe(false);
    expect(byId(w, 'inspector').attributes('data-kind')).toBe('study');
  });
});

describe('linked cursors', () => {
  it('the pointer over a map draws lines at the same Δ (and κ_b) in the other panels; the readout follows', async () => {
    const { w, lab } = await mountApp();
    const doc = smallProject();
    // a figure with the map, a curve over Δ and a curve over κ_b
    doc.figures.push({
      id: 'fig-linked',
      name: 'linked',
      layout: { rows: 1, cols: 3 },
      panels: [
        { study: 'map', kind: 'heatmap', quantity: 'isolation', x: 'Delta' },
        { study: 'scan', kind: 'line', x: 'Delta', series: [{ quantity: 'a_to_c.T' }], xScale: 2 },
        { study: 'map', kind: 'line', x: 'kappa_b', series: [{ quantity: 'isolation' }] },
      ],
    });
    const id = await openFile(w, lab, doc);
    await storeMap(lab, id);
    await lab.storeResult(id, 'scan', { axes: [{ key: 'Delta', values: [-2, -1, 0, 1, 2] }], data: { 'a_to_c.T': [0.1, 0.2, 0.3, 0.4, 0.5] } });
    await flushPromises();
    await byId(w, 'tree-figure-fig-linked').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'panel-2').attributes('data-state')).toBe('ready'));
    mapCharts(w)[0]!.vm.$emit('hover', { x: 0.6, y: 0.2 });
    await vi.waitFor(() => expect((panelCharts(w)[0]!.props() as PanelProps).cursorX).toBe(0.3));
    // panel 1 plots Δ/2 (xScale 2); panel 2 has κ_b on x
    expect((panelCharts(w)[1]!.props() as PanelProps).cursorX).toBeCloseTo(0.2, 12);
    expect(byId(w, 'statusbar-readout').text()).toBe('Δ/κ = 1 · κb/κ = 0 · I = 0.5');
    // paper notation is rendered (κ with a subscript b), never shown as raw markup
    expect(byId(w, 'statusbar-readout').find('sub').text()).toBe('b');
    // the hovered map itself draws no linked line
    expect((mapCharts(w)[0]!.props() as MapProps).cursorX).toBeNull();
    // a curve over Δ links back into the map (vertical line only)
    panelCharts(w)[0]!.vm.$emit('cursor', -0.5);
    await vi.waitFor(() => expect((mapCharts(w)[0]!.props() as MapProps).cursorX).toBe(-1));
    expect((mapCharts(w)[0]!.props() as MapProps).cursorY).toBeNull();
    expect((panelCharts(w)[1]!.props() as PanelProps).cursorX).toBeNull();
    expect((panelCharts(w)[0]!.props() as PanelProps).cursorX).toBeNull();
    // the pointer leaves: no cursor anywhere
    panelCharts(w)[0]!.vm.$emit('cursor', null);
    await vi.waitFor(() => expect((mapCharts(w)[0]!.props() as MapProps).cursorX).toBeNull());
  });
});

describe('panel details', () => {
  it('a line panel shades failed points and names the reason', async () => {
    const { w, lab } = await mountApp();
    const id = await openFile(w, lab);
    await byId(w, 'tree-figure-fig-line').trigger('click');
    await byId(w, 'panel-run').trigger('click');
    await flushPromises();
    await lab.data(0, 5, (i) => ({ 'a_to_c.T': i / 10, 'c_to_a.T': 0, isolation: 0 }), [{ index: 2, reason: 'GMRES did not converge in 500 iterations' }]);
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('8'));
    const spec = (panelCharts(w)[0]!.props() as { spec: LineSpec }).spec;
    expect(spec.failed).toEqual([{ x0: -1, x1: 1, points: [{ x: 0, reason: 'GMRES did not converge in 500 iterations' }] }]);
    expect(Number.isNaN(spec.series[0]!.y[2])).toBe(true);
    expect(byId(w, 'panel-failed').text()).toContain('1 point failed');
    expect(byId(w, 'panel-failed').attributes('title')).toBe('GMRES did not converge in 500 iterations');
    await lab.studyStored(id, 'scan');
  });

  it('a contour panel draws iso-lines at the panel’s levels over the map', async () => {
    const { w, lab } = await mountApp();
    const doc = smallProject();
    doc.figures.push({ id: 'fig-contour', name: 'contour', layout: { rows: 1, cols: 1 }, panels: [{ study: 'map', kind: 'contour', quantity: 'isolation', x: 'Delta', levels: [0.25, 0.45] }] });
    const id = await openFile(w, lab, doc);
    await storeMap(lab, id);
    await flushPromises();
    await byId(w, 'tree-figure-fig-contour').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('6'));
    const contours = (mapCharts(w)[0]!.props() as MapProps).contours!;
    expect(contours.map((c) => c.level)).toEqual([0.25, 0.45]);
    // isolation rises along Δ (0.1, 0.3, 0.5 at κ_b = 0): 0.25 is crossed between Δ = −1 and 0
    const xs = Array.from(contours[0]!.lines[0]!).filter((_, i) => i % 2 === 0);
    for (const x of xs) expect(x).toBeGreaterThan(-1);
    for (const x of xs) expect(x).toBeLessThan(0);
    expect(byId(w, 'panel-0').attributes('data-kind')).toBe('contour');
  });

  it('the study inspector chooses the quantities kept, as labelled edits', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab);
    await byId(w, 'tree-study-scan').trigger('click');
    await flushPromises();
    // the classical solver of this study offers its three quantities, all kept by default
    await vi.waitFor(() => expect(byId(w, 'inspector-quantities').findAll('button')).toHaveLength(3));
    expect(byId(w, 'quantity-isolation').attributes('aria-pressed')).toBe('true');
    await byId(w, 'quantity-isolation').trigger('click');
    await flushPromises();
    let edit = (callsOf(lab, 'editProject') as { doc: ProjectDocument; label: string }[]).at(-1)!;
    expect(edit.label).toBe('Drop I from Detuning scan');
    expect(edit.doc.studies[0]!.quantities).toEqual(['a_to_c.T', 'c_to_a.T']);
    expect(byId(w, 'quantity-isolation').attributes('aria-pressed')).toBe('false');
    // a quantity a figure draws is flagged when it is dropped
    await byId(w, 'quantity-c_to_a.T').trigger('click');
    await flushPromises();
    expect(byId(w, 'quantities-missing').text()).toContain('figline');
    // never none
    await byId(w, 'quantity-a_to_c.T').trigger('click');
    await flushPromises();
    expect(byId(w, 'quantities-error').text()).toContain('at least one');
    // All: back to every quantity (the field is removed)
    await byId(w, 'quantities-all').trigger('click');
    await flushPromises();
    edit = (callsOf(lab, 'editProject') as { doc: ProjectDocument; label: string }[]).at(-1)!;
    expect(edit.label).toBe('Keep every quantity of Detuning scan');
    expect(edit.doc.studies[0]!.quantities).toBeUndefined();
  });
});

describe('units', () => {
  async function spectrum(): Promise<{ w: VueWrapper; lab: TestBackend }> {
    const r = await mountApp();
    await byId(r.w, 'example-nonlocal-loss-coupling').trigger('click');
    await flushPromises();
    await byId(r.w, 'tree-study-spectrum').trigger('click');
    await flushPromises();
    return r;
  }
  const value = (w: VueWrapper, id: string): string => (byId(w, id).element as HTMLInputElement).value;

  it('three-cavity editors show κ; two-resonator editors show rad/s and switch to Hz', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab);
    await byId(w, 'tree-study-scan').trigger('click');
    expect(byId(w, 'study-unit-kappa_b').text()).toBe('κ');
    expect(byId(w, 'study-unit-kappa_b').classes()).toContain('symbolic');
    expect(byId(w, 'study-unit-theta').text()).toBe('rad');
    expect(byId(w, 'unit-switch').exists()).toBe(false);
  });

  it('Hz shows value/2π; a value typed in Hz is stored as 2π × it (rad/s); axes convert too; the choice is remembered', async () => {
    const { w, lab } = await spectrum();
    expect(byId(w, 'study-unit-kappa').text()).toBe('rad/s');
    expect(byId(w, 'study-unit-gamma_10').text()).toBe('1/s');
    expect(value(w, 'study-param-kappa')).toBe('300000');
    expect(value(w, 'axis-0-start')).toBe(String(0.5 * 2 * Math.PI * 1e6));
    await byId(w, 'unit-hz').trigger('click');
    expect(localStorage.getItem('nrlab.frequencyUnit')).toBe('Hz');
    expect(byId(w, 'study-unit-kappa').text()).toBe('Hz');
    expect(byId(w, 'study-unit-gamma_10').text()).toBe('Hz');
    expect(byId(w, 'study-unit-amplitude').text()).toBe('√W');
    expect(Number(value(w, 'study-param-kappa'))).toBeCloseTo(0.3e6 / (2 * Math.PI), 4);
    expect(value(w, 'axis-0-start')).toBe('500000');
    expect(value(w, 'axis-0-stop')).toBe('1500000');
    expect(byId(w, 'axes-editor').text()).toContain('ω/2π (Hz)');
    // typed in Hz, stored in rad/s
    const kappa = byId(w, 'study-param-kappa');
    await kappa.setValue('50e3');
    await kappa.trigger('change');
    await flushPromises();
    let edit = (callsOf(lab, 'editProject') as { doc: ProjectDocument; label: string }[]).at(-1)!;
    expect(edit.label).toBe('Edit κ of S-parameters versus frequency at γ_k = κ');
    expect(edit.doc.studies.find((s) => s.id === 'spectrum')!.params).toEqual({ kappa: '2*pi*50e3' });
    expect(value(w, 'study-param-kappa')).toBe('50e3');
    // the range check is in the shown unit: a negative value is refused inline
    await kappa.setValue('-1');
    await kappa.trigger('change');
    expect(byId(w, 'study-error-kappa').text()).toContain('must be ≥ 0');
    await kappa.setValue('50e3');
    // an axis typed in Hz is stored in rad/s
    await byId(w, 'axis-0-stop').setValue('2e6');
    await byId(w, 'axis-0-stop').trigger('change');
    await flushPromises();
    edit = (callsOf(lab, 'editProject') as { doc: ProjectDocument; label: string }[]).at(-1)!;
    const axis = edit.doc.studies.find((s) => s.id === 'spectrum')!.axes![0] as { start: number; stop: number };
    expect(axis.stop).toBeCloseTo(2 * Math.PI * 2e6, 6);
    expect(axis.start).toBeCloseTo(2 * Math.PI * 0.5e6, 6);
    // back in rad/s the stored expression shows as stored
    await byId(w, 'unit-rad').trigger('click');
    expect(value(w, 'study-param-kappa')).toBe('2*pi*50e3');
    expect(localStorage.getItem('nrlab.frequencyUnit')).toBe('rad/s');
    // remembered across sessions
    localStorage.setItem('nrlab.frequencyUnit', 'Hz');
    reloadFrequencyUnit();
    expect(frequencyUnit.value).toBe('Hz');
    await flushPromises();
    expect(value(w, 'study-param-kappa')).toBe('50e3');
    // the parameter set editor converts as well
    await byId(w, 'tree-set-fig4-perfect-isolation').trigger('click');
    expect(byId(w, 'set-unit-kappa').text()).toBe('Hz');
    expect(Number(value(w, 'set-param-kappa'))).toBeCloseTo(0.3e6 / (2 * Math.PI), 4);
  });
});
