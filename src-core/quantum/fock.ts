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

export function fockBasis(kind: FockBasis['kind'], modes: number, cutoff: number): FockBasis {
  if (!Number.isInteger(cutoff) || cutoff < (kind === 'per-mode' ? 2 : 1)) {
    throw new ParameterError('fock', `must be an integer ≥ ${kind === 'per-mode' ? 2 : 1} for the ${kind} basis, got ${cutoff}`);
  }
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
  return {
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
}

/**
 * The lowering operator of one mode in a basis: at most one nonzero per column, so it is stored as
 * `target[s]` (the state a|s⟩ lands on, or -1) and `amp[s]` = √n_m(s).
 */
export interface LoweringOp {
  mode: number;
  target: Int32Array;
  amp: Float64Array;
}

export function loweringOp(basis: FockBasis, mode: number): LoweringOp {
  const { dim, modes, occ } = basis;
  const target = new Int32Array(dim).fill(-1);
  const amp = new Float64Array(dim);
  const n = new Int32Array(modes);
  for (let s = 0; s < dim; s++) {
    const k = occ[s * modes + mode]!;
    if (k === 0) continue;
    for (let m = 0; m < modes; m++) n[m] = occ[s * modes + m]!;
    n[mode] = k - 1;
    target[s] = basis.indexOf(n);
    amp[s] = Math.sqrt(k);
  }
  return { mode, target, amp };
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
