/**
 * Time-domain runs of any model that has them (`model.simulate`): the `nrlab simulate` command,
 * the pool's 'simulate' task and a project's simulate studies share this entry. Settings errors
 * name the setting (the CLI shows them as --flag).
 */
import type { SimulateRequest, SimulationOutput, TraceKind } from '../models/model.js';
import { getModel, traceRunOf } from '../models/registry.js';

export { simulationOf } from '../models/registry.js';

export type { SimulateRequest, SimulateSettingsInput, SimulationOutput, SimulationTrace } from '../models/model.js';

/** Whether a model has time-domain runs. */
export function canSimulate(model: string): boolean {
  return getModel(model).simulate !== undefined;
}

/** One run of a model's time-domain simulation, or of one of its quantum dynamics (`kind`). */
export function runSimulation(model: string, req: SimulateRequest<object>, kind: TraceKind = 'simulate'): SimulationOutput {
  return traceRunOf(model, kind).run(req);
}
