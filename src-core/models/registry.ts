/**
 * The model registry: the one place that lists the model packages. Every consumer finds a model
 * here by id and asks it what it needs (schema, solver, quantity catalogue, report, cost, script,
 * time-domain runs); none branches on a model id.
 */
import { ParameterError, shown } from '../errors.js';
import { TRACE_KINDS, type ModelDefinition, type ModelInfo, type ModelSimulation, type QuantitySpec, type TraceKind, type TraceRunInfo } from './model.js';
import { resolveParams, type ParamInput, type ParamSchema, type ParamValues } from './params.js';
import { threeCavityModel } from './three-cavity/index.js';
import { twoResonatorModel } from './two-resonator/index.js';
import { networkModel } from './network/index.js';
import { tcmtNetworkModel } from './tcmt-network/index.js';

export type { ModelInfo } from './model.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each package types its own output
type AnyModel = ModelDefinition<any>;

/** The built-in packages, in display order (the first is the default model). */
const BUILT_IN: readonly AnyModel[] = [threeCavityModel, twoResonatorModel, networkModel, tcmtNetworkModel];
const MODELS: AnyModel[] = [...BUILT_IN];

export function listModels(): readonly ModelDefinition[] {
  return MODELS;
}

/** The model a new scratch view or study starts with: the first one registered. */
export function defaultModel(): ModelDefinition {
  return MODELS[0]!;
}

/** The model with this id, or undefined. */
export function findModel(id: string): ModelDefinition | undefined {
  return MODELS.find((x) => x.id === id);
}

/** The model with this id, or a ParameterError naming the known ones. */
export function getModel(id: string): ModelDefinition {
  if (typeof id !== 'string') throw new ParameterError('model', `must be a model id, got ${shown(id)}; known models: ${MODELS.map((x) => x.id).join(', ')}`);
  const m = MODELS.find((x) => x.id === id);
  if (!m) throw new ParameterError('model', `unknown model ${shown(id)}; known models: ${MODELS.map((x) => x.id).join(', ')}`);
  return m;
}

/** The time-domain side of a model, or a ParameterError naming the models that have one. */
export function simulationOf(model: ModelDefinition | string): ModelSimulation {
  const m = typeof model === 'string' ? getModel(model) : model;
  if (m.simulate) return m.simulate;
  throw new ParameterError('model', `the ${m.id} model has no time-domain runs; models with them: ${simulatingModels().join(', ') || 'none'}`);
}

/** The kinds of trace study a model has ('simulate', 'correlation', 'spectrum', 'pulse'), in that order. */
export function traceKindsOf(model: ModelDefinition): TraceKind[] {
  return TRACE_KINDS.filter((k) => (k === 'simulate' ? model.simulate : model.dynamics?.[k]) !== undefined);
}

/** A model's run of one trace kind, or a ParameterError naming the models that have one. */
export function traceRunOf(model: ModelDefinition | string, kind: TraceKind): ModelSimulation {
  const m = typeof model === 'string' ? getModel(model) : model;
  const run = kind === 'simulate' ? m.simulate : m.dynamics?.[kind];
  if (run) return run;
  const having = MODELS.filter((x) => traceKindsOf(x).includes(kind)).map((x) => x.id);
  const what = kind === 'simulate' ? 'time-domain runs' : `${kind} runs`;
  throw new ParameterError('model', `the ${m.id} model has no ${what}; models with them: ${having.join(', ') || 'none'}`);
}

/** The independent axis of a trace run (time when the run does not name one). */
export function traceAxisOf(run: ModelSimulation): QuantitySpec {
  return run.axis ?? { key: 't', symbol: 't', label: 'Time', unit: 's' };
}

function traceRunInfo(run: ModelSimulation): TraceRunInfo {
  return { axis: traceAxisOf(run), traceFields: run.traceFields, traceNames: run.traceNames, ...(run.settings ? { settings: run.settings } : {}) };
}

/** Ids of the models with time-domain runs. */
export function simulatingModels(): string[] {
  return MODELS.filter((x) => x.simulate).map((x) => x.id);
}

/**
 * Add a model package at run time (tests, plug-ins). Its id must be new. Solver-pool workers run
 * in their own threads with their own registry: a model registered here is seen by in-process
 * consumers only (see docs/models.md).
 */
export function registerModel(model: AnyModel): void {
  if (typeof model?.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(model.id)) throw new ParameterError('model.id', `must be a lower-case id (letters, digits, -), got ${shown(model?.id)}`);
  if (MODELS.some((x) => x.id === model.id)) throw new ParameterError('model.id', `a model "${model.id}" is already registered`);
  MODELS.push(model);
}

/** Remove a model added by {@link registerModel} (built-in models stay); true when it was registered. */
export function unregisterModel(id: string): boolean {
  if (BUILT_IN.some((x) => x.id === id)) throw new ParameterError('model', `"${id}" is a built-in model and cannot be removed`);
  const k = MODELS.findIndex((x) => x.id === id);
  if (k < 0) return false;
  MODELS.splice(k, 1);
  return true;
}

/**
 * The parameters of a model for these values: its schema, or — for a model whose parameters depend
 * on a structural one (the network model) — the schema of that structure.
 */
export function schemaOf(model: ModelDefinition, input: ParamInput = {}): ParamSchema {
  return model.schemaFor ? model.schemaFor(input) : model.schema;
}

/**
 * The schema of a stored model and parameters (an export of a stored result): {@link schemaOf}, or
 * the model's default schema when the stored structure no longer parses; undefined for an unknown model.
 */
export function storedSchema(modelId: string, params: ParamInput): ParamSchema | undefined {
  const model = findModel(modelId);
  if (!model) return undefined;
  try {
    return schemaOf(model, params);
  } catch {
    return model.schema;
  }
}

/**
 * The fields of a run's traces at these parameters (`traceFieldsFor`, for a run whose fields depend
 * on the structure, e.g. a network's ports), else its `traceFields`; parameters that do not
 * resolve give `traceFields` too.
 */
export function traceFieldsAt(model: ModelDefinition, run: ModelSimulation, input: ParamInput): QuantitySpec[] {
  if (!run.traceFieldsFor) return run.traceFields;
  try {
    return run.traceFieldsFor(resolveModelParams(model, input));
  } catch {
    return run.traceFields;
  }
}

/** Resolve parameter input against {@link schemaOf}: defaults filled, aliases expanded, values checked. */
export function resolveModelParams(model: ModelDefinition, input: ParamInput = {}): ParamValues {
  return resolveParams(schemaOf(model, input), input);
}

/** The serialisable description of a model that clients receive (schema and default quantities). */
export function describeModel(m: ModelDefinition): ModelInfo {
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    reference: m.reference,
    schema: m.schema,
    quantities: m.quantities(resolveParams(m.schema, {})),
    ...(m.presets?.length ? { presets: m.presets } : {}),
    ...(m.simulate ? { simulate: true } : {}),
    ...(m.dynamics && traceKindsOf(m).some((k) => k !== 'simulate') ? { dynamics: traceKindsOf(m).filter((k) => k !== 'simulate') } : {}),
    ...(traceKindsOf(m).length ? { runs: Object.fromEntries(traceKindsOf(m).map((k) => [k, traceRunInfo(traceRunOf(m, k))])) } : {}),
    ...(m.scriptRequirements ? { scriptRequirements: m.scriptRequirements } : {}),
    ...(m.continuation ? { continuation: { parameters: [...m.continuation.parameters], sweep: m.continuation.sweep !== undefined } } : {}),
  };
}
