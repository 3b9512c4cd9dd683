import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComputationError, ParameterError } from '../../../../src-core/errors';
import { solveNetworkQuantum, type NetworkQuantumResult } from '../../../../src-core/models/network/quantum';
import { parseNetworkSpec, type NetworkSpec } from '../../../../src-core/models/network/spec';
import { resolveParams } from '../../../../src-core/models/params';
import { solveQuantum, threeCavitySpec } from '../../../../src-core/models/three-cavity/quantum';
import { threeCavitySchema } from '../../../../src-core/models/three-cavity/schema';
import { scatteringMatrix, transmission } from '../../../../src-core/solvers/scattering';

interface FixturePair {
  T: number;
  g2: number;
  g3: number;
  mean_n: number;
  P: number[];
}
interface FixtureNetwork {
  name: string;
  spec: unknown;
  basis: 'per-mode' | 'total';
  fock: number;
  /** Relative change of T, g2, g3 from fock − 1 to fock in QuTiP. */
  change_from_previous: Record<string, number>;
  pairs: Record<string, FixturePair>;
  cross: Record<string, number>;
}

const networks = JSON.parse(readFileSync(path.resolve(__dirname, '../../../fixtures/qutip/networks.json'), 'utf8')) as {
  qutip_version: string;
  networks: FixtureNetwork[];
};
const seed = JSON.parse(readFileSync(path.resolve(__dirname, '../../../fixtures/qutip/steady-states.json'), 'utf8')) as {
  cases: { name: string; params: Record<string, number>; basis: 'per-mode' | 'total'; fock: number; a_to_c: FixturePair; c_to_a: FixturePair }[];
};

// relative difference; where the reference is exactly 0 (g3 with at most two photons), the value itself
const rel = (got: number, want: number): number => (want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want));

function expectValidStates(r: NetworkQuantumResult): void {
  for (const d of r.directions) {
    expect(d.diagnostics.residual).toBeLessThanOrEqual(1e-10);
    expect(Math.abs(d.diagnostics.traceError)).toBeLessThan(1e-12);
    expect(d.diagnostics.minEigenvalue).toBeGreaterThan(-1e-12);
    // every mode's photon-number distribution is a distribution
    for (const P of Object.values(d.P)) expect(Math.abs(P.reduce((s, p) => s + p, 0) - 1)).toBeLessThan(1e-12);
  }
}

describe(`networks neither paper contains agree with QuTiP ${networks.qutip_version} at the automatic truncation`, () => {
  it('the fixture covers a ring with a phase, a linearly driven mode, lossy auxiliaries, n_th > 0, kappa2 > 0 and five modes', () => {
    const specs = networks.networks.map((n) => parseNetworkSpec(n.spec));
    expect(networks.networks.length).toBeGreaterThanOrEqual(6);
    expect(specs.some((s) => s.modes.length === 4 && s.couplings.length === 4 && s.couplings.some((c) => c.phase !== 0))).toBe(true);
    expect(specs.some((s) => s.directions.some((d) => s.modes.find((m) => m.name === d.drive)!.U === 0))).toBe(true);
    expect(specs.some((s) => s.modes.filter((m) => m.U === 0 && m.kappa > 0 && !s.directions.some((d) => d.drive === m.name || d.outputs.includes(m.name))).length >= 2)).toBe(true);
    expect(specs.some((s) => s.modes.some((m) => m.n_th > 0))).toBe(true);
    expect(specs.some((s) => s.modes.some((m) => m.kappa2 > 0))).toBe(true);
    expect(specs.some((s) => s.modes.length >= 5)).toBe(true);
  });

  it.each(networks.networks.map((n) => [n.name, n] as const))('%s: the same equations at the reference truncation, which is converged', (_name, n) => {
    const spec = parseNetworkSpec(n.spec);
    const at = solveNetworkQuantum(spec, { basis: n.basis, fock: n.fock, convergence: 'check' });
    for (const [key, want] of Object.entries(n.pairs)) {
      const got = at.pairs[key]!;
      // the same truncation: agreement to the solvers' precision, not the truncation's
      expect(rel(got.T, want.T), `${key}.T`).toBeLessThan(1e-8);
      expect(rel(got.g2, want.g2), `${key}.g2`).toBeLessThan(1e-8);
      expect(rel(got.g3, want.g3), `${key}.g3`).toBeLessThan(1e-6);
      got.P.forEach((p, m) => expect(Math.abs(p - want.P[m]!), `${key}.P[${m}]`).toBeLessThan(Math.max(1e-14, 1e-8 * want.P[m]!)));
    }
    for (const [key, want] of Object.entries(n.cross)) expect(rel(at.cross[key]!, want), key).toBeLessThan(1e-8);
    // one truncation further changes T and g2 by a tenth of the 1e-6 asked of the automatic truncation
    // at most, and g3 by less than its 1e-4: the reference is converged
    for (const [key, change] of Object.entries(at.truncation.changes!)) {
      if (key.endsWith('.T') || key.endsWith('.g2')) expect(change, key).toBeLessThan(1e-7);
      if (key.endsWith('.g3')) expect(change, key).toBeLessThan(1e-4);
    }
  }, 180_000);

  it.each(networks.networks.map((n) => [n.name, n] as const))('%s at the automatic truncation', (_name, n) => {
    const spec = parseNetworkSpec(n.spec);
    const r = solveNetworkQuantum(spec, { basis: n.basis, fock: 'auto', convergence: 'none' });
    expect(r.truncation.mode).toBe('auto');
    expect(r.truncation.converged).toBe(true);
    expect(Object.keys(r.pairs).sort()).toEqual(Object.keys(n.pairs).sort());
    for (const [key, want] of Object.entries(n.pairs)) {
      const got = r.pairs[key]!;
      expect(rel(got.T, want.T), `${key}.T`).toBeLessThan(1e-6);
      expect(rel(got.g2, want.g2), `${key}.g2`).toBeLessThan(1e-6);
      expect(rel(got.mean_n, want.mean_n), `${key}.mean_n`).toBeLessThan(1e-6);
      expect(rel(got.g3, want.g3), `${key}.g3`).toBeLessThan(1e-4);
      // P(0), P(1), P(2) (the top levels of the automatic truncation are compared at the reference truncation above)
      for (let m = 0; m <= 2; m++) expect(rel(got.P[m]!, want.P[m]!), `${key}.P[${m}]`).toBeLessThan(1e-5);
    }
    expect(Object.keys(r.cross).sort()).toEqual(Object.keys(n.cross).sort());
    for (const [key, want] of Object.entries(n.cross)) expect(rel(r.cross[key]!, want), key).toBeLessThan(1e-6);
    // isolation and ratio between reverse pairs follow from the pairs
    for (const [key, { isolation, ratio }] of Object.entries(r.reverse)) {
      const [i, j] = key.split('<->');
      const f = n.pairs[`${i}->${j}`]!;
      const b = n.pairs[`${j}->${i}`]!;
      expect(rel(isolation, Math.abs(f.T - b.T)), key).toBeLessThan(1e-5);
      expect(rel(ratio, Math.abs((f.g2 - b.g2) / (f.g2 + b.g2))), key).toBeLessThan(1e-5);
    }
    expectValidStates(r);
  }, 120_000);
});

describe('the seed-000 systems as networks give the three-cavity numbers', () => {
  it.each(seed.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const v = resolveParams(threeCavitySchema, { solver: 'quantum', ...c.params, basis: c.basis, fock: c.fock });
    // through the spec checks, as a network file or the editor would give it
    const spec = parseNetworkSpec(JSON.parse(JSON.stringify(threeCavitySpec(v))));
    const r = solveNetworkQuantum(spec, { basis: c.basis, fock: c.fock, convergence: 'none' });
    const three = solveQuantum(v);
    for (const [key, d] of [
      ['a->c', 'a_to_c'],
      ['c->a', 'c_to_a'],
    ] as const) {
      const got = r.pairs[key]!;
      // the committed QuTiP point
      expect(rel(got.T, c[d].T), `${key}.T`).toBeLessThan(1e-6);
      expect(rel(got.g2, c[d].g2), `${key}.g2`).toBeLessThan(1e-6);
      expect(rel(got.g3, c[d].g3), `${key}.g3`).toBeLessThan(1e-4);
      // the three-cavity model (a preset over the same engine)
      for (const q of ['T', 'g2', 'g3', 'mean_n'] as const) expect(rel(got[q], three[d][q]), `${key}.${q}`).toBeLessThanOrEqual(1e-12);
    }
    expect(rel(r.reverse['a<->c']!.isolation, three.isolation)).toBeLessThanOrEqual(1e-12);
    expect(rel(r.reverse['a<->c']!.ratio, three.ratio)).toBeLessThanOrEqual(1e-12);
  });
});

/** A four-mode ring with a phase, every mode linear (U = 0). */
const linearRing = (Omega: number): NetworkSpec =>
  parseNetworkSpec({
    modes: [
      { name: 'a', Delta: 0.3, kappa: 1 },
      { name: 'b', Delta: -0.2, kappa: 0.5 },
      { name: 'c', Delta: 0.1, kappa: 1.2 },
      { name: 'd', Delta: 0.4, kappa: 0.7 },
    ],
    couplings: [
      { i: 'a', j: 'b', J: 0.6 },
      { i: 'b', j: 'c', J: 0.5 },
      { i: 'c', j: 'd', J: 0.7 },
      { i: 'd', j: 'a', J: 0.4, phase: 1.1 },
    ],
    directions: [
      { drive: 'a', Omega, outputs: ['c', 'd'] },
      { drive: 'c', Omega, outputs: ['a'] },
    ],
  });

describe('network engine: invariants and closed forms', () => {
  it('a linear network at weak drive: T is the classical |S_ji|² (scattering.ts), g2 = 1 and the outputs are uncorrelated', () => {
    const spec = linearRing(0.02);
    const r = solveNetworkQuantum(spec, { basis: 'total', fock: 'auto', convergence: 'none' });
    const names = spec.modes.map((m) => m.name);
    // the classical network: M_jj = Δ_j − iκ_j/2, M[j][i] = J e^{iφ} for the hop i → j
    const net = {
      modes: spec.modes.map((m) => ({ name: m.name, omega: m.Delta, kappa: m.kappa })),
      couplings: spec.couplings.map((c) => ({ p: names.indexOf(c.j), q: names.indexOf(c.i), re: c.J * Math.cos(c.phase), im: c.J * Math.sin(c.phase) })),
    };
    const S = scatteringMatrix(net, 0, new Float64Array(2 * 16));
    for (const [key, p] of Object.entries(r.pairs)) {
      const [i, j] = key.split('->');
      expect(rel(p.T, transmission(S, 4, names.indexOf(i!), names.indexOf(j!))), key).toBeLessThan(1e-6);
      expect(Math.abs(p.g2 - 1), key).toBeLessThan(1e-6);
    }
    // nonreciprocal through the phase: the check is not trivially symmetric
    expect(rel(r.pairs['a->c']!.T, r.pairs['c->a']!.T)).toBeGreaterThan(1e-3);
    expect(Math.abs(r.cross['a->c,d']! - 1)).toBeLessThan(1e-6);
    expectValidStates(r);
  });

  it('a driven linear mode with a thermal bath: ⟨n⟩ = n_th + |α|² and g2 of a displaced thermal state; ⟨n⟩ → n_th as Ω → 0', () => {
    const Delta = 0.7;
    const one = (Omega: number, n_th: number): NetworkSpec =>
      parseNetworkSpec({ modes: [{ name: 'a', Delta, kappa: 1, n_th }], directions: [{ drive: 'a', Omega, outputs: ['a'] }] });
    for (const [Omega, n_th, fock] of [
      [0.3, 0.3, 30],
      [0.01, 0.3, 30],
      [0.3, 0.1, 16],
    ] as const) {
      const r = solveNetworkQuantum(one(Omega, n_th), { basis: 'per-mode', fock, convergence: 'check' });
      const alpha2 = (Omega * Omega) / (Delta * Delta + 0.25);
      const n = n_th + alpha2;
      const p = r.pairs['a->a']!;
      expect(rel(p.mean_n, n)).toBeLessThan(1e-9);
      expect(rel(p.g2, (alpha2 * alpha2 + 4 * alpha2 * n_th + 2 * n_th * n_th) / (n * n))).toBeLessThan(1e-9);
      expect(r.truncation.converged).toBe(true);
      expectValidStates(r);
    }
    const weak = solveNetworkQuantum(one(1e-4, 0.3), { basis: 'per-mode', fock: 30, convergence: 'none' });
    expect(rel(weak.pairs['a->a']!.mean_n, 0.3)).toBeLessThan(1e-6);
    // thermal statistics: g2 → 2
    expect(Math.abs(weak.pairs['a->a']!.g2 - 2)).toBeLessThan(1e-6);
  });

  it('two-photon loss on a driven linear mode: a coherent state without it; fewer photons and sub-Poissonian statistics with it', () => {
    const spec = (kappa2: number): NetworkSpec =>
      parseNetworkSpec({ modes: [{ name: 'a', kappa: 1, kappa2 }], directions: [{ drive: 'a', Omega: 0.5, outputs: ['a'] }] });
    const lin = solveNetworkQuantum(spec(0), { basis: 'total', fock: 'auto', convergence: 'none' }).pairs['a->a']!;
    const tp = solveNetworkQuantum(spec(0.5), { basis: 'total', fock: 'auto', convergence: 'none' }).pairs['a->a']!;
    // without κ₂: a coherent state of |α|² = Ω²/(κ/2)²
    expect(rel(lin.mean_n, 0.25 / 0.25)).toBeLessThan(1e-6);
    expect(Math.abs(lin.g2 - 1)).toBeLessThan(1e-6);
    // κ₂ removes pairs: fewer photons, and sub-Poissonian statistics
    expect(tp.mean_n).toBeLessThan(0.9 * lin.mean_n);
    expect(tp.g2).toBeLessThan(0.99);
  });

  it('a fixed truncation with the check reports the changes under the pair keys', () => {
    const r = solveNetworkQuantum(linearRing(0.05), { basis: 'total', fock: 3, convergence: 'check' });
    expect(r.truncation.checked).toBe('next-truncation');
    expect(Object.keys(r.truncation.changes!)).toEqual(expect.arrayContaining(['a->c.T', 'a->d.g2', 'c->a.g3', 'a<->c.isolation', 'a<->c.ratio']));
  });

  it('refuses what it cannot solve, naming fock or the drives', () => {
    const six = parseNetworkSpec({
      modes: ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name, kappa: 1 })),
      directions: [{ drive: 'a', Omega: 0.1, outputs: ['f'] }],
    });
    const err = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const mem = err(() => solveNetworkQuantum(six, { basis: 'per-mode', fock: 8, convergence: 'none' }));
    expect(mem).toBeInstanceOf(ParameterError);
    expect((mem as ParameterError).param).toBe('fock');
    expect((mem as ParameterError).reason).toMatch(/dimension 262144.*GB/);
    const low = err(() => solveNetworkQuantum(six, { basis: 'per-mode', fock: 1, convergence: 'none' }));
    expect((low as ParameterError).param).toBe('fock');
    const strong = parseNetworkSpec({ modes: [{ name: 'a', kappa: 1 }], directions: [{ drive: 'a', Omega: 5, outputs: ['a'] }] });
    const far = err(() => solveNetworkQuantum(strong, { basis: 'total', fock: 'auto', convergence: 'none' }));
    expect(far).toBeInstanceOf(ComputationError);
    expect((far as Error).message).toMatch(/Omega at a = 5/);
  });
});
