import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../../src-core/errors';
import { resolveParams, type ParamInput } from '../../../../src-core/models/params';
import { solveQuantum, type QuantumResult } from '../../../../src-core/models/three-cavity/quantum';
import { threeCavitySchema } from '../../../../src-core/models/three-cavity/schema';
import { createClassicalTransmission } from '../../../../src-core/models/three-cavity/classical';

interface FixtureDirection {
  T: number;
  g2: number;
  g3: number;
  mean_n: number;
  n_a: number;
  n_c: number;
  P_a: number[];
  P_c: number[];
}
interface FixtureCase {
  name: string;
  params: Record<string, number>;
  basis: 'per-mode' | 'total';
  fock: number;
  a_to_c: FixtureDirection;
  c_to_a: FixtureDirection;
}

const fixtures = JSON.parse(readFileSync(path.resolve(__dirname, '../../../fixtures/qutip/steady-states.json'), 'utf8')) as {
  qutip_version: string;
  cases: FixtureCase[];
};

const solve = (input: ParamInput): QuantumResult => solveQuantum(resolveParams(threeCavitySchema, { solver: 'quantum', ...input }));
// relative difference; where the reference is exactly 0 (g3 with at most two photons), the value itself
const rel = (got: number, want: number): number => (want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want));

describe(`quantum steady states agree with QuTiP ${fixtures.qutip_version} at the same truncation`, () => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = solve({ ...c.params, basis: c.basis, fock: c.fock });
    for (const d of ['a_to_c', 'c_to_a'] as const) {
      const want = c[d];
      const got = r[d];
      expect(rel(got.T, want.T), `${d}.T`).toBeLessThan(1e-6);
      expect(rel(got.g2, want.g2), `${d}.g2`).toBeLessThan(1e-6);
      expect(rel(got.mean_n, want.mean_n), `${d}.mean_n`).toBeLessThan(1e-6);
      expect(rel(got.g3, want.g3), `${d}.g3`).toBeLessThan(1e-4);
      expect(rel(got.n_a, want.n_a), `${d}.n_a`).toBeLessThan(1e-6);
      expect(rel(got.n_c, want.n_c), `${d}.n_c`).toBeLessThan(1e-6);
      // photon-number distributions: every probability to 1e-6 relative or 1e-14 absolute
      for (const [key, arr] of [
        ['P_a', got.P_a],
        ['P_c', got.P_c],
      ] as const) {
        expect(arr).toHaveLength(want[key].length);
        arr.forEach((p, m) => expect(Math.abs(p - want[key][m]!), `${d}.${key}[${m}]`).toBeLessThan(Math.max(1e-14, 1e-6 * Math.abs(want[key][m]!))));
      }
      // every point is a trustworthy density matrix
      expect(got.diagnostics.residual).toBeLessThanOrEqual(1e-10);
      expect(Math.abs(got.diagnostics.traceError)).toBeLessThan(1e-12);
      expect(got.diagnostics.minEigenvalue).toBeGreaterThan(-1e-12);
    }
  });
});

describe('physics of the quantum model', () => {
  it('θ → −θ swaps the driving directions (a ↔ c mirror symmetry)', () => {
    for (const theta of [-Math.PI / 4, 0.3, 2.0]) {
      const p = solve({ theta, fock: 5 });
      const m = solve({ theta: -theta, fock: 5 });
      // g3 rests on third moments of populations ~1e-10, so it is resolved less finely (as in the QuTiP comparison)
      for (const [k, tol] of [
        ['T', 1e-9],
        ['g2', 1e-9],
        ['mean_n', 1e-9],
        ['g3', 1e-7],
      ] as const) {
        expect(rel(p.a_to_c[k], m.c_to_a[k]), `${theta} ${k}`).toBeLessThan(tol);
        expect(rel(p.c_to_a[k], m.a_to_c[k]), `${theta} ${k}`).toBeLessThan(tol);
      }
    }
  });

  it('two cavities are reciprocal in T and in g2', () => {
    for (const [theta, Delta] of [
      [-Math.PI / 4, 0.5],
      [1.1, -0.3],
    ] as const) {
      const r = solve({ cavities: 2, theta, Delta, fock: 6 });
      expect(rel(r.a_to_c.T, r.c_to_a.T)).toBeLessThan(1e-9);
      expect(rel(r.a_to_c.g2, r.c_to_a.g2)).toBeLessThan(1e-9);
      expect(r.isolation).toBeLessThan(1e-10);
    }
  });

  it('without loss in b there is (almost) no nonreciprocity, with it there is', () => {
    const off = solve({ kappa_b: 0, fock: 5 });
    const on = solve({ kappa_b: 1, fock: 5 });
    expect(off.isolation).toBeLessThan(0.02 * on.isolation);
    expect(off.ratio).toBeLessThan(0.02 * on.ratio);
  });

  it("reproduces the paper's Fig. 2 point: T_{a→c} ≈ 0.97, T_{c→a} ≈ 0, g2_{a→c} ≪ 1, g2_{c→a} ≫ 1", () => {
    const r = solve({});
    expect(r.a_to_c.T).toBeCloseTo(0.972, 2);
    expect(r.c_to_a.T).toBeLessThan(0.01);
    expect(r.a_to_c.g2).toBeLessThan(0.02);
    expect(r.c_to_a.g2).toBeGreaterThan(50);
    expect(r.ratio).toBeGreaterThan(0.99);
    expect(r.truncation).toMatchObject({ basis: 'total', mode: 'auto', converged: true });
  });

  it('at κ_b = 1.25κ: two-photon blockade driving from c (g2 > 1, g3 < 1), single-photon blockade from a', () => {
    const r = solve({ kappa_b: 1.25 });
    expect(r.c_to_a.g2).toBeGreaterThan(1);
    expect(r.c_to_a.g3).toBeLessThan(1);
    expect(r.a_to_c.g2).toBeLessThan(1);
  });

  it('as Ω → 0 the quantum transmission approaches the classical S-matrix value (error ∝ Ω²)', () => {
    const classical = createClassicalTransmission();
    for (const theta of [-Math.PI / 4, 0.9]) {
      const cl = classical(resolveParams(threeCavitySchema, { theta, solver: 'classical' }));
      const e1 = Math.abs(solve({ theta, Omega: 0.02, fock: 4 }).c_to_a.T - cl.c_to_a.T);
      const e2 = Math.abs(solve({ theta, Omega: 0.01, fock: 4 }).c_to_a.T - cl.c_to_a.T);
      const a = solve({ theta, Omega: 0.01, fock: 4 });
      expect(Math.abs(a.a_to_c.T - cl.a_to_c.T)).toBeLessThan(1e-3);
      expect(e2).toBeLessThan(1e-3);
      // halving Ω divides the deviation by about four
      expect(e1 / e2).toBeGreaterThan(3.5);
      expect(e1 / e2).toBeLessThan(4.5);
    }
  });

  it('fock=auto picks the smallest truncation meeting 1e-6 on T and g2, and says so', () => {
    const r = solve({ Omega: 0.3 });
    expect(r.truncation.mode).toBe('auto');
    expect(r.truncation.converged).toBe(true);
    for (const k of ['a_to_c.T', 'a_to_c.g2', 'c_to_a.T', 'c_to_a.g2']) expect(r.truncation.changes![k]).toBeLessThan(1e-6);
    // one less would not have met the tolerance
    const smaller = solve({ Omega: 0.3, fock: r.truncation.fock - 1, convergence: 'check' });
    expect(smaller.truncation.converged).toBe(false);
  });

  it('convergence=check reports the relative change of every observable at the next truncation', () => {
    const r = solve({ fock: 3, basis: 'per-mode', convergence: 'check' });
    expect(Object.keys(r.truncation.changes!).sort()).toEqual(
      ['a_to_c.T', 'a_to_c.g2', 'a_to_c.g3', 'a_to_c.mean_n', 'c_to_a.T', 'c_to_a.g2', 'c_to_a.g3', 'c_to_a.mean_n', 'isolation', 'ratio'].sort(),
    );
    expect(r.truncation.dim).toBe(27);
  });
});

describe('bad input to the quantum solver', () => {
  it('a lossless mode cut off from every lossy one: no unique steady state, named', () => {
    expect(() => solve({ kappa_b: 0, J: 0, fock: 3 })).toThrow(ParameterError);
    expect(() => solve({ kappa_b: 0, J: 0, fock: 3 })).toThrow(/not unique/);
  });

  it('a truncation beyond the memory limit is refused before any allocation', () => {
    expect(() => solve({ basis: 'per-mode', fock: 12 })).toThrow(/fock: per-mode truncation 12 gives dimension 1728, which needs about/);
  });

  it('fock must be an integer or auto', () => {
    expect(() => solve({ fock: 2.5 })).toThrow(/fock: must be an integer/);
    expect(() => solve({ fock: 'most' })).toThrow(/fock: cannot read "most"/);
  });
});
