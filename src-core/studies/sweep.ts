import { NrlabError } from '../errors.js';
import { checkNumber, expandKey, findParam, type NumberParamSpec } from '../models/params.js';
import type { SweepPlan } from './grid.js';
import { unravelIndex } from './grid-index.js';

export interface FailedPoint {
  index: number;
  reason: string;
}

/**
 * Results for points [start, end) of a plan: one Float64Array per quantity (NaN where failed).
 * All arrays are views of one ArrayBuffer.
 */
export interface SweepChunk {
  start: number;
  end: number;
  data: Record<string, Float64Array>;
  failed: FailedPoint[];
  /** Points computed with a warning (e.g. truncation not converged): how many, and the first. */
  warned?: { count: number; first: FailedPoint };
}

/** A sweep keeps the scalars only (SolveHooks.scalarsOnly). */
const SCALARS_ONLY = { scalarsOnly: true } as const;

/**
 * Evaluate points [start, end) of a plan (row-major, first axis slowest). A point that fails is
 * recorded with its reason and the rest go on; a bad-input error (which would fail every point)
 * is rethrown.
 *
 * @param onProgress called with the number of points done so far, at most every `progressEvery` points
 */
export function evaluateSweepRange(
  plan: SweepPlan,
  start: number,
  end: number,
  onProgress?: (done: number) => void,
  progressEvery = 256,
): SweepChunk {
  const count = end - start;
  // One buffer for all quantities, so a worker can hand it over zero-copy in a single transfer.
  const packed = new Float64Array(count * plan.quantities.length).fill(NaN);
  const data: Record<string, Float64Array> = {};
  plan.quantities.forEach((q, i) => (data[q.key] = packed.subarray(i * count, (i + 1) * count)));
  const failed: FailedPoint[] = [];
  let warned: SweepChunk['warned'];
  const solve = plan.model.createSolver();
  const values = { ...plan.base };
  // each axis key (possibly an alias) resolved once to the parameters it sets
  const targets = plan.axes.map((a) => expandKey(plan.schema, a.key).map((k) => findParam(plan.schema, k) as NumberParamSpec));
  for (let idx = start; idx < end; idx++) {
    const at = unravelIndex(plan.shape, idx);
    for (let a = 0; a < plan.axes.length; a++) {
      const v = plan.axes[a]!.values[at[a]!]!;
      for (const spec of targets[a]!) values[spec.key] = checkNumber(spec, v, plan.axes[a]!.key);
    }
    try {
      const r = solve(values, SCALARS_ONLY);
      for (const q of plan.quantities) data[q.key]![idx - start] = r.scalars[q.key] ?? NaN;
      if (r.warnings?.length) {
        if (warned) warned.count++;
        else warned = { count: 1, first: { index: idx, reason: r.warnings.join('; ') } };
      }
    } catch (err) {
      if (err instanceof NrlabError && err.code === 'bad-input') throw err;
      failed.push({ index: idx, reason: err instanceof Error ? err.message : String(err) });
    }
    if (onProgress && (idx - start + 1) % progressEvery === 0) onProgress(idx - start + 1);
  }
  onProgress?.(count);
  return { start, end, data, failed, ...(warned ? { warned } : {}) };
}
