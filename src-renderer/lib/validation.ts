import { NrlabError } from '../../src-core/errors';
import { parseNumber } from '../../src-core/models/expression';
import { checkNumber, type NumberParamSpec } from '../../src-core/models/params';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

function reasonOf(err: unknown): string {
  if (err instanceof NrlabError && err.reason !== undefined) return err.reason;
  return err instanceof Error ? err.message : String(err);
}

/** Parse an expression (`-pi/4`, `sqrt(2)/2`) and check it against the parameter's spec. */
export function checkParamText(spec: NumberParamSpec, text: string): Checked<number | 'auto'> {
  if (spec.auto && text.trim() === 'auto') return { ok: true, value: 'auto' };
  try {
    return { ok: true, value: checkNumber(spec, parseNumber(spec.key, text)) };
  } catch (err) {
    return { ok: false, reason: reasonOf(err) };
  }
}

/** Largest sweep the workbench offers (the backend's own limit is higher). */
export const MAX_SWEEP_POINTS = 2_000_000;

export interface SweepTexts {
  start: string;
  stop: string;
  points: string;
}

export interface SweepAxisValues {
  start: number;
  stop: number;
  count: number;
}

export type SweepField = keyof SweepTexts;

export interface SweepCheck {
  errors: Partial<Record<SweepField, string>>;
  value?: SweepAxisValues;
}

/** Validate the sweep range: finite ends that differ, and an integer number of points in 2..2 000 000. */
export function checkSweep(texts: SweepTexts, axisSpec?: NumberParamSpec): SweepCheck {
  const errors: Partial<Record<SweepField, string>> = {};
  const num = (field: SweepField): number | undefined => {
    try {
      const v = parseNumber(field, texts[field]);
      if (axisSpec && field !== 'points') checkNumber(axisSpec, v, field);
      return v;
    } catch (err) {
      errors[field] = reasonOf(err);
      return undefined;
    }
  };
  const start = num('start');
  const stop = num('stop');
  const count = num('points');
  if (count !== undefined) {
    if (!Number.isInteger(count)) errors.points = `must be an integer, got ${count}`;
    else if (count < 2 || count > MAX_SWEEP_POINTS) errors.points = `must be between 2 and ${MAX_SWEEP_POINTS.toLocaleString('en-US')}, got ${count}`;
  }
  if (start !== undefined && stop !== undefined && start === stop) errors.stop = 'must differ from the start of the range';
  if (Object.keys(errors).length > 0 || start === undefined || stop === undefined || count === undefined) return { errors };
  return { errors, value: { start, stop, count } };
}
