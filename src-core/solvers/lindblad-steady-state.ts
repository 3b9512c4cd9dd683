/**
 * Exact steady state of a Lindblad master equation with bosonic decay,
 *   dρ/dt = 𝓛ρ = −i[H, ρ] + Σ_m κ_m (a_m ρ a_m† − ½{a_m†a_m, ρ}),
 * by the generalised-Lyapunov ("Sylvester preconditioner") method: split 𝓛 = S + J with
 * S(ρ) = −i(H_eff ρ − ρ H_eff†), H_eff = H − (i/2)Σκ_m a_m†a_m, and J(ρ) = Σ κ_m a_m ρ a_m†.
 * H_eff = V diag(λ) V⁻¹ once per point makes S⁻¹ two congruences and a Hadamard product:
 *   S⁻¹(Y) = V [(V⁻¹ Y V⁻†) ∘ Γ] V†,  Γ_kl = i / (λ_k − conj λ_l).
 * GMRES then solves S⁻¹𝓛(ρ) = 0 with tr ρ = 1 (rank-one deflation), on the space of Hermitian
 * matrices. The preconditioned operator uses the true 𝓛, so the answer is exact up to rounding;
 * convergence is checked on the physical residual max|𝓛ρ| relative to the largest term of 𝓛ρ.
 * (../shared/guide/numerics.md §1; Breiten & Ringh, BIT 59:823, 2019.)
 */
import { ComputationError, ParameterError } from '../errors.js';
import { eig, eigWorkspace } from '../linalg/eig.js';
import { congruence } from '../linalg/gemm.js';
import { gmres } from '../linalg/gmres.js';
import { hermitianEigenvalues } from '../linalg/hermitian-eigenvalues.js';
import { luFactor, luInverse } from '../linalg/lu.js';
import type { FockBasis, LoweringOp } from '../quantum/fock.js';
import { toDense, type SparseMatrix } from '../quantum/operators.js';

export interface OpenSystem {
  basis: FockBasis;
  H: SparseMatrix;
  /** Collapse operators √rate · a_m. */
  decay: { op: LoweringOp; rate: number }[];
  /**
   * Optional diagonal scaling g_s > 0 (e.g. ε^{n_s} for total excitation n_s at weak drive). The
   * solver works with ρ̃ = G⁻¹ρG⁻¹, whose elements are all of similar size, so that rounding
   * errors stay relative even for populations 1e-12 below the vacuum's (needed for g3).
   */
  grading?: Float64Array;
}

type Decay = OpenSystem['decay'];

export interface SteadyStateOptions {
  /** Required max|𝓛ρ| relative to the largest term of 𝓛ρ. */
  tolerance?: number;
  maxIterations?: number;
  restart?: number;
  /** Skip the O(n³) positivity check (minEigenvalue is then NaN). */
  skipPositivity?: boolean;
}

export interface SteadyStateDiagnostics {
  method: 'sylvester-gmres';
  dim: number;
  /** max|𝓛ρ| / max(|Hρ|, |½{Σκa†a, ρ}|, |J(ρ)|). */
  residual: number;
  /** max|𝓛ρ| itself. */
  residualAbs: number;
  /** tr ρ − 1 after normalisation. */
  traceError: number;
  /** max|ρ − ρ†| / max|ρ|. */
  hermiticityError: number;
  /** Smallest eigenvalue of ρ (≥ −1e-12 for a valid density matrix). */
  minEigenvalue: number;
  iterations: number;
  /** Time to diagonalise H_eff and invert V. */
  setupMs: number;
  timeMs: number;
}

export interface SteadyState {
  rho: Float64Array;
  diagnostics: SteadyStateDiagnostics;
}

/** Bytes the solver needs for a basis of dimension n (dense n×n complex work arrays and the Krylov basis). */
export function steadyStateMemoryBytes(n: number, restart = 30): number {
  return (restart + 12) * 16 * n * n;
}

/** Solve for the steady state. Throws ComputationError on non-convergence, ParameterError when it is not unique. */
export function steadyState(sys: OpenSystem, opts: SteadyStateOptions = {}): SteadyState {
  const t0 = performance.now();
  const tol = opts.tolerance ?? 1e-10;
  const n = sys.basis.dim;
  const nn = 2 * n * n;
  const { occ, modes } = sys.basis;
  const g = sys.grading ?? new Float64Array(n).fill(1);

  // the graded problem: H̃ = G⁻¹HG, ã = G⁻¹aG (same form as the original, H̃ no longer Hermitian)
  const Hs = gradeSparse(sys.H, g);
  const decayS: Decay = sys.decay.map(({ op, rate }) => ({
    rate,
    op: { ...op, amp: op.amp.map((a, s) => (op.target[s]! >= 0 ? (a * g[s]!) / g[op.target[s]!]! : 0)) },
  }));
  // physical trace of ρ = Gρ̃G: Σ g_s² ρ̃_ss
  const tw = g.map((x) => x * x);

  // D_s = Σ κ_m n_m(s): the diagonal of Σ κ_m a_m†a_m (unchanged by the grading)
  const D = new Float64Array(n);
  for (const { op, rate } of sys.decay) for (let s = 0; s < n; s++) D[s] = D[s]! + rate * occ[s * modes + op.mode]!;

  // H̃_eff and its eigendecomposition
  const heff = toDense(Hs, new Float64Array(nn));
  for (let s = 0; s < n; s++) heff[2 * (s * n + s) + 1] = heff[2 * (s * n + s) + 1]! - D[s]! / 2;
  const lambda = new Float64Array(2 * n);
  const V = new Float64Array(nn);
  eig(n, heff, lambda, V, eigWorkspace(n));
  let scale = 0;
  for (let k = 0; k < n; k++) scale = Math.max(scale, Math.hypot(lambda[2 * k]!, lambda[2 * k + 1]!));
  for (let k = 0; k < n; k++) {
    if (!(lambda[2 * k + 1]! < -1e-12 * Math.max(1, scale))) {
      throw new ParameterError(
        'kappa',
        'some states never decay (a mode without loss and without a path to a lossy mode), so the steady state is not unique',
      );
    }
  }
  const W = V.slice();
  const piv = new Int32Array(n);
  if (luFactor(n, W, piv) >= 0) throw new ComputationError('the eigenvectors of H_eff are linearly dependent (defective H_eff)');
  const Vinv = luInverse(n, W, piv, new Float64Array(nn));
  const Gam = new Float64Array(nn);
  for (let k = 0; k < n; k++) {
    for (let l = 0; l < n; l++) {
      const dr = lambda[2 * k]! - lambda[2 * l]!;
      const di = lambda[2 * k + 1]! + lambda[2 * l + 1]!;
      const den = dr * dr + di * di;
      // i / (dr + i di) = (di + i dr) / den
      Gam[2 * (k * n + l)] = di / den;
      Gam[2 * (k * n + l) + 1] = dr / den;
    }
  }
  const setupMs = performance.now() - t0;

  const tmp = new Float64Array(nn);
  const tmp2 = new Float64Array(nn);
  const Lbuf = new Float64Array(nn);
  const HR = new Float64Array(nn);

  /** out = S̃⁻¹(Y) for Hermitian Y. */
  const sInv = (y: Float64Array, out: Float64Array): void => {
    congruence(n, Vinv, y, tmp2, tmp);
    for (let i = 0; i < nn; i += 2) {
      const yr = tmp2[i]!, yi = tmp2[i + 1]!, gr = Gam[i]!, gi = Gam[i + 1]!;
      tmp2[i] = yr * gr - yi * gi;
      tmp2[i + 1] = yr * gi + yi * gr;
    }
    congruence(n, V, tmp2, out, tmp);
  };

  const weightedTrace = (x: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += tw[i]! * x[2 * (i * n + i)]!;
    return s;
  };

  // Rank-one deflation: A(ρ̃) = S̃⁻¹𝓛̃(ρ̃) + u·t(ρ̃) with t the physical trace; solve A ρ̃ = u.
  // A is non-singular when t(S̃(u)) = −tr(D G u G) ≠ 0, so u must weigh decaying states:
  // u = I/n (not the vacuum, which does not decay).
  const u = new Float64Array(nn);
  for (let i = 0; i < n; i++) u[2 * (i * n + i)] = 1 / n;
  const apply = (x: Float64Array, out: Float64Array): void => {
    lindbladian(n, Hs, D, decayS, x, Lbuf, HR);
    sInv(Lbuf, out);
    const t = weightedTrace(x) / n;
    for (let i = 0; i < n; i++) out[2 * (i * n + i)] = out[2 * (i * n + i)]! + t;
  };
  // initial guess: the vacuum (the steady state at weak drive is close to it)
  const rho = new Float64Array(nn);
  rho[0] = 1 / tw[0]!;
  const residualOf = (x: Float64Array): number => {
    const big = lindbladian(n, Hs, D, decayS, x, Lbuf, HR);
    let m = 0;
    for (let i = 0; i < nn; i += 2) m = Math.max(m, Math.abs(Lbuf[i]!) + Math.abs(Lbuf[i + 1]!));
    return big > 0 ? m / big : m;
  };
  // GMRES to a tightening algebraic tolerance. `tol` is the acceptance bar, but the solve goes on
  // towards rounding level (TARGET) while it still improves.
  const TARGET = 1e-14;
  const maxIt = opts.maxIterations ?? 300;
  let iterations = 0;
  let gtol = 1e-11;
  let last = residualOf(rho);
  while (last > TARGET && iterations < maxIt && gtol >= 1e-18) {
    const before = last;
    const res = gmres(apply, u, rho, { restart: opts.restart ?? 30, maxIterations: maxIt - iterations, tol: gtol });
    iterations += res.iterations;
    last = residualOf(rho);
    gtol /= 100;
    // stagnation at rounding level: stop once the bar is met
    if (last <= tol && last > 0.5 * before) break;
  }

  // back to ρ = Gρ̃G, normalised; the reported residual is the physical one, of the original 𝓛
  const tr = weightedTrace(rho);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const f = (g[r]! * g[c]!) / tr;
      const o = 2 * (r * n + c);
      rho[o] = rho[o]! * f;
      rho[o + 1] = rho[o + 1]! * f;
    }
  }
  const big = lindbladian(n, sys.H, D, sys.decay, rho, Lbuf, HR);
  let residualAbs = 0;
  for (let i = 0; i < nn; i += 2) residualAbs = Math.max(residualAbs, Math.abs(Lbuf[i]!) + Math.abs(Lbuf[i + 1]!));
  const residual = big > 0 ? residualAbs / big : residualAbs;
  if (!(residual <= tol) || !(last <= tol)) {
    throw new ComputationError(
      `the steady state did not converge: residual ${Math.max(residual, last).toExponential(2)} > ${tol} after ${iterations} GMRES iterations`,
    );
  }
  let trace = 0;
  let maxAbs = 0;
  let herm = 0;
  for (let r = 0; r < n; r++) {
    trace += rho[2 * (r * n + r)]!;
    for (let c = 0; c <= r; c++) {
      const o = 2 * (r * n + c);
      const t = 2 * (c * n + r);
      maxAbs = Math.max(maxAbs, Math.hypot(rho[o]!, rho[o + 1]!));
      herm = Math.max(herm, Math.hypot(rho[o]! - rho[t]!, rho[o + 1]! + rho[t + 1]!));
    }
  }
  const minEigenvalue = opts.skipPositivity ? NaN : hermitianEigenvalues(n, rho.slice(), new Float64Array(n))[0]!;
  return {
    rho,
    diagnostics: {
      method: 'sylvester-gmres',
      dim: n,
      residual,
      residualAbs,
      traceError: trace - 1,
      hermiticityError: maxAbs > 0 ? herm / maxAbs : 0,
      minEigenvalue,
      iterations,
      setupMs,
      timeMs: performance.now() - t0,
    },
  };
}

/** H̃[t][s] = H[t][s]·g_s/g_t. */
function gradeSparse(H: SparseMatrix, g: Float64Array): SparseMatrix {
  const re = H.re.slice();
  const im = H.im.slice();
  for (let r = 0; r < H.n; r++) {
    for (let p = H.rowPtr[r]!; p < H.rowPtr[r + 1]!; p++) {
      const f = g[H.col[p]!]! / g[r]!;
      re[p] = re[p]! * f;
      im[p] = im[p]! * f;
    }
  }
  return { ...H, re, im };
}

/**
 * out = 𝓛(ρ) = −i(Hρ − ρH†) − ½{D, ρ} + Σ κ a ρ a† for Hermitian ρ (ρH† = (Hρ)†; H need not be
 * Hermitian, as after grading). Returns the largest term's magnitude, the scale of the relative residual.
 */
function lindbladian(n: number, H: SparseMatrix, D: Float64Array, decay: Decay, rho: Float64Array, out: Float64Array, HR: Float64Array): number {
  HR.fill(0);
  const { rowPtr, col, re, im } = H;
  for (let r = 0; r < n; r++) {
    const ro = 2 * r * n;
    for (let p = rowPtr[r]!; p < rowPtr[r + 1]!; p++) {
      const hr = re[p]!, hi = im[p]!;
      const co = 2 * col[p]! * n;
      for (let j = 0; j < 2 * n; j += 2) {
        const xr = rho[co + j]!, xi = rho[co + j + 1]!;
        HR[ro + j] = HR[ro + j]! + hr * xr - hi * xi;
        HR[ro + j + 1] = HR[ro + j + 1]! + hr * xi + hi * xr;
      }
    }
  }
  let big = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const o = 2 * (r * n + c);
      const t = 2 * (c * n + r);
      const cr = HR[o]! - HR[t]!;
      const ci = HR[o + 1]! + HR[t + 1]!;
      const d = 0.5 * (D[r]! + D[c]!);
      out[o] = ci - d * rho[o]!;
      out[o + 1] = -cr - d * rho[o + 1]!;
      big = Math.max(big, Math.abs(HR[o]!) + Math.abs(HR[o + 1]!), d * (Math.abs(rho[o]!) + Math.abs(rho[o + 1]!)));
    }
  }
  for (const { op, rate } of decay) {
    const { target, amp } = op;
    for (let p = 0; p < n; p++) {
      const tp = target[p]!;
      if (tp < 0) continue;
      const ap = rate * amp[p]!;
      for (let q = 0; q < n; q++) {
        const tq = target[q]!;
        if (tq < 0) continue;
        const f = ap * amp[q]!;
        const o = 2 * (tp * n + tq);
        const s = 2 * (p * n + q);
        out[o] = out[o]! + f * rho[s]!;
        out[o + 1] = out[o + 1]! + f * rho[s + 1]!;
        big = Math.max(big, f * (Math.abs(rho[s]!) + Math.abs(rho[s + 1]!)));
      }
    }
  }
  return big;
}
