import { ref, watch } from 'vue';
import { parseNumber } from '../../src-core/models/expression';
import type { NumberParamSpec } from '../../src-core/models/params';
import { formatParamValue } from '../../src-core/figures/format';
import { isAngular, type FrequencyUnit } from '../../src-core/models/units';

/**
 * Display units of parameter editors. Models store their own units, as their schemas state them
 * (angular frequencies in rad/s and rates in 1/s, or normalised units such as κ); the user
 * may read and type angular quantities as ordinary frequencies instead (value/2π, Hz).
 * Conversions apply both ways: what is shown is divided by 2π, what is typed is multiplied by 2π
 * before it is stored — as an expression (`2*pi*1.2e6`), so the stored value is exact and the
 * displayed one reads back exactly as typed.
 */

export { displayUnit, isAngular, unitFactor, type FrequencyUnit } from '../../src-core/models/units';

const STORAGE_KEY = 'nrlab.frequencyUnit';

/** Whether any numeric parameter of a schema can be shown in Hz. */
export function hasAngular(params: { kind: string; unit?: string }[]): boolean {
  return params.some((p) => p.kind === 'number' && isAngular(p.unit));
}

const PLAIN = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const TWO_PI_TIMES = /^\s*2\s*\*\s*pi\s*\*\s*(.+?)\s*$/;

/** Strip one pair of parentheses around a whole expression: '(a+b)' → 'a+b', '(a)*(b)' unchanged. */
function unwrap(t: string): string {
  if (!t.startsWith('(') || !t.endsWith(')')) return t;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')') depth--;
    if (depth === 0 && i < t.length - 1) return t;
  }
  return t.slice(1, -1).trim();
}

/** A converted number as a short text: 12 significant digits, then as a physicist types it. */
function shortText(v: number): string {
  return formatParamValue(Number(v.toPrecision(12)));
}

/**
 * The text to show for a stored value (a number or an expression as typed): unchanged when no
 * conversion applies; `2*pi*X` shows X; anything else is evaluated and divided. 'auto' and text
 * that is not a number stay as they are (the field reports them).
 */
export function toDisplayText(stored: string, factor: number): string {
  if (factor === 1) return stored;
  const t = stored.trim();
  if (t === '' || t === 'auto') return t;
  if (factor === 2 * Math.PI) {
    const m = TWO_PI_TIMES.exec(t);
    if (m) return unwrap(m[1]!);
  }
  try {
    return shortText(parseNumber('value', t) / factor);
  } catch {
    return t;
  }
}

/** The value to store for a displayed text: `2*pi*X` for a value typed in Hz. */
export function toStoredText(display: string, factor: number): string {
  const t = display.trim();
  if (factor === 1 || t === '' || t === 'auto') return t;
  if (factor === 2 * Math.PI) return PLAIN.test(t) ? `2*pi*${t.replace(/^\+/, '')}` : `2*pi*(${t})`;
  return `${factor}*(${t})`;
}

/** A number in the model's unit as shown (axes store numbers, not expressions): `digits` significant digits. */
export function toDisplayNumber(v: number, factor: number, digits = 9): number {
  return factor === 1 ? v : Number((v / factor).toPrecision(digits));
}

/** A parameter spec as the editor checks typed values: bounds and default in the shown unit. */
export function scaledSpec(spec: NumberParamSpec, factor: number): NumberParamSpec {
  if (factor === 1) return spec;
  return {
    ...spec,
    ...(spec.min !== undefined ? { min: spec.min / factor } : {}),
    ...(spec.max !== undefined ? { max: spec.max / factor } : {}),
    default: spec.default === 'auto' ? 'auto' : spec.default / factor,
  };
}

function stored(): FrequencyUnit {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'Hz' ? 'Hz' : 'rad/s';
  } catch {
    return 'rad/s';
  }
}

/** The user's choice for angular quantities, shared by every editor and remembered (localStorage). */
export const frequencyUnit = ref<FrequencyUnit>(stored());

watch(
  frequencyUnit,
  (u) => {
    try {
      localStorage.setItem(STORAGE_KEY, u);
    } catch {
      // not remembered across sessions
    }
  },
  { flush: 'sync' },
);

/** Read the stored choice again (a new window, or a test that cleared the storage). */
export function reloadFrequencyUnit(): void {
  frequencyUnit.value = stored();
}
