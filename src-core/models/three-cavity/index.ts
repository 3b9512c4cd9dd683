import type { ModelDefinition, PointResult, QuantitySpec } from '../model.js';
import type { ParamValues } from '../params.js';
import { basisDimension } from '../../quantum/fock.js';
import { createClassicalTransmission, type ClassicalTransmission } from './classical.js';
import { quantumMemoryBytes, solveQuantum, type DirectionResult } from './quantum.js';
import { threeCavitySchema } from './schema.js';

const q = (key: string, symbol: string, label: string): QuantitySpec => ({ key, symbol, label, unit: '' });

const CLASSICAL_QUANTITIES: QuantitySpec[] = [
  q('a_to_c.T', 'T_{a→c}', 'Transmission a→c'),
  q('c_to_a.T', 'T_{c→a}', 'Transmission c→a'),
  q('isolation', 'I', 'Isolation |T_{a→c} − T_{c→a}|'),
];

const direction = (d: 'a_to_c' | 'c_to_a', arrow: string, out: string): QuantitySpec[] => [
  q(`${d}.T`, `T_{${arrow}}`, `Transmission ${arrow}`),
  q(`${d}.g2`, `g^{(2)}_{${arrow}}(0)`, `Second-order correlation ${arrow}`),
  q(`${d}.g3`, `g^{(3)}_{${arrow}}(0)`, `Third-order correlation ${arrow}`),
  q(`${d}.mean_n`, `⟨${out}^†${out}⟩_{${arrow}}`, `Mean photon number of ${out} (${arrow})`),
  q(`${d}.P1`, `P_{${out}}(1)_{${arrow}}`, `One-photon probability of ${out} (${arrow})`),
  q(`${d}.P2`, `P_{${out}}(2)_{${arrow}}`, `Two-photon probability of ${out} (${arrow})`),
  q(`${d}.P3`, `P_{${out}}(3)_{${arrow}}`, `Three-photon probability of ${out} (${arrow})`),
];

const QUANTUM_QUANTITIES: QuantitySpec[] = [
  ...direction('a_to_c', 'a→c', 'c'),
  ...direction('c_to_a', 'c→a', 'a'),
  q('isolation', 'I', 'Isolation |T_{a→c} − T_{c→a}|'),
  q('ratio', 'R', 'Nonreciprocal ratio |(g2_{a→c} − g2_{c→a})/(g2_{a→c} + g2_{c→a})|'),
  q('classical.a_to_c.T', 'T^{cl}_{a→c}', 'Classical (weak-drive) transmission a→c'),
  q('classical.c_to_a.T', 'T^{cl}_{c→a}', 'Classical (weak-drive) transmission c→a'),
  q('residual', 'max|𝓛ρ|', 'Steady-state residual (relative, worst direction)'),
  q('fock', 'K', 'Truncation used'),
];

function classicalOutput(c: ClassicalTransmission): Record<string, unknown> {
  return { a_to_c: { T: c.a_to_c.T }, c_to_a: { T: c.c_to_a.T }, isolation: c.isolation };
}

function directionOutput(r: DirectionResult): Record<string, unknown> {
  const { diagnostics: _d, rho: _rho, ...rest } = r;
  return rest;
}

/** Seed 000: loss-induced (quantum) nonreciprocity in a three-cavity (two Kerr, one lossy) network. */
export const threeCavityModel: ModelDefinition = {
  id: 'three-cavity',
  title: 'Three-cavity loss-induced nonreciprocity',
  description: 'Two Kerr cavities a, c and a lossy linear cavity b; transmission and photon statistics in both driving directions.',
  reference: 'B. Li et al., "Loss-induced quantum nonreciprocity" (seed 000)',
  schema: threeCavitySchema,
  quantities: (v: ParamValues) => (v.solver === 'classical' ? CLASSICAL_QUANTITIES : QUANTUM_QUANTITIES),
  pointCostMs: (v: ParamValues) => {
    if (v.solver === 'classical') return 0.001;
    // measured (npm run bench): ~3.2 ms per direction at dimension 64, growing like dim^2.5;
    // auto solves the next truncations too (≈ 2.5 solves of the chosen size's cost)
    const modes = v.cavities === 2 ? 2 : 3;
    const kind = v.basis === 'per-mode' ? 'per-mode' : 'total';
    const cut = v.fock === 'auto' ? (kind === 'total' ? 5 : 4) : Number(v.fock);
    const runs = v.fock === 'auto' ? 2.5 : v.convergence === 'check' ? 2 : 1;
    return 2 * runs * 3.2 * Math.pow(basisDimension(kind, modes, cut) / 64, 2.5);
  },
  pointMemory: (v: ParamValues) => ({ bytes: quantumMemoryBytes(v), param: 'fock' }),
  createSolver() {
    const classical = createClassicalTransmission();
    return (values, hooks): PointResult => {
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
      for (const d of ['a_to_c', 'c_to_a'] as const) {
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
