/** The real 2N system of a tcmt-network: the RHS against the complex equations, the analytic Jacobian against finite differences. */
import { describe, expect, it } from 'vitest';
import { jacobian, paramDerivative, parseTcmtSpec, rhs, tcmtSystem, type TcmtSpec } from '../../../../src-core/models/tcmt-network/index';

/** Every term at once: three resonators, all loss kinds, a Kerr shift, a nonreciprocal and a reciprocal coupling. */
const spec: TcmtSpec = parseTcmtSpec({
  resonators: [
    { name: 'a', omega: 0.3, gamma: 1, gamma0: 0.1, chi: 0.7, losses: [{ kind: 'kerr', gamma: 0.4 }] },
    { name: 'b', omega: -0.2, gamma: 0.5, gamma0: 0.2, losses: [{ kind: 'saturable', gamma: 0.9, P_sat: 0.6 }, { kind: 'nonlocal', gamma: 0.8, reference: 'c' }, { kind: 'linear', gamma: 0.05 }] },
    { name: 'c', omega: 0.1, gamma: 0.8, gamma0: 0, chi: -0.3, losses: [{ kind: 'nonlocal', gamma: 0.3, reference: 'a' }] },
  ],
  couplings: [
    { i: 'a', j: 'b', kappa: 1.1 },
    { i: 'b', j: 'c', kappa_ij: 0.4, kappa_ji: 1.3 },
  ],
  ports: ['a', 'c'],
  input: { omega: 0.05, amplitude: 1.3, port: 1 },
});
const drive = { omega: 0.05, amplitude: 1.3, port: 2 };

type C = { re: number; im: number };
const mul = (a: C, b: C): C => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
const abs = (a: C): number => Math.hypot(a.re, a.im);

/** The complex equations written out term by term (the docs' form), independently of rhs.ts. */
function complexRhs(x: number[]): C[] {
  const a: C[] = [0, 1, 2].map((i) => ({ re: x[2 * i]!, im: x[2 * i + 1]! }));
  const [A, B, Cc] = a as [C, C, C];
  const u = a.map((z) => z.re * z.re + z.im * z.im);
  const lin = (i: number, gtot: number, w: number, chi: number): C => mul({ re: -gtot, im: -(drive.omega - w - chi * u[i]!) }, a[i]!);
  const I = (k: number, z: C): C => ({ re: -k * z.im, im: k * z.re });
  const s = Math.sqrt(2 * 0.8) * drive.amplitude; // port 2 at c
  const dA = lin(0, 1 + 0.1 + 0.4 * u[0]!, 0.3, 0.7);
  const dB = lin(1, 0.5 + 0.2 + 0.05 + 0.9 / (1 + u[1]! / 0.6), -0.2, 0);
  const dC = lin(2, 0.8, 0.1, -0.3);
  const add = (p: C, q: C): C => ({ re: p.re + q.re, im: p.im + q.im });
  const fa = add(dA, I(1.1, B));
  const nlB = (0.8 * abs(Cc)) / abs(B);
  const fb = add(add(add(dB, I(1.1, A)), I(1.3, Cc)), { re: -nlB * B.re, im: -nlB * B.im });
  const nlC = (0.3 * abs(A)) / abs(Cc);
  const fc = add(add(dC, I(0.4, B)), { re: s - nlC * Cc.re, im: -nlC * Cc.im });
  return [fa, fb, fc];
}

const points = [
  [0.3, -0.2, 0.5, 0.4, -0.7, 0.1],
  [1.2, 0.9, -0.3, 0.05, 0.2, -1.1],
  [-0.01, 0.02, 2, -1, 0.7, 0.7],
];

describe('tcmt-network RHS and Jacobian', () => {
  it('the real RHS is the complex coupled-mode equations', () => {
    for (const x of points) {
      const F = rhs(spec, drive, x, new Float64Array(6));
      const ref = complexRhs(x);
      ref.forEach((z, i) => {
        expect(F[2 * i]).toBeCloseTo(z.re, 13);
        expect(F[2 * i + 1]).toBeCloseTo(z.im, 13);
      });
    }
  });

  it('the analytic Jacobian matches central finite differences at generic states', () => {
    const N = 6;
    const J = new Float64Array(N * N);
    const Fp = new Float64Array(N);
    const Fm = new Float64Array(N);
    for (const x of points) {
      jacobian(spec, drive, x, J);
      for (let c = 0; c < N; c++) {
        const h = 1e-6 * Math.max(1, Math.abs(x[c]!));
        const xp = [...x];
        const xm = [...x];
        xp[c]! += h;
        xm[c]! -= h;
        rhs(spec, drive, xp, Fp);
        rhs(spec, drive, xm, Fm);
        for (let r = 0; r < N; r++) {
          const fd = (Fp[r]! - Fm[r]!) / (2 * h);
          expect(Math.abs(J[r * N + c]! - fd), `J[${r}][${c}] at ${x.join(',')}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
        }
      }
    }
  });

  it('the derivatives in the drive frequency and amplitude match finite differences', () => {
    const Fp = new Float64Array(6);
    const Fm = new Float64Array(6);
    const dF = new Float64Array(6);
    for (const x of points) {
      for (const which of ['omega', 'amplitude'] as const) {
        paramDerivative(spec, drive, x, which, dF);
        const h = 1e-6;
        rhs(spec, { ...drive, [which]: drive[which] + h }, x, Fp);
        rhs(spec, { ...drive, [which]: drive[which] - h }, x, Fm);
        for (let r = 0; r < 6; r++) expect(Math.abs(dF[r]! - (Fp[r]! - Fm[r]!) / (2 * h))).toBeLessThan(1e-7);
      }
    }
  });

  it('a stuck nonlocal resonator (a = 0, |f0| ≤ R) stays at 0: its rows of F and J are zero', () => {
    // c has γ_k|a|/|c| with γ_k = 0.3; undriven (drive at port 1 = a) and weakly coupled from b: stuck when 0.4|b| ≤ 0.3|a|
    const d1 = { omega: 0.05, amplitude: 1.3, port: 1 };
    const x = [2, 0, 0.5, 0.5, 0, 0];
    const F = rhs(spec, d1, x, new Float64Array(6));
    expect([F[4], F[5]]).toEqual([0, 0]);
    const J = jacobian(spec, d1, x, new Float64Array(36));
    for (let c = 0; c < 6; c++) expect([J[4 * 6 + c], J[5 * 6 + c]]).toEqual([0, 0]);
    // free (|f0| > R): F is f0 (1 − R/|f0|), the Filippov value
    const y = [0.1, 0, 2, 0, 0, 0];
    rhs(spec, d1, y, F);
    const f0 = { re: 0, im: 0.4 * 2 };
    const R = 0.3 * 0.1;
    expect(F[4]).toBeCloseTo(f0.re * (1 - R / 0.8), 14);
    expect(F[5]).toBeCloseTo(f0.im * (1 - R / 0.8), 14);
    expect(tcmtSystem(spec).hasNonlocal).toEqual([false, true, true]);
  });

  it('several terms of one kind on one resonator, listed out of resonator order, all count', () => {
    // b carries two saturable and two nonlocal terms; the couplings are listed against the resonator order
    const many = parseTcmtSpec({
      resonators: [
        { name: 'a', omega: 0.2, gamma: 0.6, gamma0: 0.1 },
        { name: 'b', omega: -0.1, gamma: 0, gamma0: 0.3, chi: 0.2, losses: [
          { kind: 'nonlocal', gamma: 0.25, reference: 'c' }, { kind: 'saturable', gamma: 0.5, P_sat: 0.7 },
          { kind: 'nonlocal', gamma: 0.15, reference: 'a' }, { kind: 'saturable', gamma: 0.2, P_sat: 2 }, { kind: 'kerr', gamma: 0.1 },
        ] },
        { name: 'c', omega: 0.4, gamma: 0.9, gamma0: 0, losses: [{ kind: 'saturable', gamma: 0.3, P_sat: 1.5 }] },
      ],
      couplings: [
        { i: 'c', j: 'b', kappa: 0.7 },
        { i: 'a', j: 'c', kappa_ij: 0.35, kappa_ji: 0 },
        { i: 'b', j: 'a', kappa: 1.2 },
      ],
      ports: ['c', 'a'],
      input: { omega: 0, amplitude: 1, port: 1 },
    });
    const d = { omega: 0.1, amplitude: 0.9, port: 1 }; // port 1 is at c
    const x = [0.4, -0.3, 0.8, 0.6, -0.2, 0.5];
    const z = (i: number): C => ({ re: x[2 * i]!, im: x[2 * i + 1]! });
    const u = [0, 1, 2].map((i) => abs(z(i)) ** 2);
    const scale = (k: number, p: C): C => ({ re: k * p.re, im: k * p.im });
    const sum = (...ps: C[]): C => ps.reduce((p, q) => ({ re: p.re + q.re, im: p.im + q.im }), { re: 0, im: 0 });
    const iK = (k: number, p: C): C => ({ re: -k * p.im, im: k * p.re });
    const lin = (i: number, loss: number, w: number, chi: number): C => mul({ re: -loss, im: -(d.omega - w - chi * u[i]!) }, z(i));
    const ref = [
      sum(lin(0, 0.7, 0.2, 0), iK(1.2, z(1))),
      sum(lin(1, 0.3 + 0.5 / (1 + u[1]! / 0.7) + 0.2 / (1 + u[1]! / 2) + 0.1 * u[1]!, -0.1, 0.2), iK(0.7, z(2)), iK(1.2, z(0)), scale(-(0.25 * abs(z(2)) + 0.15 * abs(z(0))) / abs(z(1)), z(1))),
      sum(lin(2, 0.9 + 0.3 / (1 + u[2]! / 1.5), 0.4, 0), iK(0.7, z(1)), iK(0.35, z(0)), { re: Math.sqrt(1.8) * 0.9, im: 0 }),
    ];
    const F = rhs(many, d, x, new Float64Array(6));
    ref.forEach((w, i) => {
      expect(F[2 * i]).toBeCloseTo(w.re, 13);
      expect(F[2 * i + 1]).toBeCloseTo(w.im, 13);
    });
  });
});
