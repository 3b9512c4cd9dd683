/**
 * Dense complex LU factorisation with partial pivoting, and solves with it.
 *
 * Storage: an n×n complex matrix is a Float64Array of length 2n², row-major, interleaved
 * (re, im): element (i, j) is at `2 * (i * n + j)`. Kernels write into caller-owned arrays and
 * allocate nothing.
 */
import { hypot } from './hypot.js';

/**
 * Factor A = P·L·U in place (L unit lower, U upper, both stored in `a`); `piv[k]` is the row
 * swapped with row k at step k.
 *
 * @returns the index of the first exactly-zero pivot, or -1 when A is non-singular in floating point.
 * @example
 * const a = new Float64Array([0, 0, 1, 0, 1, 0, 0, 0]); // [[0, 1], [1, 0]]
 * const piv = new Int32Array(2);
 * luFactor(2, a, piv); // -1, piv = [1, 1]
 */
export function luFactor(n: number, a: Float64Array, piv: Int32Array): number {
  let singularAt = -1;
  for (let k = 0; k < n; k++) {
    // pivot: largest |a_ik| for i >= k
    let p = k;
    let best = -1;
    for (let i = k; i < n; i++) {
      const o = 2 * (i * n + k);
      const m = Math.abs(a[o]!) + Math.abs(a[o + 1]!);
      if (m > best) {
        best = m;
        p = i;
      }
    }
    piv[k] = p;
    if (p !== k) {
      const rp = 2 * p * n;
      const rk = 2 * k * n;
      for (let j = 0; j < 2 * n; j++) {
        const t = a[rk + j]!;
        a[rk + j] = a[rp + j]!;
        a[rp + j] = t;
      }
    }
    const dk = 2 * (k * n + k);
    const pr = a[dk]!;
    const pi = a[dk + 1]!;
    const den = pr * pr + pi * pi;
    if (den === 0) {
      if (singularAt < 0) singularAt = k;
      continue;
    }
    const ir = pr / den;
    const ii = -pi / den;
    for (let i = k + 1; i < n; i++) {
      const o = 2 * (i * n + k);
      const xr = a[o]!;
      const xi = a[o + 1]!;
      const lr = xr * ir - xi * ii;
      const li = xr * ii + xi * ir;
      a[o] = lr;
      a[o + 1] = li;
      if (lr === 0 && li === 0) continue;
      const ri = 2 * i * n;
      const rk = 2 * k * n;
      for (let j = k + 1; j < n; j++) {
        const ur = a[rk + 2 * j]!;
        const ui = a[rk + 2 * j + 1]!;
        a[ri + 2 * j] = a[ri + 2 * j]! - (lr * ur - li * ui);
        a[ri + 2 * j + 1] = a[ri + 2 * j + 1]! - (lr * ui + li * ur);
      }
    }
  }
  return singularAt;
}

/**
 * Solve A·x = b in place (b becomes x), with `lu` and `piv` from {@link luFactor}.
 *
 * @example
 * // A = [[2, 0], [0, 4i]], b = [2, 4i]  ->  x = [1, 1]
 */
export function luSolve(n: number, lu: Float64Array, piv: Int32Array, b: Float64Array): Float64Array {
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      const tr = b[2 * k]!;
      const ti = b[2 * k + 1]!;
      b[2 * k] = b[2 * p]!;
      b[2 * k + 1] = b[2 * p + 1]!;
      b[2 * p] = tr;
      b[2 * p + 1] = ti;
    }
  }
  // forward: L y = b (unit diagonal)
  for (let i = 1; i < n; i++) {
    let sr = b[2 * i]!;
    let si = b[2 * i + 1]!;
    const ri = 2 * i * n;
    for (let j = 0; j < i; j++) {
      const lr = lu[ri + 2 * j]!;
      const li = lu[ri + 2 * j + 1]!;
      const yr = b[2 * j]!;
      const yi = b[2 * j + 1]!;
      sr -= lr * yr - li * yi;
      si -= lr * yi + li * yr;
    }
    b[2 * i] = sr;
    b[2 * i + 1] = si;
  }
  // backward: U x = y
  for (let i = n - 1; i >= 0; i--) {
    let sr = b[2 * i]!;
    let si = b[2 * i + 1]!;
    const ri = 2 * i * n;
    for (let j = i + 1; j < n; j++) {
      const ur = lu[ri + 2 * j]!;
      const ui = lu[ri + 2 * j + 1]!;
      const xr = b[2 * j]!;
      const xi = b[2 * j + 1]!;
      sr -= ur * xr - ui * xi;
      si -= ur * xi + ui * xr;
    }
    const dr = lu[ri + 2 * i]!;
    const di = lu[ri + 2 * i + 1]!;
    const den = dr * dr + di * di;
    b[2 * i] = (sr * dr + si * di) / den;
    b[2 * i + 1] = (si * dr - sr * di) / den;
  }
  return b;
}

/**
 * Ratio of the largest to the smallest pivot magnitude of a factored matrix: a cheap lower bound
 * on its condition number, used to flag numerically singular systems.
 * @returns max|U_kk| / min|U_kk| (Infinity when a pivot is zero).
 */
export function pivotRatio(n: number, lu: Float64Array): number {
  let lo = Infinity;
  let hi = 0;
  for (let k = 0; k < n; k++) {
    const o = 2 * (k * n + k);
    const m = hypot(lu[o]!, lu[o + 1]!);
    if (m < lo) lo = m;
    if (m > hi) hi = m;
  }
  return lo === 0 ? Infinity : hi / lo;
}

/**
 * The inverse A⁻¹ = U⁻¹·L⁻¹·P from `lu` and `piv` of {@link luFactor} (which must have returned
 * -1: a zero pivot gives non-finite entries), written into `out` (length 2n², must not alias `lu`).
 * Costs about (2/3)·n³ complex multiply-adds: L⁻¹ by rows, then U⁻¹·L⁻¹ by back-substitution on
 * whole rows, then the column interchanges of P in reverse order (as LAPACK zgetri).
 *
 * @returns `out`.
 * @example
 * // A = [[0, 2], [4i, 0]]  ->  A⁻¹ = [[0, -i/4], [1/2, 0]]
 * const lu = new Float64Array([0, 0, 2, 0, 0, 4, 0, 0]);
 * const piv = new Int32Array(2);
 * luFactor(2, lu, piv);
 * luInverse(2, lu, piv, new Float64Array(8)); // [0, 0, 0, -0.25, 0.5, 0, 0, 0]
 */
export function luInverse(n: number, lu: Float64Array, piv: Int32Array, out: Float64Array): Float64Array {
  n |= 0; // keep index arithmetic in int32 even when n arrives as a double
  const n2 = 2 * n;
  out.fill(0, 0, n2 * n);
  // out ← L⁻¹ (unit lower triangular): row i = e_i − Σ_{j<i} L_ij · row j, row j nonzero in 0..j
  for (let i = 0; i < n; i++) {
    const ri = i * n2;
    out[ri + 2 * i] = 1;
    for (let j = 0; j < i; j++) {
      const lr = lu[ri + 2 * j]!;
      const li = lu[ri + 2 * j + 1]!;
      if (lr === 0 && li === 0) continue;
      const rj = j * n2;
      for (let c = 0; c <= 2 * j; c += 2) {
        const yr = out[rj + c]!;
        const yi = out[rj + c + 1]!;
        out[ri + c] = out[ri + c]! - (lr * yr - li * yi);
        out[ri + c + 1] = out[ri + c + 1]! - (lr * yi + li * yr);
      }
    }
  }
  // out ← U⁻¹·out: row i = (row i − Σ_{j>i} U_ij · row j) / U_ii, from the last row up
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n2;
    for (let j = i + 1; j < n; j++) {
      const ur = lu[ri + 2 * j]!;
      const ui = lu[ri + 2 * j + 1]!;
      if (ur === 0 && ui === 0) continue;
      const rj = j * n2;
      for (let c = 0; c < n2; c += 2) {
        const yr = out[rj + c]!;
        const yi = out[rj + c + 1]!;
        out[ri + c] = out[ri + c]! - (ur * yr - ui * yi);
        out[ri + c + 1] = out[ri + c + 1]! - (ur * yi + ui * yr);
      }
    }
    const dr = lu[ri + 2 * i]!;
    const di = lu[ri + 2 * i + 1]!;
    const den = dr * dr + di * di;
    const er = dr / den; // 1 / U_ii
    const ei = -di / den;
    for (let c = 0; c < n2; c += 2) {
      const yr = out[ri + c]!;
      const yi = out[ri + c + 1]!;
      out[ri + c] = yr * er - yi * ei;
      out[ri + c + 1] = yr * ei + yi * er;
    }
  }
  // A⁻¹ = U⁻¹·L⁻¹·P: undo the row interchanges as column interchanges, last first
  for (let k = n - 1; k >= 0; k--) {
    const p = piv[k]!;
    if (p === k) continue;
    for (let r = 0; r < n; r++) {
      const a = r * n2 + 2 * k;
      const b = r * n2 + 2 * p;
      const tr = out[a]!;
      const ti = out[a + 1]!;
      out[a] = out[b]!;
      out[a + 1] = out[b + 1]!;
      out[b] = tr;
      out[b + 1] = ti;
    }
  }
  return out;
}
