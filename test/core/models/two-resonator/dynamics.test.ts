import { describe, expect, it } from 'vitest';
import { ComputationError, ParameterError } from '../../../../src-core/errors';
import {
  cwSteadyState,
  envelopeFunction,
  simulate,
  smoothStep,
  type SimulationResult,
} from '../../../../src-core/models/two-resonator/dynamics';
import type { TwoResonatorParams } from '../../../../src-core/models/two-resonator/params';
import { integrate, type LowStorageScheme } from '../../../../src-core/solvers/low-storage-rk';
import { fitOrder } from '../../../helpers/numeric';

// ---- complex helpers, independent of the code under test ----
type C = [number, number];
const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const csub = (a: C, b: C): C => [a[0] - b[0], a[1] - b[1]];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cscale = (a: C, s: number): C => [a[0] * s, a[1] * s];
const cdiv = (a: C, b: C): C => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const cabs = (a: C): number => Math.hypot(a[0], a[1]);
const cexp = (a: C): C => [Math.exp(a[0]) * Math.cos(a[1]), Math.exp(a[0]) * Math.sin(a[1])];
const csqrt = (a: C): C => {
  const m = cabs(a);
  const im = Math.sqrt((m - a[0]) / 2);
  return [Math.sqrt((m + a[0]) / 2), a[1] < 0 ? -im : im];
};
const I: C = [0, 1];
type M2 = [C, C, C, C];

function expm2(m: M2, t: number): M2 {
  const mu = cscale(cadd(m[0], m[3]), 0.5);
  const q = csqrt(csub(cmul(mu, mu), csub(cmul(m[0], m[3]), cmul(m[1], m[2]))));
  const qt = cscale(q, t);
  const ch = cscale(cadd(cexp(qt), cexp(cscale(qt, -1))), 0.5);
  const sh = cabs(q) === 0 ? ([t, 0] as C) : cdiv(cscale(csub(cexp(qt), cexp(cscale(qt, -1))), 0.5), q);
  const e = cexp(cscale(mu, t));
  return [cmul(e, cadd(ch, cmul(sh, csub(m[0], mu)))), cmul(e, cmul(sh, m[1])), cmul(e, cmul(sh, m[2])), cmul(e, cadd(ch, cmul(sh, csub(m[3], mu))))];
}
function solve2(m: M2, b: [C, C]): [C, C] {
  const det = csub(cmul(m[0], m[3]), cmul(m[1], m[2]));
  return [cdiv(csub(cmul(m[3], b[0]), cmul(m[1], b[1])), det), cdiv(csub(cmul(m[0], b[1]), cmul(m[2], b[0])), det)];
}

// ---- parameters: the Fig. 4/5 point of the paper unless overridden ----
const KAPPA = 0.3e6;
const G0 = 0.5e6;
const GI = Math.sqrt(G0 * G0 + KAPPA * KAPPA); // reflectionless linear system on resonance
function P(over: Partial<TwoResonatorParams> = {}): TwoResonatorParams {
  return {
    omega: 1e6,
    omega_1: 1e6,
    omega_2: 1e6,
    gamma_1: GI,
    gamma_2: GI,
    gamma_10: G0,
    gamma_20: G0,
    kappa: KAPPA,
    gamma_k: KAPPA,
    loss: 'nonlocal',
    gamma_nl: 0,
    I_sat: 1,
    kappa_12: 0,
    kappa_21: KAPPA,
    amplitude: 1,
    ...over,
  };
}
const G1of = (p: TwoResonatorParams): C => [p.gamma_1 + p.gamma_10, p.omega - p.omega_1];
const G2of = (p: TwoResonatorParams): C => [p.gamma_2 + p.gamma_20, p.omega - p.omega_2];
const k12of = (p: TwoResonatorParams): number => (p.loss === 'ideal' ? p.kappa_12 : p.kappa);
const k21of = (p: TwoResonatorParams): number => (p.loss === 'ideal' ? p.kappa_21 : p.kappa);
/** Linear part M of dy/dt = M y + b (rotating frame) and the drive b for a CW σ = A on a port. */
function linearSystem(p: TwoResonatorParams, port: 1 | 2): { M: M2; b: [C, C] } {
  const M: M2 = [cscale(G1of(p), -1), [0, k21of(p)], [0, k12of(p)], cscale(G2of(p), -1)];
  const A = p.amplitude;
  const b: [C, C] = port === 1 ? [[Math.sqrt(2 * p.gamma_1) * A, 0], [0, 0]] : [[0, 0], [Math.sqrt(2 * p.gamma_2) * A, 0]];
  return { M, b };
}
const at = (a: Float64Array, k: number): C => [a[2 * k]!, a[2 * k + 1]!];
const last = (r: SimulationResult): number => r.t.length - 1;
const maxOf = (a: Float64Array, from = 0): number => {
  let m = 0;
  for (let i = from; i < a.length; i++) m = Math.max(m, a[i]!);
  return m;
};

describe('two-resonator dynamics: convergence against the exact linear solution', () => {
  // detuned, strongly coupled, CW switched on at t = 0 into empty resonators:
  // y(T) = M⁻¹ (e^{MT} − I) b, with M and e^{MT} computed here independently
  const cases: [string, TwoResonatorParams, 1 | 2][] = [
    ['linear, port 1', P({ loss: 'linear', kappa: 0.6e6, omega_1: 1.2e6, omega_2: 0.9e6 }), 1],
    ['ideal NR, port 2', P({ loss: 'ideal', kappa_12: 0.1e6, kappa_21: 0.5e6, omega_1: 0.8e6, omega_2: 1.15e6 }), 2],
  ];
  const T = 5e-6;
  const schemes: [LowStorageScheme, number[], number, number][] = [
    ['williamson3', [100, 200, 400, 800], 2.9, 3.1],
    ['ck4', [50, 100, 200, 400], 3.9, 4.1],
  ];
  for (const [name, p, port] of cases) {
    it.each(schemes)(`${name}: %s has the measured order in [%f…]`, (scheme, Ns, lo, hi) => {
      const { M, b } = linearSystem(p, port);
      const E = expm2(M, T);
      const eb: [C, C] = [cadd(cmul(E[0], b[0]), cmul(E[1], b[1])), cadd(cmul(E[2], b[0]), cmul(E[3], b[1]))];
      const [x1, x2] = solve2(M, [csub(eb[0], b[0]), csub(eb[1], b[1])]);
      const scale = Math.max(cabs(x1), cabs(x2));
      const hs: number[] = [];
      const errs: number[] = [];
      for (const N of Ns) {
        const r = simulate(p, { port, input: { kind: 'cw' }, tEnd: T, samples: 2, scheme, h: T / N });
        expect(r.diagnostics.steps).toBe(N);
        hs.push(T / N);
        errs.push(Math.max(cabs(csub(at(r.a1, 1), x1)), cabs(csub(at(r.a2, 1), x2))) / scale);
      }
      expect(Math.min(...errs)).toBeGreaterThan(1e-13);
      expect(Math.max(...errs)).toBeLessThan(1e-3);
      const order = fitOrder(hs, errs);
      expect(order).toBeGreaterThan(lo);
      expect(order).toBeLessThan(hi);
    });
  }
});

describe('two-resonator dynamics: a hard rectangular pulse keeps the order (steps split at its edges)', () => {
  // y(T) = e^{M(T − e)} M⁻¹ (e^{M(e − s)} − I) b for a pulse on [s, e], edges off the step grid
  const p = P({ loss: 'linear', kappa: 0.6e6, omega_1: 1.2e6, omega_2: 0.9e6 });
  const [s0, dur, T] = [1.234e-6, 2.1e-6, 5e-6];
  it.each([
    ['williamson3', [100, 200, 400, 800], 2.9, 3.1],
    ['ck4', [50, 100, 200, 400], 3.9, 4.1],
  ] as const)('%s', (scheme, Ns, lo, hi) => {
    const { M, b } = linearSystem(p, 1);
    const E = expm2(M, dur);
    const eb: [C, C] = [cadd(cmul(E[0], b[0]), cmul(E[1], b[1])), cadd(cmul(E[2], b[0]), cmul(E[3], b[1]))];
    const ye = solve2(M, [csub(eb[0], b[0]), csub(eb[1], b[1])]);
    const F = expm2(M, T - s0 - dur);
    const x1 = cadd(cmul(F[0], ye[0]), cmul(F[1], ye[1]));
    const x2 = cadd(cmul(F[2], ye[0]), cmul(F[3], ye[1]));
    const scale = Math.max(cabs(x1), cabs(x2));
    const hs: number[] = [];
    const errs: number[] = [];
    for (const N of Ns) {
      const r = simulate(p, { port: 1, input: { kind: 'rect', start: s0, duration: dur }, tEnd: T, samples: 2, scheme, h: T / N });
      hs.push(T / N);
      errs.push(Math.max(cabs(csub(at(r.a1, 1), x1)), cabs(csub(at(r.a2, 1), x2))) / scale);
    }
    expect(Math.min(...errs)).toBeGreaterThan(1e-13);
    const order = fitOrder(hs, errs);
    expect(order).toBeGreaterThan(lo);
    expect(order).toBeLessThan(hi);
  });
});

describe('two-resonator dynamics: long-time CW equals the exact steady state', () => {
  const detuned = { omega: 1e6, omega_1: 1.15e6, omega_2: 0.9e6 };
  const rel = (got: { re: number; im: number }, want: C): number => cabs(csub([got.re, got.im], want)) / cabs(want);

  it.each([
    ['linear', P({ loss: 'linear', ...detuned })],
    ['ideal NR', P({ loss: 'ideal', kappa_12: 0.05e6, kappa_21: 0.4e6, ...detuned })],
  ] as const)('%s: both ports match the 2×2 linear solve to 1e-6', (_name, p) => {
    for (const port of [1, 2] as const) {
      const { M, b } = linearSystem(p, port);
      // 0 = M a + b
      const [x1, x2] = solve2(M, [cscale(b[0], -1), cscale(b[1], -1)]);
      const ss = cwSteadyState(p, { port });
      expect(ss.converged).toBe(true);
      expect(rel(ss.a1, x1)).toBeLessThan(1e-6);
      expect(rel(ss.a2, x2)).toBeLessThan(1e-6);
      const out: C = port === 1 ? cscale(x2, Math.sqrt(2 * p.gamma_2)) : cscale(x1, Math.sqrt(2 * p.gamma_1));
      expect(rel(ss.transmission, out)).toBeLessThan(1e-6);
    }
  });

  /** Closed form of the nonlocal model driven at port 1 with γ_k < κ (derived from eq. 1–2). */
  function nonlocalForward(p: TwoResonatorParams): { a1: C; a2: C } {
    const [g, d2] = G2of(p);
    const k = p.kappa;
    const gk = p.gamma_k;
    const x = (-g * gk + Math.sqrt(k * k * (g * g + d2 * d2) - d2 * d2 * gk * gk)) / (g * g + d2 * d2);
    const eipsi = cdiv([0, k], cadd(cscale(G2of(p), x), [gk, 0]));
    expect(cabs(eipsi)).toBeCloseTo(1, 12); // |xG2 + γ_k| = κ
    const a1 = cdiv([Math.sqrt(2 * p.gamma_1) * p.amplitude, 0], csub(G1of(p), cmul(I, cscale(eipsi, k * x))));
    return { a1, a2: cmul(cscale(eipsi, x), a1) };
  }

  it.each([
    ['on resonance', P({ gamma_k: 0.2e6 })],
    ['detuned', P({ gamma_k: 0.2e6, ...detuned })],
    ['detuned, γ_k ≪ κ', P({ gamma_k: 0.03e6, kappa: 0.9e6, ...detuned })],
  ])('nonlocal γ_k < κ, port 1, %s: matches the closed form to 1e-6', (_name, p) => {
    const want = nonlocalForward(p);
    const ss = cwSteadyState(p, { port: 1 });
    expect(ss.converged).toBe(true);
    expect(ss.regularised).toBe(false);
    expect(rel(ss.a1, want.a1)).toBeLessThan(1e-6);
    expect(rel(ss.a2, want.a2)).toBeLessThan(1e-6);
    expect(rel(ss.transmission, cscale(want.a2, Math.sqrt(2 * p.gamma_2)))).toBeLessThan(1e-6);
  });

  it('nonlocal γ_k just below κ (free, |ã2| ≈ 3e-4|ã1|): step refinement recovers the closed form to 1e-6', () => {
    const p = P({ gamma_k: KAPPA * (1 - 1e-3) });
    const want = nonlocalForward(p);
    const ss = cwSteadyState(p, { port: 1 });
    expect(ss.refinements).toBeGreaterThan(0); // the default step puts ã2 inside the regularisation zone
    expect(ss.regularised).toBe(false);
    expect(rel(ss.a2, want.a2)).toBeLessThan(1e-6);
    expect(rel(ss.a1, want.a1)).toBeLessThan(1e-6);
  });

  it.each([
    ['on resonance', P()],
    ['detuned, γ_k = 1.5κ', P({ gamma_k: 1.5 * KAPPA, ...detuned })],
  ])('nonlocal γ_k ≥ κ, port 1, %s: ã2 = 0 exactly (S21 = 0), ã1 = √(2γ1)σ/G1', (_name, p) => {
    const ss = cwSteadyState(p, { port: 1 });
    expect(ss.converged).toBe(true);
    expect(ss.a2).toEqual({ re: 0, im: 0 });
    expect(cabs([ss.transmission.re, ss.transmission.im])).toBe(0);
    expect(rel(ss.a1, cdiv([Math.sqrt(2 * p.gamma_1), 0], G1of(p)))).toBeLessThan(1e-6);
  });

  it.each([
    ['on resonance', P()],
    ['detuned', P({ gamma_k: 0.2e6, ...detuned })],
  ])('nonlocal, port 2, %s: the term is the linear load γ_kκ/|G1| on mode 2', (_name, p) => {
    const G1 = G1of(p);
    const k = p.kappa;
    const load = cadd(cadd(G2of(p), cdiv([k * k, 0], G1)), [(p.gamma_k * k) / cabs(G1), 0]);
    const a2 = cdiv([Math.sqrt(2 * p.gamma_2) * p.amplitude, 0], load);
    const a1 = cdiv(cmul([0, k], a2), G1);
    const ss = cwSteadyState(p, { port: 2 });
    expect(ss.converged).toBe(true);
    expect(rel(ss.a1, a1)).toBeLessThan(1e-6);
    expect(rel(ss.a2, a2)).toBeLessThan(1e-6);
  });

  it.each([
    ['kerr', P({ loss: 'kerr', gamma_nl: 2e12, omega_2: 0.95e6 })],
    ['saturable', P({ loss: 'saturable', gamma_nl: 0.8e6, I_sat: 2e-7, omega_1: 1.05e6 })],
  ] as const)('%s: the settled state solves the steady-state equations (residual ≤ 1e-9)', (_name, p) => {
    for (const port of [1, 2] as const) {
      const ss = cwSteadyState(p, { port });
      expect(ss.converged).toBe(true);
      const a1: C = [ss.a1.re, ss.a1.im];
      const a2: C = [ss.a2.re, ss.a2.im];
      const n2 = cabs(a2) ** 2;
      const extra = p.loss === 'kerr' ? p.gamma_nl * n2 : p.gamma_nl / (1 + n2 / p.I_sat);
      expect(extra).toBeGreaterThan(0.05 * (p.gamma_2 + p.gamma_20)); // the nonlinearity matters here
      const { M, b } = linearSystem(p, port);
      const r1 = cadd(cadd(cmul(M[0], a1), cmul(M[1], a2)), b[0]);
      const r2 = csub(cadd(cadd(cmul(M[2], a1), cmul(M[3], a2)), b[1]), cscale(a2, extra));
      const scale = cabs(b[0]) + cabs(b[1]);
      expect(Math.max(cabs(r1), cabs(r2)) / scale).toBeLessThan(1e-9);
    }
  });
});

describe('two-resonator dynamics: the nonlocal force at ã2 = 0 (Coulomb friction)', () => {
  it.each([
    ['γ_k = κ, resonance', P(), 2e-9],
    ['γ_k = 1.5κ, detuned', P({ gamma_k: 1.5 * KAPPA, omega_1: 1.1e6, omega_2: 0.8e6 }), 2e-9],
    ['γ_k = κ, williamson3, coarse step', P(), 2e-8],
  ])('forward CW from empty resonators, %s: ã2 stays exactly 0, |s2−| = 0', (name, p, h) => {
    const scheme = name.includes('williamson3') ? 'williamson3' : 'ck4';
    const r = simulate(p, { port: 1, input: { kind: 'cw', ramp: 1e-6 }, tEnd: 20e-6, samples: 401, h, scheme });
    expect(maxOf(r.a2Abs)).toBe(0);
    expect(maxOf(r.s2OutAbs)).toBe(0);
    const want = cdiv([Math.sqrt(2 * p.gamma_1), 0], G1of(p));
    expect(cabs(csub(at(r.a1, last(r)), want)) / cabs(want)).toBeLessThan(1e-9);
  });

  // ã2 starts away from 0 and must come to rest there (finite-time contact for γ_k > κ,
  // exponential approach for γ_k = κ); detuning makes the phases rotate.
  const contact = (gk: number) => P({ gamma_k: gk, omega_1: 1.1e6, omega_2: 0.8e6 });
  const a20: [number, number] = [0.3e-3, 0.5e-3];
  const runContact = (gk: number, h: number): SimulationResult =>
    simulate(contact(gk), { port: 1, input: { kind: 'cw' }, tEnd: 40e-6, samples: 2001, h, initial: { a2: a20 } });
  /** max |ã2| over the second half, in units of h·γ_k·min|ã1| (the one-step friction reach). */
  const lateA2 = (t: ArrayLike<number>, a1: (i: number) => number, a2: (i: number) => number, h: number, gk: number): number => {
    let m = 0;
    let a1min = Infinity;
    for (let i = 0; i < t.length; i++) {
      if (t[i]! < 0.5 * t[t.length - 1]!) continue;
      m = Math.max(m, a2(i));
      a1min = Math.min(a1min, a1(i));
    }
    return m / (h * gk * a1min);
  };

  // γ_k = κ: the exact |ã2| decays like e^{−(γ_2+γ_20)t} (≈ 2e-13 at 20 µs, below the bound); the
  // step snaps it to 0 once it is inside δ = hγ_k|ã1|/2
  it.each([1.5, 1.2, 1])('ã2(0) ≠ 0, γ_k = %f κ: over the second half |ã2| ≤ 0.01·h·γ_k|ã1| for every h, trajectories converge', (ratio) => {
    const gk = ratio * KAPPA;
    const runs = [4e-9, 2e-9, 1e-9].map((h) => ({ h, r: runContact(gk, h) }));
    for (const { h, r } of runs) {
      expect(r.a1Abs.every(Number.isFinite) && r.a2Abs.every(Number.isFinite)).toBe(true);
      expect(r.diagnostics.snaps).toBeGreaterThanOrEqual(1);
      expect(lateA2(r.t, (i) => r.a1Abs[i]!, (i) => r.a2Abs[i]!, h, gk)).toBeLessThan(0.01);
      expect(maxOf(r.s2OutAbs, 1001)).toBeLessThan(0.01 * h * gk * Math.sqrt(2 * GI) * maxOf(r.a1Abs));
    }
    // ã1 converges with h (the snap costs at most δ = hγ_k|ã1|/2 in ã2, once)
    const d01 = maxOf(runs[0]!.r.a1.map((v, i) => Math.abs(v - runs[1]!.r.a1[i]!)));
    const d12 = maxOf(runs[1]!.r.a1.map((v, i) => Math.abs(v - runs[2]!.r.a1[i]!)));
    expect(d12).toBeLessThan(d01 / 1.5);
    expect(d01 / maxOf(runs[0]!.r.a1Abs)).toBeLessThan(1e-3);
  });

  it('control: the raw unit phasor in a plain RK loop chatters at ~h·γ_k|ã1| (so the bound above can fail)', () => {
    const p = contact(1.5 * KAPPA);
    const [g1, d1] = [p.gamma_1 + p.gamma_10, p.omega - p.omega_1];
    const [g2, d2] = [p.gamma_2 + p.gamma_20, p.omega - p.omega_2];
    const r1 = Math.sqrt(2 * p.gamma_1);
    const gk = p.gamma_k;
    const k = p.kappa;
    for (const h of [4e-9, 2e-9]) {
      const y = new Float64Array([0, 0, a20[0], a20[1]]);
      const ts: number[] = [];
      const a1s: number[] = [];
      const a2s: number[] = [];
      integrate(
        (_t, u, d) => {
          const R = gk * Math.hypot(u[0]!, u[1]!);
          const m = Math.hypot(u[2]!, u[3]!);
          d[0] = -g1 * u[0]! + d1 * u[1]! - k * u[3]! + r1;
          d[1] = -g1 * u[1]! - d1 * u[0]! + k * u[2]!;
          d[2] = -g2 * u[2]! + d2 * u[3]! - k * u[1]! - (m > 0 ? (R * u[2]!) / m : 0);
          d[3] = -g2 * u[3]! - d2 * u[2]! + k * u[0]! - (m > 0 ? (R * u[3]!) / m : 0);
        },
        y,
        0,
        20e-6,
        { scheme: 'ck4', h, onStep: (t, u) => (ts.push(t), a1s.push(Math.hypot(u[0]!, u[1]!)), a2s.push(Math.hypot(u[2]!, u[3]!))) },
      );
      const c = lateA2(ts, (i) => a1s[i]!, (i) => a2s[i]!, h, gk);
      expect(c).toBeGreaterThan(0.3);
      expect(c).toBeLessThan(3);
    }
  });

  it('γ_k just below κ (free regime, exact |ã2| ≪ h·γ_k|ã1|): no chatter, |ã2| = O(h)', () => {
    const p = P({ gamma_k: KAPPA * (1 - 1e-3), omega_2: 0.95e6 });
    for (const h of [4e-8, 2e-8]) {
      const r = simulate(p, { port: 1, input: { kind: 'cw' }, tEnd: 20e-6, samples: 401, h });
      // settled: over the second half ã2/ã1 is constant to 1e-6 (no phase jumps)
      const q0 = cdiv(at(r.a2, 200), at(r.a1, 200));
      for (let i = 200; i <= 400; i++) {
        expect(cabs(csub(cdiv(at(r.a2, i), at(r.a1, i)), q0)) / cabs(q0)).toBeLessThan(1e-6);
      }
      // within the regularisation zone: |ã2| ≤ h·γ_k|ã1|
      expect(cabs(q0)).toBeLessThan(h * p.gamma_k);
    }
  });
});

describe('two-resonator dynamics: Fig. 5, Gaussian pulses through the nonlocal and the ideal NR system', () => {
  // Fig. 4/5 point: γ_k = κ = 0.3e6 rad/s, γ_j0 = 0.5e6, γ_j = √(γ_j0² + κ²), on resonance.
  // Ideal NR: κ_12 = 0 (1 → 2 blocked), κ_21 = κ. Pulse: RMS width 10 µs ≫ 1/(γ + γ_0) ≈ 0.9 µs.
  const nonlocal = P();
  const ideal = P({ loss: 'ideal', kappa_12: 0, kappa_21: KAPPA });
  const opts = (port: 1 | 2) => ({ port, input: { kind: 'gaussian' as const, t0: 50e-6, tau: 10e-6 }, tEnd: 120e-6, samples: 1201, h: 5e-9 });

  it('forward (port 1): no transmitted wave at port 2 in either system; identical reflections', () => {
    const rn = simulate(nonlocal, opts(1));
    const ri = simulate(ideal, opts(1));
    expect(maxOf(rn.s2OutAbs)).toBe(0);
    expect(maxOf(ri.s2OutAbs)).toBe(0);
    const peak = maxOf(ri.s1OutAbs);
    expect(peak).toBeGreaterThan(0.05);
    expect(maxOf(rn.s1Out.map((v, i) => Math.abs(v - ri.s1Out[i]!)))).toBeLessThan(1e-12 * peak);
  });

  it('backward (port 2): transmitted to port 1; nonlocal = linear system with κ_12 = κ + γ_k while the phases stay locked', () => {
    const rn = simulate(nonlocal, opts(2));
    const peak = maxOf(rn.s1OutAbs);
    expect(peak).toBeGreaterThan(0.2);
    // on resonance with a real input, ã1 = i|ã1|, ã2 = |ã2|: −γ_k|ã1|ã2/|ã2| = iγ_k ã1
    const rl = simulate(P({ loss: 'ideal', kappa_12: KAPPA + nonlocal.gamma_k, kappa_21: KAPPA }), opts(2));
    expect(maxOf(rn.s1Out.map((v, i) => Math.abs(v - rl.s1Out[i]!)))).toBeLessThan(1e-9 * peak);
  });

  it('backward (port 2): nonlocal and ideal outputs at port 1 agree to the predicted 13%', () => {
    const rn = simulate(nonlocal, opts(2));
    const ri = simulate(ideal, opts(2));
    // quasi-static prediction (eq. 4): the nonlocal amplitude is the ideal one times
    // |G1 G2| / |G1 G2 + κ² + κγ_k| (= 0.867 here): the extra loop ã2 → ã1 → ã2 of gain κ(κ + γ_k)/(G1G2)
    const G1 = G1of(nonlocal);
    const G2 = G2of(nonlocal);
    const ratio = cabs(cmul(G1, G2)) / cabs(cadd(cmul(G1, G2), [KAPPA * KAPPA + KAPPA * nonlocal.gamma_k, 0]));
    const peakN = maxOf(rn.s1OutAbs);
    const peakI = maxOf(ri.s1OutAbs);
    expect(Math.abs(peakN / peakI - ratio)).toBeLessThan(0.005);
    const diff = maxOf(rn.s1OutAbs.map((v, i) => Math.abs(v - ri.s1OutAbs[i]!))) / peakI;
    expect(Math.abs(diff - (1 - ratio))).toBeLessThan(0.005);
  });

  it('the nonlocal response is homogeneous of degree 1 (power independent), a Kerr-like one is not', () => {
    const o = { port: 2 as const, input: { kind: 'gaussian' as const, t0: 20e-6, tau: 4e-6 }, tEnd: 50e-6, samples: 501, h: 5e-9 };
    const small = simulate(nonlocal, o);
    const big = simulate(P({ amplitude: 1e3 }), o);
    expect(small.diagnostics.snaps).toBe(big.diagnostics.snaps);
    expect(maxOf(big.s1Out.map((v, i) => Math.abs(v - 1e3 * small.s1Out[i]!)))).toBeLessThan(1e-12 * maxOf(big.s1OutAbs));
    const kerr = P({ loss: 'kerr', gamma_nl: 1e11 });
    const ks = simulate(kerr, o);
    const kb = simulate({ ...kerr, amplitude: 3 }, o);
    expect(maxOf(kb.s1OutAbs) / 3 / maxOf(ks.s1OutAbs)).toBeLessThan(0.9);
  });
});

describe('two-resonator dynamics: inputs, adaptive steps, refusals', () => {
  it('waveforms: CW with a smooth ramp, Gaussian (RMS width τ), rectangular pulse with rise time', () => {
    expect(smoothStep(0)).toBe(0);
    expect(smoothStep(0.5)).toBeCloseTo(0.5, 15);
    expect(smoothStep(1)).toBe(1);
    const cw = envelopeFunction({ kind: 'cw', ramp: 2e-6 }, 3);
    expect(cw(-1e-9)).toBe(0);
    expect(cw(1e-6)).toBeCloseTo(1.5, 12);
    expect(cw(5e-6)).toBe(3);
    expect(envelopeFunction({ kind: 'cw' }, 3)(0)).toBe(3);
    const g = envelopeFunction({ kind: 'gaussian', t0: 10e-6, tau: 2e-6, amplitude: 2 }, 3);
    expect(g(10e-6)).toBe(2);
    expect(g(12e-6)).toBeCloseTo(2 * Math.exp(-0.5), 12);
    const r = envelopeFunction({ kind: 'rect', start: 1e-6, duration: 4e-6, rise: 1e-6 }, 1);
    expect([r(0.9e-6), r(1.5e-6), r(3e-6), r(4.5e-6), r(5.1e-6)]).toEqual([0, 0.5, 1, 0.5, 0].map((v) => expect.closeTo(v, 12)));
    const hard = envelopeFunction({ kind: 'rect', start: 1e-6, duration: 4e-6 }, 1);
    expect([hard(0.99e-6), hard(1e-6), hard(4.99e-6), hard(5e-6)]).toEqual([0, 1, 1, 0]);
    expect(() => envelopeFunction({ kind: 'gaussian', t0: 0, tau: 0 }, 1)).toThrow(ParameterError);
    expect(() => envelopeFunction({ kind: 'rect', start: 0, duration: 1, rise: 0.6 }, 1)).toThrow(/rise/);
    // the simulation reports the input it used, with the phase
    const s = simulate(P(), { port: 2, input: { kind: 'gaussian', t0: 10e-6, tau: 2e-6, phase: Math.PI / 2 }, tEnd: 20e-6, samples: 21, h: 1e-8 });
    expect(s.sIn[2 * 10]).toBeCloseTo(0, 12);
    expect(s.sIn[2 * 10 + 1]).toBeCloseTo(1, 12);
    expect(s.sInAbs[12]).toBeCloseTo(Math.exp(-0.5), 12);
  });

  it('adaptive: a short pulse to 1e-7 of the peak with fewer steps than the fixed step of that accuracy', () => {
    const p = P();
    const o = { port: 2 as const, input: { kind: 'gaussian' as const, t0: 10e-6, tau: 0.3e-6 }, tEnd: 60e-6, samples: 121 };
    const ref = simulate(p, { ...o, h: 2.5e-10 });
    const peak = maxOf(ref.s1OutAbs);
    const err = (r: SimulationResult): number => maxOf(r.s1Out.map((v, i) => Math.abs(v - ref.s1Out[i]!))) / peak;
    const ad = simulate(p, { ...o, adaptive: { rtol: 1e-9 } });
    const eAd = err(ad);
    expect(eAd).toBeLessThan(1e-7);
    expect(ad.diagnostics.hMax / ad.diagnostics.hMin).toBeGreaterThan(5);
    let h = 5e-7; // one step per sample: the cheapest fixed run, refined until it is as accurate
    let fixed = simulate(p, { ...o, h });
    while (err(fixed) > eAd) {
      h /= 1.25;
      fixed = simulate(p, { ...o, h });
    }
    expect(ad.diagnostics.rhsEvals).toBeLessThan(fixed.diagnostics.rhsEvals);
  });

  it('a fixed step above the stability limit is refused, naming h', () => {
    let err: unknown;
    try {
      simulate(P(), { port: 1, input: { kind: 'cw' }, tEnd: 50e-6, samples: 11, h: 5e-6 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as ParameterError).param).toBe('h');
    expect((err as Error).message).toMatch(/h = 5e-6/);
    expect((err as Error).message).toMatch(/stability limit of ck4/);
    expect(() => simulate(P(), { port: 1, input: { kind: 'cw' }, tEnd: 50e-6, samples: 11, h: 2.6e-6, scheme: 'williamson3' })).toThrow(/requested h = 2.6e-6/);
    // just below the limit for ck4 (max |λ| ≈ 1.1e6 rad/s, limit ≈ 3.3–4.7) it runs
    expect(() => simulate(P(), { port: 1, input: { kind: 'cw' }, tEnd: 50e-6, samples: 11, h: 2e-6 })).not.toThrow();
  });

  it('a diverging state (local gain growing with |a2|²) is reported, not returned', () => {
    const p = P({ loss: 'kerr', gamma_nl: -2e12 });
    expect(() => simulate(p, { port: 2, input: { kind: 'cw' }, tEnd: 50e-6, samples: 11, h: 1e-9 })).toThrow(ComputationError);
  });

  it('rejects bad options', () => {
    expect(() => simulate(P(), { port: 3 as 1, input: { kind: 'cw' }, tEnd: 1e-6, samples: 11 })).toThrow(/port/);
    expect(() => simulate(P(), { port: 1, input: { kind: 'cw' }, tEnd: -1, samples: 11 })).toThrow(/tEnd/);
    expect(() => simulate(P(), { port: 1, input: { kind: 'cw' }, tEnd: 1e-6, samples: 1 })).toThrow(/samples/);
  });
});
