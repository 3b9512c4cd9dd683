import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src-core/errors';
import { fockBasis, jumpOp, loweringOp, raisingOp, type FockBasis, type JumpKind } from '../../../src-core/quantum/fock';
import { applyLiouvillian, applyLiouvillianDual, applyLiouvillianGeneral, decayDiagonal, generalScratch, liouvillian, vecIndex, type CollapseOperator, type Decay } from '../../../src-core/quantum/liouvillian';
import { buildHamiltonian, type BosonicHamiltonian, type SparseMatrix } from '../../../src-core/quantum/operators';
import { steadyState } from '../../../src-core/solvers/lindblad-steady-state';
import { rng } from '../../helpers/numeric';

interface FixtureSystem {
  name: string;
  description: string;
  basis: FockBasis['kind'];
  modes: number;
  cutoff: number;
  dim: number;
  /** Occupations of each basis state, in QuTiP's order. */
  states: number[][];
  hamiltonian: BosonicHamiltonian;
  /** Collapse operators √rate·C of one mode: C = a (kind lower or absent), a† (raise) or a² (lower2). */
  decay: { mode: number; rate: number; kind?: JumpKind }[];
  extra_c_ops: ({ kind: 'number'; mode: number; rate: number } | { kind: 'collective'; modes: [number, number]; phase: number; rate: number })[];
  /** Nonzero entries [row, col, re, im] of qutip.liouvillian(H, c_ops).full(). */
  liouvillian: [number, number, number, number][];
}

const fixtures = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/qutip/liouvillians.json'), 'utf8')) as {
  qutip_version: string;
  systems: FixtureSystem[];
};

/** A sparse matrix from its entries [row, col, re, im] (summed where repeated). */
function sparse(n: number, entries: [number, number, number, number][]): SparseMatrix {
  const rows = Array.from({ length: n }, () => new Map<number, [number, number]>());
  for (const [r, c, re, im] of entries) {
    const v = rows[r]!.get(c) ?? [0, 0];
    rows[r]!.set(c, [v[0] + re, v[1] + im]);
  }
  const rowPtr = new Int32Array(n + 1);
  const col: number[] = [];
  const re: number[] = [];
  const im: number[] = [];
  rows.forEach((row, r) => {
    for (const c of [...row.keys()].sort((x, y) => x - y)) {
      col.push(c);
      re.push(row.get(c)![0]);
      im.push(row.get(c)![1]);
    }
    rowPtr[r + 1] = col.length;
  });
  return { n, rowPtr, col: Int32Array.from(col), re: Float64Array.from(re), im: Float64Array.from(im) };
}

/** A diagonal operator as a sparse matrix. */
const diagonal = (values: number[]): SparseMatrix => sparse(values.length, values.map((v, i) => [i, i, v, 0]));

/** Σ_k f_k a_{mode_k} as a sparse matrix (f_k complex). */
function loweringSum(basis: FockBasis, terms: { mode: number; re: number; im: number }[]): SparseMatrix {
  const entries: [number, number, number, number][] = [];
  for (const { mode, re, im } of terms) {
    const a = loweringOp(basis, mode);
    for (let st = 0; st < basis.dim; st++) if (a.target[st]! >= 0) entries.push([a.target[st]!, st, re * a.amp[st]!, im * a.amp[st]!]);
  }
  return sparse(basis.dim, entries);
}

/** The system of a fixture in NR Lab's operators: basis, H, the jump collapse operators and every collapse operator. */
function build(s: FixtureSystem): { basis: FockBasis; H: SparseMatrix; decay: Decay[]; cOps: CollapseOperator[] } {
  const basis = fockBasis(s.basis, s.modes, s.cutoff);
  const H = buildHamiltonian(basis, s.hamiltonian);
  const decay = s.decay.map(({ mode, rate, kind }) => ({ op: jumpOp(basis, mode, kind ?? 'lower'), rate }));
  const extra = s.extra_c_ops.map((c) => {
    const f = Math.sqrt(c.rate);
    if (c.kind === 'number') return diagonal(Array.from({ length: basis.dim }, (_, st) => f * basis.occ[st * s.modes + c.mode]!));
    // √rate (a_m0 + e^{iφ} a_m1): a nonlocal loss channel (seed 003), complex and off-diagonal
    return loweringSum(basis, [
      { mode: c.modes[0], re: f, im: 0 },
      { mode: c.modes[1], re: f * Math.cos(c.phase), im: f * Math.sin(c.phase) },
    ]);
  });
  return { basis, H, decay, cOps: [...decay, ...extra] };
}

/** Dense (interleaved) n² × n² form of a sparse superoperator. */
function dense(L: SparseMatrix): Float64Array {
  const out = new Float64Array(2 * L.n * L.n);
  for (let r = 0; r < L.n; r++) {
    for (let p = L.rowPtr[r]!; p < L.rowPtr[r + 1]!; p++) {
      out[2 * (r * L.n + L.col[p]!)] = L.re[p]!;
      out[2 * (r * L.n + L.col[p]!) + 1] = L.im[p]!;
    }
  }
  return out;
}

/** L · vec(ρ) with ρ dense n × n row-major interleaved; returned as a dense n × n matrix (row-major). */
function superTimes(L: SparseMatrix, n: number, rho: Float64Array): Float64Array {
  const out = new Float64Array(2 * n * n);
  for (let r = 0; r < n * n; r++) {
    let sr = 0;
    let si = 0;
    for (let p = L.rowPtr[r]!; p < L.rowPtr[r + 1]!; p++) {
      const k = L.col[p]!;
      // k = i + n·j ↔ ρ[i][j]
      const i = k % n;
      const j = (k - i) / n;
      const xr = rho[2 * (i * n + j)]!, xi = rho[2 * (i * n + j) + 1]!;
      sr += L.re[p]! * xr - L.im[p]! * xi;
      si += L.re[p]! * xi + L.im[p]! * xr;
    }
    const i = r % n;
    const j = (r - i) / n;
    out[2 * (i * n + j)] = sr;
    out[2 * (i * n + j) + 1] = si;
  }
  return out;
}

function randomHermitian(n: number, seed: number): Float64Array {
  const rand = rng(seed);
  const rho = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    rho[2 * (i * n + i)] = rand();
    for (let j = 0; j < i; j++) {
      const re = rand();
      const im = rand();
      rho[2 * (i * n + j)] = re;
      rho[2 * (i * n + j) + 1] = im;
      rho[2 * (j * n + i)] = re;
      rho[2 * (j * n + i) + 1] = -im;
    }
  }
  return rho;
}

const maxAbs = (a: Float64Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe(`liouvillian(H, c_ops) agrees with QuTiP ${fixtures.qutip_version} element by element`, () => {
  it.each(fixtures.systems.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const { basis, H, cOps } = build(s);
    expect(basis.dim).toBe(s.dim);
    // QuTiP's basis order → ours, through the occupation numbers of each state
    const perm = s.states.map((occ) => basis.indexOf(occ));
    expect(new Set(perm).size).toBe(s.dim);
    expect(perm.every((p) => p >= 0)).toBe(true);
    const n = s.dim;
    const L = liouvillian(H, cOps);
    expect(L.n).toBe(n * n);
    const ours = dense(L);
    const ref = new Float64Array(ours.length);
    for (const [r, c, re, im] of s.liouvillian) {
      // vec index i + n·j of ρ[i][j] in QuTiP's order → the same element in ours
      const r2 = vecIndex(n, perm[r % n]!, perm[Math.floor(r / n)]!);
      const c2 = vecIndex(n, perm[c % n]!, perm[Math.floor(c / n)]!);
      ref[2 * (r2 * n * n + c2)] = re;
      ref[2 * (r2 * n * n + c2) + 1] = im;
    }
    let diff = 0;
    for (let i = 0; i < ours.length; i++) diff = Math.max(diff, Math.abs(ours[i]! - ref[i]!));
    expect(diff).toBeLessThan(1e-12);
    // the fixture is not trivially small: the comparison covers every kind of term
    expect(s.liouvillian.length).toBeGreaterThan(4 * n);
  });
});

describe('liouvillian: properties that hold for any H and collapse operators', () => {
  it('preserves the trace: Σ_i L[(i,i), k] = 0 for every column k', () => {
    for (const s of fixtures.systems) {
      const { H, cOps } = build(s);
      const n = s.dim;
      const L = liouvillian(H, cOps);
      const sums = new Float64Array(2 * n * n);
      for (let i = 0; i < n; i++) {
        const r = vecIndex(n, i, i);
        for (let p = L.rowPtr[r]!; p < L.rowPtr[r + 1]!; p++) {
          sums[2 * L.col[p]!] = sums[2 * L.col[p]!]! + L.re[p]!;
          sums[2 * L.col[p]! + 1] = sums[2 * L.col[p]! + 1]! + L.im[p]!;
        }
      }
      expect(maxAbs(sums)).toBeLessThan(1e-13);
    }
  });

  it('the matrix-free applyLiouvillian is the same operator: vec(𝓛ρ) = L·vec(ρ) for Hermitian ρ', () => {
    // the systems whose collapse operators are all jump operators (the kernel's form: a, a†, a²)
    for (const s of fixtures.systems.filter((x) => x.extra_c_ops.length === 0)) {
      const { basis, H, decay } = build(s);
      const n = basis.dim;
      const L = liouvillian(H, decay);
      const rho = randomHermitian(n, 7 + n);
      const out = new Float64Array(2 * n * n);
      applyLiouvillian(n, H, decayDiagonal(basis, decay), decay, rho, out, new Float64Array(2 * n * n));
      const ref = superTimes(L, n, rho);
      let diff = 0;
      for (let i = 0; i < out.length; i++) diff = Math.max(diff, Math.abs(out[i]! - ref[i]!));
      expect(diff).toBeLessThan(1e-13 * maxAbs(ref));
      expect(maxAbs(ref)).toBeGreaterThan(0.1);
    }
  });

  it('applyLiouvillianGeneral is the same operator on any (non-Hermitian) X, and applyLiouvillianDual is its dual: tr(A 𝓛X) = tr(𝓛*(A) X)', () => {
    for (const s of fixtures.systems.filter((x) => x.extra_c_ops.length === 0)) {
      const { basis, H, decay } = build(s);
      const n = basis.dim;
      const L = liouvillian(H, decay);
      const D = decayDiagonal(basis, decay);
      const r = rng(31 + n);
      const X = Float64Array.from({ length: 2 * n * n }, () => r());
      const A = Float64Array.from({ length: 2 * n * n }, () => r());
      const out = new Float64Array(2 * n * n);
      const scr = generalScratch(n);
      applyLiouvillianGeneral(n, H, D, decay, X, out, scr);
      const ref = superTimes(L, n, X);
      let diff = 0;
      for (let i = 0; i < out.length; i++) diff = Math.max(diff, Math.abs(out[i]! - ref[i]!));
      expect(diff).toBeLessThan(1e-13 * maxAbs(ref));
      // the pairing tr(AY) = Σ_ij A_ij Y_ji (complex)
      const pair = (P: Float64Array, Q: Float64Array): [number, number] => {
        let re = 0;
        let im = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const a = 2 * (i * n + j);
            const b = 2 * (j * n + i);
            re += P[a]! * Q[b]! - P[a + 1]! * Q[b + 1]!;
            im += P[a]! * Q[b + 1]! + P[a + 1]! * Q[b]!;
          }
        }
        return [re, im];
      };
      const dual = new Float64Array(2 * n * n);
      applyLiouvillianDual(n, H, D, decay, A, dual, scr);
      const [lr, li] = pair(A, ref);
      const [rr, ri] = pair(dual, X);
      expect(Math.hypot(lr - rr, li - ri)).toBeLessThan(1e-12 * Math.max(1, Math.hypot(lr, li)) * n);
      expect(Math.hypot(lr, li)).toBeGreaterThan(1e-3);
    }
  });

  it('covers the thermal and two-photon jumps, and decayDiagonal is the exact diagonal of Σ rate·C†C', () => {
    const kinds = new Set(fixtures.systems.flatMap((s) => s.decay.map((d) => d.kind ?? 'lower')));
    expect([...kinds].sort()).toEqual(['lower', 'lower2', 'raise']);
    for (const s of fixtures.systems) {
      const { basis, decay } = build(s);
      const D = decayDiagonal(basis, decay);
      // Σ rate·C†C from the sparse operators themselves (C†C is diagonal: each C maps distinct states to distinct states)
      const ref = new Float64Array(basis.dim);
      for (const { op, rate } of decay) for (let st = 0; st < basis.dim; st++) if (op.target[st]! >= 0) ref[st] = ref[st]! + rate * op.amp[st]! ** 2;
      D.forEach((d, st) => expect(Math.abs(d - ref[st]!)).toBeLessThan(1e-13 * Math.max(1, ref[st]!)));
    }
  });

  it('a† is truncated like QuTiP: zero on the top level (per-mode) and the top shell (total), √(n+1) below', () => {
    const pm = fockBasis('per-mode', 2, 3);
    const up = raisingOp(pm, 1);
    for (let st = 0; st < pm.dim; st++) {
      const n1 = pm.occ[st * 2 + 1]!;
      expect(up.target[st]! >= 0).toBe(n1 < 2);
      if (n1 < 2) {
        expect(up.amp[st]).toBeCloseTo(Math.sqrt(n1 + 1), 15);
        expect(pm.occ[up.target[st]! * 2 + 1]).toBe(n1 + 1);
      }
    }
    const tot = fockBasis('total', 3, 2);
    const up0 = raisingOp(tot, 0);
    for (let st = 0; st < tot.dim; st++) {
      const shell = tot.occ[st * 3]! + tot.occ[st * 3 + 1]! + tot.occ[st * 3 + 2]!;
      expect(up0.target[st]! >= 0).toBe(shell < 2);
    }
  });

  it("the steady-state solver's answer is in its null space", () => {
    const s = fixtures.systems.find((x) => x.name === 'three-cavity-K2')!;
    const { basis, H, decay } = build(s);
    const n = basis.dim;
    const { rho } = steadyState({ basis, H, decay });
    const L = liouvillian(H, decay);
    expect(maxAbs(superTimes(L, n, rho))).toBeLessThan(1e-12);
    // …and a state that is not stationary is not: the vacuum is driven away
    const vac = new Float64Array(2 * n * n);
    vac[0] = 1;
    expect(maxAbs(superTimes(L, n, vac))).toBeGreaterThan(0.1);
  });

  it.each(['manifold', 'sylvester'] as const)('with thermal and two-photon jumps, the %s method finds the null vector of the QuTiP-checked 𝓛', (method) => {
    for (const name of ['thermal-two-photon-N4', 'thermal-total-K3']) {
      const { basis, H, decay } = build(fixtures.systems.find((x) => x.name === name)!);
      const { rho, diagnostics } = steadyState({ basis, H, decay }, { method });
      expect(diagnostics.method).toBe(`${method}-gmres`);
      expect(maxAbs(superTimes(liouvillian(H, decay), basis.dim, rho))).toBeLessThan(1e-12);
      expect(Math.abs(diagnostics.traceError)).toBeLessThan(1e-12);
      expect(diagnostics.minEigenvalue).toBeGreaterThan(-1e-12);
    }
  });

  it('without collapse operators it is −i[H, ·]: anti-Hermitian (L† = −L) for Hermitian H', () => {
    const s = fixtures.systems[0]!;
    const { H } = build(s);
    const m = s.dim * s.dim;
    const D = dense(liouvillian(H));
    let diff = 0;
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) {
        diff = Math.max(diff, Math.abs(D[2 * (r * m + c)]! + D[2 * (c * m + r)]!), Math.abs(D[2 * (r * m + c) + 1]! - D[2 * (c * m + r) + 1]!));
      }
    }
    expect(diff).toBe(0);
    expect(maxAbs(D)).toBeGreaterThan(0.1);
  });
});

describe('liouvillian: bad operators are refused naming the argument', () => {
  const basis = fockBasis('per-mode', 1, 3);
  const H = buildHamiltonian(basis, { detuning: [0.5], kerr: [0], hops: [], drives: [{ mode: 0, re: 0.2, im: 0 }] });
  const a = loweringOp(basis, 0);

  it.each([
    ['a negative rate', [{ op: a, rate: 1 }, { op: a, rate: -1 }], 'cOps[1].rate', /finite number ≥ 0, got -1/],
    ['a NaN rate', [{ op: a, rate: NaN }], 'cOps[0].rate', /finite number ≥ 0, got NaN/],
    ['a lowering operator of another basis', [{ op: loweringOp(fockBasis('per-mode', 1, 4), 0), rate: 1 }], 'cOps[0]', /dimension 4, H has dimension 3/],
    ['a sparse operator of another dimension', [diagonal([1, 2])], 'cOps[0]', /dimension 2, H has dimension 3/],
    ['a sparse operator with a non-finite entry', [diagonal([1, Infinity, 0])], 'cOps[0]', /not a finite number/],
  ] as [string, CollapseOperator[], string, RegExp][])('%s', (_what, cOps, param, reason) => {
    let err: unknown;
    try {
      liouvillian(H, cOps);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as ParameterError).param).toBe(param);
    expect((err as ParameterError).reason).toMatch(reason);
  });

  it('a Hamiltonian with a non-finite entry', () => {
    const bad = { ...H, re: H.re.map((v, i) => (i === 0 ? NaN : v)) };
    expect(() => liouvillian(bad, [{ op: a, rate: 1 }])).toThrow(ParameterError);
    expect(() => liouvillian(bad, [{ op: a, rate: 1 }])).toThrow(/^H: /);
  });
});
