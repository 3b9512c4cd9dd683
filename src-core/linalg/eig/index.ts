/**
 * Eigendecomposition of a general (non-Hermitian) dense complex matrix, A = V·diag(λ)·V⁻¹.
 *
 * Storage: an n×n complex matrix is a Float64Array of length 2n², row-major, interleaved
 * (re, im): element (i, j) is at `2 * (i * n + j)`. Kernels write into caller-owned arrays; the
 * only scratch is an {@link EigWorkspace} (O(n) numbers below n = 75, about n²/3 complex numbers
 * above), which can be reused between calls.
 *
 * Algorithm (after LAPACK zgehd2/zung2r, zlahqr, zlaqr0/zlaqr3 and ztrevc):
 * 1. {@link hessenberg}: Householder reduction A = Q·H·Qᴴ to upper Hessenberg form, Q formed
 *    explicitly by backward accumulation.
 * 2. {@link schur}: complex Schur form H = Z·T·Zᴴ by single-shift complex QR sweeps (bulge
 *    chasing with 2×2 reflectors) with Wilkinson shifts, exceptional shifts after 10 and 20 sweeps
 *    without a deflation, the Ahues–Kressner deflation criterion of zlahqr, and a hard limit on
 *    the total number of sweeps. Active blocks of order ≥ 75 first go through aggressive early
 *    deflation (zlaqr3): the trailing window is Schur-decomposed, converged eigenvalues are
 *    deflated from its spike, and the rest serve as the shifts of the next single-shift sweeps.
 *    A sweep updates each reflector's rows and columns at once only inside a chase block of 16
 *    reflectors; the rest of the active block, the rows above it, the columns to its right and Z
 *    get the block's reflectors two at a time afterwards, so T and Z are the full Schur factors.
 * 3. Eigenvectors of T by back-substitution (divisors below smin = max(ulp·|λ_k|, smlnum) are
 *    replaced by smin, as in ztrevc), back-transformed by Z and normalised.
 *
 * Cost: about 7·n³ complex multiply-adds for a random matrix (Hessenberg 2.3, QR 4, vectors 0.7),
 * fewer QR sweeps for matrices whose eigenvalues are separated by their imaginary parts.
 *
 * Files (one LAPACK stage each; docs/numerics.md describes the method): hessenberg.ts (zgehd2,
 * zung2r), reflectors.ts (zlarfg, zlarf), qr-sweep.ts (the bulge-chasing sweep), lahqr.ts
 * (zlahqr), aed.ts and window-products.ts (zlaqr3), schur.ts (the zlaqr0 driver),
 * eigenvectors.ts (ztrevc), complex.ts (scalar kernels), workspace.ts (scratch and side results:
 * the solver keeps no module-level state). This file is the public API.
 */
import { transposeInPlace } from './complex.js';
import { eigenvectorsCore } from './eigenvectors.js';
import { hessenbergCore } from './hessenberg.js';
import { schurCore } from './schur.js';
import { checkArgs, defaultMaxSweeps, eigWorkspace, type EigWorkspace } from './workspace.js';

export { defaultMaxSweeps, eigWorkspace, type EigWorkspace } from './workspace.js';

/**
 * Eigenvalues and right eigenvectors of a general complex n×n matrix: A·V = V·diag(λ).
 *
 * `a` is overwritten (on return its upper triangle holds the Schur factor T and its strict
 * lower triangle scratch). `lambda[2k], lambda[2k+1]` receive λ_k (in the order they appear on the
 * diagonal of T, not sorted) and column k of `v` its eigenvector, with unit 2-norm and its
 * largest-magnitude component real and positive. For an eigenvalue of algebraic multiplicity > 1
 * without a full set of eigenvectors (a defective matrix) the columns are nearly parallel; for
 * a well-conditioned matrix ‖AV − VΛ‖ is of the order of n·ulp·‖A‖.
 *
 * @param maxSweeps hard limit on the total number of QR sweeps (default 30·max(10, n)); past it
 *   a ConvergenceError (src-core/errors.ts) is thrown whose `iterations` is the number of sweeps that ran and
 *   whose `routine` names the stage that gave up ('zlahqr' or 'zlaqr0').
 * @returns the number of QR sweeps over the matrix (those inside deflation windows not counted).
 * @example
 * // A = [[2, 1], [0, 3i]]
 * const a = new Float64Array([2, 0, 1, 0, 0, 0, 0, 3]);
 * const lambda = new Float64Array(4);
 * const v = new Float64Array(8);
 * eig(2, a, lambda, v); // lambda = [2, 0, 0, 3] (λ = 2, 3i); column 0 of v = [1, 0]
 */
export function eig(
  n: number,
  a: Float64Array,
  lambda: Float64Array,
  v: Float64Array,
  ws: EigWorkspace = eigWorkspace(n),
  maxSweeps: number = defaultMaxSweeps(n),
): { sweeps: number } {
  checkArgs(n, a, v, ws);
  if (lambda.length < 2 * n) throw new RangeError(`eig: lambda needs length ${2 * n}, got ${lambda.length}`);
  checkMaxSweeps(maxSweeps);
  n |= 0; // a small-integer n keeps V8's index arithmetic in int32 (an n computed as a double is ~2× slower)
  if (n === 0) return { sweeps: 0 };
  hessenbergCore(n, a, v, ws);
  transposeInPlace(n, v); // the QR phase works on Zᵀ: its column updates become contiguous row updates
  const sweeps = schurCore(n, a, v, lambda, ws, maxSweeps);
  eigenvectorsCore(n, a, v, ws);
  transposeInPlace(n, v);
  return { sweeps };
}

/**
 * Householder reduction to upper Hessenberg form: on return `a` holds H = Qᴴ·A·Q (zeros below
 * the first subdiagonal, real subdiagonal except possibly the last entry) and `q` the unitary Q.
 *
 * @example
 * const a = new Float64Array(2 * 9).map((_, i) => i % 5); // any 3×3
 * const q = new Float64Array(2 * 9);
 * hessenberg(3, a, q); // a[2 * (2 * 3 + 0)] === 0, and A = Q·H·Qᴴ
 */
export function hessenberg(n: number, a: Float64Array, q: Float64Array, ws: EigWorkspace = eigWorkspace(n)): void {
  checkArgs(n, a, q, ws);
  n |= 0;
  if (n > 0) hessenbergCore(n, a, q, ws);
}

/**
 * Complex Schur form of an upper Hessenberg matrix: on return `h` holds the upper triangular
 * T = Zᴴ·H·Z (entries below the diagonal set to zero) and `z` is overwritten by z·Z, so passing
 * the Q of {@link hessenberg} yields A = (QZ)·T·(QZ)ᴴ. `lambda` receives the diagonal of T.
 * Entries of `h` below the first subdiagonal are ignored (treated as zero).
 *
 * @param maxSweeps hard limit on the total number of QR sweeps (default 30·max(10, n)); past it
 *   a ConvergenceError is thrown, as by {@link eig}.
 * @returns the number of QR sweeps used.
 * @example
 * const h = new Float64Array([0, 0, 1, 0, 1, 0, 0, 0]); // [[0, 1], [1, 0]]
 * const z = new Float64Array([1, 0, 0, 0, 0, 0, 1, 0]); // identity
 * const lambda = new Float64Array(4);
 * schur(2, h, z, lambda); // lambda holds 1 and -1 (in some order)
 */
export function schur(
  n: number,
  h: Float64Array,
  z: Float64Array,
  lambda: Float64Array,
  ws: EigWorkspace = eigWorkspace(n),
  maxSweeps: number = defaultMaxSweeps(n),
): { sweeps: number } {
  checkArgs(n, h, z, ws);
  if (lambda.length < 2 * n) throw new RangeError(`schur: lambda needs length ${2 * n}, got ${lambda.length}`);
  checkMaxSweeps(maxSweeps);
  n |= 0;
  for (let i = 2; i < n; i++) {
    for (let j = 0; j < i - 1; j++) {
      h[2 * (i * n + j)] = 0;
      h[2 * (i * n + j) + 1] = 0;
    }
  }
  transposeInPlace(n, z);
  try {
    return { sweeps: schurCore(n, h, z, lambda, ws, maxSweeps) };
  } finally {
    transposeInPlace(n, z);
    for (let i = 1; i < n; i++) h.fill(0, 2 * i * n, 2 * (i * n + i));
  }
}

/** The sweep limit must be a number ≥ 0 (Infinity allowed): NaN would never stop a stalled iteration. */
function checkMaxSweeps(maxSweeps: number): void {
  if (!(maxSweeps >= 0)) throw new RangeError(`maxSweeps must be a non-negative number, got ${maxSweeps}`);
}
