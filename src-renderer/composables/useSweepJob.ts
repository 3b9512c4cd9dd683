import { computed, ref, shallowRef } from 'vue';
import type { JobSnapshot, JobStatus, NrlabApi, SweepDataEvent, SweepRequest } from '../../src-core/contract/api';
import type { QuantitySpec } from '../../src-core/models/model';
import { POINT_DONE, POINT_FAILED, POINT_PENDING } from '../../src-core/figures/map-raster';
import { isFinal, statusText } from '../lib/status';

/**
 * Full-grid arrays of the current sweep, filled in place as data arrives. For a 1-D sweep a
 * point not yet computed is NaN. For a map (two axes) the arrays start zeroed instead — filling
 * three 1001 × 1001 arrays with NaN would hold the main thread for ~12 ms when the map starts —
 * so there `state` alone tells which points hold values.
 */
export interface SweepData {
  jobId: string;
  /** The first axis (the x of a 1-D sweep). */
  axisKey: string;
  x: Float64Array;
  /** Every axis, first axis slowest (row-major); one for a sweep, two for a map. */
  axes: { key: string; values: Float64Array }[];
  shape: number[];
  data: Record<string, Float64Array>;
  quantities: QuantitySpec[];
  /** Per grid point: POINT_PENDING, POINT_DONE or POINT_FAILED (lib/map-raster). */
  state: Uint8Array;
  /** Points finished so far, computed or failed (updated in place). */
  finished: number;
  failedCount: number;
  /** Why each failed point failed. */
  failures: Map<number, string>;
  /** Every slice [start, end) in the order it arrived, so views can draw only what is new. */
  slices: [number, number][];
}

type EarlyEvent = { kind: 'snapshot'; s: JobSnapshot } | { kind: 'data'; ev: SweepDataEvent };

/**
 * One sweep at a time: start it, fill its arrays from 'job.data', follow 'job.progress' /
 * 'job.finished', cancel it. Events that arrive before startSweep answers are replayed.
 */
export function useSweepJob(api: NrlabApi) {
  const snapshot = ref<JobSnapshot | null>(null);
  const starting = ref(false);
  const cancelling = ref(false);
  const sweep = shallowRef<SweepData | null>(null);
  /** Bumped whenever the arrays in `sweep` change (new sweep or new data). */
  const revision = ref(0);
  let cancelRequested = false;
  let early: EarlyEvent[] = [];

  const offs = [
    api.on('job.progress', (s) => onSnapshot(s)),
    api.on('job.finished', (s) => onSnapshot(s)),
    api.on('job.data', (ev) => onData(ev)),
  ];

  function onSnapshot(s: JobSnapshot): void {
    if (starting.value) {
      early.push({ kind: 'snapshot', s });
      return;
    }
    const cur = snapshot.value;
    if (!cur || s.id !== cur.id || isFinal(cur.status)) return;
    snapshot.value = s;
  }

  function onData(ev: SweepDataEvent): void {
    if (starting.value) {
      early.push({ kind: 'data', ev });
      return;
    }
    const sw = sweep.value;
    if (!sw || ev.jobId !== sw.jobId) return;
    const total = sw.state.length;
    if (!(ev.start >= 0 && ev.end <= total && ev.start < ev.end)) return;
    for (const [key, values] of Object.entries(ev.data)) {
      const target = sw.data[key];
      if (!target || ev.start + values.length > target.length) continue;
      target.set(values, ev.start);
    }
    const state = sw.state;
    let fresh = 0;
    for (let i = ev.start; i < ev.end; i++) {
      if (state[i] === POINT_PENDING) {
        state[i] = POINT_DONE;
        fresh++;
      }
    }
    sw.finished += fresh;
    for (const f of ev.failed) {
      if (!(f.index >= ev.start && f.index < ev.end)) continue;
      if (state[f.index] !== POINT_FAILED) sw.failedCount++;
      state[f.index] = POINT_FAILED;
      sw.failures.set(f.index, f.reason);
    }
    sw.slices.push([ev.start, ev.end]);
    revision.value++;
  }

  const busy = computed(() => starting.value || (snapshot.value !== null && !isFinal(snapshot.value.status)));
  const status = computed<JobStatus | 'idle'>(() => (starting.value ? 'queued' : (snapshot.value?.status ?? 'idle')));
  const message = computed(() => (starting.value ? 'Starting…' : snapshot.value ? statusText(snapshot.value) : ''));

  /** Start a sweep; rejects with the backend's error (bad input) without changing the shown results. */
  async function start(req: SweepRequest): Promise<void> {
    if (busy.value) return;
    starting.value = true;
    cancelRequested = false;
    early = [];
    let res;
    try {
      res = await api.startSweep(req);
    } catch (err) {
      early = [];
      throw err;
    } finally {
      starting.value = false;
    }
    const { job, header } = res;
    const total = header.shape.reduce((a, b) => a * b, 1);
    const axis = header.axes[0];
    const data: Record<string, Float64Array> = {};
    const isMap = header.axes.length === 2;
    for (const q of header.quantities) data[q.key] = isMap ? new Float64Array(total) : new Float64Array(total).fill(NaN);
    sweep.value = {
      jobId: job.id,
      axisKey: axis?.key ?? '',
      x: axis ? Float64Array.from(axis.values) : new Float64Array(total),
      axes: header.axes.map((a) => ({ key: a.key, values: Float64Array.from(a.values) })),
      shape: [...header.shape],
      data,
      quantities: header.quantities,
      state: new Uint8Array(total),
      finished: 0,
      failedCount: 0,
      failures: new Map(),
      slices: [],
    };
    snapshot.value = job;
    revision.value++;
    await replayEarly();
  }

  /** A cancelled sweep whose arrays are shown can continue (resumeJob) from the points it has. */
  const resumable = computed(() => {
    const s = snapshot.value;
    return !busy.value && s?.status === 'cancelled' && sweep.value?.jobId === s.id;
  });

  /**
   * Continue the cancelled sweep: a new job computes only the points it lacks; its data lands in
   * the same arrays (full-grid indices), so the plot keeps what was computed and fills the rest.
   * Rejects with the backend's error (e.g. the job is no longer kept).
   */
  async function resume(): Promise<void> {
    const s = snapshot.value;
    const sw = sweep.value;
    if (!resumable.value || !s || !sw) return;
    starting.value = true;
    cancelRequested = false;
    early = [];
    let res;
    try {
      res = await api.resumeJob({ jobId: s.id });
    } catch (err) {
      early = [];
      throw err;
    } finally {
      starting.value = false;
    }
    sweep.value = { ...sw, jobId: res.job.id };
    snapshot.value = res.job;
    revision.value++;
    await replayEarly();
  }

  /** Events that arrived while the start/resume call was in flight, applied now; then a cancel asked for meanwhile. */
  async function replayEarly(): Promise<void> {
    const replay = early;
    early = [];
    for (const e of replay) {
      if (e.kind === 'data') onData(e.ev);
      else onSnapshot(e.s);
    }
    if (cancelRequested) await cancel();
  }

  async function cancel(): Promise<void> {
    if (starting.value) {
      cancelRequested = true;
      return;
    }
    const s = snapshot.value;
    if (!s || isFinal(s.status) || cancelling.value) return;
    cancelling.value = true;
    try {
      onSnapshot(await api.cancelJob({ jobId: s.id }));
    } finally {
      cancelling.value = false;
    }
  }

  /** The backend went away: a job in progress can no longer finish. */
  function connectionLost(): void {
    const s = snapshot.value;
    if (s && !isFinal(s.status)) {
      snapshot.value = { ...s, status: 'failed', error: { name: 'NrlabError', code: 'internal', message: 'the connection to the NR Lab backend was lost' } };
    }
  }

  function dispose(): void {
    for (const off of offs) off();
  }

  return { snapshot, sweep, revision, busy, status, message, starting, cancelling, start, cancel, resumable, resume, connectionLost, dispose };
}

export type SweepJob = ReturnType<typeof useSweepJob>;
