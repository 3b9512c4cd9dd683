/**
 * The two-resonator model's typed output and quantity catalogue: S-parameters in both directions
 * (forward: port 1 → 2, backward: port 2 → 1), the isolation, the effective couplings of eq. 3,
 * the efficiencies of eq. 4 and the 3 dB band.
 */
import type { QuantitySpec } from '../model.js';
import type { BandReport } from './band.js';
import type { EffectiveModel } from './effective.js';
import type { LossModel, TwoResonatorParams } from './params.js';

/** One S-parameter: modulus, phase (rad) and 20·log10 of the modulus. */
export interface SParameter {
  abs: number;
  phase: number;
  dB: number;
}

export interface TwoResonatorDiagnostics {
  method: 'steady' | 'time-domain';
  /** Time-domain CW runs from each port (method = time-domain). */
  timeDomain?: { port1: Record<string, unknown>; port2: Record<string, unknown>; scheme: string };
  /** Largest difference of S21, S12 between the time-domain run and the exact steady state. */
  steadyStateAgreement?: number;
  loss: LossModel;
  params: TwoResonatorParams;
  multistable: boolean;
  forwardSolutions: { S21: SParameter; S11: SParameter; a2_abs: number }[];
  backwardSolutions: { S12: SParameter; S22: SParameter; a2_abs: number }[];
  /** The forward field in resonator 2 is exactly zero (γ_k ≥ κ: infinite isolation). */
  stuck: boolean;
  timeMs: number;
}

export interface TwoResonatorOutput {
  S11: SParameter;
  S21: SParameter;
  S12: SParameter;
  S22: SParameter;
  /** Isolation 20·log10(|S12|/|S21|) in dB; null when infinite (|S21| = 0 or |S12| = 0 exactly: JSON has no ∞). */
  isolation_dB: number | null;
  effective: EffectiveModel;
  /** The 3 dB band (absent when the caller keeps only the scalars: a sweep). */
  band?: BandReport;
  diagnostics: TwoResonatorDiagnostics;
}

const q = (key: string, symbol: string, label: string, extra: Partial<QuantitySpec> = {}): QuantitySpec => ({ key, symbol, label, unit: '', scale: 'linear', ...extra });
const fwd = { direction: 'forward' };
const bwd = { direction: 'backward' };
const dB = { unit: 'dB', signed: true };

const TWINS: Record<string, string> = {
  'S21.abs': 'S12.abs',
  'S11.abs': 'S22.abs',
  'S21.dB': 'S12.dB',
  'S11.dB': 'S22.dB',
  kappa12_eff: 'kappa21_eff',
  eta21: 'eta12',
};
/** Directional quantities name their twin (forward ↔ backward). */
const twinned = (list: QuantitySpec[]): QuantitySpec[] =>
  list.map((x) => {
    const t = TWINS[x.key] ?? Object.keys(TWINS).find((k) => TWINS[k] === x.key);
    return t ? { ...x, twin: t } : x;
  });

export const QUANTITIES: QuantitySpec[] = twinned([
  q('S21.abs', '|S_{21}|', 'Forward transmission amplitude (port 1 → 2)', fwd),
  q('S12.abs', '|S_{12}|', 'Backward transmission amplitude (port 2 → 1)', bwd),
  q('S11.abs', '|S_{11}|', 'Reflection amplitude at port 1', fwd),
  q('S22.abs', '|S_{22}|', 'Reflection amplitude at port 2', bwd),
  q('S21.dB', '|S_{21}|', 'Forward transmission in dB (port 1 → 2)', { ...fwd, ...dB, richLabel: 'Forward transmission 20 log_{10}|S_{21}| (port 1 → 2)' }),
  q('S12.dB', '|S_{12}|', 'Backward transmission in dB (port 2 → 1)', { ...bwd, ...dB, richLabel: 'Backward transmission 20 log_{10}|S_{12}| (port 2 → 1)' }),
  q('S11.dB', '|S_{11}|', 'Reflection in dB at port 1', { ...fwd, ...dB, richLabel: 'Reflection 20 log_{10}|S_{11}| at port 1' }),
  q('S22.dB', '|S_{22}|', 'Reflection in dB at port 2', { ...bwd, ...dB, richLabel: 'Reflection 20 log_{10}|S_{22}| at port 2' }),
  q('isolation_dB', 'I', 'Isolation in dB (∞ where S21 = 0 exactly)', { ...dB, richLabel: 'Isolation 20 log_{10}(|S_{12}|/|S_{21}|), ∞ where S_{21} = 0 exactly' }),
  q('kappa12_eff', '|κ_{12}|', 'Effective forward coupling (eq. 3)', { ...fwd, unit: 'rad/s' }),
  q('kappa21_eff', '|κ_{21}|', 'Effective backward coupling (eq. 3)', { ...bwd, unit: 'rad/s' }),
  q('delta_phi', 'δφ', 'Forward phase difference of the resonators (eq. 3)', { ...fwd, unit: 'rad', signed: true, richLabel: 'Forward phase difference δφ = φ_{2} − φ_{1} (eq. 3)' }),
  q('eta21', 'η_{21}', 'Forward efficiency (eq. 4)', fwd),
  q('eta12', 'η_{12}', 'Backward efficiency (eq. 4)', bwd),
  q('solutions', 'n_{sol}', 'Number of steady states (forward + backward)'),
]);
