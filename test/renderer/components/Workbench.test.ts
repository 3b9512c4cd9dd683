// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NrlabError, ParameterError } from '../../../src-core/errors';
import { threeCavitySchema } from '../../../src-core/models/three-cavity/schema';
import TransmissionChart from '../../../src-renderer/components/TransmissionChart.vue';
import type { ChartSeries } from '../../../src-renderer/lib/chart-types';
import { createTestBackend, type TestBackend } from '../../helpers/test-backend';
import { byId, mountAppOn, unmountApps } from '../../helpers/app-harness';

afterEach(() => {
  unmountApps();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/**
 * The app on the real backend, its sweep chunks held for the test to answer. Six workers: the job
 * service then cuts a 401-point sweep into chunks of 5 points (a resumed one of 251 into 3).
 */
async function mountApp(lab: TestBackend = createTestBackend({ hold: true, workers: 6 })): Promise<{ w: VueWrapper; lab: TestBackend }> {
  const w = mountAppOn(lab, { TransmissionChart: true });
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

function chartProps(w: VueWrapper): { x: Float64Array | null; series: ChartSeries[]; revision: number; xRange: [number, number] } {
  return w.findComponent(TransmissionChart).props() as never;
}

async function startRun(w: VueWrapper, lab: TestBackend): Promise<void> {
  await byId(w, 'run').trigger('click');
  await flushPromises();
  expect(lab.sweeps.length).toBeGreaterThan(0);
}

describe('parameter form', () => {
  it('renders every parameter of the schema in its group, with symbol, unit and tooltip', async () => {
    const { w } = await mountApp(createTestBackend({ workers: 3 }));
    for (const p of threeCavitySchema.params) {
      const input = byId(w, `param-${p.key}`);
      expect(input.exists(), p.key).toBe(true);
      const field = input.element.closest('[title]');
      expect(field?.getAttribute('title')).toContain(p.description);
      expect(field?.getAttribute('title')).toContain(p.ref);
    }
    const groups = [...new Set(threeCavitySchema.params.map((p) => p.group))];
    expect(w.findAll('[data-testid=param-form] h3').map((h) => h.text())).toEqual(groups);
    // κ_a is written with a real subscript, and its unit is shown
    const kappaRow = byId(w, 'param-kappa_a').element.closest('.field')!;
    const symbol = kappaRow.querySelector('.symbol')!;
    expect(symbol.textContent).toBe('κa');
    expect(symbol.querySelector('sub')?.textContent).toBe('a');
    expect(byId(w, 'param-J_ab').element.closest('.field')!.querySelector('.symbol sub')?.textContent).toBe('ab');
    expect(kappaRow.querySelector('.unit')?.textContent).toBe('κ');
    expect(byId(w, 'param-theta').element.closest('.field')!.querySelector('.unit')?.textContent).toBe('rad');
    // defaults are written as a physicist would: -pi/4, sqrt(2)/2
    expect((byId(w, 'param-theta').element as HTMLInputElement).value).toBe('-pi/4');
    expect((byId(w, 'param-J_ac').element as HTMLInputElement).value).toBe('sqrt(2)/2');
    expect(byId(w, 'workers').text()).toBe('3 workers');
    expect(byId(w, 'model-title').text()).toBe('Three-cavity loss-induced nonreciprocity');
  });

  it('shows the reason for a bad value under the field and disables Run until it is fixed', async () => {
    const { w } = await mountApp();
    expect(byId(w, 'run').attributes('disabled')).toBeUndefined();
    await type(w, 'param-kappa_a', '-1');
    expect(byId(w, 'error-kappa_a').text()).toContain('must be ≥ 0.0001');
    expect(byId(w, 'param-kappa_a').attributes('aria-invalid')).toBe('true');
    expect(byId(w, 'run').attributes('disabled')).toBeDefined();
    await type(w, 'param-kappa_a', 'pi/');
    expect(byId(w, 'error-kappa_a').text()).toContain('cannot read "pi/"');
    await type(w, 'param-kappa_a', '1');
    expect(byId(w, 'error-kappa_a').exists()).toBe(false);
    expect(byId(w, 'run').attributes('disabled')).toBeUndefined();
  });

  it('accepts expressions such as -pi/4 and sends their values', async () => {
    const { w, lab } = await mountApp();
    await type(w, 'param-theta', '-pi/3');
    await type(w, 'param-J_ac', 'sqrt(2)/4');
    await type(w, 'param-kappa_b', '2^-1');
    expect(byId(w, 'error-theta').exists()).toBe(false);
    expect(w.text()).toContain('= −1.047');
    await startRun(w, lab);
    const req = lab.sweeps[0]!;
    expect(req.model).toBe('three-cavity');
    expect(req.params.theta).toBeCloseTo(-Math.PI / 3, 15);
    expect(req.params.J_ac).toBeCloseTo(Math.SQRT2 / 4, 15);
    expect(req.params.kappa_b).toBe(0.5);
    expect(req.params.solver).toBe('quantum');
    // the detunings are set by the sweep axis, not by the form
    expect(req.params).not.toHaveProperty('Delta_a');
    expect(req.axes).toEqual([{ key: 'Delta', start: -2, stop: 2, count: 401 }]);
  });

  it('disables and omits the cavity-b parameters when N = 2', async () => {
    const { w, lab } = await mountApp();
    await type(w, 'param-kappa_b', '-5'); // invalid, but irrelevant once b is gone
    expect(byId(w, 'run').attributes('disabled')).toBeDefined();
    await type(w, 'param-cavities', '2');
    for (const k of ['J_ab', 'J_bc', 'kappa_b', 'Delta_b']) expect(byId(w, `param-${k}`).attributes('disabled'), k).toBeDefined();
    expect(byId(w, 'param-J_ac').attributes('disabled')).toBeUndefined();
    expect(byId(w, 'run').attributes('disabled')).toBeUndefined();
    await startRun(w, lab);
    const params = lab.sweeps[0]!.params;
    expect(params.cavities).toBe(2);
    for (const k of ['J_ab', 'J_bc', 'kappa_b']) expect(params).not.toHaveProperty(k);
  });

  it('validates the sweep range', async () => {
    const { w } = await mountApp();
    const cases: [string, string, string][] = [
      ['sweep-points', '1', 'between 2 and 2,000,000'],
      ['sweep-points', '2000001', 'between 2 and 2,000,000'],
      ['sweep-points', '10.5', 'must be an integer'],
      ['sweep-start', 'abc', 'cannot read "abc"'],
      ['sweep-stop', '-2', 'must differ'],
    ];
    for (const [id, text, reason] of cases) {
      const before = (byId(w, id).element as HTMLInputElement).value;
      await type(w, id, text);
      expect(byId(w, `error-${id}`).text()).toContain(reason);
      expect(byId(w, 'run').attributes('disabled')).toBeDefined();
      await type(w, id, before);
      expect(byId(w, `error-${id}`).exists()).toBe(false);
    }
    await type(w, 'sweep-points', '2000000');
    await type(w, 'sweep-stop', 'pi');
    expect(byId(w, 'run').attributes('disabled')).toBeUndefined();
  });
});

describe('running a sweep', () => {
  it('follows progress, fills the plot arrays from data events and reports completion', async () => {
    // the backend's clock: the ETA and the run time it reports follow it
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.spyOn(performance, 'now').mockImplementation(() => Date.now());
    const { w, lab } = await mountApp();
    await startRun(w, lab);
    expect(byId(w, 'status').attributes('data-status')).toBe('running');
    expect(byId(w, 'run').attributes('disabled')).toBeDefined();
    expect(byId(w, 'cancel').attributes('disabled')).toBeUndefined();
    // the plot is laid out at once over the whole grid, all NaN
    await vi.waitFor(() => expect(chartProps(w).x?.length).toBe(401));
    expect(chartProps(w).x![0]).toBe(-2);
    expect(chartProps(w).x![400]).toBe(2);
    expect(chartProps(w).series.map((s) => s.id)).toEqual(['a_to_c.T', 'c_to_a.T']);
    expect(chartProps(w).series.every((s) => s.y.every(Number.isNaN))).toBe(true);

    // 100 points in 1 s: 301 to go take about 3 s (vi.waitFor moves a lab clock: set it)
    vi.setSystemTime(lab.job().startedAt + 1000);
    await lab.data(0, 100, (i) => ({ 'a_to_c.T': i / 1000, 'c_to_a.T': 1 - i / 1000, isolation: 0 }));
    await flushPromises();
    expect(Number(byId(w, 'progress').attributes('data-progress'))).toBeCloseTo(100 / 401, 12);
    expect(byId(w, 'progress-percent').text()).toBe('24 %');
    expect(byId(w, 'progress-counts').text()).toBe('100 / 401 points');
    expect(byId(w, 'progress-eta').text()).toBe('ETA 3.0 s');
    expect(byId(w, 'status').text()).toContain('Running');
    await vi.waitFor(() => expect(byId(w, 'plot').attributes('data-points')).toBe('100'));
    let [ac, ca] = chartProps(w).series;
    expect(ac!.y[42]).toBe(0.042);
    expect(ca!.y[42]).toBe(1 - 0.042);
    expect(Number.isNaN(ac!.y[100]!)).toBe(true);
    expect(ac!.color).toMatch(/^#d6/i);
    expect(ac!.dashed).toBe(false);
    expect(ca!.dashed).toBe(true);

    // slices may arrive out of order: of the chunks computed at once, a later one first
    const rest = (i: number) => (i >= 300 ? { 'a_to_c.T': 0.5, 'c_to_a.T': 0.25, isolation: 0.25 } : { 'a_to_c.T': 0.75, 'c_to_a.T': 0.125, isolation: 0.625 });
    vi.setSystemTime(lab.job().startedAt + 1234);
    await lab.data(105, 130, rest);
    await lab.data(100, 105, rest);
    await lab.data(130, 401, rest);
    await lab.finished();
    await flushPromises();
    await vi.waitFor(() => expect(byId(w, 'plot').attributes('data-points')).toBe('401'));
    [ac, ca] = chartProps(w).series;
    expect(ac!.y[200]).toBe(0.75);
    expect(ca!.y[400]).toBe(0.25);
    expect(byId(w, 'status').attributes('data-status')).toBe('succeeded');
    expect(byId(w, 'status').text()).toBe('Completed in 1.2 s — 401 points');
    expect(byId(w, 'run').attributes('disabled')).toBeUndefined();
    expect(byId(w, 'cancel').attributes('disabled')).toBeDefined();
    expect(Number(byId(w, 'plot').attributes('data-updates'))).toBeGreaterThan(0);
  });

  it('plots any quantity the sweep kept, on a fitted or a log axis', async () => {
    const { w, lab } = await mountApp();
    await startRun(w, lab);
    await lab.data(0, 401, (i) => ({ 'a_to_c.T': 0.5, 'c_to_a.T': 0.25, isolation: i / 100 }));
    await lab.finished();
    await flushPromises();
    await vi.waitFor(() => expect(byId(w, 'plot').attributes('data-points')).toBe('401'));
    // the two transmissions on 0…1 by default
    expect(chartProps(w).series.map((s) => s.id)).toEqual(['a_to_c.T', 'c_to_a.T']);
    expect((w.findComponent(TransmissionChart).props() as { yScale: unknown }).yScale).toEqual({ kind: 'fixed', range: [0, 1] });
    await byId(w, 'plot-quantities').trigger('click');
    const box = (key: string) => w.find(`[data-testid=plot-quantity-menu] input[data-key="${key}"]`);
    await box('isolation').setValue(true);
    await box('c_to_a.T').setValue(false);
    await flushPromises();
    await vi.waitFor(() => expect(chartProps(w).series.map((s) => s.id)).toEqual(['a_to_c.T', 'isolation']));
    const iso = chartProps(w).series[1]!;
    expect(iso.y[200]).toBe(2);
    expect((w.findComponent(TransmissionChart).props() as { yScale: unknown }).yScale).toEqual({ kind: 'auto' });
    expect(byId(w, 'plot-quantities').text()).not.toMatch(/[_^{}]/);
    await byId(w, 'plot-log-y').setValue(true);
    expect((w.findComponent(TransmissionChart).props() as { yScale: unknown }).yScale).toEqual({ kind: 'log' });
  });

  it('Cancel calls cancelJob and keeps the partial results', async () => {
    const { w, lab } = await mountApp();
    await startRun(w, lab);
    await lab.data(0, 150, () => ({ 'a_to_c.T': 0.5, 'c_to_a.T': 0.5, isolation: 0 }));
    await flushPromises();
    await byId(w, 'cancel').trigger('click');
    await flushPromises();
    expect(lab.calls.filter((c) => c.method === 'cancelJob')).toEqual([{ method: 'cancelJob', args: { jobId: lab.job().id } }]);
    expect(byId(w, 'status').attributes('data-status')).toBe('cancelled');
    expect(byId(w, 'status').text()).toBe('Cancelled at 150 of 401 points, partial results kept');
    await vi.waitFor(() => expect(byId(w, 'plot').attributes('data-points')).toBe('150'));
    // the cancelled job's chunks were stopped: nothing more arrives
    expect(lab.runner.chunks()).toEqual([]);
    await flushPromises();
    expect(byId(w, 'status').attributes('data-status')).toBe('cancelled');
  });

  it('Resume after Cancel continues the same sweep from the points already computed', async () => {
    const { w, lab } = await mountApp();
    await startRun(w, lab);
    const first = lab.job().id;
    await lab.data(0, 150, (i) => ({ 'a_to_c.T': i / 1000, 'c_to_a.T': 0.5, isolation: 0 }));
    await flushPromises();
    expect(byId(w, 'resume').exists()).toBe(false);
    await byId(w, 'cancel').trigger('click');
    await flushPromises();
    expect(byId(w, 'status').attributes('data-status')).toBe('cancelled');
    // a changed form asks for another sweep: Run, not Resume
    await type(w, 'sweep-points', '101');
    await flushPromises();
    expect(byId(w, 'resume').exists()).toBe(false);
    await type(w, 'sweep-points', '401');
    await flushPromises();
    await byId(w, 'resume').trigger('click');
    await flushPromises();
    expect(lab.calls.filter((c) => c.method === 'resumeJob').map((c) => c.args)).toEqual([{ jobId: first }]);
    expect(lab.job().id).not.toBe(first);
    expect(lab.job().total).toBe(251);
    expect(byId(w, 'status').attributes('data-status')).toBe('running');
    // the points of the first run are still drawn; the new job fills the rest
    await vi.waitFor(() => expect(byId(w, 'plot').attributes('data-points')).toBe('150'));
    await lab.data(150, 401, (i) => ({ 'a_to_c.T': i / 1000, 'c_to_a.T': 0.5, isolation: 0 }));
    await lab.finished();
    await flushPromises();
    await vi.waitFor(() => expect(byId(w, 'plot').attributes('data-points')).toBe('401'));
    const [ac] = chartProps(w).series;
    expect(ac!.y[42]).toBe(0.042);
    expect(ac!.y[400]).toBe(0.4);
    expect(byId(w, 'status').attributes('data-status')).toBe('succeeded');
    expect(byId(w, 'resume').exists()).toBe(false);
    // the sweep request was sent once: resuming sends no new sweep
    expect(lab.sweeps).toHaveLength(1);
  });

  it('runs on Ctrl+Enter and cancels on Esc', async () => {
    const { w, lab } = await mountApp();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(lab.calls.some((c) => c.method === 'cancelJob')).toBe(false);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }));
    await flushPromises();
    expect(lab.sweeps).toHaveLength(1);
    // a second Ctrl+Enter while running does not start another sweep
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }));
    await flushPromises();
    expect(lab.sweeps).toHaveLength(1);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(lab.calls.some((c) => c.method === 'cancelJob')).toBe(true);
    expect(byId(w, 'status').attributes('data-status')).toBe('cancelled');
  });

  it('shows a failed job with its reason', async () => {
    const { w, lab } = await mountApp();
    await startRun(w, lab);
    // what fails a whole sweep in the job service: a chunk refused as bad input (other errors fail only its points)
    await lab.fail(new NrlabError('bad-input', 'the scattering matrix is singular'));
    await lab.finished();
    await flushPromises();
    expect(byId(w, 'status').attributes('data-status')).toBe('failed');
    expect(byId(w, 'status').text()).toBe('Failed: the scattering matrix is singular');
  });

  it('puts a bad-input error from the backend next to the offending field', async () => {
    const { w, lab } = await mountApp();
    lab.refuseNextStart(new ParameterError('J_ac', 'must be small enough for this test'));
    await startRun(w, lab);
    expect(byId(w, 'error-J_ac').text()).toBe('must be small enough for this test');
    expect(byId(w, 'status').attributes('data-status')).toBe('idle');
    expect(byId(w, 'run-error').exists()).toBe(false);
    await type(w, 'param-J_ac', '0.5');
    expect(byId(w, 'error-J_ac').exists()).toBe(false);

    lab.refuseNextStart(new ParameterError('--axis Delta (start)', 'must be ≥ -10, got -20'));
    await startRun(w, lab);
    expect(byId(w, 'error-sweep-start').text()).toContain('must be ≥ -10, got -20');
  });

  it('shows other start errors as a plain message, never an object or a stack', async () => {
    const { w, lab } = await mountApp();
    lab.refuseNextStart(new Error('the solver pool is shutting down'));
    await startRun(w, lab);
    const msg = byId(w, 'run-error').text();
    expect(msg).toBe('Could not start: the solver pool is shutting down');
    expect(w.text()).not.toContain('[object');
    expect(w.text()).not.toMatch(/\bat .*\.ts:\d+/);
    expect(byId(w, 'status').text()).toContain('Not started');
  });
});
