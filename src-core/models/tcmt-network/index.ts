/**
 * The tcmt-network model package (issue 18): classical coupled-mode networks of 1–8 resonators with
 * linear, Kerr-like, saturable and nonlocal losses (seed 003's nonlocal loss γ_k|a_j|/|a_i|, with
 * any reference resonator), Kerr shifts, reciprocal or ideal nonreciprocal couplings and ports at
 * any resonators. The structure is the `spec` parameter (docs/tcmt-network-format.md); the CW drive
 * (ω, |s_+|) are ordinary parameters. Per point: every port driven in turn, the steady state reached
 * from rest and the others Newton finds, with their stability; time-domain runs on the low-storage
 * Runge–Kutta. The RHS and its Jacobian (./rhs.ts) are exported for the continuation solver.
 */
import { tcmtContinuation } from './continuation-hook.js';
import { tcmtStructure } from './editor.js';
import type { ModelDefinition, PointResult } from '../model.js';
import { tcmtQuantities, type SParameter, type TcmtNetworkOutput, type TcmtPortOutput } from './output.js';
import { TCMT_PRESETS } from './presets.js';
import { tcmtNetworkScript } from './python.js';
import { tcmtReport } from './report.js';
import { tcmtSystem } from './rhs.js';
import { DEFAULT_TCMT_SPEC, tcmtSchema, tcmtSpecOf } from './schema.js';
import { tcmtSimulation } from './simulate.js';
import { canonicalTcmtSpec, parseTcmtSpec } from './spec.js';
import { isLinear, sParameters, steadyStates } from './steady.js';

export { parseTcmtSpec, canonicalTcmtSpec, MAX_RESONATORS, type TcmtSpec, type TcmtResonator, type TcmtCoupling, type TcmtLossTerm, type TcmtInput } from './spec.js';
export { rhs, jacobian, paramDerivative, tcmtSystem, driveVector, type TcmtDrive, type TcmtSystem } from './rhs.js';
export { steadyStates, newtonSteady, sParameters, isLinear, type TcmtSolution, type TcmtPortSteady } from './steady.js';
export { simulateTcmt, linearEigenvalues, type TcmtSimulateOptions, type TcmtSimulateResult } from './dynamics.js';
export { runTcmtSimulation } from './simulate.js';
export { TCMT_PRESETS, type TcmtPreset } from './presets.js';
export { tcmtStructure, flattenTcmt, parseTcmtTables, LOSS_KINDS } from './editor.js';
export { tcmtSchematic, TCMT_SCHEMATIC_WIDTH, TCMT_SCHEMATIC_HEIGHT } from './schematic.js';
export { tcmtSchema, tcmtSpecOf, DEFAULT_TCMT_SPEC } from './schema.js';
export type { TcmtNetworkOutput, TcmtPortOutput, TcmtSolutionOutput, SParameter } from './output.js';

const ID = 'tcmt-network';

const sParam = (z: { re: number; im: number }): SParameter => {
  const abs = Math.hypot(z.re, z.im);
  return { abs, phase: Math.atan2(z.im, z.re), dB: 20 * Math.log10(abs) };
};

export const tcmtNetworkModel: ModelDefinition<TcmtNetworkOutput> = {
  id: ID,
  title: 'Coupled-mode network with nonlocal loss',
  description: 'Classical temporal coupled-mode network of 1–8 resonators with linear, Kerr-like, saturable and nonlocal losses, Kerr shifts, reciprocal or ideal nonreciprocal couplings: S-parameters of every steady state found, with its stability.',
  reference: 'Y. Shen and S. Chen, "Nonreciprocal coupling induced by nonlocal loss engineering" (seed 003), eqs. 1–2 generalised; docs/tcmt-network-format.md',
  schema: tcmtSchema(parseTcmtSpec(DEFAULT_TCMT_SPEC)),
  schemaFor: (input) => tcmtSchema(tcmtSpecOf(input)),
  presets: TCMT_PRESETS.map((p) => ({ id: p.id, name: p.name, description: p.description, values: { spec: canonicalTcmtSpec(p.spec) } })),
  quantities: (v) => tcmtQuantities(tcmtSpecOf(v)),
  structure: tcmtStructure,
  pointCostMs(v) {
    const sys = tcmtSystem(tcmtSpecOf(v));
    if (isLinear(sys)) return 0.005 * sys.ports.length;
    const nl = sys.hasNonlocal.filter(Boolean).length;
    return sys.ports.length * (5 + 0.5 * sys.n * (1 << nl));
  },
  describeSolver: () => 'steady state from rest (Runge–Kutta, polished by Newton) and Newton from several starts',
  pointReport: (output, scalars, opts) => tcmtReport(output, scalars, storedCatalogue(output), opts),
  simulate: tcmtSimulation(ID, parseTcmtSpec(DEFAULT_TCMT_SPEC)),
  continuation: tcmtContinuation,
  pythonScript: tcmtNetworkScript,
  scriptRequirements: 'numpy and SciPy',
  solverNotes: () => [
    'tolerances: CW run from rest with the adaptive low-storage Runge–Kutta (ck4, rtol 1e-9) until the state changes by < 1e-8 relative over 10 slowest decay times, then Newton to a residual ≤ 1e-14 of the rates; other steady states by Newton from deterministic starts (not guaranteed to find every branch)',
  ],
  createSolver() {
    return (values): PointResult<TcmtNetworkOutput> => {
      const t0 = performance.now();
      const spec = tcmtSpecOf(values);
      const sys = tcmtSystem(spec);
      const omega = Number(values.omega);
      const amplitude = Number(values.amplitude);
      const P = spec.ports.length;
      const scalars: Record<string, number> = {};
      const ports: TcmtPortOutput[] = [];
      for (let p = 1; p <= P; p++) {
        const drive = { omega, amplitude, port: p };
        const st = steadyStates(sys, drive);
        const solutions = st.solutions.map((s) => {
          const S = sParameters(sys, drive, s.x);
          return {
            S: Object.fromEntries(S.map((z, k) => [`S${k + 1}${p}`, sParam(z)])),
            a: Array.from({ length: sys.n }, (_, i) => ({ re: s.x[2 * i]!, im: s.x[2 * i + 1]! })),
            stuck: s.stuck.map((i) => sys.names[i]!),
            stable: s.stable,
            maxRe: s.maxRe,
            residual: s.residual,
            fromRest: s === st.fromRest,
          };
        });
        const prim = solutions[st.primary];
        const S = prim?.S ?? {};
        let sum = 0;
        for (let q = 1; q <= P; q++) {
          const z = S[`S${q}${p}`];
          scalars[`S${q}${p}.abs`] = z ? z.abs : NaN;
          scalars[`S${q}${p}.dB`] = z ? z.dB : NaN;
          sum += z ? z.abs * z.abs : NaN;
        }
        scalars[`absorbed_${p}`] = 1 - sum;
        scalars[`solutions_${p}`] = solutions.length;
        ports.push({ port: p, resonator: spec.ports[p - 1]!, S, absorbed: 1 - sum, solutions, primary: st.primary, rest: st.rest });
      }
      for (let p = 1; p <= P; p++) {
        for (let r = p + 1; r <= P; r++) {
          const a = scalars[`S${p}${r}.abs`]!;
          const b = scalars[`S${r}${p}.abs`]!;
          scalars[`isolation_${p}${r}`] = a === 0 && b === 0 ? 0 : 20 * Math.log10(a / b);
        }
      }
      const multistable = ports.some((x) => x.solutions.length > 1);
      const warnings: string[] = [];
      if (ports.some((x) => !x.solutions.length)) warnings.push('no steady state was found for some driven port: its values are NaN');
      return {
        output: { spec: canonicalTcmtSpec(spec), omega, amplitude, ports, multistable, timeMs: performance.now() - t0 },
        scalars,
        ...(warnings.length ? { warnings } : {}),
      };
    };
  },
};

/** The catalogue of the spec a stored output was solved for; empty when it does not parse. */
function storedCatalogue(output: unknown): ReturnType<typeof tcmtQuantities> {
  const s = output && typeof output === 'object' ? (output as { spec?: unknown }).spec : undefined;
  try {
    return typeof s === 'string' ? tcmtQuantities(parseTcmtSpec(s)) : [];
  } catch {
    return [];
  }
}
