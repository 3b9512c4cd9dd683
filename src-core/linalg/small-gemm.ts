/**
 * Products of small dense complex matrices (interleaved, row-major) for the manifold blocks of the
 * steady-state preconditioner (sizes ≲ 50), where call overhead matters more than blocking.
 * `C` must not alias A or B.
 */

/**
 * C (m×p) = A (m×k) · B (k×p).
 * @example
 * // [[1, 2]] · [[3], [4]] = [[11]]
 * gemmNN(1, 2, 1, new Float64Array([1, 0, 2, 0]), new Float64Array([3, 0, 4, 0]), out) // out = [11, 0]
 */
export function gemmNN(m: number, k: number, p: number, a: Float64Array, b: Float64Array, c: Float64Array): Float64Array {
  c.fill(0, 0, 2 * m * p);
  for (let i = 0; i < m; i++) {
    const ci = 2 * i * p;
    for (let l = 0; l < k; l++) {
      const ar = a[2 * (i * k + l)]!;
      const ai = a[2 * (i * k + l) + 1]!;
      if (ar === 0 && ai === 0) continue;
      const bl = 2 * l * p;
      for (let j = 0; j < 2 * p; j += 2) {
        const br = b[bl + j]!;
        const bi = b[bl + j + 1]!;
        c[ci + j] = c[ci + j]! + ar * br - ai * bi;
        c[ci + j + 1] = c[ci + j + 1]! + ar * bi + ai * br;
      }
    }
  }
  return c;
}

/**
 * C (m×p) = A (m×k) · B† where B is p×k.
 * @example
 * // [[1, i]] · [[1, i]]† = 1 + i·(−i) = [[2]]
 * gemmNH(1, 2, 1, new Float64Array([1, 0, 0, 1]), new Float64Array([1, 0, 0, 1]), out) // out = [2, 0]
 */
export function gemmNH(m: number, k: number, p: number, a: Float64Array, b: Float64Array, c: Float64Array): Float64Array {
  for (let i = 0; i < m; i++) {
    const ai0 = 2 * i * k;
    for (let j = 0; j < p; j++) {
      const bj0 = 2 * j * k;
      let sr = 0;
      let si = 0;
      for (let l = 0; l < 2 * k; l += 2) {
        const ar = a[ai0 + l]!;
        const ai = a[ai0 + l + 1]!;
        const br = b[bj0 + l]!;
        const bi = b[bj0 + l + 1]!;
        sr += ar * br + ai * bi;
        si += ai * br - ar * bi;
      }
      c[2 * (i * p + j)] = sr;
      c[2 * (i * p + j) + 1] = si;
    }
  }
  return c;
}
