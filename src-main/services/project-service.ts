/**
 * Open projects: the document, its lazily read arrays, dirty state, undo/redo, running studies,
 * safe saving with a backup, autosave to recovery files, and the recent-projects list.
 *
 * The main process owns every open project; clients (renderer, browser mode, CLI) see snapshots
 * and change them through calls, so the unsaved state survives a renderer reload and autosave
 * needs no client.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  ExampleInfo,
  JobSnapshot,
  OptimizeProgress,
  ProjectSnapshot,
  RecentProject,
  RecoverableProject,
  StoredStudyResult,
  SweepResult,
} from '../../src-core/contract/api.js';
import type { EventBus } from '../../src-core/contract/rpc.js';
import { ConflictError, NrlabError, ParameterError, toErrorPayload, shown } from '../../src-core/errors.js';
import { getModel, simulationOf } from '../../src-core/models/registry.js';
import { resolveParams, type ParamInput } from '../../src-core/models/params.js';
import { EXAMPLES, exampleByName } from '../../src-core/project/examples/index.js';
import { ProjectArchive } from '../../src-core/project/container.js';
import { addStudy } from '../../src-core/project/authoring.js';
import { fingerprintFromProvenance, resultFreshness, studyFingerprint, studyParams as coreStudyParams } from '../../src-core/project/fingerprint.js';
import { MAX_JSON_DEPTH, tooDeep, validateProject } from '../../src-core/project/validate.js';
import { DEFAULT_MAX_EVALUATIONS, historyArrays, historyQuantities } from '../../src-core/project/optimize-study.js';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type OptimizeOutput, type ProjectDocument, type Provenance, type RunRecord, type StoredResult, type Study } from '../../src-core/project/types.js';
import type { PriorResults, JobService } from './job-service.js';
import { nativeInflater } from './native-inflate.js';
import { optimize } from './optimizer.js';
import { assertReplaceableProject } from './replace-guard.js';
import { writeFileSafely } from './safe-file.js';
import type { SolverPool } from './solver-pool.js';
import { APP_NAME, APP_VERSION } from './version.js';

export interface ProjectServiceOptions {
  /** Per-user data: recent.json and recovery/. */
  dataDir: string;
  /** Autosave interval for unsaved changes (ms); 0 turns autosave off. Default 30 s. */
  autosaveMs?: number;
  /** How often open files are checked for changes by other programs (ms); 0 turns it off. Default 2 s. */
  watchMs?: number;
}

/** What a project file held when this session last read or wrote it: a save checks it is unchanged. */
interface DiskIdentity {
  size: number;
  mtimeMs: number;
  sha256: string;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const MAX_UNDO = 200;
const MAX_RECENT = 12;

interface Open {
  id: string;
  path?: string;
  doc: ProjectDocument;
  archive: ProjectArchive;
  dirty: boolean;
  readOnly: boolean;
  warnings: string[];
  undo: { doc: ProjectDocument; label: string }[];
  redo: { doc: ProjectDocument; label: string }[];
  running: Map<string, string>;
  /** Recovery file written for the current unsaved state. */
  recoveryWritten: boolean;
  /** Bumped on every change; autosave writes only what changed since. */
  version: number;
  autosavedVersion: number;
  /** The file as last read or written by this session (undefined: never saved). */
  disk?: DiskIdentity;
  /** Another program changed the file since: Save refuses until Reload, Save As or Overwrite. */
  changedOnDisk: boolean;
  /**
   * The content of the document as last saved or opened (savedKey), so that undoing back to it
   * makes the project clean again; undefined while it has never been saved in this state.
   */
  savedKey?: string;
  /** A save is writing the file now (the disk check waits). */
  saving: boolean;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The study's parameters: its parameter set (if any) overridden by its own values. */
export const studyParams: (doc: ProjectDocument, study: Study) => ParamInput = coreStudyParams;

/** Solver settings of a model's parameters: the schema's "Solver" group (truncation, basis, method). */
function solverSettings(model: string, params: Record<string, number | string>): Record<string, unknown> {
  const schema = getModel(model).schema;
  const out: Record<string, unknown> = {};
  for (const p of schema.params) if (p.group === 'Solver' && params[p.key] !== undefined) out[p.key] = params[p.key];
  return out;
}

/**
 * What a document holds, for "is this the saved state?": everything but the fields a save
 * stamps (modified, app, schemaVersion). Results are compared by their id (a result is never
 * changed in place: a new run makes a new one).
 */
function contentKey(doc: ProjectDocument): string {
  const { modified: _m, app: _a, schemaVersion: _v, ...rest } = doc;
  return JSON.stringify(rest, (key, value: unknown) => (key === 'result' && value && typeof value === 'object' ? (value as StoredResult).id : value));
}

function platform(): string {
  return `${os.platform()} ${os.arch()}, Node ${process.versions.node}, ${os.cpus().length} cores`;
}

export class ProjectService {
  private readonly open = new Map<string, Open>();
  /** Running optimize studies: run id → what stops them, and their progress as a job snapshot. */
  private readonly optimizeRuns = new Map<string, AbortController>();
  private readonly optimizeSnapshots = new Map<string, JobSnapshot>();
  private readonly dataDir: string;
  private timer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: SolverPool,
    private readonly jobs: JobService,
    private readonly bus: EventBus,
    opts: ProjectServiceOptions,
  ) {
    this.dataDir = opts.dataDir;
    const every = opts.autosaveMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.autosave().catch(() => undefined), every);
      this.timer.unref();
    }
    const watch = opts.watchMs ?? 2_000;
    if (watch > 0) {
      this.watchTimer = setInterval(() => void this.checkDisk().catch(() => undefined), watch);
      this.watchTimer.unref();
    }
  }

  /** Per-user data directory (recent.json, recovery/). */
  get dataDirectory(): string {
    return this.dataDir;
  }

  listExamples(): ExampleInfo[] {
    return EXAMPLES.map(({ name, title, description }) => ({ name, title, description }));
  }

  newProject(example?: string): ProjectSnapshot {
    const now = new Date().toISOString();
    const doc: ProjectDocument = example
      ? exampleByName(example).build(now)
      : {
          format: PROJECT_FORMAT,
          schemaVersion: PROJECT_SCHEMA_VERSION,
          title: 'Untitled project',
          created: now,
          modified: now,
          app: { name: APP_NAME, version: APP_VERSION },
          parameterSets: [],
          studies: [],
          figures: [],
        };
    validateProject(doc);
    return this.add({ doc, archive: ProjectArchive.empty(), readOnly: false, warnings: [], dirty: example !== undefined });
  }

  /** Open a file; a failed open changes nothing on disk. */
  async openProject(file: string): Promise<ProjectSnapshot> {
    if (typeof file !== 'string' || !file) throw new ParameterError('path', 'a file path is required');
    const abs = path.resolve(file);
    for (const o of this.open.values()) if (o.path === abs) return this.snapshot(o);
    const { bytes, disk } = await this.readWithIdentity(abs);
    const opened = ProjectArchive.open(bytes, nativeInflater);
    deriveFingerprints(opened.doc, opened.archive);
    const o = this.add({ doc: opened.doc, archive: opened.archive, readOnly: opened.readOnly, warnings: opened.warnings, dirty: false, path: abs });
    this.get(o.id).disk = disk;
    await this.remember(abs, opened.doc.title);
    return o;
  }

  private async readFile(abs: string): Promise<Uint8Array> {
    return (await this.readWithIdentity(abs)).bytes;
  }

  /** The file's bytes and what it was when read (size and mtime from before the read, hash of the bytes). */
  private async readWithIdentity(abs: string): Promise<{ bytes: Uint8Array; disk: DiskIdentity }> {
    try {
      const st = await fs.stat(abs);
      if (!st.isFile()) throw new ParameterError('path', `${abs} is not a file`);
      const bytes = new Uint8Array(await fs.readFile(abs));
      return { bytes, disk: { size: st.size, mtimeMs: st.mtimeMs, sha256: sha256(bytes) } };
    } catch (e) {
      if (e instanceof NrlabError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(e)})`;
      throw new ParameterError('path', `${abs} ${why}`);
    }
  }

  private add(init: { doc: ProjectDocument; archive: ProjectArchive; readOnly: boolean; warnings: string[]; dirty: boolean; path?: string }): ProjectSnapshot {
    const o: Open = {
      id: randomUUID(),
      ...init,
      undo: [],
      redo: [],
      running: new Map(),
      recoveryWritten: false,
      version: 0,
      autosavedVersion: 0,
      changedOnDisk: false,
      saving: false,
    };
    if (init.dirty) o.version = 1;
    else o.savedKey = contentKey(init.doc);
    this.open.set(o.id, o);
    return this.snapshot(o);
  }

  private get(projectId: string): Open {
    const o = typeof projectId === 'string' ? this.open.get(projectId) : undefined;
    if (!o) throw new ParameterError('projectId', `no open project with id ${shown(projectId)}`);
    return o;
  }

  snapshot(o: Open): ProjectSnapshot {
    return {
      id: o.id,
      ...(o.path ? { path: o.path } : {}),
      doc: clone(o.doc),
      dirty: o.dirty,
      readOnly: o.readOnly,
      warnings: [...o.warnings],
      ...(o.undo.length ? { undoLabel: o.undo.at(-1)!.label } : {}),
      ...(o.redo.length ? { redoLabel: o.redo.at(-1)!.label } : {}),
      running: Object.fromEntries(o.running),
      ...(o.changedOnDisk ? { changedOnDisk: true } : {}),
    };
  }

  private changed(o: Open): ProjectSnapshot {
    const wasDirty = o.dirty;
    o.dirty = o.savedKey === undefined || contentKey(o.doc) !== o.savedKey;
    // back at the saved state (e.g. by undo): the recovery copy of the unsaved work is not needed
    if (wasDirty && !o.dirty) void this.dropRecovery(o).catch(() => undefined);
    o.version++;
    const s = this.snapshot(o);
    this.bus.emit('project.changed', s);
    return s;
  }

  snapshotOf(projectId: string): ProjectSnapshot {
    return this.snapshot(this.get(projectId));
  }

  /** Does the file differ from what this session last read or wrote? (A missing file does not: nothing there to lose.) */
  private async changedSince(file: string, disk: DiskIdentity): Promise<boolean> {
    let st;
    try {
      st = await fs.stat(file);
    } catch {
      return false;
    }
    if (st.size === disk.size && st.mtimeMs === disk.mtimeMs) return false;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await fs.readFile(file));
    } catch {
      return false;
    }
    if (sha256(bytes) !== disk.sha256) return true;
    disk.mtimeMs = st.mtimeMs; // touched, same content
    return false;
  }

  /**
   * Check every open file for changes made by other programs (on a timer, and when a client asks):
   * a changed one is flagged (`changedOnDisk` in its snapshot, 'project.changed' emitted once).
   * Returns the ids of the projects flagged now.
   */
  async checkDisk(projectId?: string): Promise<string[]> {
    const flagged: string[] = [];
    for (const o of projectId === undefined ? [...this.open.values()] : [this.get(projectId)]) {
      if (!o.path || !o.disk || o.saving || o.changedOnDisk) continue;
      if (!(await this.changedSince(o.path, o.disk)) || o.saving || !this.open.has(o.id)) continue;
      o.changedOnDisk = true;
      flagged.push(o.id);
      this.bus.emit('project.changed', this.snapshot(o));
    }
    return flagged;
  }

  /** Read the project's file again, replacing this session's state (unsaved edits and undo history are dropped). */
  async reloadProject(projectId: string): Promise<ProjectSnapshot> {
    const o = this.get(projectId);
    if (!o.path) throw new ParameterError('projectId', 'this project has never been saved: there is no file to reload');
    if (o.running.size) throw new ParameterError('projectId', 'studies are running: cancel them or wait before reloading');
    const { bytes, disk } = await this.readWithIdentity(o.path);
    const opened = ProjectArchive.open(bytes, nativeInflater);
    deriveFingerprints(opened.doc, opened.archive);
    Object.assign(o, { doc: opened.doc, archive: opened.archive, readOnly: opened.readOnly, warnings: opened.warnings, disk, dirty: false, changedOnDisk: false, undo: [], redo: [], savedKey: contentKey(opened.doc) });
    o.version++;
    o.autosavedVersion = o.version;
    await this.dropRecovery(o);
    const s = this.snapshot(o);
    this.bus.emit('project.changed', s);
    return s;
  }

  /**
   * Save to the file it came from, or to `file` (Save As). Writing over the file this session
   * read or last wrote checks first that nobody else changed it since (size, mtime and content):
   * if someone did, a ConflictError is thrown and nothing is written, unless `overwrite` says the
   * user chose to replace the other version.
   */
  async saveProject(projectId: string, file?: string, opts: { overwrite?: boolean } = {}): Promise<ProjectSnapshot> {
    const o = this.get(projectId);
    const target = file ? path.resolve(file) : o.path;
    if (!target) throw new ParameterError('path', 'this project has not been saved yet: choose a file (Save As)');
    if (o.readOnly && target === o.path) {
      throw new ParameterError('path', 'this project was written by a newer NR Lab and is open read-only; use Save As to write a copy');
    }
    if (!target.endsWith('.nrlab')) throw new ParameterError('path', `project files end in .nrlab, got ${path.basename(target)}`);
    await assertReplaceableProject(target);
    const doc = clone(o.doc);
    doc.schemaVersion = PROJECT_SCHEMA_VERSION;
    doc.modified = new Date().toISOString();
    doc.app = { name: APP_NAME, version: APP_VERSION };
    validateProject(doc);
    const bytes = o.archive.toBytes(doc);
    o.saving = true;
    try {
      if (target === o.path && o.disk && opts.overwrite !== true && (await this.changedSince(target, o.disk))) {
        o.changedOnDisk = true;
        this.bus.emit('project.changed', this.snapshot(o));
        throw new ConflictError(
          target,
          `${target} was changed by another program since it was opened or last saved here (e.g. by "nrlab run"); saving now would lose that version. Nothing was written: reload it, save yours under another name, or overwrite it.`,
        );
      }
      try {
        await writeFileSafely(target, bytes, { backup: true });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new ParameterError('path', `cannot write ${target} (${code ?? (e instanceof Error ? e.message : String(e))}); nothing was changed`);
      }
      const st = await fs.stat(target).catch(() => undefined);
      o.disk = { size: st?.size ?? bytes.length, mtimeMs: st?.mtimeMs ?? 0, sha256: sha256(bytes) };
    } finally {
      o.saving = false;
    }
    o.changedOnDisk = false;
    o.doc = doc;
    o.path = target;
    o.readOnly = false;
    o.dirty = false;
    o.savedKey = contentKey(doc);
    o.autosavedVersion = o.version;
    await this.dropRecovery(o);
    await this.remember(target, doc.title);
    const s = this.snapshot(o);
    this.bus.emit('project.changed', s);
    return s;
  }

  /** One undoable edit: the whole document replaced (validated; results cannot be changed this way). */
  editProject(projectId: string, doc: ProjectDocument, label: string): ProjectSnapshot {
    const o = this.get(projectId);
    if (typeof label !== 'string' || !label) throw new ParameterError('label', 'an edit needs a label for the Undo menu');
    const deep = tooDeep(doc);
    if (deep !== undefined) throw new ParameterError(deep, `nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`);
    const next = clone(doc);
    // results belong to the project, not to the edit: keep the stored ones
    for (const s of next.studies ?? []) {
      const cur = o.doc.studies.find((x) => x.id === s.id);
      if (s.result && JSON.stringify(s.result) !== JSON.stringify(cur?.result)) {
        throw new ParameterError(`studies "${s.name}".result`, 'stored results cannot be edited; re-run the study instead');
      }
    }
    validateProject(next);
    o.undo.push({ doc: o.doc, label });
    if (o.undo.length > MAX_UNDO) o.undo.shift();
    o.redo = [];
    o.doc = next;
    return this.changed(o);
  }

  /** Undo/redo restore the document but keep every study's latest result. */
  undo(projectId: string): ProjectSnapshot {
    return this.step(projectId, 'undo');
  }

  redo(projectId: string): ProjectSnapshot {
    return this.step(projectId, 'redo');
  }

  private step(projectId: string, dir: 'undo' | 'redo'): ProjectSnapshot {
    const o = this.get(projectId);
    const from = dir === 'undo' ? o.undo : o.redo;
    const to = dir === 'undo' ? o.redo : o.undo;
    const entry = from.pop();
    if (!entry) throw new ParameterError(dir, `nothing to ${dir}`);
    to.push({ doc: o.doc, label: entry.label });
    const results = new Map(o.doc.studies.map((s) => [s.id, s.result]));
    o.doc = entry.doc;
    for (const s of o.doc.studies) {
      if (results.has(s.id)) {
        const r = results.get(s.id);
        if (r) s.result = r;
        else delete s.result;
      }
    }
    return this.changed(o);
  }

  async closeProject(projectId: string, discard = false): Promise<{ closed: true }> {
    const o = this.get(projectId);
    if (o.dirty && !discard) throw new ParameterError('discard', 'the project has unsaved changes: save it, or close with discard');
    for (const jobId of o.running.values()) {
      if (this.cancelRun(jobId)) continue;
      try {
        this.jobs.cancel(jobId);
      } catch {
        // already finished
      }
    }
    this.open.delete(projectId);
    await this.dropRecovery(o);
    return { closed: true };
  }

  // ---------------------------------------------------------------- studies

  private study(o: Open, studyId: string): Study {
    const s = o.doc.studies.find((x) => x.id === studyId || x.name === studyId);
    if (!s) throw new ParameterError('studyId', `no study ${shown(studyId)} in this project; it has ${o.doc.studies.map((x) => x.name).join(', ') || 'none'}`);
    return s;
  }

  /**
   * Start a study; returns at once (the snapshot lists it as running). When it ends, its result
   * (partial if cancelled) is stored in the project and 'project.changed' is emitted.
   * `whenDone` resolves then (the CLI waits on it).
   */
  runStudy(projectId: string, studyId: string, resume = false): { snapshot: ProjectSnapshot; whenDone: Promise<StoredResult> } {
    const o = this.get(projectId);
    const study = this.study(o, studyId);
    if (o.running.has(study.id)) throw new ParameterError('studyId', `"${study.name}" is already running`);
    const params = studyParams(o.doc, study);
    const started = new Date();
    // the inputs as they are now: an edit during the run makes its result stale
    const fingerprint = studyFingerprint(o.doc, study);
    let whenDone: Promise<StoredResult>;
    if (study.kind === 'sweep') {
      const req = { model: study.model, params, axes: study.axes ?? [], ...(study.quantities ? { quantities: study.quantities } : {}) };
      const prior = resume ? this.priorOf(o, study) : undefined;
      const priorResult = prior ? clone(study.result) : undefined;
      const { job } = this.jobs.startSweep(req, prior);
      o.running.set(study.id, job.id);
      whenDone = this.jobs.wait(job.id).then((fin) => this.storeSweep(o, study.id, fin, this.jobs.result(job.id), started, fingerprint, priorResult));
    } else if (study.kind === 'optimize') {
      const runId = `optimize:${randomUUID()}`;
      const controller = new AbortController();
      o.running.set(study.id, runId);
      this.optimizeRuns.set(runId, controller);
      whenDone = this.runOptimize(o, study, params, started, fingerprint, runId, controller.signal).finally(() => this.optimizeRuns.delete(runId));
    } else {
      const runId = `${study.kind}:${randomUUID()}`;
      o.running.set(study.id, runId);
      whenDone = this.runSingle(o, study, params, started, fingerprint);
    }
    whenDone = whenDone.finally(() => {
      o.running.delete(study.id);
      if (this.open.has(o.id)) this.changed(o);
    });
    whenDone.catch(() => undefined);
    const snapshot = this.snapshot(o);
    this.bus.emit('project.changed', snapshot);
    return { snapshot, whenDone };
  }

  /**
   * Keep a finished sweep of the scratch workbench (or any job) as a new study of a project, with
   * its result: the study gets the job's parameters as given and its axes, and the result its
   * arrays, with the job's start time and compute time in the provenance. One undoable edit.
   * A job still running, or one whose result was released, is refused.
   */
  saveSweepAsStudy(projectId: string, jobId: string, name?: string): { snapshot: ProjectSnapshot; studyId: string } {
    const o = this.get(projectId);
    if (o.readOnly) throw new ParameterError('projectId', 'this project is open read-only (saved by a newer NR Lab)');
    const fin = this.jobs.snapshot(jobId);
    if (fin.status === 'queued' || fin.status === 'running') throw new ParameterError('jobId', `job "${jobId}" is still ${fin.status}; wait for it or cancel it first`);
    const spec = this.jobs.request(jobId);
    const res = this.jobs.result(jobId);
    if (res.header.range.start !== 0 || res.header.range.end !== res.header.shape.reduce((a, b) => a * b, 1)) {
      throw new ParameterError('jobId', `job "${jobId}" computed a shard of its grid, not a whole study`);
    }
    const made = addStudy(o.doc, {
      ...(name !== undefined ? { name } : {}),
      model: spec.model,
      params: spec.params,
      axes: spec.axes,
      ...(spec.quantities ? { quantities: spec.quantities } : {}),
    });
    const study = made.doc.studies.find((s) => s.id === made.id)!;
    const fingerprint = studyFingerprint(made.doc, study);
    o.undo.push({ doc: o.doc, label: `Save the sweep as study "${study.name}"` });
    if (o.undo.length > MAX_UNDO) o.undo.shift();
    o.redo = [];
    o.doc = made.doc;
    this.storeSweep(o, study.id, fin, res, new Date(fin.startedAt), fingerprint);
    return { snapshot: this.changed(o), studyId: study.id };
  }

  /**
   * Cancel a running optimize study by its run id (as `running` lists it): the search stops after
   * the evaluations under way, and the best point so far is stored (status 'cancelled').
   * Undefined when `runId` is no optimize run of this service (a sweep's job id, say).
   */
  cancelRun(runId: string): JobSnapshot | undefined {
    const c = typeof runId === 'string' ? this.optimizeRuns.get(runId) : undefined;
    if (!c) return undefined;
    c.abort();
    return this.optimizeSnapshots.get(runId) ?? { id: runId, kind: 'optimize', model: '', status: 'running', done: 0, total: 0, progress: 0, failedPoints: 0, startedAt: Date.now() };
  }

  /** Cancel a running study of the project, whatever its kind (false when it is not running or cannot be cancelled). */
  cancelStudy(projectId: string, studyId: string): boolean {
    const o = this.get(projectId);
    const runId = o.running.get(this.study(o, studyId).id);
    if (!runId) return false;
    if (this.cancelRun(runId)) return true;
    if (/^(point|simulate):/.test(runId)) return false;
    try {
      this.jobs.cancel(runId);
      return true;
    } catch {
      return false; // finished meanwhile
    }
  }

  /**
   * Run an optimize study on the pool. Progress is streamed as 'job.progress' (a JobSnapshot of
   * kind 'optimize': evaluations done of the limit) and 'optimize.progress' (the best so far),
   * both with the run id `running` lists, at most every 100 ms and once at the end.
   */
  private async runOptimize(o: Open, study: Study, params: ParamInput, started: Date, fingerprint: string | undefined, runId: string, signal: AbortSignal): Promise<StoredResult> {
    const id = `r-${started.getTime().toString(36)}-${randomUUID().slice(0, 8)}`;
    const settings = study.optimize!;
    const model = getModel(study.model);
    const maxEvaluations = settings.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS;
    const snap: JobSnapshot = { id: runId, kind: 'optimize', model: model.id, status: 'running', done: 0, total: maxEvaluations, progress: 0, failedPoints: 0, startedAt: started.getTime() };
    this.optimizeSnapshots.set(runId, snap);
    let last = 0;
    let pending: OptimizeProgress | undefined;
    const emit = (p: OptimizeProgress): void => {
      Object.assign(snap, { done: Math.min(p.evaluations, maxEvaluations), progress: Math.min(1, p.evaluations / maxEvaluations) });
      this.bus.emit('optimize.progress', p);
      this.bus.emit('job.progress', { ...snap });
    };
    let result: StoredResult;
    try {
      const r = await optimize(
        this.pool,
        { model: model.id, params, vary: settings.vary, objective: settings.objective, maxEvaluations, runId },
        (p) => {
          pending = p;
          const now = performance.now();
          if (now - last >= 100) {
            last = now;
            pending = undefined;
            emit(p);
          }
        },
        signal,
      );
      if (pending) emit(pending);
      const base = resolveParams(model.schema, params);
      const bestParams = resolveParams(model.schema, { ...params, ...r.optimum }) as Record<string, number | string>;
      const arrays = historyArrays(r.history, settings);
      const quantities = historyQuantities(model, base, settings);
      // a failed evaluation counts as the worst value: only those means no evaluation gave a number
      const found = r.history.length > 0 && !Number.isNaN(r.value) && r.value !== (settings.objective.goal === 'maximize' ? -Infinity : Infinity);
      const output: OptimizeOutput = { objective: r.objective, value: r.value, optimum: r.optimum, bestParams, evaluations: r.evaluations, restarts: r.restarts, converged: r.converged };
      result = {
        id,
        status: r.cancelled ? 'cancelled' : found ? 'succeeded' : 'failed',
        arrays: Object.fromEntries(quantities.map((q, k) => [q.key, o.archive.putArray(`results/${id}/h${k}.f64`, arrays[q.key]!)])),
        quantities: quantities.map((q) => ({ key: q.key, symbol: q.symbol, label: q.label, unit: q.unit })),
        output: found || r.cancelled ? output : { ...output, error: { code: 'computation', message: `no evaluation of ${settings.objective.quantity} gave a number` } },
        provenance: this.provenance(model.id, base as Record<string, number | string>, started, { wallMs: r.wallMs, workers: this.pool.workers, tolerances: { ftol: 1e-10, xtol: 1e-8 } }),
      };
    } catch (e) {
      let resolved: Record<string, number | string> = {};
      try {
        resolved = resolveParams(model.schema, params) as Record<string, number | string>;
      } catch {
        resolved = Object.fromEntries(Object.entries(params).filter((kv): kv is [string, number | string] => kv[1] !== undefined));
      }
      result = { id, status: 'failed', output: { error: toErrorPayload(e) }, provenance: this.provenance(model.id, resolved, started) };
    } finally {
      this.optimizeSnapshots.delete(runId);
    }
    snap.status = result.status === 'succeeded' ? 'succeeded' : result.status === 'cancelled' ? 'cancelled' : 'failed';
    snap.finishedAt = Date.now();
    this.bus.emit('job.finished', { ...snap });
    if (fingerprint) result.fingerprint = fingerprint;
    const target = o.doc.studies.find((x) => x.id === study.id);
    if (target) target.result = result;
    return result;
  }

  /** A cancelled study's stored arrays, to continue from (same grid and parameters only). */
  private priorOf(o: Open, study: Study): PriorResults | undefined {
    const r = study.result;
    if (!r || r.status === 'succeeded' || !r.arrays) return undefined;
    // a stale partial result belongs to other inputs: start afresh
    if (resultFreshness(o.doc, study).state === 'stale') return undefined;
    const plannedParams = resolveParams(getModel(study.model).schema, studyParams(o.doc, study));
    if (JSON.stringify(plannedParams) !== JSON.stringify(r.provenance.params)) return undefined;
    const data: Record<string, Float64Array> = {};
    for (const [q, ref] of Object.entries(r.arrays)) data[q] = o.archive.readArray(ref);
    return { data, failed: r.failed ?? [] };
  }

  private provenance(model: string, params: Record<string, number | string>, started: Date, extra: Partial<Provenance> = {}): Provenance {
    const solver = solverSettings(model, params);
    return {
      model,
      params,
      solver: String(params.solver ?? params.method ?? params.loss ?? model),
      ...(Object.keys(solver).length ? { truncation: solver } : {}),
      app: { name: APP_NAME, version: APP_VERSION },
      date: started.toISOString(),
      wallMs: Date.now() - started.getTime(),
      platform: platform(),
      ...extra,
    };
  }

  /**
   * Store a sweep's result. Resumed (`prior`: the result it continued), the stored result is the
   * whole one: every point done so far, the total compute time, and every run that made it.
   */
  private storeSweep(o: Open, studyId: string, fin: JobSnapshot, res: SweepResult, started: Date, fingerprint: string | undefined, prior?: StoredResult): StoredResult {
    const id = `r-${started.getTime().toString(36)}-${randomUUID().slice(0, 8)}`;
    const quantities = res.header.quantities;
    const rangeSize = res.header.range.end - res.header.range.start;
    const thisRun: RunRecord = { date: started.toISOString(), app: { name: APP_NAME, version: APP_VERSION }, workers: res.diagnostics.workers, points: fin.done, wallMs: res.diagnostics.wallMs };
    const earlier: RunRecord[] = prior ? (prior.provenance.runs ?? [runOf(prior)]) : [];
    const runs = [...earlier, thisRun];
    const result: StoredResult = {
      id,
      status: fin.status === 'succeeded' ? 'succeeded' : fin.status === 'cancelled' ? 'cancelled' : 'failed',
      shape: res.header.shape,
      axes: res.header.axes.map((a, k) => ({ key: a.key, values: o.archive.putArray(`results/${id}/axis${k}.f64`, a.values) })),
      arrays: Object.fromEntries(quantities.map((q, k) => [q.key, o.archive.putArray(`results/${id}/q${k}.f64`, res.data[q.key]!)])),
      quantities: quantities.map((q) => ({ key: q.key, symbol: q.symbol, label: q.label, unit: q.unit })),
      failed: res.failed.slice(0, 10_000),
      ...(res.diagnostics.warned && res.diagnostics.firstWarning ? { warned: { count: res.diagnostics.warned, first: res.diagnostics.firstWarning } } : {}),
      // the job computed only the points the prior result lacked (fin.total of them)
      done: rangeSize - fin.total + fin.done,
      total: rangeSize,
      provenance: this.provenance(res.header.model, res.header.params as Record<string, number | string>, started, {
        date: runs[0]!.date,
        wallMs: runs.reduce((t, r) => t + r.wallMs, 0),
        workers: res.diagnostics.workers,
        runs,
      }),
      ...(fingerprint ? { fingerprint } : {}),
    };
    const study = o.doc.studies.find((s) => s.id === studyId);
    if (study) study.result = result;
    return result;
  }

  private async runSingle(o: Open, study: Study, params: ParamInput, started: Date, fingerprint: string | undefined): Promise<StoredResult> {
    const id = `r-${started.getTime().toString(36)}-${randomUUID().slice(0, 8)}`;
    let result: StoredResult;
    try {
      result = await this.computeSingle(o, study, params, started, id);
    } catch (e) {
      // the failure is the result: stored with its reason, like a failed point of a sweep
      let resolved: Record<string, number | string> = {};
      try {
        resolved = resolveParams(getModel(study.model).schema, params) as Record<string, number | string>;
      } catch {
        resolved = Object.fromEntries(Object.entries(params).filter((kv): kv is [string, number | string] => kv[1] !== undefined));
      }
      result = { id, status: 'failed', output: { error: toErrorPayload(e) }, provenance: this.provenance(study.model, resolved, started) };
    }
    if (fingerprint) result.fingerprint = fingerprint;
    const target = o.doc.studies.find((x) => x.id === study.id);
    if (target) target.result = result;
    return result;
  }

  private async computeSingle(o: Open, study: Study, params: ParamInput, started: Date, id: string): Promise<StoredResult> {
    let result: StoredResult;
    if (study.kind === 'point') {
      const r = await this.pool.run({ kind: 'solve', request: { model: study.model, params } });
      if (r.kind !== 'solve') throw new Error('internal: unexpected task result');
      result = {
        id,
        status: 'succeeded',
        output: { output: r.response.output, scalars: r.response.scalars },
        provenance: this.provenance(study.model, r.response.params as Record<string, number | string>, started, { wallMs: r.response.timeMs }),
      };
    } else {
      const s = study.simulate;
      const model = getModel(study.model);
      const sim = simulationOf(model);
      const r = await this.pool.run({ kind: 'simulate', model: model.id, request: { params, settings: { ...(s ?? {}) } } });
      if (r.kind !== 'simulate') throw new Error('internal: unexpected task result');
      const arrays: Record<string, ReturnType<ProjectArchive['putArray']>> = { t: o.archive.putArray(`results/${id}/t.f64`, r.output.t) };
      const traces = r.output.traces.map((tr, k) => {
        for (const f of sim.traceFields) {
          const v = tr.fields[f.key];
          if (v) arrays[`${tr.loss}.${f.key}`] = o.archive.putArray(`results/${id}/trace${k}-${f.key}.f64`, v);
        }
        return { loss: tr.loss, diagnostics: tr.diagnostics };
      });
      const resolved = resolveParams(model.schema, params);
      result = {
        id,
        status: 'succeeded',
        arrays,
        output: { ...r.output.stored, traces },
        provenance: this.provenance(study.model, resolved as Record<string, number | string>, started),
      };
    }
    return result;
  }

  /** A stored result with its arrays (read from the file on first use). */
  /** A study's stored result, or undefined when it has none yet (figures, export). */
  storedResult(projectId: string, studyId: string): StoredStudyResult | undefined {
    const o = this.get(projectId);
    return o.doc.studies.find((s) => s.id === studyId)?.result ? this.studyResult(projectId, studyId) : undefined;
  }

  studyResult(projectId: string, studyId: string): StoredStudyResult {
    const o = this.get(projectId);
    const study = this.study(o, studyId);
    const r = study.result;
    if (!r) throw new ParameterError('studyId', `"${study.name}" has no stored result yet: run it first`);
    const at = `studies "${study.name}".result`;
    return {
      studyId: study.id,
      result: clone(r),
      axes: (r.axes ?? []).map((a, k) => ({ key: a.key, values: o.archive.readArray(a.values, `${at}.axes[${k}]`) })),
      // quantity keys come from the file: a null-prototype object, so no key reaches Object.prototype
      data: Object.assign(Object.create(null) as Record<string, Float64Array>, Object.fromEntries(Object.entries(r.arrays ?? {}).map(([q, ref]) => [q, o.archive.readArray(ref, `${at}.arrays.${q}`)]))),
    };
  }

  // ---------------------------------------------------------------- recent, autosave, recovery

  private recentFile(): string {
    return path.join(this.dataDir, 'recent.json');
  }

  async recentProjects(): Promise<RecentProject[]> {
    try {
      const list = JSON.parse(await fs.readFile(this.recentFile(), 'utf8')) as unknown;
      if (!Array.isArray(list)) return [];
      return list.filter((x): x is RecentProject => typeof x?.path === 'string' && typeof x?.title === 'string' && typeof x?.openedAt === 'string');
    } catch {
      return [];
    }
  }

  private async remember(file: string, title: string): Promise<void> {
    try {
      const list = (await this.recentProjects()).filter((r) => r.path !== file);
      list.unshift({ path: file, title, openedAt: new Date().toISOString() });
      await fs.mkdir(this.dataDir, { recursive: true });
      await writeFileSafely(this.recentFile(), JSON.stringify(list.slice(0, MAX_RECENT), null, 1));
    } catch {
      // the recent list is a convenience: never fail an open or a save over it
    }
  }

  private recoveryDir(): string {
    return path.join(this.dataDir, 'recovery');
  }

  /** Write every project with unsaved changes to its recovery file (called on a timer). */
  async autosave(): Promise<number> {
    let n = 0;
    for (const o of this.open.values()) {
      if (!o.dirty || o.version === o.autosavedVersion) continue;
      const version = o.version;
      const bytes = o.archive.toBytes(o.doc);
      await fs.mkdir(this.recoveryDir(), { recursive: true });
      await writeFileSafely(path.join(this.recoveryDir(), `${o.id}.nrlab`), bytes);
      const meta: RecoverableProject = { id: o.id, title: o.doc.title, ...(o.path ? { path: o.path } : {}), savedAt: new Date().toISOString() };
      await writeFileSafely(path.join(this.recoveryDir(), `${o.id}.json`), JSON.stringify(meta));
      o.autosavedVersion = version;
      o.recoveryWritten = true;
      n++;
    }
    return n;
  }

  private async dropRecovery(o: Open): Promise<void> {
    if (!o.recoveryWritten) return;
    await fs.rm(path.join(this.recoveryDir(), `${o.id}.nrlab`), { force: true });
    await fs.rm(path.join(this.recoveryDir(), `${o.id}.json`), { force: true });
    o.recoveryWritten = false;
  }

  /** Recovery files left by a session that ended without saving (not the projects open now). */
  async recoverableProjects(): Promise<RecoverableProject[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.recoveryDir());
    } catch {
      return [];
    }
    const out: RecoverableProject[] = [];
    for (const n of names) {
      if (!n.endsWith('.json')) continue;
      const id = n.slice(0, -5);
      if (this.open.has(id) || !names.includes(`${id}.nrlab`)) continue;
      try {
        const meta = JSON.parse(await fs.readFile(path.join(this.recoveryDir(), n), 'utf8')) as RecoverableProject;
        out.push({ id, title: String(meta.title), ...(typeof meta.path === 'string' ? { path: meta.path } : {}), savedAt: String(meta.savedAt) });
      } catch {
        // a damaged meta file: skip it
      }
    }
    return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  /** Open a recovery file as an unsaved project (belonging to its original path, if any). */
  async recoverProject(id: string): Promise<ProjectSnapshot> {
    const item = (await this.recoverableProjects()).find((r) => r.id === id);
    if (!item) throw new ParameterError('id', `no recoverable project ${shown(id)}`);
    const file = path.join(this.recoveryDir(), `${id}.nrlab`);
    const opened = ProjectArchive.open(await this.readFile(file), nativeInflater);
    deriveFingerprints(opened.doc, opened.archive);
    const snap = this.add({ doc: opened.doc, archive: opened.archive, readOnly: false, warnings: [...opened.warnings, 'Recovered unsaved work: save it to keep it.'], dirty: true, ...(item.path ? { path: item.path } : {}) });
    // the recovered work now belongs to the new session id
    const o = this.get(snap.id);
    await fs.rename(file, path.join(this.recoveryDir(), `${o.id}.nrlab`));
    await fs.rm(path.join(this.recoveryDir(), `${id}.json`), { force: true });
    o.recoveryWritten = true;
    o.autosavedVersion = -1;
    await this.autosave();
    return this.snapshot(o);
  }

  async discardRecovery(id: string): Promise<{ discarded: true }> {
    if (this.open.has(id)) throw new ParameterError('id', 'that project is open in this session');
    if (typeof id !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new ParameterError('id', `no recoverable project ${shown(id)}`);
    await fs.rm(path.join(this.recoveryDir(), `${id}.nrlab`), { force: true });
    await fs.rm(path.join(this.recoveryDir(), `${id}.json`), { force: true });
    return { discarded: true };
  }

  /** Projects with unsaved changes (for the prompt before quitting). */
  unsaved(): ProjectSnapshot[] {
    return [...this.open.values()].filter((o) => o.dirty).map((o) => this.snapshot(o));
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.watchTimer) clearInterval(this.watchTimer);
  }
}

/** The one run an older result without a run list records (its provenance). */
function runOf(r: StoredResult): RunRecord {
  const p = r.provenance;
  return { date: p.date, app: p.app, ...(p.workers ? { workers: p.workers } : {}), points: r.done ?? 0, wallMs: p.wallMs };
}

/**
 * Results of older files carry no fingerprint of their inputs: derive it from their provenance
 * where it records them all (fingerprint.ts). A sweep's axis values are read from the file; one
 * that cannot be read stays without (shown as unverified).
 */
function deriveFingerprints(doc: ProjectDocument, archive: ProjectArchive): void {
  for (const s of doc.studies) {
    const r = s.result;
    if (!r || r.fingerprint) continue;
    let axes: { key: string; values: Float64Array }[] | undefined;
    if (s.kind === 'sweep' && r.axes) {
      try {
        axes = r.axes.map((a) => ({ key: a.key, values: archive.readArray(a.values) }));
      } catch {
        axes = undefined;
      }
    }
    try {
      const f = fingerprintFromProvenance(s, r, axes);
      if (f) r.fingerprint = f;
    } catch {
      // not derivable: unknown
    }
  }
}

/** Where per-user data lives: $NRLAB_DATA_DIR, else the platform's usual place. */
export function defaultDataDir(): string {
  if (process.env.NRLAB_DATA_DIR) return path.resolve(process.env.NRLAB_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'NR Lab');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'NR Lab');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'nrlab');
}
