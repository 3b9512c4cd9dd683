import { ParameterError } from '../errors.js';
import { parseNumber } from './expression.js';

/** A numeric model parameter, described for validation, the CLI and generated editors. */
export interface NumberParamSpec {
  kind: 'number';
  key: string;
  /** Symbol in paper notation, Unicode (e.g. 'κ_b', 'Δ_a', 'θ'). */
  symbol: string;
  label: string;
  /** Unit shown beside the value, e.g. 'κ' (normalised to the cavity loss), 'rad'. */
  unit: string;
  description: string;
  /** Where the parameter appears in the founding paper, e.g. 'seed 000, eq. 3'. */
  ref: string;
  group: string;
  /** 'auto' only when {@link NumberParamSpec.auto} is set. */
  default: number | 'auto';
  /** When set, the literal value 'auto' is accepted (e.g. a truncation chosen by a convergence test). */
  auto?: string;
  min?: number;
  /** When true the minimum itself is not allowed (value > min). */
  minExclusive?: boolean;
  max?: number;
  /**
   * Why the value is bounded by min/max beyond what the physics allows (e.g. the range the
   * solver resolves in double precision); shown in the error instead of the description.
   */
  rangeReason?: string;
  /** A first range when the parameter becomes a sweep axis (absent: one from its default and bounds). */
  sweep?: [number, number];
  integer?: boolean;
  appliesWhen?: AppliesWhen;
}

/**
 * The parameter matters only when every listed parameter has one of the listed values (e.g. the
 * Kerr strength only with solver = quantum); editors disable it otherwise.
 */
export type AppliesWhen = Record<string, (string | number)[]>;

export interface ChoiceParamSpec {
  kind: 'choice';
  key: string;
  symbol: string;
  label: string;
  description: string;
  ref: string;
  group: string;
  default: string;
  choices: { value: string; label: string }[];
  appliesWhen?: AppliesWhen;
}

/**
 * A structural parameter whose value is a JSON text (the network model's `network`: its modes,
 * couplings and directions). The model checks the content (ModelDefinition.schemaFor); here the
 * text is only required to be JSON, and is stored compact so equal structures compare equal.
 * It is edited by the model's own editor, never swept.
 */
export interface TextParamSpec {
  kind: 'text';
  key: string;
  symbol: string;
  label: string;
  description: string;
  ref: string;
  group: string;
  default: string;
  format: 'json';
  appliesWhen?: AppliesWhen;
}

export type ParamSpec = NumberParamSpec | ChoiceParamSpec | TextParamSpec;

/** A convenience key that sets several parameters at once (e.g. Delta → Delta_a, Delta_b, Delta_c). */
export interface AliasSpec {
  key: string;
  sets: string[];
  description: string;
}

export type ParamValues = Record<string, number | string>;
export type ParamInput = Record<string, number | string | undefined>;

export interface ParamSchema {
  params: ParamSpec[];
  aliases: AliasSpec[];
}

export function findParam(schema: ParamSchema, key: string): ParamSpec | undefined {
  return schema.params.find((p) => p.key === key);
}

/** The concrete keys a (possibly alias) key sets. */
export function expandKey(schema: ParamSchema, key: string): string[] {
  if (findParam(schema, key)) return [key];
  const alias = schema.aliases.find((a) => a.key === key);
  if (alias) return alias.sets;
  const known = [...schema.params.map((p) => p.key), ...schema.aliases.map((a) => a.key)];
  throw new ParameterError(key, `unknown parameter; known keys: ${known.join(', ')}`);
}

/** True when `key` names a numeric parameter or an alias over numeric parameters. */
export function isNumericKey(schema: ParamSchema, key: string): boolean {
  return expandKey(schema, key).every((k) => findParam(schema, k)?.kind === 'number');
}

/** Check one numeric value against its spec; returns it or throws a ParameterError naming the key. */
export function checkNumber(spec: NumberParamSpec, v: number, key: string = spec.key): number {
  if (!Number.isFinite(v)) throw new ParameterError(key, `must be a finite number, got ${v}`);
  if (spec.integer && !Number.isInteger(v)) throw new ParameterError(key, `must be an integer, got ${v}`);
  if (spec.min !== undefined) {
    if (spec.minExclusive ? v <= spec.min : v < spec.min) {
      const rel = spec.minExclusive ? '>' : '≥';
      throw new ParameterError(key, `must be ${rel} ${spec.min} (${spec.rangeReason ?? spec.description}), got ${v}`);
    }
  }
  if (spec.max !== undefined && v > spec.max) {
    throw new ParameterError(key, `must be ≤ ${spec.max} (${spec.rangeReason ?? spec.description}), got ${v}`);
  }
  return v;
}

/** A short description of a value that is neither a number nor a text, for error messages. */
function describeValue(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'a list';
  return typeof raw === 'object' ? 'an object' : `a ${typeof raw}`;
}

function coerce(spec: ParamSpec, raw: number | string, key: string): number | string {
  // values arrive from JSON over the API too: anything but a number or a text is refused here
  if (typeof raw !== 'number' && typeof raw !== 'string') {
    throw new ParameterError(key, `must be a number or a text such as "0.5" or "sqrt(2)/2", got ${describeValue(raw)}`);
  }
  if (spec.kind === 'text') {
    if (typeof raw !== 'string') throw new ParameterError(key, `must be a JSON text, got ${describeValue(raw)}`);
    try {
      return JSON.stringify(JSON.parse(raw));
    } catch (e) {
      throw new ParameterError(key, `is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (spec.kind === 'choice') {
    const s = String(raw).trim();
    if (!spec.choices.some((c) => c.value === s)) {
      throw new ParameterError(key, `must be one of ${spec.choices.map((c) => c.value).join(', ')}, got "${s}"`);
    }
    return s;
  }
  if (spec.auto && typeof raw === 'string' && raw.trim() === 'auto') return 'auto';
  const v = typeof raw === 'number' ? raw : parseNumber(key, raw);
  return checkNumber(spec, v, key);
}

/**
 * Defaults overlaid with `input`. Aliases are applied before concrete keys, so `Delta=1` with
 * `Delta_b=0` sets Δ_a = Δ_c = 1 and Δ_b = 0 whatever the order. Every error names the key.
 */
export function resolveParams(schema: ParamSchema, input: ParamInput): ParamValues {
  const out: ParamValues = {};
  for (const p of schema.params) out[p.key] = p.default;
  const entries = Object.entries(input).filter(([, v]) => v !== undefined) as [string, number | string][];
  const isAlias = (k: string): boolean => !findParam(schema, k) && schema.aliases.some((a) => a.key === k);
  for (const pass of [true, false]) {
    for (const [key, raw] of entries) {
      if (isAlias(key) !== pass) continue;
      for (const target of expandKey(schema, key)) {
        out[target] = coerce(findParam(schema, target)!, raw, key);
      }
    }
  }
  return out;
}

export function num(values: ParamValues, key: string): number {
  const v = values[key];
  if (typeof v !== 'number') throw new Error(`internal: parameter ${key} is not resolved to a number`);
  return v;
}

/** Why a parameter does not apply for these values (undefined when it does). */
export function notApplicable(spec: ParamSpec, values: Record<string, unknown>): string | undefined {
  for (const [key, allowed] of Object.entries(spec.appliesWhen ?? {})) {
    const v = values[key];
    if (v !== undefined && !allowed.some((a) => String(a) === String(v))) return `only with ${key} = ${allowed.join(' or ')}`;
  }
  return undefined;
}
