import { computed, watch, type MaybeRefOrGetter, toValue } from 'vue';
import { expandKey, type ParamInput, type ParamSchema } from '../../src-core/models/params';
import { describeError } from '../lib/errors';
import { formatParamValue } from '../../src-core/figures/format';
import { paramText } from '../lib/project-edit';
import { toDisplayText, toStoredText, type FrequencyUnit } from '../lib/units';
import { useParamForm } from './useParamForm';

/**
 * A generated parameter form over values stored in the project (a study's or a parameter set's):
 * the texts follow the document (undo, redo, edits elsewhere) except where the user is typing;
 * a final value (Enter, leaving the field, a choice) that is valid and differs from the stored one
 * is committed as one undoable edit. Invalid text stays in the field with its reason and is never
 * sent; an error from the backend is shown under the field.
 *
 * With `frequencyUnit` = 'Hz', angular quantities are shown as value/2π and a typed value is
 * stored as `2*pi*<typed>` (the document always holds the model's own unit).
 */
export function useEditableParams(
  schemaSource: MaybeRefOrGetter<ParamSchema>,
  stored: () => ParamInput,
  swept: () => string[],
  commit: (key: string, text: string) => Promise<unknown>,
  frequencyUnit?: MaybeRefOrGetter<FrequencyUnit>,
) {
  const current = computed(() => toValue(schemaSource));
  const form = useParamForm(current, swept, frequencyUnit);
  /** The text each field had when last synced from the document (in the shown unit). */
  const last: Record<string, string> = {};
  const pending = new Map<string, string>();

  function storedTexts(): Record<string, string> {
    const v = stored();
    const schema = current.value;
    const out: Record<string, string> = {};
    for (const p of schema.params) out[p.key] = p.kind === 'number' ? formatParamValue(p.default) : p.default;
    // convenience keys (Delta → Δ_a, Δ_b, Δ_c) first, so concrete keys override them
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined || schema.params.some((p) => p.key === k)) continue;
      try {
        for (const c of expandKey(schema, k)) out[c] = paramText(val);
      } catch {
        // an unknown key: the backend reports it when the study runs
      }
    }
    for (const [k, val] of Object.entries(v)) if (val !== undefined && k in out && schema.params.some((p) => p.key === k)) out[k] = paramText(val);
    for (const k of Object.keys(out)) out[k] = toDisplayText(out[k]!, form.factor(k));
    return out;
  }

  /** Texts follow the document; `force` also replaces what the user has typed (the unit changed). */
  function sync(force = false): void {
    const next = storedTexts();
    for (const [k, t] of Object.entries(next)) {
      const mine = form.texts[k];
      if (force || last[k] === undefined || mine === last[k]) {
        if (mine !== t) form.setText(k, t);
        last[k] = t;
      }
    }
  }
  sync();
  watch(() => JSON.stringify(stored()), () => sync());
  watch(
    () => toValue(frequencyUnit),
    () => sync(true),
  );

  /**
   * Commit a final value: 'committed' (one undoable edit, answered), 'unchanged' (the stored value,
   * or the same value already on its way), 'rejected' (invalid, disabled, or refused: the reason is
   * shown under the field).
   */
  async function onCommit(key: string, text: string): Promise<'committed' | 'unchanged' | 'rejected'> {
    const f = form.fields.value[key];
    if (!f || f.disabled || f.error !== undefined) return 'rejected';
    const t = text.trim();
    if (t === last[key] || pending.get(key) === t) return 'unchanged';
    pending.set(key, t);
    try {
      await commit(key, toStoredText(t, form.factor(key)));
      last[key] = t;
      sync();
      return 'committed';
    } catch (err) {
      form.setServerError(key, describeError(err).reason);
      return 'rejected';
    } finally {
      pending.delete(key);
    }
  }

  /** Show a value in the field that is not stored (a live slider's): the document still holds the old one. */
  function preview(key: string, text: string): void {
    form.setText(key, text);
  }

  /** The field shows its stored value again (a live drag given up). */
  function revert(key: string): void {
    const t = last[key];
    if (t !== undefined) form.setText(key, t);
  }

  return { form, onCommit, sync, preview, revert };
}
