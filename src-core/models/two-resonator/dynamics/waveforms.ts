/** Input waves of the two-resonator time-domain engine: CW (optionally ramped), Gaussian and rectangular pulses. */
import { ParameterError } from '../../../errors.js';

/**
 * Input wave envelope σ(t) on the driven port, rotating frame (units of s_+: √(energy/time)).
 * `amplitude` defaults to the parameters' `amplitude`; `phase` (rad) multiplies it by e^{i·phase}.
 * Times in s.
 */
export type InputWaveform =
  | {
      /** Continuous wave switched on at t = 0; with `ramp` > 0 it rises smoothly over [0, ramp]. */
      kind: 'cw';
      amplitude?: number;
      phase?: number;
      ramp?: number;
    }
  | {
      /** Gaussian pulse σ(t) = A exp(−(t − t0)²/(2τ²)): centre t0, RMS width τ of the amplitude. */
      kind: 'gaussian';
      t0: number;
      tau: number;
      amplitude?: number;
      phase?: number;
    }
  | {
      /**
       * Rectangular pulse occupying [start, start + duration]. With `rise` > 0 it rises smoothly over
       * [start, start + rise] and falls over [start + duration − rise, start + duration]
       * (rise ≤ duration/2); without, it jumps.
       */
      kind: 'rect';
      start: number;
      duration: number;
      rise?: number;
      amplitude?: number;
      phase?: number;
    };

/** C∞ step: 0 for x ≤ 0, 1 for x ≥ 1, e^{−1/x}/(e^{−1/x} + e^{−1/(1−x)}) between. */
export function smoothStep(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const a = Math.exp(-1 / x);
  const b = Math.exp(-1 / (1 - x));
  return a / (a + b);
}

/**
 * The real envelope |σ(t)|·sign of a waveform as a function of t (s), amplitude included (phase not).
 *
 * @throws ParameterError for non-positive widths or durations, or a rise longer than half the pulse.
 */
export function envelopeFunction(w: InputWaveform, defaultAmplitude: number): (t: number) => number {
  const A = w.amplitude ?? defaultAmplitude;
  if (!Number.isFinite(A)) throw new ParameterError('input.amplitude', `must be finite (got ${A})`);
  switch (w.kind) {
    case 'cw': {
      const T = w.ramp ?? 0;
      if (!(T >= 0)) throw new ParameterError('input.ramp', `must be ≥ 0 s (got ${T})`);
      if (T === 0) return (t) => (t >= 0 ? A : 0);
      const iT = 1 / T;
      return (t) => A * smoothStep(t * iT);
    }
    case 'gaussian': {
      if (!(w.tau > 0)) throw new ParameterError('input.tau', `the pulse width must be > 0 s (got ${w.tau})`);
      const c = -1 / (2 * w.tau * w.tau);
      const t0 = w.t0;
      return (t) => A * Math.exp(c * (t - t0) * (t - t0));
    }
    case 'rect': {
      const { start, duration } = w;
      const rise = w.rise ?? 0;
      if (!(duration > 0)) throw new ParameterError('input.duration', `must be > 0 s (got ${duration})`);
      if (!(rise >= 0) || rise > duration / 2) {
        throw new ParameterError('input.rise', `must be between 0 and duration/2 = ${duration / 2} s (got ${rise})`);
      }
      const end = start + duration;
      if (rise === 0) return (t) => (t >= start && t < end ? A : 0);
      const ir = 1 / rise;
      return (t) => A * smoothStep((t - start) * ir) * smoothStep((end - t) * ir);
    }
    default:
      throw new ParameterError('input.kind', `unknown waveform "${String((w as { kind: unknown }).kind)}"; known: cw, gaussian, rect`);
  }
}

/** The peak |σ| of a waveform: its amplitude, or the parameters' amplitude A. */
export function waveformPeak(w: InputWaveform, A: number): number {
  return Math.abs(w.amplitude ?? A);
}

/** The shortest time scale of the waveform (s): Gaussian τ, rect rise (or Infinity). */
export function waveformTimeScale(w: InputWaveform): number {
  if (w.kind === 'gaussian') return w.tau;
  if (w.kind === 'rect') return w.rise && w.rise > 0 ? w.rise : Infinity;
  return w.ramp && w.ramp > 0 ? w.ramp : Infinity;
}
