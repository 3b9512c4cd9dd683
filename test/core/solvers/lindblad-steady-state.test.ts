import { describe, expect, it } from 'vitest';
import { ComputationError } from '../../../src-core/errors';
import { fockBasis, loweringOp } from '../../../src-core/quantum/fock';
import { buildHamiltonian } from '../../../src-core/quantum/operators';
import { ManifoldBlockCache, steadyState } from '../../../src-core/solvers/lindblad-steady-state';
import { excitationGrading } from '../../../src-core/models/three-cavity/quantum';

function threeCavity(Omega: number, drive: 0 | 2, kind: 'total' | 'per-mode', cut: number) {
  const basis = fockBasis(kind, 3, cut);
  const th = -Math.PI / 4;
  const J = Math.SQRT1_2;
  const H = buildHamiltonian(basis, {
    detuning: [0.5, 0.5, 0.5],
    kerr: [5, 0, 5],
    hops: [
      { from: 0, to: 2, re: J * Math.cos(th), im: J * Math.sin(th) },
      { from: 0, to: 1, re: J, im: 0 },
      { from: 2, to: 1, re: J, im: 0 },
    ],
    drives: [{ mode: drive, re: Omega, im: 0 }],
  });
  const decay = [0, 1, 2].map((m) => ({ op: loweringOp(basis, m), rate: 1 }));
  return { basis, H, decay, grading: excitationGrading(basis, Omega) };
}

const population = (rho: Float64Array, n: number, s: number): number => rho[2 * (s * n + s)]!;

describe('Lindblad steady state', () => {
  it('a driven damped cavity relaxes to the coherent state |α⟩, α = −iΩ/(iΔ + κ/2), at weak and strong drive', () => {
    for (const [Omega, Delta, levels] of [
      [0.1, 0.3, 10],
      [1.5, -0.4, 40],
    ] as const) {
      const basis = fockBasis('per-mode', 1, levels);
      const H = buildHamiltonian(basis, { detuning: [Delta], kerr: [0], hops: [], drives: [{ mode: 0, re: Omega, im: 0 }] });
      const r = steadyState({ basis, H, decay: [{ op: loweringOp(basis, 0), rate: 1 }], grading: excitationGrading(basis, Omega) });
      const alpha2 = (Omega * Omega) / (Delta * Delta + 0.25);
      let p = Math.exp(-alpha2);
      for (let k = 0; k < levels; k++) {
        if (p > 1e-13) expect(Math.abs(population(r.rho, levels, k) / p - 1)).toBeLessThan(1e-8);
        p *= alpha2 / (k + 1);
      }
      expect(r.diagnostics.residual).toBeLessThan(1e-10);
    }
  });

  it('both methods (manifold sweeps and dense Sylvester) give the same state, from weak to strong drive', () => {
    for (const Omega of [0.1, 0.8, 2]) {
      const sys = threeCavity(Omega, 2, 'total', 6);
      const a = steadyState(sys, { method: 'manifold', maxIterations: 300 });
      const b = steadyState(sys, { method: 'sylvester' });
      expect(a.diagnostics.method).toBe('manifold-gmres');
      expect(b.diagnostics.method).toBe('sylvester-gmres');
      let diff = 0;
      for (let i = 0; i < a.rho.length; i++) diff = Math.max(diff, Math.abs(a.rho[i]! - b.rho[i]!));
      expect(diff).toBeLessThan(1e-11);
      for (const r of [a, b]) {
        expect(r.diagnostics.residual).toBeLessThan(1e-10);
        expect(Math.abs(r.diagnostics.traceError)).toBeLessThan(1e-13);
        expect(r.diagnostics.minEigenvalue).toBeGreaterThan(-1e-12);
        // measured before the final hermitisation
        expect(r.diagnostics.hermiticityError).toBeLessThan(1e-12);
      }
    }
  });

  it('shares drive-free block eigensystems between directions and truncations without changing a bit', () => {
    const cache = new ManifoldBlockCache();
    for (const [drive, cut] of [[0, 4], [2, 4], [0, 5], [2, 5]] as const) {
      const sys = threeCavity(0.3, drive, 'total', cut);
      const alone = steadyState(sys);
      const shared = steadyState(sys, { blockCache: cache });
      expect(Array.from(shared.rho)).toEqual(Array.from(alone.rho));
    }
    // K = 4 has manifolds 0…4 and K = 5 adds manifold 5: after the first solve, every block is
    // reused except manifold 5 the first time it appears
    expect(cache.hits).toBe(5 + 5 + 6);
    // a block that differs (another detuning) is recomputed, not reused
    const before = cache.hits;
    const other = threeCavity(0.3, 0, 'total', 5);
    const detuned = { ...other, H: buildHamiltonian(other.basis, { detuning: [0.4, 0.5, 0.5], kerr: [5, 0, 5], hops: [], drives: [{ mode: 0, re: 0.3, im: 0 }] }) };
    const a = steadyState(detuned, { blockCache: cache });
    expect(cache.hits - before).toBe(1); // only the vacuum block (a 1×1 zero) is unchanged
    expect(Array.from(a.rho)).toEqual(Array.from(steadyState(detuned).rho));
  });

  it('strong drive still converges in auto mode and reports how', () => {
    const sys = threeCavity(5, 0, 'total', 8);
    const r = steadyState(sys);
    expect(r.diagnostics.residual).toBeLessThan(1e-10);
    expect(r.diagnostics.iterations).toBeGreaterThan(0);
    // the drive-free manifold preconditioner does not converge at this drive, so auto falls back to
    // the dense Sylvester method and says so
    expect(r.diagnostics.method).toBe('sylvester-gmres');
    // at weak drive the first attempt, the manifold method, converges and is reported
    expect(steadyState(threeCavity(0.1, 0, 'total', 8)).diagnostics.method).toBe('manifold-gmres');
  });

  it('refuses operators without a unique steady state, naming the operators, not a model parameter', () => {
    const sys = threeCavity(0.3, 0, 'total', 3);
    const errorOf = (s: typeof sys): ComputationError => {
      try {
        steadyState(s);
      } catch (e) {
        return e as ComputationError;
      }
      throw new Error('no error');
    };
    // no collapse operator at all, or only zero rates
    for (const decay of [[], sys.decay.map((d) => ({ ...d, rate: 0 }))]) {
      const e = errorOf({ ...sys, decay });
      expect(e).toBeInstanceOf(ComputationError);
      expect(e.message).toMatch(/^no dissipation: .* not unique/);
      expect(e.param).toBeUndefined();
    }
    // a rate that is not a finite number ≥ 0 names the collapse operator
    for (const rate of [-1, NaN]) {
      const e = errorOf({ ...sys, decay: [sys.decay[0]!, { ...sys.decay[1]!, rate }] });
      expect(e).toBeInstanceOf(ComputationError);
      expect(e.message).toMatch(/^collapse operator 1 \(mode 1\) has rate/);
    }
    // a mode that no loss reaches (b uncoupled and lossless): its states never decay
    const basis = sys.basis;
    const H = buildHamiltonian(basis, { detuning: [0.5, 0.5, 0.5], kerr: [5, 0, 5], hops: [{ from: 0, to: 2, re: 0.7, im: 0 }], drives: [{ mode: 0, re: 0.3, im: 0 }] });
    for (const method of ['auto', 'sylvester'] as const) {
      let err: unknown;
      try {
        steadyState({ basis, H, decay: [0, 2].map((m) => ({ op: loweringOp(basis, m), rate: 1 })) }, { method });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ComputationError);
      expect((err as ComputationError).message).toMatch(/no dissipation reaches some states .* not unique/);
      expect((err as ComputationError).message).not.toMatch(/kappa|κ/);
    }
  });

  it('populates the top shell visibly when the truncation is too small, so users can see it', () => {
    const small = threeCavity(2, 0, 'total', 3);
    const r = steadyState(small);
    let top = 0;
    for (let s = 0; s < small.basis.dim; s++) {
      let t = 0;
      for (let m = 0; m < 3; m++) t += small.basis.occ[s * 3 + m]!;
      if (t === 3) top += population(r.rho, small.basis.dim, s);
    }
    expect(top).toBeGreaterThan(1e-3);
  });
});
