/**
 * C (m×p) = op(A) · op(B) for small dense complex matrices (interleaved, row-major), where
 * op(X) is X or its conjugate transpose X†. Straightforward loops for the manifold blocks of the
 * steady-state preconditioner (sizes ≲ 50), where call overhead matters more than blocking.
 *
 * Shapes: op(A) is m×k, op(B) is k×p. `C` must not alias A or B.
 * @example
 * // [[1, 2]] · [[3], [4]] = [[11]]
 * smallGemm(1, 2, 1, new Float64Array([1, 0, 2, 0]), false, new Float64Array([3, 0, 4, 0]), false, out)
 */
export function smallGemm(
  m: number,
  k: number,
  p: number,
  a: Float64Array,
  aH: boolean,
  b: Float64Array,
  bH: boolean,
  c: Float64Array,
): Float64Array {
  // element (i, l) of op(A): A[i][l] or conj(A[l][i]); A stored with row length k (plain) or m (dagger)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < p; j++) {
      let sr = 0;
      let si = 0;
      for (let l = 0; l < k; l++) {
        const ao = aH ? 2 * (l * m + i) : 2 * (i * k + l);
        const bo = bH ? 2 * (j * k + l) : 2 * (l * p + j);
        const ar = a[ao]!;
        const ai = aH ? -a[ao + 1]! : a[ao + 1]!;
        const br = b[bo]!;
        const bi = bH ? -b[bo + 1]! : b[bo + 1]!;
        sr += ar * br - ai * bi;
        si += ar * bi + ai * br;
      }
      c[2 * (i * p + j)] = sr;
      c[2 * (i * p + j) + 1] = si;
    }
  }
  return c;
}
