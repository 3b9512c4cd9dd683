import type { StoredStudyResult } from '../project/types';
import type { SweepDataEvent, SweepResult } from '../studies/results';
import { POINT_DONE, POINT_FAILED, POINT_PENDING } from './map-raster';

/** A quantity as a result lists it. */
export interface QuantityInfo {
  key: string;
  symbol: string;
  label: string;
  unit: string;
}

/**
 * What the figures draw for one study: its stored result, or the results so far of the job that
 * is computing it (filled in place as 'job.data' arrives; `revision` is bumped on every change).
 * Grids are row-major with the first axis slowest; NaN where a point is not computed or failed.
 */
export interface StudyData {
  studyId: string;
  source: 'stored' | 'live';
  /** The stored result's id, or the job's id. */
  key: string;
  status: 'succeeded' | 'cancelled' | 'failed' | 'running';
  axes: { key: string; values: Float64Array }[];
  shape: number[];
  data: Record<string, Float64Array>;
  quantities: QuantityInfo[];
  /** Per grid point: POINT_PENDING, POINT_DONE or POINT_FAILED. */
  state: Uint8Array;
  /** Points finished (computed or failed). */
  finished: number;
  failures: Map<number, string>;
  /** Point and trace (simulate, correlation, spectrum, pulse) studies: the stored JSON output. */
  output?: unknown;
  revision: number;
}

function gridSize(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Mark computed points: any quantity has a value there (NaN everywhere means not computed). */
function markState(data: Record<string, Float64Array>, total: number, failures: Map<number, string>): { state: Uint8Array; finished: number } {
  const state = new Uint8Array(total);
  let finished = 0;
  const arrays = Object.values(data).filter((a) => a.length === total);
  for (const a of arrays) {
    for (let i = 0; i < total; i++) {
      if (state[i] === POINT_PENDING && a[i] === a[i]) {
        state[i] = POINT_DONE;
        finished++;
      }
    }
    if (finished === total) break;
  }
  for (const index of failures.keys()) {
    if (index < 0 || index >= total) continue;
    if (state[index] === POINT_PENDING) finished++;
    state[index] = POINT_FAILED;
  }
  return { state, finished };
}

/** A stored result (from studyResult) as figure data. */
export function fromStored(r: StoredStudyResult): StudyData {
  const res = r.result;
  const shape = res.shape ?? (r.axes.length ? r.axes.map((a) => a.values.length) : []);
  const failures = new Map<number, string>((res.failed ?? []).map((f) => [f.index, f.reason]));
  const isGrid = r.axes.length > 0;
  const total = isGrid ? gridSize(shape) : 0;
  const { state, finished } = isGrid ? markState(r.data, total, failures) : { state: new Uint8Array(0), finished: res.status === 'succeeded' ? 1 : 0 };
  return {
    studyId: r.studyId,
    source: 'stored',
    key: res.id,
    status: res.status,
    axes: r.axes,
    shape,
    data: r.data,
    quantities: res.quantities ?? [],
    state,
    finished,
    failures,
    ...(res.output !== undefined ? { output: res.output } : {}),
    revision: 0,
  };
}

/** A running job's results so far (from getJobResult); later 'job.data' events go to {@link applyData}. */
export function fromJob(studyId: string, r: SweepResult): StudyData {
  const total = gridSize(r.header.shape);
  const data: Record<string, Float64Array> = {};
  for (const q of r.header.quantities) data[q.key] = r.data[q.key] ? Float64Array.from(r.data[q.key]!) : new Float64Array(total).fill(NaN);
  const failures = new Map<number, string>(r.failed.map((f) => [f.index, f.reason]));
  const { state, finished } = markState(data, total, failures);
  return {
    studyId,
    source: 'live',
    key: r.job.id,
    status: 'running',
    axes: r.header.axes.map((a) => ({ key: a.key, values: Float64Array.from(a.values) })),
    shape: [...r.header.shape],
    data,
    quantities: r.header.quantities.map((q) => ({ key: q.key, symbol: q.symbol, label: q.label, unit: q.unit })),
    state,
    finished,
    failures,
    revision: 0,
  };
}

/** Put a slice of a running job into its data (idempotent: a slice seen twice changes nothing). */
export function applyData(d: StudyData, ev: SweepDataEvent): boolean {
  const total = d.state.length;
  if (ev.jobId !== d.key || !(ev.start >= 0 && ev.end <= total && ev.start < ev.end)) return false;
  for (const [key, values] of Object.entries(ev.data)) {
    const target = d.data[key];
    if (target && ev.start + values.length <= target.length) target.set(values, ev.start);
  }
  for (let i = ev.start; i < ev.end; i++) {
    if (d.state[i] === POINT_PENDING) {
      d.state[i] = POINT_DONE;
      d.finished++;
    }
  }
  for (const f of ev.failed) {
    if (f.index < ev.start || f.index >= ev.end) continue;
    d.state[f.index] = POINT_FAILED;
    d.failures.set(f.index, f.reason);
  }
  d.revision++;
  return true;
}

/** The value at a dotted path of a JSON output ('a_to_c.P_c'), or undefined (see models/report.ts). */
export { valueAtPath } from '../models/report.js';

/** A point study's solver output: `result.output.output` (falls back to `result.output`). */
export function pointOutput(d: StudyData): unknown {
  const o = d.output as { output?: unknown } | undefined;
  return o && typeof o === 'object' && 'output' in o ? o.output : o;
}
