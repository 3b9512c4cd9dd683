import { expandKey, findParam, type NumberParamSpec, type ParamSchema } from '../../src-core/models/params';
import { formatCount, formatParamValue } from './format';
import { parseSymbol } from './symbols';
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

/** The spec of a numeric key (for an alias, the first parameter it sets). */
export function numberSpecOf(schema: ParamSchema, key: string): NumberParamSpec | undefined {
  const spec = findParam(schema, safeExpand(schema, key)[0] ?? '');
  return spec?.kind === 'number' ? spec : undefined;
}

/**
 * An axis title in paper notation with its unit: κ_b/κ for rates in units of κ, θ (rad), K for a
 * pure number. For an alias (Δ sets Δ_a, Δ_b, Δ_c) the symbol without its subscript.
 */
export function axisTitle(schema: ParamSchema, key: string): string {
  const spec = numberSpecOf(schema, key);
  if (!spec) return key;
  let symbol = spec.symbol;
  if (spec.key !== key) symbol = parseSymbol(spec.symbol).find((p) => p.kind === 'base')?.text ?? key;
  if (spec.unit === 'κ') return `${symbol}/κ`;
  if (spec.unit) return `${symbol} (${spec.unit})`;
  return symbol;
}

/**
 * A sensible first range for a newly chosen axis: the phase over a full turn, rates from their
 * lower bound to three times the default (κ_b: 0…3, as in the paper's Fig. 2), anything else
 * ±2 around its default.
 */
export function defaultAxisRange(spec: NumberParamSpec, points = '101'): SweepTexts {
  const def = typeof spec.default === 'number' ? spec.default : 1;
  if (spec.unit === 'rad') return { start: '-pi', stop: 'pi', points };
  if (spec.min !== undefined && def > spec.min) {
    const start = spec.minExclusive ? formatParamValue(Number(((def - spec.min) / 10 + spec.min).toPrecision(3))) : formatParamValue(spec.min);
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

function safeExpand(schema: ParamSchema, key: string): string[] {
  try {
    return expandKey(schema, key);
  } catch {
    return [];
  }
}
