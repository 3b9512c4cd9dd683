import { ParameterError, shown } from '../errors.js';
import type { ModelDefinition, QuantitySpec } from '../models/model.js';
import { expandKey, findParam, isNumericKey, resolveParams, checkNumber, type ParamInput, type ParamSchema, type ParamValues } from '../models/params.js';
import { schemaOf } from '../models/registry.js';
import { parseNumber } from '../models/expression.js';

/** One axis of a study: `count` points from `start` to `stop` inclusive, linearly (default) or logarithmically spaced. */
export interface AxisSpec {
  key: string;
  start: number;
  stop: number;
  count: number;
  spacing?: 'linear' | 'log';
}

/** An axis given as an explicit list of values (e.g. the κ_b values of one figure's curves). */
export interface ListAxisSpec {
  key: string;
  values: number[];
}

/** Either form of a study axis. */
export type StudyAxis = AxisSpec | ListAxisSpec;

export function isListAxis(a: StudyAxis): a is ListAxisSpec {
  return Array.isArray((a as ListAxisSpec).values);
}

export interface SweepSpec {
  model: string;
  params: ParamInput;
  axes: StudyAxis[];
  /** The quantities to keep (default: every scalar the model yields). */
  quantities?: string[];
}

export interface GridAxis {
  key: string;
  values: Float64Array;
}

/** A validated study grid, ready to evaluate in any slice. */
export interface SweepPlan {
  model: ModelDefinition;
  /** The model's parameters for this study's values (registry schemaOf). */
  schema: ParamSchema;
  base: ParamValues;
  axes: GridAxis[];
  /** Points per axis, first axis slowest (row-major). */
  shape: number[];
  total: number;
  quantities: QuantitySpec[];
}

/** Largest grid a single study may have (memory: points × quantities × 8 bytes). */
export const MAX_POINTS = 5_000_000;

/** Most points on one axis (checked, like the grid's total, before any array is built). */
export const MAX_AXIS_POINTS = MAX_POINTS;

/**
 * Parse `key=start:stop:count[:log]` or `key=v1,v2,…` (the CLI forms). Values accept the same
 * expressions as parameters (`theta=-pi:pi:181`, `amplitude=1e-3:1e3:61:log`, `kappa_b=0,0.5,1.25`).
 */
export function parseAxis(text: string): StudyAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ParameterError('--axis', `expected key=start:stop:count[:log] or key=v1,v2,…, got "${text}"`);
  const key = text.slice(0, eq).trim();
  if (text.includes(',', eq)) {
    const items = text.slice(eq + 1).split(',');
    return { key, values: items.map((v, i) => parseNumber(`--axis ${key} (value ${i + 1})`, v.trim())) };
  }
  const parts = text.slice(eq + 1).split(':');
  if (parts.length !== 3 && parts.length !== 4) throw new ParameterError(`--axis ${key}`, `expected start:stop:count[:log], got "${text.slice(eq + 1)}"`);
  const start = parseNumber(`--axis ${key} (start)`, parts[0]!);
  const stop = parseNumber(`--axis ${key} (stop)`, parts[1]!);
  const count = parseNumber(`--axis ${key} (count)`, parts[2]!);
  if (parts.length === 4 && parts[3] !== 'log' && parts[3] !== 'linear') {
    throw new ParameterError(`--axis ${key}`, `spacing must be "log" or "linear", got "${parts[3]}"`);
  }
  return { key, start, stop, count, spacing: parts[3] === 'log' ? 'log' : 'linear' };
}

export function axisValues(a: AxisSpec): Float64Array {
  const v = new Float64Array(a.count);
  if (a.count === 1) v[0] = a.start;
  else if (a.spacing === 'log') {
    const l0 = Math.log(a.start);
    const l1 = Math.log(a.stop);
    for (let i = 0; i < a.count; i++) v[i] = Math.exp(l0 + ((l1 - l0) * i) / (a.count - 1));
    v[0] = a.start;
    v[a.count - 1] = a.stop;
  } else for (let i = 0; i < a.count; i++) v[i] = a.start + ((a.stop - a.start) * i) / (a.count - 1);
  return v;
}

function listAxisValues(schema: ParamSchema, a: ListAxisSpec): Float64Array {
  if (a.values.length < 1) throw new ParameterError(`--axis ${a.key}`, 'the list of values is empty');
  if (a.values.length > MAX_POINTS) throw new ParameterError(`--axis ${a.key}`, `the list has ${a.values.length} values; the limit is ${MAX_POINTS}`);
  a.values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ParameterError(`--axis ${a.key}`, `value ${i + 1} must be a finite number, got ${shown(v)}`);
    for (const k of expandKey(schema, a.key)) {
      const spec1 = findParam(schema, k);
      if (spec1?.kind === 'number') checkNumber(spec1, v, `--axis ${a.key} (value ${i + 1})`);
    }
  });
  return Float64Array.from(a.values);
}

/** Validate a sweep against the model and build its grid; every error names the key or axis. */
export function planSweep(model: ModelDefinition, spec: Omit<SweepSpec, 'model'>): SweepPlan {
  if (!Array.isArray(spec.axes) || spec.axes.length < 1 || spec.axes.length > 2) {
    throw new ParameterError('axes', `a sweep needs one or two axes, got ${Array.isArray(spec.axes) ? spec.axes.length : 'none'}`);
  }
  const schema = schemaOf(model, spec.params ?? {});
  const base = resolveParams(schema, spec.params ?? {});
  // sizes first: the grid's total from the counts, before any axis array is allocated
  let planned = 1;
  spec.axes.forEach((a, i) => {
    if (typeof a !== 'object' || a === null) return;
    const list = isListAxis(a);
    const n = list ? a.values.length : a.count;
    const key = typeof a.key === 'string' ? a.key : `axes[${i}]`;
    if (typeof n === 'number' && n > MAX_AXIS_POINTS) {
      throw new ParameterError(`--axis ${key}`, `${list ? 'the list has' : 'count is'} ${n} points; the limit is ${MAX_AXIS_POINTS} per axis${MAX_AXIS_POINTS === MAX_POINTS ? ' (and per study)' : ` and ${MAX_POINTS} per study`}`);
    }
    if (typeof n === 'number' && Number.isFinite(n) && n > 0) planned *= n;
  });
  if (planned > MAX_POINTS) throw new ParameterError('axes', `the grid has ${planned} points; the limit is ${MAX_POINTS} per study`);
  const seen = new Set<string>();
  const axes: GridAxis[] = spec.axes.map((a, i) => {
    const name = `axes[${i}]`;
    if (typeof a?.key !== 'string') throw new ParameterError(`${name}.key`, 'must name a parameter');
    expandKey(schema, a.key);
    if (!isNumericKey(schema, a.key)) throw new ParameterError(`--axis ${a.key}`, 'only numeric parameters can be swept');
    for (const k of expandKey(schema, a.key)) {
      if (seen.has(k)) throw new ParameterError(`--axis ${a.key}`, `${k} is already set by another axis`);
      seen.add(k);
    }
    if (isListAxis(a)) {
      if (!Array.isArray(a.values)) throw new ParameterError(`--axis ${a.key}`, `values must be a list of numbers, got ${shown(a.values)}`);
      return { key: a.key, values: listAxisValues(schema, a) };
    }
    if (!Number.isFinite(a.start)) throw new ParameterError(`--axis ${a.key}`, `start must be a finite number, got ${shown(a.start)}`);
    if (!Number.isFinite(a.stop)) throw new ParameterError(`--axis ${a.key}`, `stop must be a finite number, got ${shown(a.stop)}`);
    if (!Number.isInteger(a.count) || a.count < 1) {
      throw new ParameterError(`--axis ${a.key}`, `count must be a positive integer, got ${shown(a.count)}`);
    }
    if (a.spacing !== undefined && a.spacing !== 'linear' && a.spacing !== 'log') {
      throw new ParameterError(`--axis ${a.key}`, `spacing must be "linear" or "log", got ${shown(a.spacing)}`);
    }
    if (a.spacing === 'log' && !(a.start > 0 && a.stop > 0)) {
      throw new ParameterError(`--axis ${a.key}`, 'a log-spaced axis needs start > 0 and stop > 0');
    }
    if (a.count === 1 && a.start !== a.stop) {
      throw new ParameterError(`--axis ${a.key}`, 'count is 1 but start and stop differ; use count ≥ 2');
    }
    for (const k of expandKey(schema, a.key)) {
      const spec1 = findParam(schema, k);
      if (spec1?.kind === 'number') {
        checkNumber(spec1, a.start, `--axis ${a.key} (start)`);
        checkNumber(spec1, a.stop, `--axis ${a.key} (stop)`);
      }
    }
    return { key: a.key, values: axisValues(a) };
  });
  const shape = axes.map((a) => a.values.length);
  const total = shape.reduce((x, y) => x * y, 1);
  if (total > MAX_POINTS) {
    throw new ParameterError('axes', `the grid has ${total} points; the limit is ${MAX_POINTS} per study`);
  }
  const all = model.quantities(base);
  let quantities = all;
  if (spec.quantities !== undefined) {
    if (!Array.isArray(spec.quantities) || spec.quantities.length === 0) throw new ParameterError('quantities', 'list at least one quantity to keep, or leave it out to keep all');
    quantities = spec.quantities.map((k, i) => {
      const q = all.find((x) => x.key === k);
      if (!q) throw new ParameterError(`quantities[${i}]`, `${shown(k)} is not a quantity of ${model.id} here; it yields ${all.map((x) => x.key).join(', ')}`);
      return q;
    });
  }
  return { model, schema, base, axes, shape, total, quantities };
}
