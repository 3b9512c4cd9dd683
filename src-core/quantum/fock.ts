import { ParameterError } from '../errors.js';

/**
 * A truncated Fock basis of several bosonic modes.
 *
 * - `per-mode`: every mode keeps levels 0 … N−1 (dimension N^modes); states are ordered like a
 *   tensor product with the first mode slowest (QuTiP's order).
 * - `total`: all states with n_1 + … + n_modes ≤ K (dimension C(K + modes, modes)); ordered by
 *   total excitation, then lexicographically.
 */
export interface FockBasis {
  kind: 'per-mode' | 'total';
  modes: number;
  /** N (levels per mode) for per-mode, K (maximum total excitation) for total. */
  cutoff: number;
  dim: number;
  /** Occupations, row-major: state s has n_m = occ[s * modes + m]. */
  occ: Int32Array;
  /** Index of a state given its occupations, or -1 when it is outside the basis. */
  indexOf(n: ArrayLike<number>): number;
}

export function basisDimension(kind: FockBasis['kind'], modes: number, cutoff: number): number {
  if (kind === 'per-mode') return Math.pow(cutoff, modes);
  // C(K + modes, modes)
  let d = 1;
  for (let i = 1; i <= modes; i++) d = (d * (cutoff + i)) / i;
  return Math.round(d);
}

/**
 * The bases built lately, by kind, modes and cutoff: a sweep solves every point in the same few
 * bases, and the jump operators hang off the basis object ({@link jumpOp}), so reusing it spares
 * each point their arrays. Bounded by the states held, the oldest going first: a steady state of
 * n states needs a dense ρ of 16n² bytes, so a few thousand states is as large as any basis a
 * solve uses, and 20 000 states (a few MB with their lookups and operators) keep several.
 */
const basisCache = new Map<string, FockBasis>();
export const BASIS_CACHE_STATES = 20_000;
let basisCacheStates = 0;

/**
 * The truncated Fock basis of `modes` modes. The same (kind, modes, cutoff) returns the same
 * object while it is cached: a basis and its arrays are never written after they are built.
 */
export function fockBasis(kind: FockBasis['kind'], modes: number, cutoff: number): FockBasis {
  if (!Number.isInteger(cutoff) || cutoff < (kind === 'per-mode' ? 2 : 1)) {
    throw new ParameterError('fock', `must be an integer ≥ ${kind === 'per-mode' ? 2 : 1} for the ${kind} basis, got ${cutoff}`);
  }
  const key = `${kind}:${modes}:${cutoff}`;
  const hit = basisCache.get(key);
  if (hit) {
    // most recently used last
    basisCache.delete(key);
    basisCache.set(key, hit);
    return hit;
  }
  const basis = buildBasis(kind, modes, cutoff);
  if (basis.dim <= BASIS_CACHE_STATES) {
    for (const [k, b] of basisCache) {
      if (basisCacheStates + basis.dim <= BASIS_CACHE_STATES) break;
      basisCache.delete(k);
      basisCacheStates -= b.dim;
    }
    basisCache.set(key, basis);
    basisCacheStates += basis.dim;
  }
  return basis;
}

function buildBasis(kind: FockBasis['kind'], modes: number, cutoff: number): FockBasis {
  const states: number[][] = [];
  if (kind === 'per-mode') {
    const dim = Math.pow(cutoff, modes);
    for (let s = 0; s < dim; s++) {
      const n: number[] = new Array<number>(modes);
      let r = s;
      for (let m = modes - 1; m >= 0; m--) {
        n[m] = r % cutoff;
        r = Math.floor(r / cutoff);
      }
      states.push(n);
    }
  } else {
    const rec = (prefix: number[], left: number, m: number, total: number): void => {
      if (m === modes) {
        if (left === 0) states.push(prefix.slice());
        return;
      }
      for (let k = left; k >= 0; k--) {
        prefix.push(k);
        rec(prefix, left - k, m + 1, total);
        prefix.pop();
      }
    };
    for (let t = 0; t <= cutoff; t++) rec([], t, 0, t);
  }
  const dim = states.length;
  const occ = new Int32Array(dim * modes);
  const lookup = new Map<number, number>();
  // key: mixed-radix number with radix cutoff + 1 (enough for both kinds)
  const radix = cutoff + 1;
  const keyOf = (n: ArrayLike<number>): number => {
    let k = 0;
    for (let m = 0; m < modes; m++) k = k * radix + n[m]!;
    return k;
  };
  states.forEach((n, s) => {
    occ.set(n, s * modes);
    lookup.set(keyOf(n), s);
  });
  const basis: FockBasis = {
    kind,
    modes,
    cutoff,
    dim,
    occ,
    indexOf(n) {
      for (let m = 0; m < modes; m++) {
        const v = n[m]!;
        if (v < 0 || v > cutoff || (kind === 'per-mode' && v >= cutoff)) return -1;
      }
      if (kind === 'total') {
        let t = 0;
        for (let m = 0; m < modes; m++) t += n[m]!;
        if (t > cutoff) return -1;
      }
      return lookup.get(keyOf(n)) ?? -1;
    },
  };
  return Object.freeze(basis);
}

/**
 * A jump (collapse) operator of one mode in a basis: the lowering operator a, the raising operator
 * a† (absorption from a thermal bath) or a² (two-photon loss). Each has at most one nonzero per
 * column and maps distinct states to distinct states, so it is stored as `target[s]` (the state
 * C|s⟩ lands on, or -1 when it leaves the basis or vanishes) and `amp[s]` (√n, √(n+1) or
 * √(n(n−1)) of mode `mode` in state s). C†C is then diagonal: amp[s]² where target[s] ≥ 0.
 */
export interface JumpOp {
  mode: number;
  /** lower: a; raise: a† (truncated: zero on the states whose image leaves the basis); lower2: a². */
  kind: JumpKind;
  target: Int32Array;
  amp: Float64Array;
}

export type JumpKind = 'lower' | 'raise' | 'lower2';

/** A lowering operator a (kind 'lower'); the name the steady-state code has always used. */
export type LoweringOp = JumpOp;

/** How many excitations each kind of jump removes (negative: adds). */
export const JUMP_STEP: Record<JumpKind, number> = { lower: 1, raise: -1, lower2: 2 };

const jumpCache = new WeakMap<FockBasis, Map<string, JumpOp>>();

/**
 * The jump operator of one mode: C|s⟩ = amp[s]·|target[s]⟩, with n_m → n_m − step. Built once per
 * basis object, mode and kind (its arrays are never written after they are built).
 */
export function jumpOp(basis: FockBasis, mode: number, kind: JumpKind): JumpOp {
  let ops = jumpCache.get(basis);
  if (!ops) jumpCache.set(basis, (ops = new Map()));
  const key = `${kind}:${mode}`;
  let op = ops.get(key);
  if (!op) ops.set(key, (op = buildJumpOp(basis, mode, kind)));
  return op;
}

function buildJumpOp(basis: FockBasis, mode: number, kind: JumpKind): JumpOp {
  const { dim, modes, occ } = basis;
  const step = JUMP_STEP[kind];
  const target = new Int32Array(dim).fill(-1);
  const amp = new Float64Array(dim);
  const n = new Int32Array(modes);
  for (let s = 0; s < dim; s++) {
    const k = occ[s * modes + mode]!;
    if (k < step) continue;
    for (let m = 0; m < modes; m++) n[m] = occ[s * modes + m]!;
    n[mode] = k - step;
    const t = basis.indexOf(n);
    if (t < 0) continue;
    target[s] = t;
    // √(k!/(k−2)!) for a², √(k+1) for a†, √k for a
    amp[s] = Math.sqrt(kind === 'lower2' ? k * (k - 1) : kind === 'raise' ? k + 1 : k);
  }
  return { mode, kind, target, amp };
}

/** The lowering operator a of one mode. */
export function loweringOp(basis: FockBasis, mode: number): JumpOp {
  return jumpOp(basis, mode, 'lower');
}

/** The raising operator a† of one mode, truncated to the basis (absorption from a thermal bath). */
export function raisingOp(basis: FockBasis, mode: number): JumpOp {
  return jumpOp(basis, mode, 'raise');
}

/** a² of one mode (two-photon loss). */
export function twoPhotonLoweringOp(basis: FockBasis, mode: number): JumpOp {
  return jumpOp(basis, mode, 'lower2');
}

/**
 * Embed a density matrix of one basis in another of the same modes (e.g. truncation K into
 * K + 1): elements between states present in both are copied, the rest are zero.
 */
export function embedDensityMatrix(from: FockBasis, rho: Float64Array, to: FockBasis): Float64Array {
  if (from.modes !== to.modes) throw new Error('embedDensityMatrix: the bases have different modes');
  const map = new Int32Array(from.dim);
  for (let s = 0; s < from.dim; s++) map[s] = to.indexOf(from.occ.subarray(s * from.modes, (s + 1) * from.modes));
  const out = new Float64Array(2 * to.dim * to.dim);
  for (let r = 0; r < from.dim; r++) {
    const tr = map[r]!;
    if (tr < 0) continue;
    for (let c = 0; c < from.dim; c++) {
      const tc = map[c]!;
      if (tc < 0) continue;
      out[2 * (tr * to.dim + tc)] = rho[2 * (r * from.dim + c)]!;
      out[2 * (tr * to.dim + tc) + 1] = rho[2 * (r * from.dim + c) + 1]!;
    }
  }
  return out;
}
