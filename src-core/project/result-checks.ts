/**
 * Checks of a stored result against itself, its study and its model, made when a project is
 * opened and before it is saved: every number a reader later allocates from or indexes with
 * (shape, array lengths, axis lengths, failed-point indices, done/total) is consistent and within
 * the limits, and every key that becomes an object key is a known quantity with a safe name.
 * Each problem names the field.
 */
import type { ModelDefinition, TraceKind } from '../models/model.js';
import { expandKey, isNumericKey, type ParamInput } from '../models/params.js';
import { resolveModelParams, storedSchema, traceAxisOf, traceFieldsAt } from '../models/registry.js';
import { MAX_AXIS_POINTS, MAX_POINTS } from '../studies/grid.js';
import { optimizeArrayKeyProblem } from './optimize-study.js';
import { continuationResultProblems } from './continuation-study.js';
import { findTraceRun, isTraceKind, traceKindProblem, traceNamesAt } from './trace-study.js';
import type { Study } from './types.js';

/**
 * A quantity or axis key: a name, then letters, digits, _ and . — and the arrows and commas of a
 * network's output pairs ("a->c.T", "a<->c.isolation", "a->c,d.g2"; src-core/models/network).
 */
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_.,<>-]*$/;

/** Why a quantity or axis key may not be used as one (e.g. `__proto__`), or undefined if it may. */
export function safeKeyProblem(key: string): string | undefined {
  if (!SAFE_KEY.test(key)) return `"${key.length > 60 ? `${key.slice(0, 60)}…` : key}" is not a valid key (a letter or _, then letters, digits, _ . , - < > only)`;
  if (key in Object.prototype || key === 'prototype') return `"${key}" is a reserved name, not a quantity`;
  return undefined;
}

/** Every quantity key the model yields for any of these parameter sets. */
function knownQuantities(model: ModelDefinition, paramSets: unknown[]): Set<string> {
  const keys = new Set<string>();
  for (const p of paramSets) {
    try {
      for (const q of model.quantities(resolveModelParams(model, p as ParamInput))) keys.add(q.key);
    } catch {
      // parameters that do not resolve (an older run's, or the study's own being bad) add nothing
    }
  }
  return keys;
}

/**
 * Why a key is not an array of a trace study's result (a time-domain run or a quantum dynamics
 * run): the run's axis (`t`, `tau`, `omega`) or `<trace>.<field>` with a trace the run yields at
 * one of these parameter sets and one of its fields.
 */
function traceKeyProblem(model: ModelDefinition, kind: TraceKind, key: string, paramSets: unknown[]): string | undefined {
  const run = findTraceRun(model, kind);
  if (!run) return `"${key}" is not a trace: ${traceKindProblem(model, kind)}`;
  const axis = traceAxisOf(run).key;
  if (key === axis) return undefined;
  const dot = key.lastIndexOf('.');
  const fields = [...new Set([...run.traceFields, ...paramSets.flatMap((p) => traceFieldsAt(model, run, p as ParamInput))].map((f) => f.key))];
  if (dot > 0 && fields.includes(key.slice(dot + 1))) {
    const trace = key.slice(0, dot);
    if (run.traceNames.includes(trace) || paramSets.some((p) => traceNamesAt(model, run, p as ParamInput).includes(trace))) return undefined;
  }
  return `"${key}" is not a trace of a ${model.id} ${kind === 'simulate' ? 'simulation' : `${kind} run`} (${axis}, or <trace>.${fields.join('|')})`;
}

/** Problems of one study's stored result (`at` is its path, e.g. `studies[0] "Map".result`). */
export function resultProblems(study: Study, model: ModelDefinition, params: ParamInput, at: string): { path: string; reason: string }[] {
  const r = study.result!;
  const problems: { path: string; reason: string }[] = [];
  const add = (path: string, reason: string): void => void problems.push({ path: `${at}${path}`, reason });
  const arrays = Object.entries(r.arrays ?? {});
  const arrayKeys = new Set(arrays.map(([k]) => k));

  // keys first: a bad key is never used, not even to look something up
  let keysOk = true;
  const known = study.kind === 'sweep' ? knownQuantities(model, [params, r.provenance.params, {}]) : undefined;
  for (const [key] of arrays) {
    const why =
      safeKeyProblem(key) ??
      (known ? (known.has(key) ? undefined : `"${key}" is not a quantity of ${model.id}`) : isTraceKind(study.kind) ? traceKeyProblem(model, study.kind, key, [params, r.provenance.params]) : study.kind === 'optimize' ? optimizeArrayKeyProblem(model, key, params) : undefined);
    if (why) {
      keysOk = false;
      add(`.arrays`, why);
    }
  }
  const qkeys = new Set<string>();
  r.quantities?.forEach((q, k) => {
    const why = safeKeyProblem(q.key) ?? (qkeys.has(q.key) ? `"${q.key}" is listed twice` : arrays.length && !arrayKeys.has(q.key) ? `"${q.key}" has no stored array` : undefined);
    if (why) add(`.quantities[${k}].key`, why);
    qkeys.add(q.key);
  });
  if (r.quantities) for (const key of arrayKeys) if (!qkeys.has(key)) add(`.arrays.${key}`, 'is not listed in the result\'s quantities');
  r.axes?.forEach((a, k) => {
    const why = safeKeyProblem(a.key);
    if (why) add(`.axes[${k}].key`, why);
    else {
      try {
        const schema = storedSchema(model.id, params) ?? model.schema;
        expandKey(schema, a.key);
        if (!isNumericKey(schema, a.key)) add(`.axes[${k}].key`, `"${a.key}" is not a numeric parameter of ${model.id}`);
      } catch {
        add(`.axes[${k}].key`, `"${a.key}" is not a parameter of ${model.id}`);
      }
    }
  });
  const scalars = (r.output as { scalars?: unknown } | undefined)?.scalars;
  if (typeof scalars === 'object' && scalars !== null) {
    for (const [key, v] of Object.entries(scalars)) {
      const why = safeKeyProblem(key) ?? (typeof v === 'number' || v === null ? undefined : `"${key}" must be a number`);
      if (why) add('.output.scalars', why);
    }
  }
  if (!keysOk) return problems;

  if (r.done !== undefined && r.total !== undefined && r.done > r.total) add('.done', `is ${r.done}, more than total (${r.total})`);
  if (r.status === 'succeeded' && r.done !== undefined && r.total !== undefined && r.done !== r.total) add('.done', `is ${r.done} of ${r.total} points, but the result says it succeeded`);

  if (study.kind === 'sweep') {
    const shape = r.shape;
    if (!shape) {
      if (arrays.length || r.axes?.length) add('.shape', 'is required for a sweep result with arrays');
      return problems;
    }
    if (shape.length < 1 || shape.length > 2) return add('.shape', `must list one or two axis sizes, got ${shape.length}`), problems;
    let total = 1;
    for (const [k, n] of shape.entries()) {
      if (n > MAX_AXIS_POINTS) return add(`.shape[${k}]`, `is ${n}; the limit is ${MAX_AXIS_POINTS} points per axis`), problems;
      total *= n;
    }
    if (total > MAX_POINTS) return add('.shape', `is ${shape.join(' × ')} = ${total} points; the limit is ${MAX_POINTS} per study`), problems;
    if (!r.axes) {
      if (arrays.length) add('.axes', 'is required for a sweep result with arrays');
    } else if (r.axes.length !== shape.length) add('.axes', `has ${r.axes.length} axes, but shape has ${shape.length}`);
    else r.axes.forEach((a, k) => a.values.length !== shape[k] && add(`.axes[${k}].values.length`, `is ${a.values.length}, but shape[${k}] is ${shape[k]}`));
    for (const [key, ref] of arrays) if (ref.length !== total) add(`.arrays.${key}.length`, `is ${ref.length}, but shape ${shape.join(' × ')} has ${total} points`);
    if (r.total !== undefined && r.total > total) add('.total', `is ${r.total}, more than the ${total} points of shape ${shape.join(' × ')}`);
    if (r.failed) {
      if (r.failed.length > total) add('.failed', `lists ${r.failed.length} points; the grid has ${total}`);
      const bad = r.failed.findIndex((f) => f.index >= total);
      if (bad >= 0) add(`.failed[${bad}].index`, `is ${r.failed[bad]!.index}; grid indices run from 0 to ${total - 1}`);
    }
  } else if (isTraceKind(study.kind)) {
    // one axis array (t, tau or omega) and every `<trace>.<field>` as long as it
    const run = findTraceRun(model, study.kind);
    const axisKey = run ? traceAxisOf(run).key : 't';
    const what = study.kind === 'simulate' ? 'time' : study.kind === 'correlation' ? 'delay' : study.kind === 'spectrum' ? 'frequency' : 'time';
    const axis = r.arrays?.[axisKey];
    if (arrays.length && !axis) add('.arrays', `a ${study.kind} result needs its ${what} array "${axisKey}"`);
    if (axis) for (const [key, ref] of arrays) if (ref.length !== axis.length) add(`.arrays.${key}.length`, `is ${ref.length}, but ${axisKey} has ${axis.length} samples`);
    if (r.shape || r.axes?.length) add(r.shape ? '.shape' : '.axes', `a ${study.kind} result has no grid`);
  } else if (study.kind === 'optimize') {
    // the evaluation history: one entry per evaluation in every array
    const n = r.arrays?.evaluation?.length;
    if (arrays.length && n === undefined) add('.arrays', 'an optimize result needs its "evaluation" array');
    if (n !== undefined) for (const [key, ref] of arrays) if (ref.length !== n) add(`.arrays.${key}.length`, `is ${ref.length}, but the history has ${n} evaluations`);
    if (r.shape || r.axes?.length) add(r.shape ? '.shape' : '.axes', 'an optimize result has no grid');
    const o = r.output as { optimum?: unknown; bestParams?: unknown } | undefined;
    for (const field of ['optimum', 'bestParams'] as const) {
      const m = o?.[field];
      if (m !== undefined && (typeof m !== 'object' || m === null || Array.isArray(m))) add(`.output.${field}`, 'must be an object of parameter values');
      else if (m) for (const key of Object.keys(m)) if (safeKeyProblem(key)) add(`.output.${field}`, safeKeyProblem(key)!);
    }
  } else if (study.kind === 'continuation') {
    for (const p of continuationResultProblems(r, study.continuation)) add(p.path, p.reason);
  } else if (arrays.length || r.shape || r.axes?.length) add(arrays.length ? '.arrays' : r.shape ? '.shape' : '.axes', 'a point result has no arrays or grid');
  return problems;
}
