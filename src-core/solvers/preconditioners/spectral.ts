/**
 * Spectral pieces shared by both steady-state preconditioners (docs/numerics.md, “Lindblad
 * steady state”): the eigensystem of an effective Hamiltonian H_eff = H − (i/2)Σκ_m a_m†a_m (or
 * of one block of it), the check that every eigenmode decays, and the Sylvester kernel Γ that
 * inverts S(X) = −i(A X − X B†) for diagonalised A and B.
 */
import { ComputationError } from '../../errors.js';
import { eig, eigWorkspace, type EigWorkspace } from '../../linalg/eig.js';
import { luFactor, luInverse } from '../../linalg/lu.js';
import { hypot } from '../../linalg/hypot.js';

/** An eigensystem: eigenvalues λ (interleaved), eigenvectors V (columns) and W = V⁻¹. */
export interface EigenSystem {
  lambda: Float64Array;
  V: Float64Array;
  W: Float64Array;
}

/**
 * Check that every eigenvalue of H_eff decays (Im λ < 0) by more than rounding next to the largest
 * frequency |λ|; otherwise the steady state is not unique, or not resolvable in double precision.
 * The error speaks of operators, not parameters: the solver does not know which model parameter is
 * at fault, so each model checks its own (a lossless, uncoupled mode; a parameter outside its
 * documented range) before solving.
 *
 * @throws ComputationError when an eigenmode does not decay.
 */
export function assertDecaying(lambda: Float64Array, count: number, skipFirst: boolean): void {
  let scale = 1;
  for (let k = 0; k < count; k++) scale = Math.max(scale, hypot(lambda[2 * k]!, lambda[2 * k + 1]!));
  for (let k = skipFirst ? 1 : 0; k < count; k++) {
    const rate = -lambda[2 * k + 1]!;
    if (!(rate > 1e-12 * scale)) {
      // a rate at rounding level of the largest frequency is a zero rate the eigensolver blurred
      throw new ComputationError(
        rate > 64 * Number.EPSILON * scale
          ? `the slowest decay rate of the effective Hamiltonian (${rate.toExponential(2)}) is below 1e-12 of its largest frequency (${scale.toExponential(2)}): double precision cannot resolve the steady state; bring the rates and frequencies closer to each other`
          : 'no dissipation reaches some states (they never decay under the collapse operators), so the steady state is not unique',
      );
    }
  }
}

/** The eigensolver's scratch, kept for the next block (a workspace serves every order up to its own), and the LU factors' that inverts V. */
let workspace: EigWorkspace | undefined;
let luScratch = new Float64Array(0);
let pivScratch = new Int32Array(0);

/** Eigendecomposition V, V⁻¹, λ of a dense complex matrix (overwritten). */
export function eigenSystem(m: number, a: Float64Array): EigenSystem {
  const lambda = new Float64Array(2 * m);
  const V = new Float64Array(2 * m * m);
  if (!workspace || workspace.n < m) workspace = eigWorkspace(m);
  eig(m, a, lambda, V, workspace);
  if (luScratch.length < 2 * m * m) luScratch = new Float64Array(2 * m * m);
  if (pivScratch.length < m) pivScratch = new Int32Array(m);
  const lu = luScratch.subarray(0, 2 * m * m);
  lu.set(V);
  const piv = pivScratch.subarray(0, m);
  if (luFactor(m, lu, piv) >= 0) throw new ComputationError('the eigenvectors of the effective Hamiltonian are linearly dependent (it is defective)');
  return { lambda, V, W: luInverse(m, lu, piv, new Float64Array(2 * m * m)) };
}

/** Γ_kl = i / (λ_k − conj μ_l): the Sylvester kernel between two spectra (m_k × m_l, or its transpose). */
export function sylvesterKernel(lk: Float64Array, mk: number, ll: Float64Array, ml: number, transposed: boolean): Float64Array {
  const G = new Float64Array(2 * mk * ml);
  for (let k = 0; k < mk; k++) {
    for (let l = 0; l < ml; l++) {
      const dr = lk[2 * k]! - ll[2 * l]!;
      const di = lk[2 * k + 1]! + ll[2 * l + 1]!;
      const den = dr * dr + di * di;
      const o = transposed ? 2 * (l * mk + k) : 2 * (k * ml + l);
      G[o] = di / den;
      G[o + 1] = dr / den;
    }
  }
  return G;
}
