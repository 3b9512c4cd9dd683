import { num, type ParamValues } from '../params.js';

/**
 * Resolved parameters of the two-resonator system of seed 003 (eq. 1), all rates and angular
 * frequencies in rad/s. The loss model acts on resonator 2:
 *   linear     γ'_20 = γ_20
 *   nonlocal   γ'_20 = γ_20 + γ_k |a1|/|a2|        (the paper's)
 *   kerr       γ'_20 = γ_20 + γ_nl |a2|²            (local, Kerr-like)
 *   saturable  γ'_20 = γ_20 + γ_nl / (1 + |a2|²/I_sat)
 *   ideal      linear loss, with asymmetric couplings κ_12 (1 → 2) and κ_21 (2 → 1) given directly
 * Couplings enter eq. 1 as da1/dt ∋ iκ_21 a2, da2/dt ∋ iκ_12 a1; for every model but `ideal`,
 * κ_12 = κ_21 = κ. Ports: s_j− = −s_j+ + √(2γ_j) a_j.
 */
export type LossModel = 'linear' | 'nonlocal' | 'kerr' | 'saturable' | 'ideal';

export interface TwoResonatorParams {
  /** Drive angular frequency ω (rad/s). */
  omega: number;
  omega_1: number;
  omega_2: number;
  /** External (port) loss rates γ_1, γ_2 (1/s). */
  gamma_1: number;
  gamma_2: number;
  /** Intrinsic loss rates γ_10, γ_20 (1/s). */
  gamma_10: number;
  gamma_20: number;
  /** Reciprocal coupling κ (rad/s). */
  kappa: number;
  /** Nonlocal loss coefficient γ_k (1/s). */
  gamma_k: number;
  loss: LossModel;
  /** Local nonlinear loss strength γ_nl (kerr: 1/(s·|a|²); saturable: 1/s). */
  gamma_nl: number;
  /** Saturation intensity I_sat (units of |a2|²). */
  I_sat: number;
  /** Ideal model couplings (rad/s). */
  kappa_12: number;
  kappa_21: number;
  /** Input wave amplitude |s_+| (units √(energy/time)). */
  amplitude: number;
}

/** The couplings actually used: (κ_12, κ_21). */
export function couplings(p: TwoResonatorParams): { k12: number; k21: number } {
  return p.loss === 'ideal' ? { k12: p.kappa_12, k21: p.kappa_21 } : { k12: p.kappa, k21: p.kappa };
}

/** Extra loss rate of resonator 2 beyond γ_2 + γ_20, for amplitudes a1, a2 (moduli). Nonlocal is handled as a force, see dynamics. */
export function localExtraLoss(p: TwoResonatorParams, abs2Sq: number): number {
  switch (p.loss) {
    case 'kerr':
      return p.gamma_nl * abs2Sq;
    case 'saturable':
      return p.gamma_nl / (1 + abs2Sq / p.I_sat);
    default:
      return 0;
  }
}

/** Resolve `auto` values: γ_i = √(γ_i0² + κ²), γ_k = κ, κ_21 = κ. */
export function twoResonatorParams(v: ParamValues): TwoResonatorParams {
  const kappa = num(v, 'kappa');
  const auto = (key: string, value: number): number => (v[key] === 'auto' ? value : num(v, key));
  return {
    omega: num(v, 'omega'),
    omega_1: num(v, 'omega_1'),
    omega_2: num(v, 'omega_2'),
    gamma_10: num(v, 'gamma_10'),
    gamma_20: num(v, 'gamma_20'),
    gamma_1: auto('gamma_1', Math.hypot(num(v, 'gamma_10'), kappa)),
    gamma_2: auto('gamma_2', Math.hypot(num(v, 'gamma_20'), kappa)),
    kappa,
    gamma_k: auto('gamma_k', kappa),
    loss: v.loss as LossModel,
    gamma_nl: num(v, 'gamma_nl'),
    I_sat: num(v, 'I_sat'),
    kappa_12: num(v, 'kappa_12'),
    kappa_21: auto('kappa_21', kappa),
    amplitude: num(v, 'amplitude'),
  };
}
