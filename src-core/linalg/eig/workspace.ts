/**
 * The eigen-solver's workspace (see docs/numerics.md): every scratch array and every side result
 * the routines pass to each other, so the solver keeps no module-level state and calls with
 * different workspaces never interfere.
 */
import type { ComplexOut } from './complex.js';

/** Scratch for {@link eig}, {@link hessenberg} and {@link schur}; reusable for any order ≤ n. */
export interface EigWorkspace {
  /** Largest order the workspace serves. */
  readonly n: number;
  /** Householder scalars τ_k of the Hessenberg reduction (interleaved complex, length 2n). */
  readonly tau: Float64Array;
  /** Scratch vectors (interleaved complex, length 2n each). */
  readonly w1: Float64Array;
  readonly w2: Float64Array;
  /** Reflectors of one QR sweep, 5 numbers each (τ re, τ im, Re(τ·v₂), v₂ re, v₂ im): length 5n. */
  readonly sweep: Float64Array;
  /** Shifts / eigenvalues of a deflation window (interleaved complex, length 2n). */
  readonly shifts: Float64Array;
  /** Deflation window and its unitary (transposed), each w×w complex, w = ⌊(n−1)/3⌋ for n ≥ 75. */
  readonly t: Float64Array;
  readonly vt: Float64Array;
  /** Product scratch for applying a window's unitary: w×n complex. */
  readonly tmp: Float64Array;
  /** Complex scalar results of cdiv, csqrt and larfg (read right after the call). */
  readonly c: ComplexOut;
  /** Side result of lahqr: the number of sweeps of its last call. */
  sweeps: number;
  /** Side results of aed: eigenvalues it deflated, and undeflated window eigenvalues left in `shifts`. */
  aedDeflated: number;
  aedShifts: number;
}

/**
 * Allocate the scratch for matrices of order up to n.
 *
 * @example
 * const ws = eigWorkspace(64); // reuse for every 64×64 (or smaller) eig call
 */
export function eigWorkspace(n: number): EigWorkspace {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`order must be a non-negative integer, got ${n}`);
  n |= 0;
  const m = Math.max(1, n);
  const w = maxWindow(n);
  return {
    n,
    tau: new Float64Array(2 * m),
    w1: new Float64Array(2 * m),
    w2: new Float64Array(2 * m),
    sweep: new Float64Array(5 * m),
    shifts: new Float64Array(2 * m),
    t: new Float64Array(2 * w * w),
    vt: new Float64Array(2 * w * w),
    tmp: new Float64Array(2 * w * m),
    c: { re: 0, im: 0 },
    sweeps: 0,
    aedDeflated: 0,
    aedShifts: 0,
  };
}

/** Default hard limit on the total number of QR sweeps for order n. */
export function defaultMaxSweeps(n: number): number {
  return 30 * Math.max(10, n);
}

/** Active blocks smaller than this are finished by plain single-shift sweeps (LAPACK's NMIN). */
export const NMIN = 75;

/** Largest deflation window for order n (0 when n is too small to use AED). */
export function maxWindow(n: number): number {
  return n < NMIN ? 0 : ((n - 1) / 3) | 0;
}

/** RangeError unless n is a valid order for the matrices a, v and the workspace. */
export function checkArgs(n: number, a: Float64Array, v: Float64Array, ws: EigWorkspace): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`order must be a non-negative integer, got ${n}`);
  const nn = 2 * n * n;
  if (a.length < nn || v.length < nn) throw new RangeError(`matrices of order ${n} need length ${nn}`);
  if (ws.n < n) throw new RangeError(`workspace is for order ${ws.n}, matrix has order ${n}`);
}
