/**
 * Eigenvalues (ascending) of a dense complex Hermitian matrix: Householder reduction to a real
 * symmetric tridiagonal matrix, then implicit QL iterations. Eigenvalues only — used for the
 * positivity check of density matrices.
 *
 * `a` (interleaved, row-major, n×n) is overwritten (not with the WebAssembly reduction, which works on
 * a copy in the kernels' memory). `out` receives n eigenvalues in ascending order.
 * @throws Error when QL does not converge in 60 sweeps per eigenvalue (it says so).
 * @example
 * // [[2, i], [-i, 2]] -> [1, 3]
 */
import { hypot } from './hypot.js';
import { wasmKernels } from './wasm/kernels.js';

/**
 * Below WASM_MIN_N the reduction stays in TypeScript (copying into the kernels' memory would cost
 * more); above WASM_MAX_N too (16 MB of a matrix: the module's memory never shrinks).
 */
const WASM_MIN_N = 8;
const WASM_MAX_N = 1024;

export function hermitianEigenvalues(n: number, a: Float64Array, out: Float64Array): Float64Array {
  const d = out;
  const e = new Float64Array(n);
  // the Householder reduction in WebAssembly where it loads (a new arena layout: callers hold none
  // meanwhile), the QL iterations here
  const wk = n >= WASM_MIN_N && n <= WASM_MAX_N ? wasmKernels() : undefined;
  if (wk?.arena.reset(2 * n * n + 6 * n + 16)) {
    const A = wk.arena.alloc(2 * n * n);
    A.set(a.subarray(0, 2 * n * n));
    const [dd, ee, u, p] = [wk.arena.alloc(n), wk.arena.alloc(n), wk.arena.alloc(2 * n), wk.arena.alloc(2 * n)];
    wk.hermitianTridiagonal(n, wk.at(A), wk.at(dd), wk.at(ee), wk.at(u), wk.at(p));
    d.set(dd);
    e.set(ee);
    tridiagonalQL(n, d, e);
    return d.sort();
  }
  const u = new Float64Array(2 * n);
  const p = new Float64Array(2 * n);
  for (let k = 0; k < n - 2; k++) {
    // x = A[k+1:n, k]
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) {
      const o = 2 * (i * n + k);
      norm2 += a[o]! * a[o]! + a[o + 1]! * a[o + 1]!;
    }
    const norm = Math.sqrt(norm2);
    e[k] = norm;
    if (norm === 0) continue;
    const o0 = 2 * ((k + 1) * n + k);
    const x0r = a[o0]!;
    const x0i = a[o0 + 1]!;
    const x0abs = hypot(x0r, x0i);
    const phr = x0abs === 0 ? 1 : x0r / x0abs;
    const phi = x0abs === 0 ? 0 : x0i / x0abs;
    // v = x - alpha e1 with alpha = -phase(x0)·‖x‖, so v0 = x0 + phase·‖x‖
    u.fill(0);
    for (let i = k + 1; i < n; i++) {
      const o = 2 * (i * n + k);
      u[2 * i] = a[o]!;
      u[2 * i + 1] = a[o + 1]!;
    }
    u[2 * (k + 1)] = u[2 * (k + 1)]! + phr * norm;
    u[2 * (k + 1) + 1] = u[2 * (k + 1) + 1]! + phi * norm;
    let vn = 0;
    for (let i = k + 1; i < n; i++) vn += u[2 * i]! * u[2 * i]! + u[2 * i + 1]! * u[2 * i + 1]!;
    vn = Math.sqrt(vn);
    for (let i = k + 1; i < n; i++) {
      u[2 * i] = u[2 * i]! / vn;
      u[2 * i + 1] = u[2 * i + 1]! / vn;
    }
    // p = A u on the trailing block
    for (let i = k + 1; i < n; i++) {
      let sr = 0;
      let si = 0;
      for (let j = k + 1; j < n; j++) {
        const o = 2 * (i * n + j);
        const ar = a[o]!, ai = a[o + 1]!, ur = u[2 * j]!, ui = u[2 * j + 1]!;
        sr += ar * ur - ai * ui;
        si += ar * ui + ai * ur;
      }
      p[2 * i] = sr;
      p[2 * i + 1] = si;
    }
    // K = u† p (real for Hermitian A); w = p - K u (stored in p)
    let K = 0;
    for (let i = k + 1; i < n; i++) K += u[2 * i]! * p[2 * i]! + u[2 * i + 1]! * p[2 * i + 1]!;
    for (let i = k + 1; i < n; i++) {
      p[2 * i] = p[2 * i]! - K * u[2 * i]!;
      p[2 * i + 1] = p[2 * i + 1]! - K * u[2 * i + 1]!;
    }
    // A <- A - 2 (u w† + w u†) on the trailing block
    for (let i = k + 1; i < n; i++) {
      const uir = u[2 * i]!, uii = u[2 * i + 1]!, wir = p[2 * i]!, wii = p[2 * i + 1]!;
      for (let j = k + 1; j < n; j++) {
        const ujr = u[2 * j]!, uji = u[2 * j + 1]!, wjr = p[2 * j]!, wji = p[2 * j + 1]!;
        // u_i conj(w_j) + w_i conj(u_j)
        const re = uir * wjr + uii * wji + wir * ujr + wii * uji;
        const im = uii * wjr - uir * wji + wii * ujr - wir * uji;
        const o = 2 * (i * n + j);
        a[o] = a[o]! - 2 * re;
        a[o + 1] = a[o + 1]! - 2 * im;
      }
    }
  }
  for (let i = 0; i < n; i++) d[i] = a[2 * (i * n + i)]!;
  if (n >= 2) {
    const o = 2 * ((n - 1) * n + (n - 2));
    e[n - 2] = hypot(a[o]!, a[o + 1]!);
  }
  e[n - 1] = 0;
  tridiagonalQL(n, d, e);
  return d.sort();
}

/** Implicit QL with Wilkinson shifts on a symmetric tridiagonal matrix (diag d, sub-diagonal e[0..n-2]); eigenvalues into d. */
function tridiagonalQL(n: number, d: Float64Array, e: Float64Array): void {
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (++iter > 60) throw new Error(`Hermitian eigenvalues: QL did not converge after ${iter - 1} sweeps`);
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        let f = s * e[i]!;
        const b = c * e[i]!;
        r = hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        f = 0;
        void f;
      }
      if (underflow) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
}
