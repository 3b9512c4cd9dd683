/**
 * Tasks the solver pool runs. Pure functions of plain data: the Piscina worker (src-main) is a
 * thin adapter that calls {@link runSolverTask} and forwards progress.
 */
import { getModel, resolveModelParams } from '../models/registry.js';
import { expandKey, type ParamInput, type ParamValues } from '../models/params.js';
import type { SolveHooks, TraceKind } from '../models/model.js';
import { ParameterError } from '../errors.js';
import { planSweep, type SweepPlan, type SweepSpec } from '../studies/grid.js';
import { evaluateSweepRange, type SweepChunk } from '../studies/sweep.js';
import { runSimulation, type SimulateRequest, type SimulationOutput } from './simulate.js';
import { runContinuationStudy, type ContinuationRunResult, type ContinuationRunSettings } from '../studies/continuation.js';

/** One point of a model: the request and the answer (the contract re-exports these). */
export interface SolveRequest {
  model: string;
  params: ParamInput;
  /** Chosen by the client to follow the solve ('solve.stage' events) and to cancel it (cancelSolve). */
  solveId?: string;
}

export interface SolveResponse {
  model: string;
  /** Every parameter as used (defaults filled in, aliases expanded). */
  params: ParamValues;
  output: Record<string, unknown>;
  scalars: Record<string, number>;
  timeMs: number;
  /** Why the numbers are not to be trusted as they stand (e.g. truncation not converged); absent when none. */
  warnings?: string[];
}

export type SolverTask =
  | { kind: 'solve'; request: SolveRequest }
  | { kind: 'sweep-chunk'; spec: SweepSpec; start: number; end: number }
  | { kind: 'simulate'; model: string; request: SimulateRequest<object>; run?: TraceKind }
  | { kind: 'continue'; model: string; params: ParamInput; settings: ContinuationRunSettings };

export type SolverTaskResult =
  | { kind: 'solve'; response: SolveResponse }
  | { kind: 'sweep-chunk'; chunk: SweepChunk }
  | { kind: 'simulate'; output: SimulationOutput }
  | { kind: 'continue'; result: ContinuationRunResult };

/** Solve one parameter point; `hooks.onStage` hears what it is trying (an automatic truncation's steps). */
export function solvePoint(req: SolveRequest, hooks?: SolveHooks): SolveResponse {
  const t0 = performance.now();
  if (typeof req !== 'object' || req === null) throw new ParameterError('request', 'a solve request object is required');
  const model = getModel(req.model);
  const input = req.params ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new ParameterError('params', 'must be an object of parameter values');
  const params = resolveModelParams(model, input);
  const r = model.createSolver()(params, hooks);
  return { model: model.id, params, output: r.output, scalars: r.scalars, timeMs: performance.now() - t0, ...(r.warnings?.length ? { warnings: r.warnings } : {}) };
}

/** Bytes held by a sweep chunk's result arrays, on top of the solves' working memory. */
const RESULT_BYTES_PER_VALUE = 8;

/**
 * Estimated peak memory of a task in a worker (bytes), and the parameter that sets it: the
 * model's per-point working memory (a chunk solves one point at a time, so the largest over the
 * axes' end values) plus a chunk's result arrays. The solver pool admits tasks against its budget by it.
 */
export function taskMemory(task: SolverTask): { bytes: number; param: string } {
  // a continuation holds its branches (≤ 2 × maxPoints points per branch of a few dozen numbers)
  if (task.kind === 'continue') return { bytes: 0, param: 'continuation' };
  if (task.kind === 'simulate') {
    if (!task.run || task.run === 'simulate') return { bytes: 0, param: 'samples' };
    // a quantum run holds a few steady-state solves' worth of dense matrices at most
    const model = getModel(task.model);
    const input = task.request.params ?? {};
    const values = resolveModelParams(model, typeof input === 'object' && !Array.isArray(input) ? input : {});
    const m = model.pointMemory?.(values);
    return m ? { bytes: 2 * m.bytes, param: m.param } : { bytes: 0, param: 'parameters' };
  }
  if (task.kind === 'solve') {
    const model = getModel(task.request.model);
    const input = task.request.params ?? {};
    const values = resolveModelParams(model, typeof input === 'object' && !Array.isArray(input) ? input : {});
    return model.pointMemory?.(values) ?? { bytes: 0, param: 'parameters' };
  }
  const plan = planFor(task.spec);
  const results = (task.end - task.start) * plan.quantities.length * RESULT_BYTES_PER_VALUE;
  const memory = plan.model.pointMemory;
  if (!memory) return { bytes: results, param: 'axes' };
  let worst = memory(plan.base);
  for (const axis of plan.axes) {
    for (const v of [axis.values[0], axis.values[axis.values.length - 1]]) {
      if (v === undefined) continue;
      const values = { ...plan.base };
      for (const k of expandKey(plan.schema, axis.key)) values[k] = v;
      const m = memory(values);
      if (m.bytes > worst.bytes) worst = m;
    }
  }
  return { bytes: worst.bytes + results, param: worst.param };
}

export function taskMemoryBytes(task: SolverTask): number {
  return taskMemory(task).bytes;
}

let cachedPlan: { key: string; plan: SweepPlan } | undefined;

/** Plans are rebuilt from their spec in each worker; the last one is cached (chunks of one study share it). */
export function planFor(spec: SweepSpec): SweepPlan {
  const key = JSON.stringify(spec);
  if (cachedPlan?.key !== key) cachedPlan = { key, plan: planSweep(getModel(spec.model), spec) };
  return cachedPlan.plan;
}

export function runSolverTask(task: SolverTask, onProgress?: (done: number) => void, onStage?: (text: string) => void): SolverTaskResult {
  switch (task.kind) {
    case 'solve':
      return { kind: 'solve', response: solvePoint(task.request, onStage ? { onStage } : undefined) };
    case 'sweep-chunk':
      return { kind: 'sweep-chunk', chunk: evaluateSweepRange(planFor(task.spec), task.start, task.end, onProgress) };
    case 'simulate':
      return { kind: 'simulate', output: runSimulation(task.model, task.request, task.run) };
    case 'continue':
      return { kind: 'continue', result: runContinuationStudy(task.model, task.params, task.settings) };
  }
}
