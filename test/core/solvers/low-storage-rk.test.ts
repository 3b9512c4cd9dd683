import { describe, expect, it } from 'vitest';
import { ComputationError, ParameterError } from '../../../src-core/errors';
import {
  checkFixedStep,
  integrate,
  integrateSampled,
  LOW_STORAGE_SCHEMES,
  lowStorageStep,
  maxStableStep,
  stabilityFunction,
  type LowStorageScheme,
  type OdeRhs,
} from '../../../src-core/solvers/low-storage-rk';
import { fitOrder } from '../../helpers/numeric';

// ---- small complex helpers (independent of the code under test) ----
type C = [number, number];
const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const csub = (a: C, b: C): C => [a[0] - b[0], a[1] - b[1]];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cdiv = (a: C, b: C): C => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const cexp = (a: C): C => [Math.exp(a[0]) * Math.cos(a[1]), Math.exp(a[0]) * Math.sin(a[1])];
const csqrt = (a: C): C => {
  const m = Math.hypot(a[0], a[1]);
  const re = Math.sqrt((m + a[0]) / 2);
  const im = Math.sqrt((m - a[0]) / 2);
  return [re, a[1] < 0 ? -im : im];
};
const ccosh = (a: C): C => cmul([0.5, 0], cadd(cexp(a), cexp([-a[0], -a[1]])));
const csinh = (a: C): C => cmul([0.5, 0], csub(cexp(a), cexp([-a[0], -a[1]])));
type M2 = [C, C, C, C]; // row-major 2×2

/** e^{Mt} of a 2×2 complex matrix: e^{μt}[cosh(qt) I + sinh(qt)/q (M − μI)], μ = tr/2, q² = μ² − det. */
function expm2(m: M2, t: number): M2 {
  const mu = cmul([0.5, 0], cadd(m[0], m[3]));
  const det = csub(cmul(m[0], m[3]), cmul(m[1], m[2]));
  const q = csqrt(csub(cmul(mu, mu), det));
  const e = cexp(cmul(mu, [t, 0]));
  const ch = ccosh(cmul(q, [t, 0]));
  const sh = Math.hypot(q[0], q[1]) < 1e-300 ? ([t, 0] as C) : cdiv(csinh(cmul(q, [t, 0])), q);
  const r: M2 = [cadd(ch, cmul(sh, csub(m[0], mu))), cmul(sh, m[1]), cmul(sh, m[2]), cadd(ch, cmul(sh, csub(m[3], mu)))];
  return r.map((z) => cmul(e, z)) as M2;
}
const mv = (m: M2, v: [C, C]): [C, C] => [cadd(cmul(m[0], v[0]), cmul(m[1], v[1])), cadd(cmul(m[2], v[0]), cmul(m[3], v[1]))];
function solve2(m: M2, b: [C, C]): [C, C] {
  const det = csub(cmul(m[0], m[3]), cmul(m[1], m[2]));
  return [cdiv(csub(cmul(m[3], b[0]), cmul(m[1], b[1])), det), cdiv(csub(cmul(m[0], b[1]), cmul(m[2], b[0])), det)];
}

// Two coupled lossy modes in a rotating frame: M = [[−G1, iκ], [iκ, −G2]], complex states interleaved.
const G1: C = [1, 0.3];
const G2: C = [1.5, -0.2];
const KAPPA = 0.8;
const M: M2 = [[-G1[0], -G1[1]], [0, KAPPA], [0, KAPPA], [-G2[0], -G2[1]]];
const B: [C, C] = [[0.7, 0.1], [0, 0]]; // drive into mode 1
const NU = 2.3; // drive modulation frequency of the non-autonomous case

function linearRhs(nonAutonomous: boolean): OdeRhs {
  return (t, y, d) => {
    const br = nonAutonomous ? Math.cos(NU * t) : 1;
    const bi = nonAutonomous ? Math.sin(NU * t) : 0;
    for (let i = 0; i < 2; i++) {
      let re = B[i]![0] * br - B[i]![1] * bi;
      let im = B[i]![0] * bi + B[i]![1] * br;
      for (let j = 0; j < 2; j++) {
        const m = M[2 * i + j]!;
        re += m[0] * y[2 * j]! - m[1] * y[2 * j + 1]!;
        im += m[0] * y[2 * j + 1]! + m[1] * y[2 * j]!;
      }
      d[2 * i] = re;
      d[2 * i + 1] = im;
    }
  };
}

/** Exact y(t) from y(0) = 0. Autonomous: M⁻¹(e^{Mt} − I)b. Modulated b e^{iνt}: y_p(t) − e^{Mt} y_p(0), y_p = (iν − M)⁻¹ b e^{iνt}. */
function exact(t: number, nonAutonomous: boolean): Float64Array {
  const E = expm2(M, t);
  let y: [C, C];
  if (!nonAutonomous) {
    const eb = mv(E, B);
    y = solve2(M, [csub(eb[0], B[0]), csub(eb[1], B[1])]);
  } else {
    const A: M2 = [csub([0, NU], M[0]), cmul([-1, 0], M[1]), cmul([-1, 0], M[2]), csub([0, NU], M[3])];
    const yp0 = solve2(A, B);
    const ph = cexp([0, NU * t]);
    const hom = mv(E, yp0);
    y = [csub(cmul(yp0[0], ph), hom[0]), csub(cmul(yp0[1], ph), hom[1])];
  }
  return new Float64Array([y[0][0], y[0][1], y[1][0], y[1][1]]);
}

const maxAbsDiff = (a: Float64Array, b: Float64Array): number => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));


describe('low-storage Runge–Kutta: tableaux', () => {
  it.each(['williamson3', 'ck4'] as const)('%s: stability polynomial matches e^z to its order', (scheme) => {
    const p = LOW_STORAGE_SCHEMES[scheme].order;
    // |R(z) − e^z| = O(z^{p+1}): halving z divides the defect by ≈ 2^{p+1}
    const defect = (z: number): number => {
      const out = new Float64Array(2);
      stabilityFunction(scheme, z, 0, out);
      return Math.abs(out[0]! - Math.exp(z)) + Math.abs(out[1]!);
    };
    const ratio = defect(-0.02) / defect(-0.01);
    expect(Math.log2(ratio)).toBeGreaterThan(p + 1 - 0.05);
    expect(Math.log2(ratio)).toBeLessThan(p + 1 + 0.05);
  });

  it.each([
    ['williamson3', 2.51],
    ['ck4', 4.66],
  ] as const)('%s: real-axis stability limit ≈ %f', (scheme, approx) => {
    const x = LOW_STORAGE_SCHEMES[scheme].realAxisLimit;
    expect(x).toBeCloseTo(approx, 2);
    expect(Math.abs(stabilityFunction(scheme, -x, 0) - 1)).toBeLessThan(1e-9);
    expect(stabilityFunction(scheme, -x * (1 + 1e-6), 0)).toBeGreaterThan(1);
    for (let k = 1; k < 1000; k++) expect(stabilityFunction(scheme, (-x * k) / 1000, 0)).toBeLessThanOrEqual(1 + 1e-12);
    expect(maxStableStep(scheme, -1, 0)).toBeCloseTo(x, 6);
  });

  it('one ck4 step of y′ = −y is exp(−h) to O(h⁵)', () => {
    const y = new Float64Array([1]);
    lowStorageStep(LOW_STORAGE_SCHEMES.ck4, (_t, u, d) => void (d[0] = -u[0]!), 0, 0.1, y, new Float64Array(1), new Float64Array(1));
    expect(Math.abs(y[0]! - Math.exp(-0.1))).toBeLessThan(1e-7);
  });
});

describe('low-storage Runge–Kutta: convergence on two coupled modes with an exact solution', () => {
  const T = 3;
  const cases: [LowStorageScheme, number[], number, number][] = [
    ['williamson3', [40, 80, 160, 320], 2.9, 3.1],
    ['ck4', [20, 40, 80, 160], 3.9, 4.1],
  ];
  for (const nonAutonomous of [false, true]) {
    it.each(cases)(`%s, ${nonAutonomous ? 'modulated drive b·e^{iνt}' : 'CW drive'}: measured order`, (scheme, Ns, lo, hi) => {
      const ref = exact(T, nonAutonomous);
      const rhs = linearRhs(nonAutonomous);
      const hs: number[] = [];
      const errs: number[] = [];
      for (const N of Ns) {
        const y = new Float64Array(4);
        const st = integrate(rhs, y, 0, T, { scheme, h: T / N });
        expect(st.steps).toBe(N);
        hs.push(T / N);
        errs.push(maxAbsDiff(y, ref));
      }
      // errors well above rounding, so the fit measures truncation error
      expect(Math.min(...errs)).toBeGreaterThan(1e-13);
      const order = fitOrder(hs, errs);
      expect(order).toBeGreaterThan(lo);
      expect(order).toBeLessThan(hi);
    });
  }
});

describe('low-storage Runge–Kutta: adaptive step doubling', () => {
  // y′ = (−γ + iω(t)) y with a short, strong frequency excursion ω(t) = ω0 + A sech²((t − tc)/τ):
  // exact y = exp(−γt + i(ω0 t + Aτ[tanh((t − tc)/τ) + tanh(tc/τ)])). Fast only near tc.
  const g = 0.1;
  const w0 = 1;
  const A = 40;
  const tau = 0.05;
  const tc = 5;
  const T = 10;
  const rhs: OdeRhs = (t, y, d) => {
    const s = 1 / Math.cosh((t - tc) / tau);
    const w = w0 + A * s * s;
    d[0] = -g * y[0]! - w * y[1]!;
    d[1] = -g * y[1]! + w * y[0]!;
  };
  const phase = w0 * T + A * tau * (Math.tanh((T - tc) / tau) + Math.tanh(tc / tau));
  const yT = [Math.exp(-g * T) * Math.cos(phase), Math.exp(-g * T) * Math.sin(phase)];
  const errOf = (y: Float64Array): number => Math.hypot(y[0]! - yT[0]!, y[1]! - yT[1]!) / Math.hypot(yT[0]!, yT[1]!);

  it.each(['williamson3', 'ck4'] as const)('%s reaches the tolerance with fewer RHS evaluations than a fixed step of the same accuracy', (scheme) => {
    const rtol = 1e-8;
    const y = new Float64Array([1, 0]);
    const st = integrate(rhs, y, 0, T, { scheme, adaptive: { rtol, atol: 1e-12, hInit: 0.1 } });
    const errAdaptive = errOf(y);
    // rtol bounds the local error of every step; here errors neither grow nor cancel much, so the
    // global error must stay below the sum of the local bounds (steps·rtol) ...
    expect(errAdaptive).toBeLessThan(st.steps * rtol);
    // ... and must follow the tolerance: 100× tighter gives ≥ 10× smaller error
    const y2 = new Float64Array([1, 0]);
    integrate(rhs, y2, 0, T, { scheme, adaptive: { rtol: rtol / 100, atol: 1e-14, hInit: 0.1 } });
    expect(errOf(y2)).toBeLessThan(errAdaptive / 10);
    // the controller takes large steps away from the excursion and small ones across it
    expect(st.hMax / st.hMin).toBeGreaterThan(20);
    // fixed steps: the smallest N (on a 1.25× ladder) that is at least as accurate
    let N = 100;
    let errFixed = Infinity;
    let evalsFixed = 0;
    while (errFixed > errAdaptive) {
      N = Math.ceil(N * 1.25);
      const yf = new Float64Array([1, 0]);
      evalsFixed = integrate(rhs, yf, 0, T, { scheme, h: T / N }).rhsEvals;
      errFixed = errOf(yf);
    }
    expect(st.rhsEvals).toBeLessThan(evalsFixed);
    expect(st.steps).toBeLessThan(N);
  });

  it('reports rejected steps and respects hMax', () => {
    const y = new Float64Array([1, 0]);
    const st = integrate(rhs, y, 0, T, { scheme: 'ck4', adaptive: { rtol: 1e-9, atol: 1e-12, hInit: 2, hMax: 0.5 } });
    expect(st.rejected).toBeGreaterThan(0);
    expect(st.hMax).toBeLessThanOrEqual(0.5);
    expect(errOf(y)).toBeLessThan(1e-7);
  });

  it('throws on step-size underflow instead of accepting an inaccurate step', () => {
    const y = new Float64Array([1, 0]);
    expect(() => integrate(rhs, y, 0, T, { scheme: 'ck4', adaptive: { rtol: 1e-14, atol: 0, hMin: 0.01 } })).toThrow(/underflow/);
  });
});

describe('low-storage Runge–Kutta: stability and failure modes', () => {
  const decay = (rate: number): OdeRhs => (_t, y, d) => {
    d[0] = -rate * y[0]!;
  };

  it.each(['williamson3', 'ck4'] as const)('%s refuses a fixed step above the real-axis limit, naming h', (scheme) => {
    const lim = LOW_STORAGE_SCHEMES[scheme].realAxisLimit;
    const rate = 1e6;
    const h = (1.05 * lim) / rate;
    let err: unknown;
    try {
      integrate(decay(rate), new Float64Array([1]), 0, 1e-3, { scheme, h, rateBound: rate });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as ParameterError).param).toBe('h');
    expect((err as Error).message).toMatch(/h = /);
    expect((err as Error).message).toMatch(/stability limit/);
    // just inside the limit the same problem runs and decays
    const y = new Float64Array([1]);
    integrate(decay(rate), y, 0, 1e-3, { scheme, h: (0.99 * lim) / rate, rateBound: rate });
    expect(Math.abs(y[0]!)).toBeLessThan(1e-3);
  });

  it('refuses a step outside the stability region for complex eigenvalues', () => {
    // λ = −0.1 ± 3i: ck4 is stable on the imaginary axis up to |z| ≈ 3.3, so h = 1.2 is not
    expect(() => checkFixedStep('ck4', 1.2, undefined, [-0.1, 3, -0.1, -3])).toThrow(/h = 1.2/);
    expect(() => checkFixedStep('ck4', 0.5, undefined, [-0.1, 3, -0.1, -3])).not.toThrow();
    expect(() => checkFixedStep('williamson3', 0.7, undefined, [-0.1, 3])).toThrow(ParameterError);
  });

  it('a sampled run records every sample (the last exactly at tEnd), splits at breaks, and names a requested step that does not fit', () => {
    const times: number[] = [];
    const y = new Float64Array([1]);
    const st = integrateSampled(decay(2), y, 1, 5, { scheme: 'ck4', h: 0.01, maxSteps: 1e6, breaks: [0.3], record: (_k, t) => times.push(t) });
    expect(times).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Math.abs(y[0]! - Math.exp(-2))).toBeLessThan(1e-9);
    // 25 steps per quarter; the quarter with the break at 0.3 takes ⌈0.05/0.01⌉ + ⌈0.2/0.01⌉ = 25 as well
    expect(st.steps).toBe(100);
    const bad = () => integrateSampled(decay(1), new Float64Array([1]), 1, 3, { scheme: 'ck4', h: 0.5, requestedH: 0.5, eigenvalues: [-100, 0], maxSteps: 1e6, record: () => {} });
    expect(bad).toThrow(ParameterError);
    expect(bad).toThrow(/requested h = 0.5 s, split to fit the sample spacing 0.5 s/);
  });

  it('without a rate bound an unstable fixed step blows up and is reported as non-finite', () => {
    const y = new Float64Array([1]);
    expect(() => integrate(decay(100), y, 0, 1000, { scheme: 'williamson3', h: 0.1 })).toThrow(/non-finite state at t = .* step h = 0.1/);
  });

  it('a NaN from the right-hand side is caught', () => {
    const y = new Float64Array([1, 2]);
    expect(() =>
      integrate((t, u, d) => ((d[0] = t > 0.5 ? NaN : 0), (d[1] = 0)), y, 0, 1, { scheme: 'ck4', h: 0.01 }),
    ).toThrow(ComputationError);
  });

  it('rejects a missing or non-positive step', () => {
    expect(() => integrate(decay(1), new Float64Array([1]), 0, 1, { scheme: 'ck4' })).toThrow(/h must be/);
    expect(() => integrate(decay(1), new Float64Array([1]), 0, 1, { scheme: 'ck4', h: -1 })).toThrow(ParameterError);
  });

  it('honours a shortened step from preStep and calls onStep after every accepted step', () => {
    const times: number[] = [];
    const y = new Float64Array([1]);
    const st = integrate(decay(1), y, 0, 1, {
      scheme: 'ck4',
      h: 0.25,
      preStep: (t, _y, h) => (t < 0.1 ? 0.1 : h),
      onStep: (t) => times.push(t),
    });
    expect(times[0]).toBeCloseTo(0.1, 14);
    expect(times[times.length - 1]).toBe(1);
    expect(st.steps).toBe(times.length);
    expect(Math.abs(y[0]! - Math.exp(-1))).toBeLessThan(1e-5);
  });
});
