import { describe, expect, it } from 'vitest';
import { eig } from '../../../src-core/linalg/eig';
import { realEigenvalues } from '../../../src-core/linalg/real-eigenvalues';
import { rng } from '../../helpers/numeric';

/** Each eigenvalue of `got` matched to a distinct one of `ref` within tol (a greedy matching). */
function expectSameSpectrum(got: [number, number][], ref: [number, number][], tol: number): void {
  expect(got).toHaveLength(ref.length);
  const left = [...ref];
  for (const [re, im] of got) {
    let best = -1;
    let d = Infinity;
    left.forEach(([r, i], k) => {
      const e = Math.hypot(re - r, im - i);
      if (e < d) {
        d = e;
        best = k;
      }
    });
    expect(d).toBeLessThanOrEqual(tol);
    left.splice(best, 1);
  }
}

function real(n: number, a: Float64Array): [number, number][] {
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  realEigenvalues(n, a.slice(), wr, wi);
  return Array.from({ length: n }, (_, k) => [wr[k]!, wi[k]!]);
}

describe('real eigenvalues (balance, Hessenberg, double-shift QR)', () => {
  it('agree with the complex Schur solver on random matrices, n = 1 … 16 and 40', () => {
    const r = rng(5);
    for (const n of [1, 2, 3, 4, 5, 7, 8, 11, 16, 40]) {
      for (let rep = 0; rep < 3; rep++) {
        const a = Float64Array.from({ length: n * n }, () => r() * (rep === 2 ? 1e6 : 1));
        const c = new Float64Array(2 * n * n);
        for (let k = 0; k < n * n; k++) c[2 * k] = a[k]!;
        const lambda = new Float64Array(2 * n);
        eig(n, c, lambda, new Float64Array(2 * n * n));
        const ref: [number, number][] = Array.from({ length: n }, (_, k) => [lambda[2 * k]!, lambda[2 * k + 1]!]);
        let norm = 0;
        for (const v of a) norm = Math.max(norm, Math.abs(v));
        expectSameSpectrum(real(n, a), ref, 1e-11 * n * norm);
      }
    }
  });

  it('gives conjugate pairs exactly, +im first, and the closed form of known matrices', () => {
    // rotation-decay block and a companion matrix of (λ − 1)(λ − 2)(λ + 3)(λ² + 4)
    const got = real(2, new Float64Array([-1, 2, -2, -1]));
    expect(got[0]![1]).toBeGreaterThan(0);
    expect(got[0]![0]).toBe(got[1]![0]);
    expect(got[0]![1]).toBe(-got[1]![1]);
    expectSameSpectrum(got, [[-1, 2], [-1, -2]], 1e-14);
    // (λ−1)(λ−2)(λ+3) = λ³ − 7λ + 6; times (λ² + 4): λ⁵ − 3λ³ + 6λ² − 28λ + 24
    const coef = [0, -3, 6, -28, 24]; // λ⁵ + c1 λ⁴ + … + c5
    const n = 5;
    const comp = new Float64Array(n * n);
    for (let j = 0; j < n; j++) comp[j] = -coef[j]!;
    for (let i = 1; i < n; i++) comp[i * n + i - 1] = 1;
    expectSameSpectrum(real(n, comp), [[1, 0], [2, 0], [-3, 0], [0, 2], [0, -2]], 1e-12);
    // a triangular matrix: its diagonal; zero matrix: zeros
    expectSameSpectrum(real(3, new Float64Array([4, 1, 2, 0, -5, 3, 0, 0, 0.5])), [[4, 0], [-5, 0], [0.5, 0]], 1e-14);
    expectSameSpectrum(real(3, new Float64Array(9)), [[0, 0], [0, 0], [0, 0]], 0);
  });
});
