/**
 * The whole renderer (App.vue) mounted on the fake backend, for tests that drive it as a user
 * does: mount it, open a project file through the browser-mode Open dialog, unmount after each test.
 * The charts are stubbed (happy-dom has no canvas).
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { expect, vi } from 'vitest';
import type { ProjectDocument } from '../../src-core/project/types';
import App from '../../src-renderer/App.vue';
import { createFakeBackend, smallProject, type FakeBackend } from './fake-api';

let mounted: VueWrapper[] = [];

export const byId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`);

/** App connected to `fake` (e.g. a second window on the same backend); unmounted by unmountApps. */
export function mountAppOn(fake: FakeBackend): VueWrapper {
  const w = mount(App, {
    props: { connect: async () => ({ api: fake.api, onDisconnect: () => undefined }), plotIntervalMs: 0 },
    global: { stubs: { TransmissionChart: true, MapChart: true, PanelChart: true } },
    attachTo: document.body,
  });
  mounted.push(w);
  return w;
}

/** A new fake backend (prepared by `setup`) and App on it, at its start screen. */
export async function mountApp(setup: (fake: FakeBackend) => void = () => undefined): Promise<{ w: VueWrapper; fake: FakeBackend }> {
  const fake = createFakeBackend();
  setup(fake);
  const w = mountAppOn(fake);
  await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
  await flushPromises();
  return { w, fake };
}

/** Open `doc` as a saved file through the browser-mode Open dialog. */
export async function openFile(w: VueWrapper, fake: FakeBackend, path: string, doc: ProjectDocument | Error = smallProject()): Promise<void> {
  fake.projects.files.set(path, doc);
  await byId(w, 'open-project').trigger('click');
  await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
  await byId(w, 'dialog-path').setValue(path);
  await byId(w, 'dialog-ok').trigger('click');
  await flushPromises();
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
