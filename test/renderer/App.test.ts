// @vitest-environment happy-dom
/**
 * Browser mode's Open / Save As prompts name the workspace root the server confines project paths
 * to (chooseFile's `root`), so a refusal outside it is no surprise.
 */
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestBackend, type TestBackend } from '../helpers/test-backend';
import { byId, mountAppOn, unmountApps } from '../helpers/app-harness';

afterEach(() => {
  unmountApps();
  sessionStorage.clear();
  localStorage.clear();
});

/** The app on the real backend in browser mode, whose workspace root the prompts name. */
async function mountApp(backend: TestBackend): Promise<VueWrapper> {
  const w = mountAppOn(backend);
  await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
  await flushPromises();
  return w;
}

describe('browser mode: the path prompts show the workspace root', () => {
  it('Open… says paths are relative to the root', async () => {
    const backend = createTestBackend();
    const w = await mountApp(backend);
    await byId(w, 'open-project').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
    expect(byId(w, 'dialog-hint').text()).toContain(`relative to ${backend.root}`);
  });

  it('Save As… (Ctrl+S on a project never saved) says the same', async () => {
    const backend = createTestBackend();
    const w = await mountApp(backend);
    await byId(w, 'example-loss-induced-nonreciprocity').trigger('click');
    await flushPromises();
    (document.activeElement ?? window).dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(byId(w, 'dialog').attributes('data-kind')).toBe('path-save'));
    expect(byId(w, 'dialog-hint').text()).toContain(`relative to ${backend.root}`);
  });
});
