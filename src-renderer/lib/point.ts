import { expandKey, type ParamInput, type ParamSchema } from '../../src-core/models/params';
import type { ParameterSet, ProjectDocument, Study } from '../../src-core/project/types';
import { compact } from '../../src-core/figures/format';
import { unravelIndex } from '../../src-core/studies/grid-index';
import { cloneDoc } from './project-edit';
import { studyParams } from '../../src-core/project/fingerprint';
import { numberSpecOf } from './study';
import { parseSymbol, plainSymbol } from '../../src-core/figures/symbols';

/**
 * A point of a study's grid (clicked on a map or a curve): which study, and its row-major index
 * (first axis slowest). What it means — the axis values, the parameters to solve it with, a
 * parameter set made from it — is computed here, without components, so it can be tested.
 */
export interface PointRef {
  studyId: string;
  index: number;
}

/**
 * What a point belongs to, as the point inspector needs it: the model, the parameters the grid
 * was computed at (axes aside), and the grid's stored values — a study of the project (its
 * effective parameters and stored or live data) or the scratch map (the sweep shown).
 */
export interface PointSource {
  kind: 'study' | 'scratch';
  model: string;
  /** Shown as "in …" (rich text). */
  name: string;
  base: ParamInput;
  data: {
    axes: { key: string; values: ArrayLike<number> }[];
    shape: number[];
    data: Record<string, Float64Array>;
    state: Uint8Array;
    failures: Map<number, string>;
  } | null;
  /** Changes whenever `data` changes in place. */
  revision: number;
}

/** The value of one axis of the study at the point (in the model's unit, unscaled). */
export interface AxisValue {
  key: string;
  value: number;
}

/** The axis values of grid point `index` (undefined when the grid has no such point). */
export function gridCoords(axes: { key: string; values: ArrayLike<number> }[], shape: number[], index: number): AxisValue[] | undefined {
  if (!axes.length || !Number.isInteger(index) || index < 0) return undefined;
  const dims = axes.map((a, k) => shape[k] ?? a.values.length);
  const total = dims.reduce((a, b) => a * b, 1);
  if (index >= total) return undefined;
  const at = unravelIndex(dims, index);
  const out: AxisValue[] = [];
  for (let k = 0; k < axes.length; k++) {
    const v = axes[k]!.values[at[k]!];
    if (v === undefined) return undefined;
    out.push({ key: axes[k]!.key, value: v });
  }
  return out;
}

/**
 * The parameters of a point: the study's effective parameters with every axis set to its value.
 * An axis that is a convenience key (Delta sets Δ_a, Δ_b, Δ_c) is passed as that key, and the
 * concrete values it replaces are dropped (the backend lets concrete keys override aliases).
 */
export function pointParams(schema: ParamSchema, base: ParamInput, coords: AxisValue[]): ParamInput {
  const out: ParamInput = { ...base };
  for (const c of coords) {
    let keys: string[] = [];
    try {
      keys = expandKey(schema, c.key);
    } catch {
      keys = [];
    }
    for (const k of keys) delete out[k];
    out[c.key] = c.value;
  }
  return out;
}

/** The plain symbol of an axis key: 'Delta' → 'Δ', 'kappa_b' → 'κ_b'. */
export function axisSymbol(schema: ParamSchema, key: string): string {
  const spec = numberSpecOf(schema, key);
  if (!spec) return key;
  if (spec.key !== key) return parseSymbol(spec.symbol).find((p) => p.kind === 'base')?.text ?? key;
  return plainSymbol(spec.symbol);
}

/** A value with its unit as a physicist writes it: 0.5κ, −0.7854 rad, 6.283e+06 rad/s. */
export function valueWithUnit(v: number, unit: string | undefined): string {
  const t = compact(v);
  if (!unit) return t;
  if (unit === 'κ') return v === 1 ? 'κ' : v === 0 ? '0' : `${t}κ`;
  return `${t} ${unit}`;
}

/** 'Δ = 0.5κ, κ_b = κ': the axis values of a point in words. */
export function coordsText(schema: ParamSchema, coords: AxisValue[]): string {
  return coords.map((c) => `${axisSymbol(schema, c.key)} = ${valueWithUnit(c.value, numberSpecOf(schema, c.key)?.unit)}`).join(', ');
}

/**
 * A parameter set holding the study's effective parameters at the point (an undoable edit of the
 * project): the new document, the set, and the edit's label for the Undo menu.
 */
export function newSetFromPoint(doc: ProjectDocument, study: Study, schema: ParamSchema, coords: AxisValue[], when = new Date()): { doc: ProjectDocument; set: ParameterSet; label: string } {
  const next = cloneDoc(doc);
  const ids = new Set(next.parameterSets.map((p) => p.id));
  const names = new Set(next.parameterSets.map((p) => p.name));
  let n = 1;
  while (ids.has(`point-${n}`)) n++;
  const where = coordsText(schema, coords);
  const base = `${where} (from ${study.name})`;
  let name = base;
  for (let k = 2; names.has(name); k++) name = `${base} ${k}`;
  const set: ParameterSet = {
    id: `point-${n}`,
    name,
    model: study.model,
    params: pointParams(schema, studyParams(doc, study), coords),
    notes: `Made from the point ${where} of the study “${study.name}” on ${when.toISOString().slice(0, 10)}.`,
  };
  next.parameterSets.push(set);
  return { doc: next, set, label: `New parameter set ${where}` };
}
