/**
 * Observables inside one Krylov step (krylov.ts) at any time of the step, and their Laplace
 * transforms over the step, from the eigendecomposition of the step's projected matrix
 * H = S Λ S⁻¹: with z = S⁻¹(β e_1) and an observable's row u_i = ⟨o, V_i⟩,
 *   c(s) = Σ_k (uS)_k z_k e^{λ_k s},   ∫_0^h e^{−iωs} c(s) ds = Σ_k (uS)_k z_k (e^{(λ_k−iω)h} − 1)/(λ_k − iω).
 * The decomposition is used only when it reproduces the step's own e^{hH}β e_1 (computed by
 * scaling and squaring) to 1e-11 of β; otherwise (a nearly defective H) every value comes from
 * e^{sH} itself, and the transform from composite Gauss–Legendre quadrature fine enough for the
 * largest |ω| and ‖H‖.
 */
import { expm } from '../../linalg/expm.js';
import { eigenSystem } from '../preconditioners/spectral.js';
import type { KrylovStep } from './krylov.js';
import { hypot } from '../../linalg/hypot.js';

// 8-point Gauss–Legendre on [−1, 1]
const GL_X = [-0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498, 0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363];
const GL_W = [0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620, 0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

/** Nodes and weights of 8-point Gauss–Legendre on each of `pieces` equal pieces of [0, length]. */
function compositeGaussLegendre(length: number, pieces: number): { nodes: number[]; weights: number[] } {
  const len = length / pieces;
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let p = 0; p < pieces; p++) {
    for (let g = 0; g < GL_X.length; g++) {
      nodes.push(len * (p + (GL_X[g]! + 1) / 2));
      weights.push((len / 2) * GL_W[g]!);
    }
  }
  return { nodes, weights };
}

/** One observable's coefficients in a step: c(s) = Re Σ_k amp_k e^{λ_k s} (or, without the decomposition, u·e^{sH}βe_1). */
export interface StepObservable {
  u: Float64Array;
  /** amp_k = (uS)_k z_k, interleaved; absent without the decomposition. */
  amp?: Float64Array;
}

export class ProjectedStep {
  readonly m: number;
  /** λ_k interleaved, when the decomposition passed its check. */
  readonly lambda?: Float64Array;
  private readonly S?: Float64Array;
  private readonly z?: Float64Array;
  private hNorm = 0;

  constructor(readonly step: KrylovStep) {
    const { m, H, beta, y, h } = step;
    this.m = m;
    for (let i = 0; i < m; i++) {
      let r = 0;
      for (let j = 0; j < m; j++) r += Math.abs(H[i * m + j]!);
      this.hNorm = Math.max(this.hNorm, r);
    }
    const a = new Float64Array(2 * m * m);
    for (let i = 0; i < m * m; i++) a[2 * i] = H[i]!;
    try {
      const es = eigenSystem(m, a);
      const z = new Float64Array(2 * m);
      for (let k = 0; k < m; k++) {
        z[2 * k] = beta * es.W[2 * (k * m)]!;
        z[2 * k + 1] = beta * es.W[2 * (k * m) + 1]!;
      }
      // check: S e^{Λh} z against the step's own coordinates
      let err = 0;
      for (let i = 0; i < m; i++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k < m; k++) {
          const e = Math.exp(es.lambda[2 * k]! * h);
          const c = e * Math.cos(es.lambda[2 * k + 1]! * h);
          const sn = e * Math.sin(es.lambda[2 * k + 1]! * h);
          const zr = z[2 * k]! * c - z[2 * k + 1]! * sn;
          const zi = z[2 * k]! * sn + z[2 * k + 1]! * c;
          const sr = es.V[2 * (i * m + k)]!;
          const si = es.V[2 * (i * m + k) + 1]!;
          re += sr * zr - si * zi;
          im += sr * zi + si * zr;
        }
        err = Math.max(err, Math.abs(re - y[i]!), Math.abs(im));
      }
      // the decomposition must also reproduce the start (s = 0): βe_1
      let err0 = 0;
      for (let i = 0; i < m; i++) {
        let re = 0;
        let im = 0;
        for (let k = 0; k < m; k++) {
          re += es.V[2 * (i * m + k)]! * z[2 * k]! - es.V[2 * (i * m + k) + 1]! * z[2 * k + 1]!;
          im += es.V[2 * (i * m + k)]! * z[2 * k + 1]! + es.V[2 * (i * m + k) + 1]! * z[2 * k]!;
        }
        err0 = Math.max(err0, Math.abs(re - (i === 0 ? beta : 0)), Math.abs(im));
      }
      if (Math.max(err, err0) <= 1e-11 * beta) {
        this.lambda = es.lambda;
        this.S = es.V;
        this.z = z;
      }
    } catch {
      // a defective projected matrix: fall back to e^{sH}
    }
  }

  /** True when values come from the eigendecomposition (else from e^{sH} at each time). */
  get decomposed(): boolean {
    return this.lambda !== undefined;
  }

  /** The observable o (a vector of the state space, ⟨o, x⟩ = its value at state x). */
  observable(o: Float64Array | ((x: Float64Array) => number)): StepObservable {
    const { m, V } = this.step;
    const u = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const Vi = V[i]!;
      if (typeof o === 'function') u[i] = o(Vi);
      else {
        let s = 0;
        for (let k = 0; k < Vi.length; k++) s += o[k]! * Vi[k]!;
        u[i] = s;
      }
    }
    if (!this.S) return { u };
    const amp = new Float64Array(2 * m);
    for (let k = 0; k < m; k++) {
      let re = 0;
      let im = 0;
      for (let i = 0; i < m; i++) {
        re += u[i]! * this.S[2 * (i * m + k)]!;
        im += u[i]! * this.S[2 * (i * m + k) + 1]!;
      }
      const zr = this.z![2 * k]!;
      const zi = this.z![2 * k + 1]!;
      amp[2 * k] = re * zr - im * zi;
      amp[2 * k + 1] = re * zi + im * zr;
    }
    return { u, amp };
  }

  /** e^{sH}βe_1 by scaling and squaring. */
  private coords(s: number): Float64Array {
    const { m, H, beta } = this.step;
    const E = expm(m, H, s);
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = beta * E[i * m]!;
    return out;
  }

  /** Values of observables at times s (0 ≤ s ≤ h, relative to the step's start): out[j][i] = c_j(s_i). */
  values(obs: StepObservable[], s: number[]): number[][] {
    const out = obs.map(() => new Array<number>(s.length).fill(0));
    if (this.lambda) {
      const { m } = this;
      s.forEach((si, i) => {
        for (let k = 0; k < m; k++) {
          const e = Math.exp(this.lambda![2 * k]! * si);
          const c = e * Math.cos(this.lambda![2 * k + 1]! * si);
          const sn = e * Math.sin(this.lambda![2 * k + 1]! * si);
          obs.forEach((o, j) => (out[j]![i] = out[j]![i]! + o.amp![2 * k]! * c - o.amp![2 * k + 1]! * sn));
        }
      });
      return out;
    }
    s.forEach((si, i) => {
      const y = this.coords(si);
      obs.forEach((o, j) => {
        let v = 0;
        for (let k = 0; k < this.m; k++) v += o.u[k]! * y[k]!;
        out[j]![i] = v;
      });
    });
    return out;
  }

  /** ∫_0^{s_i} c_j(u) du for observables j at times s_i (relative to the step's start). */
  integrals(obs: StepObservable[], s: number[]): number[][] {
    const out = obs.map(() => new Array<number>(s.length).fill(0));
    if (this.lambda) {
      const { m } = this;
      s.forEach((si, i) => {
        for (let k = 0; k < m; k++) {
          // (e^{λs} − 1)/λ, accurate for small |λs|
          const ar = this.lambda![2 * k]!;
          const ai = this.lambda![2 * k + 1]!;
          let fr: number;
          let fi: number;
          if (hypot(ar, ai) * si < 1e-4) {
            const xr = ar * si;
            const xi = ai * si;
            fr = si * (1 + xr / 2 + (xr * xr - xi * xi) / 6);
            fi = si * (xi / 2 + (2 * xr * xi) / 6);
          } else {
            const e = Math.exp(ar * si);
            const nr = e * Math.cos(ai * si) - 1;
            const ni = e * Math.sin(ai * si);
            const d = ar * ar + ai * ai;
            fr = (nr * ar + ni * ai) / d;
            fi = (ni * ar - nr * ai) / d;
          }
          obs.forEach((o, j) => (out[j]![i] = out[j]![i]! + o.amp![2 * k]! * fr - o.amp![2 * k + 1]! * fi));
        }
      });
      return out;
    }
    // composite Gauss–Legendre on pieces where e^{sH} is smooth
    s.forEach((si, i) => {
      const { nodes, weights } = compositeGaussLegendre(si, Math.max(1, Math.ceil(si * this.hNorm)));
      const vals = this.values(obs.map((o) => ({ u: o.u })), nodes);
      obs.forEach((_o, j) => (out[j]![i] = vals[j]!.reduce((acc, v, q) => acc + weights[q]! * v, 0)));
    });
    return out;
  }

  /**
   * Add e^{−iωt} ∫_0^h e^{−iωs} c(s) ds (t, h: the step's start and length) to out[2q], out[2q+1]
   * for every ω_q: the step's part of the Laplace transform of c over [t, t + h].
   */
  addLaplace(o: StepObservable, omega: Float64Array, out: Float64Array): void {
    const { t, h } = this.step;
    if (this.lambda && o.amp) {
      const { m } = this;
      for (let q = 0; q < omega.length; q++) {
        const w = omega[q]!;
        let sr = 0;
        let si = 0;
        for (let k = 0; k < m; k++) {
          const ar = this.lambda[2 * k]!;
          const ai = this.lambda[2 * k + 1]! - w;
          // (e^{xh} − 1)/x with x = ar + i ai, accurate for small |xh|
          let fr: number;
          let fi: number;
          const xr = ar * h;
          const xi = ai * h;
          if (hypot(xr, xi) < 1e-4) {
            // h (1 + x h/2 + (x h)²/6)
            const x2r = xr * xr - xi * xi;
            const x2i = 2 * xr * xi;
            fr = h * (1 + xr / 2 + x2r / 6);
            fi = h * (xi / 2 + x2i / 6);
          } else {
            const e = Math.exp(xr);
            const nr = e * Math.cos(xi) - 1;
            const ni = e * Math.sin(xi);
            const d = ar * ar + ai * ai;
            fr = (nr * ar + ni * ai) / d;
            fi = (ni * ar - nr * ai) / d;
          }
          const pr = o.amp[2 * k]!;
          const pi = o.amp[2 * k + 1]!;
          sr += pr * fr - pi * fi;
          si += pr * fi + pi * fr;
        }
        const c = Math.cos(w * t);
        const sn = -Math.sin(w * t);
        out[2 * q] = out[2 * q]! + sr * c - si * sn;
        out[2 * q + 1] = out[2 * q + 1]! + sr * sn + si * c;
      }
      return;
    }
    // quadrature: pieces short enough that e^{−iωs} and e^{sH} are smooth on them
    let wMax = 0;
    for (const w of omega) wMax = Math.max(wMax, Math.abs(w));
    const { nodes, weights } = compositeGaussLegendre(h, Math.max(1, Math.ceil(h * (wMax + this.hNorm))));
    const [vals] = this.values([{ u: o.u }], nodes);
    for (let q = 0; q < omega.length; q++) {
      const w = omega[q]!;
      let sr = 0;
      let si = 0;
      nodes.forEach((s, i) => {
        const f = weights[i]! * vals![i]!;
        sr += f * Math.cos(w * (t + s));
        si -= f * Math.sin(w * (t + s));
      });
      out[2 * q] = out[2 * q]! + sr;
      out[2 * q + 1] = out[2 * q + 1]! + si;
    }
  }
}
