import { describe, expect, it } from 'vitest';
import { expm } from '../../../src-core/linalg/expm';
import { rng } from '../../helpers/numeric';

function matmul(m: number, a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) for (let j = 0; j < m; j++) out[i * m + j] = out[i * m + j]! + a[i * m + k]! * b[k * m + j]!;
  return out;
}

describe('expm (scaling and squaring, (6,6) Padé)', () => {
  it('a rotation generator gives the rotation, at small and large angles', () => {
    for (const theta of [1e-3, 0.7, 3, 40]) {
      const E = expm(2, new Float64Array([0, -theta, theta, 0]));
      expect(E[0]).toBeCloseTo(Math.cos(theta), 12);
      expect(E[1]).toBeCloseTo(-Math.sin(theta), 12);
      expect(E[2]).toBeCloseTo(Math.sin(theta), 12);
      expect(E[3]).toBeCloseTo(Math.cos(theta), 12);
    }
  });

  it('a Jordan block gives e^λ [[1, t], [0, 1]] (the defective case)', () => {
    const E = expm(2, new Float64Array([-0.5, 1, 0, -0.5]), 3);
    const e = Math.exp(-1.5);
    expect(E[0]).toBeCloseTo(e, 14);
    expect(E[1]! / (3 * e)).toBeCloseTo(1, 12);
    expect(E[2]).toBe(0);
  });

  it('e^{tA} e^{−tA} = I and e^{2tA} = (e^{tA})² for a random 30 × 30 matrix of norm ~10', () => {
    const r = rng(5);
    const m = 30;
    const A = Float64Array.from({ length: m * m }, () => 4 * r());
    const P = expm(m, A, 0.5);
    const I = matmul(m, P, expm(m, A, -0.5));
    let err = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) err = Math.max(err, Math.abs(I[i * m + j]! - (i === j ? 1 : 0)));
    expect(err).toBeLessThan(1e-10);
    const P2 = matmul(m, P, P);
    const Q = expm(m, A, 1);
    let scale = 0;
    let d = 0;
    for (let i = 0; i < m * m; i++) {
      scale = Math.max(scale, Math.abs(Q[i]!));
      d = Math.max(d, Math.abs(Q[i]! - P2[i]!));
    }
    expect(d / scale).toBeLessThan(1e-12);
  });

  it('refuses a non-finite matrix', () => {
    expect(() => expm(1, new Float64Array([NaN]))).toThrow(/non-finite/);
  });
});
