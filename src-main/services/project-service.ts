/**
 * Open projects: the document, its lazily read arrays, dirty state, undo/redo, running studies,
 * safe saving with a backup, autosave to recovery files, and the recent-projects list.
 *
 * The main process owns every open project; clients (renderer, browser mode, CLI) see snapshots
 * and change them through calls, so the unsaved state survives a renderer reload and autosave
 * needs no client.
 *
 * This is the facade over the parts in ./project/: documents and undo (documents.ts), the study
 * runner (study-runner.ts), the recent list (recent.ts) and the recovery store (recovery.ts).
 */
import os from 'node:os';
import path from 'node:path';
import type {
  ExampleInfo,
  JobSnapshot,
  ProjectSnapshot,
  RecentProject,
  RecoverableProject,
  StoredStudyResult,
} from '../../src-core/contract/api.js';
import type { EventBus } from '../../src-core/contract/rpc.js';
import { ParameterError } from '../../src-core/errors.js';
import { EXAMPLES } from '../../src-core/project/examples/index.js';
import { ProjectArchive } from '../../src-core/project/container.js';
import type { ProjectDocument, StoredResult } from '../../src-core/project/types.js';
import type { JobService } from './job-service.js';
import { nativeInflater } from './native-inflate.js';
import { ProjectDocuments } from './project/documents.js';
import { deriveFingerprints, snapshotOf, type Open } from './project/open.js';
import { RecentList } from './project/recent.js';
import { RecoveryStore } from './project/recovery.js';
import { StudyRunner } from './project/study-runner.js';
import type { TaskRunner } from './solver-pool.js';

export { studyParams } from './project/study-runner.js';

export interface ProjectServiceOptions {
  /** Per-user data: recent.json and recovery/. */
  dataDir: string;
  /** Autosave interval for unsaved changes (ms); 0 turns autosave off. Default 30 s. */
  autosaveMs?: number;
  /** How often open files are checked for changes by other programs (ms); 0 turns it off. Default 2 s. */
  watchMs?: number;
}

export class ProjectService {
  private readonly dataDir: string;
  private readonly recent: RecentList;
  private readonly recovery: RecoveryStore;
  private readonly docs: ProjectDocuments;
  private readonly runner: StudyRunner;
  private timer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;

  constructor(pool: TaskRunner, jobs: JobService, bus: EventBus, opts: ProjectServiceOptions) {
    this.dataDir = opts.dataDir;
    this.recent = new RecentList(this.dataDir);
    this.recovery = new RecoveryStore(this.dataDir);
    this.docs = new ProjectDocuments(bus, this.recovery, this.recent);
    this.runner = new StudyRunner(pool, jobs, bus, this.docs);
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

  // ---------------------------------------------------------------- documents and undo

  newProject(example?: string): ProjectSnapshot {
    return this.docs.newProject(example);
  }

  /** Open a file; a failed open changes nothing on disk. */
  openProject(file: string): Promise<ProjectSnapshot> {
    return this.docs.openProject(file);
  }

  snapshot(o: Open): ProjectSnapshot {
    return snapshotOf(o);
  }

  snapshotOf(projectId: string): ProjectSnapshot {
    return this.docs.snapshotOf(projectId);
  }

  /** Check open files for changes by other programs; returns the ids of the projects flagged now (see ProjectDocuments). */
  checkDisk(projectId?: string): Promise<string[]> {
    return this.docs.checkDisk(projectId);
  }

  /** Read the project's file again, replacing this session's state (unsaved edits and undo history are dropped). */
  reloadProject(projectId: string): Promise<ProjectSnapshot> {
    return this.docs.reloadProject(projectId);
  }

  /** Save to the file it came from, or to `file` (Save As); a ConflictError when another program changed it (see ProjectDocuments). */
  saveProject(projectId: string, file?: string, opts: { overwrite?: boolean } = {}): Promise<ProjectSnapshot> {
    return this.docs.saveProject(projectId, file, opts);
  }

  /** One undoable edit: the whole document replaced (validated; results cannot be changed this way). */
  editProject(projectId: string, doc: ProjectDocument, label: string): ProjectSnapshot {
    return this.docs.editProject(projectId, doc, label);
  }

  /** Undo/redo restore the document but keep every study's latest result. */
  undo(projectId: string): ProjectSnapshot {
    return this.docs.undo(projectId);
  }

  redo(projectId: string): ProjectSnapshot {
    return this.docs.redo(projectId);
  }

  async closeProject(projectId: string, discard = false): Promise<{ closed: true }> {
    const o = this.docs.get(projectId);
    if (o.dirty && !discard) throw new ParameterError('discard', 'the project has unsaved changes: save it, or close with discard');
    this.runner.cancelAll(o);
    this.docs.remove(projectId);
    await this.recovery.drop(o);
    return { closed: true };
  }

  /** Projects with unsaved changes (for the prompt before quitting). */
  unsaved(): ProjectSnapshot[] {
    return this.docs
      .all()
      .filter((o) => o.dirty)
      .map((o) => snapshotOf(o));
  }

  // ---------------------------------------------------------------- studies

  /**
   * Start a study; returns at once (the snapshot lists it as running). When it ends, its result
   * (partial if cancelled) is stored in the project and 'project.changed' is emitted.
   * `whenDone` resolves then (the CLI waits on it).
   */
  runStudy(projectId: string, studyId: string, resume = false): { snapshot: ProjectSnapshot; whenDone: Promise<StoredResult> } {
    return this.runner.runStudy(projectId, studyId, resume);
  }

  /** Keep a finished sweep (of the scratch workbench, or any job) as a new study of a project, with its result. One undoable edit. */
  saveSweepAsStudy(projectId: string, jobId: string, name?: string): { snapshot: ProjectSnapshot; studyId: string } {
    return this.runner.saveSweepAsStudy(projectId, jobId, name);
  }

  /** Cancel a running optimize study by its run id; undefined when `runId` is no optimize run of this service. */
  cancelRun(runId: string): JobSnapshot | undefined {
    return this.runner.cancelRun(runId);
  }

  /** Cancel a running study of the project, whatever its kind (false when it is not running or cannot be cancelled). */
  cancelStudy(projectId: string, studyId: string): boolean {
    return this.runner.cancelStudy(projectId, studyId);
  }

  /** A study's stored result, or undefined when it has none yet (figures, export). */
  storedResult(projectId: string, studyId: string): StoredStudyResult | undefined {
    return this.runner.storedResult(projectId, studyId);
  }

  /** A stored result with its arrays (read from the file on first use). */
  studyResult(projectId: string, studyId: string): StoredStudyResult {
    return this.runner.studyResult(projectId, studyId);
  }

  // ---------------------------------------------------------------- recent, autosave, recovery

  recentProjects(): Promise<RecentProject[]> {
    return this.recent.list();
  }

  /** Write every project with unsaved changes to its recovery file (called on a timer). */
  autosave(): Promise<number> {
    return this.recovery.autosave(this.docs.all());
  }

  /** Recovery files left by a session that ended without saving (not the projects open now). */
  recoverableProjects(): Promise<RecoverableProject[]> {
    return this.recovery.recoverable((id) => this.docs.has(id));
  }

  /** Open a recovery file as an unsaved project (belonging to its original path, if any). */
  async recoverProject(id: string): Promise<ProjectSnapshot> {
    const { item, bytes } = await this.recovery.read(id, (x) => this.docs.has(x));
    const opened = ProjectArchive.open(bytes, nativeInflater);
    deriveFingerprints(opened.doc, opened.archive);
    const snap = this.docs.add({ doc: opened.doc, archive: opened.archive, readOnly: false, warnings: [...opened.warnings, 'Recovered unsaved work: save it to keep it.'], dirty: true, ...(item.path ? { path: item.path } : {}) });
    // the recovered work now belongs to the new session id
    const o = this.docs.get(snap.id);
    await this.recovery.adopt(id, o);
    await this.autosave();
    return snapshotOf(o);
  }

  discardRecovery(id: string): Promise<{ discarded: true }> {
    return this.recovery.discard(id, (x) => this.docs.has(x));
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.watchTimer) clearInterval(this.watchTimer);
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
