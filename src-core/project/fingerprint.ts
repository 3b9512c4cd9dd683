/**
 * Is a stored result still the answer to its study? Every stored result carries the fingerprint
 * of the inputs that produced it; a study whose current inputs give another fingerprint shows its
 * result as **stale**. Staleness is derived, never stored: undoing an edit back to the original
 * inputs makes the result fresh again. This module is the one place that decides it; the project
 * tree, the study tab, figure panels, `nrlab info` and both exports call {@link resultFreshness}.
 *
 * The inputs are everything that determines the numbers: the study kind, the model, every
 * parameter as resolved (defaults filled in, aliases expanded, so the solver settings of the
 * "Solver" group are included), a sweep's axes as their grid values (a range and the list of its
 * values are the same grid), the kept quantities (resolved to the model's keys) and a trace run's
 * settings (the `study[kind]` of a simulate, correlation, spectrum or pulse study).
 *
 * The fingerprint is a canonical JSON of those inputs (keys sorted, numbers in JavaScript's
 * shortest round-trip form) hashed to 64 bits (two 32-bit multiply-xorshift lanes, as in cyrb53),
 * written `h1:` and 16 hex digits. src-core has no node:crypto and needs none: the hash guards
 * against accidental mismatches (an edited parameter), not against forgery; a 64-bit collision
 * between two edits of one study is vanishingly unlikely.
 *
 * Older files have results without a fingerprint. Where their provenance records the inputs
 * (point studies: model and resolved parameters; sweeps: also the stored axis values and the kept
 * quantities) the fingerprint is derived from it ({@link fingerprintFromProvenance}). Where it does
 * not (time-domain runs: their settings were not recorded) the result is "unknown" and treated
 * like a stale one: marked as unverified, and exported only with the same explicit confirmation.
 */
import { ParameterError } from '../errors.js';
import { getModel, resolveModelParams, traceRunOf } from '../models/registry.js';
import { isTraceKind } from './trace-study.js';
import { DEFAULT_MAX_EVALUATIONS, optimizeBaseParams, optimizeProblems } from './optimize-study.js';
import { continuationProblems } from './continuation-study.js';
import { DEFAULT_SWEEP_STEPS } from '../studies/continuation.js';
import type { ParamInput } from '../models/params.js';
import { isListAxis, MAX_POINTS, planSweep } from '../studies/grid.js';
import type { ProjectDocument, StoredResult, Study } from './types.js';

/** What determines a stored result's numbers (see the module comment). */
export interface ResultInputs {
  kind: Study['kind'];
  model: string;
  params: Record<string, number | string>;
  axes?: { key: string; values: number[] }[];
  quantities?: string[];
  simulate?: Record<string, unknown>;
  /** Correlation, spectrum and pulse studies: their settings object as the study holds it (absent fields: the run's defaults). */
  correlation?: Record<string, unknown>;
  spectrum?: Record<string, unknown>;
  pulse?: Record<string, unknown>;
  /** Optimize studies: objective, varied parameters with bounds, evaluation limit. */
  optimize?: Record<string, unknown>;
  /** Continuation studies: the varied parameter, range, port, point limit and sweep size (defaults filled in). */
  continuation?: Record<string, unknown>;
}

/** none: no stored result; unknown: the result records no fingerprint and none could be derived. */
export type FreshnessState = 'none' | 'fresh' | 'stale' | 'unknown';

export interface ResultFreshness {
  state: FreshnessState;
  /** Why it is stale or unknown (for tooltips, `nrlab info`, export warnings). */
  reason?: string;
}

/** JSON with object keys sorted at every level; undefined members left out, like JSON.stringify. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** 64-bit non-cryptographic hash of a string (two 32-bit lanes), as 16 hex digits. */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** The fingerprint of a set of inputs: `h1:` + hash64 of their canonical JSON. */
export function fingerprintOf(inputs: ResultInputs): string {
  return `h1:${hash64(canonicalJson(inputs))}`;
}

/** A study's parameters as they apply: its parameter set's (if any), overridden by its own values (the one definition: the backend, the CLI and the renderer use it). */
export function studyParams(doc: ProjectDocument, study: Study): ParamInput {
  const set = study.parameterSet ? doc.parameterSets.find((p) => p.id === study.parameterSet) : undefined;
  return { ...(set?.params ?? {}), ...study.params };
}

/**
 * The inputs a run of the study would use now. Throws (a ParameterError naming the field) when
 * they are not valid: such a study cannot have produced any stored result.
 */
export function studyInputs(doc: ProjectDocument, study: Study): ResultInputs {
  const params = studyParams(doc, study);
  if (study.kind === 'sweep') {
    const axes = study.axes ?? [];
    // the grid's size is checked before any axis is expanded
    let total = 1;
    for (const a of axes) total *= isListAxis(a) ? a.values.length : Number(a.count);
    if (!(total <= MAX_POINTS)) throw new RangeError(`the grid has ${total} points; the limit is ${MAX_POINTS} per study`);
    const plan = planSweep(getModel(study.model), { params, axes, ...(study.quantities !== undefined ? { quantities: study.quantities } : {}) });
    return {
      kind: 'sweep',
      model: plan.model.id,
      params: plan.base,
      axes: plan.axes.map((a) => ({ key: a.key, values: Array.from(a.values) })),
      quantities: plan.quantities.map((q) => q.key),
    };
  }
  if (study.kind === 'point') {
    const model = getModel(study.model);
    return { kind: 'point', model: model.id, params: resolveModelParams(model, params) };
  }
  if (study.kind === 'optimize') {
    const model = getModel(study.model);
    const settings = study.optimize;
    if (!settings) throw new ParameterError('optimize', 'is required for an optimize study');
    const problem = optimizeProblems(model, params, settings)[0];
    if (problem) throw new ParameterError(problem.path.slice(1), problem.reason);
    return {
      kind: 'optimize',
      model: model.id,
      params: optimizeBaseParams(model, params, settings),
      optimize: {
        objective: { quantity: settings.objective.quantity, goal: settings.objective.goal },
        vary: settings.vary.map((v) => ({ key: v.key, lo: v.lo, hi: v.hi })),
        maxEvaluations: settings.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS,
      },
    };
  }
  if (study.kind === 'continuation') {
    const model = getModel(study.model);
    const problem = continuationProblems(model, study.continuation, params)[0];
    if (problem) throw new ParameterError(problem.path.slice(1), problem.reason);
    const c = study.continuation!;
    return {
      kind: 'continuation',
      model: model.id,
      params: resolveModelParams(model, params),
      continuation: { vary: c.vary, from: c.from, to: c.to, port: c.port ?? 1, maxPoints: c.maxPoints ?? null, sweepSteps: c.sweepSteps ?? (model.continuation?.sweep ? DEFAULT_SWEEP_STEPS : 0) },
    };
  }
  // a trace run (time domain, correlation, spectrum, pulse): the model must have one of the kind,
  // and the result is the answer to the model, the resolved parameters and the study's settings
  const model = getModel(study.model);
  const kind = study.kind;
  if (!isTraceKind(kind)) throw new ParameterError('kind', `unknown study kind ${JSON.stringify(kind)}`);
  traceRunOf(model, kind);
  return { kind, model: model.id, params: resolveModelParams(model, params), [kind]: { ...(study[kind] ?? {}) } };
}

/** The fingerprint of a study's current inputs, or undefined when they are not valid. */
export function studyFingerprint(doc: ProjectDocument, study: Study): string | undefined {
  try {
    return fingerprintOf(studyInputs(doc, study));
  } catch {
    return undefined;
  }
}

/**
 * The fingerprint of the inputs a result without one was made from, read from its provenance
 * (and, for a sweep, its stored axis values, which the caller reads from the file). Undefined
 * where the provenance does not record them all (time-domain runs).
 */
export function fingerprintFromProvenance(study: Study, result: StoredResult, storedAxes?: { key: string; values: ArrayLike<number> }[]): string | undefined {
  const p = result.provenance;
  if (study.kind === 'point') return fingerprintOf({ kind: 'point', model: p.model, params: p.params });
  if (study.kind === 'sweep' && storedAxes && result.quantities?.length) {
    return fingerprintOf({
      kind: 'sweep',
      model: p.model,
      params: p.params,
      axes: storedAxes.map((a) => ({ key: a.key, values: Array.from(a.values) })),
      quantities: result.quantities.map((q) => q.key),
    });
  }
  return undefined;
}

/** Is the study's stored result the answer to its current inputs? The one place this is decided. */
export function resultFreshness(doc: ProjectDocument, study: Study): ResultFreshness {
  const r = study.result;
  if (!r) return { state: 'none' };
  if (!r.fingerprint) {
    return { state: 'unknown', reason: 'this result was stored by an older NR Lab without a record of all its inputs; re-run the study to be sure it matches' };
  }
  const now = studyFingerprint(doc, study);
  if (now === undefined) return { state: 'stale', reason: 'the study’s inputs are not valid any more, so the stored result cannot be theirs' };
  if (now !== r.fingerprint) return { state: 'stale', reason: 'the study’s inputs (model, parameters, axes, quantities or settings) changed since it was run; re-run it' };
  return { state: 'fresh' };
}

/** Stale or unknown: shown marked, and exported only with an explicit confirmation (`--allow-stale`). */
export function needsConfirmation(f: ResultFreshness): boolean {
  return f.state === 'stale' || f.state === 'unknown';
}

/** The studies a figure draws (its panels' and their series' studies), by id. */
export function figureStudyIds(doc: ProjectDocument, figureId: string): string[] {
  const f = doc.figures.find((x) => x.id === figureId || x.name === figureId);
  const ids = new Set<string>();
  for (const p of f?.panels ?? []) {
    ids.add(p.study);
    for (const s of p.series ?? []) if (s.study) ids.add(s.study);
  }
  return [...ids];
}

/** Of the given studies, those with a stored result that is stale or unverified, with why. */
export function staleResults(doc: ProjectDocument, studyIds: string[]): { study: Study; freshness: ResultFreshness }[] {
  const out: { study: Study; freshness: ResultFreshness }[] = [];
  for (const id of studyIds) {
    const study = doc.studies.find((s) => s.id === id);
    if (!study) continue;
    const freshness = resultFreshness(doc, study);
    if (needsConfirmation(freshness)) out.push({ study, freshness });
  }
  return out;
}

/** One line per stale or unverified result, for warnings: `"Map" is stale: …`. */
export function staleWarnings(list: { study: Study; freshness: ResultFreshness }[]): string[] {
  return list.map(({ study, freshness }) => `"${study.name}" is ${freshness.state === 'stale' ? 'stale' : 'unverified'}: ${freshness.reason ?? ''}`);
}
