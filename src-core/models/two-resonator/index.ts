import type { ModelDefinition, PointResult, QuantitySpec } from '../model.js';
import { num, type ParamValues } from '../params.js';
import { band3dB } from './band.js';
import { cwSteadyState } from './dynamics.js';
import { effectiveModel } from './effective.js';
import type { LossModel, TwoResonatorParams } from './params.js';
import { twoResonatorSchema } from './schema.js';
import { cabs, portSteadyState, type Complex, type PortSteadyState } from './steady.js';

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

const sParam = (z: Complex): { abs: number; phase: number; dB: number } => ({ abs: cabs(z), phase: Math.atan2(z.im, z.re), dB: 20 * Math.log10(cabs(z)) });

const q = (key: string, symbol: string, label: string, unit = ''): QuantitySpec => ({ key, symbol, label, unit });
const QUANTITIES: QuantitySpec[] = [
  q('S21.abs', '|S_{21}|', 'Forward transmission |t21| (port 1 → 2)'),
  q('S12.abs', '|S_{12}|', 'Backward transmission |t12| (port 2 → 1)'),
  q('S11.abs', '|S_{11}|', 'Reflection at port 1'),
  q('S22.abs', '|S_{22}|', 'Reflection at port 2'),
  q('S21.dB', '|S_{21}|', 'Forward transmission', 'dB'),
  q('S12.dB', '|S_{12}|', 'Backward transmission', 'dB'),
  q('S11.dB', '|S_{11}|', 'Reflection at port 1', 'dB'),
  q('S22.dB', '|S_{22}|', 'Reflection at port 2', 'dB'),
  q('isolation_dB', 'I', 'Isolation 20·log10(|S12|/|S21|) (∞ where S21 = 0 exactly)', 'dB'),
  q('kappa12_eff', '|κ_{12}|', 'Effective forward coupling (eq. 3)', 'rad/s'),
  q('kappa21_eff', '|κ_{21}|', 'Effective backward coupling (eq. 3)', 'rad/s'),
  q('delta_phi', 'δφ', 'Phase difference φ2 − φ1, forward (eq. 3)', 'rad'),
  q('eta21', 'η_{21}', 'Forward efficiency (eq. 4)'),
  q('eta12', 'η_{12}', 'Backward efficiency (eq. 4)'),
  q('solutions', 'n_{sol}', 'Number of steady states (forward + backward)'),
];

function solveSteady(p: TwoResonatorParams): { fwd: PortSteadyState; bwd: PortSteadyState } {
  return { fwd: portSteadyState(p, 1), bwd: portSteadyState(p, 2) };
}

/** Seed 003: nonreciprocal coupling induced by nonlocal loss (two resonators, temporal coupled-mode theory). */
export const twoResonatorModel: ModelDefinition = {
  id: 'two-resonator',
  title: 'Two resonators with nonlocal loss',
  description: 'Temporal coupled-mode theory of two coupled resonators with a (nonlocal) loss on resonator 2: S-parameters in both directions.',
  reference: 'Y. Shen and S. Chen, "Nonreciprocal coupling induced by nonlocal loss engineering" (seed 003)',
  schema: twoResonatorSchema,
  quantities: () => QUANTITIES,
  pointCostMs: (v) => (v.method === 'time-domain' ? 20 : v.loss === 'kerr' || v.loss === 'saturable' ? 0.5 : 0.002),
  createSolver() {
    return (values): PointResult => {
      const p = twoResonatorParams(values);
      const t0 = performance.now();
      const { fwd, bwd } = solveSteady(p);
      let S11 = fwd.primary.reflection;
      let S21 = fwd.primary.transmission;
      let S22 = bwd.primary.reflection;
      let S12 = bwd.primary.transmission;
      let timeDomain: Record<string, unknown> | undefined;
      if (values.method === 'time-domain') {
        // integrate eq. 1 from empty resonators with a CW input until the outputs settle
        const f = cwSteadyState(p, { port: 1 });
        const b = cwSteadyState(p, { port: 2 });
        S11 = f.reflection;
        S21 = f.transmission;
        S22 = b.reflection;
        S12 = b.transmission;
        const diag = (r: typeof f) => ({ converged: r.converged, change: r.change, simulatedTime: r.time, h: r.h, steps: r.steps, refinements: r.refinements, regularised: r.regularised, wallMs: r.wallMs });
        timeDomain = { port1: diag(f), port2: diag(b), scheme: 'ck4' };
      }
      // the true value: ±∞ dB where one direction is exactly 0 (S21 = 0 in the nonlocal system), no cap
      const iso = cabs(S12) === 0 && cabs(S21) === 0 ? 0 : 20 * Math.log10(cabs(S12) / cabs(S21));
      const eff = effectiveModel(p);
      const scalars: Record<string, number> = {
        'S21.abs': cabs(S21),
        'S12.abs': cabs(S12),
        'S11.abs': cabs(S11),
        'S22.abs': cabs(S22),
        'S21.dB': 20 * Math.log10(cabs(S21)),
        'S12.dB': 20 * Math.log10(cabs(S12)),
        'S11.dB': 20 * Math.log10(cabs(S11)),
        'S22.dB': 20 * Math.log10(cabs(S22)),
        isolation_dB: iso,
        kappa12_eff: eff.kappa12,
        kappa21_eff: eff.kappa21,
        delta_phi: eff.deltaPhiForward,
        eta21: eff.eta21,
        eta12: eff.eta12,
        solutions: fwd.solutions.length + bwd.solutions.length,
      };
      const output: Record<string, unknown> = {
        S11: sParam(S11),
        S21: sParam(S21),
        S12: sParam(S12),
        S22: sParam(S22),
        isolation_dB: Number.isFinite(iso) ? iso : null,
        effective: eff,
        band: band3dB(p),
        diagnostics: {
          method: values.method === 'time-domain' ? 'time-domain' : 'steady',
          ...(timeDomain ? { timeDomain, steadyStateAgreement: Math.max(cabs({ re: S21.re - fwd.primary.transmission.re, im: S21.im - fwd.primary.transmission.im }), cabs({ re: S12.re - bwd.primary.transmission.re, im: S12.im - bwd.primary.transmission.im })) } : {}),
          loss: p.loss,
          params: p,
          multistable: fwd.solutions.length > 1 || bwd.solutions.length > 1,
          forwardSolutions: fwd.solutions.map((s) => ({ S21: sParam(s.transmission), S11: sParam(s.reflection), a2_abs: cabs(s.a2) })),
          backwardSolutions: bwd.solutions.map((s) => ({ S12: sParam(s.transmission), S22: sParam(s.reflection), a2_abs: cabs(s.a2) })),
          stuck: fwd.primary.a2.re === 0 && fwd.primary.a2.im === 0,
          timeMs: performance.now() - t0,
        },
      };
      return { output, scalars };
    };
  },
};
