/**
 * What a running or finished sweep reports: the job's state, the grid's header, data slices as
 * they arrive, and the whole result. Declared here (below the contract, which re-exports them) so
 * that studies, figures and tasks can use them without importing the contract.
 */
import type { ErrorPayload } from '../errors.js';
import type { QuantitySpec } from '../models/model.js';
import type { ParamValues } from '../models/params.js';
import type { FailedPoint } from './sweep.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Serialisable state of one background job. */
export interface JobSnapshot {
  id: string;
  /**
   * optimize: a running optimize study of a project (done/total count evaluations against the
   * limit); run: a single run of a project study (point, simulate, correlation, spectrum, pulse:
   * one pool task, done/total 0/1), as cancelJob answers for one.
   */
  kind: 'sweep' | 'optimize' | 'run';
  model: string;
  status: JobStatus;
  /** Points finished (succeeded or failed). */
  done: number;
  total: number;
  /** done / total in [0, 1]. */
  progress: number;
  failedPoints: number;
  /** Points computed with a warning (e.g. truncation not converged: their numbers are flagged). */
  warnedPoints?: number;
  startedAt: number;
  finishedAt?: number;
  /** Estimated milliseconds to completion while running. */
  etaMs?: number;
  error?: ErrorPayload;
}

/** Everything a client needs to lay out a sweep's results before data arrives. */
export interface SweepHeader {
  model: string;
  params: ParamValues;
  axes: { key: string; values: Float64Array }[];
  shape: number[];
  quantities: QuantitySpec[];
  /** The slice of the grid this study computes (the whole grid unless sharded). */
  range: { start: number; end: number };
  /**
   * Present when the sweep is a coarse preview (SweepRequest.coarse): the parameter overrides the
   * model applied ({} when it has none: the same solver, only the points asked for). Approximate.
   */
  coarse?: Record<string, number | string>;
}

/** A finished slice [start, end) of a sweep (row-major indices); NaN where a point failed. */
export interface SweepDataEvent {
  jobId: string;
  start: number;
  end: number;
  data: Record<string, Float64Array>;
  failed: FailedPoint[];
}

export interface SweepDiagnostics {
  solver: string;
  points: number;
  computed: number;
  failed: number;
  workers: number;
  chunks: number;
  wallMs: number;
  /** Points computed with a warning (truncation not converged), and the first such point's warning. */
  warned?: number;
  firstWarning?: { index: number; reason: string };
}

/** A sweep's results so far (complete when the job succeeded). */
export interface SweepResult {
  job: JobSnapshot;
  header: SweepHeader;
  /** Full-grid arrays; NaN where a point failed or has not run. */
  data: Record<string, Float64Array>;
  failed: FailedPoint[];
  diagnostics: SweepDiagnostics;
}
