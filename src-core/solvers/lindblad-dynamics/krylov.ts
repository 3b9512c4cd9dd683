/**
 * w(t) = e^{t𝓛} v for a time-independent Lindblad generator, by Krylov subspace projection with
 * local error control: R. B. Sidje's Expokit `expv` (ACM TOMS 24:130, 1998), on a real vector
 * space (Hermitian matrices stored interleaved: 𝓛 maps them to Hermitian matrices, so the
 * Arnoldi process, the projected matrix and its exponential are real).
 *
 * One step from t to t + h: an Arnoldi basis V_m of K_m(𝓛, w(t)) with 𝓛V_m = V_m H_m +
 * h_{m+1,m} v_{m+1} e_mᵀ, and w(t + s) ≈ β V_m e^{sH_m} e_1 (β = ‖w(t)‖) for every s in [0, h].
 * The step's error is estimated from the next two terms of the series (Saad, SIAM J. Numer. Anal.
 * 29:209, 1992; Expokit's estimate) and the step is accepted when it is at most δ·h·tol, so the
 * global error at T is about T·tol; a rejected step shrinks by γ(h·tol/err)^{1/m}. Each accepted
 * step is handed to `onStep` with its basis and projected matrix, so callers evaluate observables
 * anywhere inside it (dense output) or integrate them against e^{−iωs} (spectra) exactly.
 */
import { ComputationError } from '../../errors.js';
import { expm } from '../../linalg/expm.js';
import { tsVectorOps, type VectorOps } from '../../linalg/vector-ops.js';

/** One accepted step: w(t + s) ≈ β Σ_i V[i] (e^{sH} e_1)_i for 0 ≤ s ≤ h. */
export interface KrylovStep {
  t: number;
  h: number;
  /** Dimension of the projection (smaller than the requested m after a happy breakdown). */
  m: number;
  /** The orthonormal basis (the first m vectors are valid during the callback only). */
  V: Float64Array[];
  /** The projected matrix H_m, m × m row-major. */
  H: Float64Array;
  beta: number;
  /** β e^{hH} e_1: the coordinates of w(t + h) in V. */
  y: Float64Array;
}

export interface ExpvOptions {
  /** Absolute error allowed per unit time (in the norm of v). */
  tol: number;
  /** Krylov dimension (default 30). */
  m?: number;
  /** Most steps (default 100 000). */
  maxSteps?: number;
  /**
   * The vector operations and where the basis lives (default TypeScript arrays): WebAssembly on the
   * kernels' arena gives the same bits. v is copied in; the result `w` is an ordinary array.
   */
  ops?: VectorOps;
}

export interface ExpvResult {
  /** w at the time reached. */
  w: Float64Array;
  t: number;
  steps: number;
  rejected: number;
  /** Applications of 𝓛. */
  matvecs: number;
  /** Sum of the accepted steps' local error estimates (a bound on the global error, in the norm of v). */
  errorEstimate: number;
}

const GAMMA = 0.9;
const DELTA = 1.2;

/** A step length rounded up to two significant digits (as Expokit does). */
function round2(h: number): number {
  const s = Math.pow(10, Math.floor(Math.log10(h)) - 1);
  return Math.ceil(h / s) * s;
}

/**
 * Propagate v to tEnd (which may be Infinity: then `onStep` ends the run by returning false).
 * `apply(x, out)` writes 𝓛x into out. `onStep` sees every accepted step; returning false stops.
 *
 * @throws ComputationError when the steps run out (maxSteps) or the state stops being finite.
 */
export function expv(
  apply: (x: Float64Array, out: Float64Array) => void,
  v: Float64Array,
  tEnd: number,
  opts: ExpvOptions,
  onStep?: (step: KrylovStep) => boolean | void,
): ExpvResult {
  const len = v.length;
  const m = Math.max(2, Math.min(opts.m ?? 30, len));
  const maxSteps = opts.maxSteps ?? 100_000;
  const tol = opts.tol;
  const ops = opts.ops ?? tsVectorOps;
  const V: Float64Array[] = Array.from({ length: m + 1 }, () => ops.vector(len));
  const p = ops.vector(len);
  // w(t) and the next one, swapped after each step
  let w = ops.vector(len);
  w.set(v);
  let wNew = ops.vector(len);
  let beta = Math.sqrt(ops.dot(w, w));
  let t = 0;
  let steps = 0;
  let rejected = 0;
  let matvecs = 0;
  let errorEstimate = 0;
  let hNext = 0;
  let anorm = 0;
  // H̄ of size (m+2)²: H_m, h_{m+1,m}, and the 1 that carries the error terms (Expokit)
  const mx = m + 2;
  const Hbar = new Float64Array(mx * mx);
  while (t < tEnd) {
    if (beta === 0) break; // the zero state stays zero
    if (!Number.isFinite(beta)) throw new ComputationError('the propagated state is no longer finite');
    if (steps >= maxSteps) throw new ComputationError(`the Krylov propagation needed more than ${maxSteps} steps (reached t = ${t.toPrecision(4)} of ${tEnd})`);
    Hbar.fill(0);
    const v0 = V[0]!;
    v0.set(w);
    ops.divide(v0, beta);
    let mb = m;
    let breakdown = false;
    for (let j = 0; j < m; j++) {
      apply(V[j]!, p);
      matvecs++;
      // modified Gram–Schmidt, repeated once when the first pass cancelled most of the vector
      // (the Daniel–Gragg–Kaufman–Stewart criterion): the basis stays orthonormal to rounding
      let s = Math.sqrt(ops.dot(p, p));
      for (let pass = 0; pass < 2; pass++) {
        let hij = ops.dot(V[0]!, p);
        let after = 0;
        for (let i = 0; i <= j; i++) {
          Hbar[i * mx + j] = Hbar[i * mx + j]! + hij;
          // subtract this projection and take the next one (or, after the last, the norm) in one pass
          const r = ops.subtractThenDot(p, hij, V[i]!, i < j ? V[i + 1]! : undefined);
          if (i < j) hij = r;
          else after = Math.sqrt(r);
        }
        const cancelled = after < 0.7 * s;
        s = after;
        if (!cancelled) break;
      }
      let colNorm = 0;
      for (let i = 0; i <= j; i++) colNorm += Math.abs(Hbar[i * mx + j]!);
      anorm = Math.max(anorm, colNorm + s);
      if (s <= 1e-13 * Math.max(anorm, 1e-300)) {
        // happy breakdown: K_{j+1} is invariant, the projection is exact for every step length
        mb = j + 1;
        breakdown = true;
        break;
      }
      Hbar[(j + 1) * mx + j] = s;
      const Vn = V[j + 1]!;
      Vn.set(p);
      ops.divide(Vn, s);
    }
    let avnorm = 0;
    if (!breakdown) {
      Hbar[(m + 1) * mx + m] = 1;
      apply(V[m]!, p);
      matvecs++;
      avnorm = Math.sqrt(ops.dot(p, p));
    }
    if (hNext === 0) {
      // Expokit's first step from the a-priori error bound of the Krylov approximation
      const fact = Math.pow((m + 1) / Math.E, m + 1) * Math.sqrt(2 * Math.PI * (m + 1));
      hNext = round2((1 / anorm) * Math.pow((fact * tol) / (4 * beta * anorm), 1 / m));
    }
    let h = breakdown && Number.isFinite(tEnd) ? tEnd - t : Math.min(tEnd - t, hNext);
    let F: Float64Array;
    let errLoc: number;
    let xm = 1 / m;
    const k1 = breakdown ? 0 : 2;
    const size = mb + k1;
    const sub = new Float64Array(size * size);
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) sub[i * size + j] = Hbar[i * mx + j]!;
    for (;;) {
      F = expm(size, sub, h);
      if (breakdown) {
        errLoc = 0;
        break;
      }
      const phi1 = Math.abs(beta * F[m * size]!);
      const phi2 = Math.abs(beta * F[(m + 1) * size]! * avnorm);
      if (phi1 > 10 * phi2) errLoc = phi2;
      else if (phi1 > phi2) errLoc = (phi1 * phi2) / (phi1 - phi2);
      else {
        errLoc = phi1;
        xm = 1 / (m - 1);
      }
      if (errLoc <= DELTA * h * tol) break;
      h = round2(GAMMA * h * Math.pow((h * tol) / errLoc, xm));
      rejected++;
      if (!(h > 0) || rejected > 1000 * (steps + 1)) throw new ComputationError('the Krylov propagation cannot meet its tolerance (step size underflow)');
    }
    // the step's coordinates (uncorrected projection: what dense output and spectra use too)
    const y = new Float64Array(mb);
    for (let i = 0; i < mb; i++) y[i] = beta * F[i * size]!;
    const H = new Float64Array(mb * mb);
    for (let i = 0; i < mb; i++) for (let j = 0; j < mb; j++) H[i * mb + j] = Hbar[i * mx + j]!;
    wNew.fill(0);
    for (let i = 0; i < mb; i++) ops.axpy(y[i]!, V[i]!, wNew);
    steps++;
    errorEstimate += Math.max(errLoc, anorm * Number.EPSILON * beta);
    const more = onStep?.({ t, h, m: mb, V, H, beta, y });
    [w, wNew] = [wNew, w];
    beta = Math.sqrt(ops.dot(w, w));
    t += h;
    if (breakdown) hNext = Number.isFinite(tEnd) ? hNext : 2 * h;
    else hNext = round2(Math.min(10 * h, GAMMA * h * Math.pow((h * tol) / Math.max(errLoc, 1e-300), xm)));
    if (more === false) break;
  }
  return { w: opts.ops ? w.slice() : w, t, steps, rejected, matvecs, errorEstimate };
}
