// @vitest-environment happy-dom
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChooseFileRequest, ExportFileRequest, ProjectSnapshot } from '../../../../src-core/contract/api';
import type { ProjectDocument } from '../../../../src-core/project/types';
import type { FailedPoint } from '../../../../src-core/studies/sweep';
import { mkdirSync, readFileSync } from 'node:fs';
import ExportDialog from '../../../../src-renderer/components/export/ExportDialog.vue';
import { figureOptions, physicalSizeText, suggestedFileName } from '../../../../src-renderer/lib/export-options';
import { smallProject } from '../../../helpers/small-project';
import { createTestBackend, type TestBackend } from '../../../helpers/test-backend';
import { byId, mountAppOn, unmountApps } from '../../../helpers/app-harness';

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
  unmountApps();
  vi.restoreAllMocks();
  sessionStorage.clear();
  localStorage.clear();
});

/** A file's size as the dialog reports it: bytes, or kB with one decimal (the real exports are some kB). */
const sizeText = (n: number): string => (n < 1000 ? `${n} B` : `${(n / 1000).toFixed(1)} kB`);

function callsOf<T = unknown>(lab: TestBackend, method: string): T[] {
  return lab.calls.filter((c) => c.method === method).map((c) => c.args as T);
}

/** The small project open in the backend as p/small.nrlab of its workspace, with the 1-D scan run. */
async function openSmall(lab: TestBackend, opts: { scan?: boolean; failed?: FailedPoint[]; doc?: ProjectDocument } = {}): Promise<ProjectSnapshot> {
  const s = await lab.api.openProject({ path: lab.writeProject('p/small.nrlab', opts.doc ?? smallProject()) });
  if (opts.scan !== false) {
    await lab.storeResult(s.id, 'scan', { axes: [{ key: 'Delta', values: [-2, -1, 0, 1, 2] }], data: { 'a_to_c.T': [0.1, 0.5, 1, 0.5, 0.1], 'c_to_a.T': [0, 0, 0, 0, 0] }, ...(opts.failed ? { failed: opts.failed } : {}) });
  }
  return lab.backend.projects.snapshotOf(s.id);
}

async function mountDialog(lab: TestBackend, snapshot: ProjectSnapshot, props: { mode?: 'figure' | 'data'; figureId?: string; studyId?: string } = {}): Promise<VueWrapper> {
  const w = mount(ExportDialog, { props: { api: lab.api, snapshot, debounceMs: 0, ...props }, attachTo: document.body });
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
    const lab = createTestBackend({ hold: true });
    const snap = await openSmall(lab);
    const w = await mountDialog(lab, snap, { figureId: 'fig-line' });
    await waitPreview(w);
    // the figure's own preset (none: APS single) and its typography
    expect(callsOf(lab, 'previewFigure')[0]).toEqual({ projectId: snap.id, figureId: 'fig-line', options: { preset: 'aps-single', fontPt: 8, lineWidthPt: 1 } });
    expect(byId(w, 'export-preview').attributes('src')).toMatch(/^data:image\/png;base64,/);
    expect(byId(w, 'export-size').text()).toBe('3.40 × 2.55 in · 8 pt');

    // a preset brings its typography; grayscale is drawn by the backend
    await byId(w, 'export-preset').setValue('aps-double');
    await byId(w, 'export-grayscale').setValue(true);
    await vi.waitFor(() => expect(byId(w, 'export-size').text()).toBe('7.00 × 5.25 in · 9 pt'));
    expect(callsOf(lab, 'previewFigure').at(-1)).toEqual({ projectId: snap.id, figureId: 'fig-line', options: { preset: 'aps-double', fontPt: 9, lineWidthPt: 1, grayscale: true } });
    // the backend's drawing, in gray: the curve's red is gone
    const gray = await lab.backend.exports.preview(snap.id, 'fig-line', { preset: 'aps-double', fontPt: 9, lineWidthPt: 1, grayscale: true });
    expect(byId(w, 'export-preview').attributes('src')).toBe(`data:image/png;base64,${gray.png}`);
    expect((await lab.backend.exports.preview(snap.id, 'fig-line', { preset: 'aps-double', fontPt: 9, lineWidthPt: 1 })).svg).toContain('#d62728');
    expect(gray.svg).not.toContain('#d62728');

    // typed values stay when the preset changes
    await byId(w, 'export-font').setValue('10');
    await byId(w, 'export-line').setValue('0.5');
    await byId(w, 'export-preset').setValue('nature-single');
    await vi.waitFor(() => expect(callsOf<{ options: unknown }>(lab, 'previewFigure').at(-1)!.options).toEqual({ preset: 'nature-single', fontPt: 10, lineWidthPt: 0.5, grayscale: true }));
    // a serif figure
    await byId(w, 'export-typeface').setValue('serif');
    await vi.waitFor(() => expect(callsOf<{ options: unknown }>(lab, 'previewFigure').at(-1)!.options).toEqual({ preset: 'nature-single', fontPt: 10, lineWidthPt: 0.5, grayscale: true, font: 'serif' }));
    await byId(w, 'export-typeface').setValue('sans');
    // the custom size starts from the size last drawn
    await lab.idle();

    // custom: width and height, in inches or millimetres
    await byId(w, 'export-preset').setValue('custom');
    expect((byId(w, 'export-width').element as HTMLInputElement).value).toBe('3.504');
    await byId(w, 'export-width').setValue('5');
    await byId(w, 'export-height').setValue('3');
    await vi.waitFor(() => expect(byId(w, 'export-size').text()).toBe('5.00 × 3.00 in · 10 pt'));
    expect(callsOf<{ options: unknown }>(lab, 'previewFigure').at(-1)!.options).toEqual({ preset: 'custom', widthIn: 5, heightIn: 3, fontPt: 10, lineWidthPt: 0.5, grayscale: true });
    await byId(w, 'export-unit-mm').trigger('click');
    expect((byId(w, 'export-width').element as HTMLInputElement).value).toBe('127');
    expect((byId(w, 'export-height').element as HTMLInputElement).value).toBe('76.2');
    expect(byId(w, 'export-size').text()).toBe('127.0 × 76.2 mm · 10 pt');

    // PNG: the resolution (not sent to the preview: the drawing is the same), pixel size shown
    const before = callsOf(lab, 'previewFigure').length;
    await byId(w, 'export-format-png').trigger('click');
    expect((byId(w, 'export-dpi').element as HTMLInputElement).value).toBe('600');
    await byId(w, 'export-dpi').setValue('300');
    await flushPromises();
    expect(callsOf(lab, 'previewFigure').length).toBe(before);
    expect(byId(w, 'export-size').text()).toBe('127.0 × 76.2 mm · 10 pt · 1500 × 900 px');
  });

  it("shows previewFigure's error in place of the preview and disables Export until it is fixed", async () => {
    const lab = createTestBackend({ hold: true });
    const snap = await openSmall(lab);
    // the map's study has not run
    const w = await mountDialog(lab, snap, { figureId: 'fig-map' });
    await vi.waitFor(() => expect(byId(w, 'export-preview-error').exists()).toBe(true));
    const msg = byId(w, 'export-preview-error').text();
    expect(msg).toBe('figure "figmap": (a) draws study "Map", which has no stored result yet: run it first');
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
    const n = callsOf(lab, 'previewFigure').length;
    await byId(w, 'export-font').setValue('x');
    await flushPromises();
    expect(callsOf(lab, 'previewFigure').length).toBe(n);
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
    const lab = createTestBackend({ hold: true });
    const reason = 'the scattering matrix is singular';
    const snap = await openSmall(lab, { failed: [{ index: 1, reason }, { index: 3, reason }] });
    const pending = lab.holdPreviews();
    const w = await mountDialog(lab, snap, { figureId: 'fig-line' });
    await byId(w, 'export-preset').setValue('aps-double');
    await flushPromises();
    expect(pending.map((p) => p.req.options?.preset)).toEqual(['aps-single', 'aps-double']);
    await pending[1]!.release();
    await pending[0]!.release();
    expect(byId(w, 'export-size').text()).toBe('7.00 × 5.25 in · 9 pt');
    expect(byId(w, 'export-warnings').text()).toContain('2 points of "Detuning scan" failed');
  });

  it('lists the preflight findings, each naming its panel (in rich text) and what to change; the reflowed grid; a pass says so', async () => {
    const lab = createTestBackend({ hold: true });
    // six panels in a 2×3 grid: too many columns for a single-column preset, so the backend reflows them
    const doc = smallProject();
    const labels = ['(a)', '(surface |κ_{12}|)', '(c)', '(d)', '(e)', '(f)'];
    doc.figures.push({ id: 'fig-grid', name: 'grid', layout: { rows: 2, cols: 3 }, panels: labels.map((label) => ({ study: 'scan', kind: 'line' as const, x: 'Delta', label, series: [{ quantity: 'a_to_c.T' }] })) });
    const snap = await openSmall(lab, { doc });
    const w = await mountDialog(lab, snap, { figureId: 'fig-grid' });
    await waitPreview(w);
    // type under the minimum
    await byId(w, 'export-font').setValue('5');
    await vi.waitFor(() => expect(byId(w, 'export-findings').exists()).toBe(true));
    const items = w.findAll('[data-testid="export-findings"] li');
    expect(items.map((li) => li.attributes('data-code'))).toContain('text-small');
    expect(items[0]!.text()).toMatch(/^\(a\): text ".+" is [\d.]+ pt at print size, under the 6 pt minimum: raise the font size \(now 5 pt\)/);
    // the panel's name in paper notation, never raw markup
    const surface = items.find((li) => li.text().includes('surface'))!;
    expect(surface.text()).not.toContain('_{');
    expect(surface.find('sub').text()).toBe('12');
    const preview = await lab.backend.exports.preview(snap.id, 'fig-grid', { preset: 'aps-single', fontPt: 5, lineWidthPt: 1 });
    expect(preview.reflowedFrom).toEqual({ rows: 2, cols: 3 });
    expect(byId(w, 'export-reflow').text()).toBe(`panels 2×3 → ${preview.grid!.rows}×${preview.grid!.cols}`);
    await byId(w, 'export-font').setValue('8');
    await byId(w, 'export-figure').setValue('fig-line');
    await vi.waitFor(() => expect(byId(w, 'export-preflight-ok').exists()).toBe(true));
    expect(byId(w, 'export-findings').exists()).toBe(false);
    expect(byId(w, 'export-preflight-ok').text()).toContain('Preflight passed: type at least 6 pt');
  });

  it('browser mode: exportFile without a path, the bytes downloaded under the suggested name', async () => {
    const lab = createTestBackend({ hold: true });
    const snap = await openSmall(lab);
    const w = await mountDialog(lab, snap, { figureId: 'fig-line' });
    await waitPreview(w);
    await byId(w, 'export-preset').setValue('aps-double');
    await waitPreview(w);
    await byId(w, 'export-go').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'export-done').exists()).toBe(true));
    expect(callsOf(lab, 'chooseFile')).toEqual([{ mode: 'save', title: 'Export figure', defaultPath: lab.file('p/figline.pdf'), kind: { name: 'PDF figure', extension: 'pdf' } }]);
    expect(callsOf(lab, 'exportFile')).toEqual([{ projectId: snap.id, figureId: 'fig-line', format: 'pdf', options: { preset: 'aps-double', fontPt: 9, lineWidthPt: 1 } }]);
    expect(created).toHaveLength(1);
    expect(created[0]!.type).toBe('application/pdf');
    const pdf = new Uint8Array(await created[0]!.arrayBuffer());
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(clicked).toEqual([{ href: 'blob:nrlab/1', download: 'figline.pdf' }]);
    expect(byId(w, 'export-done').text()).toBe(`Downloaded figline.pdf (${sizeText(pdf.length)})`);
    expect(byId(w, 'export-close').text()).toBe('Close');
    // no anchor left behind
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
  });

  it('Electron: the native save dialog chooses the path, which exportFile writes; cancelling exports nothing', async () => {
    const lab = createTestBackend({ hold: true, transport: 'electron' });
    const snap = await openSmall(lab);
    const asked: ChooseFileRequest[] = [];
    mkdirSync(lab.file('paper'));
    const target = lab.file('paper/fig1.svg');
    let answer: string | undefined = target;
    lab.native = (req) => {
      asked.push(req);
      return answer ? { supported: true, path: answer } : { supported: true };
    };
    const w = await mountDialog(lab, snap, { figureId: 'fig-line' });
    await waitPreview(w);
    await byId(w, 'export-format-svg').trigger('click');
    await byId(w, 'export-go').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'export-done').exists()).toBe(true));
    expect(asked).toEqual([{ mode: 'save', title: 'Export figure', defaultPath: lab.file('p/figline.svg'), kind: { name: 'SVG figure', extension: 'svg' } }]);
    expect(callsOf<ExportFileRequest>(lab, 'exportFile')).toEqual([{ projectId: snap.id, figureId: 'fig-line', format: 'svg', options: { preset: 'aps-single', fontPt: 8, lineWidthPt: 1 }, path: target }]);
    const written = readFileSync(target);
    expect(written.toString('utf8')).toMatch(/^<svg|^<\?xml/);
    expect(byId(w, 'export-done').text()).toBe(`Saved to ${target} (${sizeText(written.length)})`);
    expect(created).toHaveLength(0);

    answer = undefined;
    await byId(w, 'export-go').trigger('click');
    await flushPromises();
    expect(asked).toHaveLength(2);
    expect(callsOf(lab, 'exportFile')).toHaveLength(1);
    expect(byId(w, 'export-busy').exists()).toBe(false);
  });

  it('an export the backend refuses is reported in the dialog', async () => {
    const lab = createTestBackend({ hold: true, transport: 'electron' });
    const snap = await openSmall(lab);
    lab.native = () => ({ supported: true, path: lab.file('p/small.nrlab') });
    const w = await mountDialog(lab, snap, { mode: 'data', studyId: 'scan' });
    await byId(w, 'export-go').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'export-error').exists()).toBe(true));
    expect(byId(w, 'export-error').text()).toBe('is the project file itself; choose another file');
    expect(byId(w, 'export-done').exists()).toBe(false);
    expect(byId(w, 'export-go').attributes('disabled')).toBeUndefined();
  });
});

describe('export dialog: data', () => {
  it('lists only the studies with a stored result; exports CSV, JSON or a Python script', async () => {
    const lab = createTestBackend({ hold: true });
    const snap = await openSmall(lab);
    const w = await mountDialog(lab, snap, { mode: 'data', studyId: 'scan' });
    expect(byId(w, 'export-dialog').attributes('data-mode')).toBe('data');
    const options = byId(w, 'export-study').findAll('option');
    expect(options.map((o) => o.text())).toEqual(['Detuning scan']);
    expect(byId(w, 'export-data-format').text()).toContain('Python script (recomputes the study: QuTiP / numpy-scipy)');
    expect(byId(w, 'export-data-format').text()).toContain('This study: QuTiP');
    await byId(w, 'export-data-py').setValue(true);
    expect(byId(w, 'export-go').text()).toContain('Export PY');
    await byId(w, 'export-go').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'export-done').exists()).toBe(true));
    expect(callsOf(lab, 'chooseFile')).toEqual([{ mode: 'save', title: 'Export study data', defaultPath: lab.file('p/Detuning-scan.py'), kind: { name: 'Python script', extension: 'py' } }]);
    expect(callsOf(lab, 'exportFile')).toEqual([{ projectId: snap.id, studyId: 'scan', format: 'py' }]);
    expect(clicked).toEqual([{ href: 'blob:nrlab/1', download: 'Detuning-scan.py' }]);
    expect(created[0]!.type).toBe('text/x-python');
    expect(byId(w, 'export-done').text()).toContain('Downloaded Detuning-scan.py');
  });

  it('a study without a result says so; no study with a result: nothing to export', async () => {
    const lab = createTestBackend({ hold: true });
    const snap = await openSmall(lab);
    const w = await mountDialog(lab, snap, { mode: 'data', studyId: 'pt' });
    expect(byId(w, 'export-study-not-run').text()).toContain('Photon statistics has no stored result yet');
    expect((byId(w, 'export-study').element as HTMLSelectElement).value).toBe('scan');
    w.unmount();

    const lab2 = createTestBackend({ hold: true });
    const snap2 = await openSmall(lab2, { scan: false });
    const w2 = await mountDialog(lab2, snap2, { mode: 'data' });
    expect(byId(w2, 'export-no-results').exists()).toBe(true);
    expect(byId(w2, 'export-study').exists()).toBe(false);
    expect(byId(w2, 'export-go').attributes('disabled')).toBeDefined();
  });
});

describe('export from the app', () => {
  async function mountApp(): Promise<{ w: VueWrapper; lab: TestBackend }> {
    const lab = createTestBackend({ hold: true });
    const w = mountAppOn(lab);
    await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
    const file = lab.writeProject('p/small.nrlab', smallProject());
    await byId(w, 'open-project').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
    await byId(w, 'dialog-path').setValue(file);
    await byId(w, 'dialog-ok').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'project-workbench').exists()).toBe(true));
    const id = lab.last().id;
    await lab.storeResult(id, 'scan', { axes: [{ key: 'Delta', values: [-2, -1, 0, 1, 2] }], data: { 'a_to_c.T': [0.1, 0.5, 1, 0.5, 0.1], 'c_to_a.T': [0, 0, 0, 0, 0] } });
    await flushPromises();
    return { w, lab };
  }

  const key = (k: string, mods: { ctrl?: boolean } = {}): void => {
    (document.activeElement ?? window).dispatchEvent(new KeyboardEvent('keydown', { key: k, ctrlKey: mods.ctrl === true, bubbles: true, cancelable: true }));
  };

  it("the figure's Export… button, Ctrl+E and File → Export… open the dialog on the figure shown; Esc closes it", async () => {
    const { w, lab } = await mountApp();
    expect(byId(w, 'tab-figure-fig-line').attributes('aria-selected')).toBe('true');
    await byId(w, 'figure-export').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'export-preview').exists()).toBe(true));
    expect(byId(w, 'export-dialog').attributes('data-mode')).toBe('figure');
    expect((byId(w, 'export-figure').element as HTMLSelectElement).value).toBe('fig-line');
    // keys of the app wait while the dialog is open
    key('s', { ctrl: true });
    await flushPromises();
    expect(callsOf(lab, 'saveProject')).toHaveLength(0);
    key('Escape');
    await flushPromises();
    expect(byId(w, 'export-dialog').exists()).toBe(false);

    // the Electron menu's File → Export…
    // as Electron's menu sends it
    lab.backend.bus.emit('app.command', { command: 'export' });
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
    const lab = createTestBackend({ hold: true });
    const open = await openSmall(lab);
    // the study edited after its run (the result kept): stale
    const doc = structuredClone(open.doc);
    doc.studies.find((s) => s.id === 'scan')!.params.kappa_b = 2;
    const snap = await lab.api.editProject({ projectId: open.id, doc, label: 'κ_b' });
    for (const props of [{ mode: 'data' as const, studyId: 'scan' }, { figureId: 'fig-line' }]) {
      const w = await mountDialog(lab, snap, props);
      expect(byId(w, 'export-stale').text()).toContain('Detuning scan');
      expect(byId(w, 'export-stale').text()).toContain('the study was edited after it was run');
      if (props.studyId) expect(byId(w, 'export-study-card').text()).toContain('completed — 5 points · stale');
      expect(byId(w, 'export-go').attributes('disabled')).toBeDefined();
      await byId(w, 'export-allow-stale').setValue(true);
      if (!props.studyId) await waitPreview(w);
      expect(byId(w, 'export-go').attributes('disabled')).toBeUndefined();
      await byId(w, 'export-go').trigger('click');
      await vi.waitFor(() => expect(byId(w, 'export-done').exists()).toBe(true));
      expect(callsOf<ExportFileRequest>(lab, 'exportFile').at(-1)).toMatchObject({ ...(props.studyId ? { studyId: 'scan' } : { figureId: 'fig-line' }), allowStale: true });
      w.unmount();
      wrapper = undefined;
    }
    // a fresh result: no warning, no confirmation asked
    const fresh = await lab.api.undo({ projectId: open.id });
    const w = await mountDialog(lab, fresh, { mode: 'data', studyId: 'scan' });
    expect(byId(w, 'export-stale').exists()).toBe(false);
    expect(byId(w, 'export-go').attributes('disabled')).toBeUndefined();
  });
});
