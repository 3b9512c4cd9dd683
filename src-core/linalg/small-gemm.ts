/**
 * Products of small dense complex matrices (interleaved, row-major) for the manifold blocks of the
 * steady-state preconditioner (sizes ≲ 50), where call overhead matters more than blocking.
 * `C` must not alias A or B.
 */

/**
 * C = A (m×k) · Bᵀ, or A · B† when `conj`, where B is p×k: every element a dot product of two
 * contiguous rows, two columns at a time. C is m×p, or written transposed (p×m) when `transC`.
 * @example
 * // [[1, i]] · [[1, i]]† = [[2]];  [[1, i]] · [[1, i]]ᵀ = [[0]]
 * gemmABt(1, 2, 1, new Float64Array([1, 0, 0, 1]), new Float64Array([1, 0, 0, 1]), out, true, false) // out = [2, 0]
 */
export function gemmABt(m: number, k: number, p: number, a: Float64Array, b: Float64Array, c: Float64Array, conj: boolean, transC: boolean): Float64Array {
  const sg = conj ? -1 : 1;
  const k2 = 2 * k;
  // element (i, j) of C lands at ci·i + cj·j (interleaved offsets)
  const ci = transC ? 2 : 2 * p;
  const cj = transC ? 2 * m : 2;
  for (let i = 0; i < m; i++) {
    const a0 = i * k2;
    let j = 0;
    for (; j + 1 < p; j += 2) {
      const b0 = j * k2;
      const b1 = b0 + k2;
      let r0 = 0, i0 = 0, r1 = 0, i1 = 0;
      for (let l = 0; l < k2; l += 2) {
        const ar = a[a0 + l]!, ai = a[a0 + l + 1]!;
        const br0 = b[b0 + l]!, bi0 = sg * b[b0 + l + 1]!;
        const br1 = b[b1 + l]!, bi1 = sg * b[b1 + l + 1]!;
        r0 += ar * br0 - ai * bi0;
        i0 += ar * bi0 + ai * br0;
        r1 += ar * br1 - ai * bi1;
        i1 += ar * bi1 + ai * br1;
      }
      const o = ci * i + cj * j;
      c[o] = r0;
      c[o + 1] = i0;
      c[o + cj] = r1;
      c[o + cj + 1] = i1;
    }
    if (j < p) {
      const b0 = j * k2;
      let r0 = 0, i0 = 0;
      for (let l = 0; l < k2; l += 2) {
        const ar = a[a0 + l]!, ai = a[a0 + l + 1]!;
        const br0 = b[b0 + l]!, bi0 = sg * b[b0 + l + 1]!;
        r0 += ar * br0 - ai * bi0;
        i0 += ar * bi0 + ai * br0;
      }
      const o = ci * i + cj * j;
      c[o] = r0;
      c[o + 1] = i0;
    }
  }
  return c;
}
