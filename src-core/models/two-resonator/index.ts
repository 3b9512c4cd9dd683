/**
 * The two-resonator model package (seed 003): temporal coupled-mode theory of two resonators with
 * a (nonlocal) loss on resonator 2. Everything a consumer needs — schema, presets, solver, typed
 * output and quantity catalogue, point report, cost and solver description, time-domain runs,
 * export notes and the Python script — is here.
 */
import type { ModelDefinition, PointResult } from '../model.js';
import { band3dB } from './band.js';
import { cwSteadyState } from './dynamics.js';
import { effectiveModel } from './effective.js';
import { twoResonatorParams, type TwoResonatorParams } from './params.js';
import { twoResonatorSchema } from './schema.js';
import { cabs, portSteadyState, type Complex, type PortSteadyState } from './steady.js';
import { QUANTITIES, type SParameter, type TwoResonatorOutput } from './output.js';
import { twoResonatorReport } from './report.js';
import { twoResonatorSimulation } from './simulate.js';
import { twoResonatorScript } from './python.js';

export { twoResonatorParams } from './params.js';
export type { TwoResonatorOutput, TwoResonatorDiagnostics, SParameter } from './output.js';
export { runTwoResonatorSimulation, type TwoResonatorSimulation, type TwoResonatorTrace } from './simulate.js';

const ID = 'two-resonator';

const sParam = (z: Complex): SParameter => ({ abs: cabs(z), phase: Math.atan2(z.im, z.re), dB: 20 * Math.log10(cabs(z)) });

function solveSteady(p: TwoResonatorParams): { fwd: PortSteadyState; bwd: PortSteadyState } {
  return { fwd: portSteadyState(p, 1), bwd: portSteadyState(p, 2) };
}

/** Seed 003: nonreciprocal coupling induced by nonlocal loss (two resonators, temporal coupled-mode theory). */
export const twoResonatorModel: ModelDefinition<TwoResonatorOutput> = {
  id: ID,
  title: 'Two resonators with nonlocal loss',
  description: 'Temporal coupled-mode theory of two coupled resonators with a (nonlocal) loss on resonator 2: S-parameters in both directions.',
  reference: 'Y. Shen and S. Chen, "Nonreciprocal coupling induced by nonlocal loss engineering" (seed 003)',
  schema: twoResonatorSchema,
  presets: [
    { name: 'Fig. 3 (nonlocal loss)', description: "the paper's setting: γ₁₀ = γ₂₀ = 0.5e6 rad/s, κ = π·1e6 rad/s, γₖ = κ, on resonance (the defaults)", values: {} },
    { name: 'Linear (reciprocal)', description: 'the same resonators without the nonlocal loss: |S₂₁| = |S₁₂|', values: { loss: 'linear' } },
    { name: 'Ideal nonreciprocal coupling', description: 'κ₁₂ = 0, κ₂₁ = κ given directly (Fig. 5a)', values: { loss: 'ideal', kappa_12: 0 } },
  ],
  quantities: () => QUANTITIES,
  pointCostMs: (v) => (v.method === 'time-domain' ? 20 : v.loss === 'kerr' || v.loss === 'saturable' ? 0.5 : 0.002),
  describeSolver: (params) => (params.method === undefined ? '' : String(params.method) === 'time-domain' ? 'time-domain integration' : 'exact steady state'),
  pointReport: (output, scalars, opts) => twoResonatorReport(output, scalars, QUANTITIES, opts),
  simulate: twoResonatorSimulation(ID),
  solverNotes(params) {
    if (params.method === 'time-domain') return ['tolerances: CW input from rest, low-storage Runge–Kutta (ck4) until the outputs change by < 1e-10 of the input over a window of 10 slowest decay times'];
    return ['tolerances: exact CW steady state (closed forms; the cubic of a local nonlinear loss solved by bisection to 4e-16 relative)'];
  },
  pythonScript: twoResonatorScript,
  scriptRequirements: 'numpy and SciPy',
  createSolver() {
    return (values, hooks): PointResult<TwoResonatorOutput> => {
      const p = twoResonatorParams(values);
      const t0 = performance.now();
      const { fwd, bwd } = solveSteady(p);
      let S11 = fwd.primary.reflection;
      let S21 = fwd.primary.transmission;
      let S22 = bwd.primary.reflection;
      let S12 = bwd.primary.transmission;
      let timeDomain: TwoResonatorOutput['diagnostics']['timeDomain'];
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
      const output: TwoResonatorOutput = {
        S11: sParam(S11),
        S21: sParam(S21),
        S12: sParam(S12),
        S22: sParam(S22),
        isolation_dB: Number.isFinite(iso) ? iso : null,
        effective: eff,
        ...(hooks?.scalarsOnly ? {} : { band: band3dB(p) }),
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
