import { ParameterError } from '../errors.js';
import type { ModelDefinition } from './model.js';
import { threeCavityModel } from './three-cavity/index.js';

const MODELS: readonly ModelDefinition[] = [threeCavityModel];

export function listModels(): readonly ModelDefinition[] {
  return MODELS;
}

/** The model with this id, or a ParameterError naming the known ones. */
export function getModel(id: string): ModelDefinition {
  const m = MODELS.find((x) => x.id === id);
  if (!m) throw new ParameterError('model', `unknown model "${id}"; known models: ${MODELS.map((x) => x.id).join(', ')}`);
  return m;
}
