/**
 * Tasks the solver pool runs. Pure functions of plain data: the Piscina worker (src-main) is a
 * thin adapter that calls {@link runSolverTask} and forwards progress.
 */
import type { SolveRequest, SolveResponse } from '../contract/api.js';
import { getModel } from '../models/registry.js';
import { resolveParams } from '../models/params.js';
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

/** Solve one parameter point. */
export function solvePoint(req: SolveRequest): SolveResponse {
  const t0 = performance.now();
  const model = getModel(req.model);
  const params = resolveParams(model.schema, req.params ?? {});
  const r = model.createSolver()(params);
  return { model: model.id, params, output: r.output, scalars: r.scalars, timeMs: performance.now() - t0 };
}

let cachedPlan: { key: string; plan: SweepPlan } | undefined;

/** Plans are rebuilt from their spec in each worker; the last one is cached (chunks of one study share it). */
export function planFor(spec: SweepSpec): SweepPlan {
  const key = JSON.stringify(spec);
  if (cachedPlan?.key !== key) cachedPlan = { key, plan: planSweep(getModel(spec.model), spec) };
  return cachedPlan.plan;
}

export function runSolverTask(task: SolverTask, onProgress?: (done: number) => void): SolverTaskResult {
  switch (task.kind) {
    case 'solve':
      return { kind: 'solve', response: solvePoint(task.request) };
    case 'sweep-chunk':
      return { kind: 'sweep-chunk', chunk: evaluateSweepRange(planFor(task.spec), task.start, task.end, onProgress) };
    case 'simulate':
      return { kind: 'simulate', output: runSimulation(task.request) };
  }
}
