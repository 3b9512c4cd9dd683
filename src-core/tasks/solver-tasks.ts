/**
 * Tasks the solver pool runs. Pure functions of plain data: the Piscina worker (src-main) is a
 * thin adapter that calls {@link runSolverTask} and forwards progress.
 */
import type { SolveRequest, SolveResponse } from '../contract/api.js';
import { getModel } from '../models/registry.js';
import { resolveParams } from '../models/params.js';
import type { SolveHooks } from '../models/model.js';
import { ParameterError } from '../errors.js';
import { planSweep, type SweepPlan, type SweepSpec } from '../studies/grid.js';
import { evaluateSweepRange, type SweepChunk } from '../studies/sweep.js';
import { runSimulation, type SimulateOutput, type SimulateRequest } from './simulate.js';

export type SolverTask =
  | { kind: 'solve'; request: SolveRequest }
  | { kind: 'sweep-chunk'; spec: SweepSpec; start: number; end: number }
  | { kind: 'simulate'; request: SimulateRequest };

export type SolverTaskResult =
  | { kind: 'solve'; response: SolveResponse }
  | { kind: 'sweep-chunk'; chunk: SweepChunk }
  | { kind: 'simulate'; output: SimulateOutput };

/** Solve one parameter point; `hooks.onStage` hears what it is trying (an automatic truncation's steps). */
export function solvePoint(req: SolveRequest, hooks?: SolveHooks): SolveResponse {
  const t0 = performance.now();
  if (typeof req !== 'object' || req === null) throw new ParameterError('request', 'a solve request object is required');
  const model = getModel(req.model);
  const input = req.params ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new ParameterError('params', 'must be an object of parameter values');
  const params = resolveParams(model.schema, input);
  const r = model.createSolver()(params, hooks);
  return { model: model.id, params, output: r.output, scalars: r.scalars, timeMs: performance.now() - t0, ...(r.warnings?.length ? { warnings: r.warnings } : {}) };
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
      return { kind: 'simulate', output: runSimulation(task.request) };
  }
}
