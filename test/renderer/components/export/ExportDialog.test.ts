// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChooseFileRequest, ExportFileRequest, FigurePreview, ProjectSnapshot } from '../../../../src-core/contract/api';
import { base64, encodePng } from '../../../../src-core/figures/png';
import App from '../../../../src-renderer/App.vue';
import ExportDialog from '../../../../src-renderer/components/export/ExportDialog.vue';
import { figureOptions, physicalSizeText, suggestedFileName } from '../../../../src-renderer/lib/export-options';
import { createFakeBackend, smallProject, type FakeBackend } from '../../../helpers/fake-api';

let wrapper: VueWrapper | undefined;
const created: Blob[] = [];
const clicked: { href: string; download: string }[] = [];

beforeEach(() => {
  created.length = 0;
  clicked.length = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b: Blob | MediaSource) => {
    created.push(b as Blob);
    return `blob:nrlab/${created.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push({ href: this.href, download: this.download });
  });
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  vi.restoreAllMocks();
  sessionStorage.clear();
  localStorage.clear();
});

const byId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`);

function callsOf<T = unknown>(fake: FakeBackend, method: string): T[] {
  return fake.calls.filter((c) => c.method === method).map((c) => c.args as T);
}

/** The small project open in the fake backend as /p/small.nrlab, with the 1-D scan run. */
async function openSmall(fake: FakeBackend, opts: { scan?: boolean } = {}): Promise<ProjectSnapshot> {
  fake.projects.files.set('/p/small.nrlab', smallProject());
  const s = await fake.api.openProject({ path: '/p/small.nrlab' });
  if (opts.scan !== false) fake.projects.storeResult(s.id, 'scan', { axes: [{ key: 'Delta', values: [-2, -1, 0, 1, 2] }], data: { 'a_to_c.T': [0.1, 0.5, 1, 0.5, 0.1], 'c_to_a.T': [0, 0, 0, 0, 0] } });
  return fake.projects.snapshot(s.id);
}

async function mountDialog(fake: FakeBackend, snapshot: ProjectSnapshot, props: { mode?: 'figure' | 'data'; figureId?: string; studyId?: string } = {}): Promise<VueWrapper> {
  const w = mount(ExportDialog, { props: { api: fake.api, snapshot, debounceMs: 0, ...props }, attachTo: document.body });
  wrapper = w;
  await flushPromises();
  return w;
}

async function waitPreview(w: VueWrapper): Promise<void> {
  await vi.waitFor(() => expect(byId(w, 'export-preview').exists()).toBe(true));
}

describe('export options (pure)', () => {
  it('builds the options from the form; custom sizes in mm become inches; dpi only for PNG', () => {
    const base = { preset: 'aps-double' as const, unit: 'in' as const, width: '', height: '', font: '9', line: '1', dpi: '600', grayscale: false, format: 'pdf' as const };
    expect(figureOptions(base).options).toEqual({ preset: 'aps-double', fontPt: 9, lineWidthPt: 1 });
    expect(figureOptions({ ...base, format: 'png', grayscale: true }).options).toEqual({ preset: 'aps-double', fontPt: 9, lineWidthPt: 1, dpi: 600, grayscale: true });
    expect(figureOptions({ ...base, preset: 'custom', unit: 'mm', width: '127', height: '' }).options).toEqual({ preset: 'custom', widthIn: 5, fontPt: 9, lineWidthPt: 1 });
    expect(figureOptions({ ...base, typeface: 'serif' }).options).toEqual({ preset: 'aps-double', fontPt: 9, lineWidthPt: 1, font: 'serif' });
    expect(figureOptions({ ...base, font: 'big' }).errors).toEqual({ font: 'not a number' });
    expect(figureOptions({ ...base, preset: 'custom', width: '' }).errors).toEqual({ width: 'required' });
    expect(physicalSizeText({ widthPt: 504, heightPt: 252, fontPt: 9 }, 'in')).toBe('7.00 × 3.50 in · 9 pt');
    expect(physicalSizeText({ widthPt: 504, heightPt: 252, fontPt: 9 }, 'mm', 600)).toBe('177.8 × 88.9 mm · 9 pt · 4200 × 2100 px');
    expect(suggestedFileName('Fig. 2 (a)', 'pdf')).toBe('Fig.-2-a.pdf');
  });
});

describe('export dialog: figure', () => {
  it('passes the chosen options to previewFigure and shows the preview with its physical size', async () => {
    const fake = createFakeBackend();
    const snap = await openSmall(fake);
    const w = await mountDialog(fake, snap, { figureId: 'fig-line' });
    await waitPreview(w);
    // the figure's own preset (none: APS single) and its typography
    expect(callsOf(fake, 'previewFigure')[0]).toEqual({ projectId: snap.id, figureId: 'fig-line', options: { preset: 'aps-single', fontPt: 8, lineWidthPt: 1 } });
    expect(byId(w, 'export-preview').attributes('src')).toMatch(/^data:image\/png;base64,/);
    expect(byId(w, 'export-size').text()).toBe('3.40 × 2.55 in · 8 pt');

    // a preset brings its typography; grayscale is drawn by the backend
    await byId(w, 'export-preset').setValue('aps-double');
    await byId(w, 'export-grayscale').setValue(true);
    await vi.waitFor(() => expect(byId(w, 'export-size').text()).toBe('7.00 × 5.25 in · 9 pt'));
    expect(callsOf(fake, 'previewFigure').at(-1)).toEqual({ projectId: snap.id, figureId: 'fig-line', options: { preset: 'aps-double', fontPt: 9, lineWidthPt: 1, grayscale: true } });
    // the backend's drawing in gray (the fake draws one pixel in its ink)
    expect(byId(w, 'export-preview').attributes('src')).toBe(`data:image/png;base64,${base64(encodePng(1, 1, new Uint8Array([0x55, 0x55, 0x55, 255])))}`);

    // typed values stay when the preset changes
    await byId(w, 'export-font').setValue('10');
    await byId(w, 'export-line').setValue('0.5');
    await byId(w, 'export-preset').setValue('nature-single');
    await vi.waitFor(() => expect(callsOf<{ options: unknown }>(fake, 'previewFigure').at(-1)!.options).toEqual({ preset: 'nature-single', fontPt: 10, lineWidthPt: 0.5, grayscale: true }));
    // a serif figure
    await byId(w, 'export-typeface').setValue('serif');
    await vi.waitFor(() => expect(callsOf<{ options: unknown }>(fake, 'previewFigure').at(-1)!.options).toEqual({ preset: 'nature-single', fontPt: 10, lineWidthPt: 0.5, grayscale: true, font: 'serif' }));
    await byId(w, 'export-typeface').setValue('sans');

    // custom: width and height, in inches or millimetres
    await byId(w, 'export-preset').setValue('custom');
    expect((byId(w, 'export-width').element as HTMLInputElement).value).toBe('3.504');
    await byId(w, 'export-width').setValue('5');
    await byId(w, 'export-height').setValue('3');
    await vi.waitFor(() => expect(byId(w, 'export-size').text()).toBe('5.00 × 3.00 in · 10 pt'));
    expect(callsOf<{ options: unknown }>(fake, 'previewFigure').at(-1)!.options).toEqual({ preset: 'custom', widthIn: 5, heightIn: 3, fontPt: 10, lineWidthPt: 0.5, grayscale: true });
    await byId(w, 'export-unit-mm').trigger('click');
    expect((byId(w, 'export-width').element as HTMLInputElement).value).toBe('127');
    expect((byId(w, 'export-height').element as HTMLInputElement).value).toBe('76.2');
    expect(byId(w, 'export-size').text()).toBe('127.0 × 76.2 mm · 10 pt');

    // PNG: the resolution (not sent to the preview: the drawing is the same), pixel size shown
    const before = callsOf(fake, 'previewFigure').length;
    await byId(w, 'export-format-png').trigger('click');
    expect((byId(w, 'export-dpi').element as HTMLInputElement).value).toBe('600');
    await byId(w, 'export-dpi').setValue('300');
    await flushPromises();
    expect(callsOf(fake, 'previewFigure').length).toBe(before);
    expect(byId(w, 'export-size').text()).toBe('127.0 × 76.2 mm · 10 pt · 1500 × 900 px');
  });

  it("shows previewFigure's error in place of the preview and disables Export until it is fixed", async () => {
    const fake = createFakeBackend();
    const snap = await openSmall(fake);
    // the map's study has not run
    const w = await mountDialog(fake, snap, { figureId: 'fig-map' });
    await vi.waitFor(() => expect(byId(w, 'export-preview-error').exists()).toBe(true));
    const msg = byId(w, 'export-preview-error').text();
    expect(msg).toBe('figure "figmap": panel (a) draws study "Map", which has no stored result yet: run it first');
    expect(byId(w, 'export-preview').exists()).toBe(false);
    expect(byId(w, 'export-go').attributes('disabled')).toBeDefined();

    // another figure draws; an option out of range is named by its label and marked
    await byId(w, 'export-figure').setValue('fig-line');
    await waitPreview(w);
    expect(byId(w, 'export-go').attributes('disabled')).toBeUndefined();
    await byId(w, 'export-font').setValue('20');
    await vi.waitFor(() => expect(byId(w, 'export-preview-error').text()).toBe('Font size must be between 5 and 14 pt, got 20'));
    expect(byId(w, 'export-font').attributes('aria-invalid')).toBe('true');
    expect(byId(w, 'export-go').attributes('disabled')).toBeDefined();
    // not a number: caught before asking the backend
    const n = callsOf(fake, 'previewFigure').length;
    await byId(w, 'export-font').setValue('x');
    await flushPromises();
    expect(callsOf(fake, 'previewFigure').length).toBe(n);
    expect(byId(w, 'export-field-error').text()).toBe('Font size: not a number');
    expect(byId(w, 'export-go').attributes('disabled')).toBeDefined();
    await byId(w, 'export-font').setValue('9');
    await waitPreview(w);
    expect(byId(w, 'export-font').attributes('aria-invalid')).toBe('false');
    expect(byId(w, 'export-go').attributes('disabled')).toBeUndefined();
    // never a stack or an object dump
    expect(w.text()).not.toMatch(/Error:|at \w+ \(|\[object/);
  });

  it('shows only the latest preview when answers arrive out of order, and the warnings', async () => {
    const fake = createFakeBackend();
    const snap = await openSmall(fake);
    const pending: { resolve: (p: FigurePreview) => void; preset: string | undefined }[] = [];
    fake.projects.onPreview = (req) => new Promise((resolve) => pending.push({ resolve, preset: req.options?.preset }));
    const w = await mountDialog(fake, snap, { figureId: 'fig-line' });
    await byId(w, 'export-preset').setValue('aps-double');
    await flushPromises();
    expect(pending.map((p) => p.preset)).toEqual(['aps-single', 'aps-double']);
    const answer = (widthPt: number, warnings: string[] = []): FigurePreview => ({ svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPt}pt" height="100pt"/>`, png: '', pngWidth: 1, pngHeight: 1, widthPt, heightPt: 100, fontPt: 9, warnings });
    pending[1]!.resolve(answer(504, ['panel (a): 2 points of "Detuning scan" failed and are left as gaps']));
    await flushPromises();
    pending[0]!.resolve(answer(244.8));
    await flushPromises();
    expect(byId(w, 'export-size').text()).toBe('7.00 × 1.39 in · 9 pt');
    expect(byId(w, 'export-warnings').text()).toContain('2 points of "Detuning scan" failed');
  });

  it('lists the preflight findings, each naming its panel (in rich text) and what to change; the reflowed grid; a pass says so', async () => {
    const fake = createFakeBackend();
    const snap = await openSmall(fake);
    let findings: FigurePreview['findings'] = [
      { code: 'text-small', panel: '(a)', message: 'text "0.5" is 4 pt at print size, under the 6 pt minimum: raise the font size (now 4 pt)' },
      { code: 'overlap', panel: '(surface |κ_{12}|)', message: 'text "Δ" overlaps "κ": raise the figure\'s height or width, shorten the labels, or use fewer columns' },
    ];
    fake.projects.onPreview = () =>
      Promise.resolve({ svg: '<svg xmlns="http://www.w3.org/2000/svg" width="244.8pt" height="600pt"/>', png: '', pngWidth: 1, pngHeight: 1, widthPt: 244.8, heightPt: 600, fontPt: 4, warnings: [], findings, grid: { rows: 6, cols: 1 }, reflowedFrom: { rows: 2, cols: 3 } });
    const w = await mountDialog(fake, snap, { figureId: 'fig-line' });
    await waitPreview(w);
    const items = w.findAll('[data-testid="export-findings"] li');
    expect(items.map((li) => li.attributes('data-code'))).toEqual(['text-small', 'overlap']);
    expect(items[0]!.text()).toContain('(a): text "0.5" is 4 pt at print size, under the 6 pt minimum');
    // the panel's name in paper notation, never raw markup
    expect(items[1]!.text()).not.toContain('_{');
    expect(items[1]!.find('sub').text()).toBe('12');
    expect(byId(w, 'export-reflow').text()).toBe('panels 2×3 → 6×1');
    findings = [];
    await byId(w, 'export-preset').setValue('aps-double');
    await waitPreview(w);
    expect(byId(w, 'export-findings').exists()).toBe(false);
    expect(byId(w, 'export-preflight-ok').text()).toContain('Preflight passed: type at least 6 pt');
  });

  it('browser mode: exportFile without a path, the bytes downloaded under the suggested name', async () => {
    const fake = createFakeBackend();
    const snap = await openSmall(fake);
    const w = await mountDialog(fake, snap, { figureId: 'fig-line' });
    await waitPreview(w);
    await byId(w, 'export-preset').setValue('aps-double');
    await waitPreview(w);
    await byId(w, 'export-go').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'export-done').exists()).toBe(true));
    expect(callsOf(fake, 'chooseFile')).toEqual([{ mode: 'save', title: 'Export figure', defaultPath: '/p/figline.pdf', kind: { name: 'PDF figure', extension: 'pdf' } }]);
    expect(callsOf(fake, 'exportFile')).toEqual([{ projectId: snap.id, figureId: 'fig-line', format: 'pdf', options: { preset: 'aps-double', fontPt: 9, lineWidthPt: 1 } }]);
    expect(created).toHaveLength(1);
    expect(created[0]!.type).toBe('application/pdf');
    expect(new TextDecoder().decode(await created[0]!.arrayBuffer())).toBe('%PDF-1.7 504x378');
    expect(clicked).toEqual([{ href: 'blob:nrlab/1', download: 'figline.pdf' }]);
    expect(byId(w, 'export-done').text()).toBe('Downloaded figline.pdf (16 B)');
    expect(byId(w, 'export-close').text()).toBe('Close');
    // no anchor left behind
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
  });

  it('Electron: the native save dialog chooses the path, which exportFile writes; cancelling exports nothing', async () => {
    const fake = createFakeBackend();
    const snap = await openSmall(fake);
    const asked: ChooseFileRequest[] = [];
    let answer: string | undefined = '/home/me/paper/fig1.svg';
    fake.projects.native = (req) => {
      asked.push(req);
      return answer ? { supported: true, path: answer } : { supported: true };
    };
    const w = await mountDialog(fake, snap, { figureId: 'fig-line' });
    await waitPreview(w);
    await byId(w, 'export-format-svg').trigger('click');
    await byId(w, 'export-go').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'export-done').exists()).toBe(true));
    expect(asked).toEqual([{ mode: 'save', title: 'Export figure', defaultPath: '/p/figline.svg', kind: { name: 'SVG figure', extension: 'svg' } }]);
    expect(callsOf<ExportFileRequest>(fake, 'exportFile')).toEqual([{ projectId: snap.id, figureId: 'fig-line', format: 'svg', options: { preset: 'aps-single', fontPt: 8, lineWidthPt: 1 }, path: '/home/me/paper/fig1.svg' }]);
    expect(fake.projects.exported.has('/home/me/paper/fig1.svg')).toBe(true);
    expect(byId(w, 'export-done').text()).toMatch(/^Saved to \/home\/me\/paper\/fig1\.svg \(\d+ B\)$/);
    expect(created).toHaveLength(0);

    answer = undefined;
    await byId(w, 'export-go').trigger('click');
    await flushPromises();
    expect(asked).toHaveLength(2);
    expect(callsOf(fake, 'exportFile')).toHaveLength(1);
    expect(byId(w, 'export-busy').exists()).toBe(false);
  });

  it('an export the backend refuses is reported in the dialog', async () => {
    const fake = createFakeBackend();
    const snap = await openSmall(fake);
    fake.projects.native = () => ({ supported: true, path: '/p/small.nrlab' });
    const w = await mountDialog(fake, snap, { mode: 'data', studyId: 'scan' });
    await byId(w, 'export-go').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'export-error').exists()).toBe(true));
    expect(byId(w, 'export-error').text()).toBe('is the project file itself; choose another file');
    expect(byId(w, 'export-done').exists()).toBe(false);
    expect(byId(w, 'export-go').attributes('disabled')).toBeUndefined();
  });
});

describe('export dialog: data', () => {
  it('lists only the studies with a stored result; exports CSV, JSON or a Python script', async () => {
    const fake = createFakeBackend();
    const snap = await openSmall(fake);
    const w = await mountDialog(fake, snap, { mode: 'data', studyId: 'scan' });
    expect(byId(w, 'export-dialog').attributes('data-mode')).toBe('data');
    const options = byId(w, 'export-study').findAll('option');
    expect(options.map((o) => o.text())).toEqual(['Detuning scan']);
    expect(byId(w, 'export-data-format').text()).toContain('Python script (recomputes the study: QuTiP / numpy-scipy)');
    expect(byId(w, 'export-data-format').text()).toContain('This study: QuTiP');
    await byId(w, 'export-data-py').setValue(true);
    expect(byId(w, 'export-go').text()).toContain('Export PY');
    await byId(w, 'export-go').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'export-done').exists()).toBe(true));
    expect(callsOf(fake, 'chooseFile')).toEqual([{ mode: 'save', title: 'Export study data', defaultPath: '/p/Detuning-scan.py', kind: { name: 'Python script', extension: 'py' } }]);
    expect(callsOf(fake, 'exportFile')).toEqual([{ projectId: snap.id, studyId: 'scan', format: 'py' }]);
    expect(clicked).toEqual([{ href: 'blob:nrlab/1', download: 'Detuning-scan.py' }]);
    expect(created[0]!.type).toBe('text/x-python');
    expect(byId(w, 'export-done').text()).toContain('Downloaded Detuning-scan.py');
  });

  it('a study without a result says so; no study with a result: nothing to export', async () => {
    const fake = createFakeBackend();
    const snap = await openSmall(fake);
    const w = await mountDialog(fake, snap, { mode: 'data', studyId: 'pt' });
    expect(byId(w, 'export-study-not-run').text()).toContain('Photon statistics has no stored result yet');
    expect((byId(w, 'export-study').element as HTMLSelectElement).value).toBe('scan');
    w.unmount();

    const fake2 = createFakeBackend();
    const snap2 = await openSmall(fake2, { scan: false });
    const w2 = await mountDialog(fake2, snap2, { mode: 'data' });
    expect(byId(w2, 'export-no-results').exists()).toBe(true);
    expect(byId(w2, 'export-study').exists()).toBe(false);
    expect(byId(w2, 'export-go').attributes('disabled')).toBeDefined();
  });
});

describe('export from the app', () => {
  async function mountApp(): Promise<{ w: VueWrapper; fake: FakeBackend }> {
    const fake = createFakeBackend();
    const w = mount(App, {
      props: { connect: async () => ({ api: fake.api, onDisconnect: () => undefined }), plotIntervalMs: 0 },
      global: { stubs: { TransmissionChart: true, MapChart: true, PanelChart: true } },
      attachTo: document.body,
    });
    wrapper = w;
    await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
    fake.projects.files.set('/p/small.nrlab', smallProject());
    await byId(w, 'open-project').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
    await byId(w, 'dialog-path').setValue('/p/small.nrlab');
    await byId(w, 'dialog-ok').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'project-workbench').exists()).toBe(true));
    const id = fake.projects.last().id;
    fake.projects.storeResult(id, 'scan', { axes: [{ key: 'Delta', values: [-2, -1, 0, 1, 2] }], data: { 'a_to_c.T': [0.1, 0.5, 1, 0.5, 0.1], 'c_to_a.T': [0, 0, 0, 0, 0] } });
    await flushPromises();
    return { w, fake };
  }

  const key = (k: string, mods: { ctrl?: boolean } = {}): void => {
    (document.activeElement ?? window).dispatchEvent(new KeyboardEvent('keydown', { key: k, ctrlKey: mods.ctrl === true, bubbles: true, cancelable: true }));
  };

  it("the figure's Export… button, Ctrl+E and File → Export… open the dialog on the figure shown; Esc closes it", async () => {
    const { w, fake } = await mountApp();
    expect(byId(w, 'tab-figure-fig-line').attributes('aria-selected')).toBe('true');
    await byId(w, 'figure-export').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'export-preview').exists()).toBe(true));
    expect(byId(w, 'export-dialog').attributes('data-mode')).toBe('figure');
    expect((byId(w, 'export-figure').element as HTMLSelectElement).value).toBe('fig-line');
    // keys of the app wait while the dialog is open
    key('s', { ctrl: true });
    await flushPromises();
    expect(callsOf(fake, 'saveProject')).toHaveLength(0);
    key('Escape');
    await flushPromises();
    expect(byId(w, 'export-dialog').exists()).toBe(false);

    // the Electron menu's File → Export…
    fake.bus.emit('app.command', { command: 'export' });
    await flushPromises();
    expect(byId(w, 'export-dialog').exists()).toBe(true);
    await byId(w, 'export-close').trigger('click');
    expect(byId(w, 'export-dialog').exists()).toBe(false);

    key('e', { ctrl: true });
    await flushPromises();
    expect(byId(w, 'export-dialog').exists()).toBe(true);
    expect((byId(w, 'export-figure').element as HTMLSelectElement).value).toBe('fig-line');
  });

  it("a study's Export… opens Data mode on that study", async () => {
    const { w } = await mountApp();
    await byId(w, 'tree-study-scan').trigger('click');
    await flushPromises();
    await byId(w, 'study-export').trigger('click');
    await flushPromises();
    expect(byId(w, 'export-dialog').attributes('data-mode')).toBe('data');
    expect((byId(w, 'export-study').element as HTMLSelectElement).value).toBe('scan');
    await byId(w, 'export-close').trigger('click');
    // Ctrl+E in a study's tab: its data too
    key('e', { ctrl: true });
    await flushPromises();
    expect(byId(w, 'export-dialog').attributes('data-mode')).toBe('data');
  });
});

describe('export dialog: stale results', () => {
  it('warns about a result whose study changed since its run, and exports it only once confirmed', async () => {
    const fake = createFakeBackend();
    const open = await openSmall(fake);
    // the study edited after its run (the result kept): stale
    const doc = structuredClone(open.doc);
    doc.studies.find((s) => s.id === 'scan')!.params.kappa_b = 2;
    const snap = await fake.api.editProject({ projectId: open.id, doc, label: 'κ_b' });
    for (const props of [{ mode: 'data' as const, studyId: 'scan' }, { figureId: 'fig-line' }]) {
      const w = await mountDialog(fake, snap, props);
      expect(byId(w, 'export-stale').text()).toContain('Detuning scan');
      expect(byId(w, 'export-stale').text()).toContain('the study was edited after it was run');
      if (props.studyId) expect(byId(w, 'export-study-card').text()).toContain('completed — 5 points · stale');
      expect(byId(w, 'export-go').attributes('disabled')).toBeDefined();
      await byId(w, 'export-allow-stale').setValue(true);
      if (!props.studyId) await waitPreview(w);
      expect(byId(w, 'export-go').attributes('disabled')).toBeUndefined();
      await byId(w, 'export-go').trigger('click');
      await vi.waitFor(() => expect(byId(w, 'export-done').exists()).toBe(true));
      expect(callsOf<ExportFileRequest>(fake, 'exportFile').at(-1)).toMatchObject({ ...(props.studyId ? { studyId: 'scan' } : { figureId: 'fig-line' }), allowStale: true });
      w.unmount();
      wrapper = undefined;
    }
    // a fresh result: no warning, no confirmation asked
    const fresh = await fake.api.undo({ projectId: open.id });
    const w = await mountDialog(fake, fresh, { mode: 'data', studyId: 'scan' });
    expect(byId(w, 'export-stale').exists()).toBe(false);
    expect(byId(w, 'export-go').attributes('disabled')).toBeUndefined();
  });
});
