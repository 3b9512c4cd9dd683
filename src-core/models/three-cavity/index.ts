/**
 * The three-cavity model package (seed 000): two Kerr cavities a, c and a lossy linear cavity b.
 * Everything a consumer needs — schema, presets, solver, typed output and quantity catalogue,
 * point report, cost and solver description, export notes and the Python script — is here.
 */
import type { ModelDefinition, PointResult } from '../model.js';
import type { ParamValues } from '../params.js';
import { basisDimension } from '../../quantum/fock.js';
import { createClassicalTransmission, type ClassicalTransmission } from './classical.js';
import { AUTO_TOLERANCE, quantumMemoryBytes, solveQuantum, threeCavityDynamicsView, type DirectionResult } from './quantum.js';
import { networkDynamics } from '../network/dynamics.js';
import { AUTO_START } from '../network/quantum.js';
import { resolveParams } from '../params.js';
import { threeCavitySchema } from './schema.js';
import { describeQuantumSolver, quantumCoarse, quantumSolverNotes } from '../quantum-solver-params.js';
import {
  CLASSICAL_QUANTITIES,
  DIRECTIONS,
  QUANTUM_QUANTITIES,
  type ThreeCavityClassicalOutput,
  type ThreeCavityDirectionOutput,
  type ThreeCavityOutput,
} from './output.js';
import { threeCavityReport } from './report.js';
import { threeCavityScript } from './python.js';

export type { ThreeCavityOutput, ThreeCavityClassicalOutput, ThreeCavityQuantumOutput, ThreeCavityDirectionOutput, ThreeCavityDirection } from './output.js';
export { isQuantumOutput } from './output.js';
export { LIMITS } from './report.js';
export { threeCavityTruncation } from './python.js';

function classicalOutput(c: ClassicalTransmission): ThreeCavityClassicalOutput {
  return { a_to_c: { T: c.a_to_c.T }, c_to_a: { T: c.c_to_a.T }, isolation: c.isolation };
}

function directionOutput(r: DirectionResult): ThreeCavityDirectionOutput {
  const { diagnostics: _d, rho: _rho, ...rest } = r;
  return rest;
}

/** Seed 000: loss-induced (quantum) nonreciprocity in a three-cavity (two Kerr, one lossy) network. */
export const threeCavityModel: ModelDefinition<ThreeCavityOutput> = {
  id: 'three-cavity',
  title: 'Three-cavity loss-induced nonreciprocity',
  description: 'Two Kerr cavities a, c and a lossy linear cavity b; transmission and photon statistics in both driving directions.',
  reference: 'B. Li et al., "Loss-induced quantum nonreciprocity" (seed 000)',
  schema: threeCavitySchema,
  presets: [
    { name: 'Fig. 2 operating point', description: 'loss of b equal to κ, Δ = 0.5κ, U = 5κ, Ω = 0.1κ, θ = −π/4, J = √2κ/2: transmission ≈ 1 from a to c and ≈ 0 back (the defaults)', values: {} },
    { name: 'Reciprocal (no loss on b)', description: 'the same network without the engineered loss of cavity b: equal transmission both ways', values: { kappa_b: 0 } },
    { name: 'Two cavities (Fig. 2a, d)', description: 'cavities a and c only, coupled directly with phase θ', values: { cavities: 2 } },
  ],
  quantities: (v: ParamValues) => (v.solver === 'classical' ? CLASSICAL_QUANTITIES : QUANTUM_QUANTITIES),
  // g2(τ), spectra and pulses of the quantum model (whatever the solver parameter says: they are quantum)
  dynamics: networkDynamics('three-cavity', (input) => threeCavityDynamicsView(resolveParams(threeCavitySchema, input)), { trace: (pair) => (pair === 'a->c' ? 'a_to_c' : pair === 'c->a' ? 'c_to_a' : pair) }, {}),
  pointCostMs: (v: ParamValues) => {
    if (v.solver === 'classical') return 0.001;
    // measured (npm run bench): ~3 ms per direction at dimension 64, growing like dim^2.5; auto
    // solves every truncation from its start up to the one checking the chosen one, typically 4
    // at the paper's drive (a 101×101 map at the defaults: 5.5–6 ms per point in one process)
    const modes = v.cavities === 2 ? 2 : 3;
    const kind = v.basis === 'per-mode' ? 'per-mode' : 'total';
    const solve = (cut: number): number => 3 * Math.pow(basisDimension(kind, modes, cut) / 64, 2.5);
    let ms = 0;
    if (v.fock === 'auto') for (let cut = AUTO_START[kind]; cut <= 5; cut++) ms += solve(cut);
    else ms = solve(Number(v.fock)) + (v.convergence === 'check' ? solve(Number(v.fock) + 1) : 0);
    return 2 * ms;
  },
  pointMemory: (v: ParamValues) => ({ bytes: quantumMemoryBytes(v), param: 'fock' }),
  describeSolver: describeQuantumSolver,
  coarse: quantumCoarse,
  // the quantum catalogue names every scalar either solver yields
  pointReport: (output, scalars, opts) => threeCavityReport(output, scalars, QUANTUM_QUANTITIES, opts),
  solverNotes: (params, output, columns) => quantumSolverNotes(params, output, columns, AUTO_TOLERANCE),
  pythonScript: threeCavityScript,
  scriptRequirements: 'QuTiP (and numpy for the classical S-matrix)',
  createSolver() {
    const classical = createClassicalTransmission();
    return (values, hooks): PointResult<ThreeCavityOutput> => {
      const cl = classical(values);
      if (values.solver === 'classical') {
        return {
          output: classicalOutput(cl),
          scalars: { 'a_to_c.T': cl.a_to_c.T, 'c_to_a.T': cl.c_to_a.T, isolation: cl.isolation },
        };
      }
      const onStage = hooks?.onStage;
      const r = solveQuantum(values, onStage ? (s) => onStage(`truncation ${s.basis === 'per-mode' ? 'N' : 'K'} = ${s.fock} (dimension ${s.dim})`) : undefined);
      const scalars: Record<string, number> = {
        isolation: r.isolation,
        ratio: r.ratio,
        'classical.a_to_c.T': cl.a_to_c.T,
        'classical.c_to_a.T': cl.c_to_a.T,
        residual: Math.max(r.a_to_c.diagnostics.residual, r.c_to_a.diagnostics.residual),
        fock: r.truncation.fock,
      };
      for (const d of DIRECTIONS) {
        const x = r[d];
        Object.assign(scalars, {
          [`${d}.T`]: x.T,
          [`${d}.g2`]: x.g2,
          [`${d}.g3`]: x.g3,
          [`${d}.mean_n`]: x.mean_n,
          [`${d}.P1`]: x.P[1] ?? NaN,
          [`${d}.P2`]: x.P[2] ?? NaN,
          [`${d}.P3`]: x.P[3] ?? NaN,
        });
      }
      return {
        output: {
          a_to_c: directionOutput(r.a_to_c),
          c_to_a: directionOutput(r.c_to_a),
          isolation: r.isolation,
          ratio: r.ratio,
          classical: classicalOutput(cl),
          truncation: r.truncation,
          diagnostics: { a_to_c: r.a_to_c.diagnostics, c_to_a: r.c_to_a.diagnostics },
        },
        scalars,
        ...(r.truncation.converged ? {} : { warnings: [`the truncation is not converged: ${r.truncation.reason ?? 'see truncation'}`] }),
      };
    };
  },
};
