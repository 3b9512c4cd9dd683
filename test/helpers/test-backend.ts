/**
 * The real backend for renderer tests: {@link Backend} with its real ProjectService, JobService and
 * ExportService over a temporary data directory and workspace, its `handlers('browser')` (or
 * 'electron') behind a real Dispatcher on one end of {@link memoryPair} and the client api on the
 * other — the wiring of the browser server and of Electron, with the binary codec in between.
 *
 * The one thing a test controls is the computation: the backend's task runner ({@link TestRunner})
 * runs each solver task with the real in-process solver (the code the workers run), or holds the
 * chunks of a sweep until the test answers them with chosen values or failures. Files a test
 * "has" are real .nrlab files in the workspace; the recent list and recovery files are real files
 * in the data directory; Electron's native file dialog (which the real Electron main process
 * plugs in as `chooseFile`) is the only other hook.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, vi } from 'vitest';
import { CALL_NAMES, type ChooseFileRequest, type FigureExportOptions, type ChooseFileResponse, type JobSnapshot, type NrlabApi, type ProjectSnapshot, type RecentProject, type RecoverableProject, type SweepRequest } from '../../src-core/contract/api';
import { Dispatcher, connectTransport, serveTransport, type Handlers } from '../../src-core/contract/rpc';
import { CancelledError } from '../../src-core/errors';
import { ProjectArchive } from '../../src-core/project/container';
import type { ProjectDocument, StoredResult } from '../../src-core/project/types';
import type { FailedPoint } from '../../src-core/studies/sweep';
import { runSolverTask, type SolveRequest, type SolveResponse, type SolverTask, type SolverTaskResult } from '../../src-core/tasks/solver-tasks';
import { Backend } from '../../src-main/services/backend';
import type { RunOptions, TaskRunner } from '../../src-main/services/solver-pool';
import { memoryPair } from './memory-transport';

/** A solver task the runner holds until the test answers it. */
export interface HeldTask {
  task: SolverTask;
  opts: RunOptions;
  resolve(r: SolverTaskResult): void;
  reject(e: unknown): void;
}

type ChunkTask = HeldTask & { task: Extract<SolverTask, { kind: 'sweep-chunk' }> };

/** Values of a sweep point by quantity key. */
export type Fill = (i: number) => Record<string, number>;

/** Macrotask boundary: every promise chain started so far (e.g. the job service asking for its next chunk) has run. */
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * The backend's task runner in tests: the real in-process solver (as solver-worker.ts runs it),
 * or, with `hold`, sweep chunks kept pending for the test. `onSolve` answers single solves
 * (solvePoint, point studies) with a chosen response, or holds them pending.
 */
export class TestRunner implements TaskRunner {
  /** Hold sweep chunks for the test (default: compute them with the real solver). */
  hold = false;
  onSolve: ((req: SolveRequest) => SolveResponse | Promise<SolveResponse>) | undefined;
  readonly held: HeldTask[] = [];

  constructor(readonly workers: number) {}

  async run(task: SolverTask, opts: RunOptions = {}): Promise<SolverTaskResult> {
    if (opts.signal?.aborted) throw new CancelledError();
    if (task.kind === 'solve' && this.onSolve) return { kind: 'solve', response: await this.onSolve(task.request) };
    if (!this.hold || task.kind !== 'sweep-chunk') {
      await Promise.resolve();
      return runSolverTask(task, opts.onProgress, opts.onStage);
    }
    return new Promise<SolverTaskResult>((resolve, reject) => {
      const drop = (): void => {
        const i = this.held.indexOf(h);
        if (i >= 0) this.held.splice(i, 1);
      };
      const h: HeldTask = {
        task,
        opts,
        resolve: (r) => {
          drop();
          resolve(r);
        },
        reject: (e) => {
          drop();
          reject(e);
        },
      };
      // a cancelled study aborts its chunks, as the pool terminates their workers
      opts.signal?.addEventListener('abort', () => h.reject(new CancelledError()), { once: true });
      this.held.push(h);
    });
  }

  /** The held chunks of a sweep. */
  chunks(): ChunkTask[] {
    return this.held.filter((h): h is ChunkTask => h.task.kind === 'sweep-chunk');
  }

  async destroy(): Promise<void> {
    for (const h of [...this.held]) h.reject(new CancelledError());
  }
}

export interface TestBackendOptions {
  /** Which transport's handlers the client gets: 'browser' (default: paths typed into a prompt, confined to the workspace) or 'electron' (native dialogs through `native`). */
  transport?: 'browser' | 'electron';
  /** Solver workers the runner reports (the job service runs this many chunks at once); default 3. */
  workers?: number;
  /** Hold sweep chunks for the test to answer (default: computed by the real solver). */
  hold?: boolean;
}

export interface TestBackend {
  api: NrlabApi;
  backend: Backend;
  runner: TestRunner;
  /** The workspace root (browser mode confines project paths to it). */
  root: string;
  /** Per-user data directory (recent.json, recovery/). */
  dataDir: string;
  /**
   * Resolves once every call the client made has been answered and the client has run on (file
   * reads and writes take real time: a flush of promises does not wait for them).
   */
  idle(): Promise<void>;
  /** Every call the client made, in order. */
  calls: { method: string; args: unknown }[];
  /** The requests of every startSweep call. */
  sweeps: SweepRequest[];
  /** Electron's native file dialog (electron transport only); unset it answers { supported: false }. */
  native?: (req: ChooseFileRequest) => ChooseFileResponse;
  /** The latest sweep job (started by startSweep, resumeJob or a study run), as the backend holds it. */
  job(): JobSnapshot;
  /** The project opened, created or recovered last, as the backend holds it. */
  last(): ProjectSnapshot;
  /** An absolute path inside the workspace. */
  file(rel: string): string;
  /** Write a real .nrlab file (with src-core's container) into the workspace; returns its absolute path. */
  writeProject(rel: string, doc: ProjectDocument): string;
  /** Read a project file back (the document as written). */
  readProject(rel: string): ProjectDocument;
  /** Write the recent-projects list the backend reads. */
  setRecent(list: RecentProject[]): void;
  /** Leave a recovery file, as a session that ended without saving does. */
  addRecovery(item: RecoverableProject, doc: ProjectDocument): void;
  /**
   * Answer the held chunks covering grid indices [start, end) of the running sweep with `fill`'s
   * values (`failed` points as NaN with their reasons), as they are asked for; resolves once the
   * client has received their data. The range must be made of whole chunks (the job service cuts
   * the grid; the error says where).
   */
  data(start: number, end: number, fill: Fill, failed?: FailedPoint[]): Promise<void>;
  /** Fail the first held chunk with `err` (a bad-input error fails the whole sweep; others are retried once, then its points fail). */
  fail(err: Error): Promise<void>;
  /**
   * Make the next startSweep fail with `err` before it reaches the backend. The one injected
   * failure: the form checks the same src-core rules as the backend, so a refusal at start (a
   * backend newer than the page, a pool shutting down) cannot be produced from the page's input.
   */
  refuseNextStart(err: Error): void;
  /**
   * From now on, hold the backend's answers to previewFigure: each is computed by the real
   * ExportService but delivered when the test releases it (to answer out of order).
   */
  holdPreviews(): { req: { projectId: string; figureId: string; options?: FigureExportOptions }; release(): Promise<void> }[];
  /** Resolves once the client has received the end of the latest job. */
  finished(): Promise<JobSnapshot>;
  /**
   * Run a study of an open project on the real backend, answering its computation: a sweep's
   * points from `data` (quantity → values over the grid; quantities not given are NaN; indices in
   * `failed` fail), a point study's solve with `output`; resolves once its result is stored and
   * the client heard of it.
   */
  storeResult(
    projectId: string,
    studyId: string,
    r: {
      /** The grid the test means (checked against the study's real grid: a mismatch throws). */
      axes?: { key: string; values: number[] }[];
      data?: Record<string, number[]>;
      failed?: FailedPoint[];
      output?: { output: Record<string, unknown>; scalars: Record<string, number> };
      /** The run's wall time on the backend's clock (a fake Date for the run). */
      wallMs?: number;
    },
  ): Promise<StoredResult>;
  /** Another program writes the project file `rel`; the backend's disk check runs (as its watch timer would). */
  externalWrite(rel: string, doc: ProjectDocument): Promise<void>;
  /** Resolves once the latest 'project.changed' the client received lists the study as not running, with a result. */
  studyStored(projectId: string, studyId: string): Promise<void>;
  close(): Promise<void>;
}

const open = new Set<TestBackend>();
afterEach(async () => {
  for (const b of [...open]) await b.close();
});

/** {@link TestBackend.idle} of every backend open in this test, then a flush of the client's promises. */
export async function settled(): Promise<void> {
  for (const b of [...open]) await b.idle();
  await new Promise((r) => setImmediate(r));
}

/** The real backend, served over the in-memory transport; closed (and its directories removed) after each test. */
export function createTestBackend(opts: TestBackendOptions = {}): TestBackend {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'nrlab-renderer-'));
  const root = path.join(tmp, 'work');
  const dataDir = path.join(tmp, 'data');
  mkdirSync(root);
  mkdirSync(dataDir);
  const runner = new TestRunner(opts.workers ?? 3);
  runner.hold = opts.hold === true;
  // no timers: autosave and the disk watch run when a test asks (externalWrite); progress is flushed at once
  const backend = new Backend({ runner, dataDir, workspaceRoot: root, autosaveMs: 0, watchMs: 0, progressIntervalMs: 0 });
  const transport = opts.transport ?? 'browser';
  const handlers = backend.handlers(transport);
  const [server, client] = memoryPair();
  const t = {} as TestBackend;
  let refusal: Error | undefined;
  let previews: ReturnType<TestBackend['holdPreviews']> | undefined;
  const served: Handlers = {
    ...handlers,
    startSweep: (req) => {
      const err = refusal;
      refusal = undefined;
      if (err) throw err;
      return handlers.startSweep(req);
    },
    previewFigure: (req) => {
      const answer = (): ReturnType<Handlers['previewFigure']> => handlers.previewFigure(req);
      if (!previews) return answer();
      const held = previews;
      return new Promise((resolve, reject) =>
        held.push({
          req,
          // the real answer, sent now; resolves once the client has run on
          release: async () => {
            await Promise.resolve().then(answer).then(resolve, reject);
            await settle();
          },
        }),
      );
    },
    // Electron's main process plugs in its native dialog here; the browser keeps the backend's answer
    ...(transport === 'electron' ? { chooseFile: (req: ChooseFileRequest) => t.native?.(req) ?? { supported: false } } : {}),
  };
  const stopServing = serveTransport(new Dispatcher(served), backend.bus, server);
  const conn = connectTransport(client);

  const calls: TestBackend['calls'] = [];
  const sweeps: SweepRequest[] = [];
  let lastJob: string | undefined;
  let lastProject: string | undefined;
  // what the client has received, to wait on
  const heard: { data: Set<string>; finished: Map<string, JobSnapshot>; changed: ProjectSnapshot[] } = { data: new Set(), finished: new Map(), changed: [] };
  const wake = new Set<() => void>();
  const waitFor = async <T>(get: () => T | undefined): Promise<T> => {
    for (;;) {
      const v = get();
      if (v !== undefined) return v;
      await new Promise<void>((r) => wake.add(r));
    }
  };
  const notify = (): void => {
    const ws = [...wake];
    wake.clear();
    for (const w of ws) w();
  };
  conn.api.on('job.data', (e) => {
    heard.data.add(`${e.jobId}:${e.start}`);
    notify();
  });
  conn.api.on('job.finished', (j) => {
    heard.finished.set(j.id, j);
    notify();
  });
  conn.api.on('job.progress', (j) => {
    if (j.kind === 'sweep') lastJob = j.id;
  });
  conn.api.on('project.changed', (s) => {
    heard.changed.push(s);
    for (const id of Object.values(s.running)) if (id.startsWith('job-')) lastJob = id;
    notify();
  });

  const inFlight = new Set<Promise<unknown>>();
  const api = { on: conn.api.on } as Record<string, unknown>;
  for (const name of CALL_NAMES) {
    const call = (conn.api as unknown as Record<string, (a: unknown) => Promise<unknown>>)[name]!;
    api[name] = async (args: unknown) => {
      calls.push({ method: name, args });
      if (name === 'startSweep') sweeps.push(args as SweepRequest);
      const p = call(args);
      inFlight.add(p);
      const r = await p.finally(() => inFlight.delete(p));
      if (name === 'startSweep' || name === 'resumeJob') lastJob = (r as { job: JobSnapshot }).job.id;
      if (name === 'newProject' || name === 'openProject' || name === 'recoverProject') lastProject = (r as ProjectSnapshot).id;
      if (name === 'runStudy') for (const id of Object.values((r as ProjectSnapshot).running)) if (id.startsWith('job-')) lastJob = id;
      return r;
    };
  }

  const jobOf = (): string => {
    if (!lastJob) throw new Error('no sweep was started');
    return lastJob;
  };

  /** Answer one held chunk: values from `fill`, NaN and a reason for failed points. */
  const answer = (h: ChunkTask, fill: Fill, bad: Map<number, FailedPoint>): void => {
    const { start, end } = h.task;
    const data: Record<string, Float64Array> = {};
    for (let i = start; i < end; i++) {
      for (const [k, v] of Object.entries(fill(i))) (data[k] ??= new Float64Array(end - start).fill(NaN))[i - start] = bad.has(i) ? NaN : v;
    }
    const failed = [...bad.values()].filter((f) => f.index >= start && f.index < end);
    h.resolve({ kind: 'sweep-chunk', chunk: { start, end, data, failed } });
  };

  const answerRange = async (start: number, end: number, fill: Fill, failed: FailedPoint[] = []): Promise<string[]> => {
    const bad = new Map(failed.map((f) => [f.index, f]));
    let left = end - start;
    const sent: string[] = [];
    while (left > 0) {
      await settle();
      const chunks = runner.chunks();
      const h = chunks.find((c) => c.task.start >= start && c.task.end <= end);
      if (!h) {
        const where = chunks.map((c) => `[${c.task.start}, ${c.task.end})`).join(', ') || 'none';
        throw new Error(`no held chunk inside [${start}, ${end}) is asked for (held: ${where}); answer whole chunks, in an order the job service's ${runner.workers} parallel chunks allow`);
      }
      // the chunks held belong to the latest sweep (tests run one at a time)
      sent.push(`${await waitFor(() => lastJob)}:${h.task.start}`);
      left -= h.task.end - h.task.start;
      answer(h, fill, bad);
    }
    return sent;
  };

  Object.assign(t, {
    api: api as unknown as NrlabApi,
    backend,
    runner,
    root,
    dataDir,
    calls,
    sweeps,
    job: () => backend.jobs.snapshot(jobOf()),
    last: () => {
      if (!lastProject) throw new Error('no project was opened');
      return backend.projects.snapshotOf(lastProject);
    },
    file: (rel: string) => path.join(root, rel),
    async idle() {
      do {
        await Promise.allSettled([...inFlight]);
        await settle();
      } while (inFlight.size > 0);
    },
    writeProject(rel: string, doc: ProjectDocument) {
      const p = path.join(root, rel);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, ProjectArchive.empty().toBytes(structuredClone(doc)));
      return p;
    },
    readProject: (rel: string) => ProjectArchive.open(new Uint8Array(readFileSync(path.join(root, rel)))).doc,
    setRecent: (list: RecentProject[]) => writeFileSync(path.join(dataDir, 'recent.json'), JSON.stringify(list)),
    addRecovery(item: RecoverableProject, doc: ProjectDocument) {
      const dir = path.join(dataDir, 'recovery');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${item.id}.nrlab`), ProjectArchive.empty().toBytes(structuredClone(doc)));
      writeFileSync(path.join(dir, `${item.id}.json`), JSON.stringify(item));
    },
    async data(start: number, end: number, fill: Fill, failed?: FailedPoint[]) {
      const sent = await answerRange(start, end, fill, failed);
      await waitFor(() => (sent.every((k) => heard.data.has(k)) ? true : undefined));
    },
    async fail(err: Error) {
      await settle();
      const h = runner.chunks()[0];
      if (!h) throw new Error('no chunk is held');
      h.reject(err);
      await settle();
    },
    holdPreviews() {
      previews = [];
      return previews;
    },
    refuseNextStart(err: Error) {
      refusal = err;
    },
    finished: () => waitFor(() => heard.finished.get(jobOf())),
    async storeResult(projectId: string, studyId: string, r: Parameters<TestBackend['storeResult']>[2]) {
      const hold = runner.hold;
      const solve = runner.onSolve;
      runner.hold = true;
      if (r.output) runner.onSolve = (req) => ({ model: req.model, params: {}, output: r.output!.output, scalars: r.output!.scalars, timeMs: 1 });
      if (r.wallMs !== undefined) vi.useFakeTimers({ toFake: ['Date'] });
      try {
        const { snapshot, whenDone } = backend.projects.runStudy(projectId, studyId);
        if (r.wallMs !== undefined) vi.setSystemTime(Date.now() + r.wallMs);
        const jobId = snapshot.running[studyId];
        if (jobId?.startsWith('job-')) {
          lastJob = jobId;
          const total = backend.jobs.snapshot(jobId).total;
          const grid = backend.jobs.result(jobId).header.axes.map((a) => ({ key: a.key, values: Array.from(a.values) }));
          if (r.axes && JSON.stringify(r.axes) !== JSON.stringify(grid)) throw new Error(`study "${studyId}" has the grid ${JSON.stringify(grid)}, not ${JSON.stringify(r.axes)}: set its axes in the project`);
          const data = r.data ?? {};
          await answerRange(0, total, (i) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v[i] ?? NaN])), r.failed);
        }
        const stored = await whenDone;
        await waitFor(() => (heard.changed.some((s) => s.id === projectId && !s.running[studyId] && s.doc.studies.find((x) => x.id === studyId)?.result?.id === stored.id) ? true : undefined));
        return stored;
      } finally {
        if (r.wallMs !== undefined) vi.useRealTimers();
        runner.hold = hold;
        runner.onSolve = solve;
      }
    },
    async externalWrite(rel: string, doc: ProjectDocument) {
      t.writeProject(rel, doc);
      await backend.projects.checkDisk();
      await settle();
    },
    async studyStored(projectId: string, studyId: string) {
      // the latest snapshot the client has of the project: the study no longer running, a result stored
      const latest = (): ProjectSnapshot | undefined => [...heard.changed].reverse().find((s) => s.id === projectId);
      await waitFor(() => {
        const s = latest();
        return s && !s.running[studyId] && s.doc.studies.find((x) => x.id === studyId)?.result ? true : undefined;
      });
    },
    async close() {
      if (!open.delete(t)) return;
      conn.dispose();
      stopServing();
      await backend.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  } satisfies Omit<TestBackend, 'native'>);
  open.add(t);
  return t;
}
