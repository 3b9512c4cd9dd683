/**
 * The quantum three-cavity network of seed 000: Hamiltonian eq. 3, master equation eq. 4,
 * transmission eq. 5, correlations eq. 6, photon statistics (Fig. 3c), in both driving directions.
 * A thin preset over the network engine (models/network/quantum.ts): the parameters become a
 * network spec (modes a, b, c — or a, c — in that order; directions a→c and c→a) and the engine's
 * result is mapped back to this model's output, keys and messages.
 */
import { ParameterError } from '../../errors.js';
import type { FockBasis } from '../../quantum/fock.js';
import type { ManifoldBlockCache, SteadyStateDiagnostics } from '../../solvers/lindblad-steady-state.js';
import {
  networkMemoryBytes,
  solveNetworkDirection,
  solveNetworkQuantum,
  type NetworkDirectionResult,
  type NetworkLabels,
  type NetworkPairResult,
  type TruncationProgress,
  type TruncationReport,
} from '../network/quantum.js';
import type { NetworkSpec } from '../network/spec.js';
import { num, type ParamValues } from '../params.js';

export { AUTO_TOLERANCE, MEMORY_LIMIT_BYTES, TOP_SHELL_LIMIT, excitationGrading, type TruncationProgress, type TruncationReport } from '../network/quantum.js';

export type Direction = 'a_to_c' | 'c_to_a';

export interface DirectionResult {
  /** Transmission T (eq. 5). */
  T: number;
  /** g2(0) of the output cavity (eq. 6). */
  g2: number;
  /** g3(0) of the output cavity (eq. 6). */
  g3: number;
  /** Mean photon number of the output cavity. */
  mean_n: number;
  /** Photon-number distribution of the output cavity. */
  P: number[];
  /** Photon-number distributions of cavities a and c, and the Poisson distributions of the same means. */
  P_a: number[];
  P_c: number[];
  poisson_a: number[];
  poisson_c: number[];
  n_a: number;
  n_c: number;
  /** Population of the top truncation shell (per-mode: largest population of any mode's top level). */
  top_shell: number;
  diagnostics: SteadyStateDiagnostics;
  /** The steady state itself (dim × dim, interleaved); not part of the JSON output. */
  rho: Float64Array;
}

export interface QuantumResult {
  a_to_c: DirectionResult;
  c_to_a: DirectionResult;
  isolation: number;
  ratio: number;
  truncation: TruncationReport;
}

function poisson(mean: number, len: number): number[] {
  const out: number[] = [];
  let p = Math.exp(-mean);
  for (let m = 0; m < len; m++) {
    out.push(p);
    p *= mean / (m + 1);
  }
  return out;
}

/** The three- (or two-) cavity system as a network: modes a, b, c (a, c), both driving directions. */
export function threeCavitySpec(v: ParamValues): NetworkSpec {
  const three = num(v, 'cavities') === 3;
  const mode = (name: string, U: number) => ({ name, Delta: num(v, `Delta_${name}`), kappa: num(v, `kappa_${name}`), U, n_th: 0, kappa2: 0 });
  const Omega = num(v, 'Omega');
  return {
    modes: three ? [mode('a', num(v, 'U_a')), mode('b', 0), mode('c', num(v, 'U_c'))] : [mode('a', num(v, 'U_a')), mode('c', num(v, 'U_c'))],
    couplings: [
      { i: 'a', j: 'c', J: num(v, 'J_ac'), phase: num(v, 'theta') },
      ...(three
        ? [
            { i: 'a', j: 'b', J: num(v, 'J_ab'), phase: 0 },
            { i: 'c', j: 'b', J: num(v, 'J_bc'), phase: 0 },
          ]
        : []),
    ],
    directions: [
      { drive: 'a', Omega, phase: 0, outputs: ['c'] },
      { drive: 'c', Omega, phase: 0, outputs: ['a'] },
    ],
  };
}

const PAIR: Record<Direction, string> = { a_to_c: 'a->c', c_to_a: 'c->a' };

/** This model's names in the engine's messages: 'a_to_c.T' for 'a->c.T', 'isolation' for 'a<->c.isolation'. */
function labels(v: ParamValues): NetworkLabels {
  return {
    change: (key) => key.replace(/^a->c\./, 'a_to_c.').replace(/^c->a\./, 'c_to_a.').replace(/^a<->c\./, ''),
    drives: `Omega = ${num(v, 'Omega')}`,
  };
}

function directionResult(d: NetworkDirectionResult, pair: NetworkPairResult): DirectionResult {
  const P_a = d.P.a!;
  const P_c = d.P.c!;
  return {
    T: pair.T,
    g2: pair.g2,
    g3: pair.g3,
    mean_n: pair.mean_n,
    P: pair.P,
    P_a,
    P_c,
    poisson_a: poisson(d.mean_n.a!, P_a.length),
    poisson_c: poisson(d.mean_n.c!, P_c.length),
    n_a: d.mean_n.a!,
    n_c: d.mean_n.c!,
    top_shell: d.top_shell,
    diagnostics: d.diagnostics,
    rho: d.rho,
  };
}

/** Solve one driving direction at one truncation. */
export function solveDirection(
  v: ParamValues,
  basis: FockBasis,
  drive: Direction,
  opts: { positivity?: boolean; checkOnly?: boolean; initial?: Float64Array; blockCache?: ManifoldBlockCache } = {},
): DirectionResult {
  const r = solveNetworkDirection(threeCavitySpec(v), drive === 'a_to_c' ? 0 : 1, basis, opts);
  return directionResult(r.direction, r.pairs[PAIR[drive]]!);
}

/**
 * Cavities a and c always lose photons (κ_a, κ_c > 0); b may be lossless, but then it must be
 * coupled to a or c, or its states never decay and the steady state is not unique.
 */
function checkUniqueSteadyState(v: ParamValues): void {
  if (num(v, 'cavities') === 3 && num(v, 'kappa_b') === 0 && num(v, 'J_ab') === 0 && num(v, 'J_bc') === 0) {
    throw new ParameterError('kappa_b', 'cavity b has no loss (kappa_b = 0) and no coupling (J_ab = J_bc = 0), so its states never decay and the steady state is not unique; give b a loss or a coupling');
  }
}

function settings(v: ParamValues): Parameters<typeof solveNetworkQuantum>[1] {
  return {
    basis: v.basis === 'per-mode' ? 'per-mode' : 'total',
    fock: v.fock === 'auto' ? 'auto' : num(v, 'fock'),
    convergence: v.convergence === 'check' ? 'check' : 'none',
  };
}

/**
 * Peak working memory of one point (bytes): the steady state at the largest truncation the solve
 * may use (the next one too when it is checked; for the automatic truncation, its limit).
 */
export function quantumMemoryBytes(v: ParamValues): number {
  if (v.solver === 'classical') return 0;
  return networkMemoryBytes(v.cavities === 2 ? 2 : 3, settings(v));
}

/** The network, truncation and names of a point, as the quantum dynamics (network/dynamics.ts) take them. */
export function threeCavityDynamicsView(v: ParamValues): { values: ParamValues; spec: NetworkSpec; settings: ReturnType<typeof settings>; labels: NetworkLabels } {
  checkUniqueSteadyState(v);
  return { values: v, spec: threeCavitySpec(v), settings: settings(v), labels: labels(v) };
}

/** Solve both directions at the requested truncation (fixed, fixed + check, or auto). */
export function solveQuantum(v: ParamValues, onTruncation?: TruncationProgress): QuantumResult {
  checkUniqueSteadyState(v);
  const r = solveNetworkQuantum(threeCavitySpec(v), settings(v), onTruncation, labels(v));
  const rev = r.reverse['a<->c']!;
  return {
    a_to_c: directionResult(r.directions[0]!, r.pairs['a->c']!),
    c_to_a: directionResult(r.directions[1]!, r.pairs['c->a']!),
    isolation: rev.isolation,
    ratio: rev.ratio,
    truncation: r.truncation,
  };
}
