/**
 * What an export is made from: one stored study result of a project with its arrays, and the
 * table view every export format shares (grid axes, kept quantities, one row per grid point,
 * failed and not-computed points). Pure: no I/O.
 */
import type { StoredStudyResult } from '../project/types.js';
import { findModel, storedSchema } from '../models/registry.js';
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
  /** Quantity (sweep) or trace (simulate, including `t`) → values. */
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
  /** Why there are no values at all (a failed point or simulate study), if so. */
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

/** Symbol, label and unit of a quantity key (model quantities, or a simulate trace `<loss>.<field>`). */
export function quantityInfo(model: string, params: ParamValues, key: string): QuantityInfo {
  const m = findModel(model);
  const q = m?.quantities(params).find((x) => x.key === key);
  if (q) return { key, symbol: q.symbol, label: q.label, unit: q.unit };
  const dot = key.lastIndexOf('.');
  const field = m?.simulate?.traceFields.find((f) => f.key === key.slice(dot + 1));
  if (dot > 0 && field) return { key, symbol: field.symbol, label: `${field.label} (${key.slice(0, dot)} loss)`, unit: field.unit };
  if (key === 't') return { key, symbol: 't', label: 'Time', unit: 's' };
  return { key, symbol: key, label: key, unit: '' };
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

  if (study.kind === 'simulate') {
    const t = src.data.t;
    const keys = Object.keys(src.data).filter((k) => k !== 't');
    const quantities = keys.map((k) => quantityInfo(model, params, k));
    const total = t?.length ?? 0;
    return {
      kind: 'simulate',
      axes: t ? [{ key: 't', values: t }] : [],
      shape: [total],
      total,
      quantities,
      columns: Object.fromEntries(keys.map((k) => [k, src.data[k]!])),
      failed,
      notComputed,
      ...(error ? { error } : {}),
    };
  }

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
    if (src.study.kind === 'simulate') return `${a.key}: ${n} samples from ${formatNumber(a.values[0] ?? NaN)} to ${formatNumber(a.values[n - 1] ?? NaN)} s`;
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
  const stored = (src.result.output as { output?: unknown } | undefined)?.output;
  lines.push(...(model?.solverNotes?.(params, stored, src.data) ?? []));
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
