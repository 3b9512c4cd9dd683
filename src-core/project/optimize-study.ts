/**
 * The 'optimize' study kind: the checks of its settings (made when a project is opened, edited
 * or saved), the parameters its fingerprint covers, and the layout of its stored result (the
 * evaluation history as arrays, so a figure can draw the convergence). Pure: no I/O.
 */
import { ParameterError, shown } from '../errors.js';
import type { ModelDefinition, QuantitySpec } from '../models/model.js';
import { expandKey, findParam, isNumericKey, resolveParams, type ParamInput, type ParamSchema, type ParamValues } from '../models/params.js';
import { resolveModelParams, schemaOf, storedSchema } from '../models/registry.js';
import { DEFAULT_MAX_EVALUATIONS } from '../studies/optimize.js';
import { MAX_EVALUATIONS, MIN_EVALUATIONS, type OptimizeSettings } from './types.js';

export { DEFAULT_MAX_EVALUATIONS };

/** Most parameters an optimize study varies. */
export const MAX_VARIED = 4;

/** Array keys of an optimize result besides `param.<key>`. */
export const HISTORY_KEYS = ['evaluation', 'value', 'best'] as const;

/** The array key of a varied parameter's values in the history. */
export const paramArrayKey = (key: string): string => `param.${key}`;

/**
 * Problems of an optimize study's settings, each with the path under the study (e.g.
 * `.optimize.vary[0].lo`) and why: the objective is a quantity of the model's catalogue, the
 * varied keys are 1–4 distinct numeric parameters, lo < hi and both within the parameter's range.
 */
export function optimizeProblems(model: ModelDefinition, params: ParamInput, settings: OptimizeSettings | undefined): { path: string; reason: string }[] {
  const out: { path: string; reason: string }[] = [];
  const add = (path: string, reason: string): void => void out.push({ path, reason });
  if (!settings) return add('.optimize', 'is required for an optimize study (objective and varied parameters)'), out;
  let base: ParamValues;
  let schema: ParamSchema;
  try {
    schema = schemaOf(model, params);
    base = resolveParams(schema, params);
  } catch {
    return out; // the parameters' own problem is reported with them
  }
  const catalogue = model.quantities(base);
  const q = settings.objective?.quantity;
  if (!catalogue.some((x) => x.key === q)) add('.optimize.objective.quantity', `${shown(q)} is not a quantity of ${model.id} here; it has ${catalogue.map((x) => x.key).join(', ')}`);
  const vary = settings.vary ?? [];
  if (vary.length < 1 || vary.length > MAX_VARIED) add('.optimize.vary', `varies 1 to ${MAX_VARIED} parameters, got ${vary.length}`);
  const seen = new Map<string, string>();
  vary.forEach((v, i) => {
    const at = `.optimize.vary[${i}]`;
    let keys: string[];
    try {
      keys = expandKey(schema, v.key);
    } catch {
      return add(`${at}.key`, `${shown(v.key)} is not a parameter of ${model.id}`);
    }
    if (!isNumericKey(schema, v.key)) return add(`${at}.key`, `"${v.key}" is not a numeric parameter of ${model.id}`);
    for (const k of keys) {
      const other = seen.get(k);
      if (other !== undefined) return add(`${at}.key`, `"${v.key}" sets ${k}, which "${other}" already varies`);
    }
    for (const k of keys) seen.set(k, v.key);
    if (!(Number.isFinite(v.lo) && Number.isFinite(v.hi))) return add(at, `needs finite bounds, got ${v.lo}:${v.hi}`);
    if (!(v.lo < v.hi)) return add(`${at}.hi`, `must be greater than lo (${v.lo}), got ${v.hi}`);
    for (const end of ['lo', 'hi'] as const) {
      try {
        resolveParams(schema, { ...params, [v.key]: v[end] });
      } catch (e) {
        if (e instanceof ParameterError) add(`${at}.${end}`, `${v[end]} is outside the range of ${v.key}: ${e.reason ?? e.message}`);
        else throw e;
      }
    }
  });
  const n = settings.maxEvaluations;
  if (n !== undefined && !(Number.isInteger(n) && n >= MIN_EVALUATIONS && n <= MAX_EVALUATIONS)) add('.optimize.maxEvaluations', `must be a whole number from ${MIN_EVALUATIONS} to ${MAX_EVALUATIONS}, got ${shown(n)}`);
  return out;
}

/**
 * The parameters an optimize run depends on: the study's, with each varied parameter pinned to
 * its lower bound (its own value is never used: the search starts at the centre of the bounds).
 */
export function optimizeBaseParams(model: ModelDefinition, params: ParamInput, settings: OptimizeSettings): ParamValues {
  const pinned: ParamInput = { ...params };
  for (const v of settings.vary) pinned[v.key] = v.lo;
  return resolveModelParams(model, pinned);
}

/** Quantity descriptions of the history arrays (for the stored result's `quantities` and exports). */
export function historyQuantities(model: ModelDefinition, base: ParamValues, settings: OptimizeSettings): QuantitySpec[] {
  const schema = schemaOf(model, base);
  const q = model.quantities(base).find((x) => x.key === settings.objective.quantity);
  const sym = q?.symbol ?? settings.objective.quantity;
  const unit = q?.unit ?? '';
  const out: QuantitySpec[] = [
    { key: 'evaluation', symbol: 'n', label: 'Evaluation number (in the order they finished)', unit: '' },
    { key: 'value', symbol: sym, label: `${q?.label ?? settings.objective.quantity} at this evaluation`, unit },
    { key: 'best', symbol: sym, label: `Best ${q?.label ?? settings.objective.quantity} so far (${settings.objective.goal === 'maximize' ? 'largest' : 'smallest'})`, unit },
  ];
  for (const v of settings.vary) {
    const spec = findParam(schema, expandKey(schema, v.key)[0]!);
    const alias = schema.aliases.find((a) => a.key === v.key);
    out.push({
      key: paramArrayKey(v.key),
      symbol: spec && !alias ? spec.symbol : v.key,
      label: alias ? alias.description : spec ? spec.label : v.key,
      unit: spec?.kind === 'number' ? (spec.unit ?? '') : '',
    });
  }
  return out;
}

/** The history as arrays: evaluation number, value, best so far, and each varied parameter. */
export function historyArrays(history: { x: number[]; value: number }[], settings: OptimizeSettings): Record<string, Float64Array> {
  const n = history.length;
  const out: Record<string, Float64Array> = { evaluation: new Float64Array(n), value: new Float64Array(n), best: new Float64Array(n) };
  settings.vary.forEach((v) => (out[paramArrayKey(v.key)] = new Float64Array(n)));
  const better = settings.objective.goal === 'maximize' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  let best = NaN;
  history.forEach((h, i) => {
    out.evaluation![i] = i + 1;
    out.value![i] = h.value;
    if (Number.isNaN(best) || better(h.value, best)) best = h.value;
    out.best![i] = best;
    settings.vary.forEach((v, k) => (out[paramArrayKey(v.key)]![i] = h.x[k]!));
  });
  return out;
}

/**
 * Why `key` cannot be an array of an optimize result of `model`, or undefined when it can: the
 * history's keys, or `param.<numeric parameter>` (any such parameter: the study's varied ones
 * may have been edited since the run, which makes the result stale, not unreadable).
 */
export function optimizeArrayKeyProblem(model: ModelDefinition, key: string, params: ParamInput = {}): string | undefined {
  if ((HISTORY_KEYS as readonly string[]).includes(key)) return undefined;
  if (key.startsWith('param.')) {
    const k = key.slice(6);
    try {
      if (isNumericKey(storedSchema(model.id, params) ?? model.schema, k)) return undefined;
    } catch {
      // not a parameter
    }
  }
  return `"${key}" is not an array of an optimize result (${HISTORY_KEYS.join(', ')}, or param.<numeric parameter of ${model.id}>)`;
}
