/**
 * Up/down sweeps in the time domain (issue 18: "up/down time-domain sweeps overlaid to show the
 * hysteresis the stability predicts"): the drive's frequency ω or amplitude |s+| stepped through
 * `steps` values from lo to hi and back, and at each value the CW-driven equations integrated
 * (low-storage Runge–Kutta, `settle`) from the state the previous value left, until the state no
 * longer changes. This is the stepped sweep of an experiment: the system stays on the branch it is
 * on until that branch ends (a fold) and then jumps, so the up and down sweeps part where the
 * continuation finds two stable branches. Nothing here uses the continuation: it is an independent
 * check of its stability verdicts.
 */
import { ParameterError } from '../../errors.js';
import type { TcmtDrive, TcmtSystem } from './rhs.js';
import { sParameters, settle } from './steady.js';

export interface TcmtSweepRun {
  /** The parameter's values in the order they were visited. */
  p: Float64Array;
  /** The state after each value's run (2N reals). */
  x: Float64Array[];
  /** S_qp per port q at each value (the drive's port p). */
  S: { re: number; im: number }[][];
  /** The run at each value settled (changed < 1e-8 relative over 10 decay times; false: still moving, e.g. oscillating). */
  settled: boolean[];
  /** Runge–Kutta steps taken, in all. */
  steps: number;
}

/** Most values per sweep direction. */
export const MAX_SWEEP_STEPS = 2001;

/**
 * The up sweep (lo → hi, from rest at lo) and the down sweep (hi → lo, from where the up sweep
 * ended) of `vary`, `steps` values each, the rest of the drive as given.
 * @throws ParameterError naming `steps` or `vary`.
 */
export function hysteresisSweep(sys: TcmtSystem, drive: TcmtDrive, vary: 'omega' | 'amplitude', lo: number, hi: number, steps: number): { up: TcmtSweepRun; down: TcmtSweepRun } {
  if (vary !== 'omega' && vary !== 'amplitude') throw new ParameterError('vary', `must be omega or amplitude, got ${String(vary)}`);
  if (!Number.isInteger(steps) || steps < 2 || steps > MAX_SWEEP_STEPS) throw new ParameterError('steps', `must be a whole number from 2 to ${MAX_SWEEP_STEPS}, got ${String(steps)}`);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new ParameterError('vary', `the range must be finite with lo < hi, got ${lo} … ${hi}`);
  if (vary === 'amplitude' && !(lo > 0)) throw new ParameterError('vary', `an amplitude sweep must start above 0 (S = s−/s+), got ${lo}`);
  const values = Array.from({ length: steps }, (_, k) => (k === steps - 1 ? hi : lo + ((hi - lo) * k) / (steps - 1)));
  const run = (order: number[], start: Float64Array | undefined): TcmtSweepRun => {
    const out: TcmtSweepRun = { p: Float64Array.from(order), x: [], S: [], settled: [], steps: 0 };
    let x = start;
    for (const p of order) {
      const d: TcmtDrive = vary === 'omega' ? { ...drive, omega: p } : { ...drive, amplitude: p };
      const r = settle(sys, d, x);
      x = r.x;
      out.x.push(Float64Array.from(r.x));
      out.S.push(sParameters(sys, d, r.x));
      out.settled.push(r.converged);
      out.steps += r.steps;
    }
    return out;
  };
  const up = run(values, undefined);
  const down = run([...values].reverse(), up.x[up.x.length - 1]);
  return { up, down };
}
