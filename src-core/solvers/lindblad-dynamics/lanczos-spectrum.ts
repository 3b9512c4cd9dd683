/**
 * Transfer functions ⟨A, (z − 𝓛)⁻¹X⟩ = tr[A (z − 𝓛)⁻¹ X] of a Lindblad generator for many z at once,
 * by the two-sided (non-Hermitian) Lanczos process on 𝓛 and its dual 𝓛* (the Heisenberg-picture
 * generator): with V_k, W_k bi-orthogonal bases of the Krylov spaces of (𝓛, X) and (𝓛*, A) and the
 * tridiagonal T_k = W_kᵀ 𝓛 V_k,
 *   ⟨A, (z − 𝓛)⁻¹X⟩ ≈ ⟨A, X⟩ e_1ᵀ (z − T_k)⁻¹ e_1,
 * a continued fraction that matches the first 2k moments ⟨A, 𝓛^j X⟩ (the Padé approximant of the
 * transfer function; Gallivan, Grimme & Van Dooren, Appl. Numer. Math. 20:33, 1996). No
 * orthogonalisation against earlier vectors is needed (three-term recurrences), so one iteration
 * costs two applications of the generator. Convergence is measured, not assumed: every CHECK
 * iterations all values are re-evaluated, and the process stops when two successive evaluations
 * agree within `tol` of the largest |value| twice in a row. A breakdown (⟨s, r⟩ = 0) or no
 * convergence within maxIterations is reported, and the caller falls back to time propagation.
 */
import type { GeneralScratch } from '../../quantum/liouvillian.js';
import { hypot } from '../../linalg/hypot.js';

export interface LanczosResult {
  /** ⟨A, (z_q − 𝓛)⁻¹X⟩ for every z_q (interleaved complex). */
  values: Float64Array;
  iterations: number;
  /** Largest change between the last two evaluations, relative to the largest |value|. */
  change: number;
  converged: boolean;
  /** Why it stopped without converging, if it did. */
  reason?: string;
}

const CHECK = 10;

/** Bilinear (unconjugated) dot Σ a_i b_i of interleaved complex vectors, into out[0..1]. */
function bidot(a: Float64Array, b: Float64Array): [number, number] {
  let re = 0;
  let im = 0;
  for (let i = 0; i < a.length; i += 2) {
    const ar = a[i]!, ai = a[i + 1]!, br = b[i]!, bi = b[i + 1]!;
    re += ar * br - ai * bi;
    im += ar * bi + ai * br;
  }
  return [re, im];
}

function transposeInto(n: number, X: Float64Array, out: Float64Array): void {
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      out[2 * (c * n + r)] = X[2 * (r * n + c)]!;
      out[2 * (c * n + r) + 1] = X[2 * (r * n + c) + 1]!;
    }
  }
}

/** e_1ᵀ(z − T)⁻¹e_1 for every z (continued fraction from the bottom), times p, into out. */
function evaluate(k: number, alpha: Float64Array, bg: Float64Array, z: Float64Array, p: [number, number], out: Float64Array): void {
  for (let q = 0; q < z.length / 2; q++) {
    const zr = z[2 * q]!;
    const zi = z[2 * q + 1]!;
    // f_k = z − α_k; f_j = z − α_j − (β_{j+1}γ_{j+1}) / f_{j+1}
    let fr = zr - alpha[2 * (k - 1)]!;
    let fi = zi - alpha[2 * (k - 1) + 1]!;
    for (let j = k - 2; j >= 0; j--) {
      const br = bg[2 * (j + 1)]!;
      const bi = bg[2 * (j + 1) + 1]!;
      const d = fr * fr + fi * fi;
      // (br + i bi)/(fr + i fi)
      const qr = (br * fr + bi * fi) / d;
      const qi = (bi * fr - br * fi) / d;
      fr = zr - alpha[2 * j]! - qr;
      fi = zi - alpha[2 * j + 1]! - qi;
    }
    const d = fr * fr + fi * fi;
    const gr = fr / d;
    const gi = -fi / d;
    out[2 * q] = p[0] * gr - p[1] * gi;
    out[2 * q + 1] = p[0] * gi + p[1] * gr;
  }
}

/**
 * ⟨A, (z_q − 𝓛)⁻¹X⟩ for every z_q. `apply(x, out)` is 𝓛 and `applyDual(a, out)` is 𝓛* on n × n
 * complex matrices (interleaved); ⟨A, X⟩ = tr(AX).
 */
export function lanczosTransfer(
  n: number,
  apply: (x: Float64Array, out: Float64Array) => void,
  applyDual: (a: Float64Array, out: Float64Array) => void,
  A: Float64Array,
  X: Float64Array,
  z: Float64Array,
  opts: { tol: number; maxIterations: number },
): LanczosResult {
  const values = new Float64Array(z.length);
  const prev = new Float64Array(z.length);
  let change = Infinity;
  let calm = 0;
  const r = lanczos(n, apply, applyDual, A, X, opts.maxIterations, (k, t) => {
    evaluate(k, t.alpha, t.bg, z, t.p, values);
    let big = 0;
    let diff = 0;
    for (let q = 0; q < z.length; q += 2) {
      big = Math.max(big, hypot(values[q]!, values[q + 1]!));
      diff = Math.max(diff, hypot(values[q]! - prev[q]!, values[q + 1]! - prev[q + 1]!));
    }
    change = big > 0 ? diff / big : diff;
    prev.set(values);
    calm = change <= opts.tol ? calm + 1 : 0;
    return calm >= 2;
  });
  if (r.exact) {
    evaluate(r.iterations, r.tridiagonal.alpha, r.tridiagonal.bg, z, r.tridiagonal.p, values);
    change = 0;
  }
  return { values, iterations: r.iterations, change, converged: r.converged, ...(r.reason ? { reason: r.reason } : {}) };
}

/** The tridiagonal T_k of a Lanczos process: α_j (interleaved), β_{j+1}γ_{j+1} at bg[2j] (interleaved), and p = ⟨A, X⟩. */
export interface Tridiagonal {
  alpha: Float64Array;
  bg: Float64Array;
  p: [number, number];
}

/** How often (in iterations) the process asks whether it has converged: every CHECK, and at least every 1/8 of k. */
function checkDue(k: number): boolean {
  return k >= 2 * CHECK && (k % CHECK === 0) && (k < 8 * CHECK || k % Math.max(CHECK, CHECK * Math.round(k / (8 * CHECK))) === 0);
}

/**
 * The two-sided Lanczos process on (𝓛, X) and (𝓛*, A); `converged(k, T)` is asked now and then
 * (checkDue) with the tridiagonal of the first k steps and ends the process by returning true.
 */
export function lanczos(
  n: number,
  apply: (x: Float64Array, out: Float64Array) => void,
  applyDual: (a: Float64Array, out: Float64Array) => void,
  A: Float64Array,
  X: Float64Array,
  maxIterations: number,
  converged: (k: number, t: Tridiagonal) => boolean,
): { iterations: number; converged: boolean; exact: boolean; reason?: string; tridiagonal: Tridiagonal } {
  const len = 2 * n * n;
  // left vectors are kept transposed (W = Aᵀ), so that ⟨A, X⟩ = Σ W_ij X_ij is a plain bilinear dot
  let w = new Float64Array(len);
  transposeInto(n, A, w);
  let v = Float64Array.from(X);
  const p = bidot(w, v);
  const alpha = new Float64Array(2 * (maxIterations + 1));
  const bg = new Float64Array(2 * (maxIterations + 1)); // β_jγ_j
  const T: Tridiagonal = { alpha, bg, p };
  if (p[0] === 0 && p[1] === 0) return { iterations: 0, converged: true, exact: true, tridiagonal: T };
  // scale: v₁ = X/‖X‖, w₁ = Aᵀ‖X‖/p so that ⟨w₁, v₁⟩ = 1
  let nx = 0;
  for (let i = 0; i < len; i++) nx += v[i]! * v[i]!;
  nx = Math.sqrt(nx);
  for (let i = 0; i < len; i++) v[i] = v[i]! / nx;
  {
    const d = p[0] * p[0] + p[1] * p[1];
    const sr = (nx * p[0]) / d;
    const si = (-nx * p[1]) / d;
    for (let i = 0; i < len; i += 2) {
      const a = w[i]!, b = w[i + 1]!;
      w[i] = a * sr - b * si;
      w[i + 1] = a * si + b * sr;
    }
  }
  let vPrev = new Float64Array(len);
  let wPrev = new Float64Array(len);
  const r = new Float64Array(len);
  const s = new Float64Array(len);
  const tA = new Float64Array(len);
  const tB = new Float64Array(len);
  let beta = 0;
  let gamma: [number, number] = [0, 0];
  for (let k = 1; k <= maxIterations; k++) {
    apply(v, r);
    // s = (𝓛*(Wᵀ))ᵀ
    transposeInto(n, w, tA);
    applyDual(tA, tB);
    transposeInto(n, tB, s);
    const a = bidot(w, r);
    alpha[2 * (k - 1)] = a[0];
    alpha[2 * (k - 1) + 1] = a[1];
    // r = 𝓛v − α v − γ v_prev;  s = 𝓛*w − α w − β w_prev
    for (let i = 0; i < len; i += 2) {
      const vr = v[i]!, vi = v[i + 1]!, wr = w[i]!, wi = w[i + 1]!;
      r[i] = r[i]! - (a[0] * vr - a[1] * vi) - (gamma[0] * vPrev[i]! - gamma[1] * vPrev[i + 1]!);
      r[i + 1] = r[i + 1]! - (a[0] * vi + a[1] * vr) - (gamma[0] * vPrev[i + 1]! + gamma[1] * vPrev[i]!);
      s[i] = s[i]! - (a[0] * wr - a[1] * wi) - beta * wPrev[i]!;
      s[i + 1] = s[i + 1]! - (a[0] * wi + a[1] * wr) - beta * wPrev[i + 1]!;
    }
    if ((checkDue(k) || k === maxIterations) && converged(k, T)) return { iterations: k, converged: true, exact: false, tridiagonal: T };
    const d = bidot(s, r);
    const dn = hypot(d[0], d[1]);
    let rn = 0;
    let sn = 0;
    for (let i = 0; i < len; i++) {
      rn += r[i]! * r[i]!;
      sn += s[i]! * s[i]!;
    }
    if (rn === 0 || sn === 0) return { iterations: k, converged: true, exact: true, tridiagonal: T }; // an invariant subspace: T_k is exact
    if (dn <= 1e-14 * Math.sqrt(rn * sn)) return { iterations: k, converged: false, exact: false, reason: `the Lanczos process broke down at iteration ${k}`, tridiagonal: T };
    beta = Math.sqrt(dn);
    gamma = [d[0] / beta, d[1] / beta];
    bg[2 * k] = d[0];
    bg[2 * k + 1] = d[1];
    // v ← r/β, w ← s/γ
    const gd = gamma[0] * gamma[0] + gamma[1] * gamma[1];
    const gr = gamma[0] / gd;
    const gi = -gamma[1] / gd;
    const nv = vPrev;
    const nw = wPrev;
    for (let i = 0; i < len; i += 2) {
      nv[i] = r[i]! / beta;
      nv[i + 1] = r[i + 1]! / beta;
      nw[i] = s[i]! * gr - s[i + 1]! * gi;
      nw[i + 1] = s[i]! * gi + s[i + 1]! * gr;
    }
    vPrev = v;
    wPrev = w;
    v = nv;
    w = nw;
  }
  return { iterations: maxIterations, converged: false, exact: false, reason: `the Lanczos process did not converge in ${maxIterations} iterations`, tridiagonal: T };
}

export type { GeneralScratch };
