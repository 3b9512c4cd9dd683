/**
 * Time-domain engine of the two-resonator system (seed 003, eq. 1–2): temporal coupled-mode
 * theory integrated with low-storage Runge–Kutta schemes, for every loss model.
 *
 * Frame rotating at the drive frequency ω: a_j(t) = ã_j(t) e^{iωt}, s_j+(t) = σ_j(t) e^{iωt}, with
 * Δ_j = ω − ω_j and G_j = γ_j + γ_j0 + iΔ_j (all rates in rad/s, time in s):
 *
 *   dã1/dt = −G1 ã1 + iκ_21 ã2 + √(2γ_1) σ_1(t)
 *   dã2/dt = −(G2 + γ_extra(|ã2|²)) ã2 + iκ_12 ã1 + √(2γ_2) σ_2(t) − F_nl
 *   σ_j−   = −σ_j + √(2γ_j) ã_j                                   (s_j− = −s_j+ + √(2γ_j) a_j)
 *
 * γ_extra is `localExtraLoss` (kerr, saturable); F_nl = γ_k |ã1| · ã2/|ã2| for `nonlocal` only.
 * State vector: y = [Re ã1, Im ã1, Re ã2, Im ã2] (units of ã: √energy).
 *
 * ## The nonlocal force near ã2 = 0
 * F_nl has the bounded magnitude R = γ_k|ã1| and the direction of ã2, undefined at ã2 = 0: it is
 * Coulomb friction. Write f0 = iκ_12 ã1 + √(2γ_2) σ_2 for the drive of mode 2 that does not
 * depend on ã2. If |f0| ≤ R ("stick" condition) the exact (Filippov) solution can rest at ã2 = 0,
 * and it does: for a forward drive with γ_k ≥ κ, S21 is exactly 0. A fixed-step explicit scheme
 * integrating the raw force instead chatters around 0 with amplitude ~h·R, and the tangential
 * (phase) dynamics of ã2 has the rate R/|ã2|, which is unstable for an explicit step once
 * |ã2| < h·R/2.5 — even when the solution does not stick (γ_k slightly below κ).
 *
 * Remedy implemented here (a sliding mode combined with a regularised phasor; see docs/numerics.md, "Time domain"):
 * 1. On ã2 = 0 exactly the force takes the Filippov minimal-norm value: dã2/dt = 0 while
 *    |f0| ≤ R(1 + 1e-12) (static friction balances the drive), else dã2/dt = f0 (1 − R/|f0|)
 *    (ã2 leaves zero along f0, continuously at the threshold).
 * 2. For ã2 ≠ 0 the unit phasor is regularised: u = ã2 / max(|ã2|, δ) with δ = h·R/2 (h the current
 *    step), F_nl = R·u. Where |ã2| ≥ δ this is the exact force; below δ it is a linear loss of rate
 *    R/δ = 2/h, which every scheme here integrates stably (real-axis limits 2.51 and 4.66), so the
 *    phase never chatters. |ã1|/|ã2| is never formed as a factor; |u| ≤ 1 always.
 * 3. Before each step, if the stick condition holds and 0 < |ã2| ≤ δ, ã2 is set to exactly 0
 *    (counted as a "snap"); from then on rule 1 keeps it there for as long as the stick condition
 *    holds. The error of a snap is at most δ = h·γ_k|ã1|/2, once.
 * In smooth regimes (|ã2| ≫ hγ_k|ã1|) nothing of this is active and the schemes keep their order;
 * every Runge–Kutta method keeps the equilibria of the ODE exactly, so CW steady states are exact
 * (outside the zone |ã2| < hγ_k|ã1|; {@link cwSteadyState} refines h when a state settles inside it).
 */
import { ComputationError, ParameterError } from '../../errors.js';
import {
  formatNumber,
  integrate,
  lowStorageWorkspace,
  LOW_STORAGE_SCHEMES,
  type IntegrateStats,
  type LowStorageScheme,
  type OdeRhs,
} from '../../solvers/low-storage-rk.js';
import { couplings, localExtraLoss, type TwoResonatorParams } from './params.js';

/** Relative slack of the stick test |f0| ≤ R: absorbs rounding when γ_k = κ exactly. */
const STICK_RTOL = 1e-12;
/**
 * Absolute slack of the stick test (units of dã/dt): below this the forces are treated as zero,
 * where subnormal arithmetic has no relative precision left (e.g. a ramp starting at e^{−1/x}).
 */
const STICK_ATOL = 1e-290;

/** √(x² + y²) without underflow or overflow of the squares (fast path for ordinary magnitudes). */
function mag(x: number, y: number): number {
  const s = x * x + y * y;
  return s > 1e-280 && s < 1e280 ? Math.sqrt(s) : Math.hypot(x, y);
}

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

/** Right-hand side and step hook of the model for one drive; see the module comment. */
export interface TwoResonatorDynamics {
  rhs: OdeRhs;
  /** Sets the regularisation width δ = hγ_k|ã1|/2 for the coming step and snaps ã2 to 0 when stuck. */
  preStep: (t: number, y: Float64Array, h: number) => number;
  /** Input σ of the driven port at t (rotating frame), written to out = [re, im]. */
  input: (t: number, out: Float64Array) => void;
  /** Number of times ã2 was set to 0 on the sliding surface. */
  readonly counters: { snaps: number };
}

/**
 * Build the right-hand side for parameters p driven at `port` with waveform `input`.
 * The regularisation of the nonlocal force uses the step announced through `preStep`
 * (integrate() calls it before every step); without it, the raw unit phasor is used.
 */
export function twoResonatorDynamics(p: TwoResonatorParams, port: 1 | 2, input: InputWaveform): TwoResonatorDynamics {
  const env = envelopeFunction(input, p.amplitude);
  const ph = input.phase ?? 0;
  const cph = Math.cos(ph);
  const sph = Math.sin(ph);
  const { k12, k21 } = couplings(p);
  const g1 = p.gamma_1 + p.gamma_10;
  const d1 = p.omega - p.omega_1;
  const g2 = p.gamma_2 + p.gamma_20;
  const d2 = p.omega - p.omega_2;
  const r1 = Math.sqrt(2 * p.gamma_1);
  const r2 = Math.sqrt(2 * p.gamma_2);
  // input coupling into mode 1 and mode 2 (only one is non-zero)
  const in1 = port === 1 ? r1 : 0;
  const in2 = port === 2 ? r2 : 0;
  const nonlocal = p.loss === 'nonlocal';
  const local = p.loss === 'kerr' || p.loss === 'saturable';
  const gk = p.gamma_k;
  const counters = { snaps: 0 };
  // δ = halfH·R; 0 until a step is announced
  let halfH = 0;

  const rhs: OdeRhs = (t, y, d) => {
    const e = env(t);
    const sr = e * cph;
    const si = e * sph;
    const a1r = y[0]!;
    const a1i = y[1]!;
    const a2r = y[2]!;
    const a2i = y[3]!;
    d[0] = -g1 * a1r + d1 * a1i - k21 * a2i + in1 * sr;
    d[1] = -g1 * a1i - d1 * a1r + k21 * a2r + in1 * si;
    const f0r = -k12 * a1i + in2 * sr;
    const f0i = k12 * a1r + in2 * si;
    let b2r: number;
    let b2i: number;
    if (local) {
      const ge = g2 + localExtraLoss(p, a2r * a2r + a2i * a2i);
      b2r = -ge * a2r + d2 * a2i + f0r;
      b2i = -ge * a2i - d2 * a2r + f0i;
    } else {
      b2r = -g2 * a2r + d2 * a2i + f0r;
      b2i = -g2 * a2i - d2 * a2r + f0i;
    }
    if (nonlocal) {
      const R = gk * mag(a1r, a1i);
      if (a2r !== 0 || a2i !== 0) {
        // regularised unit phasor u = ã2 / max(|ã2|, δ), |u| ≤ 1
        const m = Math.max(mag(a2r, a2i), halfH * R);
        b2r -= R * (a2r / m);
        b2i -= R * (a2i / m);
      } else {
        // on ã2 = 0: Filippov minimal-norm selection (here b2 = f0)
        const fm = mag(f0r, f0i);
        if (fm <= R * (1 + STICK_RTOL) + STICK_ATOL) {
          b2r = 0;
          b2i = 0;
        } else {
          const c = 1 - R / fm; // R < fm: 0 < c ≤ 1
          b2r = f0r * c;
          b2i = f0i * c;
        }
      }
    }
    d[2] = b2r;
    d[3] = b2i;
  };

  const preStep = (t: number, y: Float64Array, h: number): number => {
    halfH = 0.5 * h;
    if (!nonlocal) return h;
    const a2r = y[2]!;
    const a2i = y[3]!;
    if (a2r === 0 && a2i === 0) return h;
    const a1r = y[0]!;
    const a1i = y[1]!;
    const R = gk * mag(a1r, a1i);
    if (mag(a2r, a2i) > halfH * R) return h;
    const e = env(t);
    const f0r = -k12 * a1i + in2 * e * cph;
    const f0i = k12 * a1r + in2 * e * sph;
    if (mag(f0r, f0i) <= R * (1 + STICK_RTOL) + STICK_ATOL) {
      y[2] = 0;
      y[3] = 0;
      counters.snaps++;
    }
    return h;
  };

  const inputAt = (t: number, out: Float64Array): void => {
    const e = env(t);
    out[0] = e * cph;
    out[1] = e * sph;
  };

  return { rhs, preStep, input: inputAt, counters };
}

/**
 * Eigenvalues (1/s, interleaved re, im) of the linear part [[−G1, iκ21], [iκ12, −(G2 + L)]] of the
 * rotating-frame equations, with L an extra real loss on mode 2 (1/s).
 */
export function linearEigenvalues(p: TwoResonatorParams, extraLoss2 = 0, out = new Float64Array(4)): Float64Array {
  const { k12, k21 } = couplings(p);
  // M = [[m11, m12], [m21, m22]]
  const m11r = -(p.gamma_1 + p.gamma_10);
  const m11i = -(p.omega - p.omega_1);
  const m22r = -(p.gamma_2 + p.gamma_20 + extraLoss2);
  const m22i = -(p.omega - p.omega_2);
  // λ = μ ± √(q² + m12·m21), μ = (m11 + m22)/2, q = (m11 − m22)/2, m12·m21 = (iκ21)(iκ12) = −κ12κ21
  const mur = 0.5 * (m11r + m22r);
  const mui = 0.5 * (m11i + m22i);
  const qr = 0.5 * (m11r - m22r);
  const qi = 0.5 * (m11i - m22i);
  const dr = qr * qr - qi * qi - k12 * k21;
  const di = 2 * qr * qi;
  // principal complex square root
  const mod = Math.sqrt(dr * dr + di * di);
  let sr = Math.sqrt(0.5 * (mod + dr));
  let si = Math.sqrt(0.5 * (mod - dr));
  if (di < 0) si = -si;
  if (!Number.isFinite(sr)) sr = 0;
  out[0] = mur + sr;
  out[1] = mui + si;
  out[2] = mur - sr;
  out[3] = mui - si;
  return out;
}

/**
 * Largest extra loss rate (1/s) the nonlinear terms can add to mode 2 for inputs up to |σ| ≤ sMax,
 * used for the fixed-step stability check and default steps: saturable γ_nl; kerr γ_nl|ã2|²_max
 * with |ã2| ≤ √(2γ) sMax / min(γ_j + γ_j0) (energy bound for κ_12 = κ_21); nonlocal 0 (its
 * stiffness is capped at 2/h by the regularisation). An estimate, not a guarantee.
 */
export function extraLossBound(p: TwoResonatorParams, sMax: number): number {
  if (p.loss === 'saturable') return Math.max(0, p.gamma_nl);
  if (p.loss === 'kerr') {
    const gmin = Math.min(p.gamma_1 + p.gamma_10, p.gamma_2 + p.gamma_20);
    const rmax = Math.sqrt(2 * Math.max(p.gamma_1, p.gamma_2));
    const aMax = gmin > 0 ? (rmax * Math.abs(sMax)) / gmin : 0;
    return Math.max(0, p.gamma_nl * aMax * aMax);
  }
  return 0;
}

function waveformPeak(w: InputWaveform, A: number): number {
  return Math.abs(w.amplitude ?? A);
}

/** The shortest time scale of the waveform (s): Gaussian τ, rect rise (or Infinity). */
function waveformTimeScale(w: InputWaveform): number {
  if (w.kind === 'gaussian') return w.tau;
  if (w.kind === 'rect') return w.rise && w.rise > 0 ? w.rise : Infinity;
  return w.ramp && w.ramp > 0 ? w.ramp : Infinity;
}

export interface SimulateOptions {
  /** Driven port. */
  port: 1 | 2;
  input: InputWaveform;
  /** End time (s); the run starts at t = 0. */
  tEnd: number;
  /** Number of output samples, equally spaced on [0, tEnd] including both ends (≥ 2). */
  samples: number;
  /** Default 'ck4'. */
  scheme?: LowStorageScheme;
  /**
   * Fixed step (s): the step taken is sample spacing / ⌈spacing / h⌉ ≤ h (intervals between samples
   * are first split at the edges of a hard rectangular pulse, so no step straddles a jump).
   * Refused (ParameterError naming `h`) outside the scheme's stability region for the linear part.
   * When neither `h` nor `adaptive` is given: h = min(0.05/max|λ|, τ/20) with λ the linear
   * eigenvalues and τ the waveform's shortest time scale.
   */
  h?: number;
  /**
   * Step-doubling control. atol (units of ã) defaults to rtol·√(2γ_max)|σ|/min(γ_j + γ_j0), the
   * scale of the amplitudes.
   */
  adaptive?: { rtol: number; atol?: number; hInit?: number; hMin?: number; hMax?: number };
  /** Initial amplitudes ã1, ã2 as [re, im] (√energy); default 0. */
  initial?: { a1?: readonly [number, number]; a2?: readonly [number, number] };
  maxSteps?: number;
}

export interface SimulationDiagnostics {
  scheme: LowStorageScheme;
  steps: number;
  rejected: number;
  rhsEvals: number;
  /** Smallest and largest accepted step (s). */
  hMin: number;
  hMax: number;
  /** Times ã2 was set to exactly 0 on the sliding surface (nonlocal only). */
  snaps: number;
  wallMs: number;
}

/** Sampled time traces; complex arrays are interleaved (re, im), rotating frame. */
export interface SimulationResult {
  /** Sample times (s). */
  t: Float64Array;
  /** Input envelope on the driven port, σ (complex) and |σ| (√(energy/time)). */
  sIn: Float64Array;
  sInAbs: Float64Array;
  /** Output waves σ_1−, σ_2− (complex) and their moduli |s_1−|, |s_2−| (√(energy/time)). */
  s1Out: Float64Array;
  s2Out: Float64Array;
  s1OutAbs: Float64Array;
  s2OutAbs: Float64Array;
  /** Resonator amplitudes ã1, ã2 (complex) and |a1|, |a2| (√energy). */
  a1: Float64Array;
  a2: Float64Array;
  a1Abs: Float64Array;
  a2Abs: Float64Array;
  diagnostics: SimulationDiagnostics;
}

/** Decide fixed step / adaptive settings and run the stability check data. */
function stepPlan(
  p: TwoResonatorParams,
  input: InputWaveform,
  h: number | undefined,
  adaptive: SimulateOptions['adaptive'],
): { h?: number; adaptive?: { rtol: number; atol: number; hInit?: number; hMin?: number; hMax?: number }; eig: Float64Array } {
  const sMax = waveformPeak(input, p.amplitude);
  const eig = linearEigenvalues(p, extraLossBound(p, sMax));
  if (adaptive) {
    if (!(adaptive.rtol > 0)) throw new ParameterError('adaptive.rtol', `must be > 0 (got ${adaptive.rtol})`);
    const gmin = Math.min(p.gamma_1 + p.gamma_10, p.gamma_2 + p.gamma_20);
    const scale = gmin > 0 ? (Math.sqrt(2 * Math.max(p.gamma_1, p.gamma_2)) * sMax) / gmin : sMax;
    const atol = adaptive.atol ?? adaptive.rtol * (scale > 0 ? scale : 1);
    return { adaptive: { ...adaptive, atol }, eig };
  }
  if (h !== undefined) return { h, eig };
  let rho = 0;
  for (let k = 0; k < 4; k += 2) rho = Math.max(rho, Math.hypot(eig[k]!, eig[k + 1]!));
  if (p.loss === 'nonlocal') rho = Math.max(rho, p.gamma_k);
  const hDefault = Math.min(rho > 0 ? 0.05 / rho : Infinity, waveformTimeScale(input) / 20);
  if (!Number.isFinite(hDefault)) throw new ParameterError('h', 'cannot choose a default step for a system without rates: pass h');
  return { h: hDefault, eig };
}

/**
 * Integrate the two-resonator system from t = 0 (resonators empty unless `initial`) to tEnd with
 * the input on one port, sampling the traces at `samples` equally spaced times.
 *
 * @throws ParameterError for bad options (a fixed step outside the stability region names `h`).
 * @throws ComputationError when the state becomes non-finite or the step control fails.
 * @example
 * const r = simulate(p, { port: 1, input: { kind: 'gaussian', t0: 20e-6, tau: 4e-6 }, tEnd: 60e-6, samples: 601, h: 2e-9 });
 * // r.s2OutAbs: |s2−(t)|, zero for a perfect isolator
 */
export function simulate(p: TwoResonatorParams, opts: SimulateOptions): SimulationResult {
  const wall0 = performance.now();
  const { port, input, tEnd, samples } = opts;
  if (port !== 1 && port !== 2) throw new ParameterError('port', `must be 1 or 2 (got ${String(port)})`);
  if (!(tEnd > 0) || !Number.isFinite(tEnd)) throw new ParameterError('tEnd', `must be a positive finite time in s (got ${tEnd})`);
  if (!Number.isInteger(samples) || samples < 2) throw new ParameterError('samples', `must be an integer ≥ 2 (got ${samples})`);
  const scheme = opts.scheme ?? 'ck4';
  if (!LOW_STORAGE_SCHEMES[scheme]) throw new ParameterError('scheme', `unknown scheme "${String(scheme)}"; known: williamson3, ck4`);
  const plan = stepPlan(p, input, opts.h, opts.adaptive);
  const dyn = twoResonatorDynamics(p, port, input);
  const dt = tEnd / (samples - 1);
  if (plan.h !== undefined && (!(plan.h > 0) || !Number.isFinite(plan.h))) {
    throw new ParameterError('h', `fixed step must be a positive finite time in s (got ${plan.h})`);
  }

  const y = new Float64Array(4);
  if (opts.initial?.a1) {
    y[0] = opts.initial.a1[0];
    y[1] = opts.initial.a1[1];
  }
  if (opts.initial?.a2) {
    y[2] = opts.initial.a2[0];
    y[3] = opts.initial.a2[1];
  }
  const out = {
    t: new Float64Array(samples),
    sIn: new Float64Array(2 * samples),
    sInAbs: new Float64Array(samples),
    s1Out: new Float64Array(2 * samples),
    s2Out: new Float64Array(2 * samples),
    s1OutAbs: new Float64Array(samples),
    s2OutAbs: new Float64Array(samples),
    a1: new Float64Array(2 * samples),
    a2: new Float64Array(2 * samples),
    a1Abs: new Float64Array(samples),
    a2Abs: new Float64Array(samples),
  };
  const r1 = Math.sqrt(2 * p.gamma_1);
  const r2 = Math.sqrt(2 * p.gamma_2);
  const sig = new Float64Array(2);
  const record = (k: number, t: number): void => {
    dyn.input(t, sig);
    const s1r = port === 1 ? sig[0]! : 0;
    const s1i = port === 1 ? sig[1]! : 0;
    const s2r = port === 2 ? sig[0]! : 0;
    const s2i = port === 2 ? sig[1]! : 0;
    const o1r = -s1r + r1 * y[0]!;
    const o1i = -s1i + r1 * y[1]!;
    const o2r = -s2r + r2 * y[2]!;
    const o2i = -s2i + r2 * y[3]!;
    out.t[k] = t;
    out.sIn[2 * k] = sig[0]!;
    out.sIn[2 * k + 1] = sig[1]!;
    out.sInAbs[k] = Math.hypot(sig[0]!, sig[1]!);
    out.s1Out[2 * k] = o1r;
    out.s1Out[2 * k + 1] = o1i;
    out.s2Out[2 * k] = o2r;
    out.s2Out[2 * k + 1] = o2i;
    out.s1OutAbs[k] = Math.hypot(o1r, o1i);
    out.s2OutAbs[k] = Math.hypot(o2r, o2i);
    out.a1[2 * k] = y[0]!;
    out.a1[2 * k + 1] = y[1]!;
    out.a2[2 * k] = y[2]!;
    out.a2[2 * k + 1] = y[3]!;
    out.a1Abs[k] = Math.hypot(y[0]!, y[1]!);
    out.a2Abs[k] = Math.hypot(y[2]!, y[3]!);
  };

  const diag: SimulationDiagnostics = { scheme, steps: 0, rejected: 0, rhsEvals: 0, hMin: Infinity, hMax: 0, snaps: 0, wallMs: 0 };
  const ws = lowStorageWorkspace(4);
  const maxSteps = opts.maxSteps ?? 1e8;
  record(0, 0);
  let hNext = plan.adaptive?.hInit;
  // jumps of the input (hard-edged rectangular pulse) become step boundaries, so no step straddles one
  const breaks = input.kind === 'rect' && !(input.rise && input.rise > 0) ? [input.start, input.start + input.duration] : [];
  const run = (ta: number, tb: number): void => {
    let st: IntegrateStats;
    try {
      st = integrate(dyn.rhs, y, ta, tb, {
        scheme,
        h: plan.h,
        adaptive: plan.adaptive ? { ...plan.adaptive, hInit: hNext ?? plan.adaptive.hInit ?? dt / 10 } : undefined,
        eigenvalues: plan.eig,
        preStep: dyn.preStep,
        workspace: ws,
        maxSteps: maxSteps - diag.steps - diag.rejected,
      });
    } catch (e) {
      if (e instanceof ParameterError && e.param === 'h' && plan.h !== undefined && opts.h !== undefined) {
        throw new ParameterError(
          'h',
          `${e.reason ?? e.message} (requested h = ${formatNumber(opts.h)} s, split to fit the sample spacing ${formatNumber(dt)} s)`,
        );
      }
      throw e;
    }
    hNext = st.hNext;
    diag.steps += st.steps;
    diag.rejected += st.rejected;
    diag.rhsEvals += st.rhsEvals;
    diag.hMin = Math.min(diag.hMin, st.hMin);
    diag.hMax = Math.max(diag.hMax, st.hMax);
  };
  for (let k = 1; k < samples; k++) {
    let ta = (k - 1) * dt;
    const tb = k === samples - 1 ? tEnd : k * dt;
    for (const b of breaks) {
      // skip breakpoints within rounding of a segment end
      if (b > ta + 1e-9 * dt && b < tb - 1e-9 * dt) {
        run(ta, b);
        ta = b;
      }
    }
    run(ta, tb);
    record(k, tb);
  }
  diag.snaps = dyn.counters.snaps;
  diag.wallMs = performance.now() - wall0;
  return { ...out, diagnostics: diag };
}

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
