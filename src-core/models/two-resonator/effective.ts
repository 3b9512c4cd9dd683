/**
 * The effective non-Hermitian Hamiltonian of seed 003 eq. 3 and the efficiencies of eq. 4,
 * evaluated consistently with eq. 1 (rotating frame at ω, G_j = γ_j + γ_j0 + iΔ_j):
 *
 *   H_eff = [[−G1, iκ], [iκ − γ_k e^{iδφ}, −G2]],   δφ = φ2 − φ1 = arg(a2/a1) in the steady state,
 *   η21 = |S21|² = 4γ1γ2 |iκ − γ_k e^{iδφ_f}|² / |D_f|²,   η12 = |S12|² = 4γ1γ2 κ² / |D_b|²,
 *   D = G1 G2 + κ² + iκγ_k e^{iδφ}  (the paper's det(H_eff − ωI)),
 * with δφ_f, δφ_b the phase differences of the forward (port 1) and backward (port 2) steady
 * states. The forward effective coupling |κ_12| = |iκ − γ_k e^{iδφ_f}| = x|G2| (x = |a2|/|a1|)
 * falls from κ at γ_k = 0 to exactly 0 at γ_k ≥ κ on resonance; the backward one stays κ.
 * (The paper prints the numerator of η21 as |κ − γ_k e^{iδφ}|², i.e. with δφ measured from the
 * direction of iκ; the value is the same.)
 */
import { cabs, portSteadyState, type Complex } from './steady.js';
import type { TwoResonatorParams } from './params.js';

export interface EffectiveModel {
  /** |κ_12^eff| (forward, 1 → 2) and |κ_21^eff| = κ (backward), rad/s. */
  kappa12: number;
  kappa21: number;
  /** δφ of the forward and backward steady states (rad); NaN forward when a2 = 0 (stuck). */
  deltaPhiForward: number;
  deltaPhiBackward: number;
  /** Efficiencies of eq. 4. */
  eta21: number;
  eta12: number;
}

const arg = (z: Complex): number => Math.atan2(z.im, z.re);

function det(p: TwoResonatorParams, dphi: number): number {
  const g1r = p.gamma_1 + p.gamma_10, g1i = p.omega - p.omega_1;
  const g2r = p.gamma_2 + p.gamma_20, g2i = p.omega - p.omega_2;
  // G1 G2 + κ² + iκγ_k e^{iδφ}
  const re = g1r * g2r - g1i * g2i + p.kappa * p.kappa - p.kappa * p.gamma_k * Math.sin(dphi);
  const im = g1r * g2i + g1i * g2r + p.kappa * p.gamma_k * Math.cos(dphi);
  return Math.hypot(re, im);
}

/** The effective model of the nonlocal system (loss = nonlocal) at its parameters. */
export function effectiveModel(p: TwoResonatorParams): EffectiveModel {
  const q = { ...p, loss: 'nonlocal' as const };
  const f = portSteadyState(q, 1).primary;
  const b = portSteadyState(q, 2).primary;
  const stuck = f.a2.re === 0 && f.a2.im === 0;
  const dphiF = stuck ? NaN : arg(f.a2) - arg(f.a1);
  const dphiB = arg(b.a2) - arg(b.a1);
  // forward coupling iκ − γ_k e^{iδφ}; when stuck the friction cancels it exactly
  const k12 = stuck ? 0 : Math.hypot(-p.gamma_k * Math.cos(dphiF), p.kappa - p.gamma_k * Math.sin(dphiF));
  const fourG = 4 * p.gamma_1 * p.gamma_2;
  const dF = stuck ? 1 : det(q, dphiF);
  return {
    kappa12: k12,
    kappa21: p.kappa,
    deltaPhiForward: dphiF,
    deltaPhiBackward: dphiB,
    eta21: stuck ? 0 : (fourG * k12 * k12) / (dF * dF),
    eta12: (fourG * p.kappa * p.kappa) / det(q, dphiB) ** 2,
  };
}

export { cabs };
