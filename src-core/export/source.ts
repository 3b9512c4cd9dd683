/**
 * What an export is made from: one stored study result of a project with its arrays, and the
 * table view every export format shares (grid axes, kept quantities, one row per grid point,
 * failed and not-computed points). Pure: no I/O.
 */
import type { StoredStudyResult } from '../project/types.js';
import { findModel, storedSchema, traceAxisOf, traceFieldsAt } from '../models/registry.js';
import type { ModelSimulation, TraceKind } from '../models/model.js';
import { findTraceRun, isTraceKind } from '../project/trace-study.js';
import { findParam, notApplicable, type ParamValues } from '../models/params.js';
import type { OptimizeOutput, ProjectDocument, StoredResult, Study } from '../project/types.js';
import { DEFAULT_MAX_EVALUATIONS } from '../studies/optimize.js';
import { isListAxis } from '../studies/grid.js';
import { unravelIndex } from '../studies/grid-index.js';

/** A stored study result as exported: the project it belongs to, the study, the result and its arrays. */
export interface ExportSource {
  project: { title: string; file?: string };
  study: Study;
  result: StoredResult;
  /** Sweeps: the grid's axes (first slowest). */
  axes: { key: string; values: Float64Array }[];
  /** Quantity (sweep) or trace (simulate, correlation, spectrum, pulse: including the axis t, tau or omega) → values. */
  data: Record<string, Float64Array>;
}

export interface ExportOptions {
  /** The app writing the export (name and version). */
  exporter?: { name: string; version: string };
  /** ISO 8601 time of the export (default: now). */
  exportedAt?: string;
}

export interface QuantityInfo {
  key: string;
  symbol: string;
  label: string;
  unit: string;
}

/** The table every format writes: axis columns, then one column per quantity; row-major, first axis slowest. */
export interface ExportTable {
  kind: Study['kind'];
  axes: { key: string; values: Float64Array }[];
  shape: number[];
  /** Number of rows (grid points). */
  total: number;
  quantities: QuantityInfo[];
  /** Quantity → values (length `total`). */
  columns: Record<string, Float64Array>;
  /** Row index → reason, for points that failed. */
  failed: Map<number, string>;
  /** Rows never computed (a cancelled study): empty cells, like failed ones, but without a reason. */
  notComputed: Set<number>;
  /** Why there are no values at all (a failed point or trace study), if so. */
  error?: string;
}

/** The export source of a stored study result (as ProjectService.studyResult returns it). */
export function exportSourceOf(doc: ProjectDocument, stored: StoredStudyResult, file?: string): ExportSource {
  const study = doc.studies.find((s) => s.id === stored.studyId);
  if (!study) throw new Error(`internal: study ${stored.studyId} is not in the document`);
  return {
    project: { title: doc.title, ...(file ? { file } : {}) },
    study,
    result: stored.result,
    axes: stored.axes,
    data: stored.data,
  };
}

/**
 * Symbol, label and unit of a quantity key: a model quantity, or an array of a trace study of that
 * kind (default a simulate study's): its axis (`t`, `tau`, `omega`) or a trace `<trace>.<field>`.
 */
export function quantityInfo(model: string, params: ParamValues, key: string, kind: TraceKind = 'simulate'): QuantityInfo {
  const m = findModel(model);
  const q = m?.quantities(params).find((x) => x.key === key);
  if (q) return { key, symbol: q.symbol, label: q.label, unit: q.unit };
  const run = m ? findTraceRun(m, kind) : undefined;
  // a model without the run (an unknown model's stored result): a simulate study's axis is time in s
  const axis = run ? traceAxisOf(run) : kind === 'simulate' ? { symbol: 't', label: 'Time', unit: 's', key: 't' } : undefined;
  if (axis && key === axis.key) return { key, symbol: axis.symbol, label: axis.label, unit: axis.unit };
  const dot = key.lastIndexOf('.');
  const field = (m && run ? traceFieldsAt(m, run, params) : []).find((f) => f.key === key.slice(dot + 1));
  if (dot > 0 && field) return { key, symbol: field.symbol, label: kind === 'simulate' ? `${field.label} (${key.slice(0, dot)} loss)` : `${field.label} (${key.slice(0, dot)})`, unit: field.unit };
  return { key, symbol: key, label: key, unit: '' };
}

/**
 * Symbol, label and unit of any column of an export: a quantity, a trace study's axis, or a
 * sweep's axis (a parameter of the model, or an alias such as Delta: its key, the unit of what it sets).
 */
export function columnInfo(src: ExportSource, table: ExportTable, key: string): QuantityInfo {
  const q = table.quantities.find((x) => x.key === key);
  if (q) return q;
  const model = src.result.provenance.model || src.study.model;
  const params = src.result.provenance.params as ParamValues;
  if (isTraceKind(src.study.kind)) return quantityInfo(model, params, key, src.study.kind);
  const schema = storedSchema(model, params);
  const spec = schema ? findParam(schema, key) : undefined;
  if (spec) return { key, symbol: spec.symbol, label: spec.label, unit: spec.kind === 'number' && spec.unit ? spec.unit : '' };
  const alias = schema?.aliases.find((a) => a.key === key);
  const first = alias && schema ? findParam(schema, alias.sets[0] ?? '') : undefined;
  if (alias) return { key, symbol: key, label: alias.description, unit: first && first.kind === 'number' && first.unit ? first.unit : '' };
  return { key, symbol: key, label: key, unit: '' };
}

/** The axis key of a stored trace study's result: the run's (t, tau, omega), else the one array whose key has no dot, else `t`. */
export function traceAxisKey(model: string, kind: TraceKind, data: Record<string, Float64Array>): string {
  const m = findModel(model);
  const run = m ? findTraceRun(m, kind) : undefined;
  if (run) return traceAxisOf(run).key;
  return Object.keys(data).find((k) => !k.includes('.')) ?? 't';
}

function pointError(result: StoredResult): string | undefined {
  const out = result.output as { error?: { message?: unknown } } | undefined;
  if (result.status === 'failed' && out && typeof out === 'object' && out.error) return String(out.error.message ?? 'failed');
  return undefined;
}

/** The rows and columns of a stored result. */
export function exportTable(src: ExportSource): ExportTable {
  const { study, result } = src;
  const params = result.provenance.params as ParamValues;
  const model = result.provenance.model || study.model;
  const failed = new Map<number, string>();
  const notComputed = new Set<number>();
  const error = pointError(result);

  if (study.kind === 'point') {
    const scalars = ((result.output as { scalars?: Record<string, number> } | undefined)?.scalars ?? {}) as Record<string, number>;
    const known = findModel(model)?.quantities(params).map((q) => q.key) ?? [];
    const keys = [...known.filter((k) => k in scalars), ...Object.keys(scalars).filter((k) => !known.includes(k))];
    const quantities = (keys.length ? keys : known).map((k) => quantityInfo(model, params, k));
    const columns = Object.fromEntries(quantities.map((q) => [q.key, Float64Array.of(typeof scalars[q.key] === 'number' ? scalars[q.key]! : NaN)]));
    if (error) failed.set(0, error);
    return { kind: 'point', axes: [], shape: [], total: 1, quantities, columns, failed, notComputed, ...(error ? { error } : {}) };
  }

  if (isTraceKind(study.kind)) {
    // the run's axis (t, tau or omega), then one column per `<trace>.<field>`
    const kind = study.kind;
    const axisKey = traceAxisKey(model, kind, src.data);
    const t = src.data[axisKey];
    const listed = new Map((result.quantities ?? []).map((q) => [q.key, q]));
    const keys = Object.keys(src.data).filter((k) => k !== axisKey);
    const quantities = keys.map((k) => {
      const q = listed.get(k);
      return q ? { key: q.key, symbol: q.symbol, label: q.label, unit: q.unit } : quantityInfo(model, params, k, kind);
    });
    const total = t?.length ?? 0;
    return {
      kind,
      axes: t ? [{ key: axisKey, values: t }] : [],
      shape: [total],
      total,
      quantities,
      columns: Object.fromEntries(keys.map((k) => [k, src.data[k]!])),
      failed,
      notComputed,
      ...(error ? { error } : {}),
    };
  }

  if (study.kind === 'continuation') return continuationTable(src, model, params, failed, notComputed, error);

  if (study.kind === 'optimize') {
    // the evaluation history: one row per evaluation, in the order they finished
    const ev = src.data.evaluation;
    const quantities = (result.quantities ?? Object.keys(src.data).map((k) => quantityInfo(model, params, k)))
      .filter((q) => q.key !== 'evaluation')
      .map((q) => ({ key: q.key, symbol: q.symbol, label: q.label, unit: q.unit }));
    const total = ev?.length ?? 0;
    const columns: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
    for (const q of quantities) columns[q.key] = src.data[q.key] ?? new Float64Array(total).fill(NaN);
    return { kind: 'optimize', axes: ev ? [{ key: 'evaluation', values: ev }] : [], shape: [total], total, quantities, columns, failed, notComputed, ...(error ? { error } : {}) };
  }

  const shape = result.shape ?? src.axes.map((a) => a.values.length);
  const total = shape.reduce((x, y) => x * y, 1);
  const quantities = (result.quantities ?? Object.keys(src.data).map((k) => quantityInfo(model, params, k))).map((q) => ({ key: q.key, symbol: q.symbol, label: q.label, unit: q.unit }));
  const columns: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>; // keys come from the file
  for (const q of quantities) columns[q.key] = src.data[q.key] ?? new Float64Array(total).fill(NaN);
  for (const f of result.failed ?? []) failed.set(f.index, f.reason);
  if (result.status !== 'succeeded' && quantities.length) {
    // as the job service decides what a resume still has to compute: NaN in the first quantity, not a recorded failure
    const first = columns[quantities[0]!.key]!;
    for (let i = 0; i < total; i++) if (Number.isNaN(first[i]!) && !failed.has(i)) notComputed.add(i);
  }
  return { kind: 'sweep', axes: src.axes, shape, total, quantities, columns, failed, notComputed };
}

/**
 * A continuation result as one table: every branch point (branch after branch; `branch` its index,
 * `stable`, `maxRe`), then the up sweep's values and the down sweep's (`sweep` = +1 up, −1 down;
 * `settled`), with the fields as columns; cells that do not apply to a row are NaN.
 */
function continuationTable(src: ExportSource, model: string, params: ParamValues, failed: Map<number, string>, notComputed: Set<number>, error: string | undefined): ExportTable {
  const vary = (src.result.output as { vary?: unknown } | undefined)?.vary;
  const key = typeof vary === 'string' ? vary : (src.study.continuation?.vary ?? 'p');
  const part = (prefix: string): Record<string, Float64Array> => {
    const out: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
    for (const [k, v] of Object.entries(src.data)) {
      if (prefix ? k.startsWith(prefix) : !k.startsWith('up.') && !k.startsWith('down.')) out[k.slice(prefix.length)] = v;
    }
    return out;
  };
  const parts = [part(''), part('up.'), part('down.')];
  const lengths = parts.map((d) => d[key]?.length ?? 0);
  const total = lengths.reduce((a, b) => a + b, 0);
  const listed = new Map((src.result.quantities ?? []).map((q) => [q.key, q]));
  const keys = new Set<string>(['sweep', 'settled']);
  for (const d of parts) for (const k of Object.keys(d)) if (k !== key) keys.add(k);
  const ordered = [...Object.keys(parts[0]!).filter((k) => k !== key), 'sweep', 'settled', ...[...keys].filter((k) => !(k in parts[0]!) && k !== 'sweep' && k !== 'settled')];
  const columns: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
  const axis = new Float64Array(total);
  for (const k of ordered) columns[k] = new Float64Array(total).fill(NaN);
  let at = 0;
  parts.forEach((d, w) => {
    const n = lengths[w]!;
    if (d[key]) axis.set(d[key]!.subarray(0, n), at);
    for (const [k, v] of Object.entries(d)) if (k !== key && columns[k]) columns[k]!.set(v.subarray(0, n), at);
    if (w > 0) columns.sweep!.fill(w === 1 ? 1 : -1, at, at + n);
    at += n;
  });
  const info = (k: string): QuantityInfo => {
    const q = listed.get(k);
    if (q) return { key: k, symbol: q.symbol, label: q.label, unit: q.unit };
    if (k === 'sweep') return { key: k, symbol: 'sweep', label: 'Time-domain sweep: +1 up, −1 down (empty: a continuation point)', unit: '' };
    if (k === 'settled') return { key: k, symbol: 'settled', label: 'Sweep value came to rest (1) or was still moving (0)', unit: '' };
    return quantityInfo(model, params, k);
  };
  const quantities = ordered.map(info);
  return { kind: 'continuation', axes: [{ key, values: axis }], shape: [total], total, quantities, columns, failed, notComputed, ...(error ? { error } : {}) };
}

/** Axis values of one row, as `key=value` text (for failed-point lists). */
export function describePoint(table: ExportTable, index: number): string {
  if (table.axes.length === 0) return 'the point';
  const at = unravelIndex(table.shape, index);
  return table.axes.map((a, k) => `${a.key}=${formatNumber(a.values[at[k]!]!)}`).join(', ');
}

/**
 * A number as the exports write it: JavaScript's shortest round-trip form (`String(x)`), `inf`,
 * `-inf` and `nan` for the non-finite values (the spellings Python, numpy and pandas read back).
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return String(x);
}

/** Description of each parameter as used: `key = value [unit]  label`, with swept parameters marked. */
export function describeParams(model: string, params: Record<string, number | string>, sweptBy: Map<string, string>): string[] {
  const schema = storedSchema(model, params);
  const keys = Object.keys(params);
  const w = Math.max(0, ...keys.map((k) => k.length));
  return keys.map((k) => {
    const v = params[k]!;
    const spec = schema ? findParam(schema, k) : undefined;
    const value = typeof v === 'number' ? formatNumber(v) : v;
    const unit = spec && spec.kind === 'number' && spec.unit ? ` [${spec.unit}]` : '';
    const label = spec ? `  ${spec.symbol}: ${spec.label}` : '';
    const swept = sweptBy.get(k);
    const unused = spec ? notApplicable(spec, params) : undefined;
    return `${k.padEnd(w)} = ${value}${unit}${label}${swept ? ` — ${swept === VARIED ? 'varied by the search' : `swept by axis ${swept}`}; this base value is not used` : ''}${unused ? ` (not used here: ${unused})` : ''}`;
  });
}

/** What `sweptParams` records for a parameter an optimize study varies. */
export const VARIED = '(varied by the search)';

/** Parameter key → the axis that sets it (aliases expanded), or `as` for every key when given. */
export function sweptParams(model: string, axisKeys: string[], as?: string, params: Record<string, number | string> = {}): Map<string, string> {
  const schema = storedSchema(model, params);
  const out = new Map<string, string>();
  for (const key of axisKeys) {
    const alias = schema?.aliases.find((a) => a.key === key);
    for (const k of alias && !findParam(schema!, key) ? alias.sets : [key]) out.set(k, as ?? key);
  }
  return out;
}

/** The axes as defined in the study: `key: count points from start to stop (spacing)` or the list. */
export function describeAxes(src: ExportSource, table: ExportTable): string[] {
  const defs = src.study.axes ?? [];
  return table.axes.map((a, k) => {
    const def = defs.find((d) => d.key === a.key) ?? defs[k];
    const n = a.values.length;
    if (isTraceKind(src.study.kind)) {
      const unit = axisUnit(src, a.key);
      const span = `${n} samples from ${formatNumber(a.values[0] ?? NaN)} to ${formatNumber(a.values[n - 1] ?? NaN)}${unit ? ` ${unit}` : ''}`;
      return `${a.key}: ${span}${src.study.kind === 'simulate' ? '' : ` (${axisMeaning(src.study.kind)})`}`;
    }
    if (src.study.kind === 'optimize') return `${a.key}: evaluations 1 to ${n}, in the order they finished`;
    if (def && !isListAxis(def)) return `${a.key}: ${n} points from ${formatNumber(def.start)} to ${formatNumber(def.stop)} (${def.spacing ?? 'linear'} spacing)`;
    return `${a.key}: ${n} values ${Array.from(a.values, formatNumber).join(', ')}`;
  });
}

/** Settings and tolerances of the solver that produced the result, as NR Lab applies them. */
export function solverNotes(src: ExportSource): string[] {
  const p = src.result.provenance;
  const params = p.params;
  const lines: string[] = [];
  lines.push(`solver: ${p.solver}`);
  if (p.truncation && Object.keys(p.truncation).length) lines.push(`solver settings: ${Object.entries(p.truncation).map(([k, v]) => `${k} = ${String(v)}`).join(', ')}`);
  if (p.tolerances && Object.keys(p.tolerances).length) lines.push(`tolerances: ${Object.entries(p.tolerances).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ')}`);
  const model = findModel(p.model || src.study.model);
  if (src.study.kind === 'optimize') lines.push(...optimizeNotes(src));
  if (src.study.kind === 'simulate') {
    lines.push(...(model?.simulate?.notes?.(src.result.output) ?? []));
    return lines;
  }
  if (isTraceKind(src.study.kind)) {
    lines.push(...dynamicsNotes(src, model ? findTraceRun(model, src.study.kind) : undefined));
    return lines;
  }
  const stored = (src.result.output as { output?: unknown } | undefined)?.output;
  lines.push(...(model?.solverNotes?.(params, stored, src.data) ?? []));
  return lines;
}

/** The unit of a trace study's axis (the stored catalogue's, else the run's; a simulate study's time is in s). */
function axisUnit(src: ExportSource, key: string): string {
  const listed = src.result.quantities?.find((q) => q.key === key);
  if (listed) return listed.unit;
  const kind = src.study.kind;
  return isTraceKind(kind) ? quantityInfo(src.result.provenance.model || src.study.model, src.result.provenance.params as ParamValues, key, kind).unit : '';
}

/** What the axis of a quantum-dynamics study is, in words (docs/dynamics.md). */
function axisMeaning(kind: TraceKind): string {
  if (kind === 'correlation') return 'the delay τ after the first photon, in the steady state';
  if (kind === 'spectrum') return 'the emitted frequency minus the drive frequency, ω − ω_L; ω > 0 is bluer than the drive';
  return 'time from the start of the run';
}

/** Numbers of a JSON value as `path = value` (nested objects by dots), at most `max` of them. */
function numbersOf(v: unknown, prefix = '', out: string[] = [], max = 40, depth = 0): string[] {
  if (out.length >= max || depth > 4) return out;
  if (typeof v === 'number') out.push(`${prefix} = ${formatNumber(v)}`);
  else if (typeof v === 'string' || typeof v === 'boolean') out.push(`${prefix} = ${String(v)}`);
  else if (v === null && prefix) out.push(`${prefix} = nan`);
  else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) numbersOf(x, prefix ? `${prefix}.${k}` : k, out, max, depth + 1);
  }
  return out;
}

/**
 * A correlation, spectrum or pulse study's notes: what it computes and its convention, the
 * settings as the study gives them (absent: the run's defaults), the run's own notes on how it
 * was computed, and each trace's stored numbers (mean photon number, coherent fraction, photons per
 * pulse, smallest eigenvalue of ρ, integrator statistics …).
 */
function dynamicsNotes(src: ExportSource, run: ModelSimulation | undefined): string[] {
  const kind = src.study.kind as TraceKind;
  const lines: string[] = [];
  if (kind === 'correlation') lines.push('computed: g2(τ) = ⟨a_j† a_k†(τ) a_k(τ) a_j⟩ / (⟨n_j⟩⟨n_k⟩) of each output from the steady state (j = k: auto-correlation; a trace "x,y": output x at 0, y at τ); rates in units of κ, τ in 1/κ');
  else if (kind === 'spectrum') lines.push('computed: the incoherent emission spectrum S(ω) = 2 Re tr[a† (iω − 𝓛)⁻¹ (a ρ_ss − ⟨a⟩ρ_ss)] of each output, ∫ S dω/2π = ⟨a†a⟩ − |⟨a⟩|²; the coherent part is a δ-peak at ω = 0 of weight 2π|⟨a⟩|² (its fraction is in the stored numbers); ω − ω_L in units of κ');
  else if (kind === 'pulse') lines.push('computed: ρ(t) under the drive Ω(t) = amplitude · f(t) at each direction\'s driven mode; flux = κ_j⟨n_j⟩ (photons per unit time out of port j), g2 the equal-time ⟨a†²a²⟩/⟨n⟩²; t in units of 1/κ');
  const output = src.result.output as Record<string, unknown> | undefined;
  // the run's stored output as the run returned it (the result adds each trace's run statistics as `diagnostics`)
  const { diagnostics, error: _error, ...stored } = output && typeof output === 'object' ? output : ({} as Record<string, unknown>);
  const settings = src.study[kind];
  const given = settings && typeof settings === 'object' ? Object.entries(settings) : [];
  lines.push(`study settings: ${given.length ? given.map(([k, v]) => `${k} = ${Array.isArray(v) ? (v.length > 8 ? `[${v.length} values]` : `[${v.join(', ')}]`) : String(v)}`).join(', ') : 'none (the run\'s defaults)'}`);
  if (run?.notes) lines.push(...run.notes(stored));
  else {
    const nums = numbersOf(stored);
    if (nums.length) lines.push(`stored numbers: ${nums.join(', ')}`);
  }
  if (diagnostics && typeof diagnostics === 'object') {
    for (const [name, d] of Object.entries(diagnostics)) {
      const nums = numbersOf(d);
      if (nums.length) lines.push(`${name} run statistics: ${nums.join(', ')}`);
    }
  }
  return lines;
}

/** What an optimize study searched and found: objective, bounds, the optimum, convergence. */
function optimizeNotes(src: ExportSource): string[] {
  const set = src.study.optimize;
  const out = src.result.output as Partial<OptimizeOutput> | undefined;
  const lines: string[] = [];
  const objective = out?.objective ?? set?.objective;
  if (objective) lines.push(`objective: ${objective.goal} ${objective.quantity}`);
  if (set) {
    lines.push('method: Nelder–Mead within the bounds (points projected onto them), restarted from the best point until a restart no longer improves; a failed evaluation counts as the worst value');
    lines.push(`varied: ${set.vary.map((v) => `${v.key} in [${formatNumber(v.lo)}, ${formatNumber(v.hi)}]`).join(', ')}; at most ${set.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS} evaluations`);
  }
  if (out && typeof out.value === 'number') {
    const at = Object.entries(out.optimum ?? {}).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(', ');
    lines.push(`best value: ${formatNumber(out.value)} at ${at || '?'}; ${out.evaluations ?? '?'} evaluations, ${out.restarts ?? 0} restarts, ${out.converged ? 'converged' : 'not converged'}`);
  }
  return lines;
}
