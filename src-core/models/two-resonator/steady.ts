/**
 * CW steady states of the two-resonator system (seed 003, eq. 1) at drive frequency ω, from
 * port 1 or port 2, for every loss model; S-parameters from s_j− = −s_j+ + √(2γ_j) a_j.
 *
 * In the frame rotating at ω (a_j = ã_j e^{iωt}), with G_j = γ_j + γ_j0 + iΔ_j, Δ_j = ω − ω_j:
 *   0 = −G1 a1 + iκ_21 a2 + √(2γ_1) s1
 *   0 = −(G2 + γ_extra) a2 + iκ_12 a1 + √(2γ_2) s2 − γ_k |a1| a2/|a2|   (last term: nonlocal only)
 *
 * Nonlocal, driven at port 1 (exact): a2 = x e^{iψ} a1 with |x G2 + γ_k| = κ, a quadratic in
 * x ≥ 0. For γ_k < κ it has exactly one positive root; for γ_k ≥ κ none, and the friction-like
 * term holds a2 at exactly 0 (S21 = 0 exactly, not numerical noise).
 * Nonlocal, driven at port 2: |a1| = κ|a2|/|G1|, so the term is a linear extra loss γ_k κ/|G1|.
 * Local nonlinear (Kerr-like, saturable): with u = |a2|², a real scalar equation
 * u·|A + γ_nl f(u)|² = C, a cubic polynomial in u whose roots in [0, C/(Re A)²] are all found
 * (monotone pieces between the critical points, bisection); several roots mean multistability.
 */
import { ComputationError } from '../../errors.js';
import { couplings, localExtraLoss, type TwoResonatorParams } from './params.js';

export interface Complex {
  re: number;
  im: number;
}

const c = (re: number, im = 0): Complex => ({ re, im });
const add = (a: Complex, b: Complex): Complex => c(a.re + b.re, a.im + b.im);
const sub = (a: Complex, b: Complex): Complex => c(a.re - b.re, a.im - b.im);
const mul = (a: Complex, b: Complex): Complex => c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
const div = (a: Complex, b: Complex): Complex => {
  const d = b.re * b.re + b.im * b.im;
  return c((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
};
const scale = (a: Complex, s: number): Complex => c(a.re * s, a.im * s);
export const cabs = (a: Complex): number => Math.hypot(a.re, a.im);
const I = c(0, 1);

/** One steady state driven at one port: cavity amplitudes and the two output waves per unit input. */
export interface PortSolution {
  a1: Complex;
  a2: Complex;
  /** Reflection S_pp and transmission S_qp (driven at p). */
  reflection: Complex;
  transmission: Complex;
}

export interface PortSteadyState {
  /** The branch reached from low power (smallest |a2|), or the unique solution. */
  primary: PortSolution;
  /** All solutions (more than one for a multistable local nonlinear loss). */
  solutions: PortSolution[];
}

function G(p: TwoResonatorParams, j: 1 | 2): Complex {
  return j === 1 ? c(p.gamma_1 + p.gamma_10, p.omega - p.omega_1) : c(p.gamma_2 + p.gamma_20, p.omega - p.omega_2);
}

function finish(p: TwoResonatorParams, port: 1 | 2, a1: Complex, a2: Complex): PortSolution {
  const s = p.amplitude;
  const out1 = scale(a1, Math.sqrt(2 * p.gamma_1) / s);
  const out2 = scale(a2, Math.sqrt(2 * p.gamma_2) / s);
  return port === 1
    ? { a1, a2, reflection: sub(out1, c(1)), transmission: out2 }
    : { a1, a2, reflection: sub(out2, c(1)), transmission: out1 };
}

/** Linear solve with an extra (complex) load L on resonator 2: G2 → G2 + L. */
function linearSolve(p: TwoResonatorParams, port: 1 | 2, load: Complex): PortSolution {
  const { k12, k21 } = couplings(p);
  const G1 = G(p, 1);
  const G2 = add(G(p, 2), load);
  // [G1, −iκ21; −iκ12, G2] [a1; a2] = [√(2γ1) s1; √(2γ2) s2]
  const det = add(mul(G1, G2), c(k12 * k21));
  const s1 = port === 1 ? Math.sqrt(2 * p.gamma_1) * p.amplitude : 0;
  const s2 = port === 2 ? Math.sqrt(2 * p.gamma_2) * p.amplitude : 0;
  const a1 = div(add(scale(G2, s1), scale(I, k21 * s2)), det);
  const a2 = div(add(scale(G1, s2), scale(I, k12 * s1)), det);
  return finish(p, port, a1, a2);
}

/** The exact nonlocal forward solution (driven at port 1). */
function nonlocalForward(p: TwoResonatorParams): PortSolution {
  const { kappa, gamma_k } = p;
  const G1 = G(p, 1);
  const G2 = G(p, 2);
  const s1 = Math.sqrt(2 * p.gamma_1) * p.amplitude;
  if (gamma_k >= kappa) {
    // stuck: the friction term absorbs the whole coupling force, a2 = 0 exactly
    const a1 = div(c(s1), G1);
    return finish(p, 1, a1, c(0));
  }
  const g = G2.re;
  const d = G2.im;
  const m2 = g * g + d * d;
  const x = (-g * gamma_k + Math.sqrt(kappa * kappa * m2 - d * d * gamma_k * gamma_k)) / m2;
  const phase = div(c(0, kappa), add(scale(G2, x), c(gamma_k))); // e^{iψ}, |·| = 1
  const r = scale(phase, x); // a2 / a1
  const a1 = div(c(s1), sub(G1, mul(c(0, kappa), r)));
  return finish(p, 1, a1, mul(r, a1));
}

/**
 * All roots u = |a2|² ≥ 0 of u·|A + γ_extra(u)|² = C. For both local models this is a cubic
 * polynomial P(u) (for the saturable law after multiplying by (1 + u/I_sat)² > 0):
 *   Kerr-like:  γ²u³ + 2γ Re A u² + |A|²u − C
 *   saturable:  |A|²/I² u³ + (2|A|²/I + 2γ Re A/I − C/I²) u² + (|A|² + 2γ Re A + γ² − 2C/I) u − C
 * The roots lie in [0, C/(Re A)²] (as |A + γ_extra| ≥ Re A); P is split into monotone pieces at
 * the zeros of P′ and each sign change is refined by bisection, so no root is missed.
 */
function localRoots(p: TwoResonatorParams, A: Complex, C: number): number[] {
  const A2 = A.re * A.re + A.im * A.im;
  const g = p.gamma_nl;
  let a3: number, a2: number, a1: number;
  if (p.loss === 'kerr') {
    a3 = g * g;
    a2 = 2 * g * A.re;
    a1 = A2;
  } else {
    const Is = p.I_sat;
    a3 = A2 / (Is * Is);
    a2 = (2 * A2) / Is + (2 * g * A.re) / Is - C / (Is * Is);
    a1 = A2 + 2 * g * A.re + g * g - (2 * C) / Is;
  }
  const P = (u: number): number => ((a3 * u + a2) * u + a1) * u - C;
  const uMax = (C / (A.re * A.re)) * (1 + 1e-9);
  // monotone pieces: split at the real zeros of P′ = 3a3u² + 2a2u + a1 inside (0, uMax)
  const cuts = [0, uMax];
  if (a3 !== 0) {
    const disc = a2 * a2 - 3 * a3 * a1;
    if (disc > 0) {
      const sq = Math.sqrt(disc);
      const q = -(a2 + Math.sign(a2 || 1) * sq);
      for (const r of [q / (3 * a3), a1 / q]) if (r > 0 && r < uMax) cuts.push(r);
    }
  }
  cuts.sort((x, y) => x - y);
  const roots: number[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    let lo = cuts[k]!;
    let hi = cuts[k + 1]!;
    let flo = P(lo);
    const fhi = P(hi);
    if (flo === 0) {
      if (!roots.some((r) => Math.abs(r - lo) <= 1e-12 * uMax)) roots.push(lo);
      continue;
    }
    if (flo * fhi > 0) continue;
    for (let it = 0; it < 200 && hi - lo > 4e-16 * hi; it++) {
      const mid = 0.5 * (lo + hi);
      const fm = P(mid);
      if (fm === 0) {
        lo = hi = mid;
        break;
      }
      if (flo * fm < 0) hi = mid;
      else {
        lo = mid;
        flo = fm;
      }
    }
    const r = 0.5 * (lo + hi);
    if (!roots.some((x) => Math.abs(x - r) <= 1e-12 * uMax)) roots.push(r);
  }
  if (roots.length === 0) throw new ComputationError('no steady state found for the local nonlinear loss');
  return roots.sort((x, y) => x - y);
}

/** Steady state driven at `port` with the parameters' loss model. */
export function portSteadyState(p: TwoResonatorParams, port: 1 | 2): PortSteadyState {
  switch (p.loss) {
    case 'linear':
    case 'ideal': {
      const s = linearSolve(p, port, c(0));
      return { primary: s, solutions: [s] };
    }
    case 'nonlocal': {
      const s = port === 1 ? nonlocalForward(p) : linearSolve(p, 2, c((p.gamma_k * p.kappa) / cabs(G(p, 1))));
      return { primary: s, solutions: [s] };
    }
    case 'kerr':
    case 'saturable': {
      const { kappa } = p;
      const G1 = G(p, 1);
      const G2 = G(p, 2);
      // eliminate a1 = (iκ a2 + √(2γ1) s1)/G1: a2 (A + γ_extra(|a2|²)) = B, A = G2 + κ²/G1
      const A = add(G2, div(c(kappa * kappa), G1));
      const B =
        port === 1
          ? div(scale(I, kappa * Math.sqrt(2 * p.gamma_1) * p.amplitude), G1)
          : c(Math.sqrt(2 * p.gamma_2) * p.amplitude);
      const us = localRoots(p, A, B.re * B.re + B.im * B.im);
      const solutions = us.map((u) => {
        const a2 = div(B, add(A, c(localExtraLoss(p, u))));
        const s1 = port === 1 ? Math.sqrt(2 * p.gamma_1) * p.amplitude : 0;
        const a1 = div(add(mul(c(0, kappa), a2), c(s1)), G1);
        return finish(p, port, a1, a2);
      });
      return { primary: solutions[0]!, solutions };
    }
  }
}

/** Isolation 20·log10(|S12|/|S21|) is capped at ±ISOLATION_CAP_DB (reached when |S21| = 0 exactly). */
export const ISOLATION_CAP_DB = 400;

export function isolationDb(S12: Complex, S21: Complex): number {
  const a = cabs(S12);
  const b = cabs(S21);
  if (b === 0 && a === 0) return 0;
  if (b === 0) return ISOLATION_CAP_DB;
  if (a === 0) return -ISOLATION_CAP_DB;
  return Math.max(-ISOLATION_CAP_DB, Math.min(ISOLATION_CAP_DB, 20 * Math.log10(a / b)));
}
