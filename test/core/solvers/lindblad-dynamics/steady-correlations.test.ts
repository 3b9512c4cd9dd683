/**
 * g2(τ) and the emission spectrum against independent references: the dense superoperator of
 * quantum/liouvillian.ts (tested element by element against QuTiP) exponentiated and inverted
 * directly, and closed forms (a thermal mode, a coherently driven linear cavity). The QuTiP
 * references of whole models are in test/core/models/dynamics-qutip.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { setWasmKernels, wasmKernels } from '../../../../src-core/linalg/wasm/kernels';
import { expm } from '../../../../src-core/linalg/expm';
import { luFactor, luSolve } from '../../../../src-core/linalg/lu';
import { fockBasis, loweringOp, raisingOp, type FockBasis } from '../../../../src-core/quantum/fock';
import { liouvillian, vecIndex, type Decay } from '../../../../src-core/quantum/liouvillian';
import { buildHamiltonian, type BosonicHamiltonian, type SparseMatrix } from '../../../../src-core/quantum/operators';
import { steadyState } from '../../../../src-core/solvers/lindblad-steady-state';
import { emissionSpectrum, intensityCorrelation, sandwich, type LindbladSystem } from '../../../../src-core/solvers/lindblad-dynamics/steady-correlations';

function system(basis: FockBasis, h: BosonicHamiltonian, decay: Decay[]): LindbladSystem {
  return { basis, H: buildHamiltonian(basis, h), decay };
}

/** A driven Kerr dimer: mode 0 driven, both lossy, coupled with a phase (dimension levels²). */
function dimer(levels = 4): { sys: LindbladSystem; rho: Float64Array } {
  const basis = fockBasis('per-mode', 2, levels);
  const sys = system(
    basis,
    { detuning: [0.4, -0.3], kerr: [2, 1], hops: [{ from: 0, to: 1, re: 0.6, im: 0.3 }], drives: [{ mode: 0, re: 0.5, im: 0 }] },
    [
      { op: loweringOp(basis, 0), rate: 1 },
      { op: loweringOp(basis, 1), rate: 0.7 },
    ],
  );
  const { rho } = steadyState({ basis, H: sys.H, decay: sys.decay }, { tolerance: 1e-12 });
  return { sys, rho };
}

/** The dense n² × n² superoperator (column stacking) as a real 2n² × 2n² matrix [[Re, −Im], [Im, Re]]. */
function realified(L: SparseMatrix): { N: number; M: Float64Array } {
  const N = L.n;
  const M = new Float64Array(4 * N * N);
  for (let r = 0; r < N; r++) {
    for (let p = L.rowPtr[r]!; p < L.rowPtr[r + 1]!; p++) {
      const c = L.col[p]!;
      M[r * 2 * N + c] = L.re[p]!;
      M[r * 2 * N + N + c] = -L.im[p]!;
      M[(N + r) * 2 * N + c] = L.im[p]!;
      M[(N + r) * 2 * N + N + c] = L.re[p]!;
    }
  }
  return { N, M };
}

/** vec(X) (column stacking, real then imaginary halves) and back. */
const vecOf = (X: Float64Array, n: number): Float64Array => {
  const v = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    v[vecIndex(n, i, j)] = X[2 * (i * n + j)]!;
    v[n * n + vecIndex(n, i, j)] = X[2 * (i * n + j) + 1]!;
  }
  return v;
};
const occupation = (basis: FockBasis, k: number, X: Float64Array): number => {
  let s = 0;
  for (let q = 0; q < basis.dim; q++) s += basis.occ[q * basis.modes + k]! * X[2 * (q * basis.dim + q)]!;
  return s;
};

describe('intensityCorrelation: g2_jk(τ) by the quantum regression theorem', () => {
  it('equals tr[n_k e^{𝓛τ}(a_j ρ a_j†)]/(⟨n_j⟩⟨n_k⟩) from the dense superoperator, auto and cross, within 1e-9', () => {
    const { sys, rho } = dimer(3);
    const n = sys.basis.dim;
    const tau = Float64Array.from([0, 0.1, 0.5, 1.3, 2, 4.4, 7]);
    const got = intensityCorrelation(sys, rho, 0, [0, 1], tau);
    const { N, M } = realified(liouvillian(sys.H, sys.decay));
    const x0 = vecOf(sandwich(loweringOp(sys.basis, 0), rho, n), n);
    const nj = occupation(sys.basis, 0, rho);
    tau.forEach((t, i) => {
      const E = expm(2 * N, M, t);
      const x = new Float64Array(2 * N);
      for (let r = 0; r < 2 * N; r++) {
        let s = 0;
        for (let c = 0; c < 2 * N; c++) s += E[r * 2 * N + c]! * x0[c]!;
        x[r] = s;
      }
      for (const [q, k] of [0, 1].entries()) {
        let G = 0;
        for (let s = 0; s < n; s++) G += sys.basis.occ[s * 2 + k]! * x[vecIndex(n, s, s)]!;
        const ref = G / (nj * occupation(sys.basis, k, rho));
        expect(Math.abs(got.g2[q]![i]! - ref)).toBeLessThan(1e-9);
      }
    });
    // g2(0) is the steady state's ⟨a†²a²⟩/⟨n⟩², and the correlation relaxes towards 1
    expect(got.g2[0]![tau.length - 1]!).toBeCloseTo(1, 2);
    expect(got.diagnostics.errorEstimate).toBeLessThan(1e-9);
  });

  it('propagates with its Krylov basis in the WebAssembly arena: the same bits as on TypeScript arrays, g2(τ) and S(ω) alike', () => {
    const { sys, rho } = dimer(5);
    const tau = Float64Array.from({ length: 41 }, (_, i) => i * 0.25);
    const omega = Float64Array.from({ length: 21 }, (_, i) => -3 + 0.3 * i);
    const wk = wasmKernels()!;
    const spy = vi.spyOn(wk, 'vecSubtractThenDot');
    const fast = intensityCorrelation(sys, rho, 0, [0, 1], tau);
    const fastS = emissionSpectrum(sys, rho, 1, omega, { method: 'propagation' });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    setWasmKernels(false);
    try {
      const ts = intensityCorrelation(sys, rho, 0, [0, 1], tau);
      const tsS = emissionSpectrum(sys, rho, 1, omega, { method: 'propagation' });
      expect(fast.g2.map((g) => Array.from(g))).toEqual(ts.g2.map((g) => Array.from(g)));
      expect(fast.diagnostics.steps).toBeGreaterThan(0);
      expect(fast.diagnostics.steps).toBe(ts.diagnostics.steps);
      expect(Array.from(fastS.S)).toEqual(Array.from(tsS.S));
    } finally {
      setWasmKernels(true);
    }
    // when the arena cannot hold the layout (a huge system), the TypeScript path runs: the same bits
    const refuse = vi.spyOn(wk.arena, 'reset').mockReturnValue(false);
    const gs = vi.spyOn(wk, 'vecSubtractThenDot');
    try {
      const fallback = intensityCorrelation(sys, rho, 0, [0, 1], tau);
      expect(gs).not.toHaveBeenCalled();
      expect(fallback.g2.map((g) => Array.from(g))).toEqual(fast.g2.map((g) => Array.from(g)));
    } finally {
      refuse.mockRestore();
      gs.mockRestore();
    }
  });

  it('a thermal mode is chaotic light: g2(τ) = 1 + e^{−κτ}', () => {
    const basis = fockBasis('per-mode', 1, 16);
    const nth = 0.2;
    const kappa = 1.3;
    const sys = system(basis, { detuning: [0.7], kerr: [0], hops: [], drives: [] }, [
      { op: loweringOp(basis, 0), rate: kappa * (nth + 1) },
      { op: raisingOp(basis, 0), rate: kappa * nth },
    ]);
    const { rho } = steadyState({ basis, H: sys.H, decay: sys.decay }, { tolerance: 1e-13 });
    const tau = Float64Array.from({ length: 21 }, (_, i) => i * 0.25);
    const g = intensityCorrelation(sys, rho, 0, [0], tau);
    // truncation at 16 levels: the thermal tail (n/(n+1))^16 ≈ 3e-13
    tau.forEach((t, i) => expect(Math.abs(g.g2[0]![i]! - (1 + Math.exp(-kappa * t)))).toBeLessThan(1e-8));
  });

  it('coherent light (a driven linear cavity) has g2(τ) = 1 at every delay', () => {
    const basis = fockBasis('per-mode', 1, 14);
    const sys = system(basis, { detuning: [0.3], kerr: [0], hops: [], drives: [{ mode: 0, re: 0.4, im: 0 }] }, [{ op: loweringOp(basis, 0), rate: 1 }]);
    const { rho } = steadyState({ basis, H: sys.H, decay: sys.decay }, { tolerance: 1e-13 });
    const g = intensityCorrelation(sys, rho, 0, [0], Float64Array.from([0, 0.5, 3]));
    for (const v of g.g2[0]!) expect(Math.abs(v - 1)).toBeLessThan(1e-9);
  });

  it('refuses a negative or non-finite delay, and an output with no light, naming why', () => {
    const { sys, rho } = dimer();
    expect(() => intensityCorrelation(sys, rho, 0, [0], Float64Array.from([-1]))).toThrow(/τ must be a finite number ≥ 0/);
    expect(() => intensityCorrelation(sys, rho, 0, [0], Float64Array.from([NaN]))).toThrow(/τ must be/);
    const vac = new Float64Array(rho.length);
    vac[0] = 1;
    expect(() => intensityCorrelation(sys, vac, 0, [0], Float64Array.from([1]))).toThrow(/no photons/);
  });
});

describe('emissionSpectrum: the incoherent spectrum 2 Re tr[a†(iω − 𝓛)⁻¹(aρ − ⟨a⟩ρ)]', () => {
  it('equals the dense resolvent solved directly, both by Lanczos and by propagation, within 1e-8 of the peak', () => {
    const { sys, rho } = dimer();
    const n = sys.basis.dim;
    const N = n * n;
    const L = liouvillian(sys.H, sys.decay);
    const a = loweringOp(sys.basis, 1);
    // Y = aρ − ⟨a⟩ρ (complex), and a† as a functional
    let ar = 0;
    let ai = 0;
    for (let s = 0; s < n; s++) if (a.target[s]! >= 0) {
      ar += a.amp[s]! * rho[2 * (s * n + a.target[s]!)]!;
      ai += a.amp[s]! * rho[2 * (s * n + a.target[s]!) + 1]!;
    }
    const Y = new Float64Array(2 * N);
    for (let s = 0; s < n; s++) {
      const t = a.target[s]!;
      if (t < 0) continue;
      for (let c = 0; c < n; c++) {
        Y[2 * vecIndex(n, t, c)] = Y[2 * vecIndex(n, t, c)]! + a.amp[s]! * rho[2 * (s * n + c)]!;
        Y[2 * vecIndex(n, t, c) + 1] = Y[2 * vecIndex(n, t, c) + 1]! + a.amp[s]! * rho[2 * (s * n + c) + 1]!;
      }
    }
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
      const x = rho[2 * (r * n + c)]!;
      const y = rho[2 * (r * n + c) + 1]!;
      Y[2 * vecIndex(n, r, c)] = Y[2 * vecIndex(n, r, c)]! - (ar * x - ai * y);
      Y[2 * vecIndex(n, r, c) + 1] = Y[2 * vecIndex(n, r, c) + 1]! - (ar * y + ai * x);
    }
    // the dense resolvent is singular at ω = 0 (𝓛ρ = 0), so the reference grid steps around it
    const omega = Float64Array.from({ length: 41 }, (_, i) => -6.05 + 0.3 * i);
    const ref = Array.from(omega, (w) => {
      const M = new Float64Array(2 * N * N);
      for (let r = 0; r < N; r++) for (let p = L.rowPtr[r]!; p < L.rowPtr[r + 1]!; p++) {
        M[2 * (r * N + L.col[p]!)] = -L.re[p]!;
        M[2 * (r * N + L.col[p]!) + 1] = -L.im[p]!;
      }
      for (let r = 0; r < N; r++) M[2 * (r * N + r) + 1] = M[2 * (r * N + r) + 1]! + w;
      const piv = new Int32Array(N);
      luFactor(N, M, piv);
      const x = luSolve(N, M, piv, Y.slice());
      // tr(a† X) = Σ_s amp_s X[target_s][s]
      let re = 0;
      for (let s = 0; s < n; s++) if (a.target[s]! >= 0) re += a.amp[s]! * x[2 * vecIndex(n, a.target[s]!, s)]!;
      return 2 * re;
    });
    const peak = Math.max(...ref.map(Math.abs));
    for (const method of ['auto', 'propagation'] as const) {
      const got = emissionSpectrum(sys, rho, 1, omega, { method });
      expect(got.diagnostics.method).toBe(method === 'auto' ? 'lanczos' : 'krylov-expv');
      ref.forEach((v, i) => expect(Math.abs(got.S[i]! - v)).toBeLessThan(1e-8 * peak));
      expect(got.coherentFraction).toBeCloseTo((ar * ar + ai * ai) / got.mean_n, 12);
    }
  });

  it('is continuous through ω = 0, where 𝓛 itself is singular (the steady state carries no weight)', () => {
    const { sys, rho } = dimer();
    const eps = 1e-4;
    for (const method of ['auto', 'propagation'] as const) {
      const [lo, mid, hi] = emissionSpectrum(sys, rho, 1, Float64Array.from([-eps, 0, eps]), { method }).S;
      expect(Math.abs(mid! - (lo! + hi!) / 2)).toBeLessThan(1e-6 * Math.abs(mid!));
    }
  });

  it('a thermal mode emits a Lorentzian at ω = Δ: S(ω) = n κ/((κ/2)² + (ω − Δ)²), with no coherent part', () => {
    const basis = fockBasis('per-mode', 1, 16);
    const nth = 0.15;
    const kappa = 0.8;
    const Delta = 1.1;
    const sys = system(basis, { detuning: [Delta], kerr: [0], hops: [], drives: [] }, [
      { op: loweringOp(basis, 0), rate: kappa * (nth + 1) },
      { op: raisingOp(basis, 0), rate: kappa * nth },
    ]);
    const { rho } = steadyState({ basis, H: sys.H, decay: sys.decay }, { tolerance: 1e-13 });
    const omega = Float64Array.from({ length: 31 }, (_, i) => -2 + 0.15 * i);
    const s = emissionSpectrum(sys, rho, 0, omega);
    omega.forEach((w, i) => {
      const ref = (nth * kappa) / ((kappa / 2) ** 2 + (w - Delta) ** 2);
      expect(Math.abs(s.S[i]! - ref)).toBeLessThan(1e-9 * (4 * nth) / kappa);
    });
    expect(s.coherentFraction).toBeLessThan(1e-12);
  });

  it('coherent light has no incoherent spectrum: S = 0 and coherent fraction 1', () => {
    const basis = fockBasis('per-mode', 1, 14);
    const sys = system(basis, { detuning: [0.3], kerr: [0], hops: [], drives: [{ mode: 0, re: 0.4, im: 0 }] }, [{ op: loweringOp(basis, 0), rate: 1 }]);
    const { rho } = steadyState({ basis, H: sys.H, decay: sys.decay }, { tolerance: 1e-13 });
    const s = emissionSpectrum(sys, rho, 0, Float64Array.from([-1, 0, 0.3, 2]));
    expect(Math.abs(s.coherentFraction - 1)).toBeLessThan(1e-9);
    for (const v of s.S) expect(Math.abs(v)).toBeLessThan(1e-9);
  });
});
