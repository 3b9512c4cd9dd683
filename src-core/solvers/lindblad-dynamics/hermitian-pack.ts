/**
 * Hermitian n × n matrices as real vectors of length n²: the diagonal's real parts, then the strict
 * lower triangle's (re, im) pairs row by row. The Krylov propagation of Hermitian matrices runs on
 * these (half the storage and half the orthogonalisation of the interleaved full matrix).
 */

/** Packed length of an n × n Hermitian matrix. */
export const packedLength = (n: number): number => n * n;

/** X (n × n interleaved, Hermitian) → packed. */
export function pack(n: number, X: Float64Array, out: Float64Array = new Float64Array(n * n)): Float64Array {
  for (let s = 0; s < n; s++) out[s] = X[2 * (s * n + s)]!;
  let k = n;
  for (let r = 1; r < n; r++) {
    for (let c = 0; c < r; c++) {
      out[k++] = X[2 * (r * n + c)]!;
      out[k++] = X[2 * (r * n + c) + 1]!;
    }
  }
  return out;
}

/** Packed → X (n × n interleaved, Hermitian). */
export function unpack(n: number, p: Float64Array, out: Float64Array = new Float64Array(2 * n * n)): Float64Array {
  for (let s = 0; s < n; s++) {
    out[2 * (s * n + s)] = p[s]!;
    out[2 * (s * n + s) + 1] = 0;
  }
  let k = n;
  for (let r = 1; r < n; r++) {
    for (let c = 0; c < r; c++) {
      const re = p[k++]!;
      const im = p[k++]!;
      out[2 * (r * n + c)] = re;
      out[2 * (r * n + c) + 1] = im;
      out[2 * (c * n + r)] = re;
      out[2 * (c * n + r) + 1] = -im;
    }
  }
  return out;
}

/**
 * A real functional of Hermitian matrices given on the full interleaved form (⟨o, X⟩ = Σ o_i X_i)
 * as the packed functional with the same values: X_cr = conj X_rc folds into the lower entry.
 */
export function packFunctional(n: number, o: Float64Array): Float64Array {
  const out = new Float64Array(n * n);
  for (let s = 0; s < n; s++) out[s] = o[2 * (s * n + s)]!;
  let k = n;
  for (let r = 1; r < n; r++) {
    for (let c = 0; c < r; c++) {
      out[k++] = o[2 * (r * n + c)]! + o[2 * (c * n + r)]!;
      out[k++] = o[2 * (r * n + c) + 1]! - o[2 * (c * n + r) + 1]!;
    }
  }
  return out;
}
