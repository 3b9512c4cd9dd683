/**
 * C = A · B† for dense complex n×n matrices (interleaved, row-major), in dot-product form: both
 * operands are read along rows, so the innermost loop is contiguous. 2×2 register blocking.
 *
 * With `lowerOnly`, the elements C[i][j] with j ≤ i are computed and, of those above the
 * diagonal, at most the first super-diagonal (with its correct value); the rest are left as they
 * were. {@link mirrorLower} then completes a Hermitian result.
 *
 * `C` must not alias `A` or `B`.
 * @example
 * // A = [[1, i]], B = [[1, i]] (n = 1 rows shown)  ->  A·B† = 1·1 + i·(-i) = 2
 */
export function gemmABH(n: number, a: Float64Array, b: Float64Array, c: Float64Array, lowerOnly = false): Float64Array {
  const n2 = 2 * n;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const ra0 = i * n2;
    const ra1 = ra0 + n2;
    const jEnd = lowerOnly ? i + 2 : n;
    let j = 0;
    for (; j + 1 < jEnd; j += 2) {
      const rb0 = j * n2;
      const rb1 = rb0 + n2;
      let s00r = 0, s00i = 0, s01r = 0, s01i = 0, s10r = 0, s10i = 0, s11r = 0, s11i = 0;
      for (let k = 0; k < n2; k += 2) {
        const a0r = a[ra0 + k]!, a0i = a[ra0 + k + 1]!;
        const a1r = a[ra1 + k]!, a1i = a[ra1 + k + 1]!;
        const b0r = b[rb0 + k]!, b0i = b[rb0 + k + 1]!;
        const b1r = b[rb1 + k]!, b1i = b[rb1 + k + 1]!;
        s00r += a0r * b0r + a0i * b0i;
        s00i += a0i * b0r - a0r * b0i;
        s01r += a0r * b1r + a0i * b1i;
        s01i += a0i * b1r - a0r * b1i;
        s10r += a1r * b0r + a1i * b0i;
        s10i += a1i * b0r - a1r * b0i;
        s11r += a1r * b1r + a1i * b1i;
        s11i += a1i * b1r - a1r * b1i;
      }
      const c0 = ra0 + 2 * j;
      const c1 = ra1 + 2 * j;
      c[c0] = s00r;
      c[c0 + 1] = s00i;
      c[c0 + 2] = s01r;
      c[c0 + 3] = s01i;
      c[c1] = s10r;
      c[c1 + 1] = s10i;
      c[c1 + 2] = s11r;
      c[c1 + 3] = s11i;
    }
    for (; j < jEnd; j++) {
      const rb = j * n2;
      let s0r = 0, s0i = 0, s1r = 0, s1i = 0;
      for (let k = 0; k < n2; k += 2) {
        const br = b[rb + k]!, bi = b[rb + k + 1]!;
        const a0r = a[ra0 + k]!, a0i = a[ra0 + k + 1]!;
        const a1r = a[ra1 + k]!, a1i = a[ra1 + k + 1]!;
        s0r += a0r * br + a0i * bi;
        s0i += a0i * br - a0r * bi;
        s1r += a1r * br + a1i * bi;
        s1i += a1i * br - a1r * bi;
      }
      c[ra0 + 2 * j] = s0r;
      c[ra0 + 2 * j + 1] = s0i;
      c[ra1 + 2 * j] = s1r;
      c[ra1 + 2 * j + 1] = s1i;
    }
  }
  for (; i < n; i++) {
    const ra = i * n2;
    const jEnd = lowerOnly ? i + 1 : n;
    for (let j = 0; j < jEnd; j++) {
      const rb = j * n2;
      let sr = 0, si = 0;
      for (let k = 0; k < n2; k += 2) {
        const ar = a[ra + k]!, ai = a[ra + k + 1]!;
        const br = b[rb + k]!, bi = b[rb + k + 1]!;
        sr += ar * br + ai * bi;
        si += ai * br - ar * bi;
      }
      c[ra + 2 * j] = sr;
      c[ra + 2 * j + 1] = si;
    }
  }
  return c;
}

/** Complete a Hermitian matrix from its lower triangle: C[j][i] = conj(C[i][j]); the diagonal is made real. */
export function mirrorLower(n: number, c: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    c[2 * (i * n + i) + 1] = 0;
    for (let j = 0; j < i; j++) {
      const lo = 2 * (i * n + j);
      const up = 2 * (j * n + i);
      c[up] = c[lo]!;
      c[up + 1] = -c[lo + 1]!;
    }
  }
  return c;
}

/**
 * out = M · Y · M† for Hermitian Y (so M·Y = M·Y†); the result is Hermitian and only its lower
 * triangle is computed, then mirrored. `tmp` is scratch of the same size.
 */
export function congruence(n: number, m: Float64Array, y: Float64Array, out: Float64Array, tmp: Float64Array): Float64Array {
  gemmABH(n, m, y, tmp);
  gemmABH(n, tmp, m, out, true);
  return mirrorLower(n, out);
}
