/**
 * The whole renderer (App.vue) mounted on the real backend (test-backend.ts), for tests that drive
 * it as a user does: mount it, open a project file through the browser-mode Open dialog, unmount
 * after each test. The charts are stubbed (happy-dom has no canvas).
 */
import { mount, type VueWrapper } from '@vue/test-utils';
import { expect, vi } from 'vitest';
import type { ProjectDocument } from '../../src-core/project/types';
import App from '../../src-renderer/App.vue';
import { smallProject } from './small-project';
import { createTestBackend, settled, type TestBackend, type TestBackendOptions } from './test-backend';

let mounted: VueWrapper[] = [];

export const byId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`);

/**
 * App connected to `lab` (e.g. a second window on the same backend); unmounted by unmountApps.
 * `stubs`: the chart components replaced (default all four; a test drawing one for real leaves it out).
 */
export function mountAppOn(lab: TestBackend, stubs: Record<string, boolean> = { TransmissionChart: true, MapChart: true, PanelChart: true, TraceCurvesChart: true }): VueWrapper {
  const w = mount(App, {
    props: { connect: async () => ({ api: lab.api, onDisconnect: () => undefined }), plotIntervalMs: 0 },
    global: { stubs },
    attachTo: document.body,
  });
  mounted.push(w);
  return w;
}

/** A new backend (prepared by `setup`) and App on it, at its start screen. */
export async function mountApp(setup: (lab: TestBackend) => void = () => undefined, opts: TestBackendOptions = {}): Promise<{ w: VueWrapper; lab: TestBackend }> {
  const lab = createTestBackend(opts);
  setup(lab);
  const w = mountAppOn(lab);
  await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
  await settled();
  return { w, lab };
}

/** Write `doc` to `rel` in the workspace and open it through the browser-mode Open dialog. */
export async function openFile(w: VueWrapper, lab: TestBackend, rel: string, doc: ProjectDocument = smallProject()): Promise<void> {
  const path = lab.writeProject(rel, doc);
  await byId(w, 'open-project').trigger('click');
  await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
  await byId(w, 'dialog-path').setValue(path);
  await byId(w, 'dialog-ok').trigger('click');
  await settled();
}

/** Unmount one App now (a window closed or reloaded). */
export function unmountApp(w: VueWrapper): void {
  mounted = mounted.filter((x) => x !== w);
  w.unmount();
}

/** Unmount every App mounted here and forget what the renderer stored (call in afterEach). */
export function unmountApps(): void {
  for (const w of mounted) w.unmount();
  mounted = [];
  sessionStorage.clear();
  localStorage.clear();
}
