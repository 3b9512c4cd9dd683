/**
 * What a sweep's points share instead of rebuilding: the Fock basis per (kind, modes, cutoff), its
 * jump operators, their compact form per rate, and their graded form per grading. Each reused
 * object must give exactly what a fresh one gives, whatever was computed in between.
 */
import { describe, expect, it } from 'vitest';
import { BASIS_CACHE_STATES, fockBasis, jumpOp, loweringOp, type FockBasis, type JumpOp } from '../../../src-core/quantum/fock';
import { applyLiouvillian, decayDiagonal, type Decay } from '../../../src-core/quantum/liouvillian';
import { buildHamiltonian } from '../../../src-core/quantum/operators';
import { gradeSystem } from '../../../src-core/solvers/preconditioners/graded-system';
import { rng } from '../../helpers/numeric';

/** A jump operator with the same values in new arrays (no cache has seen it). */
const fresh = (op: JumpOp): JumpOp => ({ ...op, target: op.target.slice(), amp: op.amp.slice() });

function randomRho(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: 2 * n * n }, () => r() - 0.5);
}

function hamiltonian(basis: FockBasis) {
  return buildHamiltonian(basis, {
    detuning: [0.3, -0.2, 0.1],
    kerr: [1.1, 0, 0.7],
    hops: [
      { from: 0, to: 1, re: 1, im: 0.2 },
      { from: 1, to: 2, re: 0.8, im: -0.1 },
    ],
    drives: [{ mode: 0, re: 0.4, im: 0 }],
  });
}

function applied(basis: FockBasis, decay: Decay[], rho: Float64Array): Float64Array {
  const n = basis.dim;
  const out = new Float64Array(2 * n * n);
  applyLiouvillian(n, hamiltonian(basis), decayDiagonal(basis, decay), decay, rho, out, new Float64Array(2 * n * n));
  return out;
}

describe('reused bases and operators', () => {
  it('fockBasis returns one frozen object per (kind, modes, cutoff), and new ones for other arguments', () => {
    const a = fockBasis('total', 3, 4);
    expect(fockBasis('total', 3, 4)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => {
      (a as { dim: number }).dim = 1;
    }).toThrow(TypeError);
    expect(fockBasis('total', 3, 5)).not.toBe(a);
    expect(fockBasis('per-mode', 3, 4)).not.toBe(a);
    expect(fockBasis('total', 2, 4)).not.toBe(a);
    // the reused basis is the same basis: dimension C(4 + 3, 3) and its lookup
    expect(a.dim).toBe(35);
    for (let s = 0; s < a.dim; s++) expect(a.indexOf(a.occ.subarray(3 * s, 3 * s + 3))).toBe(s);
  });

  it('a basis too large to keep is built anew each time, and the cache lets go of the oldest', () => {
    const cap = BASIS_CACHE_STATES;
    const big = fockBasis('per-mode', 1, cap + 1);
    expect(fockBasis('per-mode', 1, cap + 1)).not.toBe(big);
    const first = fockBasis('per-mode', 1, Math.round(0.75 * cap));
    expect(fockBasis('per-mode', 1, Math.round(0.75 * cap))).toBe(first);
    // another half of the bound pushes the first out (together they pass it)
    const second = fockBasis('per-mode', 1, Math.round(0.5 * cap));
    expect(fockBasis('per-mode', 1, Math.round(0.5 * cap))).toBe(second);
    expect(fockBasis('per-mode', 1, Math.round(0.75 * cap))).not.toBe(first);
  });

  it('jumpOp returns one operator per basis, mode and kind', () => {
    const b = fockBasis('total', 3, 3);
    const a0 = loweringOp(b, 0);
    expect(loweringOp(b, 0)).toBe(a0);
    expect(jumpOp(b, 0, 'lower')).toBe(a0);
    expect(jumpOp(b, 1, 'lower')).not.toBe(a0);
    expect(jumpOp(b, 0, 'raise')).not.toBe(a0);
    expect(jumpOp(b, 0, 'lower2').kind).toBe('lower2');
  });

  it('the Liouvillian of a reused operator at a rate seen before, after more rates than are kept, equals a fresh operator’s', () => {
    const b = fockBasis('total', 3, 3);
    const rho = randomRho(b.dim, 5);
    const op = loweringOp(b, 1);
    const rates = [0.5, 1.25, 2, 3.5, 7, 0.125];
    const first = rates.map((rate) => applied(b, [{ op, rate }, { op: loweringOp(b, 0), rate: 1 }], rho));
    // every rate again, each now evicted from the operator's few kept rates or not
    rates.forEach((rate, i) => {
      const again = applied(b, [{ op, rate }, { op: loweringOp(b, 0), rate: 1 }], rho);
      const reference = applied(b, [{ op: fresh(op), rate }, { op: fresh(loweringOp(b, 0)), rate: 1 }], rho);
      expect(again).toEqual(reference);
      expect(first[i]).toEqual(reference);
    });
    // and a different rate gives a different result (the rate is not ignored)
    expect(applied(b, [{ op, rate: 0.5 }], rho)).not.toEqual(applied(b, [{ op, rate: 0.75 }], rho));
  });

  it('the graded operators follow the grading: g₁, g₂, then g₁ again give what fresh operators give', () => {
    const b = fockBasis('total', 3, 3);
    const H = hamiltonian(b);
    const decay: Decay[] = [
      { op: loweringOp(b, 0), rate: 1 },
      { op: loweringOp(b, 2), rate: 0.6 },
    ];
    const level = (s: number): number => b.occ[3 * s]! + b.occ[3 * s + 1]! + b.occ[3 * s + 2]!;
    const g1 = Float64Array.from({ length: b.dim }, (_, s) => Math.pow(0.3, level(s)));
    const g2 = Float64Array.from({ length: b.dim }, (_, s) => Math.pow(0.7, level(s)));
    const graded = (g: Float64Array, d: Decay[]) => gradeSystem({ basis: b, H, decay: d }, g, {}).decayS.map((x) => Array.from(x.op.amp));
    const freshDecay = (): Decay[] => decay.map(({ op, rate }) => ({ op: fresh(op), rate }));
    const a1 = graded(g1, decay);
    const a2 = graded(g2, decay);
    expect(a2).not.toEqual(a1);
    expect(graded(g1, decay)).toEqual(graded(g1, freshDecay()));
    expect(a2).toEqual(graded(g2, freshDecay()));
    expect(a1).toEqual(graded(g1, freshDecay()));
    // a grading written after use does not change what was cached for its old values
    const g = g1.slice();
    graded(g, decay);
    g.fill(1);
    expect(graded(g1, decay)).toEqual(a1);
    expect(graded(g, decay)).toEqual(graded(g, freshDecay()));
  });
});
