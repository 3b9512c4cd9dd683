/** CW steady state of the two-resonator system: run a CW input until the outputs settle (S-parameters of one port). */
import { ComputationError, ParameterError } from '../../../errors.js';
import { integrate, lowStorageWorkspace, type LowStorageScheme } from '../../../solvers/low-storage-rk.js';
import type { TwoResonatorParams } from '../params.js';
import { extraLossBound, linearEigenvalues, twoResonatorDynamics } from './rhs.js';
import type { InputWaveform } from './waveforms.js';

export interface CwSteadyStateOptions {
  /** Driven port. */
  port: 1 | 2;
  /** Input amplitude |σ| (√(energy/time)); default p.amplitude. */
  amplitude?: number;
  scheme?: LowStorageScheme;
  /** Fixed step (s); default 0.05/max|λ| of the linear part. */
  h?: number;
  /** Stop when, over a window, the outputs change by less than rtol·|σ| and the state by less than rtol·|state|. Default 1e-10. */
  rtol?: number;
  /** Window length (s); default 10 times the slowest linear decay time 1/min(−Re λ). */
  window?: number;
  /** Give up after this much simulated time (s) per step size; default 1000 windows. */
  maxTime?: number;
  /**
   * Nonlocal only: how often the step may be divided by 4 when the settled ã2 lies inside the
   * regularisation zone |ã2| < h·γ_k|ã1| (free regime with γ_k just below κ), where the result
   * carries an O(h·γ_k|ã1|) error. Default 6.
   */
  maxRefinements?: number;
}

export interface CwSteadyStateResult {
  /** Rotating-frame amplitudes ã1, ã2 (√energy) and output waves σ_1−, σ_2− (√(energy/time)). */
  a1: { re: number; im: number };
  a2: { re: number; im: number };
  s1Out: { re: number; im: number };
  s2Out: { re: number; im: number };
  /** Ratios σ_j−/σ_port: reflection S_pp and transmission S_qp (q ≠ p) of the driven port p. */
  reflection: { re: number; im: number };
  transmission: { re: number; im: number };
  /** Simulated time (s) until the stop criterion held (or the limit), summed over refinements. */
  time: number;
  converged: boolean;
  /** The last window's relative change. */
  change: number;
  /** Step used at the end (s) and how many times it was refined. */
  h: number;
  refinements: number;
  /** True when the final ã2 still lies in the nonlocal regularisation zone (|ã2| < h·γ_k|ã1|). */
  regularised: boolean;
  steps: number;
  snaps: number;
  wallMs: number;
}

/**
 * Run a CW input (switched on at t = 0, resonators empty) on one port until the rotating-frame
 * outputs settle, and return them with the S-parameters of that port (S21 = σ_2−/σ_1 when driving
 * port 1, S12 = σ_1−/σ_2 when driving port 2). Settled means: over a window of several decay times,
 * sampled at 16 points, no output moved by more than rtol·|σ| and the state by no more than
 * rtol·|state| from its value at the window's end. Runge–Kutta steps keep equilibria exactly, so a
 * settled smooth state is the exact steady state up to rtol, whatever the step. For the nonlocal
 * model, a settled ã2 inside the regularisation zone triggers step refinement (see
 * {@link CwSteadyStateOptions.maxRefinements}).
 *
 * @throws ComputationError when the linear part does not decay (no steady state to approach).
 */
export function cwSteadyState(p: TwoResonatorParams, opts: CwSteadyStateOptions): CwSteadyStateResult {
  const wall0 = performance.now();
  const port = opts.port;
  if (port !== 1 && port !== 2) throw new ParameterError('port', `must be 1 or 2 (got ${String(port)})`);
  const A = opts.amplitude ?? p.amplitude;
  if (!(A !== 0 && Number.isFinite(A))) throw new ParameterError('amplitude', `need a finite non-zero input amplitude (got ${A})`);
  const scheme = opts.scheme ?? 'ck4';
  const rtol = opts.rtol ?? 1e-10;
  const input: InputWaveform = { kind: 'cw', amplitude: A };
  const eig = linearEigenvalues(p, extraLossBound(p, Math.abs(A)));
  const eig0 = linearEigenvalues(p);
  const minDecay = Math.min(-eig0[0]!, -eig0[2]!);
  if (!(minDecay > 0)) {
    throw new ComputationError(`the linear part does not decay (slowest rate ${minDecay} 1/s): no CW steady state to run into`);
  }
  let rho = Math.max(Math.hypot(eig[0]!, eig[1]!), Math.hypot(eig[2]!, eig[3]!));
  if (p.loss === 'nonlocal') rho = Math.max(rho, p.gamma_k);
  let h = opts.h ?? 0.05 / rho;
  const window = opts.window ?? 10 / minDecay;
  const maxTime = opts.maxTime ?? 1000 * window;
  const maxRefinements = opts.maxRefinements ?? 6;
  const dyn = twoResonatorDynamics(p, port, input);
  const ws = lowStorageWorkspace(4);
  const y = new Float64Array(4);
  const K = 16;
  const hist = new Float64Array(4 * (K + 1));
  const r1 = Math.sqrt(2 * p.gamma_1);
  const r2 = Math.sqrt(2 * p.gamma_2);
  let t = 0;
  let steps = 0;
  let change = Infinity;
  let converged = false;
  let refinements = 0;
  const settle = (): void => {
    const tStop = t + maxTime;
    converged = false;
    while (t < tStop) {
      hist.set(y, 0);
      for (let k = 1; k <= K; k++) {
        const tb = t + window / K;
        const st = integrate(dyn.rhs, y, t, tb, { scheme, h, eigenvalues: eig, preStep: dyn.preStep, workspace: ws });
        steps += st.steps;
        t = tb;
        hist.set(y, 4 * k);
      }
      // largest deviation from the window's end, outputs relative to |σ|, state relative to |y_end|
      const yn = Math.hypot(y[0]!, y[1]!, y[2]!, y[3]!);
      let dOut = 0;
      let dState = 0;
      for (let k = 0; k < K; k++) {
        const e0 = hist[4 * k]! - y[0]!;
        const e1 = hist[4 * k + 1]! - y[1]!;
        const e2 = hist[4 * k + 2]! - y[2]!;
        const e3 = hist[4 * k + 3]! - y[3]!;
        dOut = Math.max(dOut, r1 * Math.hypot(e0, e1), r2 * Math.hypot(e2, e3));
        dState = Math.max(dState, Math.hypot(e0, e1, e2, e3));
      }
      change = Math.max(dOut / Math.abs(A), yn > 0 ? dState / yn : 0);
      if (change <= rtol) {
        converged = true;
        return;
      }
    }
  };
  // inside the zone |ã2| < h·γ_k|ã1| (= 2δ) the regularised force differs from the exact one
  const inZone = (): boolean => {
    if (p.loss !== 'nonlocal') return false;
    const m = Math.hypot(y[2]!, y[3]!);
    return m > 0 && m < h * p.gamma_k * Math.hypot(y[0]!, y[1]!);
  };
  settle();
  while (converged && inZone() && refinements < maxRefinements) {
    h /= 4;
    refinements++;
    settle();
  }
  const sr = A; // σ on the driven port (real, phase 0)
  const o1 = { re: -(port === 1 ? sr : 0) + r1 * y[0]!, im: r1 * y[1]! };
  const o2 = { re: -(port === 2 ? sr : 0) + r2 * y[2]!, im: r2 * y[3]! };
  const [refl, trans] = port === 1 ? [o1, o2] : [o2, o1];
  return {
    a1: { re: y[0]!, im: y[1]! },
    a2: { re: y[2]!, im: y[3]! },
    s1Out: o1,
    s2Out: o2,
    reflection: { re: refl.re / A, im: refl.im / A },
    transmission: { re: trans.re / A, im: trans.im / A },
    time: t,
    converged,
    change,
    h,
    refinements,
    regularised: inZone(),
    steps,
    snaps: dyn.counters.snaps,
    wallMs: performance.now() - wall0,
  };
}
