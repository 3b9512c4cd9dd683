/**
 * Running a project's studies: sweeps on the job service (resumable from a cancelled partial
 * result), optimize searches on the solver pool (cancellable by run id), single point and
 * time-domain runs, storing each result with its provenance, and reading stored results back.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { JobSnapshot, OptimizeProgress, ProjectSnapshot, StoredStudyResult, SweepResult } from '../../../src-core/contract/api.js';
import type { EventBus } from '../../../src-core/contract/rpc.js';
import { CancelledError, ParameterError, toErrorPayload, shown } from '../../../src-core/errors.js';
import { getModel, resolveModelParams, storedSchema, traceAxisOf, traceFieldsAt, traceRunOf } from '../../../src-core/models/registry.js';
import type { ParamInput } from '../../../src-core/models/params.js';
import type { ProjectArchive } from '../../../src-core/project/container.js';
import { addStudy } from '../../../src-core/project/authoring.js';
import { resultFreshness, studyFingerprint, studyParams as coreStudyParams } from '../../../src-core/project/fingerprint.js';
import { DEFAULT_MAX_EVALUATIONS, historyArrays, historyQuantities } from '../../../src-core/project/optimize-study.js';
import { isTraceKind, traceQuantities } from '../../../src-core/project/trace-study.js';
import type { OptimizeOutput, ProjectDocument, Provenance, RunRecord, StoredResult, Study } from '../../../src-core/project/types.js';
import type { PriorResults, JobService } from '../job-service.js';
import { optimize } from '../optimizer.js';
import type { TaskRunner } from '../solver-pool.js';
import { APP_NAME, APP_VERSION } from '../version.js';
import type { ProjectDocuments } from './documents.js';
import { clone, type Open } from './open.js';

/** The study's parameters: its parameter set (if any) overridden by its own values. */
export const studyParams: (doc: ProjectDocument, study: Study) => ParamInput = coreStudyParams;

/** Solver settings of a model's parameters: the schema's "Solver" group (truncation, basis, method). */
function solverSettings(model: string, params: Record<string, number | string>): Record<string, unknown> {
  const schema = storedSchema(model, params) ?? { params: [], aliases: [] };
  const out: Record<string, unknown> = {};
  for (const p of schema.params) if (p.group === 'Solver' && params[p.key] !== undefined) out[p.key] = params[p.key];
  return out;
}

function platform(): string {
  return `${os.platform()} ${os.arch()}, Node ${process.versions.node}, ${os.cpus().length} cores`;
}

export class StudyRunner {
  /** Running optimize studies: run id → what stops them, and their progress as a job snapshot. */
  private readonly optimizeRuns = new Map<string, AbortController>();
  private readonly optimizeSnapshots = new Map<string, JobSnapshot>();
  /** Running single runs (point, simulate, correlation, spectrum, pulse): run id → what stops them. */
  private readonly singleRuns = new Map<string, AbortController>();

  constructor(
    private readonly pool: TaskRunner,
    private readonly jobs: JobService,
    private readonly bus: EventBus,
    private readonly docs: ProjectDocuments,
  ) {}

  /** Stop every run of a project that is being closed. */
  cancelAll(o: Open): void {
    for (const jobId of o.running.values()) {
      if (this.cancelRun(jobId)) continue;
      try {
        this.jobs.cancel(jobId);
      } catch {
        // already finished
      }
    }
  }

  study(o: Open, studyId: string): Study {
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
    const o = this.docs.get(projectId);
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
      const controller = new AbortController();
      o.running.set(study.id, runId);
      this.singleRuns.set(runId, controller);
      whenDone = this.runSingle(o, study, params, started, fingerprint, controller.signal).finally(() => this.singleRuns.delete(runId));
    }
    whenDone = whenDone.finally(() => {
      o.running.delete(study.id);
      if (this.docs.has(o.id)) this.docs.changed(o);
    });
    whenDone.catch(() => undefined);
    const snapshot = this.docs.snapshot(o);
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
    const o = this.docs.get(projectId);
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
    this.docs.pushUndo(o, `Save the sweep as study "${study.name}"`);
    o.doc = made.doc;
    this.storeSweep(o, study.id, fin, res, new Date(fin.startedAt), fingerprint);
    return { snapshot: this.docs.changed(o), studyId: study.id };
  }

  /**
   * Cancel a running optimize study by its run id (as `running` lists it): the search stops after
   * the evaluations under way, and the best point so far is stored (status 'cancelled'). A single
   * run (point, simulate, correlation, spectrum, pulse) stops its pool task and is stored as
   * cancelled, without arrays. Undefined when `runId` is no such run of this service (a sweep's job id, say).
   */
  cancelRun(runId: string): JobSnapshot | undefined {
    const single = typeof runId === 'string' ? this.singleRuns.get(runId) : undefined;
    if (single) {
      // a single run (point, simulate, correlation, spectrum, pulse): its pool task is stopped and
      // the result stored as cancelled
      single.abort();
      return { id: runId, kind: 'run', model: '', status: 'cancelled', done: 0, total: 1, progress: 0, failedPoints: 0, startedAt: Date.now() };
    }
    const c = typeof runId === 'string' ? this.optimizeRuns.get(runId) : undefined;
    if (!c) return undefined;
    c.abort();
    return this.optimizeSnapshots.get(runId) ?? { id: runId, kind: 'optimize', model: '', status: 'running', done: 0, total: 0, progress: 0, failedPoints: 0, startedAt: Date.now() };
  }

  /** Cancel a running study of the project, whatever its kind (false when it is not running or cannot be cancelled). */
  cancelStudy(projectId: string, studyId: string): boolean {
    const o = this.docs.get(projectId);
    const runId = o.running.get(this.study(o, studyId).id);
    if (!runId) return false;
    if (this.cancelRun(runId)) return true;
    if (/^(point|simulate|correlation|spectrum|pulse|continuation):/.test(runId)) return false;
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
      const base = resolveModelParams(model, params);
      const bestParams = resolveModelParams(model, { ...params, ...r.optimum }) as Record<string, number | string>;
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
        resolved = resolveModelParams(model, params) as Record<string, number | string>;
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
    const plannedParams = resolveModelParams(getModel(study.model), studyParams(o.doc, study));
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
  storeSweep(o: Open, studyId: string, fin: JobSnapshot, res: SweepResult, started: Date, fingerprint: string | undefined, prior?: StoredResult): StoredResult {
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

  async runSingle(o: Open, study: Study, params: ParamInput, started: Date, fingerprint: string | undefined, signal?: AbortSignal): Promise<StoredResult> {
    const id = `r-${started.getTime().toString(36)}-${randomUUID().slice(0, 8)}`;
    let result: StoredResult;
    try {
      result = await this.computeSingle(o, study, params, started, id, signal);
    } catch (e) {
      // the failure is the result: stored with its reason, like a failed point of a sweep
      let resolved: Record<string, number | string> = {};
      try {
        resolved = resolveModelParams(getModel(study.model), params) as Record<string, number | string>;
      } catch {
        resolved = Object.fromEntries(Object.entries(params).filter((kv): kv is [string, number | string] => kv[1] !== undefined));
      }
      const cancelled = e instanceof CancelledError || signal?.aborted === true;
      result = { id, status: cancelled ? 'cancelled' : 'failed', output: { error: toErrorPayload(e) }, provenance: this.provenance(study.model, resolved, started) };
    }
    if (fingerprint) result.fingerprint = fingerprint;
    const target = o.doc.studies.find((x) => x.id === study.id);
    if (target) target.result = result;
    return result;
  }

  private async computeSingle(o: Open, study: Study, params: ParamInput, started: Date, id: string, signal?: AbortSignal): Promise<StoredResult> {
    let result: StoredResult;
    const opts = signal ? { signal } : {};
    if (study.kind === 'point') {
      const r = await this.pool.run({ kind: 'solve', request: { model: study.model, params } }, opts);
      if (r.kind !== 'solve') throw new Error('internal: unexpected task result');
      result = {
        id,
        status: 'succeeded',
        output: { output: r.response.output, scalars: r.response.scalars },
        provenance: this.provenance(study.model, r.response.params as Record<string, number | string>, started, { wallMs: r.response.timeMs }),
      };
    } else if (study.kind === 'continuation') {
      // every branch (and the up/down sweep): flat arrays and the branches' layout (studies/continuation.ts)
      if (!study.continuation) throw new ParameterError('continuation', 'is required for a continuation study');
      const model = getModel(study.model);
      const r = await this.pool.run({ kind: 'continue', model: model.id, params, settings: { ...study.continuation } }, opts);
      if (r.kind !== 'continue') throw new Error('internal: unexpected task result');
      const arrays: Record<string, ReturnType<ProjectArchive['putArray']>> = {};
      let k = 0;
      for (const [key, v] of Object.entries(r.result.arrays)) arrays[key] = o.archive.putArray(`results/${id}/c${k++}.f64`, v);
      const unsettled = r.result.output.sweep?.unsettled ?? 0;
      result = {
        id,
        status: 'succeeded',
        arrays,
        quantities: r.result.quantities.map((q) => ({ key: q.key, symbol: q.symbol, label: q.label, unit: q.unit })),
        ...(unsettled ? { warned: { count: unsettled, first: { index: 0, reason: r.result.output.notes[r.result.output.notes.length - 1]! } } } : {}),
        output: r.result.output,
        provenance: this.provenance(study.model, resolveModelParams(model, params) as Record<string, number | string>, started),
      };
    } else {
      // a trace run (time domain, correlation, spectrum, pulse): the axis and `<trace>.<field>` arrays
      const kind = study.kind;
      if (!isTraceKind(kind)) throw new ParameterError('kind', `unknown study kind ${shown(kind)}`);
      const model = getModel(study.model);
      const run = traceRunOf(model, kind);
      const axis = traceAxisOf(run);
      const settings = { ...(study[kind] ?? {}) };
      const r = await this.pool.run({ kind: 'simulate', model: model.id, request: { params, settings }, ...(kind !== 'simulate' ? { run: kind } : {}) }, opts);
      if (r.kind !== 'simulate') throw new Error('internal: unexpected task result');
      const arrays: Record<string, ReturnType<ProjectArchive['putArray']>> = { [axis.key]: o.archive.putArray(`results/${id}/${axis.key}.f64`, r.output.t) };
      const traces = r.output.traces.map((tr, k) => {
        for (const f of traceFieldsAt(model, run, params)) {
          const v = tr.fields[f.key];
          if (v) arrays[`${tr.loss}.${f.key}`] = o.archive.putArray(`results/${id}/trace${k}-${f.key}.f64`, v);
        }
        return { loss: tr.loss, diagnostics: tr.diagnostics };
      });
      const resolved = resolveModelParams(model, params);
      // the run's warnings (a truncation not converged, positivity lost): counted like a sweep's warned points
      const warnings = Array.isArray(r.output.stored.warnings) ? r.output.stored.warnings.filter((w): w is string => typeof w === 'string') : [];
      // the catalogue of the stored arrays (symbol, label, unit), for exports and figure titles
      const quantities = kind === 'simulate' ? undefined : traceQuantities(run, traces.map((t) => t.loss), traceFieldsAt(model, run, params)).filter((q) => arrays[q.key] !== undefined);
      result = {
        id,
        status: 'succeeded',
        arrays,
        ...(quantities ? { quantities: quantities.map((q) => ({ key: q.key, symbol: q.symbol, label: q.label, unit: q.unit })) } : {}),
        ...(warnings.length ? { warned: { count: warnings.length, first: { index: 0, reason: warnings[0]! } } } : {}),
        // a simulate run's output lists its traces' diagnostics as `traces`; a dynamics run keeps its
        // stored output as it is (its own `traces`: per-trace numbers) and the diagnostics by trace
        output: kind === 'simulate' ? { ...r.output.stored, traces } : { ...r.output.stored, diagnostics: Object.fromEntries(traces.map((t) => [t.loss, t.diagnostics])) },
        provenance: this.provenance(study.model, resolved as Record<string, number | string>, started),
      };
    }
    return result;
  }

  /** A stored result with its arrays (read from the file on first use). */
  /** A study's stored result, or undefined when it has none yet (figures, export). */
  storedResult(projectId: string, studyId: string): StoredStudyResult | undefined {
    const o = this.docs.get(projectId);
    return o.doc.studies.find((s) => s.id === studyId)?.result ? this.studyResult(projectId, studyId) : undefined;
  }

  studyResult(projectId: string, studyId: string): StoredStudyResult {
    const o = this.docs.get(projectId);
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
}

/** The one run an older result without a run list records (its provenance). */
function runOf(r: StoredResult): RunRecord {
  const p = r.provenance;
  return { date: p.date, app: p.app, ...(p.workers ? { workers: p.workers } : {}), points: r.done ?? 0, wallMs: p.wallMs };
}
