// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParameterError } from '../../../src-core/errors';
import MapChart from '../../../src-renderer/components/MapChart.vue';
import { FAILED_COLOR, hexToRgb, VIRIDIS } from '../../../src-core/figures/colormap';
import { createTestBackend, type TestBackend } from '../../helpers/test-backend';
import { byId, mountAppOn, unmountApps } from '../../helpers/app-harness';

afterEach(() => {
  unmountApps();
});

/**
 * The app on the real backend, its sweep chunks held for the test to answer. Twenty workers: a
 * 20-point map is cut into one-point chunks, all computing at once (so they may finish in any order).
 */
async function mountApp(lab: TestBackend = createTestBackend({ hold: true, workers: 20 })): Promise<{ w: VueWrapper; lab: TestBackend }> {
  const w = mountAppOn(lab, { TransmissionChart: true, MapChart: true });
  // the app opens on the start screen; the free-form workbench is the Scratch view
  await vi.waitFor(() => expect(w.find('[data-testid=view-scratch]').exists()).toBe(true));
  await w.find('[data-testid=view-scratch]').trigger('click');
  await vi.waitFor(() => expect(w.find('[data-testid=run]').exists()).toBe(true));
  return { w, lab };
}

async function type(w: VueWrapper, id: string, text: string): Promise<void> {
  const el = byId(w, id);
  expect(el.exists(), `no element ${id}`).toBe(true);
  await el.setValue(text);
}

/** Switch to a 2-D map of `n1` × `n2` points over Δ/κ ∈ [-2, 2] and κ_b/κ ∈ [0, 3] (classical). */
async function mapMode(w: VueWrapper, n1 = 5, n2 = 4): Promise<void> {
  await byId(w, 'study-map').trigger('click');
  await type(w, 'param-solver', 'classical');
  await type(w, 'sweep-points', String(n1));
  await type(w, 'map-points', String(n2));
}

function mapAttr(w: VueWrapper, name: string): string | undefined {
  return byId(w, 'map').attributes(name);
}

function chartProps(w: VueWrapper): { xExtent: [number, number]; yExtent: [number, number]; xLabel: string; yLabel: string; quantitySymbol: string; colorRange: [number, number] } {
  return w.findComponent(MapChart).props() as never;
}

const rgb = (hex: string): number[] => [...hexToRgb(hex), 255];

describe('2-D map: choosing the axes', () => {
  it('offers every continuous numeric parameter with its symbol as second axis, κ_b first', async () => {
    const { w } = await mountApp();
    expect(byId(w, 'study-sweep').attributes('aria-checked')).toBe('true');
    expect(byId(w, 'map-axis').exists()).toBe(false);
    await byId(w, 'study-map').trigger('click');
    expect(byId(w, 'study-map').attributes('aria-checked')).toBe('true');
    const select = byId(w, 'map-axis');
    expect((select.element as HTMLSelectElement).value).toBe('kappa_b');
    const options = select.findAll('option').map((o) => [o.attributes('value'), o.text()]);
    const keys = options.map(([k]) => k);
    expect(keys).toContain('kappa_b');
    expect(keys).toContain('theta');
    expect(keys).toContain('J_ac');
    expect(keys).toContain('Omega');
    // set by the first axis, or integers
    for (const k of ['Delta_a', 'Delta_b', 'Delta_c', 'fock', 'cavities', 'solver']) expect(keys).not.toContain(k);
    expect(options.find(([k]) => k === 'kappa_b')![1]).toBe('Loss of b (κb)');
    // κ_b is now set by the map, the default range is the paper's 0…3
    expect(byId(w, 'param-kappa_b').attributes('disabled')).toBeDefined();
    expect(byId(w, 'param-kappa_b').attributes('placeholder')).toBe('swept');
    expect(byId(w, 'param-kappa_b').element.closest('[title]')?.getAttribute('title')).toContain('set by the sweep axis (kappa_b sets kappa_b)');
    expect((byId(w, 'map-start').element as HTMLInputElement).value).toBe('0');
    expect((byId(w, 'map-stop').element as HTMLInputElement).value).toBe('3');
    // the second row is labelled with the symbol and unit
    expect(byId(w, 'axis-map').text()).toContain('κb/κ from');
    expect(byId(w, 'map-size').text()).toBe('401 × 101 = 40\u2009501 points');
    // the map panel replaces the curves, with axis titles in paper notation
    expect(byId(w, 'map').exists()).toBe(true);
    expect(byId(w, 'plot').exists()).toBe(false);
    expect(chartProps(w).xLabel).toBe('Δ/κ');
    expect(chartProps(w).yLabel).toBe('κ_b/κ');
  });

  it('changes the swept parameter and its range with the choice, and back in 1-D mode', async () => {
    const { w } = await mountApp();
    await byId(w, 'study-map').trigger('click');
    await type(w, 'map-axis', 'theta');
    expect(byId(w, 'param-theta').attributes('disabled')).toBeDefined();
    expect(byId(w, 'param-kappa_b').attributes('disabled')).toBeUndefined();
    expect((byId(w, 'map-start').element as HTMLInputElement).value).toBe('-pi');
    expect((byId(w, 'map-stop').element as HTMLInputElement).value).toBe('pi');
    expect(chartProps(w).yLabel).toBe('θ (rad)');
    await byId(w, 'study-sweep').trigger('click');
    expect(byId(w, 'param-theta').attributes('disabled')).toBeUndefined();
    expect(byId(w, 'map-axis').exists()).toBe(false);
    expect(byId(w, 'plot').exists()).toBe(true);
  });

  it('validates the second axis: range against the parameter, applicability, grid size', async () => {
    const { w } = await mountApp();
    await byId(w, 'study-map').trigger('click');
    expect(byId(w, 'run').attributes('disabled')).toBeUndefined();

    await type(w, 'map-start', '-1');
    expect(byId(w, 'error-map-start').text()).toContain('must be ≥ 0');
    expect(byId(w, 'run').attributes('disabled')).toBeDefined();
    expect(byId(w, 'invalid-hint').text()).toBe('Fix the axes of the map to run.');
    await type(w, 'map-start', '0');
    await type(w, 'map-stop', '0');
    expect(byId(w, 'error-map-stop').text()).toContain('must differ');
    await type(w, 'map-stop', '3');
    await type(w, 'map-points', '1');
    expect(byId(w, 'error-map-points').text()).toContain('between 2 and 2,000,000');
    await type(w, 'map-points', '101');
    expect(byId(w, 'run').attributes('disabled')).toBeUndefined();

    // κ_b does not exist with two cavities
    await type(w, 'param-cavities', '2');
    expect(byId(w, 'error-map-axis').text()).toContain('κb is not used here: only with cavities = 3');
    expect(byId(w, 'map-axis').attributes('aria-invalid')).toBe('true');
    expect(byId(w, 'run').attributes('disabled')).toBeDefined();
    await type(w, 'map-axis', 'kappa_a');
    expect(byId(w, 'error-map-axis').exists()).toBe(false);
    expect(byId(w, 'run').attributes('disabled')).toBeUndefined();
    await type(w, 'param-cavities', '3');

    // at most 2 000 000 points in all
    await type(w, 'sweep-points', '2001');
    await type(w, 'map-points', '1000');
    expect(byId(w, 'error-map-size').text()).toContain('2\u2009001 × 1\u2009000 = 2\u2009001\u2009000 points; at most 2\u2009000\u2009000');
    expect(byId(w, 'run').attributes('disabled')).toBeDefined();
    await type(w, 'map-points', '999');
    expect(byId(w, 'error-map-size').exists()).toBe(false);
    expect(byId(w, 'map-size').text()).toBe('2\u2009001 × 999 = 1\u2009998\u2009999 points');
  });

  it('puts a backend error about the second axis under its field', async () => {
    const { w, lab } = await mountApp();
    await mapMode(w);
    lab.refuseNextStart(new ParameterError('--axis kappa_b (stop)', 'must be ≤ 2, got 3'));
    await byId(w, 'run').trigger('click');
    await flushPromises();
    expect(byId(w, 'error-map-stop').text()).toContain('must be ≤ 2, got 3');
    expect(byId(w, 'run-error').exists()).toBe(false);
  });
});

describe('2-D map: running', () => {
  it('starts a two-axis study and lays out the empty grid', async () => {
    const { w, lab } = await mountApp();
    await mapMode(w, 5, 4);
    await byId(w, 'run').trigger('click');
    await flushPromises();
    expect(lab.sweeps).toHaveLength(1);
    const req = lab.sweeps[0]!;
    expect(req.axes).toEqual([
      { key: 'Delta', start: -2, stop: 2, count: 5 },
      { key: 'kappa_b', start: 0, stop: 3, count: 4 },
    ]);
    expect(req.params).not.toHaveProperty('kappa_b');
    expect(req.params.solver).toBe('classical');
    await vi.waitFor(() => expect(mapAttr(w, 'data-total')).toBe('20'));
    expect(mapAttr(w, 'data-points')).toBe('0');
    expect(mapAttr(w, 'data-job')).toBe(lab.job().id);
    // the axes run over the cells' edges: half a step beyond the first and last point
    expect(chartProps(w).xExtent).toEqual([-2.5, 2.5]);
    expect(chartProps(w).yExtent).toEqual([-0.5, 3.5]);
    // the classical study's quantities, isolation first
    const options = byId(w, 'map-quantity').findAll('option').map((o) => o.attributes('value'));
    expect(options).toEqual(['a_to_c.T', 'c_to_a.T', 'isolation']);
    expect((byId(w, 'map-quantity').element as HTMLSelectElement).value).toBe('isolation');
    expect(chartProps(w).quantitySymbol).toBe('I');
    expect(byId(w, 'status').text()).toContain('Running');
    expect(byId(w, 'status').element.parentElement!.textContent).toContain('Δ/κ from −2 to 2 × κb/κ from 0 to 3 · 5 × 4 points');
    expect(window.__nrlabPlot?.map?.state.every((s) => s === 0)).toBe(true);
  });

  it('fills the grid from data events, slice by slice, and marks failed points grey', async () => {
    const { w, lab } = await mountApp();
    await mapMode(w, 5, 4);
    await byId(w, 'run').trigger('click');
    await flushPromises();
    const value = (i: number) => ({ 'a_to_c.T': i / 20, 'c_to_a.T': 1 - i / 20, isolation: i / 19 });

    // the first two columns of Δ (row-major: the first axis is slowest), one point failed
    await lab.data(0, 8, value, [{ index: 5, reason: 'the scattering matrix is singular' }]);
    await flushPromises();
    await vi.waitFor(() => expect(mapAttr(w, 'data-points')).toBe('8'));
    expect(mapAttr(w, 'data-failed')).toBe('1');
    expect(byId(w, 'map-count').text()).toBe('8 / 20 points');
    let map = window.__nrlabPlot!.map!;
    expect(map.quantity).toBe('isolation');
    expect(map.values[3]).toBe(3 / 19);
    expect(Number.isNaN(map.values[5]!)).toBe(true);
    expect(Number.isNaN(map.values[8]!)).toBe(true);
    expect([...map.state.slice(0, 10)]).toEqual([1, 1, 1, 1, 1, 2, 1, 1, 0, 0]);
    // computed: opaque viridis; failed: grey; not yet computed: blank (transparent)
    expect(map.rgba(0)).toEqual(rgb(VIRIDIS[0]!));
    expect(map.rgba(5)).toEqual(rgb(FAILED_COLOR));
    expect(map.rgba(8)[3]).toBe(0);
    expect(map.rgba(19)[3]).toBe(0);
    // the colour scale covers what has arrived, with round ends
    expect(map.colorRange).toEqual([0, 0.4]);
    expect(chartProps(w).colorRange).toEqual([0, 0.4]);

    // the rest, out of order; the scale widens and everything is repainted with it
    await lab.data(16, 20, value);
    await lab.data(8, 16, value);
    await lab.finished();
    await flushPromises();
    await vi.waitFor(() => expect(mapAttr(w, 'data-points')).toBe('20'));
    map = window.__nrlabPlot!.map!;
    expect(map.colorRange).toEqual([0, 1]);
    expect(map.values[19]).toBe(1);
    expect(map.rgba(19)).toEqual(rgb(VIRIDIS[10]!));
    expect(map.rgba(0)).toEqual(rgb(VIRIDIS[0]!));
    expect(map.rgba(5)).toEqual(rgb(FAILED_COLOR));
    expect(map.state.filter((s) => s === 0)).toHaveLength(0);
    expect(byId(w, 'status').attributes('data-status')).toBe('succeeded');

    // another quantity: repainted from the same arrays
    await type(w, 'map-quantity', 'a_to_c.T');
    await vi.waitFor(() => expect(window.__nrlabPlot!.map!.quantity).toBe('a_to_c.T'));
    expect(chartProps(w).quantitySymbol).toBe('T_{a→c}');
    expect(window.__nrlabPlot!.map!.values[10]).toBe(0.5);
  });

  it('reads out the point under the cursor: value, not yet computed, or why it failed', async () => {
    const { w, lab } = await mountApp();
    await mapMode(w, 5, 4);
    await byId(w, 'run').trigger('click');
    await flushPromises();
    await lab.data(0, 8, (i) => ({ 'a_to_c.T': 0.25, 'c_to_a.T': 0.5, isolation: 0.123456 + i }), [{ index: 6, reason: 'did not converge' }]);
    await flushPromises();
    await vi.waitFor(() => expect(mapAttr(w, 'data-points')).toBe('8'));
    const chart = w.findComponent(MapChart);
    const readout = () => byId(w, 'map-readout');

    // Δ = -1 (index 1 on the first axis), κ_b = 1 (index 1 on the second): grid index 1·4 + 1 = 5
    chart.vm.$emit('hover', { x: -1.1, y: 0.9 });
    await flushPromises();
    expect(readout().attributes('data-index')).toBe('5');
    expect(Number(readout().attributes('data-x'))).toBe(-1);
    expect(Number(readout().attributes('data-y'))).toBe(1);
    expect(Number(readout().attributes('data-value'))).toBeCloseTo(5.123456, 12);
    expect(byId(w, 'map-readout-value').text()).toBe('5.123');
    expect(readout().text()).toContain('Δ/κ = −1');
    expect(readout().text()).toContain('κb/κ = 1');

    chart.vm.$emit('hover', { x: -1, y: 2 });
    await flushPromises();
    expect(readout().attributes('data-state')).toBe('failed');
    expect(byId(w, 'map-readout-value').text()).toBe('failed: did not converge');

    chart.vm.$emit('hover', { x: 2, y: 3 });
    await flushPromises();
    expect(readout().attributes('data-state')).toBe('pending');
    expect(byId(w, 'map-readout-value').text()).toBe('not computed yet');
    // the value appears under the cursor when it arrives
    await lab.data(8, 20, () => ({ 'a_to_c.T': 0.25, 'c_to_a.T': 0.5, isolation: 0.75 }));
    await flushPromises();
    await vi.waitFor(() => expect(byId(w, 'map-readout-value').text()).toBe('0.75'));

    chart.vm.$emit('hover', null);
    await flushPromises();
    expect(readout().attributes('data-index')).toBe('');
    expect(readout().text()).toBe('Point at the map to read a value');
  });

  it('Cancel keeps the partial map; the mode cannot change while a map runs', async () => {
    const { w, lab } = await mountApp();
    await mapMode(w, 5, 4);
    await byId(w, 'run').trigger('click');
    await flushPromises();
    expect(byId(w, 'study-sweep').attributes('disabled')).toBeDefined();
    expect(byId(w, 'map-axis').attributes('disabled')).toBeDefined();
    await lab.data(0, 12, () => ({ 'a_to_c.T': 0.5, 'c_to_a.T': 0.5, isolation: 0 }));
    await flushPromises();
    await byId(w, 'cancel').trigger('click');
    await flushPromises();
    expect(byId(w, 'status').attributes('data-status')).toBe('cancelled');
    await vi.waitFor(() => expect(mapAttr(w, 'data-points')).toBe('12'));
    expect(window.__nrlabPlot!.map!.rgba(12)[3]).toBe(0);
    expect(byId(w, 'study-sweep').attributes('disabled')).toBeUndefined();
  });
});
