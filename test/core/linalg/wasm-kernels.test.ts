/**
 * The WebAssembly (SIMD) kernels against their TypeScript twins, which stay the fallback: the block
 * products of the manifold preconditioner and whole steady states agree to 1e-13 either way. The
 * module the build generated must be the compile of the current AssemblyScript source.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gemmABt } from '../../../src-core/linalg/small-gemm';
import { setWasmKernels, wasmKernels } from '../../../src-core/linalg/wasm/kernels';
import { resolveParams } from '../../../src-core/models/params';
import { getModel } from '../../../src-core/models/registry';
import { threeCavitySpec } from '../../../src-core/models/three-cavity/quantum';
import { solveNetworkDirection } from '../../../src-core/models/network/quantum';
import { fockBasis, jumpOp } from '../../../src-core/quantum/fock';
import { applyLiouvillian, decayDiagonal, wasmLiouvillian, wasmLiouvillianDoubles } from '../../../src-core/quantum/liouvillian';
import { buildHamiltonian, sparseFromRows } from '../../../src-core/quantum/operators';
import { excitationGrading, networkDecay, networkHamiltonian } from '../../../src-core/models/network/quantum';
import { lindbladApply } from '../../../src-core/solvers/lindblad-dynamics/steady-correlations';
import { steadyState } from '../../../src-core/solvers/lindblad-steady-state';
import { mirrorLower } from '../../../src-core/linalg/gemm';
import { tsVectorOps, VECTOR_ARENA_BYTES, wasmVectorOps } from '../../../src-core/linalg/vector-ops';
import { gmres, gmresWorkspace } from '../../../src-core/linalg/gmres';
import { hermitianEigenvalues } from '../../../src-core/linalg/hermitian-eigenvalues';
import { gradeSystem } from '../../../src-core/solvers/preconditioners/graded-system';
import { manifoldPreconditioner } from '../../../src-core/solvers/preconditioners/manifold';

const root = path.resolve(__dirname, '../../..');

/** A reproducible stream of numbers in [−0.5, 0.5). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

const maxAbs = (x: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
};

afterEach(() => setWasmKernels(true));

describe('WebAssembly kernels', () => {
  it('load in Node (WebAssembly SIMD is there)', () => {
    expect(wasmKernels()).toBeDefined();
  });

  it('gemmABt equals the TypeScript product for every shape, conjugation and output layout (odd sizes included)', () => {
    const wk = wasmKernels()!;
    const rand = rng(7);
    const shapes: [number, number, number][] = [];
    for (const m of [1, 2, 3, 6, 10, 21]) for (const k of [1, 3, 15]) for (const p of [1, 2, 7, 21]) shapes.push([m, k, p]);
    let doubles = 0;
    for (const [m, k, p] of shapes) doubles = Math.max(doubles, 2 * (m * k + p * k + m * p) + 64);
    for (const [m, k, p] of shapes) {
      for (const conj of [0, 1]) {
        for (const transC of [0, 1]) {
          wk.arena.reset(doubles);
          const a = Float64Array.from({ length: 2 * m * k }, rand);
          const b = Float64Array.from({ length: 2 * p * k }, rand);
          const A = wk.arena.alloc(a.length);
          A.set(a);
          const B = wk.arena.alloc(b.length);
          B.set(b);
          const C = wk.arena.alloc(2 * m * p);
          const ref = gemmABt(m, k, p, a, b, new Float64Array(2 * m * p), conj === 1, transC === 1);
          wk.gemmABt(m, k, p, wk.at(A), wk.at(B), wk.at(C), conj, transC);
          let err = 0;
          for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(C[i]! - ref[i]!));
          expect(err, `m=${m} k=${k} p=${p} conj=${conj} transC=${transC}`).toBeLessThanOrEqual(1e-13 * Math.max(1, maxAbs(ref)));
        }
      }
    }
  });

  it('cmulInPlace is the complex Hadamard product', () => {
    const wk = wasmKernels()!;
    const rand = rng(11);
    const count = 37;
    wk.arena.reset(4 * count + 16);
    const t = wk.arena.alloc(2 * count);
    const g = wk.arena.alloc(2 * count);
    for (let i = 0; i < 2 * count; i++) {
      t[i] = rand();
      g[i] = rand();
    }
    const want = new Float64Array(2 * count);
    for (let i = 0; i < count; i++) {
      const [tr, ti, gr, gi] = [t[2 * i]!, t[2 * i + 1]!, g[2 * i]!, g[2 * i + 1]!];
      want[2 * i] = tr * gr - ti * gi;
      want[2 * i + 1] = tr * gi + ti * gr;
    }
    wk.cmulInPlace(count, wk.at(t), wk.at(g));
    for (let i = 0; i < 2 * count; i++) expect(Math.abs(t[i]! - want[i]!)).toBeLessThanOrEqual(1e-16);
  });

  it('refuses an array outside its memory, and a layout beyond what was reserved', () => {
    const wk = wasmKernels()!;
    expect(() => wk.at(new Float64Array(4))).toThrow(/outside its arena/);
    wk.arena.reset(10);
    wk.arena.alloc(8);
    expect(() => wk.arena.alloc(1e6)).toThrow(/beyond what reset\(\) reserved/);
    // growing the memory for a large layout keeps the kernels working on the new buffer
    wk.arena.reset(4e6);
    const big = wk.arena.alloc(2 * 4);
    big.set([1, 2, 3, 4, 5, 6, 7, 8]);
    wk.cmulInPlace(1, wk.at(big), wk.at(big.subarray(2)));
    expect([big[0], big[1]]).toEqual([1 * 3 - 2 * 4, 1 * 4 + 2 * 3]);
  });

  it('the Liouvillian kernel is the TypeScript applyLiouvillian bit for bit (a non-Hermitian graded H, loss, two-photon loss and thermal jumps)', () => {
    const wk = wasmKernels()!;
    const rand = rng(23);
    for (const [kind, modes, cut] of [['total', 3, 4], ['total', 3, 5], ['per-mode', 2, 6], ['total', 1, 9]] as const) {
      const basis = fockBasis(kind, modes, cut);
      const n = basis.dim;
      // a random sparse H with a full diagonal, an odd count of nonzeros in some rows (the kernel's single tail)
      const rows = Array.from({ length: n }, (_, r) => {
        const row = new Map<number, [number, number]>([[r, [rand(), rand()]]]);
        const extra = 1 + ((r * 7) % 5);
        for (let e = 0; e < extra; e++) row.set(Math.floor((rand() + 0.5) * n) % n, [rand(), rand()]);
        return row;
      });
      const H = sparseFromRows(n, rows);
      const decay = [
        ...Array.from({ length: modes }, (_, m) => ({ op: jumpOp(basis, m, 'lower'), rate: 0.5 + m })),
        { op: jumpOp(basis, 0, 'lower2'), rate: 0.3 },
        { op: jumpOp(basis, modes - 1, 'raise'), rate: 0.05 },
      ];
      const D = decayDiagonal(basis, decay);
      const rho = mirrorLower(n, Float64Array.from({ length: 2 * n * n }, rand));
      const ref = new Float64Array(2 * n * n);
      applyLiouvillian(n, H, D, decay, rho, ref, new Float64Array(2 * n * n), false);
      wk.arena.reset(wasmLiouvillianDoubles(n, H, decay) + 4 * (n * n + 2));
      const L = wasmLiouvillian(wk, n, H, D, decay);
      const out = new Float64Array(2 * n * n).fill(Number.NaN);
      L(rho, out);
      expect(Array.from(out), `${kind} ${modes} modes, cutoff ${cut}`).toEqual(Array.from(ref));
      // and again on a second state with the same layout (nothing carried over), with the scale
      const rho2 = mirrorLower(n, Float64Array.from({ length: 2 * n * n }, rand));
      const bigTs = applyLiouvillian(n, H, D, decay, rho2, ref, new Float64Array(2 * n * n), true);
      const big = L(rho2, out, true);
      expect(Array.from(out)).toEqual(Array.from(ref));
      expect(big).toBe(bigTs);
      expect(big).toBeGreaterThan(0);
      expect(L(rho2, out)).toBe(0);
      // arena arrays (a solve's Krylov vectors) are read and written in place: the same bits
      const inArena = wk.arena.alloc(2 * n * n);
      const outArena = wk.arena.alloc(2 * n * n).fill(Number.NaN);
      inArena.set(rho2);
      // written in place: the result is not copied into it
      const spy = vi.spyOn(outArena, 'set');
      expect(L(inArena, outArena, true)).toBe(bigTs);
      expect(spy).not.toHaveBeenCalled();
      expect(Array.from(outArena)).toEqual(Array.from(ref));
      expect(Array.from(inArena)).toEqual(Array.from(rho2));
      // the largest term can be a jump's: scale the jumps up until one is
      const loud = decay.map((x) => ({ ...x, rate: x.rate * 1e6 }));
      const bigLoudTs = applyLiouvillian(n, H, D, loud, rho2, ref, new Float64Array(2 * n * n), true);
      wk.arena.reset(wasmLiouvillianDoubles(n, H, loud));
      expect(wasmLiouvillian(wk, n, H, D, loud)(rho2, out, true)).toBe(bigLoudTs);
      expect(Array.from(out)).toEqual(Array.from(ref));
    }
  });

  it('the Liouvillian’s arena room is enough for an H without nonzeros at a large dimension (the layout is an upper bound)', () => {
    const wk = wasmKernels()!;
    const basis = fockBasis('per-mode', 2, 20);
    const n = basis.dim;
    expect(n).toBe(400);
    const H = sparseFromRows(n, Array.from({ length: n }, () => new Map<number, [number, number]>()));
    expect(H.col.length).toBe(0);
    const decay = [{ op: jumpOp(basis, 0, 'lower'), rate: 1 }];
    const D = decayDiagonal(basis, decay);
    const rho = mirrorLower(n, Float64Array.from({ length: 2 * n * n }, rng(3)));
    const ref = new Float64Array(2 * n * n);
    applyLiouvillian(n, H, D, decay, rho, ref, new Float64Array(2 * n * n), false);
    expect(wk.arena.reset(wasmLiouvillianDoubles(n, H, decay))).toBe(true);
    const out = new Float64Array(2 * n * n);
    wasmLiouvillian(wk, n, H, D, decay)(rho, out);
    expect(Array.from(out)).toEqual(Array.from(ref));
  });

  it('the dynamics’ Liouvillian (lindbladApply) lays itself out again after a steady-state solve used the arena, and stays the TypeScript product bit for bit', () => {
    const basis = fockBasis('total', 2, 5);
    const n = basis.dim;
    const rand = rng(31);
    const H = sparseFromRows(n, Array.from({ length: n }, (_, r) => new Map<number, [number, number]>([[r, [rand(), 0]], [(r + 1) % n, [0.3, 0.1]], [(r + n - 1) % n, [0.3, -0.1]]])));
    const decay = [{ op: jumpOp(basis, 0, 'lower'), rate: 1 }, { op: jumpOp(basis, 1, 'lower'), rate: 0.4 }];
    const D = decayDiagonal(basis, decay);
    const rho = mirrorLower(n, Float64Array.from({ length: 2 * n * n }, rand));
    const ref = new Float64Array(2 * n * n);
    applyLiouvillian(n, H, D, decay, rho, ref, new Float64Array(2 * n * n), false);
    const L = lindbladApply({ basis, H, decay });
    const out = new Float64Array(2 * n * n);
    L(rho, out);
    expect(Array.from(out)).toEqual(Array.from(ref));
    const before = wasmKernels()!.arena.generation;
    steadyState({ basis, H, decay }, { skipPositivity: true });
    expect(wasmKernels()!.arena.generation, 'the solve laid out its own arrays').not.toBe(before);
    out.fill(0);
    L(rho, out);
    expect(Array.from(out)).toEqual(Array.from(ref));
  });

  it('a layout beyond what the memory can hold is refused by reset (false), and the solvers then take the TypeScript path', () => {
    const wk = wasmKernels()!;
    expect(wk.arena.reset(2 ** 40)).toBe(false);
    expect(wk.arena.reset(16)).toBe(true);
    const basis = fockBasis('total', 2, 4);
    const n = basis.dim;
    const H = sparseFromRows(n, Array.from({ length: n }, (_, r) => new Map<number, [number, number]>([[r, [0.2 * r, 0]], [(r + 1) % n, [0.3, 0.1]], [(r + n - 1) % n, [0.3, -0.1]]])));
    const decay = [{ op: jumpOp(basis, 0, 'lower'), rate: 1 }, { op: jumpOp(basis, 1, 'lower'), rate: 0.4 }];
    const want = steadyState({ basis, H, decay }, { skipPositivity: true });
    const spy = vi.spyOn(wk.arena, 'reset').mockReturnValue(false);
    const got = steadyState({ basis, H, decay }, { skipPositivity: true });
    const L = lindbladApply({ basis, H, decay });
    const rho = mirrorLower(n, Float64Array.from({ length: 2 * n * n }, rng(5)));
    const a = new Float64Array(2 * n * n);
    L(rho, a);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    const b = new Float64Array(2 * n * n);
    applyLiouvillian(n, H, decayDiagonal(basis, decay), decay, rho, b, new Float64Array(2 * n * n), false);
    expect(Array.from(a)).toEqual(Array.from(b));
    let err = 0;
    for (let i = 0; i < want.rho.length; i++) err = Math.max(err, Math.abs(want.rho[i]! - got.rho[i]!));
    expect(err).toBeLessThanOrEqual(1e-13);
  });

  it('the Krylov vector kernels are the TypeScript ones bit for bit, at every length modulo 4 (inner products, fused Gram–Schmidt, axpy, division, difference)', () => {
    const wk = wasmKernels()!;
    const ops = wasmVectorOps(wk, (len) => wk.arena.alloc(len));
    const next = rng(11);
    for (const len of [...Array.from({ length: 42 }, (_, i) => i), 62, 63, 1001, 1002, 6272]) {
      expect(wk.arena.reset(8 * len + 64)).toBe(true);
      // values of very different sizes, so that a different order of additions changes the bits
      const make = (): Float64Array => Float64Array.from({ length: len }, () => next() * 10 ** Math.round(16 * next()));
      const [a, b, c] = [make(), make(), make()];
      const [A, B, C] = [a, b, c].map((x) => {
        const v = ops.vector(len);
        v.set(x);
        return v;
      }) as [Float64Array, Float64Array, Float64Array];
      expect(ops.dot(A, B)).toBe(tsVectorOps.dot(a, b));
      expect(ops.subtractThenDot(A, 0.37, B, C)).toBe(tsVectorOps.subtractThenDot(a, 0.37, b, c));
      expect(Array.from(A)).toEqual(Array.from(a));
      expect(ops.subtractThenDot(A, -1.3, C, undefined)).toBe(tsVectorOps.subtractThenDot(a, -1.3, c, undefined));
      expect(Array.from(A)).toEqual(Array.from(a));
      ops.axpy(0.71, B, A);
      tsVectorOps.axpy(0.71, b, a);
      expect(Array.from(A)).toEqual(Array.from(a));
      ops.divide(A, 3.3);
      tsVectorOps.divide(a, 3.3);
      expect(Array.from(A)).toEqual(Array.from(a));
      ops.difference(B, C, A);
      tsVectorOps.difference(b, c, a);
      expect(Array.from(A)).toEqual(Array.from(a));
      // and the four-sum order is a real inner product
      if (len > 0) expect(Math.abs(tsVectorOps.dot(b, c) - b.reduce((s, x, i) => s + x * c[i]!, 0))).toBeLessThanOrEqual(1e-12 * b.reduce((s, x, i) => s + Math.abs(x * c[i]!), 0));
    }
    expect(() => ops.dot(new Float64Array(4), new Float64Array(4))).toThrow(/outside its arena/);
    // with a guard, a vector of a layout another one has replaced is refused before it is read
    expect(wk.arena.reset(64)).toBe(true);
    const generation = wk.arena.generation;
    const guarded = wasmVectorOps(wk, (len) => wk.arena.alloc(len), () => {
      if (wk.arena.generation !== generation) throw new Error('internal: replaced');
    });
    const v = guarded.vector(8).fill(1);
    expect(guarded.dot(v, v)).toBe(8);
    wk.arena.reset(64);
    expect(() => guarded.dot(v, v)).toThrow(/internal: replaced/);
    expect(() => guarded.vector(8)).toThrow(/internal: replaced/);
  });

  it('GMRES on arena vectors is GMRES on ordinary arrays bit for bit, restarts included', () => {
    const wk = wasmKernels()!;
    const len = 203;
    const next = rng(3);
    const M = Float64Array.from({ length: len * len }, () => next() * 0.3 / Math.sqrt(len));
    for (let i = 0; i < len; i++) M[i * len + i] = M[i * len + i]! + 1 + i / len;
    const apply = (v: Float64Array, out: Float64Array): void => {
      for (let i = 0; i < len; i++) {
        let s = 0;
        for (let j = 0; j < len; j++) s += M[i * len + j]! * v[j]!;
        out[i] = s;
      }
    };
    const rhs = Float64Array.from({ length: len }, next);
    const opts = { restart: 7, maxIterations: 200, tol: 1e-13 };
    const x = new Float64Array(len);
    const want = gmres(apply, rhs, x, opts);
    expect(want.converged).toBe(true);
    expect(want.iterations).toBeGreaterThan(opts.restart + 1); // it restarted
    expect(wk.arena.reset((opts.restart + 4) * (len + 2))).toBe(true);
    const ops = wasmVectorOps(wk, (n) => wk.arena.alloc(n));
    const b = ops.vector(len);
    b.set(rhs);
    const y = ops.vector(len);
    const got = gmres(apply, b, y, opts, gmresWorkspace(len, opts.restart, ops));
    expect(got).toEqual(want);
    expect(Array.from(y)).toEqual(Array.from(x));
    const spy = vi.spyOn(wk, 'vecSubtractThenDot');
    gmres(apply, b, y.fill(0), opts, gmresWorkspace(len, opts.restart, wasmVectorOps(wk, (n) => wk.arena.alloc(n))));
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it('the steady state keeps its Krylov basis in the arena (its vector kernels run), and not beyond the room’s limit', () => {
    const wk = wasmKernels()!;
    const basis = fockBasis('total', 3, 4);
    const spec = threeCavitySpec(resolveParams(getModel('three-cavity').schema, {}));
    const spy = vi.spyOn(wk, 'vecSubtractThenDot');
    solveNetworkDirection(spec, 0, basis, { positivity: false });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    const n = basis.dim;
    const H = sparseFromRows(n, Array.from({ length: n }, (_, r) => new Map<number, [number, number]>([[r, [0.1 * r, 0]]])));
    const decay = [0, 1, 2].map((m) => ({ op: jumpOp(basis, m, 'lower'), rate: 1 }));
    const g = gradeSystem({ basis, H, decay }, new Float64Array(n).fill(1), {});
    expect(manifoldPreconditioner(g, 'forward', 40)!.vectors).toBeDefined();
    // a room past VECTOR_ARENA_BYTES is not reserved: the vectors stay ordinary arrays
    const tooMany = Math.ceil(VECTOR_ARENA_BYTES / (16 * n * n)) + 1;
    const P = manifoldPreconditioner(g, 'forward', tooMany)!;
    expect(P.vectors).toBeUndefined();
    expect(P.liouvillian).toBeDefined();
  });

  it('the forward sweep in one WebAssembly call is the TypeScript sweep to 1e-13 (graded three-cavity system with drive, K = 5), and runs on arena arrays only', () => {
    const wk = wasmKernels()!;
    const basis = fockBasis('total', 3, 5);
    const n = basis.dim;
    const spec = threeCavitySpec(resolveParams(getModel('three-cavity').schema, { Omega: 0.6, Delta: -0.4 }));
    const H = buildHamiltonian(basis, networkHamiltonian(spec, 0));
    const decay = networkDecay(spec, basis);
    const graded = (): ReturnType<typeof gradeSystem> => gradeSystem({ basis, H, decay }, excitationGrading(basis, 0.6, 0), {});
    const Y = mirrorLower(n, Float64Array.from({ length: 2 * n * n }, rng(9)));
    setWasmKernels(false);
    const want = new Float64Array(2 * n * n);
    manifoldPreconditioner(graded(), 'forward')!.apply(Y, want);
    setWasmKernels(true);
    const P = manifoldPreconditioner(graded(), 'forward', 4)!;
    const [y, x] = [P.vectors!.vector(2 * n * n), P.vectors!.vector(2 * n * n)];
    y.set(Y);
    const spy = vi.spyOn(wk, 'manifoldForward');
    P.apply(y, x);
    expect(spy).toHaveBeenCalledTimes(1);
    // on ordinary arrays it takes the TypeScript loops around the WebAssembly block products
    const z = new Float64Array(2 * n * n);
    P.apply(Y, z);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    const scale = maxAbs(want);
    expect(scale).toBeGreaterThan(0);
    let err = 0;
    let errZ = 0;
    for (let i = 0; i < want.length; i++) {
      err = Math.max(err, Math.abs(x[i]! - want[i]!));
      errZ = Math.max(errZ, Math.abs(z[i]! - want[i]!));
    }
    expect(err / scale).toBeLessThanOrEqual(1e-13);
    expect(errZ / scale).toBeLessThanOrEqual(1e-13);
  });

  it('the Householder reduction of the positivity check gives the TypeScript eigenvalues to rounding (random Hermitian matrices and a steady state’s ρ with eigenvalues down to 1e-12)', () => {
    const wk = wasmKernels()!;
    const rand = rng(41);
    const cases: [number, Float64Array][] = [];
    for (const n of [8, 9, 17, 40]) cases.push([n, mirrorLower(n, Float64Array.from({ length: 2 * n * n }, rand))]);
    const spec = threeCavitySpec(resolveParams(getModel('three-cavity').schema, {}));
    const rho = solveNetworkDirection(spec, 0, fockBasis('total', 3, 5), { positivity: false }).direction.rho;
    cases.push([56, rho]);
    for (const [n, A] of cases) {
      // make the diagonal real (a Hermitian matrix)
      for (let i = 0; i < n; i++) A[2 * (i * n + i) + 1] = 0;
      setWasmKernels(false);
      const want = hermitianEigenvalues(n, A.slice(), new Float64Array(n));
      setWasmKernels(true);
      const spy = vi.spyOn(wk, 'hermitianTridiagonal');
      const copy = A.slice();
      const got = hermitianEigenvalues(n, copy, new Float64Array(n));
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
      const scale = maxAbs(want);
      for (let i = 0; i < n; i++) expect(Math.abs(got[i]! - want[i]!), `n=${n} eigenvalue ${i}`).toBeLessThanOrEqual(1e-14 * scale);
      // the trace is the sum of the eigenvalues
      let tr = 0;
      for (let i = 0; i < n; i++) tr += A[2 * (i * n + i)]!;
      expect(Math.abs(got.reduce((x, y) => x + y, 0) - tr)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(tr)) * n);
    }
    // the steady state's smallest eigenvalue is round-off, not below the positivity bar
    const ev = hermitianEigenvalues(56, rho.slice(), new Float64Array(56));
    expect(ev[0]).toBeGreaterThan(-1e-12);
    expect(ev[55]).toBeGreaterThan(0.5);
  });

  it('a steady state is the same with and without them to 1e-13 (three-cavity network, both directions, K = 4 and 5)', () => {
    const m = getModel('three-cavity');
    for (const [Delta, kappa_b, Omega] of [
      [0.5, 1, 0.1],
      [-1.2, 2.5, 0.1],
      [0.3, 0.7, 1],
    ] as const) {
      const spec = threeCavitySpec(resolveParams(m.schema, { Delta, kappa_b, Omega }));
      for (const K of [4, 5]) {
        const basis = fockBasis('total', 3, K);
        for (const k of [0, 1]) {
          setWasmKernels(true);
          const w = solveNetworkDirection(spec, k, basis, { positivity: false }).direction;
          setWasmKernels(false);
          const t = solveNetworkDirection(spec, k, basis, { positivity: false }).direction;
          expect(w.diagnostics.method).toBe(t.diagnostics.method);
          const scale = maxAbs(t.rho);
          let err = 0;
          for (let i = 0; i < t.rho.length; i++) err = Math.max(err, Math.abs(w.rho[i]! - t.rho[i]!));
          expect(err / scale, `Δ=${Delta} κ_b=${kappa_b} Ω=${Omega} K=${K} direction ${k}`).toBeLessThanOrEqual(1e-13);
        }
      }
    }
  });

  it('the generated module is the compile of the current src-wasm/kernels.ts', async () => {
    const gen = (await import(path.join(root, 'scripts/gen-wasm-kernels.mjs'))) as { compileKernels(): Promise<Buffer>; WASM_PATH: string };
    const fresh = (await gen.compileKernels()).toString('base64');
    const text = readFileSync(path.join(root, gen.WASM_PATH), 'utf8');
    expect(text).toContain(`'${fresh}'`);
  }, 60_000);
});
