// @vitest-environment happy-dom
import { mkdirSync } from 'node:fs';
import { type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../../src-core/project/types';
import { APP_VERSION } from '../../../../src-main/services/version';
import MapChart from '../../../../src-renderer/components/MapChart.vue';
import PanelChart from '../../../../src-renderer/components/figures/PanelChart.vue';
import type { BarSpec, LineSpec } from '../../../../src-core/figures/panel-data';
import { smallProject } from '../../../helpers/small-project';
import { createTestBackend, settled, type TestBackend, type TestBackendOptions } from '../../../helpers/test-backend';
import { byId, mountAppOn, unmountApp, unmountApps } from '../../../helpers/app-harness';

afterEach(() => {
  unmountApps();
  sessionStorage.clear();
  localStorage.clear();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** The app on the real backend (browser mode unless `opts` says otherwise); `setup` puts files in place first. */
async function mountApp(setup: (lab: TestBackend) => void = () => undefined, opts: TestBackendOptions = {}): Promise<{ w: VueWrapper; lab: TestBackend }> {
  const lab = createTestBackend({ hold: true, ...opts });
  setup(lab);
  const w = mountAppOn(lab);
  await vi.waitFor(() => expect(byId(w, 'start-screen').exists()).toBe(true));
  // the recent list and the recovery files are read from disk
  await settled();
  return { w, lab };
}

/** What the (stubbed) chart of the first line or bar panel was given to draw. */
function chartSpec<T extends LineSpec | BarSpec>(w: VueWrapper): T {
  return (w.findComponent(PanelChart).props() as { spec: T }).spec;
}

function callsOf(lab: TestBackend, method: string): unknown[] {
  return lab.calls.filter((c) => c.method === method).map((c) => c.args);
}

/** Write `doc` to `rel` in the workspace and open it through the browser-mode Open dialog. */
async function openFile(w: VueWrapper, lab: TestBackend, rel: string, doc: ProjectDocument = smallProject()): Promise<void> {
  const path = lab.writeProject(rel, doc);
  await byId(w, 'open-project').trigger('click');
  await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
  await byId(w, 'dialog-path').setValue(path);
  await byId(w, 'dialog-ok').trigger('click');
  await settled();
}

/** The small project with its 1-D scan over these Δ values. */
function scanOver(values: number[]): ProjectDocument {
  const doc = smallProject();
  doc.studies[0]!.axes = [{ key: 'Delta', values }];
  return doc;
}

function key(k: string, mods: { ctrl?: boolean; shift?: boolean } = {}): void {
  const target = document.activeElement ?? window;
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, ctrlKey: mods.ctrl === true, shiftKey: mods.shift === true, bubbles: true, cancelable: true }));
}

async function editKappaB(w: VueWrapper, text: string): Promise<void> {
  await byId(w, 'tree-study-scan').trigger('click');
  const input = byId(w, 'study-param-kappa_b');
  await input.setValue(text);
  await input.trigger('change');
  await settled();
}

describe('start screen', () => {
  it('after a window reload, a project never saved comes back from the backend with its changes', async () => {
    const { w, lab } = await mountApp();
    await byId(w, 'example-loss-induced-nonreciprocity').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'project-workbench').exists()).toBe(true));
    const id = lab.last().id;
    unmountApp(w);
    // the "reloaded" window: same backend, new renderer
    const again = mountAppOn(lab);
    await vi.waitFor(() => expect(byId(again, 'project-workbench').exists()).toBe(true));
    expect(callsOf(lab, 'getProject')).toEqual([{ projectId: id }]);
    expect(byId(again, 'dirty-marker').exists()).toBe(true);
  });

  it('offers New, both examples with title and description, Open…, the recent projects and the scratch workbench', async () => {
    const { w } = await mountApp((f) => {
      f.setRecent([{ path: f.writeProject('seed000.nrlab', smallProject()), title: 'Seed 000', openedAt: '2026-02-01T09:00:00.000Z' }]);
    });
    expect(byId(w, 'new-project').exists()).toBe(true);
    expect(byId(w, 'open-project').exists()).toBe(true);
    const ex0 = byId(w, 'example-loss-induced-nonreciprocity');
    const ex1 = byId(w, 'example-nonlocal-loss-coupling');
    expect(ex0.text()).toContain('Loss-induced quantum nonreciprocity');
    expect(ex0.text()).toContain('Li et al.');
    expect(ex1.text()).toContain('Nonreciprocal coupling by nonlocal loss');
    // paper notation in the description has real subscripts
    expect(ex0.find('sub').exists()).toBe(true);
    expect(byId(w, 'recent-0').text()).toContain('Seed 000');
    expect(byId(w, 'recent-0').text()).toContain('seed000.nrlab');
    expect(byId(w, 'open-scratch').exists()).toBe(true);
    expect(byId(w, 'recovery-banner').exists()).toBe(false);
  });

  it('New from example opens the project with its title, the unsaved marker and its first figure', async () => {
    const { w, lab } = await mountApp();
    await byId(w, 'example-nonlocal-loss-coupling').trigger('click');
    await settled();
    expect(callsOf(lab, 'newProject')).toEqual([{ example: 'nonlocal-loss-coupling' }]);
    expect(byId(w, 'project-title').text()).toContain('Nonreciprocal coupling induced by nonlocal loss engineering');
    expect(byId(w, 'dirty-marker').exists()).toBe(true);
    expect(byId(w, 'project-file').text()).toContain('not saved yet');
    expect(byId(w, 'tree-figure-fig2').exists()).toBe(true);
    expect(byId(w, 'tree-study-spectrum').exists()).toBe(true);
    expect(byId(w, 'tab-figure-fig2').attributes('aria-selected')).toBe('true');
    expect(byId(w, 'study-badge-spectrum').attributes('data-status')).toBe('none');
    expect(document.title).toBe('● Nonreciprocal coupling induced by nonlocal loss engineering (Shen & Chen) — NR Lab');
  });
});

describe('recovery of unsaved work', () => {
  it('asks "Recover unsaved work from <date>?" and recovers on Recover', async () => {
    const { w, lab } = await mountApp((f) => {
      f.addRecovery({ id: 'rec-1', title: 'Lost work', savedAt: '2026-02-03T10:15:00.000Z', path: f.file('lost.nrlab') }, { ...smallProject(), title: 'Lost work' });
    });
    const banner = byId(w, 'recovery-banner');
    expect(banner.exists()).toBe(true);
    const date = new Date('2026-02-03T10:15:00.000Z').toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    expect(banner.text()).toContain(`Recover unsaved work from ${date}?`);
    expect(banner.text()).toContain('Lost work');
    await byId(w, 'recover').trigger('click');
    await settled();
    expect(callsOf(lab, 'recoverProject')).toEqual([{ id: 'rec-1' }]);
    expect(byId(w, 'project-title').text()).toBe('Lost work');
    expect(byId(w, 'dirty-marker').exists()).toBe(true);
    expect(byId(w, 'project-warnings').text()).toContain('Recovered unsaved work');
  });

  it('Discard removes the recovery file and the banner', async () => {
    const { w, lab } = await mountApp((f) => {
      f.addRecovery({ id: 'rec-2', title: 'Old work', savedAt: '2026-02-03T10:15:00.000Z' }, { ...smallProject(), title: 'Old work' });
    });
    await byId(w, 'discard-recovery').trigger('click');
    await settled();
    expect(callsOf(lab, 'discardRecovery')).toEqual([{ id: 'rec-2' }]);
    expect(byId(w, 'recovery-banner').exists()).toBe(false);
    expect(byId(w, 'start-screen').exists()).toBe(true);
  });
});

describe('opening files', () => {
  it('shows a file that does not validate in a dialog with the field path, never a raw object', async () => {
    const { w, lab } = await mountApp();
    // a map whose second axis lists a negative loss
    const bad = smallProject();
    bad.studies[1]!.name = 'Fig. 2(c,f) map';
    bad.studies[1]!.axes![1] = { key: 'kappa_b', values: [0, -1] };
    await openFile(w, lab, 'data/broken.nrlab', bad);
    const dialog = byId(w, 'dialog');
    expect(dialog.attributes('data-kind')).toBe('error');
    expect(byId(w, 'dialog-title').text()).toContain('Cannot open the project');
    expect(byId(w, 'dialog-message').text()).toBe(
      'studies[1] "Fig. 2(c,f) map".axes: axis kappa_b (value 2): must be ≥ 0 (κ_b is in units of κ and kept within 0 … 10000 κ (0 allowed: no engineered loss), the range the solvers resolve in double precision), got -1',
    );
    expect(w.text()).not.toContain('[object');
    await byId(w, 'dialog-ok').trigger('click');
    expect(byId(w, 'dialog').exists()).toBe(false);
    expect(byId(w, 'start-screen').exists()).toBe(true);
  });

  it('lists every problem of a damaged file (the whole message crosses the transport)', async () => {
    const { w, lab } = await mountApp();
    const bad = { ...smallProject(), title: 5 } as unknown as ProjectDocument;
    (bad.studies[0] as { kind: string }).kind = 'scan';
    await openFile(w, lab, 'data/two.nrlab', bad);
    const msg = byId(w, 'dialog-message').text();
    expect(msg).toContain('2 problems in the project file');
    expect(msg).toContain('title: must be string');
    expect(msg).toContain('studies[0] "Detuning scan".kind: must be one of "sweep", "point", "simulate", "optimize"');
  });

  it('Electron: Open… and Save As use the native dialogs (chooseFile)', async () => {
    const { w, lab } = await mountApp(
      (f) => {
        f.writeProject('native.nrlab', smallProject());
        f.native = (req) => ({ supported: true, path: req.mode === 'open' ? f.file('native.nrlab') : f.file('copy.nrlab') });
      },
      { transport: 'electron' },
    );
    await byId(w, 'open-project').trigger('click');
    await settled();
    expect(byId(w, 'dialog').exists()).toBe(false);
    expect(callsOf(lab, 'openProject')).toEqual([{ path: lab.file('native.nrlab') }]);
    await byId(w, 'action-save-as').trigger('click');
    await settled();
    expect(callsOf(lab, 'chooseFile').at(-1)).toEqual({ mode: 'save', title: 'Save project as', defaultPath: lab.file('native.nrlab') });
    expect(callsOf(lab, 'saveProject')).toEqual([{ projectId: lab.last().id, path: lab.file('copy.nrlab') }]);
    // a cancelled native dialog does nothing
    lab.native = () => ({ supported: true });
    await byId(w, 'action-open').trigger('click');
    await settled();
    expect(callsOf(lab, 'openProject')).toHaveLength(1);
    expect(byId(w, 'project-file').text()).toBe('copy.nrlab');
  });

  it('browser mode: the Open dialog lists the recent projects; a click fills the path', async () => {
    const { w, lab } = await mountApp((f) => {
      f.setRecent([{ path: f.writeProject('a.nrlab', smallProject()), title: 'Project A', openedAt: '2026-02-01T09:00:00.000Z' }]);
    });
    await byId(w, 'open-project').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'dialog-recent-0').exists()).toBe(true));
    expect(callsOf(lab, 'chooseFile')).toEqual([{ mode: 'open', title: 'Open project' }]);
    await byId(w, 'dialog-recent-0').trigger('click');
    expect((byId(w, 'dialog-path').element as HTMLInputElement).value).toBe(lab.file('a.nrlab'));
    await byId(w, 'dialog-ok').trigger('click');
    await settled();
    expect(callsOf(lab, 'openProject')).toEqual([{ path: lab.file('a.nrlab') }]);
    expect(byId(w, 'project-title').text()).toBe('Small test project');
    expect(byId(w, 'project-file').text()).toBe('a.nrlab');
    expect(byId(w, 'dirty-marker').exists()).toBe(false);
  });
});

describe('dirty state, save and close', () => {
  it('an edit marks the project dirty; Close asks Save / Don\'t Save / Cancel', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    expect(byId(w, 'dirty-marker').exists()).toBe(false);
    await editKappaB(w, '2');
    expect(byId(w, 'dirty-marker').exists()).toBe(true);

    await byId(w, 'action-close').trigger('click');
    await settled();
    expect(byId(w, 'dialog').attributes('data-kind')).toBe('confirm-save');
    expect(byId(w, 'dialog-message').text()).toContain('"Small test project" has unsaved changes (small.nrlab)');
    await byId(w, 'dialog-cancel').trigger('click');
    await settled();
    expect(byId(w, 'project-workbench').exists()).toBe(true);
    expect(callsOf(lab, 'closeProject')).toEqual([]);

    await byId(w, 'action-close').trigger('click');
    await settled();
    await byId(w, 'dialog-dont-save').trigger('click');
    await settled();
    expect(callsOf(lab, 'closeProject')).toEqual([{ projectId: id, discard: true }]);
    expect(byId(w, 'start-screen').exists()).toBe(true);
  });

  it('Save in the close prompt saves to the file first; a clean project closes without asking', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    await editKappaB(w, '1.5');
    await byId(w, 'action-close').trigger('click');
    await settled();
    await byId(w, 'dialog-save').trigger('click');
    await settled();
    expect(callsOf(lab, 'saveProject')).toEqual([{ projectId: id }]);
    expect(callsOf(lab, 'closeProject')).toEqual([{ projectId: id }]);
    expect(byId(w, 'start-screen').exists()).toBe(true);
    // reopened from the recent list: clean, so Close asks nothing
    await byId(w, 'recent-0').trigger('click');
    await settled();
    await byId(w, 'action-close').trigger('click');
    await settled();
    expect(byId(w, 'dialog').exists()).toBe(false);
    expect(byId(w, 'start-screen').exists()).toBe(true);
  });

  it('Ctrl+S on a project never saved asks for a path (like Save As); then saves to its file', async () => {
    const { w, lab } = await mountApp();
    await byId(w, 'example-loss-induced-nonreciprocity').trigger('click');
    await settled();
    const id = lab.last().id;
    key('s', { ctrl: true });
    await vi.waitFor(() => expect(byId(w, 'dialog').attributes('data-kind')).toBe('path-save'));
    expect((byId(w, 'dialog-path').element as HTMLInputElement).value).toBe('Loss-induced-quantum-nonreciprocity-Li-et-al.nrlab');
    await byId(w, 'dialog-path').setValue(lab.file('seed000'));
    await byId(w, 'dialog-ok').trigger('click');
    await settled();
    expect(callsOf(lab, 'saveProject')).toEqual([{ projectId: id, path: lab.file('seed000.nrlab') }]);
    expect(byId(w, 'project-file').text()).toBe('seed000.nrlab');
    expect(byId(w, 'dirty-marker').exists()).toBe(false);
    await editKappaB(w, '0.5').catch(() => undefined);
    key('s', { ctrl: true });
    await settled();
    expect(callsOf(lab, 'saveProject').at(-1)).toEqual({ projectId: id });
    // Ctrl+Shift+S always asks
    key('S', { ctrl: true, shift: true });
    await vi.waitFor(() => expect(byId(w, 'dialog').attributes('data-kind')).toBe('path-save'));
    await byId(w, 'dialog-cancel').trigger('click');
  });

  it('Save As appends .nrlab; a failed save is reported in a dialog and leaves the project dirty', async () => {
    const { w, lab } = await mountApp();
    // a folder where the file should go: the write fails
    mkdirSync(lab.file('ro/x.nrlab'), { recursive: true });
    await byId(w, 'example-loss-induced-nonreciprocity').trigger('click');
    await settled();
    await byId(w, 'action-save-as').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'dialog-path').exists()).toBe(true));
    await byId(w, 'dialog-path').setValue(lab.file('ro/x'));
    await byId(w, 'dialog-ok').trigger('click');
    await settled();
    expect(byId(w, 'dialog').attributes('data-kind')).toBe('error');
    expect(byId(w, 'dialog-title').text()).toContain('Cannot save the project');
    expect(byId(w, 'dialog-message').text()).toBe(`${lab.file('ro/x.nrlab')} is not a file; nothing was changed`);
    await byId(w, 'dialog-ok').trigger('click');
    expect(byId(w, 'dirty-marker').exists()).toBe(true);
    expect(byId(w, 'project-file').text()).toContain('not saved yet');
  });

  it('warns before the page unloads with unsaved changes (browser mode)', async () => {
    const { w, lab } = await mountApp();
    const clean = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(clean);
    expect(clean.defaultPrevented).toBe(false);
    await openFile(w, lab, 'p/small.nrlab');
    await editKappaB(w, '2');
    const dirty = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(dirty);
    expect(dirty.defaultPrevented).toBe(true);
  });
});

describe('undo and redo', () => {
  it('show the labels of the edits in their tooltips and run on Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    expect(byId(w, 'action-undo').attributes('disabled')).toBeDefined();
    expect(byId(w, 'action-undo').attributes('title')).toBe('Nothing to undo');
    await editKappaB(w, '2');
    expect(byId(w, 'action-undo').attributes('title')).toBe('Undo Edit κb of Detuning scan (Ctrl+Z)');
    (document.activeElement as HTMLElement | null)?.blur();
    key('z', { ctrl: true });
    await settled();
    expect(callsOf(lab, 'undo')).toHaveLength(1);
    expect(byId(w, 'action-redo').attributes('title')).toBe('Redo Edit κb of Detuning scan (Ctrl+Y)');
    expect(byId(w, 'action-undo').attributes('disabled')).toBeDefined();
    // the form follows the document
    expect((byId(w, 'study-param-kappa_b').element as HTMLInputElement).value).toBe('1');
    key('y', { ctrl: true });
    await settled();
    expect(callsOf(lab, 'redo')).toHaveLength(1);
    expect((byId(w, 'study-param-kappa_b').element as HTMLInputElement).value).toBe('2');
    key('z', { ctrl: true });
    await settled();
    key('Z', { ctrl: true, shift: true });
    await settled();
    expect(callsOf(lab, 'redo')).toHaveLength(2);
  });

  it('leaves Ctrl+Z to a text field that has the focus', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    await editKappaB(w, '2');
    (byId(w, 'study-param-theta').element as HTMLInputElement).focus();
    key('z', { ctrl: true });
    await settled();
    expect(callsOf(lab, 'undo')).toHaveLength(0);
  });

  it('a project from a newer NR Lab is read-only: the title bar says so and Save asks for a new file', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/newer.nrlab', { ...smallProject(), schemaVersion: PROJECT_SCHEMA_VERSION + 1, app: { name: 'NR Lab', version: '9.0' } });
    expect(byId(w, 'readonly-badge').text()).toContain('read-only');
    expect(byId(w, 'project-warnings').text()).toContain('open read-only');
    key('s', { ctrl: true });
    await vi.waitFor(() => expect(byId(w, 'dialog').attributes('data-kind')).toBe('path-save'));
    expect((byId(w, 'dialog-path').element as HTMLInputElement).value).toBe(lab.file('p/newer.nrlab'));
    await byId(w, 'dialog-cancel').trigger('click');
    expect(callsOf(lab, 'saveProject')).toHaveLength(0);
  });

  it('menu: open-path opens a file; show-project shows a project the main process opened', async () => {
    const { w, lab } = await mountApp((f) => {
      f.writeProject('p/a.nrlab', smallProject());
      f.writeProject('p/b.nrlab', { ...smallProject(), title: 'Project B' });
    });
    // the main process sends menu commands on the backend's event bus
    lab.backend.bus.emit('app.command', { command: 'open-path', path: lab.file('p/a.nrlab') });
    await settled();
    expect(byId(w, 'project-title').text()).toBe('Small test project');
    // the main process opened b.nrlab (double-click in the file manager) and asks to show it
    const b = await lab.api.openProject({ path: lab.file('p/b.nrlab') });
    lab.backend.bus.emit('app.command', { command: 'show-project', projectId: b.id, path: lab.file('p/b.nrlab') });
    await settled();
    expect(byId(w, 'project-title').text()).toBe('Project B');
    expect(callsOf(lab, 'closeProject')).toHaveLength(1);
    // Run from the menu runs the selected study
    await byId(w, 'tree-study-scan').trigger('click');
    lab.backend.bus.emit('app.command', { command: 'run' });
    await settled();
    expect(callsOf(lab, 'runStudy')).toEqual([{ projectId: b.id, studyId: 'scan' }]);
  });

  it('the Electron menu commands do the same', async () => {
    const { w, lab } = await mountApp();
    lab.backend.bus.emit('app.command', { command: 'new-from-example', example: 'loss-induced-nonreciprocity' });
    await settled();
    expect(byId(w, 'project-title').text()).toContain('Loss-induced quantum nonreciprocity');
    await byId(w, 'tree-study-loss-scan').trigger('click');
    const input = byId(w, 'study-param-U_a');
    await input.setValue('4');
    await input.trigger('change');
    await settled();
    (document.activeElement as HTMLElement | null)?.blur();
    lab.backend.bus.emit('app.command', { command: 'undo' });
    await settled();
    expect(callsOf(lab, 'undo')).toHaveLength(1);
    lab.backend.bus.emit('app.command', { command: 'save-as', path: lab.file('menu.nrlab') });
    await settled();
    expect(callsOf(lab, 'saveProject')).toEqual([{ projectId: lab.last().id, path: lab.file('menu.nrlab') }]);
    lab.backend.bus.emit('app.command', { command: 'close' });
    await settled();
    expect(byId(w, 'dialog').exists()).toBe(false);
    expect(byId(w, 'start-screen').exists()).toBe(true);
  });
});

describe('tree and inspector', () => {
  it('edits a study parameter with editProject: the new document and the label', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    await editKappaB(w, '2');
    const edits = callsOf(lab, 'editProject') as { projectId: string; doc: ProjectDocument; label: string }[];
    expect(edits).toHaveLength(1);
    expect(edits[0]!.projectId).toBe(id);
    expect(edits[0]!.label).toBe('Edit κb of Detuning scan');
    const expected = smallProject();
    expected.studies[0]!.params = { kappa_b: 2 };
    expect(edits[0]!.doc).toEqual(expected);
    // an expression is stored as typed
    const theta = byId(w, 'study-param-theta');
    await theta.setValue('pi/3');
    await theta.trigger('change');
    await settled();
    const last = (callsOf(lab, 'editProject') as { doc: ProjectDocument; label: string }[]).at(-1)!;
    expect(last.label).toBe('Edit θ of Detuning scan');
    expect(last.doc.studies[0]!.params).toEqual({ kappa_b: 2, theta: 'pi/3' });
  });

  it('shows a bad value inline and sends nothing', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    await editKappaB(w, '-1');
    expect(byId(w, 'study-error-kappa_b').text()).toContain('must be ≥ 0');
    expect(byId(w, 'study-param-kappa_b').attributes('aria-invalid')).toBe('true');
    expect(callsOf(lab, 'editProject')).toHaveLength(0);
    expect(byId(w, 'study-run').attributes('disabled')).toBeDefined();
  });

  it('edits an axis, the parameter set values and the study name as labelled edits', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    await byId(w, 'tree-study-scan').trigger('click');
    expect(byId(w, 'study-param-Delta_a').attributes('disabled')).toBeDefined();
    await byId(w, 'axis-0-points').setValue('1');
    await byId(w, 'axis-0-points').trigger('change');
    expect(byId(w, 'axis-0-error').text()).toContain('between 2 and');
    await byId(w, 'axis-0-points').setValue('7');
    await byId(w, 'axis-0-points').trigger('change');
    await settled();
    let last = (callsOf(lab, 'editProject') as { doc: ProjectDocument; label: string }[]).at(-1)!;
    expect(last.label).toBe('Edit axis Δ/κ of Detuning scan');
    expect(last.doc.studies[0]!.axes).toEqual([{ key: 'Delta', start: -2, stop: 2, count: 7 }]);
    expect(byId(w, 'study-cost').text()).toContain('7 points');

    await byId(w, 'inspector-name').setValue('Scan over Δ');
    await byId(w, 'inspector-name').trigger('change');
    await settled();
    last = (callsOf(lab, 'editProject') as { doc: ProjectDocument; label: string }[]).at(-1)!;
    expect(last.label).toBe('Rename study Detuning scan to Scan over Δ');
    expect(byId(w, 'tree-study-scan').text()).toContain('Scan over Δ');

    await byId(w, 'tree-set-base').trigger('click');
    expect(byId(w, 'inspector').attributes('data-kind')).toBe('set');
    // the Kerr strength does not apply to the classical solver of this set
    expect(byId(w, 'set-param-U_a').attributes('disabled')).toBeDefined();
    await byId(w, 'set-param-kappa_a').setValue('3');
    await byId(w, 'set-param-kappa_a').trigger('change');
    await settled();
    last = (callsOf(lab, 'editProject') as { doc: ProjectDocument; label: string }[]).at(-1)!;
    expect(last.label).toBe('Edit κₐ of Base point');
    expect(last.doc.parameterSets[0]!.params.kappa_a).toBe(3);
  });

  it('Ctrl+Enter in a field first commits the value just typed, then runs with it', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    await byId(w, 'tree-study-scan').trigger('click');
    const input = byId(w, 'study-param-kappa_b');
    (input.element as HTMLInputElement).focus();
    await input.setValue('3');
    key('Enter', { ctrl: true });
    await settled();
    const order = lab.calls.map((c) => c.method).filter((m) => m === 'editProject' || m === 'runStudy');
    expect(order).toEqual(['editProject', 'runStudy']);
    expect(lab.last().doc.studies[0]!.params).toEqual({ kappa_b: 3 });
    // an invalid value blocks the run
    await byId(w, 'tree-study-map').trigger('click');
    const bad = byId(w, 'study-param-J_ac');
    (bad.element as HTMLInputElement).focus();
    await bad.setValue('-');
    key('Enter', { ctrl: true });
    await settled();
    expect(callsOf(lab, 'runStudy')).toHaveLength(1);
  });

  it('runs the selected study (button and Ctrl+Enter), follows its progress, cancels with Esc', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    await byId(w, 'tree-study-scan').trigger('click');
    expect(byId(w, 'study-cost').text()).toContain('5 points');
    expect(byId(w, 'study-cost').text()).toContain('classical');
    await settled();
    // before any run, the time comes from the model's measured cost per point (backend estimate)
    expect(byId(w, 'study-cost').text()).toMatch(/≈ .* on \d workers \(estimate, /);
    (document.activeElement as HTMLElement | null)?.blur();
    // the backend's clock: the ETA it reports follows it
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.spyOn(performance, 'now').mockImplementation(() => Date.now());
    key('Enter', { ctrl: true });
    await settled();
    expect(callsOf(lab, 'runStudy')).toEqual([{ projectId: id, studyId: 'scan' }]);
    expect(byId(w, 'study-badge-scan').attributes('data-status')).toBe('running');
    expect(byId(w, 'study-badge-scan').find('.spinner').exists()).toBe(true);
    // 2 of 5 points in 2.667 s: 3 to go take 4.0 s
    vi.setSystemTime(lab.job().startedAt + 2667);
    await lab.data(0, 2, (i) => ({ 'a_to_c.T': i / 10, 'c_to_a.T': 0, isolation: 0 }));
    await settled();
    expect(byId(w, 'study-progress-text').text()).toContain('40 %');
    expect(byId(w, 'study-progress-text').text()).toContain('ETA 4.0 s');
    expect(byId(w, 'statusbar-running').text()).toContain('Detuning scan 40 %');
    key('Escape');
    await settled();
    expect(callsOf(lab, 'cancelJob')).toEqual([{ jobId: lab.job().id }]);
    // the backend stores the partial result: Resume continues it
    await lab.studyStored(id, 'scan');
    await settled();
    expect(byId(w, 'study-badge-scan').attributes('data-status')).toBe('cancelled');
    await byId(w, 'study-resume').trigger('click');
    await settled();
    expect(callsOf(lab, 'runStudy').at(-1)).toEqual({ projectId: id, studyId: 'scan', resume: true });
  });
});

describe('figures from stored results', () => {
  it('draws a line panel from a stored 1-D result', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    const x = [-2, -1, 0, 1, 2];
    await lab.storeResult(id, 'scan', { axes: [{ key: 'Delta', values: x }], data: { 'a_to_c.T': [0.1, 0.2, 0.3, 0.4, 0.5], 'c_to_a.T': [0.5, 0.4, 0.3, 0.2, 0.1] } });
    await settled();
    await byId(w, 'tree-figure-fig-line').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-state')).toBe('ready'));
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('10'));
    expect(callsOf(lab, 'studyResult')).toEqual([{ projectId: id, studyId: 'scan' }]);
    // a figure of one panel carries no (a)
    expect(byId(w, 'panel-0').find('[data-testid=panel-label]').exists()).toBe(false);
    const spec = chartSpec<LineSpec>(w);
    expect(spec.kind).toBe('line');
    expect(spec.xLabel).toBe('Δ/κ');
    expect(spec.yLabel).toBe('T');
    expect(spec.yRange).toEqual([0, 1]);
    expect(spec.series.map((s) => [s.name, s.color, s.dash])).toEqual([
      ['T_{a→c}', '#d62728', 'solid'],
      ['T_{c→a}', '#1f77b4', 'dash'],
    ]);
    expect(Array.from(spec.series[0]!.x)).toEqual(x);
    expect(Array.from(spec.series[1]!.y)).toEqual([0.5, 0.4, 0.3, 0.2, 0.1]);
    expect(byId(w, 'tree-figure-fig-line').find('.fdot').classes()).toContain('f-ready');
  });

  it('draws a heatmap panel and one curve per value of the other axis from a stored 2-D result', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    // Δ ∈ {-1, 0, 1} (slowest) × κ_b ∈ {0, 1}
    const iso = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    await lab.storeResult(id, 'map', {
      axes: [
        { key: 'Delta', values: [-1, 0, 1] },
        { key: 'kappa_b', values: [0, 1] },
      ],
      data: { isolation: iso, 'a_to_c.T': [1, 2, 3, 4, 5, 6], 'c_to_a.T': iso },
    });
    await settled();
    await byId(w, 'tree-figure-fig-map').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('6'));
    expect(byId(w, 'panel-0').attributes('data-kind')).toBe('heatmap');
    const map = w.findComponent(MapChart).props() as { xExtent: number[]; yExtent: number[]; xLabel: string; yLabel: string; quantitySymbol: string; colorRange: number[] };
    // cell edges: half a step beyond the first and last values
    expect(map.xExtent).toEqual([-1.5, 1.5]);
    expect(map.yExtent).toEqual([-0.5, 1.5]);
    expect(map.xLabel).toBe('Δ/κ');
    expect(map.yLabel).toBe('κ_b/κ');
    expect(map.quantitySymbol).toBe('𝓘');
    expect(map.colorRange).toEqual([0.1, 0.6]);
    // the second panel: a→c transmission against Δ, one curve per κ_b
    const line = chartSpec<LineSpec>(w);
    expect(line.series.map((s) => s.name)).toEqual(['T_{a→c}, κ_b/κ = 0', 'T_{a→c}, κ_b/κ = 1']);
    expect(Array.from(line.series[0]!.y)).toEqual([1, 3, 5]);
    expect(Array.from(line.series[1]!.y)).toEqual([2, 4, 6]);
    // one legend entry for the quantity (on its darkest curve); the shades are explained below the plot
    expect(line.legend).toEqual([{ name: 'T_{a→c}, κ_b/κ = 1', label: 'T_{a→c}' }]);
    expect(line.series[0]!.color).not.toBe(line.series[1]!.color);
    expect(byId(w, 'panel-1').find('[data-testid=panel-note]').text()).toBe('One curve per κb/κ = 0, 1: lighter to darker.');
    expect(byId(w, 'panel-0').find('[data-testid=panel-label]').text()).toBe('(a)');
    expect(byId(w, 'panel-1').find('[data-testid=panel-label]').text()).toBe('(b)');
  });

  it('draws the photon-number bars of a point study from its output', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    await lab.storeResult(id, 'pt', { output: { output: { a_to_c: { P_c: [0.9, 0.09, 0.01, 0], poisson_c: [0.9, 0.095, 0.005, 0.0002] } }, scalars: { 'a_to_c.T': 0.97 } } });
    await settled();
    await byId(w, 'tree-figure-fig-bar').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-state')).toBe('ready'));
    const spec = chartSpec<BarSpec>(w);
    expect(spec.kind).toBe('bar');
    expect(spec.categories).toEqual(['0', '1', '2', '3']);
    // zero is not drawn on a log axis
    expect(spec.series[0]!.values).toEqual([0.9, 0.09, 0.01, null]);
    expect(spec.series[1]!.name).toBe('𝒫_{c}(m)');
  });

  it('says "not run yet" with a Run button, fills while the study streams, then shows the stored result', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    await byId(w, 'tree-figure-fig-line').trigger('click');
    await settled();
    expect(byId(w, 'panel-0').attributes('data-state')).toBe('none');
    expect(byId(w, 'panel-empty').text()).toContain('Not run yet');
    await byId(w, 'panel-run').trigger('click');
    await settled();
    expect(callsOf(lab, 'runStudy')).toEqual([{ projectId: id, studyId: 'scan' }]);
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-state')).toBe('running'));
    expect(callsOf(lab, 'getJobResult')).toEqual([{ jobId: lab.job().id }]);
    await lab.data(0, 3, (i) => ({ 'a_to_c.T': i / 10, 'c_to_a.T': 0, isolation: 0 }));
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('6'));
    expect(byId(w, 'panel-running').text()).toContain('60 %');
    await lab.data(3, 5, (i) => ({ 'a_to_c.T': i / 10, 'c_to_a.T': 0, isolation: 0 }));
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-points')).toBe('10'));
    await lab.studyStored(id, 'scan');
    await settled();
    await vi.waitFor(() => expect(callsOf(lab, 'studyResult')).toEqual([{ projectId: id, studyId: 'scan' }]));
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-state')).toBe('ready'));
    const spec = chartSpec<LineSpec>(w);
    expect(Array.from(spec.series[0]!.y)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(byId(w, 'study-badge-scan').attributes('data-status')).toBe('succeeded');
  });

  it('shows the provenance of a stored result in the inspector', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab', scanOver([0, 1]));
    await lab.storeResult(lab.last().id, 'scan', { axes: [{ key: 'Delta', values: [0, 1] }], data: { 'a_to_c.T': [1, 2] }, wallMs: 1234 });
    await settled();
    await byId(w, 'tree-study-scan').trigger('click');
    expect(byId(w, 'provenance-solver').text()).toBe('classical');
    expect(byId(w, 'provenance-truncation').text()).toBe('solver classical · basis total · fock auto · convergence none');
    expect(byId(w, 'provenance-wall').text()).toBe('1.2 s on 3 workers');
    expect(byId(w, 'provenance-app').text()).toBe(`NR Lab ${APP_VERSION}`);
    expect(byId(w, 'provenance-date').text()).toContain('2026');
  });
});

describe('stale results', () => {
  it('a result whose study was edited is marked stale in the tree, the tab, the inspector and its figure; undo makes it fresh again', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    await lab.storeResult(id, 'scan', { axes: [{ key: 'Delta', values: [-2, -1, 0, 1, 2] }], data: { 'a_to_c.T': [0.1, 0.2, 0.3, 0.4, 0.5], 'c_to_a.T': [0.5, 0.4, 0.3, 0.2, 0.1] } });
    await settled();
    await byId(w, 'tree-figure-fig-line').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'panel-0').attributes('data-state')).toBe('ready'));
    expect(byId(w, 'study-badge-scan').attributes('data-status')).toBe('succeeded');
    expect(byId(w, 'panel-0').attributes('data-stale')).toBe('false');
    expect(byId(w, 'panel-stale').exists()).toBe(false);

    await editKappaB(w, '2');
    expect(byId(w, 'study-badge-scan').attributes('data-status')).toBe('stale');
    expect(byId(w, 'study-badge-scan').text()).toBe('stale');
    expect(byId(w, 'inspector-state').text()).toBe('completed — 5 points · stale');
    expect(byId(w, 'inspector-stale').text()).toMatch(/Stale:.*changed since it was run/);
    expect(byId(w, 'figure-dot-fig-line').attributes('data-state')).toBe('stale');
    await byId(w, 'tree-figure-fig-line').trigger('click');
    await settled();
    expect(byId(w, 'panel-0').attributes('data-stale')).toBe('true');
    expect(byId(w, 'panel-stale').text()).toContain('Stale: “Detuning scan” changed since it was run');
    // the study's own tab says it too
    await byId(w, 'tree-study-scan').trigger('click');
    await settled();
    expect(w.find('.summary').text()).toContain('stale');

    key('z', { ctrl: true });
    await settled();
    expect(byId(w, 'study-badge-scan').attributes('data-status')).toBe('succeeded');
    expect(byId(w, 'inspector-stale').exists()).toBe(false);
    expect(byId(w, 'figure-dot-fig-line').attributes('data-state')).toBe('ready');
  });

  it('the inspector shows the total time and every run of a resumed result', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    const fill = (i: number) => ({ 'a_to_c.T': i / 10, 'c_to_a.T': 0, isolation: 0 });
    // a first run of 80 s (on the backend's clock) computes 3 points and is cancelled; the resumed run computes the other 2 in 29 s
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-02-01T10:00:00.000Z'));
    await lab.api.runStudy({ projectId: id, studyId: 'scan' });
    await lab.data(0, 3, fill);
    vi.setSystemTime(new Date('2026-02-01T10:01:20.000Z'));
    lab.backend.projects.cancelStudy(id, 'scan');
    await lab.studyStored(id, 'scan');
    vi.setSystemTime(new Date('2026-02-02T09:00:00.000Z'));
    await lab.api.runStudy({ projectId: id, studyId: 'scan', resume: true });
    vi.setSystemTime(new Date('2026-02-02T09:00:29.000Z'));
    await lab.data(3, 5, fill);
    await vi.waitFor(() => expect(lab.last().doc.studies[0]!.result?.status).toBe('succeeded'));
    // back to the real clock (Vue ignores an event stamped before its listener was attached)
    vi.useRealTimers();
    await settled();
    await byId(w, 'tree-study-scan').trigger('click');
    expect(byId(w, 'provenance-wall').text()).toBe('109 s in total, 2 runs');
    expect(byId(w, 'provenance-run-0').text()).toContain(`3 points · 80 s on 3 workers · ${APP_VERSION}`);
    expect(byId(w, 'provenance-run-1').text()).toContain(`2 points · 29 s on 3 workers · ${APP_VERSION}`);
  });
});

describe('the file changed on disk', () => {
  it('a banner offers Reload (asking first when there are unsaved edits), Save As and Overwrite', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    expect(byId(w, 'disk-changed-banner').exists()).toBe(false);
    await editKappaB(w, '2');
    await lab.externalWrite('p/small.nrlab', { ...smallProject(), notes: 'written by nrlab run' });
    await settled();
    expect(byId(w, 'disk-changed-banner').text()).toContain('small.nrlab changed on disk');
    await byId(w, 'disk-reload').trigger('click');
    await settled();
    expect(byId(w, 'dialog').attributes('data-kind')).toBe('choice');
    await byId(w, 'dialog-cancel').trigger('click');
    await settled();
    expect(callsOf(lab, 'reloadProject')).toEqual([]);
    await byId(w, 'disk-reload').trigger('click');
    await settled();
    await byId(w, 'dialog-choice-reload').trigger('click');
    await settled();
    expect(callsOf(lab, 'reloadProject')).toEqual([{ projectId: id }]);
    expect(byId(w, 'disk-changed-banner').exists()).toBe(false);
    expect(byId(w, 'dirty-marker').exists()).toBe(false);
    expect(lab.last().doc.notes).toBe('written by nrlab run');

    await lab.externalWrite('p/small.nrlab', { ...smallProject(), notes: 'again' });
    await settled();
    await byId(w, 'disk-overwrite').trigger('click');
    await settled();
    expect(callsOf(lab, 'saveProject').at(-1)).toEqual({ projectId: id, overwrite: true });
    expect(byId(w, 'disk-changed-banner').exists()).toBe(false);
  });

  it('a save refused for a conflict asks Reload / Save As / Overwrite and keeps the edits until one is chosen', async () => {
    const { w, lab } = await mountApp();
    await openFile(w, lab, 'p/small.nrlab');
    const id = lab.last().id;
    await editKappaB(w, '2');
    await lab.externalWrite('p/small.nrlab', { ...smallProject(), notes: 'theirs' });
    key('s', { ctrl: true });
    await vi.waitFor(() => expect(byId(w, 'dialog').attributes('data-kind')).toBe('choice'));
    expect(byId(w, 'dialog-title').text()).toBe('The file changed on disk');
    expect(byId(w, 'dialog-message').text()).toContain('small.nrlab was changed by another program');
    await byId(w, 'dialog-cancel').trigger('click');
    await settled();
    expect(byId(w, 'dirty-marker').exists()).toBe(true);
    expect(lab.readProject('p/small.nrlab')).toMatchObject({ notes: 'theirs' });
    // Save As keeps both
    key('s', { ctrl: true });
    await vi.waitFor(() => expect(byId(w, 'dialog-choice-save-as').exists()).toBe(true));
    await byId(w, 'dialog-choice-save-as').trigger('click');
    await vi.waitFor(() => expect(byId(w, 'dialog').attributes('data-kind')).toBe('path-save'));
    await byId(w, 'dialog-path').setValue(lab.file('p/mine.nrlab'));
    await byId(w, 'dialog-ok').trigger('click');
    await settled();
    expect(callsOf(lab, 'saveProject').at(-1)).toEqual({ projectId: id, path: lab.file('p/mine.nrlab') });
    expect(lab.readProject('p/small.nrlab')).toMatchObject({ notes: 'theirs' });
    expect(byId(w, 'dirty-marker').exists()).toBe(false);
  });
});
