import type { NumberParamSpec } from '../../src-core/models/params';
import { defaultAxisRange } from './study';

/** Positions of a parameter slider (an <input type="range"> from 0 to SLIDER_STEPS). */
export const SLIDER_STEPS = 1000;
/** A positive range spanning at least this ratio is stepped logarithmically. */
export const LOG_RATIO = 25;

export interface SliderScale {
  lo: number;
  hi: number;
  log: boolean;
}

/** A number from a range text of defaultAxisRange ('-pi', '0.5', '3*pi/4'). */
function rangeNumber(text: string): number {
  const t = text.replace(/\s+/g, '');
  const m = /^([-+]?)(\d*\.?\d*(?:e[-+]?\d+)?)?\*?pi(?:\/(\d+))?$/i.exec(t);
  if (m) return (m[1] === '-' ? -1 : 1) * (m[2] ? Number(m[2]) : 1) * Math.PI / (m[3] ? Number(m[3]) : 1);
  return Number(t);
}

/**
 * Whether a numeric parameter gets a slider: continuous (not an integer such as a truncation or a
 * count of modes) and without an 'auto' value.
 */
export function hasSlider(spec: NumberParamSpec): boolean {
  return !spec.integer && spec.auto === undefined;
}

/**
 * The slider's range for a parameter, in the unit shown (`factor`: shown per model unit): the
 * parameter's sweep range when the model gives one, else the first range of a study axis over it
 * (defaultAxisRange), widened to the current value and kept within the parameter's bounds;
 * logarithmic when positive and spanning at least {@link LOG_RATIO}.
 */
export function sliderScale(spec: NumberParamSpec, factor = 1, current?: number): SliderScale {
  const r = defaultAxisRange(spec);
  let lo = rangeNumber(r.start) * factor;
  let hi = rangeNumber(r.stop) * factor;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    lo = -1;
    hi = 1;
  }
  if (current !== undefined && Number.isFinite(current)) {
    lo = Math.min(lo, current);
    hi = Math.max(hi, current);
  }
  if (spec.min !== undefined) lo = Math.max(lo, spec.min * factor);
  if (spec.max !== undefined) hi = Math.min(hi, spec.max * factor);
  if (spec.minExclusive && spec.min !== undefined && lo <= spec.min * factor) lo = spec.min * factor + (hi - spec.min * factor) / SLIDER_STEPS;
  return { lo, hi, log: lo > 0 && hi / lo >= LOG_RATIO };
}

/** The slider position (0 … SLIDER_STEPS) of a value. */
export function toPosition(value: number, s: SliderScale): number {
  const f = s.log ? Math.log(value / s.lo) / Math.log(s.hi / s.lo) : (value - s.lo) / (s.hi - s.lo);
  return Math.round(Math.min(1, Math.max(0, Number.isFinite(f) ? f : 0)) * SLIDER_STEPS);
}

/** The value at a slider position, to 4 significant digits (the ends exactly). */
export function fromPosition(pos: number, s: SliderScale): number {
  const f = Math.min(1, Math.max(0, pos / SLIDER_STEPS));
  if (f === 0) return s.lo;
  if (f === 1) return s.hi;
  const v = s.log ? s.lo * Math.pow(s.hi / s.lo, f) : s.lo + f * (s.hi - s.lo);
  // a value within a thousandth of a step of zero is zero (a linear range across 0)
  if (!s.log && Math.abs(v) < (s.hi - s.lo) / SLIDER_STEPS / 1000) return 0;
  return Number(v.toPrecision(4));
}

/** One wheel notch from a value: 1/100 of the range (up: direction > 0), kept within it. */
export function wheelStep(value: number, s: SliderScale, direction: number): number {
  const pos = toPosition(value, s) + Math.sign(direction) * (SLIDER_STEPS / 100);
  return fromPosition(Math.min(SLIDER_STEPS, Math.max(0, pos)), s);
}
