/**
 * A continuation study's run (project kind 'continuation'; the pool's 'continue' task): the
 * model's every-branch continuation over one parameter (`ModelDefinition.continuation`) and, when
 * the model has one and it is asked for, its up/down time-domain sweep, laid out for storage as
 * flat arrays (a project result stores arrays, not nested lists):
 *
 * - `<vary>` (e.g. `omega`), `branch` (0, 1, … per point), `stable` (1/0), `maxRe` and one array per
 *   field (`S21.abs`, `a.r1.abs`, …): every branch's points, branch after branch;
 * - `up.<vary>`, `up.settled` (1/0), `up.<field>` and the same for `down.`: the sweeps' values in
 *   the order visited;
 * - `output`: the range, the port, per branch its label, first index, length, folds (with the
 *   fields there), stability segments and why its ends stopped; the sweep's size; the notes.
 *
 * Pure (no I/O): the same on the pool, in tests and on the command line.
 */
import { ParameterError } from '../errors.js';
import type { ContinuationBranch, ModelDefinition, QuantitySpec } from '../models/model.js';
import type { ParamInput } from '../models/params.js';
import { getModel, resolveModelParams } from '../models/registry.js';

/** The settings of a continuation study (project/types.ts ContinuationSettings, kept here for the pool task). */
export interface ContinuationRunSettings {
  vary: string;
  from: number;
  to: number;
  port?: number;
  maxPoints?: number;
  sweepSteps?: number;
}

/** The default number of values of each sweep direction. */
export const DEFAULT_SWEEP_STEPS = 81;

export interface StoredBranch {
  label: string;
  /** Index of the branch's first point in the flat arrays, and its number of points. */
  start: number;
  length: number;
  folds: ContinuationBranch['folds'];
  segments: ContinuationBranch['segments'];
  ends: ContinuationBranch['ends'];
}

/** A continuation study's JSON output (StoredResult.output). */
export interface ContinuationOutput {
  vary: string;
  port: number;
  range: [number, number];
  branches: StoredBranch[];
  /** The time-domain sweep: values per direction, and how many did not settle. Absent: none run. */
  sweep?: { steps: number; unsettled: number };
  notes: string[];
}

export interface ContinuationRunResult {
  arrays: Record<string, Float64Array>;
  /** The catalogue of the arrays (symbol, label, unit), the varied parameter first. */
  quantities: QuantitySpec[];
  output: ContinuationOutput;
}

/** The varied parameter as a quantity (its symbol, label and unit from the model's schema). */
export function variedQuantity(model: ModelDefinition, vary: string): QuantitySpec {
  const p = model.schema.params.find((x) => x.key === vary);
  return p && p.kind === 'number' ? { key: vary, symbol: p.symbol, label: p.label, unit: p.unit } : { key: vary, symbol: vary, label: vary, unit: '' };
}

/** The model's continuation, or a ParameterError naming the models that have one. */
export function continuationOf(model: ModelDefinition): NonNullable<ModelDefinition['continuation']> {
  if (model.continuation) return model.continuation;
  throw new ParameterError('kind', `the ${model.id} model has no continuation, so no continuation study; models with one: tcmt-network`);
}

/** Run a continuation study: branches (and the sweep), flattened for storage. */
export function runContinuationStudy(modelId: string, params: ParamInput, settings: ContinuationRunSettings): ContinuationRunResult {
  const model = getModel(modelId);
  const cont = continuationOf(model);
  const values = resolveModelParams(model, params);
  const port = settings.port ?? 1;
  const req = { vary: settings.vary, lo: settings.from, hi: settings.to, port, ...(settings.maxPoints !== undefined ? { maxPoints: settings.maxPoints } : {}) };
  const r = cont.run(values, req);
  const fields = cont.fields(values, port);
  const n = r.branches.reduce((t, b) => t + b.p.length, 0);
  const arrays: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
  const flat = (key: string): Float64Array => (arrays[key] = new Float64Array(n));
  const pArr = flat(settings.vary);
  const branchArr = flat('branch');
  const stableArr = flat('stable');
  const maxReArr = flat('maxRe');
  const fieldArr = fields.map((f) => [f.key, flat(f.key)] as const);
  const branches: StoredBranch[] = [];
  let at = 0;
  r.branches.forEach((b, k) => {
    const m = b.p.length;
    pArr.set(b.p, at);
    maxReArr.set(b.maxRe, at);
    for (let i = 0; i < m; i++) {
      branchArr[at + i] = k;
      stableArr[at + i] = b.stable[i] ? 1 : 0;
    }
    for (const [key, arr] of fieldArr) {
      const v = b.values[key];
      if (v) arr.set(v, at);
      else arr.fill(NaN, at, at + m);
    }
    branches.push({ label: b.label, start: at, length: m, folds: b.folds, segments: b.segments, ends: b.ends });
    at += m;
  });
  const vq = variedQuantity(model, settings.vary);
  const quantities: QuantitySpec[] = [
    vq,
    { key: 'branch', symbol: 'branch', label: 'Branch (0, 1, …)', unit: '' },
    { key: 'stable', symbol: 'stable', label: 'Linearly stable (1) or unstable (0)', unit: '' },
    { key: 'maxRe', symbol: 'max Re λ', label: 'Largest real part of the Jacobian eigenvalues', unit: '1/s' },
    ...fields,
  ];
  const notes = [...r.notes];
  const steps = settings.sweepSteps ?? (cont.sweep ? DEFAULT_SWEEP_STEPS : 0);
  let sweep: ContinuationOutput['sweep'];
  if (steps > 0) {
    if (!cont.sweep) throw new ParameterError('sweepSteps', `the ${model.id} model has no time-domain sweep; set it to 0`);
    const s = cont.sweep(values, { ...req, steps });
    for (const [dir, run] of [['up', s.up], ['down', s.down]] as const) {
      arrays[`${dir}.${settings.vary}`] = Float64Array.from(run.p);
      arrays[`${dir}.settled`] = Float64Array.from(run.settled, (x) => (x ? 1 : 0));
      for (const f of fields) arrays[`${dir}.${f.key}`] = Float64Array.from(run.values[f.key] ?? new Float64Array(run.p.length).fill(NaN));
      const word = dir === 'up' ? 'up sweep' : 'down sweep';
      quantities.push(
        { key: `${dir}.${settings.vary}`, symbol: vq.symbol, label: `${vq.label} (${word})`, unit: vq.unit },
        { key: `${dir}.settled`, symbol: 'settled', label: `Came to rest (1) or still moving (0) (${word})`, unit: '' },
        ...fields.map((f) => ({ key: `${dir}.${f.key}`, symbol: f.symbol, label: `${f.label} (${word})`, unit: f.unit })),
      );
    }
    sweep = { steps, unsettled: s.up.settled.filter((x) => !x).length + s.down.settled.filter((x) => !x).length };
    notes.push(...s.notes);
  }
  return {
    arrays,
    quantities,
    output: { vary: settings.vary, port, range: [settings.from, settings.to], branches, ...(sweep ? { sweep } : {}), notes },
  };
}
