import { describe, expect, it } from 'vitest';
import { ComputationError, ParameterError } from '../../../../src-core/errors';
import { linearStability, pseudoArclength, type JacobianFn, type ResidualFn } from '../../../../src-core/solvers/continuation/index';
import { rng } from '../../../helpers/numeric';

function mul(n: number, a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + a[i * n + k]! * b[k * n + j]!;
  return c;
}

/**
 * A = S·D·S⁻¹ with D block diagonal (2×2 blocks [[α, β], [−β, α]] with eigenvalues α ± iβ, and a
 * 1×1 block for odd n) and S = I + N, N strictly upper triangular, S⁻¹ = I − N + N² − … (finite).
 * Returns A, A⁻¹ (from D⁻¹ in closed form) and the eigenvalues.
 */
function knownMatrix(n: number, blocks: [number, number][], last?: number): { A: Float64Array; Ainv: Float64Array; eig: [number, number][] } {
  const r = rng(11 + n);
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  const N = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) N[i * n + j] = r();
  const S = I.map((v, k) => v + N[k]!);
  let Sinv = I.slice();
  let term = I.slice();
  for (let k = 1; k < n; k++) {
    term = mul(n, term, N).map((v) => -v);
    Sinv = Sinv.map((v, i) => v + term[i]!);
  }
  const D = new Float64Array(n * n);
  const Dinv = new Float64Array(n * n);
  const eig: [number, number][] = [];
  blocks.forEach(([al, be], b) => {
    const o = 2 * b;
    D[o * n + o] = al;
    D[o * n + o + 1] = be;
    D[(o + 1) * n + o] = -be;
    D[(o + 1) * n + o + 1] = al;
    const m = al * al + be * be;
    Dinv[o * n + o] = al / m;
    Dinv[o * n + o + 1] = -be / m;
    Dinv[(o + 1) * n + o] = be / m;
    Dinv[(o + 1) * n + o + 1] = al / m;
    eig.push([al, be], [al, -be]);
  });
  if (last !== undefined) {
    D[n * n - 1] = last;
    Dinv[n * n - 1] = 1 / last;
    eig.push([last, 0]);
  }
  return { A: mul(n, mul(n, S, D), Sinv), Ainv: mul(n, mul(n, S, Dinv), Sinv), eig };
}

function linearSystem(n: number, A: Float64Array, b: Float64Array): { F: ResidualFn; J: JacobianFn } {
  return {
    F: (x, p, out) => {
      for (let i = 0; i < n; i++) {
        let s = p * b[i]!;
        for (let j = 0; j < n; j++) s += A[i * n + j]! * x[j]!;
        out[i] = s;
      }
    },
    J: (_x, _p, jx, jp) => {
      jx.set(A);
      jp.set(b);
    },
  };
}

const sortEig = (e: [number, number][]): [number, number][] => [...e].sort((u, v) => v[0] - u[0] || v[1] - u[1]);

describe('continuation of a linear system F = A·x + p·b', () => {
  for (const [label, n, blocks, last, stable] of [
    ['3-D, stable (−1 ± 2i, −3)', 3, [[-1, 2]], -3, true],
    ['3-D, unstable (−1 ± 2i, +0.5)', 3, [[-1, 2]], 0.5, false],
    ['16-D, stable', 16, Array.from({ length: 8 }, (_, k) => [-0.2 - 0.3 * k, 0.5 + k]), undefined, true],
  ] as [string, number, [number, number][], number | undefined, boolean][]) {
    it(`${label}: the branch is x = −p·A⁻¹b, no folds, eigenvalues the closed-form ones`, () => {
      const { A, Ainv, eig } = knownMatrix(n, blocks, last);
      const b = Float64Array.from({ length: n }, (_, i) => 1 + 0.1 * i);
      const xs = new Float64Array(n); // −A⁻¹b
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) xs[i] = xs[i]! - Ainv[i * n + j]! * b[j]!;
      const { F, J } = linearSystem(n, A, b);
      const br = pseudoArclength(F, J, new Float64Array(n), 0, { lo: -1, hi: 2 });
      expect(br.stop.reason).toBe('bound');
      expect(br.points[br.points.length - 1]!.p).toBe(2);
      expect(br.folds).toEqual([]);
      const xn = Math.hypot(...xs);
      const ref = sortEig(eig);
      for (const pt of br.points) {
        for (let i = 0; i < n; i++) expect(Math.abs(pt.x[i]! - pt.p * xs[i]!)).toBeLessThanOrEqual(1e-11 * (1 + xn));
        // a unit tangent in the scaled coordinates (x, (p − lo)/(hi − lo)) oriented towards increasing p, with dx/dp = −A⁻¹b
        expect(Math.hypot(...pt.tangent)).toBeCloseTo(1, 14);
        expect(pt.tangent[n]!).toBeGreaterThan(0);
        for (let i = 0; i < n; i++) expect(pt.tangent[i]! / (pt.tangent[n]! * 3)).toBeCloseTo(xs[i]!, 11);
        const st = pt.stability!;
        for (let k = 0; k < n; k++) {
          expect(Math.abs(st.eigenvalues[2 * k]! - ref[k]![0])).toBeLessThan(1e-9 * (1 + Math.abs(ref[k]![0])));
          expect(Math.abs(st.eigenvalues[2 * k + 1]! - ref[k]![1])).toBeLessThan(1e-9 * (1 + Math.abs(ref[k]![1])));
        }
        expect(st.stable).toBe(stable);
      }
      expect(br.segments).toEqual([{ start: 0, end: br.points.length - 1, stable }]);
      // p ∈ [lo, hi] throughout; going down from 0 reaches lo exactly
      const down = pseudoArclength(F, J, new Float64Array(n), 0, { lo: -1, hi: 2, direction: -1, stability: false });
      expect(down.points[down.points.length - 1]!.p).toBe(-1);
      expect(down.segments).toEqual([]);
      expect(down.points[0]!.stability).toBeUndefined();
      for (const pt of [...br.points, ...down.points]) expect(pt.p >= -1 && pt.p <= 2).toBe(true);
    });
  }

  it('linearStability alone: a rotation-decay block', () => {
    const st = linearStability(2, new Float64Array([-1, 2, -2, -1]));
    expect(st.maxRealPart).toBeCloseTo(-1, 14);
    expect(Math.abs(st.eigenvalues[1]!)).toBeCloseTo(2, 14);
    expect(st.eigenvalues[1]! + st.eigenvalues[3]!).toBeCloseTo(0, 14);
    expect(st.stable).toBe(true);
    expect(linearStability(1, new Float64Array([0.25])).stable).toBe(false);
    expect(() => linearStability(1, new Float64Array([NaN]))).toThrow(ComputationError);
  });
});

describe('a closed branch: the circle x² + p² = 1', () => {
  it('goes round through the folds at p = ±1 (x = 0) until maxPoints, every point on the circle', () => {
    const F: ResidualFn = (x, p, out) => {
      out[0] = x[0]! * x[0]! + p * p - 1;
    };
    const J: JacobianFn = (x, p, jx, jp) => {
      jx[0] = 2 * x[0]!;
      jp[0] = 2 * p;
    };
    const br = pseudoArclength(F, J, [1], 0, { lo: -2, hi: 2, maxPoints: 400 });
    expect(br.stop.reason).toBe('max-points');
    for (const pt of br.points) expect(Math.abs(pt.x[0]! ** 2 + pt.p ** 2 - 1)).toBeLessThan(1e-14);
    expect(br.folds.length).toBeGreaterThanOrEqual(2);
    br.folds.forEach((f, k) => {
      expect(f.located).toBe(true);
      expect(Math.abs(f.p - (k % 2 === 0 ? 1 : -1))).toBeLessThan(1e-14);
      expect(Math.abs(f.x[0]!)).toBeLessThan(1e-6);
    });
    // dx/dt = x² + p² − 1: stable where ∂F/∂x = 2x < 0
    for (const pt of br.points) if (Math.abs(pt.x[0]!) > 1e-9) expect(pt.stability!.stable).toBe(pt.x[0]! < 0);
  });
});

describe('the isSingular hook', () => {
  it('stops the branch before a point marked non-smooth and reports it', () => {
    // x = 1 − p, marked singular for x ≤ 0 (reached at p = 1 before hi = 2)
    const F: ResidualFn = (x, p, out) => {
      out[0] = x[0]! - (1 - p);
    };
    const J: JacobianFn = (_x, _p, jx, jp) => {
      jx[0] = 1;
      jp[0] = 1;
    };
    const br = pseudoArclength(F, J, [0.5], 0, { lo: 0, hi: 2, isSingular: (x) => x[0]! <= 0 });
    expect(br.stop.reason).toBe('singular');
    expect(br.stop.x![0]!).toBeLessThanOrEqual(0);
    expect(br.stop.p!).toBeGreaterThanOrEqual(1);
    const last = br.points[br.points.length - 1]!;
    expect(last.p).toBeLessThan(1);
    expect(last.p).toBeGreaterThan(1 - 1e-6);
    for (const pt of br.points) expect(pt.x[0]!).toBeGreaterThan(0);
    // without the hook the same branch runs to hi
    expect(pseudoArclength(F, J, [0.5], 0, { lo: 0, hi: 2 }).stop.reason).toBe('bound');
  });
});

describe('bad input', () => {
  const F: ResidualFn = (x, p, out) => {
    out[0] = x[0]! - p;
  };
  const J: JacobianFn = (_x, _p, jx, jp) => {
    jx[0] = 1;
    jp[0] = -1;
  };
  const param = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(ParameterError);
      return (e as ParameterError).param;
    }
    return 'no error';
  };

  it('names the field', () => {
    expect(param(() => pseudoArclength(F, J, [], 0, { lo: 0, hi: 1 }))).toBe('x0');
    expect(param(() => pseudoArclength(F, J, [0, NaN], 0, { lo: 0, hi: 1 }))).toBe('x0[1]');
    expect(param(() => pseudoArclength(F, J, [Infinity], 0, { lo: 0, hi: 1 }))).toBe('x0[0]');
    expect(param(() => pseudoArclength(F, J, [0], 0, { lo: 1, hi: 1 }))).toBe('opts.hi');
    expect(param(() => pseudoArclength(F, J, [0], 0, { lo: 2, hi: 1 }))).toBe('opts.hi');
    expect(param(() => pseudoArclength(F, J, [0], 0, { lo: NaN, hi: 1 }))).toBe('opts.lo');
    expect(param(() => pseudoArclength(F, J, [0], 3, { lo: 0, hi: 1 }))).toBe('p0');
    expect(param(() => pseudoArclength(F, J, [0], NaN, { lo: 0, hi: 1 }))).toBe('p0');
    expect(param(() => pseudoArclength(F, J, [0], 0, { lo: 0, hi: 1, ds: -1 }))).toBe('opts.ds');
    expect(param(() => pseudoArclength(F, J, [0], 0, { lo: 0, hi: 1, maxPoints: 1 }))).toBe('opts.maxPoints');
    expect(param(() => pseudoArclength(F, J, [0], 0, { lo: 0, hi: 1, direction: 2 as 1 }))).toBe('opts.direction');
    expect(param(() => pseudoArclength(F, J, [0], 0, { lo: 0, hi: 1, ds: 0.5, dsMax: 0.1 }))).toBe('opts.ds');
  });

  it('F returning NaN at the start is a ComputationError naming F and the component', () => {
    const bad: ResidualFn = (_x, _p, out) => {
      out[0] = 0;
      out[1] = NaN;
    };
    const J2: JacobianFn = (_x, _p, jx, jp) => {
      jx.set([1, 0, 0, 1]);
      jp.set([0, 0]);
    };
    expect(() => pseudoArclength(bad, J2, [0, 0], 0, { lo: 0, hi: 1 })).toThrow(ComputationError);
    expect(() => pseudoArclength(bad, J2, [0, 0], 0, { lo: 0, hi: 1 })).toThrow(/F\[1\] is NaN/);
    const badJ: JacobianFn = (_x, _p, jx, jp) => {
      jx[0] = NaN;
      jp[0] = -1;
    };
    expect(() => pseudoArclength(F, badJ, [0], 0, { lo: 0, hi: 1 })).toThrow(/Jacobian/);
  });

  it('F turning NaN along the branch stops it there (non-finite), keeping the points before', () => {
    const F2: ResidualFn = (x, p, out) => {
      out[0] = p > 0.5 ? NaN : x[0]! - p;
    };
    const br = pseudoArclength(F2, J, [0], 0, { lo: 0, hi: 1 });
    expect(br.stop.reason).toBe('non-finite');
    expect(br.stop.message).toMatch(/F\[0\]/);
    const last = br.points[br.points.length - 1]!;
    expect(last.p).toBeLessThanOrEqual(0.5);
    expect(last.p).toBeGreaterThan(0.5 - 1e-6);
  });

  it('a singular ∂F/∂x at the start is a ComputationError, not a crash', () => {
    const Fq: ResidualFn = (x, p, out) => {
      out[0] = x[0]! * x[0]! - p;
    };
    const Jq: JacobianFn = (x, _p, jx, jp) => {
      jx[0] = 2 * x[0]!;
      jp[0] = -1;
    };
    expect(() => pseudoArclength(Fq, Jq, [0], 0, { lo: 0, hi: 1 })).toThrow(ComputationError);
  });
});
