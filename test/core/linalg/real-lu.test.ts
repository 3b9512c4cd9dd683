import { describe, expect, it } from 'vitest';
import { realLuDeterminant, realLuFactor, realLuSolve } from '../../../src-core/linalg/real-lu';
import { rng } from '../../helpers/numeric';

function matvec(n: number, a: Float64Array, x: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) y[i] = y[i]! + a[i * n + j]! * x[j]!;
  return y;
}

describe('real LU', () => {
  it('solves a permutation matrix exactly (pivoting needed)', () => {
    const a = new Float64Array([0, 1, 1, 0]);
    const piv = new Int32Array(2);
    expect(realLuFactor(2, a, piv)).toBe(-1);
    expect(Array.from(realLuSolve(2, a, piv, new Float64Array([3, 5])))).toEqual([5, 3]);
    expect(realLuDeterminant(2, a, piv)).toBe(-1);
  });

  it('solves random systems to a small backward error and gives det = det(L)·det(U) of a known product', () => {
    const r = rng(7);
    for (const n of [1, 3, 8, 17]) {
      // A = L·U with unit lower L and upper U of known diagonal: det A = Π u_kk
      const L = new Float64Array(n * n);
      const U = new Float64Array(n * n);
      let det = 1;
      for (let i = 0; i < n; i++) {
        L[i * n + i] = 1;
        for (let j = 0; j < i; j++) L[i * n + j] = r();
        U[i * n + i] = 1 + r();
        det *= U[i * n + i]!;
        for (let j = i + 1; j < n; j++) U[i * n + j] = r();
      }
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] = a[i * n + j]! + L[i * n + k]! * U[k * n + j]!;
      const x = Float64Array.from({ length: n }, () => r());
      const b = matvec(n, a, x);
      const lu = a.slice();
      const piv = new Int32Array(n);
      expect(realLuFactor(n, lu, piv)).toBe(-1);
      const got = realLuSolve(n, lu, piv, b.slice());
      const res = matvec(n, a, got);
      for (let i = 0; i < n; i++) expect(Math.abs(res[i]! - b[i]!)).toBeLessThan(1e-13 * n);
      expect(Math.abs(realLuDeterminant(n, lu, piv) - det)).toBeLessThan(1e-12 * Math.abs(det) * n);
    }
  });

  it('reports the first zero pivot of a singular matrix', () => {
    const a = new Float64Array([1, 2, 3, 2, 4, 6, 1, 0, 1]); // row 1 = 2·row 0
    expect(realLuFactor(3, a, new Int32Array(3))).toBeGreaterThanOrEqual(0);
  });
});
