import { describe, expect, it } from 'vitest';
import { scatteringMatrix, transmission } from '../../../src-core/solvers/scattering';
import { createClassicalTransmission, threeCavityNetwork } from '../../../src-core/models/three-cavity/classical';
import { threeCavitySchema } from '../../../src-core/models/three-cavity/schema';
import { resolveParams, type ParamInput } from '../../../src-core/models/params';
import type { CoupledModeNetwork } from '../../../src-core/solvers/network';
import { ComputationError } from '../../../src-core/errors';

type C = [number, number];
const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cabs2 = (a: C): number => a[0] * a[0] + a[1] * a[1];
const cexp = (t: number): C => [Math.cos(t), Math.sin(t)];
const re = (x: number): C => [x, 0];

/** Closed forms of seed 000, eqs. 13-15 (ω_a = ω_b = ω_c, J_ab = J_bc = J). */
function closedForm(p: { kappa_a: number; kappa_b: number; kappa_c: number; J: number; J_ac: number; theta: number; delta: number }) {
  const { kappa_a, kappa_b, kappa_c, J, J_ac, theta, delta } = p;
  const xa: C = [delta, kappa_a / 2];
  const xb: C = [delta, kappa_b / 2];
  const xc: C = [delta, kappa_c / 2];
  const J2 = re(J * J);
  let D = re(2 * Math.cos(theta) * J * J * J_ac);
  D = cadd(D, cmul(re(J_ac * J_ac), xb));
  D = cadd(D, cmul(J2, xc));
  D = cadd(D, cmul(re(-1), cmul(xa, cadd(re(-J * J), cmul(xb, xc)))));
  const numF = cadd(J2, cmul(cexp(theta), cmul(re(J_ac), xb)));
  const numB = cadd(J2, cmul(cexp(-theta), cmul(re(J_ac), xb)));
  const pref = kappa_a * kappa_c;
  return { Tac: (pref * cabs2(numF)) / cabs2(D), Tca: (pref * cabs2(numB)) / cabs2(D) };
}

const classical = createClassicalTransmission();
const solve = (input: ParamInput) => classical(resolveParams(threeCavitySchema, input));

describe('classical scattering matrix S(ω) = -i√Γ(M - ωI)⁻¹√Γ - I', () => {
  it('a single lossy mode is an all-pass reflector (|S| = 1) with S = 1 on resonance', () => {
    const net: CoupledModeNetwork = { modes: [{ name: 'x', omega: 0.3, kappa: 0.7 }], couplings: [] };
    const s = new Float64Array(2);
    for (const w of [-2, 0, 0.3, 1.5]) {
      scatteringMatrix(net, w, s);
      expect(Math.hypot(s[0]!, s[1]!)).toBeCloseTo(1, 14);
    }
    scatteringMatrix(net, 0.3, s);
    expect(s[0]).toBeCloseTo(1, 14);
    expect(s[1]).toBeCloseTo(0, 14);
  });

  it('is unitary when every loss is a port (energy conservation), including nonreciprocal settings', () => {
    for (const [theta, Delta, kb] of [
      [-Math.PI / 4, 0.5, 1],
      [0.3, -1.2, 2.5],
      [2.0, 0.1, 0.2],
    ] as const) {
      const net = threeCavityNetwork(resolveParams(threeCavitySchema, { theta, Delta, kappa_b: kb, J_ac: 0.9 }));
      const s = new Float64Array(18);
      scatteringMatrix(net, 0, s);
      for (let i = 0; i < 3; i++) {
        for (let k = 0; k < 3; k++) {
          let r = 0;
          let im = 0;
          for (let j = 0; j < 3; j++) {
            const a = [s[2 * (i * 3 + j)]!, s[2 * (i * 3 + j) + 1]!];
            const b = [s[2 * (k * 3 + j)]!, -s[2 * (k * 3 + j) + 1]!];
            r += a[0]! * b[0]! - a[1]! * b[1]!;
            im += a[0]! * b[1]! + a[1]! * b[0]!;
          }
          expect(r).toBeCloseTo(i === k ? 1 : 0, 13);
          expect(im).toBeCloseTo(0, 13);
        }
      }
    }
  });

  it('agrees with the closed forms of eqs. 13-15 over a spread of parameters', () => {
    const cases = [
      { kappa_a: 1, kappa_b: 1, kappa_c: 1, J: Math.SQRT1_2, J_ac: Math.SQRT1_2, theta: -Math.PI / 4, Delta: 0.5 },
      { kappa_a: 0.8, kappa_b: 2.3, kappa_c: 1.4, J: 0.6, J_ac: 1.1, theta: 1.0, Delta: -0.7 },
      { kappa_a: 1.5, kappa_b: 0.1, kappa_c: 0.5, J: -0.9, J_ac: 0.4, theta: 2.6, Delta: 1.9 },
      { kappa_a: 1, kappa_b: 0, kappa_c: 1, J: 1.2, J_ac: 0.3, theta: -2.2, Delta: 0.05 },
    ];
    for (const c of cases) {
      const got = solve({ ...c, J: c.J });
      const want = closedForm({ ...c, delta: -c.Delta });
      expect(got.a_to_c.T).toBeCloseTo(want.Tac, 12);
      expect(got.c_to_a.T).toBeCloseTo(want.Tca, 12);
    }
  });

  it.each([-Math.PI / 4, -Math.PI / 3, -Math.PI / 6, (-2 * Math.PI) / 3])(
    'eq. 16 (θ = %f) gives T_{a→c} = 1 and T_{c→a} = 0',
    (theta) => {
      const kappa = 1;
      const delta = kappa / (2 * Math.tan(theta));
      const J_ac = -kappa / (2 * Math.sin(theta));
      for (const J of [J_ac, -J_ac]) {
        const r = solve({ kappa, kappa_b: kappa, theta, J_ac, J, Delta: -delta });
        expect(r.a_to_c.T).toBeCloseTo(1, 12);
        expect(r.c_to_a.T).toBeCloseTo(0, 12);
        expect(r.isolation).toBeCloseTo(1, 12);
      }
    },
  );

  it.each([Math.PI / 4, Math.PI / 3, (2 * Math.PI) / 3])('eq. 17 (θ = %f) gives T_{a→c} = 0 and T_{c→a} = 1', (theta) => {
    const kappa = 1;
    const delta = -kappa / (2 * Math.tan(theta));
    const J_ac = kappa / (2 * Math.sin(theta));
    for (const J of [J_ac, -J_ac]) {
      const r = solve({ kappa, kappa_b: kappa, theta, J_ac, J, Delta: -delta });
      expect(r.a_to_c.T).toBeCloseTo(0, 12);
      expect(r.c_to_a.T).toBeCloseTo(1, 12);
    }
  });

  it('the paper\'s Fig. 2 point (defaults) is the eq. 16 optimum: Δ = 0.5κ, κ_b = κ', () => {
    const r = solve({});
    expect(r.a_to_c.T).toBeCloseTo(1, 12);
    expect(r.c_to_a.T).toBeCloseTo(0, 12);
  });

  it('is reciprocal without loss in b (κ_b = 0) and without cavity b, for any phase and detuning', () => {
    for (const theta of [-Math.PI / 4, 0.4, 2.1]) {
      for (const Delta of [-1.5, -0.2, 0.5, 1.3]) {
        const noLoss = solve({ kappa_b: 0, theta, Delta });
        expect(noLoss.a_to_c.T).toBeCloseTo(noLoss.c_to_a.T, 13);
        const twoCav = solve({ cavities: 2, theta, Delta });
        expect(twoCav.a_to_c.T).toBeCloseTo(twoCav.c_to_a.T, 13);
        expect(twoCav.isolation).toBeLessThan(1e-13);
      }
    }
    // and it is nonreciprocal with the loss switched on (the point of the paper)
    expect(solve({ kappa_b: 1 }).isolation).toBeGreaterThan(0.99);
  });

  it('two cavities: agrees with the 2×2 closed form T = κ_aκ_c J_ac² / |x_a x_c − J_ac²|²', () => {
    for (const Delta of [-1, 0, 0.5, 2]) {
      const r = solve({ cavities: 2, Delta, J_ac: 0.8, kappa_a: 1.2, kappa_c: 0.6 });
      const xa: C = [-Delta, 0.6];
      const xc: C = [-Delta, 0.3];
      const den = cadd(cmul(xa, xc), re(-0.64));
      expect(r.a_to_c.T).toBeCloseTo((1.2 * 0.6 * 0.64) / cabs2(den), 13);
    }
  });

  it('a lossless dark mode on resonance makes S undefined: a ComputationError, not garbage', () => {
    const net: CoupledModeNetwork = {
      modes: [
        { name: 'a', omega: 0, kappa: 1 },
        { name: 'd', omega: 0, kappa: 0 },
      ],
      couplings: [],
    };
    expect(() => scatteringMatrix(net, 0, new Float64Array(8))).toThrow(ComputationError);
    // off resonance it is defined, and the dark mode neither transmits nor reflects
    const s = scatteringMatrix(net, 0.5, new Float64Array(8));
    expect(transmission(s, 2, 0, 1)).toBe(0);
  });
});
