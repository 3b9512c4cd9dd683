import { describe, expect, it } from 'vitest';
import { luFactor, luInverse, luSolve, pivotRatio } from '../../../src-core/linalg/lu';
import { rng } from '../../helpers/numeric';

function cmatvec(n: number, a: Float64Array, x: Float64Array): Float64Array {
  const y = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const ar = a[2 * (i * n + j)]!;
      const ai = a[2 * (i * n + j) + 1]!;
      y[2 * i] = y[2 * i]! + ar * x[2 * j]! - ai * x[2 * j + 1]!;
      y[2 * i + 1] = y[2 * i + 1]! + ar * x[2 * j + 1]! + ai * x[2 * j]!;
    }
  }
  return y;
}


describe('complex LU', () => {
  it('solves a permutation matrix exactly (pivoting needed)', () => {
    const a = new Float64Array([0, 0, 1, 0, 1, 0, 0, 0]);
    const piv = new Int32Array(2);
    expect(luFactor(2, a, piv)).toBe(-1);
    const b = new Float64Array([3, 1, 5, -2]);
    luSolve(2, a, piv, b);
    expect(Array.from(b)).toEqual([5, -2, 3, 1]);
  });

  it('solves a purely imaginary diagonal system', () => {
    const a = new Float64Array([2, 0, 0, 0, 0, 0, 0, 4]);
    const piv = new Int32Array(2);
    luFactor(2, a, piv);
    const b = luSolve(2, a, piv, new Float64Array([2, 0, 0, 4]));
    expect(Array.from(b)).toEqual([1, 0, 1, 0]);
  });

  it.each([1, 3, 8, 40])('residual of random complex systems is at rounding level (n=%i)', (n) => {
    const r = rng(n);
    const a = new Float64Array(2 * n * n).map(() => r());
    const x = new Float64Array(2 * n).map(() => r());
    const b = cmatvec(n, a, x);
    const lu = a.slice();
    const piv = new Int32Array(n);
    expect(luFactor(n, lu, piv)).toBe(-1);
    luSolve(n, lu, piv, b);
    const err = Math.max(...b.map((v, i) => Math.abs(v - x[i]!)));
    expect(err).toBeLessThan(1e-10 * Math.max(1, pivotRatio(n, lu)));
  });

  it('reports an exactly singular matrix and its pivot ratio is infinite', () => {
    const a = new Float64Array([1, 1, 2, 2, 1, 1, 2, 2]); // rows equal
    const piv = new Int32Array(2);
    expect(luFactor(2, a, piv)).toBe(1);
    expect(pivotRatio(2, a)).toBe(Infinity);
  });
});

describe('complex LU inverse', () => {
  it('inverts a permutation matrix exactly (its transpose)', () => {
    // rows (e2, e0, e1): row swaps at two pivot steps
    const n = 3;
    const a = new Float64Array(2 * n * n);
    a[2 * (0 * n + 2)] = 1;
    a[2 * (1 * n + 0)] = 1;
    a[2 * (2 * n + 1)] = 1;
    const lu = a.slice();
    const piv = new Int32Array(n);
    expect(luFactor(n, lu, piv)).toBe(-1);
    const inv = luInverse(n, lu, piv, new Float64Array(2 * n * n));
    const t = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[2 * (i * n + j)] = a[2 * (j * n + i)]!;
    expect(Array.from(inv, (x) => x + 0)).toEqual(Array.from(t));
  });

  it('inverts an anti-diagonal complex matrix exactly and returns out', () => {
    // A = [[0, 2], [4i, 0]]  ->  A⁻¹ = [[0, -i/4], [1/2, 0]]
    const lu = new Float64Array([0, 0, 2, 0, 0, 4, 0, 0]);
    const piv = new Int32Array(2);
    expect(luFactor(2, lu, piv)).toBe(-1);
    const out = new Float64Array(8);
    expect(luInverse(2, lu, piv, out)).toBe(out);
    expect(Array.from(out, (x) => x + 0)).toEqual([0, 0, 0, -0.25, 0.5, 0, 0, 0]);
  });

  it.each([1, 3, 8, 40])('A·A⁻¹ = A⁻¹·A = I and A⁻¹ matches luSolve on unit vectors (n=%i)', (n) => {
    const r = rng(100 + n);
    const a = new Float64Array(2 * n * n).map(() => r());
    const lu = a.slice();
    const piv = new Int32Array(n);
    expect(luFactor(n, lu, piv)).toBe(-1);
    const inv = luInverse(n, lu, piv, new Float64Array(2 * n * n));
    const tol = 1e-12 * n * pivotRatio(n, lu);
    for (let j = 0; j < n; j++) {
      const col = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        col[2 * i] = inv[2 * (i * n + j)]!;
        col[2 * i + 1] = inv[2 * (i * n + j) + 1]!;
      }
      // A·(column j of A⁻¹) = e_j
      const e = cmatvec(n, a, col);
      for (let i = 0; i < n; i++) {
        expect(Math.hypot(e[2 * i]! - (i === j ? 1 : 0), e[2 * i + 1]!)).toBeLessThan(tol);
      }
      // same as solving A x = e_j
      const x = new Float64Array(2 * n);
      x[2 * j] = 1;
      luSolve(n, lu, piv, x);
      for (let i = 0; i < 2 * n; i++) expect(Math.abs(x[i]! - col[i]!)).toBeLessThan(tol);
    }
    // (A⁻¹·A) row i = e_iᵀ: rows of A⁻¹ times A
    const at = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      at[2 * (i * n + j)] = a[2 * (j * n + i)]!;
      at[2 * (i * n + j) + 1] = a[2 * (j * n + i) + 1]!;
    }
    for (let i = 0; i < n; i++) {
      // row i of A⁻¹·A = (Aᵀ·(row i of A⁻¹)ᵀ)ᵀ
      const row = inv.slice(2 * i * n, 2 * (i + 1) * n);
      const e = cmatvec(n, at, row);
      for (let j = 0; j < n; j++) expect(Math.hypot(e[2 * j]! - (i === j ? 1 : 0), e[2 * j + 1]!)).toBeLessThan(tol);
    }
  });
});
