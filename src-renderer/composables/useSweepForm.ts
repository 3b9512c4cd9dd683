import { computed, reactive, toValue, type MaybeRefOrGetter } from 'vue';
import type { NumberParamSpec } from '../../src-core/models/params';
import { checkSweep, type SweepField, type SweepTexts } from '../lib/validation';

export const SWEEP_DEFAULTS: SweepTexts = { start: '-2', stop: '2', points: '401' };

/**
 * The range of one study axis as typed (from, to, points), with validation against the swept
 * parameter's spec and backend-reported errors. The spec may change (the map's second axis is
 * chosen by the user), so it is read through a getter.
 */
export function useSweepForm(axisSpec?: MaybeRefOrGetter<NumberParamSpec | undefined>, defaults: SweepTexts = SWEEP_DEFAULTS) {
  const texts = reactive<SweepTexts>({ ...defaults });
  const serverErrors = reactive<Partial<Record<SweepField, string>>>({});
  const check = computed(() => checkSweep(texts, toValue(axisSpec)));
  const errors = computed<Partial<Record<SweepField, string>>>(() => ({ ...serverErrors, ...check.value.errors }));
  const valid = computed(() => check.value.value !== undefined && Object.keys(errors.value).length === 0);

  function setText(field: SweepField, text: string): void {
    texts[field] = text;
    delete serverErrors[field];
  }

  /** Replace all three texts (e.g. a sensible range for a newly chosen parameter). */
  function setTexts(next: SweepTexts): void {
    for (const f of ['start', 'stop', 'points'] as const) setText(f, next[f]);
  }

  function setServerError(field: SweepField, reason: string): void {
    serverErrors[field] = reason;
  }

  function clearServerErrors(): void {
    for (const k of Object.keys(serverErrors) as SweepField[]) delete serverErrors[k];
  }

  return { texts, errors, valid, axis: computed(() => check.value.value), setText, setTexts, setServerError, clearServerErrors };
}

export type SweepForm = ReturnType<typeof useSweepForm>;
