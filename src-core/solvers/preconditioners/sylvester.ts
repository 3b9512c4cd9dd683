/**
 * The Sylvester (generalised-Lyapunov) preconditioner of the steady-state solver
 * (docs/numerics.md, “Lindblad steady state”; Breiten & Ringh, BIT 59:823, 2019).
 *
 * Split 𝓛 = S + J with S(ρ) = −i(H_eff ρ − ρ H_eff†), H_eff = H − (i/2)Σ_c rate_c C_c†C_c, and
 * J(ρ) = Σ_c rate_c C_c ρ C_c† (C = a, a† or a² of a mode; every jump, raising ones included, is in J). One eigendecomposition H_eff = V diag(λ) V⁻¹ makes S⁻¹ two congruences
 * and a Hadamard product:
 *   S⁻¹(Y) = V [(V⁻¹ Y V⁻†) ∘ Γ] V†,  Γ_kl = i / (λ_k − conj λ_l).
 * Dense (O(n³) setup, O(n³) per application) and robust at any drive strength.
 */
import { congruence } from '../../linalg/gemm.js';
import { toDense } from '../../quantum/operators.js';
import type { GradedSystem } from './graded-system.js';
import { assertDecaying, eigenSystem, sylvesterKernel } from './spectral.js';

export interface SylvesterPreconditioner {
  /** Time to diagonalise H̃_eff and invert V. */
  setupMs: number;
  /** out = S̃⁻¹(Y) for Hermitian Y (n × n interleaved). */
  apply: (Y: Float64Array, out: Float64Array) => void;
}

/**
 * S̃⁻¹ of a graded system, from one eigendecomposition of the whole H̃_eff.
 *
 * @throws ComputationError when an eigenmode of H̃_eff does not decay or H̃_eff is defective.
 */
export function sylvesterPreconditioner(p: GradedSystem): SylvesterPreconditioner {
  const t0 = performance.now();
  const { n, Hs, D } = p;
  const nn = 2 * n * n;
  const heff = toDense(Hs, new Float64Array(nn));
  for (let s = 0; s < n; s++) heff[2 * (s * n + s) + 1] = heff[2 * (s * n + s) + 1]! - D[s]! / 2;
  const { lambda, V, W: Vinv } = eigenSystem(n, heff);
  assertDecaying(lambda, n, false);
  const Gam = sylvesterKernel(lambda, n, lambda, n, false);
  const setupMs = performance.now() - t0;

  const tmp = new Float64Array(nn);
  const tmp2 = new Float64Array(nn);
  const sInv = (y: Float64Array, out: Float64Array): void => {
    congruence(n, Vinv, y, tmp2, tmp);
    for (let i = 0; i < nn; i += 2) {
      const yr = tmp2[i]!, yi = tmp2[i + 1]!, gr = Gam[i]!, gi = Gam[i + 1]!;
      tmp2[i] = yr * gr - yi * gi;
      tmp2[i + 1] = yr * gi + yi * gr;
    }
    congruence(n, V, tmp2, out, tmp);
  };
  return { setupMs, apply: sInv };
}
