import type { NumberParamSpec, ParamSchema } from '../../src-core/models/params';
import { formatCount, formatParamValue } from '../../src-core/figures/format';
export { axisTitle, numberSpecOf } from '../../src-core/figures/axis-title';
import { safeExpand } from '../../src-core/figures/axis-title';
import { MAX_SWEEP_POINTS, type SweepTexts } from './validation';

/** A parameter the map's second axis can run over. */
export interface AxisChoice {
  key: string;
  symbol: string;
  label: string;
  unit: string;
}

/**
 * Parameters a 2-D map can use as its second axis: every continuous numeric parameter of the
 * schema (integers such as the truncation or the number of cavities are not maps' axes), except
 * those the first axis already sets (Δ sets Δ_a, Δ_b, Δ_c).
 */
export function mapAxisChoices(schema: ParamSchema, firstKey: string): AxisChoice[] {
  const taken = new Set(safeExpand(schema, firstKey));
  const out: AxisChoice[] = [];
  for (const p of schema.params) {
    if (p.kind !== 'number' || p.integer || taken.has(p.key)) continue;
    out.push({ key: p.key, symbol: p.symbol, label: p.label, unit: p.unit });
  }
  return out;
}



/**
 * A sensible first range for a newly chosen axis: the model's own (`sweep`) where it gives one, the phase over a full turn, rates from their
 * lower bound to three times the default (κ_b: 0…3, as in the paper's Fig. 2), anything else
 * ±2 around its default.
 */
export function defaultAxisRange(spec: NumberParamSpec, points = '101'): SweepTexts {
  const def = typeof spec.default === 'number' ? spec.default : 1;
  if (spec.sweep && spec.sweep[0] < spec.sweep[1]) return { start: formatParamValue(Number(spec.sweep[0].toPrecision(6))), stop: formatParamValue(Number(spec.sweep[1].toPrecision(6))), points };
  if (spec.unit === 'rad') return { start: '-pi', stop: 'pi', points };
  // a lower bound of the physics (0, or a small positive floor); a negative one is only the finite range
  if (spec.min !== undefined && spec.min >= 0 && def > spec.min) {
    const start = spec.minExclusive
      ? formatParamValue(Number(((def - spec.min) / 10 + spec.min).toPrecision(3)))
      : spec.min > 0
        ? formatParamValue(Math.max(spec.min, Number((def / 10).toPrecision(3))))
        : formatParamValue(spec.min);
    return { start, stop: formatParamValue(Number((3 * def).toPrecision(6))), points };
  }
  return { start: formatParamValue(Number((def - 2).toPrecision(6))), stop: formatParamValue(Number((def + 2).toPrecision(6))), points };
}

/** Why a map of n1 × n2 points cannot run (undefined when it can). */
export function checkMapSize(n1: number, n2: number): string | undefined {
  const total = n1 * n2;
  if (total > MAX_SWEEP_POINTS) {
    return `the map has ${formatCount(n1)} × ${formatCount(n2)} = ${formatCount(total)} points; at most ${formatCount(MAX_SWEEP_POINTS)}`;
  }
  return undefined;
}

