import { describe, expect, it } from 'vitest';
import { expm } from '../../../../src-core/linalg/expm';
import { luFactor, luSolve } from '../../../../src-core/linalg/lu';
import { expv } from '../../../../src-core/solvers/lindblad-dynamics/krylov';
import { ProjectedStep } from '../../../../src-core/solvers/lindblad-dynamics/projected';
import { rng } from '../../../helpers/numeric';

/** A random stable 60 × 60 matrix: a damped oscillator network (eigenvalues with Re < 0, |Im| up to ~20). */
function stable(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const x = 3 * r();
      A[i * n + j] = x;
      A[j * n + i] = -x + 0.3 * r();
    }
    A[i * n + i] = -0.5 - Math.abs(r());
  }
  return A;
}

const matvec = (n: number, A: Float64Array) => (x: Float64Array, out: Float64Array) => {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A[i * n + j]! * x[j]!;
    out[i] = s;
  }
};

describe('expv: Krylov propagation with local error control (Expokit)', () => {
  const n = 60;
  const A = stable(n, 3);
  const r = rng(9);
  const v = Float64Array.from({ length: n }, () => r());
  const exact = (t: number): Float64Array => {
    const E = expm(n, A, t);
    const out = new Float64Array(n);
    matvec(n, E)(v, out);
    return out;
  };

  it('reaches e^{tA}v within the requested tolerance, over many steps', () => {
    for (const tol of [1e-6, 1e-10]) {
      const res = expv(matvec(n, A), v, 5, { tol, m: 12 });
      const ref = exact(5);
      let err = 0;
      for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(res.w[i]! - ref[i]!));
      expect(res.steps).toBeGreaterThan(2);
      expect(res.t).toBeCloseTo(5, 12);
      // the global error is about t · tol (the error per unit time), measured against the dense exponential
      expect(err).toBeLessThan(5 * 5 * tol);
      expect(res.errorEstimate).toBeGreaterThan(0);
    }
  });

  it('dense output inside every step equals e^{sA}v (eigendecomposition, checked)', () => {
    const samples: [number, number][] = [];
    const o = new Float64Array(n).fill(0);
    o[3] = 1;
    o[7] = -2;
    expv(matvec(n, A), v, 3, { tol: 1e-11, m: 15 }, (step) => {
      const p = new ProjectedStep(step);
      expect(p.decomposed).toBe(true);
      const ss = [0, step.h / 3, step.h];
      const [vals] = p.values([p.observable(o)], ss);
      ss.forEach((s, i) => samples.push([step.t + s, vals![i]!]));
    });
    expect(samples.length).toBeGreaterThan(6);
    for (const [t, val] of samples) {
      const ref = exact(t);
      expect(Math.abs(val - (ref[3]! - 2 * ref[7]!))).toBeLessThan(1e-8);
    }
  });

  it('the Laplace transform over all steps is the resolvent: ∫₀^∞ e^{−iωt} oᵀe^{tA}v dt = oᵀ(iω − A)⁻¹v', () => {
    const o = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const omega = Float64Array.from([-7, -1.5, 0, 0.3, 4, 12]);
    const acc = new Float64Array(2 * omega.length);
    expv(matvec(n, A), v, 60, { tol: 1e-12, m: 20 }, (step) => {
      const p = new ProjectedStep(step);
      p.addLaplace(p.observable(o), omega, acc);
    });
    omega.forEach((w, q) => {
      // (iω − A) x = v, complex dense
      const M = new Float64Array(2 * n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[2 * (i * n + j)] = -A[i * n + j]!;
      for (let i = 0; i < n; i++) M[2 * (i * n + i) + 1] = w;
      const piv = new Int32Array(n);
      luFactor(n, M, piv);
      const b = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) b[2 * i] = v[i]!;
      luSolve(n, M, piv, b);
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        re += o[i]! * b[2 * i]!;
        im += o[i]! * b[2 * i + 1]!;
      }
      expect(Math.hypot(acc[2 * q]! - re, acc[2 * q + 1]! - im)).toBeLessThan(1e-8 * Math.max(1, Math.hypot(re, im)));
    });
  });

  it('the zero vector stays zero, and the step budget is enforced with a clear error', () => {
    const z = expv(matvec(n, A), new Float64Array(n), 1, { tol: 1e-8 });
    expect(z.steps).toBe(0);
    expect(() => expv(matvec(n, A), v, 1000, { tol: 1e-12, m: 4, maxSteps: 3 })).toThrow(/more than 3 steps/);
  });
});

describe('a defective generator (a Jordan block): the decomposition is refused and quadrature takes over', () => {
  // A = −I + 2N (N the shift): one eigenvalue −1 of multiplicity n, no eigenbasis
  const n = 8;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    A[i * n + i] = -1;
    if (i + 1 < n) A[i * n + i + 1] = 2;
  }
  const v = Float64Array.from({ length: n }, (_, i) => 1 / (i + 1));
  const o = Float64Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1));
  const oExp = (t: number): number => {
    const E = expm(n, A, t);
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += o[i]! * E[i * n + j]! * v[j]!;
    return s;
  };

  it('dense output and the Laplace transform equal the exact exponential and resolvent', () => {
    let fallback = 0;
    const samples: [number, number][] = [];
    const omega = Float64Array.from([-3, 0, 0.7, 5]);
    const acc = new Float64Array(2 * omega.length);
    expv(matvec(n, A), v, 40, { tol: 1e-12, m: n }, (step) => {
      const p = new ProjectedStep(step);
      if (!p.decomposed) fallback++;
      const [vals] = p.values([p.observable(o)], [step.h / 2, step.h]);
      samples.push([step.t + step.h / 2, vals![0]!], [step.t + step.h, vals![1]!]);
      p.addLaplace(p.observable(o), omega, acc);
    });
    expect(fallback, 'steps whose projected matrix is defective use quadrature').toBeGreaterThan(0);
    for (const [t, val] of samples) expect(Math.abs(val - oExp(t))).toBeLessThan(1e-9);
    omega.forEach((w, q) => {
      const M = new Float64Array(2 * n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M[2 * (i * n + j)] = -A[i * n + j]!;
      for (let i = 0; i < n; i++) M[2 * (i * n + i) + 1] = w;
      const piv = new Int32Array(n);
      luFactor(n, M, piv);
      const b = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) b[2 * i] = v[i]!;
      luSolve(n, M, piv, b);
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        re += o[i]! * b[2 * i]!;
        im += o[i]! * b[2 * i + 1]!;
      }
      // the tail beyond t = 40 is below e^{−40}·poly: negligible
      expect(Math.hypot(acc[2 * q]! - re, acc[2 * q + 1]! - im)).toBeLessThan(1e-8 * Math.max(1, Math.hypot(re, im)));
    });
  });
});
