import { describe, expect, it } from 'vitest';
import { fockBasis, loweringOp, type FockBasis } from '../../../src-core/quantum/fock';
import { applyLiouvillian } from '../../../src-core/quantum/liouvillian';
import { buildHamiltonian, type SparseMatrix } from '../../../src-core/quantum/operators';
import { gradeSystem, weightedTrace } from '../../../src-core/solvers/preconditioners/graded-system';
import { manifoldPreconditioner } from '../../../src-core/solvers/preconditioners/manifold';
import { sylvesterPreconditioner } from '../../../src-core/solvers/preconditioners/sylvester';
import { rng } from '../../helpers/numeric';

/**
 * Each preconditioner is the exact inverse of the operator it is built from. The operator is
 * applied here by the Liouvillian kernel (itself checked against QuTiP in liouvillian.test.ts),
 * a code path independent of the preconditioners' block algebra.
 */

function threeCavity(kind: FockBasis['kind'], cut: number, Omega: number) {
  const basis = fockBasis(kind, 3, cut);
  const H = buildHamiltonian(basis, {
    detuning: [0.5, -0.3, 0.2],
    kerr: [5, 0, 3],
    hops: [
      { from: 0, to: 2, re: 0.5, im: -0.5 },
      { from: 0, to: 1, re: 0.7, im: 0 },
      { from: 2, to: 1, re: 0.6, im: 0 },
    ],
    drives: [{ mode: 0, re: Omega, im: 0.1 * Omega }],
  });
  const decay = [1, 1.25, 0.8].map((rate, m) => ({ op: loweringOp(basis, m), rate }));
  return { basis, H, decay };
}

function level(basis: FockBasis, s: number): number {
  let t = 0;
  for (let m = 0; m < basis.modes; m++) t += basis.occ[s * basis.modes + m]!;
  return t;
}

/** The entries of H that keep the total excitation (keepUp: or raise it by one). */
function partOf(basis: FockBasis, H: SparseMatrix, keepUp: boolean): SparseMatrix {
  const col: number[] = [];
  const re: number[] = [];
  const im: number[] = [];
  const rowPtr = new Int32Array(H.n + 1);
  for (let r = 0; r < H.n; r++) {
    for (let p = H.rowPtr[r]!; p < H.rowPtr[r + 1]!; p++) {
      const d = level(basis, r) - level(basis, H.col[p]!);
      if (d === 0 || (keepUp && d === 1)) {
        col.push(H.col[p]!);
        re.push(H.re[p]!);
        im.push(H.im[p]!);
      }
    }
    rowPtr[r + 1] = col.length;
  }
  return { n: H.n, rowPtr, col: Int32Array.from(col), re: Float64Array.from(re), im: Float64Array.from(im) };
}

function randomHermitian(n: number, seed: number): Float64Array {
  const rand = rng(seed);
  const x = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    x[2 * (i * n + i)] = rand();
    for (let j = 0; j < i; j++) {
      const re = rand();
      const im = rand();
      x[2 * (i * n + j)] = re;
      x[2 * (i * n + j) + 1] = im;
      x[2 * (j * n + i)] = re;
      x[2 * (j * n + i) + 1] = -im;
    }
  }
  return x;
}

const relDiff = (a: Float64Array, b: Float64Array): number => {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return d / m;
};

describe('steady-state preconditioners invert the operators they are built from', () => {
  it.each([
    ['total', 4],
    ['per-mode', 3],
  ] as const)('manifold, backward sweep: the drive-free Liouvillian, jumps included, with the trace in the vacuum row (%s %i)', (kind, cut) => {
    const sys = threeCavity(kind, cut, 0);
    const g = Float64Array.from({ length: sys.basis.dim }, (_, s) => Math.pow(0.4, level(sys.basis, s)));
    const p = gradeSystem(sys, g, {});
    const n = p.n;
    const P = manifoldPreconditioner(p, 'backward')!;
    expect(sys.basis.occ.subarray(P.vac * 3, P.vac * 3 + 3)).toEqual(new Int32Array(3));
    const X = randomHermitian(n, 11);
    const Y = new Float64Array(2 * n * n);
    applyLiouvillian(n, p.Hs, p.D, p.decayS, X, Y, new Float64Array(2 * n * n));
    Y[2 * (P.vac * n + P.vac)] = weightedTrace(n, p.tw, X);
    const back = new Float64Array(2 * n * n);
    P.apply(Y, back);
    expect(relDiff(back, X)).toBeLessThan(1e-11);
  });

  it('manifold, forward sweep: drive-free part, decay and the raising half of the drive, no jumps; the vacuum from its own trace weight', () => {
    const sys = threeCavity('total', 4, 0.3);
    const p = gradeSystem(sys, new Float64Array(sys.basis.dim).fill(1), {});
    const n = p.n;
    const P = manifoldPreconditioner(p, 'forward')!;
    const X = randomHermitian(n, 12);
    const Y = new Float64Array(2 * n * n);
    applyLiouvillian(n, partOf(sys.basis, sys.H, true), p.D, [], X, Y, new Float64Array(2 * n * n));
    Y[2 * (P.vac * n + P.vac)] = p.tw[P.vac]! * X[2 * (P.vac * n + P.vac)]!;
    const back = new Float64Array(2 * n * n);
    P.apply(Y, back);
    expect(relDiff(back, X)).toBeLessThan(1e-11);
    // and it is not the inverse of the full Liouvillian (the drive's lowering half and the jumps are left out)
    applyLiouvillian(n, sys.H, p.D, p.decayS, X, Y, new Float64Array(2 * n * n));
    Y[2 * (P.vac * n + P.vac)] = p.tw[P.vac]! * X[2 * (P.vac * n + P.vac)]!;
    P.apply(Y, back);
    expect(relDiff(back, X)).toBeGreaterThan(1e-3);
  });

  it('Sylvester: S(X) = −i(H_eff X − X H_eff†), H_eff = H − (i/2)Σκ a†a, driven, on a graded system', () => {
    const sys = threeCavity('total', 4, 0.8);
    const g = Float64Array.from({ length: sys.basis.dim }, (_, s) => Math.pow(0.5, level(sys.basis, s)));
    const p = gradeSystem(sys, g, {});
    const n = p.n;
    const X = randomHermitian(n, 13);
    const Y = new Float64Array(2 * n * n);
    // no jumps: −i(H̃X − XH̃†) − ½{D, X} is S̃(X)
    applyLiouvillian(n, p.Hs, p.D, [], X, Y, new Float64Array(2 * n * n));
    const back = new Float64Array(2 * n * n);
    sylvesterPreconditioner(p).apply(Y, back);
    expect(relDiff(back, X)).toBeLessThan(1e-11);
  });

  it('the manifold method needs a single vacuum: a basis without one gives no preconditioner', () => {
    const sys = threeCavity('total', 2, 0.3);
    const p = gradeSystem(sys, new Float64Array(sys.basis.dim).fill(1), {});
    // pretend two states have no excitation
    const level = p.level.slice();
    level[1] = 0;
    expect(manifoldPreconditioner({ ...p, level }, 'forward')).toBeUndefined();
  });
});
