import { computed, reactive, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue';
import { expandKey, notApplicable, type ParamInput, type ParamSchema, type ParamSpec } from '../../src-core/models/params';
import { formatParamValue } from '../../src-core/figures/format';
import { displayUnit, scaledSpec, toDisplayText, unitFactor, type FrequencyUnit } from '../lib/units';
import { checkParamText } from '../lib/validation';

export interface FieldState {
  /** Disabled fields are neither validated nor sent. */
  disabled: boolean;
  /** Short reason the field is disabled, shown in the empty input ("swept"). */
  note?: string;
  /** The full reason, for the tooltip. */
  reason?: string;
  error?: string;
  /** The evaluated number when the text is valid. */
  value?: number | string;
}

export interface ParamGroup {
  name: string;
  params: ParamSpec[];
}

/**
 * Text state of a generated parameter form: one string per parameter (so expressions such as
 * `-pi/4` are kept as typed), validation with src-core's parser and checks, fields that do not
 * apply (swept keys, and those whose schema `appliesWhen` is not met, e.g. cavity b when N = 2),
 * and errors reported back by the backend.
 *
 * The schema may change (a structural parameter, e.g. a network's modes, decides the others):
 * pass a getter; fields of new parameters start at their defaults.
 *
 * With `frequencyUnit`, angular quantities (rad/s, 1/s) are shown and typed as value/2π in Hz:
 * texts, checks and the evaluated hints are in the shown unit; `params` is in the model's unit.
 */
export function useParamForm(schemaSource: MaybeRefOrGetter<ParamSchema>, sweptKeys: MaybeRefOrGetter<string | string[]>, frequencyUnit?: MaybeRefOrGetter<FrequencyUnit>) {
  const texts = reactive<Record<string, string>>({});
  const current = computed(() => toValue(schemaSource));
  const serverErrors = reactive<Record<string, string>>({});
  const specOf = (key: string): ParamSpec | undefined => current.value.params.find((p) => p.key === key);
  /** stored value = shown value × factor (2π for angular quantities shown in Hz). */
  const factor = (key: string): number => {
    const p = specOf(key);
    return p?.kind === 'number' ? unitFactor(p.unit, toValue(frequencyUnit) ?? 'rad/s') : 1;
  };
  /** The unit shown beside a parameter. */
  const unitOf = (key: string): string => {
    const p = specOf(key);
    return p?.kind === 'number' ? displayUnit(p.unit, toValue(frequencyUnit) ?? 'rad/s') : '';
  };
  function fillDefaults(): void {
    for (const p of current.value.params) if (!(p.key in texts)) texts[p.key] = p.kind === 'number' ? toDisplayText(formatParamValue(p.default), factor(p.key)) : p.default;
  }
  fillDefaults();
  watch(current, fillDefaults);

  /** Concrete parameter → the axis key that sets it (a sweep's axis, or both axes of a map). */
  const swept = computed(() => {
    const keys = toValue(sweptKeys);
    const out = new Map<string, string>();
    for (const axisKey of Array.isArray(keys) ? keys : [keys]) for (const k of safeExpand(current.value, axisKey)) if (!out.has(k)) out.set(k, axisKey);
    return out;
  });

  const groups = computed<ParamGroup[]>(() => {
    const out: ParamGroup[] = [];
    for (const p of current.value.params) {
      let g = out.find((x) => x.name === p.group);
      if (!g) out.push((g = { name: p.group, params: [] }));
      g.params.push(p);
    }
    return out;
  });

  /** Current values of the parameters that others depend on (schema `appliesWhen`), as typed. */
  const conditions = computed(() => {
    const out: Record<string, unknown> = {};
    for (const p of current.value.params) {
      for (const key of Object.keys(p.appliesWhen ?? {})) {
        const spec = current.value.params.find((q) => q.key === key);
        if (!spec) continue;
        if (spec.kind !== 'number') out[key] = texts[key];
        else {
          const r = checkParamText(spec, texts[key] ?? '');
          if (r.ok) out[key] = r.value;
        }
      }
    }
    return out;
  });

  const fields: ComputedRef<Record<string, FieldState>> = computed(() => {
    const out: Record<string, FieldState> = {};
    for (const p of current.value.params) {
      const na = notApplicable(p, conditions.value);
      if (na) {
        out[p.key] = { disabled: true, note: 'n/a', reason: `not used here: ${na}` };
        continue;
      }
      const axisKey = swept.value.get(p.key);
      if (axisKey !== undefined) {
        const sets = [...swept.value].filter(([, a]) => a === axisKey).map(([k]) => k);
        out[p.key] = { disabled: true, note: 'swept', reason: `set by the sweep axis (${axisKey} sets ${sets.join(', ')})` };
        continue;
      }
      const text = texts[p.key] ?? '';
      const server = serverErrors[p.key];
      if (p.kind === 'choice') {
        const ok = p.choices.some((c) => c.value === text);
        out[p.key] = ok ? withError({ disabled: false, value: text }, server) : { disabled: false, error: `choose one of ${p.choices.map((c) => c.value).join(', ')}` };
        continue;
      }
      // a structural (JSON) parameter is edited and checked by its model's own editor
      if (p.kind === 'text') {
        out[p.key] = withError({ disabled: false, value: text }, server);
        continue;
      }
      const r = checkParamText(scaledSpec(p, factor(p.key)), text);
      out[p.key] = r.ok ? withError({ disabled: false, value: r.value }, server) : { disabled: false, error: r.reason };
    }
    return out;
  });

  const valid = computed(() => Object.values(fields.value).every((f) => f.disabled || f.error === undefined));

  /** The values to send: every enabled, valid field (defaults fill the rest on the backend). */
  const params = computed<ParamInput>(() => {
    const out: ParamInput = {};
    for (const [key, f] of Object.entries(fields.value)) {
      if (f.disabled || f.value === undefined) continue;
      const k = factor(key);
      out[key] = typeof f.value === 'number' && k !== 1 ? f.value * k : f.value;
    }
    return out;
  });

  function setText(key: string, text: string): void {
    texts[key] = text;
    delete serverErrors[key];
  }

  function setServerError(key: string, reason: string): boolean {
    if (!current.value.params.some((p) => p.key === key)) return false;
    serverErrors[key] = reason;
    return true;
  }

  function clearServerErrors(): void {
    for (const k of Object.keys(serverErrors)) delete serverErrors[k];
  }

  return { texts, groups, fields, valid, params, setText, setServerError, clearServerErrors, factor, unitOf, get keys() {
      return current.value.params.map((p) => p.key);
    },
  };
}

export type ParamForm = ReturnType<typeof useParamForm>;

function withError(state: FieldState, server: string | undefined): FieldState {
  if (server !== undefined) state.error = server;
  return state;
}

function safeExpand(schema: ParamSchema, key: string): string[] {
  try {
    return expandKey(schema, key);
  } catch {
    return [];
  }
}
