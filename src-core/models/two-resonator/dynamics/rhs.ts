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
 * (outside the zone |ã2| < hγ_k|ã1|; cwSteadyState in ./cw.ts refines h when a state settles inside it).
 */
import type { OdeRhs } from '../../../solvers/low-storage-rk.js';
import { couplings, localExtraLoss, type TwoResonatorParams } from '../params.js';
import { envelopeFunction, type InputWaveform } from './waveforms.js';

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
