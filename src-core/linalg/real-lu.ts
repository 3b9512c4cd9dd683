/**
 * Dense real LU factorisation with partial pivoting, and solves with it.
 *
 * Storage: an n×n real matrix is a Float64Array of length n², row-major: element (i, j) is at
 * `i * n + j`. Kernels write into caller-owned arrays and allocate nothing (the complex
 * counterpart is lu.ts).
 */

/**
 * Factor A = P·L·U in place (L unit lower, U upper, both stored in `a`); `piv[k]` is the row
 * swapped with row k at step k.
 *
 * @returns the index of the first exactly-zero pivot, or -1 when A is non-singular in floating point.
 * @example
 * const a = new Float64Array([0, 1, 1, 0]);
 * const piv = new Int32Array(2);
 * realLuFactor(2, a, piv); // -1, piv = [1, 1]
 */
export function realLuFactor(n: number, a: Float64Array, piv: Int32Array): number {
  let singularAt = -1;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = -1;
    for (let i = k; i < n; i++) {
      const m = Math.abs(a[i * n + k]!);
      if (m > best) {
        best = m;
        p = i;
      }
    }
    piv[k] = p;
    if (p !== k) {
      const rp = p * n;
      const rk = k * n;
      for (let j = 0; j < n; j++) {
        const t = a[rk + j]!;
        a[rk + j] = a[rp + j]!;
        a[rp + j] = t;
      }
    }
    const d = a[k * n + k]!;
    if (d === 0 || !Number.isFinite(d)) {
      if (singularAt < 0) singularAt = k;
      continue;
    }
    const inv = 1 / d;
    for (let i = k + 1; i < n; i++) {
      const o = i * n;
      const l = a[o + k]! * inv;
      a[o + k] = l;
      if (l === 0) continue;
      const rk = k * n;
      for (let j = k + 1; j < n; j++) a[o + j] = a[o + j]! - l * a[rk + j]!;
    }
  }
  return singularAt;
}

/** Solve A·x = b with the factors of {@link realLuFactor}; `b` is overwritten by x and returned. */
export function realLuSolve(n: number, lu: Float64Array, piv: Int32Array, b: Float64Array): Float64Array {
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) {
      const t = b[k]!;
      b[k] = b[p]!;
      b[p] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    let s = b[i]!;
    const o = i * n;
    for (let j = 0; j < i; j++) s -= lu[o + j]! * b[j]!;
    b[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    const o = i * n;
    for (let j = i + 1; j < n; j++) s -= lu[o + j]! * b[j]!;
    b[i] = s / lu[o + i]!;
  }
  return b;
}

/** Determinant of A from the factors of {@link realLuFactor} (each row swap flips the sign). */
export function realLuDeterminant(n: number, lu: Float64Array, piv: Int32Array): number {
  let d = 1;
  for (let k = 0; k < n; k++) {
    d *= lu[k * n + k]!;
    if (piv[k] !== k) d = -d;
  }
  return d;
}
