// @vitest-environment happy-dom
/**
 * Authoring in the app (on the real backend): a new empty project offers
 * Add in each section; the tree adds, renames inline (F2), duplicates (Ctrl+D) and deletes (Del,
 * after a confirmation stating the effects) — each one labelled, undoable edit; the study editor
 * changes kind and axes; the figure editor overlays curves from two studies; a sweep estimated
 * over five minutes asks before it runs.
 */
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addStudy } from '../../../../src-core/project/authoring';
import type { ProjectDocument } from '../../../../src-core/project/types';
import { smallProject } from '../../../helpers/small-project';
import { createTestBackend, type TestBackend } from '../../../helpers/test-backend';
import { byId, mountAppOn, unmountApps } from '../../../helpers/app-harness';

afterEach(() => {
  unmountApps();
  sessionStorage.clear();
  localStorage.clear();
});

const edits = (lab: TestBackend): { label: string; doc: ProjectDocument }[] => lab.calls.filter((c) => c.method === 'editProject').map((c) => c.args as { label: string; doc: ProjectDocument });
const current = (lab: TestBackend): ProjectDocument => lab.last().doc;

async function newEmptyProject(): Promise<{ w: VueWrapper; lab: TestBackend }> {
  const lab = createTestBackend({ hold: true });
  const w = mountAppOn(lab);
  await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
  await byId(w, 'new-project').trigger('click');
  await vi.waitFor(() => expect(byId(w, 'project-workbench').exists()).toBe(true));
  await flushPromises();
  return { w, lab };
}

function keyOn(el: Element, key: string, mods: { ctrl?: boolean } = {}): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: mods.ctrl === true, bubbles: true, cancelable: true }));
}

describe('tree authoring', () => {
  it('a new project shows an empty state with Add in each section, never "None"', async () => {
    const { w } = await newEmptyProject();
    for (const k of ['set', 'study', 'figure']) {
      expect(byId(w, `tree-empty-${k}`).exists()).toBe(true);
      expect(byId(w, `tree-empty-add-${k}`).exists()).toBe(true);
      expect(byId(w, `tree-add-${k}`).exists()).toBe(true);
    }
    expect(byId(w, 'tree').text()).not.toContain('None');
  });

  it('adds, renames (F2), duplicates (Ctrl+D) and deletes (Del, confirmed) as labelled undoable edits', async () => {
    const { w, lab } = await newEmptyProject();
    await byId(w, 'tree-empty-add-study').trigger('click');
    await flushPromises();
    expect(edits(lab).at(-1)!.label).toBe('Add study Sweep');
    const study = current(lab).studies[0]!;
    expect(study).toMatchObject({ id: 'study-1', kind: 'sweep', model: 'three-cavity' });
    expect(study.axes).toHaveLength(1);
    // selected and opened: its editor is in the inspector
    expect(byId(w, 'inspector').attributes('data-kind')).toBe('study');
    expect(byId(w, 'study-setup').exists()).toBe(true);

    // F2: inline rename; a clash is refused with the reason, Enter commits
    keyOn(byId(w, 'tree-study-study-1').element, 'F2');
    await flushPromises();
    const input = byId(w, 'tree-rename-input');
    expect(input.exists()).toBe(true);
    await input.setValue('Detuning scan');
    keyOn(input.element, 'Enter');
    await flushPromises();
    expect(edits(lab).at(-1)!.label).toBe('Rename study Sweep to Detuning scan');
    expect(current(lab).studies[0]!.name).toBe('Detuning scan');
    expect(byId(w, 'tree-rename-input').exists()).toBe(false);

    // Ctrl+D duplicates under a new name, right after it
    keyOn(byId(w, 'tree-study-study-1').element, 'd', { ctrl: true });
    await flushPromises();
    expect(current(lab).studies.map((s) => s.name)).toEqual(['Detuning scan', 'Detuning scan copy']);

    // a rename to an existing name is refused beside the field, nothing sent
    const before = edits(lab).length;
    keyOn(byId(w, 'tree-study-study-2').element, 'F2');
    await flushPromises();
    await byId(w, 'tree-rename-input').setValue('Detuning scan');
    keyOn(byId(w, 'tree-rename-input').element, 'Enter');
    await flushPromises();
    expect(byId(w, 'tree-rename-error').text()).toContain('already called "Detuning scan"');
    expect(edits(lab)).toHaveLength(before);
    keyOn(byId(w, 'tree-rename-input').element, 'Escape');
    await flushPromises();
    expect(byId(w, 'tree-rename-input').exists()).toBe(false);

    // a figure drawing study-1, then Del on study-1 states that its panel goes too
    await byId(w, 'tree-add-figure').trigger('click');
    await flushPromises();
    expect(current(lab).figures[0]!.panels[0]!.study).toBe('study-2');
    await byId(w, 'figure-add-study').setValue('study-1');
    await byId(w, 'figure-add-panel').trigger('click');
    await flushPromises();
    expect(current(lab).figures[0]!.panels.map((p) => p.study)).toEqual(['study-2', 'study-1']);
    keyOn(byId(w, 'tree-study-study-1').element, 'Delete');
    await flushPromises();
    const msg = byId(w, 'dialog-message').text();
    expect(msg).toContain('Delete the study "Detuning scan"?');
    expect(msg).toContain('Figure panel 2');
    // Cancel keeps it
    await byId(w, 'dialog-cancel').trigger('click');
    await flushPromises();
    expect(current(lab).studies).toHaveLength(2);
    keyOn(byId(w, 'tree-study-study-1').element, 'Delete');
    await flushPromises();
    await byId(w, 'dialog-choice-delete').trigger('click');
    await flushPromises();
    expect(current(lab).studies.map((s) => s.id)).toEqual(['study-2']);
    expect(current(lab).figures[0]!.panels.map((p) => p.study)).toEqual(['study-2']);
    expect(byId(w, 'tree-study-study-1').exists()).toBe(false);

    // undo restores the study and its panel; redo deletes again
    await byId(w, 'action-undo').trigger('click');
    await flushPromises();
    expect(current(lab).studies.map((s) => s.id)).toEqual(['study-1', 'study-2']);
    expect(current(lab).figures[0]!.panels).toHaveLength(2);
    expect(byId(w, 'tree-study-study-1').exists()).toBe(true);
    await byId(w, 'action-redo').trigger('click');
    await flushPromises();
    expect(current(lab).studies.map((s) => s.id)).toEqual(['study-2']);
  });

  it('the context menu offers Open, Rename, Duplicate and Delete', async () => {
    const { w, lab } = await newEmptyProject();
    await byId(w, 'tree-add-set').trigger('click');
    await flushPromises();
    expect(current(lab).parameterSets[0]).toMatchObject({ id: 'set-1', name: 'Parameters', model: 'three-cavity' });
    await byId(w, 'tree-set-set-1').trigger('contextmenu', { clientX: 40, clientY: 60 });
    await flushPromises();
    expect(byId(w, 'tree-menu').findAll('[role="menuitem"]').map((b) => b.attributes('data-testid'))).toEqual(['tree-menu-rename', 'tree-menu-duplicate', 'tree-menu-delete']);
    await byId(w, 'tree-menu-duplicate').trigger('click');
    await flushPromises();
    expect(current(lab).parameterSets.map((p) => p.name)).toEqual(['Parameters', 'Parameters copy']);
    expect(byId(w, 'tree-menu').exists()).toBe(false);
  });
});

describe('study and figure editors', () => {
  it('changes a study to a 2-D map and its axis parameter; overlays a curve from another study', async () => {
    const { w, lab } = await newEmptyProject();
    await byId(w, 'tree-add-study').trigger('click');
    await flushPromises();
    await byId(w, 'study-kind-sweep2').trigger('click');
    await flushPromises();
    const map = current(lab).studies[0]!;
    expect(map.axes).toHaveLength(2);
    expect(edits(lab).at(-1)!.label).toBe('Make Sweep a 2-D map');
    await byId(w, 'axis-1-key').setValue('theta');
    await flushPromises();
    expect(current(lab).studies[0]!.axes![1]).toMatchObject({ key: 'theta', start: -Math.PI, stop: Math.PI });
    await byId(w, 'axis-1-form-list').trigger('click');
    await flushPromises();
    expect(current(lab).studies[0]!.axes![1]).toHaveProperty('values');

    // a second, 1-D study and a figure overlaying both
    await byId(w, 'tree-add-study').trigger('click');
    await flushPromises();
    await byId(w, 'tree-add-figure').trigger('click');
    await flushPromises();
    expect(byId(w, 'figure-editor').exists()).toBe(true);
    await byId(w, 'panel-0-add-series').trigger('click');
    await flushPromises();
    await byId(w, 'panel-0-series-1-study').setValue('study-1');
    await flushPromises();
    const panel = current(lab).figures[0]!.panels[0]!;
    expect(panel.study).toBe('study-2');
    expect(panel.series!.map((s) => s.study)).toEqual([undefined, 'study-1']);
    await byId(w, 'panel-0-series-1-label').setValue('map cut');
    await byId(w, 'panel-0-series-1-label').trigger('change');
    await byId(w, 'panel-0-logy').setValue(true);
    await flushPromises();
    expect(current(lab).figures[0]!.panels[0]).toMatchObject({ logY: true, series: [{}, { study: 'study-1', label: 'map cut' }] });
    // option lists show no raw markup
    for (const o of w.findAll('option')) expect(o.text()).not.toMatch(/_\{|\^\{/);
  });

  it('asks before a sweep estimated over five minutes; Cancel does not run it', async () => {
    const lab = createTestBackend({ hold: true });
    const big = addStudy(smallProject(), { name: 'Big map', kind: 'sweep', params: { solver: 'quantum', fock: 8 }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 400 }, { key: 'kappa_b', start: 0, stop: 3, count: 400 }] });
    // the backend's own estimate is over five minutes (independent of the dialog's threshold code)
    const est = await lab.api.estimateSweep({ model: 'three-cavity', params: { solver: 'quantum', fock: 8 }, axes: big.doc.studies.at(-1)!.axes! });
    expect(est.totalMs).toBeGreaterThan(5 * 60_000);
    const file = lab.writeProject('p/big.nrlab', big.doc);
    const w = mountAppOn(lab);
    await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
    await byId(w, 'open-project').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
    await byId(w, 'dialog-path').setValue(file);
    await byId(w, 'dialog-ok').trigger('click');
    await flushPromises();
    await vi.waitFor(() => expect(byId(w, `tree-study-${big.id}`).exists()).toBe(true));
    await byId(w, `tree-study-${big.id}`).trigger('click');
    await byId(w, 'study-run').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'dialog-message').exists()).toBe(true));
    expect(byId(w, 'dialog-message').text()).toMatch(/estimated to take/);
    await byId(w, 'dialog-cancel').trigger('click');
    await flushPromises();
    expect(lab.calls.filter((c) => c.method === 'runStudy')).toHaveLength(0);
    await byId(w, 'study-run').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'dialog-choice-run').exists()).toBe(true));
    await byId(w, 'dialog-choice-run').trigger('click');
    await vi.waitFor(() => expect(lab.calls.filter((c) => c.method === 'runStudy')).toHaveLength(1));
  });
});
