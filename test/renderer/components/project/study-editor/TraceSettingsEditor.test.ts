// @vitest-environment happy-dom
/**
 * Correlation, spectrum and pulse studies in the app, on the real backend (the study runner runs
 * the toy closed-form dynamics of test-dynamics-model.ts): the kinds are offered for a model whose
 * ModelInfo lists them and disabled with the reason for one that does not; the settings form is
 * generated from ModelInfo.runs[kind].settings (empty = default, shown as placeholder); a bad value
 * is named and nothing is committed; each edit is one undoable project edit; the trace selection
 * is stored as absent when all are chosen; a run's stored numbers show per trace in the inspector
 * and its study tab draws every trace against the run's axis with titles in paper notation.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LineSpec } from '../../../../../src-core/figures/panel-data';
import { describeModel, getModel, registerModel, unregisterModel } from '../../../../../src-core/models/registry';
import TraceSettingsEditor from '../../../../../src-renderer/components/project/study-editor/TraceSettingsEditor.vue';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../../../src-core/project/types';
import PanelChart from '../../../../../src-renderer/components/figures/PanelChart.vue';
import { byId, mountAppOn, unmountApps } from '../../../../helpers/app-harness';
import { createTestBackend, settled, type TestBackend } from '../../../../helpers/test-backend';
import { TEST_DYNAMICS_ID, testDynamicsModel } from '../../../../helpers/test-dynamics-model';

beforeAll(() => registerModel(testDynamicsModel));
afterAll(() => unregisterModel(TEST_DYNAMICS_ID));
afterEach(() => unmountApps());

function project(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Dynamics',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [],
    studies: [
      { id: 'dyn', name: 'Toy', kind: 'point', model: TEST_DYNAMICS_ID, params: { kappa_0: 0.5, kappa_1: 1, kappa_2: 1 } },
      { id: 'two', name: 'Two', kind: 'point', model: 'two-resonator', params: {} },
    ],
    figures: [],
  };
}

async function open(): Promise<{ w: VueWrapper; lab: TestBackend }> {
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
  return { w, lab };
}

const study = (lab: TestBackend, id = 'dyn') => lab.last().doc.studies.find((s) => s.id === id)!;

async function type(w: VueWrapper, id: string, text: string): Promise<void> {
  await byId(w, id).setValue(text);
  await byId(w, id).trigger('change');
  await settled();
}

describe('dynamics studies in the app', () => {
  it('offers g2(τ), spectrum and pulse for a model with them; disabled with the reason for one without', async () => {
    const { w, lab } = await open();
    await byId(w, 'tree-study-two').trigger('click');
    for (const k of ['correlation', 'spectrum', 'pulse']) {
      const b = byId(w, `study-kind-${k}`);
      expect(b.attributes('disabled')).toBeDefined();
      expect(b.attributes('title')).toMatch(/has no .* \(only quantum models do\)/);
    }
    await byId(w, 'tree-study-dyn').trigger('click');
    // the g2(τ) button in paper notation: g with a superscript (2)
    expect(byId(w, 'study-kind-correlation').find('sup').text()).toBe('(2)');
    for (const k of ['correlation', 'spectrum', 'pulse']) expect(byId(w, `study-kind-${k}`).attributes('disabled')).toBeUndefined();
    await byId(w, 'study-kind-spectrum').trigger('click');
    await settled();
    expect(study(lab).kind).toBe('spectrum');
    expect(byId(w, 'inspector-kind').text()).toBe('Emission spectrum');
    expect(byId(w, 'tree-study-dyn').find('svg').exists()).toBe(true);
    // one undoable edit
    expect(byId(w, 'action-undo').attributes('title')).toBe('Undo Make Toy an emission spectrum (Ctrl+Z)');
    await byId(w, 'action-undo').trigger('click');
    await settled();
    expect(study(lab).kind).toBe('point');
  });

  it('generates the settings form from the model’s run: defaults as placeholders, bad values named, each edit undoable', async () => {
    const { w, lab } = await open();
    await byId(w, 'tree-study-dyn').trigger('click');
    await byId(w, 'study-kind-correlation').trigger('click');
    await settled();
    const info = testDynamicsModel.dynamics!.correlation!.settings!;
    for (const s of info) {
      const input = byId(w, `trace-setting-${s.key}`);
      expect(input.exists(), s.key).toBe(true);
      expect(input.attributes('placeholder')).toBe(s.defaultText);
      expect(input.attributes('title')).toContain(`Empty: the default, ${s.defaultText}.`);
      expect((input.element as HTMLInputElement).value).toBe('');
    }
    // not a whole number: named, nothing committed
    const before = lab.calls.filter((c) => c.method === 'editProject').length;
    await type(w, 'trace-setting-samples', '2.5');
    expect(byId(w, 'trace-settings-error').text()).toBe('Samples: must be a whole number, got 2.5');
    expect(lab.calls.filter((c) => c.method === 'editProject').length).toBe(before);
    await type(w, 'trace-setting-samples', '51');
    expect(study(lab).correlation).toEqual({ samples: 51 });
    expect(byId(w, 'trace-settings-error').exists()).toBe(false);
    expect(byId(w, 'action-undo').attributes('title')).toBe('Undo Set Samples of Toy (Ctrl+Z)');
    // empty: back to the default
    await type(w, 'trace-setting-samples', '');
    expect(study(lab).correlation).toEqual({});
    await byId(w, 'action-undo').trigger('click');
    await settled();
    expect(study(lab).correlation).toEqual({ samples: 51 });
    expect((byId(w, 'trace-setting-samples').element as HTMLInputElement).value).toBe('51');
  });

  it('chooses traces (all is stored as absent), runs, and shows each trace’s stored numbers and curves', async () => {
    const { w, lab } = await open();
    await byId(w, 'tree-study-dyn').trigger('click');
    await byId(w, 'study-kind-correlation').trigger('click');
    await settled();
    // κ_0 > 0: the toy network has the cross trace too
    expect(byId(w, 'trace-pick-a->b,c').text()).toContain('a → b, c');
    expect(byId(w, 'trace-pick-a->b,c').text()).toContain('cross-correlation');
    await byId(w, 'trace-pick-a->b,c').find('input').setValue(false);
    await settled();
    expect(study(lab).correlation).toEqual({ traces: ['a->b', 'b->a'] });
    expect(byId(w, 'trace-count').text()).toBe('2 of 3');
    await byId(w, 'trace-select-all').trigger('click');
    await settled();
    expect(study(lab).correlation).toEqual({});
    expect(byId(w, 'trace-count').text()).toBe('all (default)');
    // every box unticked: refused, named
    await byId(w, 'trace-pick-a->b,c').find('input').setValue(false);
    await settled();
    await byId(w, 'trace-pick-b->a').find('input').setValue(false);
    await settled();
    await byId(w, 'trace-pick-a->b').find('input').setValue(false);
    await settled();
    expect(byId(w, 'trace-settings-error').text()).toBe('Traces: choose at least one trace to compute');
    expect(study(lab).correlation).toEqual({ traces: ['a->b'] });
    await byId(w, 'trace-select-all').trigger('click');
    await settled();
    await type(w, 'trace-setting-samples', '11');

    await byId(w, 'study-run').trigger('click');
    await lab.studyStored(lab.last().id, 'dyn');
    await settled();
    expect(study(lab).result?.status).toBe('succeeded');
    // stored numbers per trace (the toy stores ⟨n⟩ = c/10 and g2(0) = 1 + c)
    await vi.waitFor(() => expect(byId(w, 'dynamics-values').exists()).toBe(true));
    const cell = (t: string, k: string) => Number(byId(w, `dynamics-value-${t}-${k}`).attributes('data-value'));
    expect(cell('a->b', 'mean_n')).toBeCloseTo(0.1, 15);
    expect(cell('b->a', 'g2_0')).toBeCloseTo(1.5, 15);
    expect(cell('a->b,c', 'g2_0')).toBe(0);
    const g20 = byId(w, 'dynamics-values').find('tr[data-key="g2_0"] th');
    expect(g20.text()).toBe('g(2)(0)');
    expect(g20.find('sup').text()).toBe('(2)');
    expect(byId(w, 'dynamics-values').findAll('thead th.col').map((x) => x.text())).toEqual(['a → b', 'b → a', 'a → b, c']);
    // the integrator's statistics are folded away
    expect(byId(w, 'dynamics-diagnostics').find('tr[data-key="krylovSteps"]').exists()).toBe(true);
    // the study's tab: every trace against τ (log y: g2 spans decades), titles in paper notation
    await vi.waitFor(() => expect(w.findAllComponents(PanelChart).length).toBeGreaterThan(0));
    const spec = () => (w.findAllComponents(PanelChart)[0]!.props() as { spec: LineSpec }).spec;
    await vi.waitFor(() => expect(spec().series).toHaveLength(3));
    expect(spec().xLabel).toBe('τ (1/κ)');
    expect(spec().yLabel).toBe('g^{(2)}(τ)');
    expect(spec().logY).toBe(true);
    expect(spec().series.map((s) => s.name)).toEqual(['a → b', 'b → a', 'a → b, c']);
    const kappa = 2.5;
    const x = spec().series[0]!.x;
    expect(x.length).toBe(11);
    expect(x[10]).toBeCloseTo(10 / kappa, 12);
    for (let i = 0; i < 11; i++) expect(spec().series[1]!.y[i]).toBeCloseTo(1 + 0.5 * Math.exp(-kappa * x[i]!), 12);
    // the cross trace starts at 0: not drawable on a log axis, so a gap there, values after
    expect(spec().series[2]!.y[0]).toBeNaN();
    expect(spec().series[2]!.y[5]).toBeCloseTo(1 - Math.exp(-kappa * x[5]!), 12);
  });

  it('a pulse study’s tab offers each field of the run and draws the output flux first', async () => {
    const { w, lab } = await open();
    await byId(w, 'tree-study-dyn').trigger('click');
    await byId(w, 'study-kind-pulse').trigger('click');
    await settled();
    await byId(w, 'study-run').trigger('click');
    await lab.studyStored(lab.last().id, 'dyn');
    await settled();
    expect(study(lab).result?.status).toBe('succeeded');
    const spec = () => (w.findAllComponents(PanelChart)[0]!.props() as { spec: LineSpec }).spec;
    await vi.waitFor(() => expect(spec().series.length).toBe(2));
    expect(spec().yLabel).toBe('κ_2⟨n⟩ (κ)');
    expect(byId(w, 'study-view-field-flux').attributes('aria-checked')).toBe('true');
    await byId(w, 'study-view-field-drive').trigger('click');
    await vi.waitFor(() => expect(spec().yLabel).toBe('Ω(t) (κ)'));
    // the toy's drive: a Gaussian of amplitude 0.1 at t0 = tEnd/2
    const s = spec().series[0]!;
    const peak = s.y.reduce((m, v) => Math.max(m, v), 0);
    expect(peak).toBeCloseTo(0.1, 12);
    // photons per pulse stored per trace
    expect(byId(w, 'dynamics-values').find('tr[data-key="photons"] th').text()).toBe('photons out per pulse');
    expect(spec().logY).toBe(false);
  });
});

describe('the settings form of the three-cavity model’s pulse run', () => {
  const pulse = describeModel(getModel('three-cavity')).runs!.pulse!.settings!;
  function mountForm(values: Record<string, unknown> = {}) {
    const sets: [string, string][] = [];
    const w = mount(TraceSettingsEditor, {
      props: { kind: 'pulse', settings: pulse, values, traces: ['a_to_c', 'c_to_a'], onSet: (k: string, t: string, done: (e?: unknown) => void) => (sets.push([k, t]), done()) },
    });
    return { w, sets };
  }
  const tid = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`);

  it('has a field per setting; a choice’s empty option names its default, plain text without markup', () => {
    const { w } = mountForm();
    for (const s of pulse) expect(tid(w, `trace-setting-${s.key}`).exists(), s.key).toBe(true);
    expect(tid(w, 'trace-setting-shape').findAll('option')[0]!.text()).toBe('Gaussian (default)');
    expect(tid(w, 'trace-setting-initial').findAll('option')[0]!.text()).toBe('Vacuum (default: steady for a switch-off)');
    expect(tid(w, 'trace-setting-width').attributes('placeholder')).toBe('2/κₘᵢₙ');
    for (const o of w.findAll('option')) expect(o.text()).not.toMatch(/[_^{}]/);
    expect(w.text()).not.toMatch(/[_^]\{/);
  });

  it('sends a good value with its key, names a bad one and sends nothing, and a choice as its value', async () => {
    const { w, sets } = mountForm({ width: 2 });
    expect((tid(w, 'trace-setting-width').element as HTMLInputElement).value).toBe('2');
    await tid(w, 'trace-setting-width').setValue('-1');
    expect(sets).toEqual([]);
    expect(tid(w, 'trace-settings-error').text()).toBe('Width: must be > 0, got -1');
    await tid(w, 'trace-setting-width').setValue('3/2');
    expect(sets).toEqual([['width', '3/2']]);
    expect(tid(w, 'trace-settings-error').exists()).toBe(false);
    await tid(w, 'trace-setting-shape').setValue('rect');
    expect(sets.at(-1)).toEqual(['shape', 'rect']);
    // the same value again: nothing sent
    await tid(w, 'trace-setting-width').setValue('2');
    expect(sets).toHaveLength(2);
  });
});
