import { describe, expect, it } from 'vitest';
import { resolveParams, type ParamInput } from '../../../../src-core/models/params';
import { twoResonatorSchema } from '../../../../src-core/models/two-resonator/schema';
import { twoResonatorParams } from '../../../../src-core/models/two-resonator/index';
import { cabs, isolationDb, portSteadyState, type Complex } from '../../../../src-core/models/two-resonator/steady';
import { effectiveModel } from '../../../../src-core/models/two-resonator/effective';
import { band3dB } from '../../../../src-core/models/two-resonator/band';
import { localExtraLoss, couplings, type TwoResonatorParams } from '../../../../src-core/models/two-resonator/params';
import { getModel } from '../../../../src-core/models/registry';

const params = (input: ParamInput): TwoResonatorParams => twoResonatorParams(resolveParams(twoResonatorSchema, input));
const S = (p: TwoResonatorParams) => {
  const f = portSteadyState(p, 1);
  const b = portSteadyState(p, 2);
  return { S11: f.primary.reflection, S21: f.primary.transmission, S22: b.primary.reflection, S12: b.primary.transmission, f, b };
};
const abs2 = (z: Complex): number => z.re * z.re + z.im * z.im;

/** Residual of the full steady-state equations (eq. 1 with the model's loss) at a solution. */
function residual(p: TwoResonatorParams, port: 1 | 2, a1: Complex, a2: Complex): number {
  const { k12, k21 } = couplings(p);
  const G1: Complex = { re: p.gamma_1 + p.gamma_10, im: p.omega - p.omega_1 };
  const G2: Complex = { re: p.gamma_2 + p.gamma_20, im: p.omega - p.omega_2 };
  const s1 = port === 1 ? Math.sqrt(2 * p.gamma_1) * p.amplitude : 0;
  const s2 = port === 2 ? Math.sqrt(2 * p.gamma_2) * p.amplitude : 0;
  const L = localExtraLoss(p, abs2(a2));
  // r1 = −G1 a1 + iκ21 a2 + s1
  const r1re = -(G1.re * a1.re - G1.im * a1.im) - k21 * a2.im + s1;
  const r1im = -(G1.re * a1.im + G1.im * a1.re) + k21 * a2.re;
  let r2re = -((G2.re + L) * a2.re - G2.im * a2.im) - k12 * a1.im + s2;
  let r2im = -((G2.re + L) * a2.im + G2.im * a2.re) + k12 * a1.re;
  if (p.loss === 'nonlocal') {
    if (cabs(a2) > 0) {
      const f = (p.gamma_k * cabs(a1)) / cabs(a2);
      r2re -= f * a2.re;
      r2im -= f * a2.im;
    } else {
      // stuck at a2 = 0: the friction-like force can take any value up to γ_k|a1| (Coulomb friction)
      const excess = Math.max(0, Math.hypot(r2re, r2im) - p.gamma_k * cabs(a1));
      return Math.hypot(r1re, r1im, excess) / Math.max(s1, s2);
    }
  }
  return Math.hypot(r1re, r1im, r2re, r2im) / Math.max(s1, s2);
}

describe('two-resonator steady state (seed 003)', () => {
  it('defaults are the paper\'s Fig. 3 setting, with γ_i = √(γ_i0² + κ²) and γ_k = κ', () => {
    const p = params({});
    expect(p.kappa).toBeCloseTo(Math.PI * 1e6, 6);
    expect(p.gamma_1).toBeCloseTo(Math.hypot(0.5e6, Math.PI * 1e6), 6);
    expect(p.gamma_k).toBe(p.kappa);
    expect(p.omega).toBeCloseTo(2 * Math.PI * 1e6, 6);
    expect(p.loss).toBe('nonlocal');
  });

  it('γ_k ≥ κ: the forward wave in resonator 2 is exactly zero at every detuning (S21 = 0, not noise)', () => {
    for (const gk of [1, 1.3, 3]) {
      for (const domega of [0, 0.2e6, -1.1e6]) {
        const p = params({ gamma_k: gk * Math.PI * 1e6, omega: 2 * Math.PI * 1e6 + domega });
        const r = S(p);
        expect(r.S21.re).toBe(0);
        expect(r.S21.im).toBe(0);
        expect(isolationDb(r.S12, r.S21)).toBe(400);
        expect(cabs(r.S12)).toBeGreaterThan(0.1);
      }
    }
  });

  it('γ_k = 0 is reciprocal (|S21| = |S12|), and equals the linear model', () => {
    for (const domega of [0, 0.5e6, -2e6]) {
      const p = params({ gamma_k: 0, omega: 2 * Math.PI * 1e6 + domega, omega_2: 2 * Math.PI * 1.1e6, gamma_20: 0.2e6 });
      const r = S(p);
      expect(cabs(r.S21)).toBeCloseTo(cabs(r.S12), 14);
      const lin = S({ ...p, loss: 'linear' });
      expect(cabs(lin.S21)).toBeCloseTo(cabs(r.S21), 14);
    }
  });

  it('linear: no reflection on resonance at γ_i = √(γ_i0² + κ²); energy conserved without intrinsic loss', () => {
    const p = params({ loss: 'linear' });
    const r = S(p);
    expect(cabs(r.S11)).toBeLessThan(1e-14);
    expect(cabs(r.S22)).toBeLessThan(1e-14);
    for (const domega of [0, 0.7e6, -3e6]) {
      const q = params({ loss: 'linear', gamma_10: 0, gamma_20: 0, gamma_1: 2e6, gamma_2: 3e6, omega: 2 * Math.PI * 1e6 + domega });
      const s = S(q);
      expect(abs2(s.S11) + abs2(s.S21)).toBeCloseTo(1, 14);
      expect(abs2(s.S22) + abs2(s.S12)).toBeCloseTo(1, 14);
    }
  });

  it('every solution satisfies the full nonlinear equations, for every loss model and both ports', () => {
    for (const loss of ['linear', 'nonlocal', 'kerr', 'saturable', 'ideal'] as const) {
      for (const input of [{}, { gamma_k: 0.4 * Math.PI * 1e6, omega: 2.3 * Math.PI * 1e6 }, { amplitude: 30, gamma_nl: 5e4 }, { kappa_12: 1e6 }]) {
        const p = params({ loss, ...input });
        for (const port of [1, 2] as const) {
          for (const s of portSteadyState(p, port).solutions) expect(residual(p, port, s.a1, s.a2), `${loss} ${JSON.stringify(input)} port ${port}`).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('nonlocal: transmission and isolation independent of the input amplitude over 6 decades; Kerr-like loss is not', () => {
    const at = (loss: string, amplitude: number) => S(params({ loss, amplitude, gamma_k: 0.6 * Math.PI * 1e6, gamma_nl: 1e7 }));
    const ref = at('nonlocal', 1);
    const refIso = isolationDb(ref.S12, ref.S21);
    expect(refIso).toBeGreaterThan(3);
    for (const a of [1e-3, 1e-1, 10, 1e3]) {
      const r = at('nonlocal', a);
      expect(isolationDb(r.S12, r.S21)).toBeCloseTo(refIso, 10);
      expect(cabs(r.S21)).toBeCloseTo(cabs(ref.S21), 12);
      expect(cabs(r.S12)).toBeCloseTo(cabs(ref.S12), 12);
    }
    // local Kerr-like loss: the transmission collapses as the power grows
    expect(cabs(at('kerr', 1e4).S12) / cabs(at('kerr', 1e-3).S12)).toBeLessThan(0.5);
    expect(Math.abs(isolationDb(at('kerr', 1e4).S12, at('kerr', 1e4).S21) - isolationDb(at('kerr', 1e-3).S12, at('kerr', 1e-3).S21))).toBeGreaterThan(0.5);
  });

  it('eq. 3–4: effective couplings and efficiencies agree with the exact steady state', () => {
    for (const gk of [0, 0.3, 0.8, 1, 1.5]) {
      for (const domega of [0, 0.4e6, -1e6]) {
        const p = params({ gamma_k: gk * Math.PI * 1e6, omega: 2 * Math.PI * 1e6 + domega });
        const e = effectiveModel(p);
        const r = S(p);
        expect(e.eta21).toBeCloseTo(abs2(r.S21), 12);
        expect(e.eta12).toBeCloseTo(abs2(r.S12), 12);
        expect(e.kappa21).toBe(p.kappa);
        if (domega === 0) expect(e.kappa12).toBeCloseTo(Math.max(0, p.kappa - p.gamma_k), 4); // rad/s
      }
    }
  });

  it('ideal nonreciprocal coupling κ_12 = 0 blocks the forward direction exactly', () => {
    const r = S(params({ loss: 'ideal', kappa_12: 0 }));
    expect(cabs(r.S21)).toBe(0);
    expect(cabs(r.S12)).toBeGreaterThan(0.3);
  });

  it('saturable loss below saturation acts as linear loss γ_20 + γ_nl', () => {
    const p = params({ loss: 'saturable', amplitude: 1e-6, I_sat: 1, gamma_nl: 0.3e6 });
    const lin = params({ loss: 'linear', gamma_20: 0.5e6 + 0.3e6, gamma_2: p.gamma_2 });
    expect(cabs(S(p).S12)).toBeCloseTo(cabs(S(lin).S12), 9);
  });

  it('3 dB band of the pass direction brackets the carrier; isolation is infinite across it at γ_k = κ', () => {
    const b = band3dB(params({ kappa: 0.3e6 }));
    expect(b.low).toBeLessThan(2 * Math.PI * 1e6);
    expect(b.high).toBeGreaterThan(2 * Math.PI * 1e6);
    expect(b.relative).toBeGreaterThan(0.1);
    expect(b.minIsolationDb).toBe(400);
  });

  it('bad input is named: negative rates, unknown loss model', () => {
    expect(() => resolveParams(twoResonatorSchema, { gamma_20: -1 })).toThrow(/gamma_20: must be ≥ 0/);
    expect(() => resolveParams(twoResonatorSchema, { loss: 'magnetic' })).toThrow(/loss: must be one of nonlocal, linear, kerr, saturable, ideal/);
    expect(() => resolveParams(twoResonatorSchema, { gamma_1: 0 })).toThrow(/gamma_1: must be > 0/);
    expect(() => resolveParams(twoResonatorSchema, { omega: 'inf' })).toThrow(/omega/);
  });

  it('is registered and its solver yields the documented scalars', () => {
    const m = getModel('two-resonator');
    const r = m.createSolver()(resolveParams(m.schema, {}));
    for (const k of ['S21.abs', 'S12.abs', 'S11.abs', 'S22.abs', 'isolation_dB', 'eta21', 'eta12']) expect(r.scalars).toHaveProperty(k);
    expect(r.output).toMatchObject({ isolation_dB: null });
  });
});

describe('two-resonator: time domain against the exact steady state', () => {
  it.each(['linear', 'nonlocal', 'kerr', 'saturable', 'ideal'] as const)('%s: S-parameters from long CW runs equal the steady state to 1e-6', (loss) => {
    const m = getModel('two-resonator');
    const solve = m.createSolver();
    for (const input of [{ gamma_k: 0.5e6, kappa_12: 1e6 }, { omega: 2.4 * Math.PI * 1e6, gamma_k: 2e6, amplitude: 40, gamma_nl: 3e4 }]) {
      const steady = solve(resolveParams(m.schema, { loss, ...input }));
      const td = solve(resolveParams(m.schema, { loss, method: 'time-domain', ...input }));
      for (const k of ['S21.abs', 'S12.abs', 'S11.abs', 'S22.abs']) {
        const a = td.scalars[k]!;
        const b = steady.scalars[k]!;
        expect(Math.abs(a - b), `${loss} ${k}`).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(b), 1e-3));
      }
      expect((td.output.diagnostics as { method: string }).method).toBe('time-domain');
    }
  });
});

describe('two-resonator: multistability of the local saturable loss', () => {
  it('reports all three steady states of an absorptively bistable point, each solving the equations', () => {
    const p = params({ loss: 'saturable', gamma_nl: 1e8, I_sat: 1e-6, kappa: 1e5, gamma_10: 1e4, gamma_20: 1e4, amplitude: 31.6 });
    for (const port of [1, 2] as const) {
      const r = portSteadyState(p, port);
      expect(r.solutions).toHaveLength(3);
      const u = r.solutions.map((s) => abs2(s.a2));
      expect(u[0]).toBeLessThan(u[1]!);
      expect(u[1]).toBeLessThan(u[2]!);
      for (const s of r.solutions) expect(residual(p, port, s.a1, s.a2)).toBeLessThan(1e-12);
      // the primary branch is the low-power one
      expect(abs2(r.primary.a2)).toBe(u[0]);
    }
    const m = getModel('two-resonator');
    const out = m.createSolver()(resolveParams(m.schema, { loss: 'saturable', gamma_nl: 1e8, I_sat: 1e-6, kappa: 1e5, gamma_10: 1e4, gamma_20: 1e4, amplitude: 31.6 }));
    expect(out.output.diagnostics).toMatchObject({ multistable: true });
    expect(out.scalars.solutions).toBe(6);
  });
});
