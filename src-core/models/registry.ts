import { ParameterError, shown } from '../errors.js';
import type { ModelInfo } from '../contract/api.js';
import type { ModelDefinition } from './model.js';
import { resolveParams } from './params.js';
import { threeCavityModel } from './three-cavity/index.js';
import { twoResonatorModel } from './two-resonator/index.js';

const MODELS: readonly ModelDefinition[] = [threeCavityModel, twoResonatorModel];

export function listModels(): readonly ModelDefinition[] {
  return MODELS;
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

/** The serialisable description of a model that clients receive (schema and default quantities). */
export function describeModel(m: ModelDefinition): ModelInfo {
  return {
    id: m.id,
    title: m.title,
    description: m.description,
    reference: m.reference,
    schema: m.schema,
    quantities: m.quantities(resolveParams(m.schema, {})),
    ...(m.timeDomain ? { simulate: true } : {}),
  };
}
