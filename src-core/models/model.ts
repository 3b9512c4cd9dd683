import type { ParamSchema, ParamValues } from './params.js';

/** One scalar output of a model, e.g. `a_to_c.T`. */
export interface QuantitySpec {
  key: string;
  /** Symbol in paper notation (Unicode, with _ and ^ for sub/superscripts), e.g. 'T_{a→c}'. */
  symbol: string;
  label: string;
  /** Unit ('' for dimensionless). */
  unit: string;
}

/** What one parameter point yields: nested output for JSON, flat scalars for sweeps and plots. */
export interface PointResult {
  output: Record<string, unknown>;
  scalars: Record<string, number>;
  /**
   * Why the numbers are not to be trusted as they stand (e.g. a truncation that is not
   * converged); absent or empty when there is nothing to warn about.
   */
  warnings?: string[];
}

/** Optional callbacks of one point's solve. */
export interface SolveHooks {
  /** What the solver is trying now (e.g. "K = 7 (dimension 120)" of an automatic truncation). */
  onStage?: (text: string) => void;
}

/** Evaluates points of one model; may hold scratch buffers reused across calls. */
export type PointSolver = (values: ParamValues, hooks?: SolveHooks) => PointResult;

export interface ModelDefinition {
  id: string;
  title: string;
  description: string;
  reference: string;
  schema: ParamSchema;
  /** Scalars the model yields for the given (resolved) parameters, in display order. */
  quantities(values: ParamValues): QuantitySpec[];
  /** A solver for repeated evaluations (holds its own workspaces). */
  createSolver(): PointSolver;
  /** The model has a time-domain simulation (study kind 'simulate', tasks/simulate.ts). */
  timeDomain?: boolean;
  /** Rough cost of one point in milliseconds on one core, for chunking studies and estimates. */
  pointCostMs(values: ParamValues): number;
  /**
   * Peak working memory of one point's solve (bytes), for the solver pool's memory budget, and the
   * parameter that sets it (named when a task does not fit). Absent: negligible.
   */
  pointMemory?(values: ParamValues): { bytes: number; param: string };
}
