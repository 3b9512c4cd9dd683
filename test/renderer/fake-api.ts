/**
 * An in-memory backend for component tests: the real contract layer (Dispatcher, EventBus,
 * createApi, so errors cross it exactly as over IPC / WebSocket) over hand-written handlers.
 * Sweeps are planned with src-core's real planSweep (so bad input is rejected as in the app) but
 * never computed: the test emits 'job.progress' / 'job.data' / 'job.finished' itself.
 */
import { withUnusedHandlers } from '../helpers/handlers';
import type { JobSnapshot, NrlabApi, SweepDataEvent, SweepRequest } from '../../src-core/contract/api';
import { Dispatcher, EventBus, createApi, type Handlers } from '../../src-core/contract/rpc';
import { describeModel, getModel, listModels } from '../../src-core/models/registry';
import { planSweep } from '../../src-core/studies/grid';
import type { FailedPoint } from '../../src-core/studies/sweep';

export interface FakeBackend {
  api: NrlabApi;
  bus: EventBus;
  calls: { method: string; args: unknown }[];
  sweeps: SweepRequest[];
  /** The snapshot of the last started job, as the backend sees it. */
  job(): JobSnapshot;
  progress(done: number, extra?: Partial<JobSnapshot>): void;
  /** A data event for grid indices [start, end); `failed` points are sent as NaN with their reasons. */
  data(start: number, end: number, fill: (i: number) => Record<string, number>, failed?: FailedPoint[]): void;
  finish(status: 'succeeded' | 'failed' | 'cancelled', extra?: Partial<JobSnapshot>): void;
  /** Make the next startSweep throw this (after validation). */
  failNextStart(err: Error): void;
}

export function createFakeBackend(opts: { workers?: number } = {}): FakeBackend {
  const bus = new EventBus();
  const calls: { method: string; args: unknown }[] = [];
  const sweeps: SweepRequest[] = [];
  let current: JobSnapshot | undefined;
  let nextError: Error | undefined;
  let nextId = 1;

  const handlers: Handlers = withUnusedHandlers({
    getAppInfo: () => ({ name: 'NR Lab', version: '0.0.0-test', workers: opts.workers ?? 3, transport: 'memory' }),
    listModels: () => listModels().map(describeModel),
    solvePoint: () => {
      throw new Error('not used by the renderer tests');
    },
    startSweep: (req) => {
      sweeps.push(req);
      const model = getModel(req.model);
      const plan = planSweep(model, { params: req.params, axes: req.axes });
      if (nextError) {
        const e = nextError;
        nextError = undefined;
        throw e;
      }
      current = {
        id: `job-${nextId++}`,
        kind: 'sweep',
        model: model.id,
        status: 'running',
        done: 0,
        total: plan.total,
        progress: 0,
        failedPoints: 0,
        startedAt: 1_000_000,
      };
      return {
        job: { ...current },
        header: { model: model.id, params: plan.base, axes: plan.axes.map((a) => ({ key: a.key, values: a.values })), shape: plan.shape, quantities: plan.quantities, range: { start: 0, end: plan.total } },
      };
    },
    cancelJob: ({ jobId }) => {
      if (!current || current.id !== jobId) throw new Error(`no job ${jobId}`);
      if (current.status === 'running') {
        current.status = 'cancelled';
        current.finishedAt = current.startedAt + 500;
        bus.emit('job.finished', { ...current });
      }
      return { ...current };
    },
    resumeJob: () => {
      throw new Error('not used by the renderer tests');
    },
    optimize: () => {
      throw new Error('not used by the renderer tests');
    },
    getJobResult: () => {
      throw new Error('not used by the renderer tests');
    },
  });
  const dispatcher = new Dispatcher(handlers);
  const api = createApi(
    (method, args) => {
      calls.push({ method, args });
      return dispatcher.handle(method, args);
    },
    (listener) => bus.subscribe((name, payload) => listener(name, payload)),
  );

  const job = (): JobSnapshot => {
    if (!current) throw new Error('no sweep was started');
    return current;
  };

  return {
    api,
    bus,
    calls,
    sweeps,
    job,
    progress(done, extra = {}) {
      const j = job();
      j.done = done;
      j.progress = done / j.total;
      Object.assign(j, extra);
      bus.emit('job.progress', { ...j });
    },
    data(start, end, fill, failed = []) {
      const j = job();
      const data: Record<string, Float64Array> = {};
      const bad = new Set(failed.map((f) => f.index));
      for (let i = start; i < end; i++) {
        for (const [k, v] of Object.entries(fill(i))) {
          (data[k] ??= new Float64Array(end - start))[i - start] = bad.has(i) ? NaN : v;
        }
      }
      const ev: SweepDataEvent = { jobId: j.id, start, end, data, failed };
      bus.emit('job.data', ev);
    },
    finish(status, extra = {}) {
      const j = job();
      j.status = status;
      j.finishedAt = j.startedAt + 1234;
      Object.assign(j, extra);
      bus.emit('job.finished', { ...j });
    },
    failNextStart(err) {
      nextError = err;
    },
  };
}
