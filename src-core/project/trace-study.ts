/**
 * Studies whose result is arrays over one independent axis — a time-domain run ('simulate') and
 * the quantum dynamics ('correlation', 'spectrum', 'pulse'; docs/dynamics.md) — handled through
 * the registry, never by model id: which kinds exist (TRACE_KINDS), a model's run of a kind
 * (`traceRunOf`), its axis key (`traceAxisOf`: t, tau or omega) and its trace names at the study's
 * parameters (`run.tracesFor?.(values) ?? run.traceNames`). The checks of the dynamics' settings
 * (made when a project is opened, edited or saved, and by `nrlab add study`) live here. Pure: no I/O.
 */
import { shown } from '../errors.js';
import { TRACE_KINDS, type ModelDefinition, type ModelSimulation, type QuantitySpec, type TraceKind } from '../models/model.js';
import type { ParamInput } from '../models/params.js';
import { listModels, resolveModelParams, traceAxisOf, traceKindsOf } from '../models/registry.js';
import { MAX_TRACE_SAMPLES, type Study } from './types.js';

export type { TraceKind } from '../models/model.js';

/** The quantum dynamics' study kinds (trace kinds besides 'simulate'). */
export const DYNAMICS_KINDS = TRACE_KINDS.filter((k): k is Exclude<TraceKind, 'simulate'> => k !== 'simulate');
export type DynamicsKind = (typeof DYNAMICS_KINDS)[number];

/** Is this study kind one whose result is arrays over one axis ('simulate', 'correlation', 'spectrum', 'pulse')? */
export function isTraceKind(kind: unknown): kind is TraceKind {
  return typeof kind === 'string' && (TRACE_KINDS as readonly string[]).includes(kind);
}

/** Is this study kind one of the quantum dynamics ('correlation', 'spectrum', 'pulse')? */
export function isDynamicsKind(kind: unknown): kind is DynamicsKind {
  return typeof kind === 'string' && (DYNAMICS_KINDS as readonly string[]).includes(kind);
}

/** The model's run of a trace kind, or undefined when it has none (no throw). */
export function findTraceRun(model: ModelDefinition, kind: TraceKind): ModelSimulation | undefined {
  return kind === 'simulate' ? model.simulate : model.dynamics?.[kind];
}

/** Ids of the models that have runs of this kind. */
export function modelsWithKind(kind: TraceKind): string[] {
  return listModels()
    .filter((m) => traceKindsOf(m).includes(kind))
    .map((m) => m.id);
}

/** What the study kind computes, in words (messages, default study names). */
export function traceKindNoun(kind: TraceKind): string {
  return kind === 'simulate' ? 'time-domain' : kind === 'correlation' ? 'correlation g2(τ)' : kind === 'spectrum' ? 'emission spectrum' : 'pulse';
}

/** Why a study of this kind cannot use this model (it has no such runs), naming the models that can; undefined when it can. */
export function traceKindProblem(model: ModelDefinition, kind: TraceKind): string | undefined {
  if (findTraceRun(model, kind)) return undefined;
  const what = kind === 'simulate' ? 'time-domain runs' : `${kind} runs`;
  return `the ${model.id} model has no ${what}, so no ${kind} study; models with them: ${modelsWithKind(kind).join(', ') || 'none'}`;
}

/** A trace study's settings object (`study.simulate`, `study.correlation`, …), or undefined. */
export function traceSettingsOf(study: Study): Record<string, unknown> | undefined {
  if (!isTraceKind(study.kind)) return undefined;
  return study[study.kind] as Record<string, unknown> | undefined;
}

/**
 * The trace names a run produces at these parameters (a network's depend on its spec): `tracesFor`
 * of the resolved parameters, or the run's `traceNames` when it has none or they do not resolve.
 */
export function traceNamesAt(model: ModelDefinition, run: ModelSimulation, params: ParamInput): string[] {
  if (!run.tracesFor) return run.traceNames;
  try {
    return run.tracesFor(resolveModelParams(model, params));
  } catch {
    return run.traceNames;
  }
}

/** The names a trace list may take: every name of the run, or those the settings' `traces` choose (in the run's order). */
export function selectedTraces(names: string[], settings: { traces?: unknown } | undefined): string[] {
  const chosen = settings?.traces;
  if (!Array.isArray(chosen)) return names;
  return names.filter((n) => chosen.includes(n));
}

/**
 * The stored arrays' catalogue of a trace run: the axis, then `<trace>.<field>` for each trace
 * and field (symbol, plain label naming the trace, unit), in that order.
 */
export function traceQuantities(run: ModelSimulation, traces: string[], fields: QuantitySpec[] = run.traceFields): QuantitySpec[] {
  const axis = traceAxisOf(run);
  const out: QuantitySpec[] = [{ key: axis.key, symbol: axis.symbol, label: axis.label, unit: axis.unit }];
  for (const t of traces) {
    for (const f of fields) out.push({ key: `${t}.${f.key}`, symbol: f.symbol, label: `${f.label} (${t})`, unit: f.unit });
  }
  return out;
}

type Problem = { path: string; reason: string };
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function axisSamplesProblems(kind: 'correlation' | 'spectrum', s: Record<string, unknown>, add: (path: string, reason: string) => void): void {
  const at = `.${kind}`;
  const ranged = (['from', 'to', 'samples'] as const).filter((k) => s[k] !== undefined);
  if (s.values !== undefined && ranged.length) add(`${at}.values`, `give either values or from/to/samples, not both (${ranged.join(', ')} given too)`);
  for (const k of ['from', 'to'] as const) if (s[k] !== undefined && !isNum(s[k])) add(`${at}.${k}`, `must be a finite number, got ${shown(s[k])}`);
  if (s.samples !== undefined && !(Number.isInteger(s.samples) && (s.samples as number) >= 1 && (s.samples as number) <= MAX_TRACE_SAMPLES)) {
    add(`${at}.samples`, `must be a whole number from 1 to ${MAX_TRACE_SAMPLES}, got ${shown(s.samples)}`);
  }
  if (isNum(s.from) && isNum(s.to) && !(s.from < s.to)) add(`${at}.to`, `must be greater than from (${s.from}), got ${s.to}`);
  if (kind === 'correlation' && isNum(s.from) && s.from < 0) add(`${at}.from`, `the delay τ must be ≥ 0, got ${s.from}`);
  if (kind === 'correlation' && isNum(s.to) && s.to <= 0) add(`${at}.to`, `the delay τ must be > 0 at the end of a range, got ${s.to}`);
  if (s.values !== undefined) {
    if (!Array.isArray(s.values) || s.values.length < 1 || s.values.length > MAX_TRACE_SAMPLES) {
      add(`${at}.values`, `must be a list of 1 to ${MAX_TRACE_SAMPLES} numbers`);
    } else {
      const bad = s.values.findIndex((v) => !isNum(v) || (kind === 'correlation' && v < 0));
      if (bad >= 0) add(`${at}.values[${bad}]`, kind === 'correlation' && isNum(s.values[bad]) ? `the delay τ must be ≥ 0, got ${s.values[bad]}` : `must be a finite number, got ${shown(s.values[bad])}`);
    }
  }
}

function pulseProblems(s: Record<string, unknown>, add: (path: string, reason: string) => void): void {
  const shapes = ['on', 'off', 'rect', 'gaussian'];
  if (s.shape !== undefined && !shapes.includes(s.shape as string)) add('.pulse.shape', `must be one of ${shapes.join(', ')}, got ${shown(s.shape)}`);
  if (s.t0 !== undefined && !(isNum(s.t0) && s.t0 >= 0)) add('.pulse.t0', `must be a number ≥ 0, got ${shown(s.t0)}`);
  for (const k of ['amplitude', 'width', 'tEnd'] as const) if (s[k] !== undefined && !(isNum(s[k]) && s[k] > 0)) add(`.pulse.${k}`, `must be a positive number, got ${shown(s[k])}`);
  if (s.samples !== undefined && !(Number.isInteger(s.samples) && (s.samples as number) >= 2 && (s.samples as number) <= MAX_TRACE_SAMPLES)) {
    add('.pulse.samples', `must be a whole number from 2 to ${MAX_TRACE_SAMPLES}, got ${shown(s.samples)}`);
  }
  if (isNum(s.t0) && isNum(s.tEnd) && s.t0 >= s.tEnd) add('.pulse.t0', `the pulse starts at t0 = ${s.t0}, at or after the run's end tEnd = ${s.tEnd}`);
  if (s.initial !== undefined && s.initial !== 'vacuum' && s.initial !== 'steady') add('.pulse.initial', `must be vacuum or steady, got ${shown(s.initial)}`);
}

/**
 * Problems of a correlation, spectrum or pulse study's settings (`settings` is `study[kind]`,
 * absent meaning every default), each with its path under the study (e.g. `.correlation.samples`)
 * and why: values or a range, not both; τ ≥ 0; from < to; pulse width, tEnd > 0 and t0 < tEnd;
 * every trace named one the model has at these parameters. The model must have runs of the kind
 * (else one problem at `.kind`). A 'simulate' study's settings are the model's own to check.
 */
export function traceStudyProblems(model: ModelDefinition, kind: TraceKind, params: ParamInput, settings: unknown): Problem[] {
  const out: Problem[] = [];
  const add = (path: string, reason: string): void => void out.push({ path, reason });
  const why = traceKindProblem(model, kind);
  if (why) return add('.kind', why), out;
  if (kind === 'simulate') return out;
  if (settings === undefined) return out;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return add(`.${kind}`, 'must be an object of settings'), out;
  const s = settings as Record<string, unknown>;
  if (kind === 'pulse') pulseProblems(s, add);
  else axisSamplesProblems(kind, s, add);
  if (s.traces !== undefined) {
    if (!Array.isArray(s.traces) || s.traces.length === 0) add(`.${kind}.traces`, 'must be a non-empty list of trace names');
    else {
      const names = traceNamesAt(model, findTraceRun(model, kind)!, params);
      s.traces.forEach((t, k) => {
        if (typeof t !== 'string' || !names.includes(t)) add(`.${kind}.traces[${k}]`, `${shown(t)} is not a ${kind} trace of ${model.id} here; it has ${names.join(', ') || 'none'}`);
        else if (s.traces !== undefined && (s.traces as unknown[]).indexOf(t) !== k) add(`.${kind}.traces[${k}]`, `"${t}" is listed twice`);
      });
    }
  }
  return out;
}
