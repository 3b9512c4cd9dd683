/**
 * The quantum engine of the network model: the exact Lindblad steady state of a user's cavity
 * network (spec.ts: H, dissipators κ(n_th+1)D[a], κ n_th D[a†], κ₂ D[a²]) in each driving
 * direction, the photon statistics of every output (T = κ_i κ_j ⟨n_j⟩/Ω_i², g2(0), g3(0), P(m)),
 * cross-correlations between the outputs of a direction, isolation and nonreciprocal ratio between
 * reverse pairs, and the truncation it used: fixed, fixed with a check at the next truncation, or
 * automatic (docs/numerics.md, “Truncation”). The seed-000 three-cavity model is a preset over it.
 */
import { ComputationError, ParameterError } from '../../errors.js';
import { hermitianEigenvalues } from '../../linalg/hermitian-eigenvalues.js';
import { basisDimension, embedDensityMatrix, fockBasis, loweringOp, raisingOp, twoPhotonLoweringOp, type FockBasis } from '../../quantum/fock.js';
import type { Decay } from '../../quantum/liouvillian.js';
import { buildHamiltonian, type BosonicHamiltonian } from '../../quantum/operators.js';
import { ManifoldBlockCache, steadyState, steadyStateMemoryBytes, type SteadyStateDiagnostics } from '../../solvers/lindblad-steady-state.js';
import { outputPairs, reversePairs, type NetworkSpec } from './spec.js';

export interface NetworkQuantumSettings {
  basis: FockBasis['kind'];
  /** N (levels per mode) or K (total excitations), or 'auto'. */
  fock: number | 'auto';
  /** With a fixed truncation: also solve at the next one and report the changes. */
  convergence: 'none' | 'check';
}

/** The statistics of one output of one direction (key "a->c"). */
export interface NetworkPairResult {
  /** Transmission T_{i→j} = κ_i κ_j ⟨n_j⟩/Ω_i² (seed 000 eq. 5, generalised). */
  T: number;
  /** g2(0) of the output mode. */
  g2: number;
  /** g3(0) of the output mode. */
  g3: number;
  /** Mean photon number of the output mode. */
  mean_n: number;
  /** Photon-number distribution of the output mode (levels 0 … N−1, or 0 … K). */
  P: number[];
}

/** One driving direction (spec.directions[k]). */
export interface NetworkDirectionResult {
  drive: string;
  outputs: string[];
  /** Mean photon number of every mode, by name. */
  mean_n: Record<string, number>;
  /** Photon-number distribution of every mode, by name. */
  P: Record<string, number[]>;
  /** Population of the top truncation shell (per-mode: largest population of any mode's top level). */
  top_shell: number;
  diagnostics: SteadyStateDiagnostics;
  /** The steady state itself (dim × dim, interleaved; modes in the spec's order); not for JSON. */
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

export interface NetworkQuantumResult {
  /** Per output pair, keyed "a->c" (spec.ts outputPairs). */
  pairs: Record<string, NetworkPairResult>;
  /** g2_{jk}(0) = ⟨n_j n_k⟩/(⟨n_j⟩⟨n_k⟩) between two outputs of one direction, keyed "a->c,d". */
  cross: Record<string, number>;
  /** Per direction, in the spec's order. */
  directions: NetworkDirectionResult[];
  /** Per pair read both ways (spec.ts reversePairs), keyed "a<->c": |T_f − T_b| and |(g2_f − g2_b)/(g2_f + g2_b)|. */
  reverse: Record<string, { isolation: number; ratio: number }>;
  truncation: TruncationReport;
}

/**
 * How a model built on the engine names things in its messages: the keys of `truncation.changes`
 * (the engine's are "a->c.T", "a<->c.isolation") and the drives (default "Omega at a = 0.1").
 */
export interface NetworkLabels {
  change?: (key: string) => string;
  drives?: string;
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

export const AUTO_START = { total: 3, 'per-mode': 3 } as const;
export const AUTO_MAX = { total: 14, 'per-mode': 8 } as const;

/**
 * Diagonal grading g_s = ε^{n_s} by total excitation n_s, with ε ≈ the ratio of successive
 * manifolds' amplitudes at weak drive (≈ 2Ω/κ), so the graded density matrix has elements of
 * similar size. A thermal bath populates manifold n by about r^n, r = n_th/(n_th + 1), whatever the
 * drive: ε is then at least √r. Strong drive (ε ≥ 1) needs none.
 */
export function excitationGrading(basis: FockBasis, driveOverLoss: number, thermal = 0): Float64Array {
  const eps = Math.min(1, Math.max(1e-3, 2 * driveOverLoss, Math.sqrt(thermal / (thermal + 1))));
  const g = new Float64Array(basis.dim);
  for (let s = 0; s < basis.dim; s++) {
    let t = 0;
    for (let m = 0; m < basis.modes; m++) t += basis.occ[s * basis.modes + m]!;
    g[s] = Math.pow(eps, t);
  }
  return g;
}

/** The Hamiltonian of spec.ts in NR Lab's operator form, driven as directions[k]. */
export function networkHamiltonian(spec: NetworkSpec, k: number): BosonicHamiltonian {
  const at = modeIndex(spec);
  const d = spec.directions[k]!;
  return {
    detuning: spec.modes.map((m) => m.Delta),
    kerr: spec.modes.map((m) => m.U),
    // J e^{iφ} a_i a_j†: an excitation hops from i to j
    hops: spec.couplings.map((c) => ({ from: at(c.i), to: at(c.j), re: c.J * Math.cos(c.phase), im: c.J * Math.sin(c.phase) })),
    drives: [{ mode: at(d.drive), re: d.Omega * Math.cos(d.phase), im: d.Omega * Math.sin(d.phase) }],
  };
}

/** The collapse operators of every mode: √(κ(n_th+1)) a, √(κ n_th) a†, √κ₂ a² (those with a positive rate). */
export function networkDecay(spec: NetworkSpec, basis: FockBasis): Decay[] {
  const out: Decay[] = [];
  spec.modes.forEach((m, q) => {
    const down = m.kappa * (m.n_th + 1);
    if (down > 0) out.push({ op: loweringOp(basis, q), rate: down });
    if (m.kappa * m.n_th > 0) out.push({ op: raisingOp(basis, q), rate: m.kappa * m.n_th });
    if (m.kappa2 > 0) out.push({ op: twoPhotonLoweringOp(basis, q), rate: m.kappa2 });
  });
  return out;
}

function modeIndex(spec: NetworkSpec): (name: string) => number {
  const map = new Map(spec.modes.map((m, q) => [m.name, q]));
  return (name) => {
    const q = map.get(name);
    if (q === undefined) throw new ParameterError('network', `no mode is named "${name}"`);
    return q;
  };
}

/** What one direction's steady state gives: the direction's result, its pairs and cross-correlations. */
interface SolvedDirection {
  direction: NetworkDirectionResult;
  pairs: Record<string, NetworkPairResult>;
  cross: Record<string, number>;
}

/** Solve one driving direction (spec.directions[k]) at one truncation. */
export function solveNetworkDirection(
  spec: NetworkSpec,
  k: number,
  basis: FockBasis,
  opts: { positivity?: boolean; checkOnly?: boolean; initial?: Float64Array; blockCache?: ManifoldBlockCache } = {},
): SolvedDirection {
  const at = modeIndex(spec);
  const dir = spec.directions[k]!;
  const drive = at(dir.drive);
  const outs = dir.outputs.map(at);
  const H = buildHamiltonian(basis, networkHamiltonian(spec, k));
  const decay = networkDecay(spec, basis);
  const kd = spec.modes[drive]!.kappa;
  const thermal = Math.max(0, ...spec.modes.map((m) => m.n_th));
  const { rho, diagnostics } = steadyState(
    { basis, H, decay, grading: excitationGrading(basis, dir.Omega / ((kd + spec.modes[outs[0]!]!.kappa) / 2), thermal) },
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
  const P = Array.from({ length: modes }, () => new Array<number>(levels).fill(0));
  // factorial moments <n>, <n(n-1)>, <n(n-1)(n-2)> of every mode
  const m1 = new Array<number>(modes).fill(0);
  const m2 = new Array<number>(modes).fill(0);
  const m3 = new Array<number>(modes).fill(0);
  // <n_j n_k> between the outputs
  const crossPairs: [number, number][] = [];
  outs.forEach((j, a) => outs.slice(a + 1).forEach((q) => crossPairs.push([j, q])));
  const nn = new Array<number>(crossPairs.length).fill(0);
  let top = 0;
  const topPerMode = new Array<number>(modes).fill(0);
  for (let s = 0; s < dim; s++) {
    const p = rho[2 * (s * dim + s)]!;
    for (let m = 0; m < modes; m++) {
      const n = occ[s * modes + m]!;
      P[m]![n] = P[m]![n]! + p;
      m1[m] = m1[m]! + p * n;
      m2[m] = m2[m]! + p * n * (n - 1);
      m3[m] = m3[m]! + p * n * (n - 1) * (n - 2);
    }
    crossPairs.forEach(([j, q], i) => (nn[i] = nn[i]! + p * occ[s * modes + j]! * occ[s * modes + q]!));
    if (basis.kind === 'total') {
      let t = 0;
      for (let m = 0; m < modes; m++) t += occ[s * modes + m]!;
      if (t === basis.cutoff) top += p;
    } else {
      for (let m = 0; m < modes; m++) if (occ[s * modes + m] === basis.cutoff - 1) topPerMode[m] = topPerMode[m]! + p;
    }
  }
  if (basis.kind === 'per-mode') top = Math.max(...topPerMode);
  const pairs: Record<string, NetworkPairResult> = {};
  for (const o of outs) {
    const mean = m1[o]!;
    pairs[`${dir.drive}->${spec.modes[o]!.name}`] = {
      T: (kd * spec.modes[o]!.kappa * mean) / (dir.Omega * dir.Omega),
      g2: m2[o]! / (mean * mean),
      g3: m3[o]! / (mean * mean * mean),
      mean_n: mean,
      P: P[o]!,
    };
  }
  const cross: Record<string, number> = {};
  crossPairs.forEach(([j, q], i) => (cross[`${dir.drive}->${spec.modes[j]!.name},${spec.modes[q]!.name}`] = nn[i]! / (m1[j]! * m1[q]!)));
  const byName = <T>(xs: T[]): Record<string, T> => Object.fromEntries(spec.modes.map((m, q) => [m.name, xs[q]!]));
  return {
    direction: { drive: dir.drive, outputs: dir.outputs.slice(), mean_n: byName(m1), P: byName(P), top_shell: top, diagnostics, rho },
    pairs,
    cross,
  };
}

/** Peak working memory of one solve (bytes): the steady state at the largest truncation it may use. */
export function networkMemoryBytes(modes: number, settings: NetworkQuantumSettings): number {
  const kind = settings.basis;
  let cut = settings.fock === 'auto' ? AUTO_MAX[kind] : settings.fock + (settings.convergence === 'check' ? 1 : 0);
  if (settings.fock === 'auto') while (cut > AUTO_START[kind] && steadyStateMemoryBytes(basisDimension(kind, modes, cut)) > MEMORY_LIMIT_BYTES) cut--;
  return steadyStateMemoryBytes(basisDimension(kind, modes, cut));
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

type Unchecked = Omit<NetworkQuantumResult, 'truncation'>;
type Solved = Unchecked & { basis: FockBasis };

/**
 * Every direction at one truncation, sharing the drive-free manifold blocks. With `from` (the same
 * spec at the next smaller truncation) each solve starts from that steady state embedded in the
 * larger basis: deterministic for the point, and fewer iterations.
 */
function solveAt(spec: NetworkSpec, kind: FockBasis['kind'], cutoff: number, positivity: boolean, blockCache: ManifoldBlockCache, checkOnly = false, from?: Solved): Solved {
  checkMemory(kind, spec.modes.length, cutoff);
  const basis = fockBasis(kind, spec.modes.length, cutoff);
  const out: Solved = { basis, pairs: {}, cross: {}, directions: [], reverse: {} };
  spec.directions.forEach((_d, k) => {
    const prev = from?.directions[k];
    const initial = from && prev ? embedDensityMatrix(from.basis, prev.rho, basis) : undefined;
    const r = solveNetworkDirection(spec, k, basis, { positivity, checkOnly, ...(initial ? { initial } : {}), blockCache });
    out.directions.push(r.direction);
    Object.assign(out.pairs, r.pairs);
    Object.assign(out.cross, r.cross);
  });
  for (const { key, forward, backward } of reversePairs(spec)) {
    const f = out.pairs[forward]!;
    const b = out.pairs[backward]!;
    out.reverse[key] = { isolation: Math.abs(f.T - b.T), ratio: Math.abs((f.g2 - b.g2) / (f.g2 + b.g2)) };
  }
  return out;
}

/** The positivity check (smallest eigenvalue of ρ), done only for the truncation that is reported. */
function withPositivity<T extends Unchecked>(r: T): T {
  for (const d of r.directions) {
    if (Number.isNaN(d.diagnostics.minEigenvalue)) {
      d.diagnostics.minEigenvalue = hermitianEigenvalues(d.diagnostics.dim, d.rho.slice(), new Float64Array(d.diagnostics.dim))[0]!;
    }
  }
  return r;
}

const CHECKED = ['T', 'g2', 'g3', 'mean_n'] as const;

/** The engine's change keys that decide convergence: T and g2 of every pair. */
function decidingKeys(spec: NetworkSpec): string[] {
  return outputPairs(spec).flatMap((p) => [`${p.key}.T`, `${p.key}.g2`]);
}

function relChanges(spec: NetworkSpec, a: Unchecked, b: Unchecked): Record<string, number> {
  const out: Record<string, number> = {};
  const rel = (x: number, y: number): number => (x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(y), Number.MIN_VALUE));
  for (const { key } of outputPairs(spec)) for (const k of CHECKED) out[`${key}.${k}`] = rel(a.pairs[key]![k], b.pairs[key]![k]);
  for (const { key } of reversePairs(spec)) {
    out[`${key}.isolation`] = rel(a.reverse[key]!.isolation, b.reverse[key]!.isolation);
    out[`${key}.ratio`] = rel(a.reverse[key]!.ratio, b.reverse[key]!.ratio);
  }
  return out;
}

function topShell(r: Unchecked): number {
  return Math.max(...r.directions.map((d) => d.top_shell));
}

/** The engine's changes under the model's names. */
function renamed(changes: Record<string, number>, labels: NetworkLabels): Record<string, number> {
  const f = labels.change;
  return f ? Object.fromEntries(Object.entries(changes).map(([k, v]) => [f(k), v])) : changes;
}

function driveNote(spec: NetworkSpec, labels: NetworkLabels): string {
  return labels.drives ?? spec.directions.map((d) => `Omega at ${d.drive} = ${d.Omega}`).join(', ');
}

/** The verdict on a truncation: converged or not, and why not. `changes` are the engine's keys. */
function verdict(
  spec: NetworkSpec,
  labels: NetworkLabels,
  r: Unchecked,
  base: Omit<TruncationReport, 'converged' | 'checked' | 'changes'>,
  changes?: Record<string, number>,
): TruncationReport {
  const top = topShell(r);
  const checked = changes ? 'next-truncation' : 'top-shell';
  const name = base.basis === 'per-mode' ? `N = ${base.fock} levels per mode` : `K = ${base.fock} total excitations`;
  const report = changes ? { ...base, changes: renamed(changes, labels) } : base;
  const deciding = decidingKeys(spec);
  if (changes && !deciding.every((k) => changes[k]! < base.tolerance)) {
    const worst = deciding.map((k) => [k, changes[k]!] as const).sort((x, y) => y[1] - x[1])[0]!;
    const key = labels.change ? labels.change(worst[0]) : worst[0];
    return { ...report, converged: false, checked, reason: `${key} changes by ${worst[1].toExponential(1)} (tolerance ${base.tolerance}) from ${name} to the next truncation; raise fock or use fock=auto` };
  }
  if (!(top <= TOP_SHELL_LIMIT)) {
    return {
      ...report,
      converged: false,
      checked,
      reason: `${top.toExponential(1)} of the population is in the top shell of the truncation (${name}, ${driveNote(spec, labels)}), above ${TOP_SHELL_LIMIT.toExponential(0)}: the truncation cuts off real population; raise fock or use fock=auto`,
    };
  }
  return { ...report, converged: true, checked };
}

/**
 * Limits of the automatic truncation: it stops (a ComputationError naming the drives and the
 * truncation) when the top-shell population falls too slowly to reach the tolerance before
 * {@link AUTO_MAX}, rather than solving ever larger systems for minutes to no avail.
 */
function autoOutOfReach(spec: NetworkSpec, labels: NetworkLabels, kind: FockBasis['kind'], cutoff: number, top: number, prevTop: number | undefined): string | undefined {
  if (prevTop === undefined || !(top > AUTO_TOLERANCE) || !(prevTop > 0)) return undefined;
  const modes = spec.modes.length;
  const ratio = top / prevTop;
  const steps = ratio < 1 ? Math.log(AUTO_TOLERANCE / top) / Math.log(ratio) : Infinity;
  // a margin of four truncations over the limit: shells may start falling faster
  if (cutoff + steps <= AUTO_MAX[kind] + 4) return undefined;
  const name = kind === 'per-mode' ? 'N' : 'K';
  const need = Number.isFinite(steps) ? `about ${name} = ${Math.ceil(cutoff + steps)}` : `a far larger truncation`;
  return (
    `the automatic truncation stopped at ${name} = ${cutoff} (dimension ${basisDimension(kind, modes, cutoff)}): ${top.toExponential(1)} of the population is still in the top shell ` +
    `and falls by only ×${ratio.toFixed(2)} per step, so convergence would need ${need}, beyond its limit ${name} ≤ ${AUTO_MAX[kind]} (dimension ${basisDimension(kind, modes, AUTO_MAX[kind])}). ` +
    `${driveNote(spec, labels)} populates many photons: lower Omega, or set fock to a fixed truncation and accept a result flagged converged: false`
  );
}

function strip(s: Solved): Unchecked {
  const { basis: _basis, ...rest } = s;
  return rest;
}

/**
 * Solve every direction of a checked spec (parseNetworkSpec) at the requested truncation: fixed,
 * fixed + check at the next truncation, or automatic (from {@link AUTO_START} up, until T and g2
 * of every pair change by less than {@link AUTO_TOLERANCE}). All directions and truncations share
 * the drive-free manifold blocks (reuse is checked bit for bit, so results never depend on it).
 *
 * @throws ParameterError naming `fock` (too large for memory, or below the basis's minimum);
 *   ComputationError when the automatic truncation cannot converge within its limit (naming the
 *   drives), or the steady state does not converge.
 */
export function solveNetworkQuantum(spec: NetworkSpec, settings: NetworkQuantumSettings, onTruncation?: TruncationProgress, labels: NetworkLabels = {}): NetworkQuantumResult {
  const kind = settings.basis;
  const modes = spec.modes.length;
  const tolerance = AUTO_TOLERANCE;
  const blockCache = new ManifoldBlockCache();
  const stage = (cutoff: number): void => onTruncation?.({ fock: cutoff, dim: basisDimension(kind, modes, cutoff), basis: kind });
  if (settings.fock === 'auto') {
    let cutoff: number = AUTO_START[kind];
    stage(cutoff);
    let prev = solveAt(spec, kind, cutoff, false, blockCache);
    let prevTop: number | undefined;
    for (;;) {
      const nextCut = cutoff + 1;
      const base = { basis: kind, fock: cutoff, dim: basisDimension(kind, modes, cutoff), mode: 'auto' as const, tolerance };
      if (nextCut > AUTO_MAX[kind] || steadyStateMemoryBytes(basisDimension(kind, modes, nextCut)) > MEMORY_LIMIT_BYTES) {
        const r = withPositivity(strip(prev));
        const t = verdict(spec, labels, r, base);
        return { ...r, truncation: { ...t, converged: false, reason: `the automatic truncation reached its limit (${kind === 'per-mode' ? 'N' : 'K'} = ${cutoff}, dimension ${base.dim}) without converging${t.reason ? `: ${t.reason}` : ''}` } };
      }
      const out = autoOutOfReach(spec, labels, kind, cutoff, topShell(prev), prevTop);
      if (out) throw new ComputationError(out);
      stage(nextCut);
      const next = solveAt(spec, kind, nextCut, false, blockCache, false, prev);
      const changes = relChanges(spec, prev, next);
      if (decidingKeys(spec).every((k) => changes[k]! < tolerance)) {
        const r = withPositivity(strip(prev));
        return { ...r, truncation: verdict(spec, labels, r, base, changes) };
      }
      prevTop = topShell(prev);
      cutoff = nextCut;
      prev = next;
    }
  }
  const cutoff = settings.fock;
  if (kind === 'per-mode' && cutoff < 2) throw new ParameterError('fock', `must be ≥ 2 levels per mode, got ${cutoff}`);
  stage(cutoff);
  const solved = solveAt(spec, kind, cutoff, true, blockCache);
  const r = strip(solved);
  const base = { basis: kind, fock: cutoff, dim: basisDimension(kind, modes, cutoff), mode: 'fixed' as const, tolerance };
  let changes: Record<string, number> | undefined;
  if (settings.convergence === 'check') {
    checkMemory(kind, modes, cutoff + 1);
    stage(cutoff + 1);
    const next = solveAt(spec, kind, cutoff + 1, false, blockCache, true, solved);
    changes = relChanges(spec, r, next);
  }
  return { ...r, truncation: verdict(spec, labels, r, base, changes) };
}
