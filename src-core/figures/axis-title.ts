import { expandKey, findParam, type NumberParamSpec, type ParamSchema } from '../models/params';
import { parseSymbol } from './symbols';

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

export function safeExpand(schema: ParamSchema, key: string): string[] {
  try {
    return expandKey(schema, key);
  } catch {
    return [];
  }
}
