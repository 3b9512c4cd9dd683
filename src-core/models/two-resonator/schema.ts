import type { NumberParamSpec, ParamSchema } from '../params.js';

const TWO_PI_MHZ = 2 * Math.PI * 1e6;

function n(key: string, symbol: string, label: string, group: string, def: number | 'auto', unit: string, description: string, extra: Partial<NumberParamSpec> = {}): NumberParamSpec {
  return { kind: 'number', key, symbol, label, unit, group, default: def, description, ref: 'seed 003, eq. 1', ...extra };
}

/**
 * Parameters of the two-resonator system (seed 003), in physical units: angular frequencies in
 * rad/s, rates in 1/s. Defaults: the paper's Fig. 3 setting — γ_10 = γ_20 = 0.5e6 rad/s,
 * κ = π·1e6 rad/s, γ_i = √(γ_i0² + κ²) (reflectionless when linear), ω = ω_1 = ω_2 = 2π·1e6 rad/s,
 * loss = nonlocal, γ_k = κ. The model is homogeneous in the rates, so normalised units work as
 * well: set κ = 1 and every other rate in units of κ.
 */
export const twoResonatorSchema: ParamSchema = {
  params: [
    {
      kind: 'choice',
      key: 'loss',
      symbol: 'loss',
      label: 'Loss model on resonator 2',
      group: 'Loss model',
      default: 'nonlocal',
      description: "nonlocal γ_k|a1|/|a2| (the paper's), linear, local Kerr-like γ_nl|a2|², local saturable γ_nl/(1+|a2|²/I_sat), or the ideal nonreciprocal coupling",
      ref: 'seed 003, eq. 2 and Figs. 5-6',
      choices: [
        { value: 'nonlocal', label: 'Nonlocal γ_k|a1|/|a2|' },
        { value: 'linear', label: 'Linear' },
        { value: 'kerr', label: 'Local Kerr-like γ_nl|a2|²' },
        { value: 'saturable', label: 'Local saturable' },
        { value: 'ideal', label: 'Ideal nonreciprocal (κ_12 ≠ κ_21)' },
      ],
    },
    {
      kind: 'choice',
      key: 'method',
      symbol: 'method',
      label: 'Method',
      group: 'Loss model',
      default: 'steady',
      description: 'steady: exact CW steady state; time-domain: integrate eq. 1 from rest until the outputs settle',
      ref: 'seed 003, Section III',
      choices: [
        { value: 'steady', label: 'Steady state (exact)' },
        { value: 'time-domain', label: 'Time domain (Runge–Kutta)' },
      ],
    },
    n('omega', 'ω', 'Drive frequency', 'Frequencies', TWO_PI_MHZ, 'rad/s', 'angular frequency of the input wave'),
    n('omega_1', 'ω_1', 'Resonance 1', 'Frequencies', TWO_PI_MHZ, 'rad/s', 'resonance angular frequency of resonator 1'),
    n('omega_2', 'ω_2', 'Resonance 2', 'Frequencies', TWO_PI_MHZ, 'rad/s', 'resonance angular frequency of resonator 2'),
    n('kappa', 'κ', 'Coupling', 'Coupling', Math.PI * 1e6, 'rad/s', 'reciprocal coupling κ_12 = κ_21 = κ', { min: 0 }),
    n('gamma_10', 'γ_10', 'Intrinsic loss 1', 'Loss', 0.5e6, '1/s', 'intrinsic loss rate of resonator 1', { min: 0 }),
    n('gamma_20', 'γ_20', 'Intrinsic loss 2', 'Loss', 0.5e6, '1/s', 'intrinsic loss rate of resonator 2', { min: 0 }),
    n('gamma_1', 'γ_1', 'Port loss 1', 'Loss', 'auto', '1/s', 'external (port) loss rate of resonator 1; auto: √(γ_10² + κ²), reflectionless when linear', {
      min: 0,
      minExclusive: true,
      auto: '√(γ_10² + κ²)',
    }),
    n('gamma_2', 'γ_2', 'Port loss 2', 'Loss', 'auto', '1/s', 'external (port) loss rate of resonator 2; auto: √(γ_20² + κ²)', {
      min: 0,
      minExclusive: true,
      auto: '√(γ_20² + κ²)',
    }),
    n('gamma_k', 'γ_k', 'Nonlocal loss', 'Loss', 'auto', '1/s', 'nonlocal loss coefficient γ_k of γ_k|a1|/|a2|; auto: κ (perfect isolation on resonance)', {
      min: 0,
      auto: 'κ',
      appliesWhen: { loss: ['nonlocal'] },
      ref: 'seed 003, eq. 2',
    }),
    n('gamma_nl', 'γ_nl', 'Local nonlinear loss', 'Loss', 1e6, '1/s', 'strength of the local nonlinear loss (Kerr-like: per unit |a2|²)', {
      min: 0,
      appliesWhen: { loss: ['kerr', 'saturable'] },
      ref: 'seed 003, Fig. 6',
    }),
    n('I_sat', 'I_sat', 'Saturation intensity', 'Loss', 1, '|a|²', 'saturation intensity of the saturable loss', {
      min: 0,
      minExclusive: true,
      appliesWhen: { loss: ['saturable'] },
      ref: 'seed 003, Fig. 6',
    }),
    n('kappa_12', 'κ_12', 'Ideal coupling 1→2', 'Coupling', 0, 'rad/s', 'ideal model: coupling from resonator 1 to 2 (forward)', {
      min: 0,
      appliesWhen: { loss: ['ideal'] },
      ref: 'seed 003, Fig. 5a',
    }),
    n('kappa_21', 'κ_21', 'Ideal coupling 2→1', 'Coupling', 'auto', 'rad/s', 'ideal model: coupling from resonator 2 to 1 (backward); auto: κ', {
      min: 0,
      auto: 'κ',
      appliesWhen: { loss: ['ideal'] },
      ref: 'seed 003, Fig. 5a',
    }),
    n('amplitude', '|s_+|', 'Input amplitude', 'Drive', 1, '√W', 'amplitude of the input wave (power ∝ |s_+|²)', { min: 0, minExclusive: true }),
  ],
  aliases: [],
};
