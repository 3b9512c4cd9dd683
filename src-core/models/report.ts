/**
 * The point inspector's report of one solved point, as a model package builds it: rows of
 * directional quantities side by side, quantities of the point as a whole, diagnostics with the
 * thresholds that flag them, and warnings. Pure data: the renderer draws it and adds nothing
 * model-specific.
 */
import type { QuantitySpec } from './model.js';
import { inDisplayUnit, type FrequencyUnit } from './units.js';

/** One row of a table: a label in paper notation, its explanation, one value per column. */
export interface ReportRow {
  key: string;
  label: string;
  title: string;
  unit: string;
  /** Numbers are formatted by the table; strings are shown as they are. */
  cells: (number | string | null)[];
  /** Per cell: the value is suspicious (shown in the warning colour). */
  bad?: boolean[];
}

export interface PointReport {
  /** Column titles of the directional tables (e.g. 'a→c', 'c→a'; a network has one per output pair). */
  columns: string[];
  /** Quantities with a value per driving direction. */
  paired: ReportRow[];
  /** Quantities of the point as a whole. */
  single: ReportRow[];
  /** Diagnostics per direction (same columns) and of the point as a whole. */
  diagnostics: ReportRow[];
  diagnosticsSingle: ReportRow[];
  /** Relative change of each observable at the next truncation (when the model checks one). */
  changes: { key: string; label: string; value: number; bad: boolean }[];
  /** The same as table rows: directional observables side by side, then the others. */
  changeRows: ReportRow[];
  changesTolerance?: number;
  warnings: string[];
  /** The output has distributions (photon numbers): `distributions` is not empty. */
  hasDistributions: boolean;
  /** Distributions of the point, one per driving direction (drawn as bars by the renderer). */
  distributions: ReportDistribution[];
}

/** Distributions of one driving direction: per mode, P(m) and the Poisson distribution 𝒫(m) of the same mean. */
export interface ReportDistribution {
  /** The direction's key (e.g. 'a_to_c'), for test ids. */
  key: string;
  /** e.g. 'Driven at a (a→c)'. */
  title: string;
  modes: { name: string; measured: number[]; poisson: number[] }[];
}

export interface ReportOptions {
  /** How angular quantities are shown. */
  pref: FrequencyUnit;
  /** How a number inside a text cell is written (e.g. a band 'lo … hi'), as the renderer formats numbers. */
  format: (v: number) => string;
}

export type Obj = Record<string, unknown>;
export const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);
export const objOf = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

/** An empty report with these direction columns. */
export function emptyReport(columns: string[]): PointReport {
  return { columns, paired: [], single: [], diagnostics: [], diagnosticsSingle: [], changes: [], changeRows: [], warnings: [], hasDistributions: false, distributions: [] };
}

/**
 * Rows for the scalars not shown in a paired row, labelled from the catalogue and ordered as the
 * model lists its quantities.
 */
export function singleRows(scalars: Record<string, number>, catalogue: QuantitySpec[], used: Set<string>, pref: FrequencyUnit): ReportRow[] {
  const q = new Map(catalogue.map((s) => [s.key, s]));
  const single: ReportRow[] = [];
  for (const [key, v] of Object.entries(scalars)) {
    if (used.has(key)) continue;
    const s = q.get(key);
    const unit = s?.unit ?? '';
    const c = inDisplayUnit(v, unit, pref);
    single.push({ key, label: s?.symbol ?? key, title: s ? `${s.label}${unit ? ` (${unit})` : ''}` : key, unit: unit === 'dB' ? 'dB' : c.unit, cells: [c.v] });
  }
  const order = catalogue.map((s) => s.key);
  single.sort((a, b) => (order.indexOf(a.key) + 1 || 1e9) - (order.indexOf(b.key) + 1 || 1e9));
  return single;
}

/**
 * A directional quantity and its twin in the other direction, forward first (the direction the
 * catalogue lists first), or undefined when `key` has no twin in the catalogue.
 */
export function directionalPair(catalogue: readonly QuantitySpec[], key: string): [string, string] | undefined {
  const q = catalogue.find((x) => x.key === key);
  const twin = q?.twin !== undefined ? catalogue.find((x) => x.key === q.twin) : undefined;
  if (!q || !twin) return undefined;
  const first = catalogue.find((x) => x.direction !== undefined)?.direction;
  return q.direction === first ? [q.key, twin.key] : [twin.key, q.key];
}

/** The value at a dotted path of a JSON output ('a_to_c.P_c'), or undefined. */
export function valueAtPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
