/**
 * Continuation studies (kind 'continuation'; src-core/studies/continuation.ts runs them): the
 * checks of their settings, made when a project is opened, edited or saved and by `nrlab add
 * study`, and of their stored results' layout. Pure: no I/O.
 */
import { ParameterError, shown } from '../errors.js';
import type { ModelDefinition } from '../models/model.js';
import type { ParamInput } from '../models/params.js';
import { listModels, resolveModelParams } from '../models/registry.js';
import { MAX_SWEEP_STEPS_STUDY, type ContinuationSettings, type StoredResult } from './types.js';

type Problem = { path: string; reason: string };
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Ids of the models that have a continuation. */
export function continuationModels(): string[] {
  return listModels().filter((m) => m.continuation).map((m) => m.id);
}

/**
 * Problems of a continuation study's settings, each with its path under the study
 * (`.continuation.to`) and why: the model has a continuation; the varied parameter is one it
 * continues in; from < to, finite, within the parameter's bounds; port, maxPoints and sweepSteps
 * whole numbers in range (sweepSteps > 0 only for a model with a time-domain sweep).
 */
export function continuationProblems(model: ModelDefinition, settings: unknown, params?: ParamInput): Problem[] {
  const out: Problem[] = [];
  const add = (path: string, reason: string): void => void out.push({ path, reason });
  const cont = model.continuation;
  if (!cont) return add('.kind', `the ${model.id} model has no continuation, so no continuation study; models with one: ${continuationModels().join(', ') || 'none'}`), out;
  if (settings === undefined) return add('.continuation', 'is required for a continuation study (the parameter varied and its range)'), out;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return add('.continuation', 'must be an object of settings'), out;
  const s = settings as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!['vary', 'from', 'to', 'port', 'maxPoints', 'sweepSteps'].includes(k)) add(`.continuation.${k}`, 'unknown setting; settings: vary, from, to, port, maxPoints, sweepSteps');
  if (typeof s.vary !== 'string' || !cont.parameters.includes(s.vary)) add('.continuation.vary', `must be one of ${cont.parameters.join(', ')}, got ${shown(s.vary)}`);
  for (const k of ['from', 'to'] as const) if (!isNum(s[k])) add(`.continuation.${k}`, `must be a finite number, got ${shown(s[k])}`);
  if (isNum(s.from) && isNum(s.to) && !(s.from < s.to)) add('.continuation.to', `must be greater than from (${s.from}), got ${s.to}`);
  const p = typeof s.vary === 'string' ? model.schema.params.find((x) => x.key === s.vary) : undefined;
  if (p && p.kind === 'number') {
    if (p.min !== undefined && isNum(s.from) && (s.from < p.min || (p.minExclusive && s.from === p.min))) add('.continuation.from', `${p.label} must be ${p.minExclusive ? '>' : '≥'} ${p.min}, got ${s.from}`);
    if (p.max !== undefined && isNum(s.to) && s.to > p.max) add('.continuation.to', `${p.label} must be ≤ ${p.max}, got ${s.to}`);
  }
  const whole = (k: string, lo: number, hi: number): void => {
    if (s[k] !== undefined && !(Number.isInteger(s[k]) && (s[k] as number) >= lo && (s[k] as number) <= hi)) add(`.continuation.${k}`, `must be a whole number from ${lo} to ${hi}, got ${shown(s[k])}`);
  };
  whole('port', 1, 64);
  whole('maxPoints', 2, 100_000);
  whole('sweepSteps', 0, MAX_SWEEP_STEPS_STUDY);
  if (s.sweepSteps === 1) add('.continuation.sweepSteps', 'a sweep needs at least 2 values (0: no sweep)');
  if (!cont.sweep && isNum(s.sweepSteps) && s.sweepSteps > 0) add('.continuation.sweepSteps', `the ${model.id} model has no time-domain sweep; set it to 0`);
  // the port must be one of the structure's (the model's fields name a bad one)
  if (params && !out.length) {
    let values;
    try {
      values = resolveModelParams(model, params);
    } catch {
      values = undefined; // the parameters' own problems are reported at .params
    }
    if (values) {
      try {
        cont.fields(values, (s.port as number | undefined) ?? 1);
      } catch (e) {
        if (e instanceof ParameterError) add(`.continuation.${e.param === 'port' ? 'port' : 'vary'}`, e.reason ?? e.message);
        else throw e;
      }
    }
  }
  return out;
}

/**
 * Problems of a stored continuation result's layout: the varied parameter's array and every
 * branch array as long as it; the sweep arrays (`up.…`, `down.…`) as long as their direction's
 * parameter array; no grid; the output's branches within the arrays.
 */
export function continuationResultProblems(r: StoredResult, settings: ContinuationSettings | undefined): Problem[] {
  const out: Problem[] = [];
  const add = (path: string, reason: string): void => void out.push({ path, reason });
  const arrays = Object.entries(r.arrays ?? {});
  const o = r.output as { vary?: unknown; branches?: unknown } | undefined;
  const vary = typeof o?.vary === 'string' ? o.vary : settings?.vary;
  if (r.shape || r.axes?.length) add(r.shape ? '.shape' : '.axes', 'a continuation result has no grid');
  if (!arrays.length || vary === undefined) return out;
  const lengthOf = (prefix: string): number | undefined => r.arrays?.[`${prefix}${vary}`]?.length;
  const n = lengthOf('');
  if (n === undefined) return add('.arrays', `a continuation result needs its parameter array "${vary}"`), out;
  for (const [key, ref] of arrays) {
    const dir = key.startsWith('up.') ? 'up.' : key.startsWith('down.') ? 'down.' : '';
    const m = dir ? lengthOf(dir) : n;
    if (m === undefined) add('.arrays', `the ${dir.slice(0, -1)} sweep needs its parameter array "${dir}${vary}"`);
    else if (ref.length !== m) add(`.arrays.${key}.length`, `is ${ref.length}, but ${dir}${vary} has ${m} values`);
  }
  if (o?.branches !== undefined) {
    if (!Array.isArray(o.branches)) add('.output.branches', 'must be a list');
    else
      o.branches.forEach((b: unknown, k: number) => {
        const br = b as { start?: unknown; length?: unknown; folds?: unknown; segments?: unknown };
        if (!(Number.isInteger(br?.start) && Number.isInteger(br?.length) && (br.start as number) >= 0 && (br.length as number) >= 0 && (br.start as number) + (br.length as number) <= n)) {
          add(`.output.branches[${k}]`, `must lie within the ${n} stored points (start, length)`);
          return;
        }
        // the folds are drawn: each a number p and an object of numbers
        if (!Array.isArray(br.folds)) add(`.output.branches[${k}].folds`, 'must be a list of turning points');
        else
          br.folds.forEach((f: unknown, j: number) => {
            const fold = f as { p?: unknown; values?: unknown };
            const values = fold?.values;
            const ok = typeof fold?.p === 'number' && typeof values === 'object' && values !== null && !Array.isArray(values) && Object.values(values).every((v) => typeof v === 'number' || v === null);
            if (!ok) add(`.output.branches[${k}].folds[${j}]`, 'must be { p: number, values: { field: number } }');
          });
        if (br.segments !== undefined && !Array.isArray(br.segments)) add(`.output.branches[${k}].segments`, 'must be a list');
      });
  }
  return out;
}
