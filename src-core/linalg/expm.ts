/**
 * Exponential of a small dense real matrix by scaling and squaring with the diagonal (6, 6) Padé
 * approximant (Moler & Van Loan, SIAM Rev. 45:3, 2003, “method 3”; the same choice as Expokit's
 * DGPADM): A is scaled by 2^−s so that ‖A/2^s‖_∞ ≤ 1/2, where the (6, 6) approximant's relative
 * backward error is below 3.4e-16, then squared s times. Meant for the Krylov propagator's
 * projected matrices (m ≲ 60); the cost is about (8 + s)·m³.
 *
 * Storage: row-major, `a[i * m + j]`.
 */

const PADE6 = [1, 1 / 2, 5 / 44, 1 / 66, 1 / 792, 1 / 15840, 1 / 665280];

function matmul(m: number, a: Float64Array, b: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const ri = i * m;
    for (let k = 0; k < m; k++) {
      const aik = a[ri + k]!;
      if (aik === 0) continue;
      const rk = k * m;
      for (let j = 0; j < m; j++) out[ri + j] = out[ri + j]! + aik * b[rk + j]!;
    }
  }
}

/** Solve Q X = P in place (P becomes X) by Gaussian elimination with partial pivoting; Q is overwritten. */
function solveInPlace(m: number, q: Float64Array, p: Float64Array): void {
  for (let k = 0; k < m; k++) {
    let piv = k;
    for (let i = k + 1; i < m; i++) if (Math.abs(q[i * m + k]!) > Math.abs(q[piv * m + k]!)) piv = i;
    if (piv !== k) {
      for (let j = 0; j < m; j++) {
        const t = q[k * m + j]!;
        q[k * m + j] = q[piv * m + j]!;
        q[piv * m + j] = t;
        const u = p[k * m + j]!;
        p[k * m + j] = p[piv * m + j]!;
        p[piv * m + j] = u;
      }
    }
    const d = q[k * m + k]!;
    for (let i = k + 1; i < m; i++) {
      const f = q[i * m + k]! / d;
      if (f === 0) continue;
      for (let j = k; j < m; j++) q[i * m + j] = q[i * m + j]! - f * q[k * m + j]!;
      for (let j = 0; j < m; j++) p[i * m + j] = p[i * m + j]! - f * p[k * m + j]!;
    }
  }
  for (let k = m - 1; k >= 0; k--) {
    const d = q[k * m + k]!;
    for (let j = 0; j < m; j++) {
      let s = p[k * m + j]!;
      for (let i = k + 1; i < m; i++) s -= q[k * m + i]! * p[i * m + j]!;
      p[k * m + j] = s / d;
    }
  }
}

/**
 * e^{t·A} for a real m × m matrix A (row-major); returns a new array.
 * @example
 * expm(1, new Float64Array([2]), 1) // [e²]
 */
export function expm(m: number, a: Float64Array, t = 1): Float64Array {
  let norm = 0;
  for (let i = 0; i < m; i++) {
    let r = 0;
    for (let j = 0; j < m; j++) r += Math.abs(a[i * m + j]!);
    norm = Math.max(norm, r);
  }
  norm *= Math.abs(t);
  if (!Number.isFinite(norm)) throw new RangeError('expm: the matrix has a non-finite entry');
  const s = norm > 0.5 ? Math.max(0, Math.ceil(Math.log2(norm / 0.5))) : 0;
  const scale = t / Math.pow(2, s);
  const A = new Float64Array(m * m);
  for (let i = 0; i < m * m; i++) A[i] = a[i]! * scale;
  const A2 = new Float64Array(m * m);
  matmul(m, A, A, A2);
  // U = A (c1 I + c3 A² + c5 A⁴), V = c0 I + c2 A² + c4 A⁴ + c6 A⁶, by Horner in A²
  const c = PADE6;
  const even = new Float64Array(m * m);
  const odd = new Float64Array(m * m);
  const tmp = new Float64Array(m * m);
  for (let i = 0; i < m * m; i++) {
    even[i] = c[6]! * A2[i]!;
    odd[i] = c[5]! * A2[i]!;
  }
  for (let i = 0; i < m; i++) {
    even[i * m + i] = even[i * m + i]! + c[4]!;
    odd[i * m + i] = odd[i * m + i]! + c[3]!;
  }
  matmul(m, even, A2, tmp);
  even.set(tmp);
  matmul(m, odd, A2, tmp);
  odd.set(tmp);
  for (let i = 0; i < m; i++) {
    even[i * m + i] = even[i * m + i]! + c[2]!;
    odd[i * m + i] = odd[i * m + i]! + c[1]!;
  }
  matmul(m, even, A2, tmp);
  even.set(tmp);
  for (let i = 0; i < m; i++) even[i * m + i] = even[i * m + i]! + c[0]!;
  matmul(m, A, odd, tmp); // U
  const P = new Float64Array(m * m);
  const Q = new Float64Array(m * m);
  for (let i = 0; i < m * m; i++) {
    P[i] = even[i]! + tmp[i]!;
    Q[i] = even[i]! - tmp[i]!;
  }
  solveInPlace(m, Q, P);
  let E = P;
  let F = tmp;
  for (let k = 0; k < s; k++) {
    matmul(m, E, E, F);
    const x = E;
    E = F;
    F = x;
  }
  return E === P ? P : Float64Array.from(E);
}
