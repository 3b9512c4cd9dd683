/**
 * Linear stability of a steady state of dx/dt = F(x): the eigenvalues of the real Jacobian ∂F/∂x.
 * The eigenvalues come from the real double-shift QR of src-core/linalg/real-eigenvalues.ts
 * (checked against the complex Schur solver of src-core/linalg/eig, several times slower here).
 */
import { realEigenvalues } from '../../linalg/real-eigenvalues.js';
import { ComputationError } from '../../errors.js';
import { hypot } from '../../linalg/hypot.js';

export interface PointStability {
  /** The n eigenvalues of ∂F/∂x, interleaved (re, im), sorted by decreasing real part (a conjugate pair: +im first). */
  eigenvalues: Float64Array;
  /** The largest real part among the eigenvalues. */
  maxRealPart: number;
  /** True when every eigenvalue has a real part < 0 (a small perturbation decays). */
  stable: boolean;
}

/** Scratch for {@link linearStability}, reusable between calls of the same n. */
export interface StabilityWorkspace {
  n: number;
  a: Float64Array;
  wr: Float64Array;
  wi: Float64Array;
  order: number[];
}

export function stabilityWorkspace(n: number): StabilityWorkspace {
  return { n, a: new Float64Array(n * n), wr: new Float64Array(n), wi: new Float64Array(n), order: Array.from({ length: n }, (_, k) => k) };
}

/**
 * Eigenvalues of the real n×n matrix `jx` (row-major, not modified) and whether all their real
 * parts are negative.
 *
 * @throws ComputationError when `jx` holds a non-finite entry.
 * @example
 * linearStability(2, new Float64Array([-1, 2, -2, -1])); // eigenvalues −1 ± 2i, stable
 */
export function linearStability(n: number, jx: Float64Array, ws: StabilityWorkspace = stabilityWorkspace(n)): PointStability {
  if (ws.n !== n) throw new RangeError(`linearStability: workspace for n = ${ws.n}, got n = ${n}`);
  const { a, wr, wi, order } = ws;
  for (let k = 0; k < n * n; k++) {
    const v = jx[k]!;
    if (!Number.isFinite(v)) throw new ComputationError(`the Jacobian ∂F/∂x has a non-finite entry (${v}) at row ${Math.floor(k / n)}, column ${k % n}`);
    a[k] = v;
  }
  realEigenvalues(n, a, wr, wi);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((i, j) => wr[j]! - wr[i]! || wi[j]! - wi[i]!);
  const eigenvalues = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    eigenvalues[2 * k] = wr[order[k]!]!;
    eigenvalues[2 * k + 1] = wi[order[k]!]!;
  }
  // a conjugate pair's real parts differ only by roundoff: list its +im member first
  let scale = 0;
  for (let k = 0; k < n; k++) scale = Math.max(scale, hypot(eigenvalues[2 * k]!, eigenvalues[2 * k + 1]!));
  for (let k = 0; k + 1 < n; k++) {
    if (Math.abs(eigenvalues[2 * k]! - eigenvalues[2 * k + 2]!) <= 1e-12 * scale && eigenvalues[2 * k + 1]! < eigenvalues[2 * k + 3]!) {
      const re = eigenvalues[2 * k]!;
      const im = eigenvalues[2 * k + 1]!;
      eigenvalues[2 * k] = eigenvalues[2 * k + 2]!;
      eigenvalues[2 * k + 1] = eigenvalues[2 * k + 3]!;
      eigenvalues[2 * k + 2] = re;
      eigenvalues[2 * k + 3] = im;
    }
  }
  const maxRealPart = n > 0 ? eigenvalues[0]! : -Infinity;
  return { eigenvalues, maxRealPart, stable: maxRealPart < 0 };
}
