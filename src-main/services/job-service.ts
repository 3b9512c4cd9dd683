import type {
  JobSnapshot,
  StartSweepResponse,
  SweepDataEvent,
  SweepHeader,
  SweepRequest,
  SweepResult,
  SweepDiagnostics,
} from '../../src-core/contract/api.js';
import type { EventBus } from '../../src-core/contract/rpc.js';
import { NrlabError, ParameterError, toErrorPayload } from '../../src-core/errors.js';
import { getModel } from '../../src-core/models/registry.js';
import { planSweep, type SweepPlan, type SweepSpec } from '../../src-core/studies/grid.js';
import type { FailedPoint, SweepChunk } from '../../src-core/studies/sweep.js';
import type { TaskRunner } from './solver-pool.js';

export interface JobServiceOptions {
  /** Minimum interval between progress/data broadcasts per job (ms). */
  progressIntervalMs?: number;
  /** Finished jobs kept for getJobResult (at most this many). */
  keepFinished?: number;
  /**
   * Bytes of results the finished jobs kept for getJobResult may hold together (their arrays and
   * failure lists); the oldest finished are released first, the newest is always kept. Default
   * {@link DEFAULT_KEEP_FINISHED_BYTES}.
   */
  keepFinishedBytes?: number;
}

/** Default byte budget of the finished jobs' results: 1 GB (a 2-D map of 1,000,000 points × 30 quantities is 240 MB). */
export const DEFAULT_KEEP_FINISHED_BYTES = 1e9;

/** Index ranges [start, end) of the full grid that a job computes. */
type Ranges = [number, number][];

/** Earlier results a job continues from (resume): full-grid arrays and the failures already known. */
export interface PriorResults {
  data: Record<string, Float64Array>;
  failed: FailedPoint[];
}

interface Job {
  snapshot: JobSnapshot;
  todo: Ranges;
  spec: SweepSpec;
  plan: SweepPlan;
  header: SweepHeader;
  data: Record<string, Float64Array>;
  failed: FailedPoint[];
  controller: AbortController;
  /** Points finished inside chunks still running (from worker progress). */
  inFlight: Map<number, number>;
  pending: SweepDataEvent[];
  timer?: NodeJS.Timeout;
  lastFlush: number;
  chunks: number;
  t0: number;
  /** The first point (by index) computed with a warning. */
  firstWarning?: FailedPoint;
  /**
   * A coarse live preview: a few chunks per worker (each costs a message round trip) of a few
   * points each, so a superseded preview drained on cancel holds a worker only briefly.
   */
  coarse: boolean;
}

/**
 * Chunks: about CHUNK_MS of work each (from the model's cost estimate), so results stream and a
 * cancel loses little; at least CHUNKS_PER_WORKER per worker for balance; at most MAX_CHUNK points.
 */
const CHUNK_MS = 250;
const CHUNKS_PER_WORKER = 16;
const MAX_CHUNK = 20_000;
const COARSE_CHUNKS_PER_WORKER = 4;

/**
 * Runs sweeps on the solver pool in chunks, keeps full-grid results, and broadcasts progress and
 * data as they arrive (debounced). Status follows queued → running → succeeded | failed | cancelled.
 */
export class JobService {
  private readonly jobs = new Map<string, Job>();
  private nextId = 1;
  private readonly interval: number;
  private readonly keep: number;
  private readonly keepBytes: number;
  /** Jobs whose results were released to stay within the budgets: id → when and how big. */
  private readonly released = new Map<string, { at: number; bytes: number }>();

  constructor(
    private readonly pool: TaskRunner,
    private readonly bus: EventBus,
    opts: JobServiceOptions = {},
  ) {
    this.interval = opts.progressIntervalMs ?? 100;
    this.keep = opts.keepFinished ?? 20;
    this.keepBytes = opts.keepFinishedBytes ?? DEFAULT_KEEP_FINISHED_BYTES;
  }

  /**
   * Validate (synchronously, so bad input is reported at once) and start a sweep. With
   * `req.range` only that slice of the grid is computed (a shard). With `prior`, the points it
   * already holds (finite values or recorded failures) are kept and only the others computed.
   */
  startSweep(req: SweepRequest, prior?: PriorResults): StartSweepResponse {
    if (typeof req !== 'object' || req === null) throw new ParameterError('request', 'a sweep request object is required');
    const model = getModel(req.model);
    if (req.coarse !== undefined && typeof req.coarse !== 'boolean') throw new ParameterError('coarse', `must be true or false, got ${JSON.stringify(req.coarse)}`);
    let spec: SweepSpec = { model: model.id, params: req.params ?? {}, axes: req.axes, ...(req.quantities !== undefined ? { quantities: req.quantities } : {}) };
    let plan = planSweep(model, spec);
    let coarse: Record<string, number | string> | undefined;
    if (req.coarse) {
      // a live preview: the model's cheaper settings over the parameters asked for (validated like them)
      coarse = {};
      for (const [k, v] of Object.entries(model.coarse?.(plan.base) ?? {})) if (v !== undefined) coarse[k] = v;
      if (Object.keys(coarse).length > 0) {
        spec = { ...spec, params: { ...spec.params, ...coarse } };
        plan = planSweep(model, spec);
      }
    }
    const range = req.range ?? { start: 0, end: plan.total };
    if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 0 || range.end > plan.total || range.start > range.end) {
      throw new ParameterError('range', `must be integers with 0 ≤ start ≤ end ≤ ${plan.total}, got [${range.start}, ${range.end})`);
    }
    const id = `job-${this.nextId++}`;
    const header: SweepHeader = {
      model: model.id,
      params: plan.base,
      axes: plan.axes.map((a) => ({ key: a.key, values: a.values })),
      shape: plan.shape,
      quantities: plan.quantities,
      range,
      ...(coarse ? { coarse } : {}),
    };
    const data: Record<string, Float64Array> = {};
    for (const q of plan.quantities) data[q.key] = new Float64Array(plan.total).fill(NaN);
    let failed: FailedPoint[] = [];
    let todo: Ranges = [[range.start, range.end]];
    if (prior) {
      for (const q of plan.quantities) {
        const src = prior.data[q.key];
        if (!src || src.length !== plan.total) throw new ParameterError(`data.${q.key}`, `the stored results do not match this study (expected ${plan.total} values)`);
        data[q.key]!.set(src);
      }
      failed = prior.failed.filter((f) => f.index >= range.start && f.index < range.end);
      todo = missingRanges(data[plan.quantities[0]!.key]!, new Set(failed.map((f) => f.index)), range.start, range.end);
    }
    const total = todo.reduce((n, [a, b]) => n + b - a, 0);
    const now = Date.now();
    const job: Job = {
      snapshot: { id, kind: 'sweep', model: model.id, status: 'queued', done: 0, total, progress: total === 0 ? 1 : 0, failedPoints: 0, startedAt: now },
      todo,
      spec,
      plan,
      header,
      data,
      failed,
      controller: new AbortController(),
      inFlight: new Map(),
      pending: [],
      lastFlush: 0,
      chunks: 0,
      t0: performance.now(),
      coarse: coarse !== undefined,
    };
    this.jobs.set(id, job);
    this.prune();
    void this.run(job);
    return { job: { ...job.snapshot }, header };
  }

  /** Continue a cancelled or failed study as a new job that computes only the points it lacks. */
  resume(jobId: string): StartSweepResponse {
    const old = this.get(jobId);
    if (!isFinal(old.snapshot.status)) throw new ParameterError('jobId', `job "${jobId}" is still ${old.snapshot.status}; cancel it first`);
    const req: SweepRequest = { model: old.spec.model, params: old.spec.params, axes: old.spec.axes, range: old.header.range };
    return this.startSweep(req, { data: old.data, failed: old.failed });
  }

  /**
   * Cancel a sweep. `drain`: chunks already running finish in their workers and are dropped (no
   * further chunk starts); otherwise they are aborted, which stops and restarts their workers.
   */
  cancel(jobId: string, drain = false): JobSnapshot {
    const job = this.get(jobId);
    if (job.snapshot.status === 'queued' || job.snapshot.status === 'running') {
      if (!drain) job.controller.abort();
      this.finish(job, 'cancelled');
    }
    return { ...job.snapshot };
  }

  result(jobId: string): SweepResult {
    const job = this.get(jobId);
    return { job: { ...job.snapshot }, header: job.header, data: job.data, failed: job.failed, diagnostics: this.diagnostics(job) };
  }

  /** What the job was asked to compute: model, parameters as given, axes, quantities. */
  request(jobId: string): SweepSpec {
    return structuredClone(this.get(jobId).spec);
  }

  snapshot(jobId: string): JobSnapshot {
    return { ...this.get(jobId).snapshot };
  }

  /** Resolves when the job has left the running state. */
  async wait(jobId: string): Promise<JobSnapshot> {
    const job = this.get(jobId);
    if (isFinal(job.snapshot.status)) return { ...job.snapshot };
    return new Promise((resolve) => {
      const off = this.bus.subscribe((name, payload) => {
        if (name === 'job.finished' && (payload as JobSnapshot).id === jobId) {
          off();
          resolve(payload as JobSnapshot);
        }
      });
    });
  }

  private get(jobId: string): Job {
    const job = typeof jobId === 'string' ? this.jobs.get(jobId) : undefined;
    if (!job) {
      const gone = typeof jobId === 'string' ? this.released.get(jobId) : undefined;
      if (gone) {
        throw new ParameterError(
          'jobId',
          `the result of job "${jobId}" (${(gone.bytes / 1e6).toFixed(1)} MB) was released to keep finished results within ${(this.keepBytes / 1e6).toFixed(0)} MB and ${this.keep} jobs; run the study again (results saved in a project or written with --out are not affected)`,
        );
      }
      throw new ParameterError('jobId', `no job "${String(jobId)}" (finished jobs are kept for the last ${this.keep} studies)`);
    }
    return job;
  }

  /** Bytes the finished jobs' results hold together. */
  finishedBytes(): number {
    let n = 0;
    for (const j of this.jobs.values()) if (isFinal(j.snapshot.status)) n += resultBytes(j);
    return n;
  }

  private async run(job: Job): Promise<void> {
    const total = job.snapshot.total;
    const byCost = Math.floor(CHUNK_MS / Math.max(1e-6, job.plan.model.pointCostMs(job.plan.base)));
    const perWorker = job.coarse ? COARSE_CHUNKS_PER_WORKER : CHUNKS_PER_WORKER;
    const size = Math.max(1, Math.min(MAX_CHUNK, byCost, Math.ceil(total / (this.pool.workers * perWorker))));
    // chunks, in grid order, over the ranges still to compute; the last two per worker are cut in
    // four, so the workers finish together (a whole chunk left to one worker idles the other)
    const chunks: [number, number][] = [];
    for (const [a, b] of job.todo) for (let s = a; s < b; s += size) chunks.push([s, Math.min(b, s + size)]);
    const tail = chunks.splice(Math.max(0, chunks.length - 2 * this.pool.workers));
    const part = Math.max(1, Math.ceil(size / 4));
    for (const [a, b] of tail) for (let s = a; s < b; s += part) chunks.push([s, Math.min(b, s + part)]);
    let next = 0;
    job.snapshot.status = 'running';
    const worker = async (): Promise<void> => {
      while (next < chunks.length && !job.controller.signal.aborted && !isFinal(job.snapshot.status)) {
        const [start, end] = chunks[next++]!;
        await this.runChunk(job, start, end);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.pool.workers, chunks.length) }, worker));
      if (!isFinal(job.snapshot.status)) this.finish(job, 'succeeded');
    } catch (err) {
      if (!isFinal(job.snapshot.status)) {
        job.snapshot.error = toErrorPayload(err);
        job.controller.abort();
        this.finish(job, 'failed');
      }
    }
  }

  private async runChunk(job: Job, start: number, end: number): Promise<void> {
    const signal = job.controller.signal;
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.pool.run(
          { kind: 'sweep-chunk', spec: job.spec, start, end },
          {
            signal,
            onProgress: (d) => {
              job.inFlight.set(start, d);
              this.schedule(job);
            },
          },
        );
        if (r.kind !== 'sweep-chunk') throw new Error('internal: the worker answered a sweep chunk with another kind of result');
        job.inFlight.delete(start);
        if (isFinal(job.snapshot.status)) return;
        this.accept(job, r.chunk);
        return;
      } catch (err) {
        job.inFlight.delete(start);
        if (signal.aborted || isFinal(job.snapshot.status)) return;
        const e = err instanceof NrlabError ? err : undefined;
        // bad input fails the whole study; a crashed worker gets one retry, then its points are marked failed
        if (e?.code === 'bad-input' || e?.code === 'cancelled') throw err;
        if (attempt >= 1) {
          const reason = `worker failed twice on this chunk: ${err instanceof Error ? err.message : String(err)}`;
          const failed: FailedPoint[] = [];
          for (let i = start; i < end; i++) failed.push({ index: i, reason });
          this.accept(job, { start, end, data: {}, failed });
          return;
        }
      }
    }
  }

  private accept(job: Job, chunk: SweepChunk): void {
    for (const [key, arr] of Object.entries(chunk.data)) job.data[key]?.set(arr, chunk.start);
    job.failed.push(...chunk.failed);
    job.chunks++;
    job.snapshot.done += chunk.end - chunk.start;
    job.snapshot.failedPoints += chunk.failed.length;
    if (chunk.warned) {
      job.snapshot.warnedPoints = (job.snapshot.warnedPoints ?? 0) + chunk.warned.count;
      if (!job.firstWarning || chunk.warned.first.index < job.firstWarning.index) job.firstWarning = chunk.warned.first;
    }
    job.pending.push({ jobId: job.snapshot.id, start: chunk.start, end: chunk.end, data: chunk.data, failed: chunk.failed });
    this.schedule(job);
  }

  private updateProgress(job: Job): void {
    const s = job.snapshot;
    let partial = 0;
    for (const d of job.inFlight.values()) partial += d;
    const done = Math.min(s.total, s.done + partial);
    s.progress = s.total === 0 ? 1 : done / s.total;
    const elapsed = performance.now() - job.t0;
    // an ETA from the first few hundred ms (worker start-up, JIT warm-up) would mislead
    if (s.status === 'running' && done > 0 && elapsed > 500) s.etaMs = Math.round((elapsed / done) * (s.total - done));
  }

  /** Debounced broadcast: at most one progress event per interval per job, with the data that arrived. */
  private schedule(job: Job): void {
    if (job.timer || isFinal(job.snapshot.status)) return;
    const wait = Math.max(0, this.interval - (Date.now() - job.lastFlush));
    job.timer = setTimeout(() => {
      job.timer = undefined;
      this.flush(job);
    }, wait);
  }

  private flush(job: Job): void {
    if (job.timer) {
      clearTimeout(job.timer);
      job.timer = undefined;
    }
    job.lastFlush = Date.now();
    const pending = job.pending;
    job.pending = [];
    for (const ev of pending) this.bus.emit('job.data', ev);
    this.updateProgress(job);
    this.bus.emit('job.progress', { ...job.snapshot });
  }

  private finish(job: Job, status: 'succeeded' | 'failed' | 'cancelled'): void {
    job.snapshot.status = status;
    job.snapshot.finishedAt = Date.now();
    job.inFlight.clear();
    delete job.snapshot.etaMs;
    this.flush(job);
    this.bus.emit('job.finished', { ...job.snapshot });
    this.prune();
  }

  private diagnostics(job: Job): SweepDiagnostics {
    const end = job.snapshot.finishedAt ?? Date.now();
    return {
      solver: String(job.plan.base.solver ?? ''),
      points: job.plan.total,
      computed: job.snapshot.done - job.snapshot.failedPoints,
      failed: job.snapshot.failedPoints,
      workers: this.pool.workers,
      chunks: job.chunks,
      wallMs: end - job.snapshot.startedAt,
      ...(job.snapshot.warnedPoints ? { warned: job.snapshot.warnedPoints, ...(job.firstWarning ? { firstWarning: job.firstWarning } : {}) } : {}),
    };
  }

  /** Release the oldest finished jobs beyond the count or byte budget; the newest finished is always kept. */
  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => isFinal(j.snapshot.status)).sort((a, b) => (a.snapshot.finishedAt ?? 0) - (b.snapshot.finishedAt ?? 0));
    let bytes = finished.reduce((n, j) => n + resultBytes(j), 0);
    let count = finished.length;
    for (const j of finished) {
      if (count <= 1 || (count <= this.keep && bytes <= this.keepBytes)) break;
      const b = resultBytes(j);
      this.jobs.delete(j.snapshot.id);
      this.released.set(j.snapshot.id, { at: Date.now(), bytes: b });
      bytes -= b;
      count--;
    }
    // remember only the recent releases (ids are never reused)
    while (this.released.size > 1000) this.released.delete(this.released.keys().next().value!);
  }
}

/** Bytes a job's result holds: its full-grid arrays and its failure list (≈ 100 bytes per failure). */
function resultBytes(job: Job): number {
  let n = 0;
  for (const a of Object.values(job.data)) n += a.byteLength;
  return n + 100 * job.failed.length;
}

/** Ranges of [start, end) whose values are NaN and that are not recorded failures. */
function missingRanges(values: Float64Array, failed: Set<number>, start: number, end: number): Ranges {
  const out: Ranges = [];
  let open = -1;
  for (let i = start; i < end; i++) {
    const missing = Number.isNaN(values[i]!) && !failed.has(i);
    if (missing && open < 0) open = i;
    if (!missing && open >= 0) {
      out.push([open, i]);
      open = -1;
    }
  }
  if (open >= 0) out.push([open, end]);
  return out;
}

function isFinal(s: JobSnapshot['status']): boolean {
  return s === 'succeeded' || s === 'failed' || s === 'cancelled';
}
