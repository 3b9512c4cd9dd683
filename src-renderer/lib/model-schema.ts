import type { ModelInfo } from '../../src-core/models/model';
import type { ParamInput, ParamSchema } from '../../src-core/models/params';
import { findModel, resolveModelParams, schemaOf } from '../../src-core/models/registry';
import type { StructureDefinition } from '../../src-core/models/structure';

/** No model: no parameters. */
export const EMPTY_SCHEMA: ParamSchema = { params: [], aliases: [] };

/**
 * The parameters of a model for these parameter values — the one place the renderer asks. A model
 * whose parameters follow a structural one (a network's modes give "x.Delta", "x-y.J", …) answers
 * with its own `schemaFor` (src-core is bundled); when the structure does not parse, or the model
 * is not in this build, the schema the API describes (its default structure's).
 */
export function schemaFor(model: ModelInfo | undefined, params: ParamInput = {}): ParamSchema {
  if (!model) return EMPTY_SCHEMA;
  const def = findModel(model.id);
  if (!def?.schemaFor) return model.schema;
  try {
    return schemaOf(def, params);
  } catch {
    return model.schema;
  }
}

/** The editor of a model's structural parameter (tables, presets, schematic), when it has one. */
export function structureOf(modelId: string | undefined): StructureDefinition | undefined {
  return modelId ? findModel(modelId)?.structure : undefined;
}

/**
 * The model as it is for these parameter values: its schema ({@link schemaFor}) and its quantity
 * catalogue (a network's "x->y.T" for its own outputs). Functions that take a ModelInfo use it as
 * they would the default one.
 */
export function modelAt(model: ModelInfo, params: ParamInput = {}): ModelInfo {
  const def = findModel(model.id);
  if (!def?.schemaFor) return model;
  try {
    return { ...model, schema: schemaOf(def, params), quantities: def.quantities(resolveModelParams(def, params)) };
  } catch {
    return model;
  }
}
