import { computed, ref, shallowRef } from 'vue';
import type { ChooseFileResponse, ExampleInfo, JobSnapshot, NrlabApi, ProjectSnapshot, RecentProject, RecoverableProject, StudyEstimate } from '../../src-core/contract/api';
import type { ParamInput } from '../../src-core/models/params';
import type { StudyAxis } from '../../src-core/studies/grid';
import type { ProjectDocument } from '../../src-core/project/types';
import { describeError, errorMessage } from '../lib/errors';
import { baseName, dirName, fileNameFor } from '../lib/project-edit';
import { studyParams } from '../../src-core/project/fingerprint';
import { runConfirmation } from '../lib/authoring-edit';
import { validateProject } from '../../src-core/project/validate';
import type { Dialogs } from './useDialogs';

const SESSION_KEY = 'nrlab.openProject';

/** Where browser mode's typed paths may point: inside the server's workspace root (nrlab serve --root). */
function whereIn(root: string | undefined): string {
  return root ? `relative to ${root} (or absolute inside it: the server opens and saves projects only there)` : 'absolute, or relative to the folder it was started in';
}

/**
 * The project shown in the app (one at a time) and every project action: new, open, save, save
 * as, close with "Save changes?", undo/redo, edits, running and cancelling studies, recovery of
 * unsaved work. The snapshot follows 'project.changed'; the progress of running studies follows
 * 'job.progress' / 'job.finished'. Failures are shown in a dialog with the backend's message
 * (which names the field path for a bad file); edits reject so the caller can show the error
 * beside the input.
 */
export function useProjectSession(api: NrlabApi, dialogs: Dialogs) {
  const snapshot = shallowRef<ProjectSnapshot | null>(null);
  /** The operation in flight ('Opening…'), '' when idle. */
  const busy = ref('');
  const recent = ref<RecentProject[]>([]);
  const examples = ref<ExampleInfo[]>([]);
  const recoverable = ref<RecoverableProject[]>([]);
  /** Progress of the jobs of running studies (job id → latest snapshot). */
  const jobs = shallowRef<Record<string, JobSnapshot>>({});

  const doc = computed<ProjectDocument | null>(() => snapshot.value?.doc ?? null);

  function accept(s: ProjectSnapshot): void {
    snapshot.value = s;
    const running = new Set(Object.values(s.running));
    const kept: Record<string, JobSnapshot> = {};
    for (const [id, j] of Object.entries(jobs.value)) if (running.has(id)) kept[id] = j;
    if (Object.keys(kept).length !== Object.keys(jobs.value).length) jobs.value = kept;
    remember(s);
  }

  function remember(s: ProjectSnapshot | null): void {
    try {
      if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify({ id: s.id, ...(s.path ? { path: s.path } : {}) }));
      else sessionStorage.removeItem(SESSION_KEY);
    } catch {
      // storage may be unavailable (file://, privacy settings): only the reload convenience is lost
    }
  }

  /** 'project.changed' events accepted so far (a call's answer older than one of them is dropped). */
  let changes = 0;
  const offs = [
    api.on('project.changed', (s) => {
      if (snapshot.value && s.id === snapshot.value.id) {
        changes++;
        accept(s);
      }
    }),
    api.on('job.progress', (j) => onJob(j)),
    api.on('job.finished', (j) => onJob(j)),
  ];

  function onJob(j: JobSnapshot): void {
    const s = snapshot.value;
    if (!s || !Object.values(s.running).includes(j.id)) return;
    jobs.value = { ...jobs.value, [j.id]: j };
  }

  async function guarded<T>(label: string, title: string, fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = label;
    try {
      return await fn();
    } catch (err) {
      busy.value = '';
      await dialogs.error(title, errorMessage(err));
      return undefined;
    } finally {
      busy.value = '';
    }
  }

  async function refreshLists(): Promise<void> {
    const [r, e] = await Promise.all([api.recentProjects().catch(() => []), examples.value.length ? Promise.resolve(examples.value) : api.listExamples().catch(() => [])]);
    recent.value = r;
    examples.value = e;
  }

  /** At start: the lists of the start screen, unsaved work to recover, the project of the last page load. */
  async function init(): Promise<void> {
    await refreshLists();
    try {
      recoverable.value = await api.recoverableProjects();
    } catch {
      recoverable.value = [];
    }
    let last: { id?: string; path?: string } = {};
    try {
      last = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? '{}') as { id?: string; path?: string };
    } catch {
      last = {};
    }
    // a reload of the page: the backend still holds the project (with its unsaved changes, even
    // one never saved); if the backend restarted, the file is opened again
    if (!snapshot.value && typeof last.id === 'string') {
      try {
        accept(await api.getProject({ projectId: last.id }));
        return;
      } catch {
        // not open any more
      }
    }
    if (!snapshot.value && typeof last.path === 'string') {
      try {
        accept(await api.openProject({ path: last.path }));
      } catch {
        remember(null);
      }
    }
  }

  /** Close the shown project, asking to save unsaved changes; false when the user cancelled. */
  async function close(): Promise<boolean> {
    const s = snapshot.value;
    if (!s) return true;
    let discard = false;
    if (s.dirty) {
      const choice = await dialogs.confirmSave(
        'Save changes?',
        `"${s.doc.title}" has unsaved changes${s.path ? ` (${baseName(s.path)})` : ' and has never been saved'}. If you don't save, they are lost.`,
      );
      if (choice === 'cancel') return false;
      if (choice === 'save') {
        if (!(await save())) return false;
      } else discard = true;
    }
    const ok = await guarded('Closing…', 'Cannot close the project', () => api.closeProject({ projectId: s.id, ...(discard ? { discard: true } : {}) }));
    if (!ok) return false;
    snapshot.value = null;
    jobs.value = {};
    remember(null);
    void refreshLists();
    return true;
  }

  async function show(make: () => Promise<ProjectSnapshot>, label: string, title: string): Promise<boolean> {
    if (!(await close())) return false;
    const s = await guarded(label, title, make);
    if (!s) {
      void refreshLists();
      return false;
    }
    accept(s);
    void refreshLists();
    return true;
  }

  function newProject(example?: string): Promise<boolean> {
    return show(() => api.newProject(example ? { example } : {}), 'Creating…', 'Cannot create the project');
  }

  function openPath(path: string): Promise<boolean> {
    return show(() => api.openProject({ path }), 'Opening…', 'Cannot open the project');
  }

  /** Show a project the backend already has open (Electron: opened from the OS or the menu). */
  async function showOpened(projectId: string, path: string | undefined): Promise<void> {
    if (snapshot.value?.id === projectId) return;
    if (!path) return;
    await openPath(path);
  }

  /** Open…: the native dialog in Electron, a path dialog with the recent projects in browser mode. */
  async function open(): Promise<boolean> {
    const native: ChooseFileResponse = await api.chooseFile({ mode: 'open', title: 'Open project', ...(snapshot.value?.path ? { defaultPath: dirName(snapshot.value.path) } : {}) }).catch(() => ({ supported: false }));
    let path = native.path;
    if (!native.supported) {
      await refreshLists();
      path = await dialogs.askPath({
        mode: 'open',
        title: 'Open project',
        message: `Path of a .nrlab file on the computer running NR Lab, ${whereIn(native.root)}.`,
        value: dirName(recent.value[0]?.path),
        recent: recent.value,
      });
    }
    if (!path) return false;
    return openPath(path);
  }

  /** A save refused because another program changed the file since it was read (error code 'conflict'). */
  function isConflict(err: unknown): boolean {
    return describeError(err).code === 'conflict' || /was changed by another program/.test(errorMessage(err));
  }

  /**
   * Save; a project never saved (or read-only) asks for a file like Save As. A save refused
   * because the file changed on disk asks what to do: Reload, Save As or Overwrite.
   */
  async function save(): Promise<boolean> {
    const s = snapshot.value;
    if (!s) return false;
    if (!s.path || s.readOnly) return saveAs();
    busy.value = 'Saving…';
    try {
      accept(await api.saveProject({ projectId: s.id }));
      return true;
    } catch (err) {
      busy.value = '';
      if (isConflict(err)) return resolveConflict();
      await dialogs.error('Cannot save the project', errorMessage(err));
      return false;
    } finally {
      busy.value = '';
    }
  }

  /** The file changed on disk and the user saves: Reload, Save As or Overwrite (or Cancel). */
  async function resolveConflict(): Promise<boolean> {
    const s = snapshot.value;
    if (!s) return false;
    const choice = await dialogs.choose(
      'The file changed on disk',
      `${baseName(s.path)} was changed by another program (for example "nrlab run") since you opened or last saved it. Saving would replace that version and whatever it stored. Reload it (your unsaved changes are lost), save yours under another name, or overwrite it (the other version is kept as ${baseName(s.path)}.bak).`,
      [
        { value: 'reload', label: 'Reload' },
        { value: 'overwrite', label: 'Overwrite' },
        { value: 'save-as', label: 'Save As…', primary: true },
      ],
    );
    if (choice === 'reload') return reload(true);
    if (choice === 'save-as') return saveAs();
    if (choice === 'overwrite') return overwrite();
    return false;
  }

  /** Save over a file another program changed (the user chose to replace that version). */
  async function overwrite(): Promise<boolean> {
    const s = snapshot.value;
    if (!s?.path) return false;
    const r = await guarded('Saving…', 'Cannot save the project', () => api.saveProject({ projectId: s.id, overwrite: true }));
    if (r) accept(r);
    return r !== undefined;
  }

  /** Read the file again (after another program changed it); unsaved edits are lost, so asked first unless `confirmed`. */
  async function reload(confirmed = false): Promise<boolean> {
    const s = snapshot.value;
    if (!s?.path) return false;
    if (s.dirty && !confirmed) {
      const c = await dialogs.choose('Reload from disk?', `"${s.doc.title}" has unsaved changes. Reloading ${baseName(s.path)} replaces them with the version on disk.`, [
        { value: 'reload', label: 'Reload and discard my changes', primary: true },
      ]);
      if (c !== 'reload') return false;
    }
    const r = await guarded('Reloading…', 'Cannot reload the project', () => api.reloadProject({ projectId: s.id }));
    if (r) accept(r);
    return r !== undefined;
  }

  async function askSavePath(s: ProjectSnapshot): Promise<string | undefined> {
    const suggested = s.path ?? `${dirName(recent.value[0]?.path)}${fileNameFor(s.doc.title)}`;
    const native: ChooseFileResponse = await api.chooseFile({ mode: 'save', title: 'Save project as', defaultPath: suggested }).catch(() => ({ supported: false }));
    if (native.supported) return native.path;
    const typed = await dialogs.askPath({
      mode: 'save',
      title: 'Save project as',
      message: `Path of the .nrlab file to write on the computer running NR Lab, ${whereIn(native.root)}. An existing project is kept as <name>.nrlab.bak.`,
      value: suggested,
    });
    if (!typed) return undefined;
    return /\.nrlab$/i.test(typed.trim()) ? typed.trim() : `${typed.trim()}.nrlab`;
  }

  /** Save As (to `path` when the Electron menu already chose it). */
  async function saveAs(path?: string): Promise<boolean> {
    const s = snapshot.value;
    if (!s) return false;
    const target = path ?? (await askSavePath(s));
    if (!target) return false;
    const r = await guarded('Saving…', 'Cannot save the project', () => api.saveProject({ projectId: s.id, path: target }));
    if (r) {
      accept(r);
      void refreshLists();
    }
    return r !== undefined;
  }

  async function undo(): Promise<void> {
    const s = snapshot.value;
    if (!s?.undoLabel) return;
    const r = await guarded('', 'Cannot undo', () => api.undo({ projectId: s.id }));
    if (r) accept(r);
  }

  async function redo(): Promise<void> {
    const s = snapshot.value;
    if (!s?.redoLabel) return;
    const r = await guarded('', 'Cannot redo', () => api.redo({ projectId: s.id }));
    if (r) accept(r);
  }

  /** Edits sent and not answered yet: a run waits for them, so it uses the values just typed. */
  const inflight = new Set<Promise<unknown>>();

  /**
   * One undoable edit; rejects with the error naming the field (for the caller to show beside the
   * input). The document is checked here first, as a project file is (the schema is precompiled,
   * so this runs under the CSP), and an invalid one is never sent; the backend checks it again.
   */
  async function edit(next: ProjectDocument, label: string): Promise<ProjectSnapshot> {
    const s = snapshot.value;
    if (!s) throw new Error('no project is open');
    validateProject(next);
    const p = api.editProject({ projectId: s.id, doc: next, label });
    inflight.add(p);
    try {
      const r = await p;
      accept(r);
      return r;
    } finally {
      inflight.delete(p);
    }
  }

  async function settled(): Promise<void> {
    while (inflight.size) await Promise.allSettled([...inflight]);
  }

  /**
   * A sweep estimated to take longer than CONFIRM_RUN_MS (≈ 5 min) asks first; true when it may
   * run. The estimate is the backend's (the model's measured cost per point on the pool).
   */
  async function confirmLongRun(doc: ProjectDocument, studyId: string): Promise<boolean> {
    const study = doc.studies.find((x) => x.id === studyId);
    if (!study || study.kind !== 'sweep' || !study.axes?.length) return true;
    const e = await estimate({ model: study.model, params: studyParams(doc, study), axes: study.axes, ...(study.quantities ? { quantities: study.quantities } : {}) });
    const question = e ? runConfirmation(e.totalMs, e.points, e.workers) : undefined;
    if (!question) return true;
    const c = await dialogs.choose('Start a long run?', question, [{ value: 'run', label: 'Run anyway', primary: true }]);
    return c === 'run';
  }

  async function run(studyId: string, resume = false): Promise<void> {
    await settled();
    const s = snapshot.value;
    if (!s || s.running[studyId]) return;
    if (!resume && !(await confirmLongRun(s.doc, studyId))) return;
    if (snapshot.value !== s && snapshot.value?.running[studyId]) return;
    const seen = changes;
    const r = await guarded('', 'Cannot run the study', () => api.runStudy({ projectId: s.id, studyId, ...(resume ? { resume: true } : {}) }));
    // a quick run (a point, a short correlation) may have ended, and said so, before this answer
    // arrives: events come in order with answers, so one heard meanwhile is newer than the answer
    if (r && changes === seen) accept(r);
  }

  /** Cancel a running sweep study (its partial result is stored and can be resumed). */
  async function cancel(studyId: string): Promise<void> {
    const jobId = snapshot.value?.running[studyId];
    if (!jobId || !canCancel(studyId)) return;
    await guarded('', 'Cannot cancel the study', () => api.cancelJob({ jobId }));
  }

  /** Sweeps, optimisations and dynamics runs (correlation, spectrum, pulse: they can be long) can be cancelled; point and simulate studies are a single quick task. */
  function canCancel(studyId: string): boolean {
    const jobId = snapshot.value?.running[studyId];
    return !!jobId && !/^(point|simulate):/.test(jobId);
  }

  async function recover(id: string): Promise<void> {
    const ok = await show(() => api.recoverProject({ id }), 'Recovering…', 'Cannot recover the unsaved work');
    if (ok) recoverable.value = recoverable.value.filter((r) => r.id !== id);
  }

  async function discardRecovery(id: string): Promise<void> {
    const r = await guarded('', 'Cannot discard the recovered work', () => api.discardRecovery({ id }));
    if (r) recoverable.value = recoverable.value.filter((x) => x.id !== id);
  }

  function dispose(): void {
    for (const off of offs) off();
  }

  /** The backend's estimate of a sweep's points and time (undefined when the study is not valid yet). */
  async function estimate(req: { model: string; params: ParamInput; axes: StudyAxis[]; quantities?: string[] }): Promise<StudyEstimate | undefined> {
    try {
      return await api.estimateSweep(req);
    } catch {
      return undefined;
    }
  }

  return {
    snapshot,
    doc,
    /** The app's dialogs (editors ask before deleting or a long run). */
    dialogs,
    estimate,
    busy,
    recent,
    examples,
    recoverable,
    jobs,
    init,
    refreshLists,
    newProject,
    open,
    openPath,
    showOpened,
    save,
    saveAs,
    overwrite,
    reload,
    close,
    undo,
    redo,
    edit,
    run,
    cancel,
    canCancel,
    recover,
    discardRecovery,
    dispose,
  };
}

export type ProjectSession = ReturnType<typeof useProjectSession>;
