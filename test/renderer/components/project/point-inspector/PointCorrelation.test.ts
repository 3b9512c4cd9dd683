// @vitest-environment happy-dom
/**
 * The point inspector's g2(τ) (PointCorrelation.vue with usePointTrace.ts) on the real backend: a
 * click on a curve of a model with correlation runs computes g2(τ) at that point through
 * `runTrace` (kind correlation, default settings, every direction) and draws every trace with a
 * dashed line at g2 = 1; a new point cancels the run still going (cancelSolve with its solveId)
 * and a late answer for the old point is never drawn; errors are shown inline naming the cause.
 * The runs are the toy closed-form dynamics of test-dynamics-model.ts: g2(τ) = 1 + c·e^{−κτ}
 * (c = 1 for a->b, ½ for b->a; the cross trace a->b,c is 1 − e^{−κτ}) over τ = 0 … 10/κ,
 * κ = κ_0 + κ_1 + κ_2 — the references below are these formulas, not the app's output.
 */
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TraceRunRequest } from '../../../../../src-core/contract/api';
import { CancelledError } from '../../../../../src-core/errors';
import type { LineSpec } from '../../../../../src-core/figures/panel-data';
import { registerModel, unregisterModel } from '../../../../../src-core/models/registry';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../../../src-core/project/types';
import type { SolverTask, SolverTaskResult } from '../../../../../src-core/tasks/solver-tasks';
import PanelChart from '../../../../../src-renderer/components/figures/PanelChart.vue';
import TraceCurvesChart from '../../../../../src-renderer/components/figures/TraceCurvesChart.vue';
import { byId, mountAppOn, unmountApps } from '../../../../helpers/app-harness';
import { createTestBackend, type TestBackend } from '../../../../helpers/test-backend';
import { TEST_DYNAMICS_ID, testDynamicsModel } from '../../../../helpers/test-dynamics-model';
import type { RunOptions } from '../../../../../src-main/services/solver-pool';

beforeAll(() => registerModel(testDynamicsModel));
afterAll(() => unregisterModel(TEST_DYNAMICS_ID));
afterEach(() => unmountApps());

/** A sweep of the toy model over κ_2 ∈ {1, 3} (κ = 1.5 + κ_2 with κ_0 = 0.5, κ_1 = 1), drawn in a figure. */
function project(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Dynamics',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [],
    studies: [{ id: 'scan', name: 'Scan', kind: 'sweep', model: TEST_DYNAMICS_ID, params: { kappa_0: 0.5, kappa_1: 1 }, axes: [{ key: 'kappa_2', values: [1, 3] }] }],
    figures: [{ id: 'fig', name: 'fig', layout: { rows: 1, cols: 1 }, panels: [{ study: 'scan', kind: 'line', x: 'kappa_2', series: [{ quantity: 'T' }] }] }],
  };
}

/** The toy model's transmission T = κ_1κ_2/((κ/2)²) at Δ = 0 (stored as the study would). */
const T = (k2: number): number => (1 * k2) / ((1.5 + k2) / 2) ** 2;

async function openScan(): Promise<{ w: VueWrapper; lab: TestBackend }> {
  const lab = createTestBackend();
  const w = mountAppOn(lab);
  await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
  const path = lab.writeProject('p/dyn.nrlab', project());
  await byId(w, 'open-project').trigger('click');
  await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
  await byId(w, 'dialog-path').setValue(path);
  await byId(w, 'dialog-ok').trigger('click');
  await lab.idle();
  await flushPromises();
  await lab.storeResult(lab.last().id, 'scan', { axes: [{ key: 'kappa_2', values: [1, 3] }], data: { T: [T(1), T(3)] } });
  await flushPromises();
  await byId(w, 'tree-figure-fig').trigger('click');
  await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('2'));
  return { w, lab };
}

const runTraceCalls = (lab: TestBackend): TraceRunRequest[] => lab.calls.filter((c) => c.method === 'runTrace').map((c) => c.args as TraceRunRequest);
const chartSpec = (w: VueWrapper): LineSpec | undefined => {
  const c = w.findAllComponents(TraceCurvesChart)[0];
  return c ? (c.props() as { spec: LineSpec }).spec : undefined;
};
const pick = async (w: VueWrapper, i: number): Promise<void> => {
  w.findAllComponents(PanelChart)[0]!.vm.$emit('pick', { series: 0, i });
  await flushPromises();
};

describe('point inspector g2(τ)', () => {
  it('computes g2(τ) of every trace at the clicked point with runTrace and draws it with a dashed line at g2 = 1', async () => {
    const { w, lab } = await openScan();
    await pick(w, 1);
    await vi.waitFor(() => expect(byId(w, 'point-g2tau').attributes('data-state')).toBe('ready'));
    expect(runTraceCalls(lab)).toEqual([{ model: TEST_DYNAMICS_ID, kind: 'correlation', params: { kappa_0: 0.5, kappa_1: 1, kappa_2: 3 }, solveId: expect.any(String) }]);
    const kappa = 0.5 + 1 + 3;
    const spec = chartSpec(w)!;
    expect(spec.series.map((s) => s.id)).toEqual(['a->b', 'b->a', 'a->b,c']);
    expect(spec.series.map((s) => s.name)).toEqual(['a → b', 'b → a', 'a → b, c']);
    expect(spec.xLabel).toBe('τ (1/κ)');
    expect(spec.yLabel).toBe('g^{(2)}(τ)');
    const tau = spec.series[0]!.x;
    expect(tau.length).toBe(201);
    expect(tau[200]).toBeCloseTo(10 / kappa, 12);
    for (const [k, c] of [[0, 1], [1, 0.5]] as const) {
      for (const i of [0, 17, 200]) expect(spec.series[k]!.y[i]).toBeCloseTo(1 + c * Math.exp(-kappa * tau[i]!), 12);
    }
    expect(spec.series[2]!.y[50]).toBeCloseTo(1 - Math.exp(-kappa * tau[50]!), 12);
    expect((w.findAllComponents(TraceCurvesChart)[0]!.props() as { reference?: number }).reference).toBe(1);
    // g2 at τ = 0 per trace, as shown beside the chart
    expect(Number(byId(w, 'point-g2tau-a->b').attributes('data-first'))).toBeCloseTo(2, 12);
    expect(Number(byId(w, 'point-g2tau-b->a').attributes('data-first'))).toBeCloseTo(1.5, 12);
    expect(byId(w, 'point-g2tau').text()).not.toMatch(/[_^]\{/);
  });

  it('a new point cancels the run still going, and the old point’s late answer is never drawn', async () => {
    const { w, lab } = await openScan();
    // hold the backend's trace runs (pool task 'simulate') until the test lets each finish, whatever the cancel
    const held: { task: SolverTask; go(): void }[] = [];
    const run = lab.runner.run.bind(lab.runner);
    lab.runner.run = (task: SolverTask, opts?: RunOptions): Promise<SolverTaskResult> => {
      if (task.kind !== 'simulate') return run(task, opts);
      return new Promise((resolve, reject) => held.push({ task, go: () => void run(task, {}).then(resolve, reject) }));
    };
    await pick(w, 0);
    await vi.waitFor(() => expect(held).toHaveLength(1));
    expect(byId(w, 'point-g2tau').attributes('data-state')).toBe('running');
    expect(byId(w, 'point-g2tau-status').text()).toContain('Computing');
    await pick(w, 1);
    await vi.waitFor(() => expect(held).toHaveLength(2));
    const [first, second] = runTraceCalls(lab);
    expect(first!.params).toMatchObject({ kappa_2: 1 });
    expect(second!.params).toMatchObject({ kappa_2: 3 });
    // the first run was cancelled by its solveId
    expect(lab.calls.filter((c) => c.method === 'cancelSolve').map((c) => c.args)).toContainEqual({ solveId: first!.solveId });
    held[1]!.go();
    await vi.waitFor(() => expect(byId(w, 'point-g2tau').attributes('data-state')).toBe('ready'));
    const end = (): number => chartSpec(w)!.series[0]!.x.at(-1)!;
    expect(end()).toBeCloseTo(10 / 4.5, 12);
    // the old point's answer arrives late: still the point shown
    held[0]!.go();
    await lab.idle();
    await flushPromises();
    expect(byId(w, 'point-g2tau').attributes('data-state')).toBe('ready');
    expect(end()).toBeCloseTo(10 / 4.5, 12);
    expect(byId(w, 'point-inspector').attributes('data-index')).toBe('1');
  });

  it('Cancel stops the run (it can be started again); a failure is shown inline naming the cause', async () => {
    const { w, lab } = await openScan();
    const run = lab.runner.run.bind(lab.runner);
    let fail = false;
    lab.runner.run = (task: SolverTask, opts?: RunOptions): Promise<SolverTaskResult> => {
      if (task.kind !== 'simulate') return run(task, opts);
      if (fail) return Promise.reject(new Error('the Krylov propagation did not converge'));
      // held until cancelled
      return new Promise((_, reject) => opts?.signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true }));
    };
    await pick(w, 0);
    await vi.waitFor(() => expect(byId(w, 'point-g2tau').attributes('data-state')).toBe('running'));
    await byId(w, 'point-g2tau-cancel').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'point-g2tau').attributes('data-state')).toBe('cancelled'));
    expect(chartSpec(w)).toBeUndefined();
    fail = true;
    await byId(w, 'point-g2tau-retry').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'point-g2tau').attributes('data-state')).toBe('error'));
    expect(byId(w, 'point-g2tau-error').text()).toContain('the Krylov propagation did not converge');
    expect(chartSpec(w)).toBeUndefined();
    fail = false;
    lab.runner.run = run;
    await pick(w, 1);
    await vi.waitFor(() => expect(byId(w, 'point-g2tau').attributes('data-state')).toBe('ready'));
    expect(byId(w, 'point-g2tau-error').exists()).toBe(false);
  });

  it('is not shown, and nothing is computed, for a model without correlation runs', async () => {
    const lab = createTestBackend();
    const w = mountAppOn(lab);
    await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
    const doc = project();
    doc.studies[0] = { id: 'scan', name: 'Scan', kind: 'sweep', model: 'two-resonator', params: {}, axes: [{ key: 'gamma_10', values: [0.5e6, 1e6] }] };
    doc.figures[0]!.panels[0] = { study: 'scan', kind: 'line', x: 'gamma_10', series: [{ quantity: 'isolation_dB' }] };
    const path = lab.writeProject('p/two.nrlab', doc);
    await byId(w, 'open-project').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
    await byId(w, 'dialog-path').setValue(path);
    await byId(w, 'dialog-ok').trigger('click');
    await lab.idle();
    await flushPromises();
    await lab.storeResult(lab.last().id, 'scan', { axes: [{ key: 'gamma_10', values: [0.5e6, 1e6] }], data: { isolation_dB: [10, 20] } });
    await flushPromises();
    await byId(w, 'tree-figure-fig').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('2'));
    await pick(w, 1);
    await vi.waitFor(() => expect(byId(w, 'point-inspector').attributes('data-state')).toBe('ready'));
    expect(byId(w, 'point-g2tau').exists()).toBe(false);
    expect(runTraceCalls(lab)).toEqual([]);
  });
});
