import type { NumberParamSpec, ParamSchema } from '../params.js';
import { quantumSolverParams } from '../quantum-solver-params.js';

const SQRT2_2 = Math.SQRT2 / 2;

/**
 * The finite range of every rate and frequency (units of κ). The solvers resolve a ratio of about
 * 1e12 between the largest frequency of H_eff (up to U·K² at truncation K) and the slowest decay
 * rate in double precision; within 1e-4 … 1e4 κ every combination stays inside it. Beyond, the
 * decay rates vanish in rounding next to the largest frequency and no steady state can be told apart.
 */
export const RATE_LIMIT = 1e4;
export const MIN_LOSS = 1e-4;
/**
 * The weakest drive: below it the photon populations of the isolating direction (∝ Ω⁴) fall below
 * what double precision resolves next to the vacuum. T and g2 of the transmitting direction have
 * reached their weak-drive limits there (to ~1e-8); the classical solver gives the Ω → 0 limit of T.
 */
export const MIN_DRIVE = 1e-4;
const RESOLVED = 'the range the solvers resolve in double precision';
const signed = { min: -RATE_LIMIT, max: RATE_LIMIT, rangeReason: `frequencies and couplings are in units of κ and kept within ±${RATE_LIMIT} κ, ${RESOLVED}` };
const loss = { min: MIN_LOSS, max: RATE_LIMIT, rangeReason: `loss rates are in units of κ and kept within ${MIN_LOSS} … ${RATE_LIMIT} κ, ${RESOLVED}` };

function n(
  key: string,
  symbol: string,
  label: string,
  group: string,
  def: number | 'auto',
  description: string,
  ref: string,
  extra: Partial<NumberParamSpec> = {},
): NumberParamSpec {
  return { kind: 'number', key, symbol, label, unit: 'κ', group, default: def, description, ref, ...extra };
}

/**
 * Parameters of the three-cavity network (seed 000, eqs. 3-4 and 10), all rates and frequencies in
 * units of κ (the loss of cavities a and c in the paper's figures). Defaults: the Fig. 2 point
 * κ = 1, κ_b = κ, Δ = 0.5κ, U = 5κ, Ω = 0.1κ, θ = -π/4, J_ab = J_bc = J_ac = √2κ/2.
 */
export const threeCavitySchema: ParamSchema = {
  params: [
    ...quantumSolverParams({
      totalCondition: 'n_a + n_b + n_c ≤ K',
      quantum: 'exact Lindblad steady state of eqs. 3-4 in both driving directions',
      classical: 'linear scattering matrix S(ω) of eq. 12 (the weak-drive limit)',
      ref: 'seed 000, eqs. 3-6 and 12',
      truncationRef: 'seed 000, eq. 4',
    }),
    n('cavities', 'N', 'Cavities', 'Structure', 3, 'number of cavities: 3 (a, b, c) or 2 (a, c without b)', 'seed 000, Fig. 2a,d', {
      unit: '',
      min: 2,
      max: 3,
      integer: true,
    }),
    n('kappa_a', 'κ_a', 'Loss of a', 'Loss', 1, 'loss rate of cavity a', 'seed 000, eq. 4', loss),
    n('kappa_b', 'κ_b', 'Loss of b', 'Loss', 1, 'engineered loss rate of the auxiliary cavity b', 'seed 000, eq. 4', { min: 0, max: RATE_LIMIT, rangeReason: `κ_b is in units of κ and kept within 0 … ${RATE_LIMIT} κ (0 allowed: no engineered loss), ${RESOLVED}`,
      appliesWhen: { cavities: [3] },
    }),
    n('kappa_c', 'κ_c', 'Loss of c', 'Loss', 1, 'loss rate of cavity c', 'seed 000, eq. 4', loss),
    n('Delta_a', 'Δ_a', 'Detuning of a', 'Detuning', 0.5, 'detuning ω_a − ω_p of cavity a from the drive', 'seed 000, eq. 3', signed),
    n('Delta_b', 'Δ_b', 'Detuning of b', 'Detuning', 0.5, 'detuning ω_b − ω_p of cavity b from the drive', 'seed 000, eq. 3', { ...signed, appliesWhen: { cavities: [3] } }),
    n('Delta_c', 'Δ_c', 'Detuning of c', 'Detuning', 0.5, 'detuning ω_c − ω_p of cavity c from the drive', 'seed 000, eq. 3', signed),
    n('U_a', 'U_a', 'Kerr of a', 'Nonlinearity', 5, 'Kerr nonlinearity U_a a†a†aa (unused by the classical solver)', 'seed 000, eq. 3', { ...signed, appliesWhen: { solver: ['quantum'] } }),
    n('U_c', 'U_c', 'Kerr of c', 'Nonlinearity', 5, 'Kerr nonlinearity U_c c†c†cc (unused by the classical solver)', 'seed 000, eq. 3', { ...signed, appliesWhen: { solver: ['quantum'] } }),
    n('J_ab', 'J_ab', 'Coupling a–b', 'Coupling', SQRT2_2, 'coupling between cavities a and b', 'seed 000, eq. 1', { ...signed, appliesWhen: { cavities: [3] } }),
    n('J_bc', 'J_bc', 'Coupling b–c', 'Coupling', SQRT2_2, 'coupling between cavities b and c', 'seed 000, eq. 1', { ...signed, appliesWhen: { cavities: [3] } }),
    n('J_ac', 'J_ac', 'Coupling a–c', 'Coupling', SQRT2_2, 'direct coupling between cavities a and c (with phase θ)', 'seed 000, eq. 1', signed),
    n('theta', 'θ', 'Coupling phase', 'Coupling', -Math.PI / 4, 'phase of the a–c coupling J_ac e^{iθ}', 'seed 000, eq. 1', {
      unit: 'rad',
    }),
    n('Omega', 'Ω', 'Drive amplitude', 'Drive', 0.1, 'drive amplitude on the input cavity (unused by the classical solver)', 'seed 000, eq. 2', {
      min: MIN_DRIVE,
      max: RATE_LIMIT,
      rangeReason: `the drive is kept within ${MIN_DRIVE} … ${RATE_LIMIT} κ: below ${MIN_DRIVE} κ the photon populations of the isolating direction (∝ Ω⁴) are below what double precision resolves next to the vacuum, while T and g2 of the transmitting direction have reached their weak-drive limits (use Ω = ${MIN_DRIVE}, or the classical solver for T at Ω → 0); above ${RATE_LIMIT} κ the solver's scaling overflows`,
      appliesWhen: { solver: ['quantum'] },
    }),
  ],
  aliases: [
    { key: 'Delta', sets: ['Delta_a', 'Delta_b', 'Delta_c'], description: 'all three detunings Δ_a = Δ_b = Δ_c' },
    { key: 'kappa', sets: ['kappa_a', 'kappa_c'], description: 'κ_a = κ_c' },
    { key: 'J', sets: ['J_ab', 'J_bc'], description: 'J_ab = J_bc' },
    { key: 'U', sets: ['U_a', 'U_c'], description: 'U_a = U_c' },
  ],
};
