/**
 * The network model package (issue 16): the user's own member of the seed-000 family — 1 to 6 modes
 * with detunings, losses, Kerr terms, thermal baths and two-photon loss, complex couplings, and
 * driving directions read at chosen outputs. The structure is the `network` parameter (a spec,
 * docs/network-format.md); its numbers are ordinary parameters ("a.Delta", "a-c.J", "a.Omega") that
 * studies sweep and optimise. Exact Lindblad steady states (quantum) and the linear S-matrix
 * (classical) of the same network.
 */
import type { ModelDefinition, PointResult, QuantitySpec } from '../model.js';
import type { ParamValues } from '../params.js';
import { basisDimension } from '../../quantum/fock.js';
import { describeQuantumSolver, quantumCoarse, quantumSolverNotes } from '../quantum-solver-params.js';
import { createNetworkClassical } from './classical.js';
import { networkQuantities, type NetworkClassicalOutput, type NetworkOutput } from './output.js';
import { PRESETS } from './presets.js';
import { AUTO_TOLERANCE, networkMemoryBytes, solveNetworkQuantum, type NetworkQuantumSettings } from './quantum.js';
import { networkScript } from './python.js';
import { networkReport } from './report.js';
import { networkStructure } from './editor.js';
import { networkAt, networkSchema, specOf } from './schema.js';
import { networkDynamics } from './dynamics.js';
import { resolveParams } from '../params.js';
import { canonicalSpec, outputPairs, parseNetworkSpec } from './spec.js';

export type { NetworkOutput, NetworkQuantumOutput, NetworkClassicalOutput, NetworkDirectionOutput } from './output.js';
export type { NetworkSpec } from './spec.js';
export { PRESETS as NETWORK_PRESETS, presetById } from './presets.js';
export { canonicalSpec, parseNetworkSpec } from './spec.js';
export { networkSchematic } from './schematic.js';
export { networkTruncation } from './python.js';

function settingsOf(v: ParamValues): NetworkQuantumSettings {
  return {
    basis: v.basis === 'per-mode' ? 'per-mode' : 'total',
    fock: v.fock === 'auto' ? 'auto' : Number(v.fock),
    convergence: v.convergence === 'check' ? 'check' : 'none',
  };
}

const isQuantum = (v: ParamValues): boolean => v.solver !== 'classical';

export const networkModel: ModelDefinition<NetworkOutput> = {
  id: 'network',
  title: 'Cavity network (your own device)',
  description: 'Your own coupled-cavity network: 1–6 modes with detuning, loss, Kerr, thermal bath and two-photon loss, complex couplings, drives read at chosen outputs.',
  reference: 'Seed 000 (B. Li et al., loss-induced quantum nonreciprocity), eqs. 3–6 and 12 generalised; docs/network-format.md',
  schema: networkSchema(PRESETS[0]!.spec),
  schemaFor: (input) => networkSchema(specOf(input)),
  structure: networkStructure,
  presets: PRESETS.map((p) => ({ id: p.id, name: p.name, description: p.description, values: { network: canonicalSpec(p.spec) } })),
  quantities: (v) => networkQuantities(specOf(v), isQuantum(v) ? 'quantum' : 'classical'),
  dynamics: networkDynamics(
    'network',
    (input) => {
      const values = resolveParams(networkSchema(specOf(input)), input);
      return { values, spec: networkAt(values), settings: settingsOf(values) };
    },
    { trace: (pair) => pair },
    {},
  ),
  pointCostMs(v) {
    const net = specOf(v);
    if (!isQuantum(v)) return 0.001 * net.modes.length;
    const s = settingsOf(v);
    // as the three-cavity model (npm run bench): ~3.2 ms per direction at dimension 64, growing like dim^2.5
    const cut = s.fock === 'auto' ? (s.basis === 'total' ? 5 : 4) : s.fock;
    const runs = s.fock === 'auto' ? 2.5 : s.convergence === 'check' ? 2 : 1;
    return net.directions.length * runs * 3.2 * Math.pow(basisDimension(s.basis, net.modes.length, cut) / 64, 2.5);
  },
  pointMemory: (v) => ({ bytes: isQuantum(v) ? networkMemoryBytes(specOf(v).modes.length, settingsOf(v)) : 0, param: 'fock' }),
  describeSolver: describeQuantumSolver,
  coarse: quantumCoarse,
  pointReport: (output, scalars, opts) => networkReport(output, scalars, storedCatalogue(output), opts),
  solverNotes: (params, output, columns) => quantumSolverNotes(params, output, columns, AUTO_TOLERANCE),
  pythonScript: networkScript,
  scriptRequirements: 'QuTiP (and numpy for the classical S-matrix)',
  createSolver() {
    const classical = createNetworkClassical();
    return (values, hooks): PointResult<NetworkOutput> => {
      const net = networkAt(values);
      const cl: NetworkClassicalOutput = classical(net);
      const scalars: Record<string, number> = {};
      for (const [k, t] of Object.entries(cl.T)) scalars[`${k}.T`] = t;
      for (const [k, i] of Object.entries(cl.isolation)) scalars[`${k}.isolation`] = i;
      if (!isQuantum(values)) return { output: { solver: 'classical', network: canonicalSpec(net), classical: cl }, scalars };
      const onStage = hooks?.onStage;
      const r = solveNetworkQuantum(net, settingsOf(values), onStage ? (s) => onStage(`truncation ${s.basis === 'per-mode' ? 'N' : 'K'} = ${s.fock} (dimension ${s.dim})`) : undefined);
      for (const [k, p] of Object.entries(r.pairs)) {
        scalars[`classical.${k}.T`] = cl.T[k]!;
        Object.assign(scalars, { [`${k}.T`]: p.T, [`${k}.g2`]: p.g2, [`${k}.g3`]: p.g3, [`${k}.mean_n`]: p.mean_n, [`${k}.P1`]: p.P[1] ?? NaN, [`${k}.P2`]: p.P[2] ?? NaN });
      }
      for (const [k, g] of Object.entries(r.cross)) scalars[`${k}.g2`] = g;
      for (const [k, x] of Object.entries(r.reverse)) Object.assign(scalars, { [`${k}.isolation`]: x.isolation, [`${k}.ratio`]: x.ratio });
      scalars.residual = Math.max(...r.directions.map((d) => d.diagnostics.residual));
      scalars.fock = r.truncation.fock;
      return {
        output: {
          solver: 'quantum',
          network: canonicalSpec(net),
          directions: Object.fromEntries(
            outputPairs(net).map((p) => {
              const d = r.directions[p.direction]!;
              return [p.key, { drive: p.drive, output: p.output, ...r.pairs[p.key]!, modes: { mean_n: d.mean_n, P: d.P }, top_shell: d.top_shell, diagnostics: d.diagnostics }];
            }),
          ),
          cross: r.cross,
          reverse: r.reverse,
          truncation: r.truncation,
          classical: cl,
        },
        scalars,
        ...(r.truncation.converged ? {} : { warnings: [`the truncation is not converged: ${r.truncation.reason ?? 'see truncation'}`] }),
      };
    };
  },
};

/** The catalogue of the network a stored output was solved for (its `network` field); empty when it does not parse. */
function storedCatalogue(output: unknown): QuantitySpec[] {
  const n = output && typeof output === 'object' ? (output as { network?: unknown }).network : undefined;
  try {
    return typeof n === 'string' ? networkQuantities(parseNetworkSpec(n), 'quantum') : [];
  } catch {
    return [];
  }
}
