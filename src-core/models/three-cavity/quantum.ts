/**
 * The quantum three-cavity network of seed 000: Hamiltonian eq. 3, master equation eq. 4,
 * transmission eq. 5, correlations eq. 6, photon statistics (Fig. 3c), in both driving directions.
 */
import { ComputationError, ParameterError } from '../../errors.js';
import { basisDimension, embedDensityMatrix, fockBasis, loweringOp, type FockBasis } from '../../quantum/fock.js';
import { buildHamiltonian } from '../../quantum/operators.js';
import { ManifoldBlockCache, steadyState, steadyStateMemoryBytes, type SteadyStateDiagnostics } from '../../solvers/lindblad-steady-state.js';
import { hermitianEigenvalues } from '../../linalg/hermitian-eigenvalues.js';
import { num, type ParamValues } from '../params.js';

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

export interface TruncationReport {
  basis: FockBasis['kind'];
  /** The truncation used: N (per-mode) or K (total). */
  fock: number;
  dim: number;
  /** 'auto' chose the smallest truncation meeting `tolerance` on T and g2 at the next one. */
  mode: 'auto' | 'fixed';
  /** Relative change of each observable at the next truncation (when checked). */
  changes?: Record<string, number>;
  /**
   * False when the truncation is known not to be converged: the top shell holds more than
   * {@link TOP_SHELL_LIMIT} of the population, or T or g2 change by more than `tolerance` at the
   * next truncation (when that was checked). A fixed truncation without the check passes on the
   * top-shell test alone (`checked` says which tests ran).
   */
  converged: boolean;
  /** What was checked: the top-shell population only, or also a re-solve at the next truncation. */
  checked: 'top-shell' | 'next-truncation';
  /** Why it is not converged (and what to do), when `converged` is false. */
  reason?: string;
  tolerance: number;
}

/** Progress of one solve: the truncation being tried (automatic truncation). */
export type TruncationProgress = (stage: { fock: number; dim: number; basis: FockBasis['kind'] }) => void;

export interface QuantumResult {
  a_to_c: DirectionResult;
  c_to_a: DirectionResult;
  isolation: number;
  ratio: number;
  truncation: TruncationReport;
}

/** Relative tolerance on T and g2 for the automatic truncation. */
export const AUTO_TOLERANCE = 1e-6;
/**
 * Population of the top truncation shell above which a result is flagged as not converged: the
 * truncation cuts off real population (the point inspector flags the same threshold).
 */
export const TOP_SHELL_LIMIT = 1e-6;
/** Memory the solver may use for one steady state. */
export const MEMORY_LIMIT_BYTES = 1.5e9;

const AUTO_START = { total: 3, 'per-mode': 3 } as const;
const AUTO_MAX = { total: 14, 'per-mode': 8 } as const;

function poisson(mean: number, len: number): number[] {
  const out: number[] = [];
  let p = Math.exp(-mean);
  for (let m = 0; m < len; m++) {
    out.push(p);
    p *= mean / (m + 1);
  }
  return out;
}

/**
 * Diagonal grading g_s = ε^{n_s} by total excitation n_s, with ε ≈ the ratio of successive
 * manifolds' amplitudes at weak drive (≈ 2Ω/κ), so the graded density matrix has elements of
 * similar size. Strong drive (ε ≥ 1) needs none.
 */
export function excitationGrading(basis: FockBasis, driveOverLoss: number): Float64Array {
  const eps = Math.min(1, Math.max(1e-3, 2 * driveOverLoss));
  const g = new Float64Array(basis.dim);
  for (let s = 0; s < basis.dim; s++) {
    let t = 0;
    for (let m = 0; m < basis.modes; m++) t += basis.occ[s * basis.modes + m]!;
    g[s] = Math.pow(eps, t);
  }
  return g;
}

/** Solve one driving direction at one truncation. */
export function solveDirection(
  v: ParamValues,
  basis: FockBasis,
  drive: Direction,
  opts: { positivity?: boolean; checkOnly?: boolean; initial?: Float64Array; blockCache?: ManifoldBlockCache } = {},
): DirectionResult {
  const three = num(v, 'cavities') === 3;
  const A = 0;
  const B = three ? 1 : -1;
  const C = three ? 2 : 1;
  const theta = num(v, 'theta');
  const Jac = num(v, 'J_ac');
  const Omega = num(v, 'Omega');
  const hops = [{ from: A, to: C, re: Jac * Math.cos(theta), im: Jac * Math.sin(theta) }];
  const detuning = three ? [num(v, 'Delta_a'), num(v, 'Delta_b'), num(v, 'Delta_c')] : [num(v, 'Delta_a'), num(v, 'Delta_c')];
  const kerr = three ? [num(v, 'U_a'), 0, num(v, 'U_c')] : [num(v, 'U_a'), num(v, 'U_c')];
  if (three) hops.push({ from: A, to: B, re: num(v, 'J_ab'), im: 0 }, { from: C, to: B, re: num(v, 'J_bc'), im: 0 });
  const H = buildHamiltonian(basis, { detuning, kerr, hops, drives: [{ mode: drive === 'a_to_c' ? A : C, re: Omega, im: 0 }] });
  const rates = three ? [num(v, 'kappa_a'), num(v, 'kappa_b'), num(v, 'kappa_c')] : [num(v, 'kappa_a'), num(v, 'kappa_c')];
  const decay = rates.map((rate, m) => ({ op: loweringOp(basis, m), rate })).filter((d) => d.rate > 0);
  const { rho, diagnostics } = steadyState(
    { basis, H, decay, grading: excitationGrading(basis, Omega / ((rates[0]! + rates.at(-1)!) / 2)) },
    // a solve used only to check another's truncation aims at the acceptance residual, not below it
    {
      skipPositivity: opts.positivity === false,
      ...(opts.checkOnly ? { target: 1e-10 } : {}),
      ...(opts.initial ? { initial: opts.initial } : {}),
      ...(opts.blockCache ? { blockCache: opts.blockCache } : {}),
    },
  );

  const { dim, modes, occ } = basis;
  const levels = basis.kind === 'per-mode' ? basis.cutoff : basis.cutoff + 1;
  const P_a = new Array<number>(levels).fill(0);
  const P_c = new Array<number>(levels).fill(0);
  // factorial moments <n>, <n(n-1)>, <n(n-1)(n-2)> of a and c
  let a1 = 0, a2 = 0, a3 = 0, c1 = 0, c2 = 0, c3 = 0;
  let top = 0;
  const topPerMode = new Array<number>(modes).fill(0);
  for (let s = 0; s < dim; s++) {
    const p = rho[2 * (s * dim + s)]!;
    const na = occ[s * modes + A]!;
    const nc = occ[s * modes + C]!;
    P_a[na] = P_a[na]! + p;
    P_c[nc] = P_c[nc]! + p;
    a1 += p * na;
    a2 += p * na * (na - 1);
    a3 += p * na * (na - 1) * (na - 2);
    c1 += p * nc;
    c2 += p * nc * (nc - 1);
    c3 += p * nc * (nc - 1) * (nc - 2);
    if (basis.kind === 'total') {
      let t = 0;
      for (let m = 0; m < modes; m++) t += occ[s * modes + m]!;
      if (t === basis.cutoff) top += p;
    } else {
      for (let m = 0; m < modes; m++) if (occ[s * modes + m] === basis.cutoff - 1) topPerMode[m] = topPerMode[m]! + p;
    }
  }
  if (basis.kind === 'per-mode') top = Math.max(...topPerMode);
  const [mean, m2, m3] = drive === 'a_to_c' ? [c1, c2, c3] : [a1, a2, a3];
  return {
    T: (num(v, 'kappa_a') * num(v, 'kappa_c') * mean) / (Omega * Omega),
    g2: m2 / (mean * mean),
    g3: m3 / (mean * mean * mean),
    mean_n: mean,
    P: drive === 'a_to_c' ? P_c : P_a,
    P_a,
    P_c,
    poisson_a: poisson(a1, levels),
    poisson_c: poisson(c1, levels),
    n_a: a1,
    n_c: c1,
    top_shell: top,
    diagnostics,
    rho,
  };
}

function checkMemory(kind: FockBasis['kind'], modes: number, cutoff: number): void {
  const dim = basisDimension(kind, modes, cutoff);
  const bytes = steadyStateMemoryBytes(dim);
  if (bytes > MEMORY_LIMIT_BYTES) {
    throw new ParameterError(
      'fock',
      `${kind} truncation ${cutoff} gives dimension ${dim}, which needs about ${(bytes / 1e9).toFixed(1)} GB (limit ${MEMORY_LIMIT_BYTES / 1e9} GB); use a smaller truncation or the total basis`,
    );
  }
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

/**
 * Peak working memory of one point (bytes): the steady state at the largest truncation the solve
 * may use (the next one too when it is checked; for the automatic truncation, its limit).
 */
export function quantumMemoryBytes(v: ParamValues): number {
  if (v.solver === 'classical') return 0;
  const kind = v.basis === 'per-mode' ? 'per-mode' : 'total';
  const modes = v.cavities === 2 ? 2 : 3;
  let cut = v.fock === 'auto' ? AUTO_MAX[kind] : Number(v.fock) + (v.convergence === 'check' ? 1 : 0);
  if (v.fock === 'auto') while (cut > AUTO_START[kind] && steadyStateMemoryBytes(basisDimension(kind, modes, cut)) > MEMORY_LIMIT_BYTES) cut--;
  return steadyStateMemoryBytes(basisDimension(kind, modes, cut));
}

type Solved = Omit<QuantumResult, 'truncation'> & { basis: FockBasis };

/**
 * Both directions at one truncation. With `from` (the same point at the next smaller truncation)
 * each solve starts from that steady state embedded in the larger basis: deterministic for the
 * point, and fewer iterations.
 */
function solveAt(
  v: ParamValues,
  kind: FockBasis['kind'],
  cutoff: number,
  positivity: boolean,
  blockCache: ManifoldBlockCache,
  checkOnly = false,
  from?: Solved,
): Solved {
  const modes = num(v, 'cavities') === 3 ? 3 : 2;
  checkUniqueSteadyState(v);
  checkMemory(kind, modes, cutoff);
  const basis = fockBasis(kind, modes, cutoff);
  const init = (d: DirectionResult | undefined): Float64Array | undefined => (from && d ? embedDensityMatrix(from.basis, d.rho, basis) : undefined);
  const a_to_c = solveDirection(v, basis, 'a_to_c', { positivity, checkOnly, initial: init(from?.a_to_c), blockCache });
  const c_to_a = solveDirection(v, basis, 'c_to_a', { positivity, checkOnly, initial: init(from?.c_to_a), blockCache });
  return {
    basis,
    a_to_c,
    c_to_a,
    isolation: Math.abs(a_to_c.T - c_to_a.T),
    ratio: Math.abs((a_to_c.g2 - c_to_a.g2) / (a_to_c.g2 + c_to_a.g2)),
  };
}

/** The positivity check (smallest eigenvalue of ρ), done only for the truncation that is reported. */
function withPositivity<T extends Omit<QuantumResult, 'truncation'>>(r: T): T {
  for (const d of [r.a_to_c, r.c_to_a]) {
    if (Number.isNaN(d.diagnostics.minEigenvalue)) {
      d.diagnostics.minEigenvalue = hermitianEigenvalues(d.diagnostics.dim, d.rho.slice(), new Float64Array(d.diagnostics.dim))[0]!;
    }
  }
  return r;
}

const CHECKED = ['T', 'g2', 'g3', 'mean_n'] as const;

function relChanges(a: Omit<QuantumResult, 'truncation'>, b: Omit<QuantumResult, 'truncation'>): Record<string, number> {
  const out: Record<string, number> = {};
  const rel = (x: number, y: number): number => (x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(y), Number.MIN_VALUE));
  for (const d of ['a_to_c', 'c_to_a'] as const) for (const k of CHECKED) out[`${d}.${k}`] = rel(a[d][k], b[d][k]);
  out.isolation = rel(a.isolation, b.isolation);
  out.ratio = rel(a.ratio, b.ratio);
  return out;
}

function meets(changes: Record<string, number>, tol: number): boolean {
  return ['a_to_c.T', 'a_to_c.g2', 'c_to_a.T', 'c_to_a.g2'].every((k) => changes[k]! < tol);
}

function topShell(r: Omit<QuantumResult, 'truncation'>): number {
  return Math.max(r.a_to_c.top_shell, r.c_to_a.top_shell);
}

function driveNote(v: ParamValues): string {
  return `Omega = ${num(v, 'Omega')}`;
}

/** The verdict on a truncation: converged or not, and why not. */
function verdict(v: ParamValues, r: Omit<QuantumResult, 'truncation'>, base: Omit<TruncationReport, 'converged' | 'checked'>): TruncationReport {
  const top = topShell(r);
  const checked = base.changes ? 'next-truncation' : 'top-shell';
  const name = base.basis === 'per-mode' ? `N = ${base.fock} levels per mode` : `K = ${base.fock} total excitations`;
  if (base.changes && !meets(base.changes, base.tolerance)) {
    const worst = Object.entries(base.changes).filter(([k]) => ['a_to_c.T', 'a_to_c.g2', 'c_to_a.T', 'c_to_a.g2'].includes(k)).sort((x, y) => y[1] - x[1])[0]!;
    return { ...base, converged: false, checked, reason: `${worst[0]} changes by ${worst[1].toExponential(1)} (tolerance ${base.tolerance}) from ${name} to the next truncation; raise fock or use fock=auto` };
  }
  if (!(top <= TOP_SHELL_LIMIT)) {
    return { ...base, converged: false, checked, reason: `${top.toExponential(1)} of the population is in the top shell of the truncation (${name}, ${driveNote(v)}), above ${TOP_SHELL_LIMIT.toExponential(0)}: the truncation cuts off real population; raise fock or use fock=auto` };
  }
  return { ...base, converged: true, checked };
}

/**
 * Limits of the automatic truncation: it stops (a ComputationError naming Omega and the
 * truncation) when the top-shell population falls too slowly to reach the tolerance before
 * {@link AUTO_MAX}, rather than solving ever larger systems for minutes to no avail.
 */
function autoOutOfReach(v: ParamValues, kind: FockBasis['kind'], modes: number, cutoff: number, top: number, prevTop: number | undefined): string | undefined {
  if (prevTop === undefined || !(top > AUTO_TOLERANCE) || !(prevTop > 0)) return undefined;
  const ratio = top / prevTop;
  const steps = ratio < 1 ? Math.log(AUTO_TOLERANCE / top) / Math.log(ratio) : Infinity;
  // a margin of four truncations over the limit: shells may start falling faster
  if (cutoff + steps <= AUTO_MAX[kind] + 4) return undefined;
  const name = kind === 'per-mode' ? 'N' : 'K';
  const need = Number.isFinite(steps) ? `about ${name} = ${Math.ceil(cutoff + steps)}` : `a far larger truncation`;
  return (
    `the automatic truncation stopped at ${name} = ${cutoff} (dimension ${basisDimension(kind, modes, cutoff)}): ${top.toExponential(1)} of the population is still in the top shell ` +
    `and falls by only ×${ratio.toFixed(2)} per step, so convergence would need ${need}, beyond its limit ${name} ≤ ${AUTO_MAX[kind]} (dimension ${basisDimension(kind, modes, AUTO_MAX[kind])}). ` +
    `${driveNote(v)} populates many photons: lower Omega, or set fock to a fixed truncation and accept a result flagged converged: false`
  );
}

/** Solve both directions at the requested truncation (fixed, fixed + check, or auto). */
export function solveQuantum(v: ParamValues, onTruncation?: TruncationProgress): QuantumResult {
  const kind = v.basis as FockBasis['kind'];
  const modes = num(v, 'cavities') === 3 ? 3 : 2;
  const tolerance = AUTO_TOLERANCE;
  // Both directions, and every truncation of one point, share the drive-free manifold blocks (the
  // directions differ only in the drive; a larger truncation adds manifolds): their eigensystems
  // are computed once. Reuse is checked bit for bit, so results never depend on it.
  const blockCache = new ManifoldBlockCache();
  const stage = (cutoff: number): void => onTruncation?.({ fock: cutoff, dim: basisDimension(kind, modes, cutoff), basis: kind });
  if (v.fock === 'auto') {
    let cutoff: number = AUTO_START[kind];
    stage(cutoff);
    let prev = solveAt(v, kind, cutoff, false, blockCache);
    let prevTop: number | undefined;
    for (;;) {
      const nextCut = cutoff + 1;
      const base = { basis: kind, fock: cutoff, dim: basisDimension(kind, modes, cutoff), mode: 'auto' as const, tolerance };
      if (nextCut > AUTO_MAX[kind] || steadyStateMemoryBytes(basisDimension(kind, modes, nextCut)) > MEMORY_LIMIT_BYTES) {
        const r = withPositivity(prev);
        const t = verdict(v, r, base);
        return { ...r, truncation: { ...t, converged: false, reason: `the automatic truncation reached its limit (${kind === 'per-mode' ? 'N' : 'K'} = ${cutoff}, dimension ${base.dim}) without converging${t.reason ? `: ${t.reason}` : ''}` } };
      }
      const out = autoOutOfReach(v, kind, modes, cutoff, topShell(prev), prevTop);
      if (out) throw new ComputationError(out);
      stage(nextCut);
      const next = solveAt(v, kind, nextCut, false, blockCache, false, prev);
      const changes = relChanges(prev, next);
      if (meets(changes, tolerance)) {
        const r = withPositivity(prev);
        return { ...r, truncation: verdict(v, r, { ...base, changes }) };
      }
      prevTop = topShell(prev);
      cutoff = nextCut;
      prev = next;
    }
  }
  const cutoff = num(v, 'fock');
  if (kind === 'per-mode' && cutoff < 2) throw new ParameterError('fock', `must be ≥ 2 levels per mode, got ${cutoff}`);
  stage(cutoff);
  const r = solveAt(v, kind, cutoff, true, blockCache);
  const base: Omit<TruncationReport, 'converged' | 'checked'> = { basis: kind, fock: cutoff, dim: basisDimension(kind, modes, cutoff), mode: 'fixed', tolerance };
  if (v.convergence === 'check') {
    checkMemory(kind, modes, cutoff + 1);
    stage(cutoff + 1);
    const next = solveAt(v, kind, cutoff + 1, false, blockCache, true, r);
    base.changes = relChanges(r, next);
  }
  return { ...r, truncation: verdict(v, r, base) };
}
