// @vitest-environment happy-dom
/**
 * Live sliders of a project study, the whole renderer on the in-process backend (the real solver):
 * a drag previews coarse sweeps of the study in its tab without editing the project; the release
 * commits the value as ONE labelled edit and runs the study (runStudy, as Run does); the preview
 * gives way to the stored result of that run. Escape gives a drag up. A map study has no sliders.
 */
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectDocument } from '../../../../src-core/project/types';
import { settled, type TestBackend } from '../../../helpers/test-backend';
import { byId, mountApp, openFile, unmountApps } from '../../../helpers/app-harness';

afterEach(() => {
  unmountApps();
  sessionStorage.clear();
  localStorage.clear();
});

const callsOf = (lab: TestBackend, method: string): unknown[] => lab.calls.filter((c) => c.method === method).map((c) => c.args);
const panel = (w: VueWrapper) => w.find('[data-testid="study-view-scan"] [data-testid="panel-0"]');

/** Open the small project, run its 1-D scan, and wait for the stored result in its tab. */
async function openScan(): Promise<{ w: VueWrapper; lab: TestBackend; id: string }> {
  const { w, lab } = await mountApp();
  await openFile(w, lab, 'p/small.nrlab');
  const id = lab.last().id;
  await byId(w, 'tree-study-scan').trigger('click');
  await byId(w, 'study-run').trigger('click');
  await vi.waitFor(async () => {
    await settled();
    expect(lab.last().doc.studies.find((s) => s.id === 'scan')?.result).toBeDefined();
    expect(panel(w).attributes('data-state')).toBe('ready');
  });
  return { w, lab, id };
}

/** Move the slider to position `pos` (0 … 1000) as a pointer drag does. */
async function slide(w: VueWrapper, pos: number): Promise<void> {
  const s = byId(w, 'study-slider-kappa_b');
  (s.element as HTMLInputElement).value = String(pos);
  await s.trigger('input');
}

describe('live sliders in a study’s tab', () => {
  it('the study’s parameter form shows no “model not available” line for a model this NR Lab has (the live hint sat between the form and that line once)', async () => {
    const { w } = await openScan();
    expect(byId(w, 'study-slider-kappa_b').exists()).toBe(true);
    expect(byId(w, 'study-model-missing').exists()).toBe(false);
    expect(w.text()).not.toContain('is not available in this NR Lab');
  });

  it('a drag previews without editing; the release is one edit and one run, and the stored result replaces the preview', async () => {
    const { w, lab, id } = await openScan();
    const resultBefore = lab.last().doc.studies.find((s) => s.id === 'scan')!.result!.id;
    const edits = callsOf(lab, 'editProject').length;
    const runs = callsOf(lab, 'runStudy').length;
    const slider = byId(w, 'study-slider-kappa_b');
    expect(slider.exists()).toBe(true);
    await slider.trigger('pointerdown');
    for (const pos of [400, 450, 500, 550]) {
      await slide(w, pos);
      await settled();
    }
    await vi.waitFor(async () => {
      await settled();
      expect(panel(w).attributes('data-preview')).toBe('approximate');
    });
    expect(byId(w, 'panel-approximate').text()).toMatch(/^Approximate · .*\d+ points/);
    // coarse sweeps of the study: its model, axis and kept quantities, the dragged value
    const coarse = lab.sweeps.filter((r) => r.coarse === true);
    expect(coarse.length).toBeGreaterThan(0);
    const study = lab.last().doc.studies.find((s) => s.id === 'scan')!;
    for (const r of coarse) {
      expect(r.model).toBe('three-cavity');
      expect(r.axes).toEqual(study.axes);
      expect(r.params.kappa_b).not.toBe(1);
    }
    expect(callsOf(lab, 'editProject')).toHaveLength(edits);
    expect(callsOf(lab, 'runStudy')).toHaveLength(runs);

    await slider.trigger('pointerup');
    await vi.waitFor(async () => {
      await settled();
      expect(panel(w).attributes('data-preview')).toBe('none');
      expect(lab.last().running.scan).toBeUndefined();
    });
    const newEdits = (callsOf(lab, 'editProject') as { doc: ProjectDocument; label: string }[]).slice(edits);
    expect(newEdits).toHaveLength(1);
    expect(newEdits[0]!.label).toBe('Edit κb of Detuning scan');
    const shown = Number((byId(w, 'study-param-kappa_b').element as HTMLInputElement).value);
    expect(newEdits[0]!.doc.studies.find((s) => s.id === 'scan')!.params).toEqual({ kappa_b: shown });
    expect(callsOf(lab, 'runStudy').slice(runs)).toEqual([{ projectId: id, studyId: 'scan' }]);
    // the stored result is of the stored inputs, and it is what the tab draws
    const after = lab.last().doc.studies.find((s) => s.id === 'scan')!;
    expect(after.result!.id).not.toBe(resultBefore);
    expect(panel(w).attributes('data-stale')).toBe('false');
    expect(lab.last().undoLabel).toBe('Edit κb of Detuning scan');
  });

  it('Escape gives the drag up: the field and the tab show the stored value and result, nothing is edited or run', async () => {
    const { w, lab } = await openScan();
    const edits = callsOf(lab, 'editProject').length;
    const runs = callsOf(lab, 'runStudy').length;
    const slider = byId(w, 'study-slider-kappa_b');
    await slider.trigger('pointerdown');
    await slide(w, 600);
    await vi.waitFor(async () => {
      await settled();
      expect(panel(w).attributes('data-preview')).not.toBe('none');
    });
    expect((byId(w, 'study-param-kappa_b').element as HTMLInputElement).value).not.toBe('1');
    await slider.trigger('keydown', { key: 'Escape' });
    await settled();
    expect(panel(w).attributes('data-preview')).toBe('none');
    expect((byId(w, 'study-param-kappa_b').element as HTMLInputElement).value).toBe('1');
    // the release that ends the given-up drag keeps nothing
    await slide(w, 700);
    await slider.trigger('pointerup');
    await slider.trigger('change');
    await settled();
    await new Promise((r) => setTimeout(r, 200));
    await settled();
    expect(callsOf(lab, 'editProject')).toHaveLength(edits);
    expect(callsOf(lab, 'runStudy')).toHaveLength(runs);
    expect(panel(w).attributes('data-preview')).toBe('none');
  });

  it('a map study (two axes) and a point study have no sliders', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const others = lab.last().doc.studies.filter((s) => s.id !== 'scan');
    expect(others.length).toBeGreaterThan(0);
    for (const s of others) {
      await byId(w, `tree-study-${s.id}`).trigger('click');
      await settled();
      expect(byId(w, 'study-param-kappa_b').exists()).toBe(true);
      expect(byId(w, 'study-slider-kappa_b').exists()).toBe(false);
    }
    await byId(w, 'tree-study-scan').trigger('click');
    await settled();
    expect(byId(w, 'study-slider-kappa_b').exists()).toBe(true);
  });
});
