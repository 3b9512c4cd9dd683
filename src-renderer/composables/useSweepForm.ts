import { computed, reactive } from 'vue';
import type { NumberParamSpec } from '../../src-core/models/params';
import { checkSweep, type SweepField, type SweepTexts } from '../lib/validation';

export const SWEEP_DEFAULTS: SweepTexts = { start: '-2', stop: '2', points: '401' };

/** The Δ/κ range of the sweep as typed, with validation and backend-reported errors. */
export function useSweepForm(axisSpec?: NumberParamSpec) {
  const texts = reactive<SweepTexts>({ ...SWEEP_DEFAULTS });
  const serverErrors = reactive<Partial<Record<SweepField, string>>>({});
  const check = computed(() => checkSweep(texts, axisSpec));
  const errors = computed<Partial<Record<SweepField, string>>>(() => ({ ...serverErrors, ...check.value.errors }));
  const valid = computed(() => check.value.value !== undefined && Object.keys(errors.value).length === 0);

  function setText(field: SweepField, text: string): void {
    texts[field] = text;
    delete serverErrors[field];
  }

  function setServerError(field: SweepField, reason: string): void {
    serverErrors[field] = reason;
  }

  function clearServerErrors(): void {
    for (const k of Object.keys(serverErrors) as SweepField[]) delete serverErrors[k];
  }

  return { texts, errors, valid, axis: computed(() => check.value.value), setText, setServerError, clearServerErrors };
}

export type SweepForm = ReturnType<typeof useSweepForm>;
