// @vitest-environment happy-dom
/**
 * Browser mode's Open / Save As prompts name the workspace root the server confines project paths
 * to (chooseFile's `root`), so a refusal outside it is no surprise.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../src-renderer/App.vue';
import { createFakeBackend, type FakeBackend } from '../helpers/fake-api';

let wrapper: VueWrapper | undefined;

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  sessionStorage.clear();
  localStorage.clear();
});

const byId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`);

async function mountApp(setup: (fake: FakeBackend) => void): Promise<VueWrapper> {
  const fake = createFakeBackend();
  setup(fake);
  const w = mount(App, {
    props: { connect: async () => ({ api: fake.api, onDisconnect: () => undefined }), plotIntervalMs: 0 },
    global: { stubs: { TransmissionChart: true, MapChart: true, PanelChart: true } },
    attachTo: document.body,
  });
  wrapper = w;
  await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
  await flushPromises();
  return w;
}

describe('browser mode: the path prompts show the workspace root', () => {
  it('Open… says paths are relative to the root', async () => {
    const w = await mountApp((f) => {
      f.projects.native = () => ({ supported: false, root: '/srv/lab/work' });
    });
    await byId(w, 'open-project').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
    expect(byId(w, 'dialog-hint').text()).toContain('relative to /srv/lab/work');
  });

  it('Save As… (Ctrl+S on a project never saved) says the same', async () => {
    const w = await mountApp((f) => {
      f.projects.native = () => ({ supported: false, root: '/srv/lab/work' });
    });
    await byId(w, 'example-loss-induced-nonreciprocity').trigger('click');
    await flushPromises();
    (document.activeElement ?? window).dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(byId(w, 'dialog').attributes('data-kind')).toBe('path-save'));
    expect(byId(w, 'dialog-hint').text()).toContain('relative to /srv/lab/work');
  });
});
