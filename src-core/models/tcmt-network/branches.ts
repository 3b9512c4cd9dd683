/**
 * Every steady-state branch of a tcmt-network over a range of the drive frequency ω or the input
 * amplitude |s+|, by pseudo-arclength continuation (src-core/solvers/continuation, docs/continuation.md)
 * of the real 2N-dimensional system, each point with its linear stability and S-parameters, folds
 * located by the continuation.
 *
 * Seeds: the steady states `steadyStates` finds (from rest and Newton from many starts) at `seeds`
 * evenly spaced values of the parameter; a seed already on a branch found is skipped, so a branch
 * crossing the whole range is followed once and a disconnected one (an isola) is found when a
 * seed lands on it. From each new seed the branch is followed both ways.
 *
 * A nonlocal resonator (loss γ_k|a_j|/|a_i|) is either free (|a_i| > 0, where F is smooth) or stuck at
 * a_i = 0 (its friction holds it). The two regimes are continued separately: a free branch stops
 * (reason 'singular') where |a_i| falls to 1e-9 of the field scale, and a stuck branch is continued
 * in the other resonators' coordinates while the friction holds (|f0_i| ≤ R_i) and stops where it
 * no longer does. The stuck and free branches meet at those ends.
 */
import { ParameterError } from '../../errors.js';
import { pseudoArclength, type Branch, type StabilitySegment } from '../../solvers/continuation/index.js';
import { driveVector, jacobian, mag, paramDerivative, rhs, rhsInto, rhsScratch, type TcmtDrive, type TcmtSystem } from './rhs.js';
import { sParameters, steadyStates } from './steady.js';

export type TcmtVary = 'omega' | 'amplitude';

export interface TcmtBranchOptions {
  vary: TcmtVary;
  lo: number;
  hi: number;
  /** Most points per branch and direction (default 1001). */
  maxPoints?: number;
  /** How many values of the parameter seed the branches (default 9). */
  seeds?: number;
}

export interface TcmtBranchPoint {
  /** The varied parameter's value. */
  p: number;
  x: Float64Array;
  stable: boolean;
  /** Largest real part of the eigenvalues of the (free coordinates') Jacobian. */
  maxRe: number;
  /** S_qp per port q (the drive's port p), complex. */
  S: { re: number; im: number }[];
}

export interface TcmtBranch {
  /** Resonators held at a_i = 0 along the branch (by name). */
  stuck: string[];
  points: TcmtBranchPoint[];
  /** Folds (turning points in the parameter), located to ~1e-12 of the range. */
  folds: { p: number; x: Float64Array }[];
  segments: StabilitySegment[];
  /** Why each end stopped (the end at lower arclength first). */
  ends: [string, string];
}

const withParam = (drive: TcmtDrive, vary: TcmtVary, p: number): TcmtDrive => (vary === 'omega' ? { ...drive, omega: p } : { ...drive, amplitude: p });

/**
 * All branches over [lo, hi] of `vary`, the rest of the drive as given.
 * @throws ParameterError for a bad range or option (naming it).
 */
export function continueBranches(sys: TcmtSystem, drive: TcmtDrive, opts: TcmtBranchOptions): TcmtBranch[] {
  const { vary, lo, hi } = opts;
  if (vary !== 'omega' && vary !== 'amplitude') throw new ParameterError('vary', `must be omega or amplitude, got ${String(vary)}`);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) throw new ParameterError('vary', `needs a range lo < hi, got ${lo}:${hi}`);
  if (vary === 'amplitude' && !(lo > 0)) throw new ParameterError('vary', `an amplitude range must start above 0, got ${lo}`);
  // beyond these the seeds' runs from rest overflow (|a|² of an amplitude 1e160) or need steps of 1/ω
  let rate = 0;
  for (let i = 0; i < sys.n; i++) rate = Math.max(rate, Math.abs(sys.omega[i]!), sys.g[i]! + sys.kerr[i]!);
  for (const c of sys.coup) rate = Math.max(rate, Math.abs(c.kappa));
  const omegaLimit = 1e6 * rate;
  if (vary === 'omega' && Math.max(Math.abs(lo), Math.abs(hi)) > omegaLimit) {
    throw new ParameterError('vary', `ω must stay within ±${Number(omegaLimit.toPrecision(3))} (10⁶ × the network's largest frequency or rate), got ${lo}:${hi}`);
  }
  if (vary === 'amplitude' && hi > 1e100) throw new ParameterError('vary', `the amplitude must stay ≤ 1e100, got ${hi}`);
  const maxPoints = opts.maxPoints ?? 1001;
  if (!Number.isInteger(maxPoints) || maxPoints < 2 || maxPoints > 100_000) throw new ParameterError('maxPoints', `must be a whole number from 2 to 100000, got ${maxPoints}`);
  const nSeeds = opts.seeds ?? 9;
  if (!Number.isInteger(nSeeds) || nSeeds < 1 || nSeeds > 1000) throw new ParameterError('seeds', `must be a whole number from 1 to 1000, got ${nSeeds}`);
  const n2 = 2 * sys.n;
  const nonlocal = sys.hasNonlocal.flatMap((h, i) => (h ? [i] : []));
  const branches: TcmtBranch[] = [];
  // the field scale: the largest |a| of the seeds (a branch point "is" a seed within 1e-6 of it)
  const seedsAt = Array.from({ length: nSeeds }, (_, k) => (nSeeds === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * k) / (nSeeds - 1)));
  const seedSets = seedsAt.map((p) => ({ p, states: steadyStates(sys, withParam(drive, vary, p)).solutions }));
  let scale = 0;
  for (const s of seedSets) for (const st of s.states) for (let i = 0; i < n2; i++) scale = Math.max(scale, Math.abs(st.x[i]!));
  if (!(scale > 0)) scale = 1;

  const onBranch = (p: number, x: Float64Array, stuck: number[]): boolean =>
    branches.some((b) => {
      if (b.stuck.length !== stuck.length || b.stuck.some((nm) => !stuck.includes(sys.names.indexOf(nm)))) return false;
      // within a step of the parameter and the state: compare with the two points around p
      for (let k = 0; k + 1 < b.points.length; k++) {
        const a = b.points[k]!;
        const c = b.points[k + 1]!;
        if ((a.p - p) * (c.p - p) > 0) continue;
        const t = c.p === a.p ? 0 : (p - a.p) / (c.p - a.p);
        let d = 0;
        for (let i = 0; i < n2; i++) d = Math.max(d, Math.abs(a.x[i]! + t * (c.x[i]! - a.x[i]!) - x[i]!));
        // linear interpolation between neighbours: allow a few percent of the scale
        if (d <= 0.03 * scale + 0.5 * maxDiff(a.x, c.x)) return true;
      }
      return false;
    });

  for (const { p, states } of seedSets) {
    for (const st of states) {
      if (onBranch(p, st.x, st.stuck)) continue;
      const b = follow(sys, drive, vary, lo, hi, p, st.x, st.stuck, nonlocal, scale, maxPoints);
      if (b) branches.push(b);
    }
  }
  return branches;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** One branch through the seed (p0, x0), both ways, in the coordinates of its free resonators. */
function follow(sys: TcmtSystem, drive: TcmtDrive, vary: TcmtVary, lo: number, hi: number, p0: number, x0: Float64Array, stuck: number[], nonlocal: number[], scale: number, maxPoints: number): TcmtBranch | null {
  const n2 = 2 * sys.n;
  const free: number[] = [];
  for (let i = 0; i < sys.n; i++) if (!stuck.includes(i)) free.push(2 * i, 2 * i + 1);
  const m = free.length;
  if (m === 0) return null; // every resonator stuck: nothing to follow (a = 0 for the whole range)
  const full = new Float64Array(n2);
  const Ffull = new Float64Array(n2);
  const Jfull = new Float64Array(n2 * n2);
  const dP = new Float64Array(n2);
  const expand = (x: Float64Array): Float64Array => {
    full.fill(0);
    for (let k = 0; k < m; k++) full[free[k]!] = x[k]!;
    return full;
  };
  const F = (x: Float64Array, p: number, out: Float64Array): void => {
    rhs(sys, withParam(drive, vary, p), expand(x), Ffull);
    for (let k = 0; k < m; k++) out[k] = Ffull[free[k]!]!;
  };
  const J = (x: Float64Array, p: number, jx: Float64Array, jp: Float64Array): void => {
    const d = withParam(drive, vary, p);
    const xf = expand(x);
    jacobian(sys, d, xf, Jfull);
    paramDerivative(sys, d, xf, vary, dP);
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) jx[r * m + c] = Jfull[free[r]! * n2 + free[c]!]!;
      jp[r] = dP[free[r]!]!;
    }
  };
  const freeNonlocal = nonlocal.filter((i) => !stuck.includes(i));
  const scratch = rhsScratch(sys.n);
  const sigma = new Float64Array(n2);
  const out = new Float64Array(n2);
  const isSingular = (x: Float64Array, p: number): boolean => {
    const xf = expand(x);
    for (const i of freeNonlocal) if (mag(xf[2 * i]!, xf[2 * i + 1]!) <= 1e-9 * scale) return true;
    if (!stuck.length) return false;
    // a stuck resonator stays stuck while its friction holds: |f0_i| ≤ R_i
    rhsInto(sys, withParam(drive, vary, p).omega, driveVector(sys, withParam(drive, vary, p), sigma), xf, out, scratch);
    return stuck.some((i) => mag(scratch.f0[2 * i]!, scratch.f0[2 * i + 1]!) > scratch.R[i]! * (1 + 1e-9));
  };
  const x0f = Float64Array.from(free, (k) => x0[k]!);
  const common = { lo, hi, maxPoints, xScale: scale, isSingular, ds: 0.005, dsMax: 0.02 };
  const up = pseudoArclength(F, J, x0f, p0, { ...common, direction: 1 });
  const down = pseudoArclength(F, J, x0f, p0, { ...common, direction: -1 });
  // join: the down branch reversed (without its start, which is up's start) then up
  // (a seed on the range's end gives a one-point side at the bound: the same point twice)
  const pts = [...down.points.slice(1).reverse(), ...up.points].filter((bp, k, all) => {
    const prev = all[k - 1];
    if (!prev || prev.p !== bp.p) return true;
    let d = 0;
    for (let i = 0; i < bp.x.length; i++) d = Math.max(d, Math.abs(bp.x[i]! - prev.x[i]!));
    return d > 1e-12 * scale;
  });
  const toPoint = (bp: Branch['points'][number]): TcmtBranchPoint => {
    const xf = Float64Array.from(expand(bp.x));
    const d = withParam(drive, vary, bp.p);
    return { p: bp.p, x: xf, stable: bp.stability?.stable ?? false, maxRe: bp.stability?.maxRealPart ?? NaN, S: sParameters(sys, d, xf) };
  };
  const folds = [
    ...down.folds.map((f) => ({ p: f.p, x: Float64Array.from(expand(f.x)) })).reverse(),
    ...up.folds.map((f) => ({ p: f.p, x: Float64Array.from(expand(f.x)) })),
  ];
  const points = pts.map(toPoint);
  const segments: StabilitySegment[] = [];
  points.forEach((pt, k) => {
    const last = segments[segments.length - 1];
    if (last && last.stable === pt.stable) last.end = k;
    else segments.push({ start: k, end: k, stable: pt.stable });
  });
  return { stuck: stuck.map((i) => sys.names[i]!), points, folds, segments, ends: [down.stop.reason, up.stop.reason] };
}
