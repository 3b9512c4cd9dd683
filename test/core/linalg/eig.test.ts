import { describe, expect, it } from 'vitest';
import { ComputationError, ConvergenceError, toErrorPayload } from '../../../src-core/errors';
import { eig, eigWorkspace, hessenberg, schur } from '../../../src-core/linalg/eig';
import { luFactor, luInverse } from '../../../src-core/linalg/lu';
import { rng } from '../../helpers/numeric';


type C = [number, number];

/** Element (i, j); + 0 turns −0 into +0 so exact comparisons ignore the sign of zero. */
function get(a: Float64Array, n: number, i: number, j: number): C {
  return [a[2 * (i * n + j)]! + 0, a[2 * (i * n + j) + 1]! + 0];
}

/** λ_k as a pair, −0 turned into +0. */
function eigenvalue(lambda: Float64Array, k: number): C {
  return [lambda[2 * k]! + 0, lambda[2 * k + 1]! + 0];
}

function set(a: Float64Array, n: number, i: number, j: number, re: number, im = 0): void {
  a[2 * (i * n + j)] = re;
  a[2 * (i * n + j) + 1] = im;
}

function matmul(n: number, a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const [ar, ai] = get(a, n, i, k);
      for (let j = 0; j < n; j++) {
        const br = b[2 * (k * n + j)]!;
        const bi = b[2 * (k * n + j) + 1]!;
        c[2 * (i * n + j)] = c[2 * (i * n + j)]! + ar * br - ai * bi;
        c[2 * (i * n + j) + 1] = c[2 * (i * n + j) + 1]! + ar * bi + ai * br;
      }
    }
  }
  return c;
}

function adjoint(n: number, a: Float64Array): Float64Array {
  const b = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const [re, im] = get(a, n, j, i);
      set(b, n, i, j, re, -im);
    }
  }
  return b;
}

/** max |a_ij − b_ij| */
function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let p = 0; p < a.length; p += 2) m = Math.max(m, Math.hypot(a[p]! - b[p]!, a[p + 1]! - b[p + 1]!));
  return m;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let p = 0; p < a.length; p += 2) m = Math.max(m, Math.hypot(a[p]!, a[p + 1]!));
  return m;
}

function identity(n: number): Float64Array {
  const e = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) set(e, n, i, i, 1);
  return e;
}

function randomMatrix(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return new Float64Array(2 * n * n).map(() => r());
}

/** Run eig on a copy of A. */
function solve(n: number, A: Float64Array, maxSweeps?: number): { lambda: Float64Array; V: Float64Array; sweeps: number } {
  const a = A.slice();
  const lambda = new Float64Array(2 * n);
  const V = new Float64Array(2 * n * n);
  const { sweeps } = eig(n, a, lambda, V, eigWorkspace(n), maxSweeps);
  return { lambda, V, sweeps };
}

/** ‖AV − VΛ‖_max / ‖A‖_max */
function relResidual(n: number, A: Float64Array, lambda: Float64Array, V: Float64Array): number {
  const AV = matmul(n, A, V);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const [vr, vi] = get(V, n, i, k);
      const lr = lambda[2 * k]!;
      const li = lambda[2 * k + 1]!;
      AV[2 * (i * n + k)] = AV[2 * (i * n + k)]! - (lr * vr - li * vi);
      AV[2 * (i * n + k) + 1] = AV[2 * (i * n + k) + 1]! - (lr * vi + li * vr);
    }
  }
  return maxAbs(AV) / maxAbs(A);
}

/** Columns of V have unit 2-norm and a real positive largest component. */
function expectNormalised(n: number, V: Float64Array): void {
  for (let k = 0; k < n; k++) {
    let ss = 0;
    let big = -1;
    let at: C = [0, 0];
    for (let i = 0; i < n; i++) {
      const [re, im] = get(V, n, i, k);
      ss += re * re + im * im;
      if (re * re + im * im > big) {
        big = re * re + im * im;
        at = [re, im];
      }
    }
    expect(Math.abs(Math.sqrt(ss) - 1)).toBeLessThan(1e-14);
    expect(at[1]).toBe(0);
    expect(at[0]).toBeGreaterThan(0);
  }
}

/**
 * Each expected value matched to a distinct computed eigenvalue (greedy, nearest first); returns
 * the largest distance.
 */
function matchEigenvalues(lambda: Float64Array, expected: C[]): number {
  const n = lambda.length / 2;
  const used = new Array<boolean>(n).fill(false);
  let worst = 0;
  for (const [er, ei] of expected) {
    let best = Infinity;
    let bestK = -1;
    for (let k = 0; k < n; k++) {
      if (used[k]) continue;
      const d = Math.hypot(lambda[2 * k]! - er, lambda[2 * k + 1]! - ei);
      if (d < best) {
        best = d;
        bestK = k;
      }
    }
    used[bestK] = true;
    worst = Math.max(worst, best);
  }
  return worst;
}

/** The unitary U = (I − 2uuᴴ/uᴴu)(I − 2wwᴴ/wᴴw) for random u, w: exactly known, far from diagonal. */
function randomUnitary(n: number, seed: number): Float64Array {
  const r = rng(seed);
  let U = identity(n);
  for (let rep = 0; rep < 2; rep++) {
    const u = new Float64Array(2 * n).map(() => r());
    let uu = 0;
    for (const x of u) uu += x * x;
    const P = identity(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        // −2 u_i conj(u_j) / uᴴu
        const re = u[2 * i]! * u[2 * j]! + u[2 * i + 1]! * u[2 * j + 1]!;
        const im = u[2 * i + 1]! * u[2 * j]! - u[2 * i]! * u[2 * j + 1]!;
        P[2 * (i * n + j)] = P[2 * (i * n + j)]! - (2 * re) / uu;
        P[2 * (i * n + j) + 1] = P[2 * (i * n + j) + 1]! - (2 * im) / uu;
      }
    }
    U = matmul(n, U, P);
  }
  return U;
}

/** U·diag(d)·Uᴴ */
function unitarySimilarity(n: number, U: Float64Array, d: C[]): Float64Array {
  const D = new Float64Array(2 * n * n);
  d.forEach(([re, im], k) => set(D, n, k, k, re, im));
  return matmul(n, matmul(n, U, D), adjoint(n, U));
}

/** Kronecker product of an m×m and a p×p matrix. */
function kron(m: number, a: Float64Array, p: number, b: Float64Array): Float64Array {
  const n = m * p;
  const c = new Float64Array(2 * n * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const [ar, ai] = get(a, m, i, j);
      if (ar === 0 && ai === 0) continue;
      for (let k = 0; k < p; k++) {
        for (let l = 0; l < p; l++) {
          const [br, bi] = get(b, p, k, l);
          set(c, n, i * p + k, j * p + l, ar * br - ai * bi, ar * bi + ai * br);
        }
      }
    }
  }
  return c;
}

function add(...ms: Float64Array[]): Float64Array {
  const c = new Float64Array(ms[0]!.length);
  for (const m of ms) for (let p = 0; p < c.length; p++) c[p] = c[p]! + m[p]!;
  return c;
}

function scale(a: Float64Array, re: number, im = 0): Float64Array {
  const c = new Float64Array(a.length);
  for (let p = 0; p < a.length; p += 2) {
    c[p] = a[p]! * re - a[p + 1]! * im;
    c[p + 1] = a[p]! * im + a[p + 1]! * re;
  }
  return c;
}

/** Truncated annihilation operator on N levels: a|k⟩ = √k |k−1⟩. */
function lowering(N: number): Float64Array {
  const a = new Float64Array(2 * N * N);
  for (let k = 1; k < N; k++) set(a, N, k - 1, k, Math.sqrt(k));
  return a;
}

/** H_eff = (ω − iκ/2)·a†a of one damped oscillator on N levels. */
function dampedOscillator(N: number, omega: number, kappa: number): Float64Array {
  const h = new Float64Array(2 * N * N);
  for (let k = 0; k < N; k++) set(h, N, k, k, omega * k, (-kappa / 2) * k);
  return h;
}

describe('eig: small and exact cases', () => {
  it('handles n = 0 and n = 1', () => {
    expect(eig(0, new Float64Array(0), new Float64Array(0), new Float64Array(0)).sweeps).toBe(0);
    const { lambda, V, sweeps } = solve(1, new Float64Array([2.5, -1.25]));
    expect(Array.from(lambda)).toEqual([2.5, -1.25]);
    expect(Array.from(V)).toEqual([1, 0]);
    expect(sweeps).toBe(0);
  });

  it('returns a diagonal matrix unchanged: exact eigenvalues, unit eigenvectors', () => {
    const n = 6;
    const d: C[] = [
      [3, -1],
      [-2, 0.5],
      [0, 0],
      [1e-3, -7],
      [3, -1],
      [-0.25, 4],
    ];
    const A = new Float64Array(2 * n * n);
    d.forEach(([re, im], k) => set(A, n, k, k, re, im));
    const { lambda, V } = solve(n, A);
    for (let k = 0; k < n; k++) expect(eigenvalue(lambda, k)).toEqual(d[k]);
    expect(maxDiff(V, identity(n))).toBe(0);
  });

  it('finds the diagonal of an upper triangular matrix exactly', () => {
    const n = 7;
    const r = rng(7);
    const A = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) set(A, n, i, j, r(), r());
    const { lambda, V } = solve(n, A);
    for (let k = 0; k < n; k++) expect(eigenvalue(lambda, k)).toEqual(get(A, n, k, k));
    expect(relResidual(n, A, lambda, V)).toBeLessThan(1e-14);
    expectNormalised(n, V);
  });

  it('finds the diagonal of a lower triangular matrix to rounding accuracy', () => {
    const n = 9;
    const r = rng(9);
    const A = new Float64Array(2 * n * n);
    const d: C[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) set(A, n, i, j, 0.3 * r(), 0.3 * r());
      d.push([i + 1 + r(), r()]); // well separated
      set(A, n, i, i, ...d[i]!);
    }
    const { lambda, V } = solve(n, A);
    expect(matchEigenvalues(lambda, d)).toBeLessThan(1e-13);
    expect(relResidual(n, A, lambda, V)).toBeLessThan(1e-14);
  });

  it('matches the closed form of a 2×2', () => {
    const a: C = [1.5, -0.5];
    const b: C = [2, 1];
    const c: C = [-0.75, 0.25];
    const d: C = [-1, 2];
    const A = new Float64Array([...a, ...b, ...c, ...d]);
    // λ = (a+d)/2 ± sqrt(((a−d)/2)² + bc)
    const mr = (a[0] + d[0]) / 2;
    const mi = (a[1] + d[1]) / 2;
    const hr = (a[0] - d[0]) / 2;
    const hi = (a[1] - d[1]) / 2;
    const zr = hr * hr - hi * hi + (b[0] * c[0] - b[1] * c[1]);
    const zi = 2 * hr * hi + (b[0] * c[1] + b[1] * c[0]);
    const m = Math.hypot(zr, zi);
    const sr = Math.sqrt((m + zr) / 2);
    const si = Math.sign(zi) * Math.sqrt((m - zr) / 2);
    const { lambda, V } = solve(2, A);
    expect(
      matchEigenvalues(lambda, [
        [mr + sr, mi + si],
        [mr - sr, mi - si],
      ]),
    ).toBeLessThan(1e-15 * 8);
    expect(relResidual(2, A, lambda, V)).toBeLessThan(1e-15);
    expectNormalised(2, V);
  });

  it('finds the roots of a polynomial from its companion matrix', () => {
    const roots: C[] = [
      [1, 0],
      [-2, 0],
      [0, 0.5],
      [1, 1],
      [-1, -0.5],
      [3, -1],
      [0.25, -2],
    ];
    const n = roots.length;
    // coefficients of Π (z − r_k), highest first: p = [1, c1, …, cn]
    let p: C[] = [[1, 0]];
    for (const [rr, ri] of roots) {
      const q: C[] = p.map(([x, y]) => [x, y]);
      q.push([0, 0]);
      for (let k = 1; k <= p.length; k++) {
        const [x, y] = p[k - 1]!;
        q[k] = [q[k]![0] - (x * rr - y * ri), q[k]![1] - (x * ri + y * rr)];
      }
      p = q;
    }
    const A = new Float64Array(2 * n * n);
    for (let j = 0; j < n; j++) set(A, n, 0, j, -p[j + 1]![0], -p[j + 1]![1]);
    for (let i = 1; i < n; i++) set(A, n, i, i - 1, 1);
    const { lambda, V } = solve(n, A);
    expect(matchEigenvalues(lambda, roots)).toBeLessThan(1e-11);
    expect(relResidual(n, A, lambda, V)).toBeLessThan(1e-14);
  });

  it('finds the 8th roots of unity from the cyclic shift (needs exceptional shifts)', () => {
    const n = 8;
    const A = new Float64Array(2 * n * n);
    set(A, n, 0, n - 1, 1);
    for (let i = 1; i < n; i++) set(A, n, i, i - 1, 1);
    const { lambda, V, sweeps } = solve(n, A);
    const roots: C[] = Array.from({ length: n }, (_, k) => [Math.cos((2 * Math.PI * k) / n), Math.sin((2 * Math.PI * k) / n)]);
    expect(matchEigenvalues(lambda, roots)).toBeLessThan(1e-14);
    expect(relResidual(n, A, lambda, V)).toBeLessThan(1e-14);
    // Wilkinson shifts are all zero here and a zero-shift sweep of an orthogonal matrix is a no-op:
    // only the exceptional shift after 10 sweeps gets the iteration going.
    expect(sweeps).toBeGreaterThanOrEqual(10);
  });

  it('throws, saying how many sweeps ran, when the sweep limit is reached', () => {
    const n = 8;
    const A = new Float64Array(2 * n * n);
    set(A, n, 0, n - 1, 1);
    for (let i = 1; i < n; i++) set(A, n, i, i - 1, 1);
    expect(() => solve(n, A, 5)).toThrow(/did not converge after 5 sweeps/);
  });
});

/** The n×n cyclic shift (ones on the subdiagonal and in the top-right corner): eigenvalues are the n-th roots of unity. */
function cyclicShift(n: number): Float64Array {
  const A = new Float64Array(2 * n * n);
  set(A, n, 0, n - 1, 1);
  for (let i = 1; i < n; i++) set(A, n, i, i - 1, 1);
  return A;
}

/** The error `f` throws (fails the test when it throws nothing). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('eig: non-convergence is a typed ComputationError', () => {
  it('the single-shift QR (zlahqr) stopped by the sweep limit: type, routine, iteration count', () => {
    // Zero-shift sweeps of the orthogonal cyclic shift change nothing, so after 5 sweeps no
    // eigenvalue has converged (the exceptional shift comes after 10).
    const err = thrown(() => solve(8, cyclicShift(8), 5));
    expect(err).toBeInstanceOf(ConvergenceError);
    expect(err).toBeInstanceOf(ComputationError);
    const e = err as ConvergenceError;
    expect(e.routine).toBe('zlahqr');
    expect(e.iterations).toBe(5);
    expect(e.code).toBe('computation');
    expect(e.message).toMatch(/\(zlahqr\) did not converge after 5 sweeps \(0 of 8 eigenvalues converged\)/);
    // crossing a thread or process boundary keeps the kind and the message
    expect(toErrorPayload(e)).toEqual({ name: 'ConvergenceError', code: 'computation', message: e.message });
  });

  it('the sweeps with AED shifts (zlaqr0) on an order ≥ 75 stopped by the sweep limit', () => {
    // n = 80 ≥ NMIN: the first sweeps run in the zlaqr0 loop (the AED window cannot deflate a
    // roots-of-unity spectrum with unit coupling), and a limit of 3 stops it there.
    const err = thrown(() => solve(80, cyclicShift(80), 3));
    expect(err).toBeInstanceOf(ConvergenceError);
    expect((err as ConvergenceError).routine).toBe('zlaqr0');
    expect((err as ConvergenceError).iterations).toBe(3);
    expect((err as Error).message).toMatch(/did not converge after 3 sweeps/);
  });

  it('the limit counts every sweep of both routines: S sweeps pass with limit S and fail with limit S − 1', () => {
    const n = 80;
    const A = randomMatrix(n, 80);
    const free = solve(n, A);
    const exact = solve(n, A, free.sweeps);
    expect(exact.sweeps).toBe(free.sweeps);
    expect(exact.lambda).toEqual(free.lambda);
    const err = thrown(() => solve(n, A, free.sweeps - 1)) as ConvergenceError;
    expect(err).toBeInstanceOf(ConvergenceError);
    expect(err.iterations).toBe(free.sweeps - 1);
    // the last active block is below NMIN, so the single-shift routine runs out of sweeps
    expect(err.routine).toBe('zlahqr');
    expect(relResidual(n, A, free.lambda, free.V)).toBeLessThan(1e-12);
  });

  it('schur throws the same error, and leaves no state behind for the next call', () => {
    const n = 8;
    const h = cyclicShift(n);
    const z = identity(n);
    const err = thrown(() => schur(n, h, z, new Float64Array(2 * n), eigWorkspace(n), 7)) as ConvergenceError;
    expect(err).toBeInstanceOf(ConvergenceError);
    expect([err.routine, err.iterations]).toEqual(['zlahqr', 7]);
    // the same workspace then serves a fresh call unharmed
    const ws = eigWorkspace(n);
    expect(() => eig(n, cyclicShift(n), new Float64Array(2 * n), new Float64Array(2 * n * n), ws, 2)).toThrow(ConvergenceError);
    const A = cyclicShift(n);
    const lambda = new Float64Array(2 * n);
    const V = new Float64Array(2 * n * n);
    eig(n, A.slice(), lambda, V, ws);
    const roots: C[] = Array.from({ length: n }, (_, k) => [Math.cos((2 * Math.PI * k) / n), Math.sin((2 * Math.PI * k) / n)]);
    expect(matchEigenvalues(lambda, roots)).toBeLessThan(1e-14);
  });

  it.each([Number.NaN, -1])('rejects the sweep limit %s, naming maxSweeps', (maxSweeps) => {
    const n = 3;
    expect(() => eig(n, randomMatrix(n, 3), new Float64Array(2 * n), new Float64Array(2 * n * n), eigWorkspace(n), maxSweeps)).toThrow(/maxSweeps must be a non-negative number/);
    expect(() => schur(n, identity(n), identity(n), new Float64Array(2 * n), eigWorkspace(n), maxSweeps)).toThrow(RangeError);
  });
});

describe('eig: Hermitian and normal matrices', () => {
  it('gives real eigenvalues and a unitary V for a Hermitian matrix with known spectrum', () => {
    const n = 12;
    const d: C[] = Array.from({ length: n }, (_, k) => [k - 5.5 + 0.1 * k * k, 0]);
    const A = unitarySimilarity(n, randomUnitary(n, 12), d);
    const { lambda, V } = solve(n, A);
    const scaleA = maxAbs(A);
    for (let k = 0; k < n; k++) expect(Math.abs(lambda[2 * k + 1]!)).toBeLessThan(1e-14 * scaleA * n);
    expect(matchEigenvalues(lambda, d)).toBeLessThan(1e-14 * scaleA * n);
    expect(maxDiff(matmul(n, adjoint(n, V), V), identity(n))).toBeLessThan(1e-13);
    expect(relResidual(n, A, lambda, V)).toBeLessThan(1e-14);
  });

  it('gives real eigenvalues and a unitary V for a random Hermitian matrix', () => {
    const n = 40;
    const B = randomMatrix(n, 40);
    const A = add(B, adjoint(n, B));
    const { lambda, V } = solve(n, A);
    const scaleA = maxAbs(A);
    for (let k = 0; k < n; k++) expect(Math.abs(lambda[2 * k + 1]!)).toBeLessThan(1e-13 * scaleA);
    // orthogonality of computed eigenvectors degrades as ulp·‖A‖ / gap
    let gap = Infinity;
    for (let k = 0; k < n; k++) for (let l = 0; l < k; l++) gap = Math.min(gap, Math.abs(lambda[2 * k]! - lambda[2 * l]!));
    expect(maxDiff(matmul(n, adjoint(n, V), V), identity(n))).toBeLessThan((1e-14 * scaleA * n) / gap);
    expect(relResidual(n, A, lambda, V)).toBeLessThan(1e-13);
  });

  it('resolves clustered eigenvalues 1 + 1e-8·k of a normal matrix', () => {
    const n = 10;
    const d: C[] = Array.from({ length: n }, (_, k) => [1 + 1e-8 * k, 0]);
    const A = unitarySimilarity(n, randomUnitary(n, 10), d);
    const { lambda, V } = solve(n, A);
    // errors ~ ulp·‖A‖, far below the spacing 1e-8: every eigenvalue is matched
    expect(matchEigenvalues(lambda, d)).toBeLessThan(1e-14);
    expect(relResidual(n, A, lambda, V)).toBeLessThan(1e-14);
  });
});

describe('eig: damped oscillators (H_eff of open quantum systems)', () => {
  it('gives λ_k = (ω − iκ/2)·k exactly for one oscillator in the Fock basis', () => {
    const N = 12;
    const omega = 1.3;
    const kappa = 0.37;
    const { lambda } = solve(N, dampedOscillator(N, omega, kappa));
    for (let k = 0; k < N; k++) expect(eigenvalue(lambda, k)).toEqual([omega * k, (-kappa / 2) * k + 0]);
  });

  it('gives λ_k = (ω − iκ/2)·k to rounding accuracy in a rotated basis', () => {
    const N = 16;
    const omega = 1.3;
    const kappa = 0.37;
    const d: C[] = Array.from({ length: N }, (_, k) => [omega * k, (-kappa / 2) * k]);
    const A = unitarySimilarity(N, randomUnitary(N, 16), d);
    const { lambda, V } = solve(N, A);
    expect(matchEigenvalues(lambda, d)).toBeLessThan(1e-14 * maxAbs(A) * N);
    expect(relResidual(N, A, lambda, V)).toBeLessThan(1e-14);
  });

  it('gives the normal-mode spectrum of two coupled damped oscillators (Kronecker products)', () => {
    const N = 7;
    const n = N * N;
    const I = identity(N);
    const a = lowering(N);
    const ad = adjoint(N, a);
    const ea: C = [1.0, -0.2]; // ω_a − iκ_a/2
    const eb: C = [1.35, -0.05];
    const g = 0.3;
    const Ha = dampedOscillator(N, ea[0], -2 * ea[1]);
    const Hb = dampedOscillator(N, eb[0], -2 * eb[1]);
    const uncoupled = add(kron(N, Ha, N, I), kron(N, I, N, Hb));
    // uncoupled: diagonal, eigenvalues p·ε_a + q·ε_b exactly
    const { lambda: l0 } = solve(n, uncoupled);
    for (let p = 0; p < N; p++) {
      for (let q = 0; q < N; q++) {
        const k = p * N + q;
        expect(eigenvalue(l0, k)).toEqual([p * ea[0] + q * eb[0], p * ea[1] + q * eb[1] + 0]);
      }
    }
    // beam-splitter coupling g(a†b + ab†): in each manifold p + q = M ≤ N − 1 the truncation is
    // exact, so p·ε₊ + q·ε₋ are eigenvalues, with ε± the eigenvalues of [[ε_a, g], [g, ε_b]]
    const H = add(uncoupled, scale(add(kron(N, ad, N, a), kron(N, a, N, ad)), g));
    const { lambda, V } = solve(n, H);
    const hr = (ea[0] - eb[0]) / 2;
    const hi = (ea[1] - eb[1]) / 2;
    const zr = hr * hr - hi * hi + g * g;
    const zi = 2 * hr * hi;
    const m = Math.hypot(zr, zi);
    const sr = Math.sqrt((m + zr) / 2);
    const si = Math.sign(zi) * Math.sqrt((m - zr) / 2);
    const plus: C = [(ea[0] + eb[0]) / 2 + sr, (ea[1] + eb[1]) / 2 + si];
    const minus: C = [(ea[0] + eb[0]) / 2 - sr, (ea[1] + eb[1]) / 2 - si];
    const exact: C[] = [];
    for (let p = 0; p < N; p++) for (let q = 0; p + q < N; q++) exact.push([p * plus[0] + q * minus[0], p * plus[1] + q * minus[1]]);
    expect(matchEigenvalues(lambda, exact)).toBeLessThan(1e-12);
    expect(relResidual(n, H, lambda, V)).toBeLessThan(1e-13);
    for (let k = 0; k < n; k++) {
      if (Math.hypot(lambda[2 * k]!, lambda[2 * k + 1]!) > 1e-12) expect(lambda[2 * k + 1]!).toBeLessThan(0);
    }
  });

  it('decomposes a three-mode H_eff (n = 125, aggressive early deflation) with V⁻¹AV = Λ', () => {
    const N = 5;
    const n = N * N * N;
    const I = identity(N);
    const a = lowering(N);
    const ad = adjoint(N, a);
    const mode = (op: Float64Array, m: number): Float64Array =>
      m === 0 ? kron(N, op, N * N, kron(N, I, N, I)) : m === 1 ? kron(N, I, N * N, kron(N, op, N, I)) : kron(N * N, kron(N, I, N, I), N, op);
    const eps: C[] = [
      [0, -0.5],
      [0.3, -0.025],
      [-0.2, -0.2],
    ];
    const g = [
      [0, 1, 0.7],
      [0, 2, 0.2],
      [1, 2, 0.5],
    ] as const;
    const terms: Float64Array[] = [];
    for (let m = 0; m < 3; m++) terms.push(scale(matmul(n, mode(ad, m), mode(a, m)), eps[m]![0], eps[m]![1]));
    for (const [i, j, gij] of g) terms.push(scale(add(matmul(n, mode(ad, i), mode(a, j)), matmul(n, mode(ad, j), mode(a, i))), gij));
    const H = add(...terms);
    const { lambda, V } = solve(n, H);
    expect(relResidual(n, H, lambda, V)).toBeLessThan(1e-12);
    // V⁻¹·H·V = Λ
    const W = V.slice();
    const piv = new Int32Array(n);
    expect(luFactor(n, W, piv)).toBe(-1);
    const Vinv = luInverse(n, W, piv, new Float64Array(2 * n * n));
    const D = matmul(n, Vinv, matmul(n, H, V));
    const L = new Float64Array(2 * n * n);
    for (let k = 0; k < n; k++) set(L, n, k, k, lambda[2 * k]!, lambda[2 * k + 1]!);
    expect(maxDiff(D, L) / maxAbs(H)).toBeLessThan(1e-10);
    // only the vacuum does not decay
    let zero = 0;
    for (let k = 0; k < n; k++) {
      if (Math.hypot(lambda[2 * k]!, lambda[2 * k + 1]!) < 1e-12) zero++;
      else expect(lambda[2 * k + 1]!).toBeLessThan(-1e-3);
    }
    expect(zero).toBe(1);
  });
});

describe('eig: general matrices', () => {
  it.each([5, 17, 64, 125])('has a residual at rounding level for random complex matrices (n=%i)', (n) => {
    const A = randomMatrix(n, 1000 + n);
    const { lambda, V } = solve(n, A);
    expect(relResidual(n, A, lambda, V)).toBeLessThan(1e-12);
    expectNormalised(n, V);
    // Σλ = trace A
    let tr = 0;
    let ti = 0;
    let sr = 0;
    let si = 0;
    for (let k = 0; k < n; k++) {
      tr += A[2 * (k * n + k)]!;
      ti += A[2 * (k * n + k) + 1]!;
      sr += lambda[2 * k]!;
      si += lambda[2 * k + 1]!;
    }
    expect(Math.hypot(tr - sr, ti - si)).toBeLessThan(1e-12 * n * maxAbs(A));
  });

  it('diagonalises a random non-normal matrix: V⁻¹AV = Λ via luFactor + luInverse', () => {
    const n = 30;
    const A = randomMatrix(n, 30);
    for (let k = 0; k < n; k++) A[2 * (k * n + k) + 1] = A[2 * (k * n + k) + 1]! - 0.1 * k; // spread the damping
    const { lambda, V } = solve(n, A);
    const W = V.slice();
    const piv = new Int32Array(n);
    expect(luFactor(n, W, piv)).toBe(-1);
    const Vinv = luInverse(n, W, piv, new Float64Array(2 * n * n));
    const D = matmul(n, Vinv, matmul(n, A, V));
    const L = new Float64Array(2 * n * n);
    for (let k = 0; k < n; k++) set(L, n, k, k, lambda[2 * k]!, lambda[2 * k + 1]!);
    expect(maxDiff(D, L) / maxAbs(A)).toBeLessThan(1e-10);
    // and V·Λ·V⁻¹ reproduces A
    expect(maxDiff(matmul(n, matmul(n, V, L), Vinv), A) / maxAbs(A)).toBeLessThan(1e-10);
  });

  it('handles an input that is already upper Hessenberg (tridiagonal Toeplitz, known spectrum)', () => {
    // tridiag(b, a, c): λ_k = a + 2·sqrt(b·c)·cos(kπ/(n+1))
    const n = 14;
    const a: C = [0.5, -0.3];
    const b = 0.5; // subdiagonal
    const c = 1; // superdiagonal
    const A = new Float64Array(2 * n * n);
    for (let i = 0; i < n; i++) {
      set(A, n, i, i, ...a);
      if (i > 0) set(A, n, i, i - 1, b);
      if (i + 1 < n) set(A, n, i, i + 1, c);
    }
    const exact: C[] = Array.from({ length: n }, (_, k) => [a[0] + 2 * Math.sqrt(b * c) * Math.cos(((k + 1) * Math.PI) / (n + 1)), a[1]]);
    const { lambda, V } = solve(n, A);
    // non-normal (similar to symmetric by a diagonal scaling with condition 2^(n/2)): errors ~ ulp·128
    expect(matchEigenvalues(lambda, exact)).toBeLessThan(1e-12);
    expect(relResidual(n, A, lambda, V)).toBeLessThan(1e-14);
  });

  it.each([
    [12, 18],
    [80, 80],
  ])('splits a block upper triangular matrix into its diagonal blocks (%i + %i)', (nb, nd) => {
    // [[B, C], [0, D]]: the Hessenberg form keeps the zero block, so QR works on D with rows of C above it
    const n = nb + nd;
    const A = randomMatrix(n, n);
    for (let i = nb; i < n; i++) for (let j = 0; j < nb; j++) set(A, n, i, j, 0);
    const block = (i0: number, m: number): Float64Array => {
      const b = new Float64Array(2 * m * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) set(b, m, i, j, ...get(A, n, i0 + i, i0 + j));
      return b;
    };
    const expected: C[] = [];
    for (const [i0, m] of [
      [0, nb],
      [nb, nd],
    ] as const) {
      const { lambda } = solve(m, block(i0, m));
      for (let k = 0; k < m; k++) expected.push(eigenvalue(lambda, k));
    }
    const { lambda, V } = solve(n, A);
    expect(matchEigenvalues(lambda, expected)).toBeLessThan(1e-12);
    expect(relResidual(n, A, lambda, V)).toBeLessThan(1e-12);
  });

  it('handles a random upper Hessenberg input', () => {
    const n = 33;
    const A = randomMatrix(n, 33);
    for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) set(A, n, i, j, 0);
    const { lambda, V } = solve(n, A);
    expect(relResidual(n, A, lambda, V)).toBeLessThan(1e-12);
  });

  it('reuses a workspace for a smaller order and rejects one that is too small', () => {
    const ws = eigWorkspace(20);
    const A = randomMatrix(9, 9);
    const lambda = new Float64Array(18);
    const V = new Float64Array(162);
    eig(9, A.slice(), lambda, V, ws);
    expect(relResidual(9, A, lambda, V)).toBeLessThan(1e-13);
    expect(() => eig(21, new Float64Array(2 * 21 * 21), new Float64Array(42), new Float64Array(2 * 21 * 21), ws)).toThrow(RangeError);
    expect(() => eig(3, new Float64Array(17), new Float64Array(6), new Float64Array(18))).toThrow(RangeError);
  });
});

describe('hessenberg and schur kernels', () => {
  it.each([1, 2, 3, 10, 90])('hessenberg: A = Q·H·Qᴴ with Q unitary and H upper Hessenberg (n=%i)', (n) => {
    const A = randomMatrix(n, 500 + n);
    const H = A.slice();
    const Q = new Float64Array(2 * n * n);
    hessenberg(n, H, Q);
    for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) expect(get(H, n, i, j)).toEqual([0, 0]);
    for (let i = 1; i < n - 1; i++) expect(get(H, n, i, i - 1)[1]).toBe(0); // real subdiagonal
    expect(maxDiff(matmul(n, adjoint(n, Q), Q), identity(n))).toBeLessThan(1e-14 * Math.max(1, n));
    expect(maxDiff(matmul(n, matmul(n, Q, H), adjoint(n, Q)), A) / maxAbs(A)).toBeLessThan(1e-14 * Math.max(1, n));
  });

  it.each([1, 2, 6, 50, 120])('schur: A = Z·T·Zᴴ with Z unitary and T upper triangular (n=%i)', (n) => {
    const A = randomMatrix(n, 700 + n);
    const T = A.slice();
    const Z = new Float64Array(2 * n * n);
    const lambda = new Float64Array(2 * n);
    hessenberg(n, T, Z);
    schur(n, T, Z, lambda);
    for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) expect(get(T, n, i, j)).toEqual([0, 0]);
    for (let k = 0; k < n; k++) expect(eigenvalue(lambda, k)).toEqual(get(T, n, k, k));
    expect(maxDiff(matmul(n, adjoint(n, Z), Z), identity(n))).toBeLessThan(1e-14 * Math.max(1, n));
    expect(maxDiff(matmul(n, matmul(n, Z, T), adjoint(n, Z)), A) / maxAbs(A)).toBeLessThan(1e-14 * Math.max(1, n));
  });

  it('schur: accepts a complex subdiagonal and ignores entries below it', () => {
    const n = 5;
    const A = randomMatrix(n, 5);
    for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) set(A, n, i, j, 0);
    const T = A.slice();
    for (let i = 2; i < n; i++) set(T, n, i, 0, 99, 99); // garbage below the subdiagonal
    const Z = identity(n);
    const lambda = new Float64Array(2 * n);
    schur(n, T, Z, lambda);
    expect(maxDiff(matmul(n, matmul(n, Z, T), adjoint(n, Z)), A) / maxAbs(A)).toBeLessThan(1e-14);
  });
});
