import { promises as fs } from 'node:fs';
import type { AppInfo, OptimizeProgress } from '../../src-core/contract/api.js';
import { Dispatcher, EventBus, type Handlers } from '../../src-core/contract/rpc.js';
import { ParameterError, shown } from '../../src-core/errors.js';
import { TRACE_KINDS } from '../../src-core/models/model.js';
import { describeModel, getModel, listModels, traceAxisOf, traceRunOf } from '../../src-core/models/registry.js';
import { planSweep } from '../../src-core/studies/grid.js';
import { ExportService } from '../export/export-service.js';
import { JobService, type JobServiceOptions } from './job-service.js';
import { optimize } from './optimizer.js';
import { log, openLog } from './log.js';
import { PreferencesStore } from './preferences.js';
import { ProjectService, defaultDataDir } from './project-service.js';
import { SolverPool, type SolverPoolOptions, type TaskRunner } from './solver-pool.js';
import { APP_NAME, APP_VERSION } from './version.js';
import { Workspace } from './workspace.js';

export interface BackendOptions extends SolverPoolOptions, JobServiceOptions {
  /** Per-user data (recent projects, recovery files, preferences, the log); default defaultDataDir(). */
  dataDir?: string;
  /** Write the log file (services/log.ts) in the data directory, as this process (app, serve, cli). */
  logAs?: string;
  /** Autosave interval of unsaved projects (ms); 0 turns it off. */
  autosaveMs?: number;
  /** How often open project files are checked for changes by other programs (ms); 0 turns it off. */
  watchMs?: number;
  /** Browser mode's workspace root (projects open and save only inside it); default the working directory. */
  workspaceRoot?: string;
  /**
   * What runs the solver tasks; default a SolverPool with the options above. Tests give their own
   * to control the computation; every service rule stays the real one.
   */
  runner?: TaskRunner;
}

function requiredString(args: unknown, key: string): string {
  const v = (args as Record<string, unknown> | undefined)?.[key];
  if (typeof v !== 'string' || v === '') throw new ParameterError(key, 'a non-empty string is required');
  return v;
}

function optionalString(args: unknown, key: string): string | undefined {
  const v = (args as Record<string, unknown> | undefined)?.[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ParameterError(key, 'must be a string');
  return v;
}

function jobIdOf(args: unknown): string {
  const id = (args as { jobId?: unknown } | undefined)?.jobId;
  if (typeof id !== 'string') throw new ParameterError('jobId', 'a job id string is required');
  return id;
}

/**
 * The services behind the contract, independent of any transport: one solver pool, one job
 * service, one event bus. Electron IPC and the browser-mode server each get a Dispatcher from
 * {@link Backend.dispatcher}.
 */
export class Backend {
  /** What runs the solver tasks: a SolverPool unless {@link BackendOptions.runner} gives another. */
  readonly pool: TaskRunner;
  readonly bus = new EventBus();
  readonly jobs: JobService;
  readonly projects: ProjectService;
  readonly exports: ExportService;
  readonly preferences: PreferencesStore;

  private readonly progressIntervalMs: number;
  private readonly workspaceRoot: string | undefined;
  private workspaceOf: Workspace | undefined;
  /** Running solvePoint and runTrace calls that carry a solveId, to cancel them. */
  private readonly solves = new Map<string, AbortController>();

  constructor(opts: BackendOptions = {}) {
    this.progressIntervalMs = opts.progressIntervalMs ?? 100;
    this.workspaceRoot = opts.workspaceRoot;
    this.pool = opts.runner ?? new SolverPool(opts);
    this.jobs = new JobService(this.pool, this.bus, opts);
    const dataDir = opts.dataDir ?? defaultDataDir();
    if (opts.logAs) {
      openLog(dataDir, opts.logAs);
      log('info', `started NR Lab ${APP_VERSION}: data directory ${dataDir}, ${this.pool.workers} solver workers`);
    }
    this.preferences = new PreferencesStore(dataDir);
    this.projects = new ProjectService(this.pool, this.jobs, this.bus, {
      dataDir,
      ...(opts.autosaveMs !== undefined ? { autosaveMs: opts.autosaveMs } : {}),
      ...(opts.watchMs !== undefined ? { watchMs: opts.watchMs } : {}),
    });
    this.exports = new ExportService(this.projects);
  }

  /** The handlers of one transport; the browser's with its file access limited (see browserHandlers). */
  handlers(transport: AppInfo['transport']): Handlers {
    const h = this.allHandlers(transport);
    return transport === 'browser' ? this.browserHandlers(h) : h;
  }

  private allHandlers(transport: AppInfo['transport']): Handlers {
    return {
      getAppInfo: () => ({ name: APP_NAME, version: APP_VERSION, workers: this.pool.workers, transport }),
      getPreferences: () => this.preferences.read(),
      setPreferences: (prefs) => this.preferences.set(prefs),
      listModels: () => listModels().map(describeModel),
      solvePoint: async (req) => {
        if (typeof req !== 'object' || req === null) throw new ParameterError('request', 'a solve request object is required');
        const solveId = typeof req.solveId === 'string' && req.solveId !== '' ? req.solveId : undefined;
        const controller = new AbortController();
        if (solveId) this.solves.set(solveId, controller);
        try {
          const r = await this.pool.run(
            { kind: 'solve', request: { model: req.model, params: req.params ?? {} } },
            { signal: controller.signal, ...(solveId ? { onStage: (text: string) => this.bus.emit('solve.stage', { solveId, text }) } : {}) },
          );
          if (r.kind !== 'solve') throw new Error('internal: unexpected task result');
          return r.response;
        } finally {
          if (solveId && this.solves.get(solveId) === controller) this.solves.delete(solveId);
        }
      },
      runTrace: async (req) => {
        if (typeof req !== 'object' || req === null) throw new ParameterError('request', 'a trace run request object is required');
        const model = getModel(req.model);
        if (!TRACE_KINDS.includes(req.kind)) throw new ParameterError('kind', `must be one of ${TRACE_KINDS.join(', ')}, got ${shown(req.kind)}`);
        const run = traceRunOf(model, req.kind);
        const params = req.params ?? {};
        if (typeof params !== 'object' || Array.isArray(params)) throw new ParameterError('params', `must be an object of parameter values, got ${shown(params)}`);
        const settings = req.settings ?? {};
        if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) throw new ParameterError('settings', `must be an object of ${req.kind} settings, got ${shown(settings)}`);
        const solveId = typeof req.solveId === 'string' && req.solveId !== '' ? req.solveId : undefined;
        const controller = new AbortController();
        if (solveId) this.solves.set(solveId, controller);
        const t0 = performance.now();
        try {
          const r = await this.pool.run({ kind: 'simulate', model: model.id, request: { params, settings }, ...(req.kind !== 'simulate' ? { run: req.kind } : {}) }, { signal: controller.signal });
          if (r.kind !== 'simulate') throw new Error('internal: unexpected task result');
          const out = r.output;
          const warnings = Array.isArray(out.stored.warnings) ? out.stored.warnings.filter((w): w is string => typeof w === 'string') : [];
          return {
            model: model.id,
            kind: req.kind,
            axis: traceAxisOf(run),
            values: out.t,
            traces: out.traces.map((t) => ({ name: t.loss, fields: t.fields, diagnostics: t.diagnostics })),
            stored: out.stored,
            timeMs: performance.now() - t0,
            ...(warnings.length ? { warnings } : {}),
          };
        } finally {
          if (solveId && this.solves.get(solveId) === controller) this.solves.delete(solveId);
        }
      },
      cancelSolve: (args) => {
        const id = typeof args === 'object' && args !== null ? args.solveId : undefined;
        const c = typeof id === 'string' ? this.solves.get(id) : undefined;
        if (!c) return { cancelled: false };
        c.abort();
        this.solves.delete(id!);
        return { cancelled: true };
      },
      startSweep: (req) => this.jobs.startSweep(req),
      cancelJob: (args) => {
        // a running optimize study is cancelled by the run id its project lists, as a sweep by its job id
        const id = jobIdOf(args);
        const drain = typeof args === 'object' && args !== null && (args as { drain?: unknown }).drain === true;
        return this.projects.cancelRun(id) ?? this.jobs.cancel(id, drain);
      },
      resumeJob: (args) => this.jobs.resume(jobIdOf(args)),
      getJobResult: (args) => this.jobs.result(jobIdOf(args)),
      saveSweepAsStudy: (args) => this.projects.saveSweepAsStudy(requiredString(args, 'projectId'), jobIdOf(args), optionalString(args, 'name')),
      optimize: async (req) => {
        if (typeof req !== 'object' || req === null) throw new ParameterError('request', 'an optimisation request object is required');
        // progress at most every progressIntervalMs, and the last state once the run ends
        let last = 0;
        let pending: OptimizeProgress | undefined;
        const r = await optimize(this.pool, req, (p) => {
          pending = p;
          const now = performance.now();
          if (now - last >= this.progressIntervalMs) {
            last = now;
            pending = undefined;
            this.bus.emit('optimize.progress', p);
          }
        });
        if (pending) this.bus.emit('optimize.progress', pending);
        return r;
      },
      listExamples: () => this.projects.listExamples(),
      newProject: (args) => this.projects.newProject(optionalString(args, 'example')),
      openProject: (args) => this.projects.openProject(requiredString(args, 'path')),
      getProject: (args) => this.projects.snapshotOf(requiredString(args, 'projectId')),
      saveProject: (args) => this.projects.saveProject(requiredString(args, 'projectId'), optionalString(args, 'path'), { overwrite: args?.overwrite === true }),
      reloadProject: (args) => this.projects.reloadProject(requiredString(args, 'projectId')),
      editProject: (args) => {
        if (typeof args?.doc !== 'object' || args.doc === null) throw new ParameterError('doc', 'a project document is required');
        return this.projects.editProject(requiredString(args, 'projectId'), args.doc, requiredString(args, 'label'));
      },
      undo: (args) => this.projects.undo(requiredString(args, 'projectId')),
      redo: (args) => this.projects.redo(requiredString(args, 'projectId')),
      closeProject: (args) => this.projects.closeProject(requiredString(args, 'projectId'), args?.discard === true),
      runStudy: (args) => this.projects.runStudy(requiredString(args, 'projectId'), requiredString(args, 'studyId'), args?.resume === true).snapshot,
      studyResult: (args) => this.projects.studyResult(requiredString(args, 'projectId'), requiredString(args, 'studyId')),
      recentProjects: () => this.projects.recentProjects(),
      recoverableProjects: () => this.projects.recoverableProjects(),
      recoverProject: (args) => this.projects.recoverProject(requiredString(args, 'id')),
      discardRecovery: (args) => this.projects.discardRecovery(requiredString(args, 'id')),
      estimateSweep: (req) => {
        if (typeof req !== 'object' || req === null) throw new ParameterError('request', 'a sweep request object is required');
        const model = getModel(req.model);
        const plan = planSweep(model, { params: req.params ?? {}, axes: req.axes, ...(req.quantities ? { quantities: req.quantities } : {}) });
        const pointMs = model.pointCostMs(plan.base);
        const workers = this.pool.workers;
        return { points: plan.total, pointMs, workers, totalMs: (plan.total * pointMs) / workers, available: model.quantities(plan.base) };
      },
      // no native dialogs outside Electron (which replaces this handler)
      chooseFile: () => ({ supported: false }),
      previewFigure: (args) => this.exports.preview(requiredString(args, 'projectId'), requiredString(args, 'figureId'), args?.options),
      exportFile: (req) => this.exports.export(req),
    };
  }

  /** Browser mode's workspace root (created on first use: the working directory unless given). */
  get workspace(): Workspace {
    this.workspaceOf ??= new Workspace(this.workspaceRoot ?? process.cwd());
    return this.workspaceOf;
  }

  /**
   * The browser transport's file access, limited to what its user can choose there: projects
   * inside the workspace root only (open, Save As, and a plain Save to a file opened elsewhere),
   * the recent list inside it, and exports as downloads (the bytes come back; no path is written).
   */
  private browserHandlers(h: Handlers): Handlers {
    const ws = this.workspace;
    return {
      ...h,
      openProject: async (args) => this.projects.openProject(await ws.projectPath(requiredString(args, 'path'), 'open')),
      saveProject: async (args) => {
        const projectId = requiredString(args, 'projectId');
        const given = optionalString(args, 'path');
        const current = this.projects.snapshotOf(projectId).path;
        const target = given ?? current;
        // no file yet: the service says "choose a file (Save As)"
        const opts = { overwrite: args?.overwrite === true };
        if (target === undefined) return this.projects.saveProject(projectId, undefined, opts);
        const real = await ws.projectPath(target, 'save');
        return this.projects.saveProject(projectId, given === undefined && real === current ? undefined : real, opts);
      },
      recentProjects: async () => {
        const list = await this.projects.recentProjects();
        const inside = await Promise.all(list.map((r) => fs.realpath(r.path).then((p) => ws.contains(p), () => false)));
        return list.filter((_r, i) => inside[i]);
      },
      chooseFile: () => ({ supported: false, root: ws.root }),
      exportFile: (req) => {
        if (typeof req === 'object' && req !== null && req.path !== undefined) {
          throw new ParameterError('path', 'in browser mode an export is a download: the server writes no file; call exportFile without a path');
        }
        return this.exports.export(req);
      },
    };
  }

  dispatcher(transport: AppInfo['transport']): Dispatcher {
    return new Dispatcher(this.handlers(transport));
  }

  async close(): Promise<void> {
    this.projects.dispose();
    await this.pool.destroy();
  }
}
