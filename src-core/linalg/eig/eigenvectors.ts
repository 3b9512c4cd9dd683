/**
 * Eigenvectors of the Schur factor T by back-substitution (LAPACK ztrevc), back-transformed by
 * the Schur vectors and normalised; see docs/numerics.md.
 */
import { cdiv, GROWTH_LIMIT, SAFMIN, ULP, type ComplexOut } from './complex.js';
import type { EigWorkspace } from './workspace.js';
import { hypot } from '../hypot.js';

/**
 * With T in the upper triangle of `t` and Zᵀ in `zt`: overwrite zt with Vᵀ (row k = eigenvector
 * k, unit 2-norm, largest component real positive). The strict lower triangle of `t` holds the
 * eigenvectors of T on return (row k: components 0..k-1 of eigenvector k before scaling).
 */
export function eigenvectorsCore(n: number, t: Float64Array, zt: Float64Array, ws: EigWorkspace): void {
  const smlnum = SAFMIN * (n / ULP);
  // One call per eigenvector (see hessenbergCore on why the loops live in small functions).
  for (let k = 0; k < n; k++) ws.w1[k] = triangularEigenvector(n, t, k, smlnum, ws.c);
  for (let k = n - 1; k >= 0; k--) {
    backTransform(n, t, zt, k, ws.w1[k]!);
    normaliseRow(n, zt, k);
  }
}

/**
 * Eigenvector k of the upper triangular T by back-substitution (ztrevc): x_k = scale and, for
 * j < k, (T(j,j) − λ_k)·x_j = −scale·T(j,k) − Σ_{j<m<k} T(j,m)·x_m, with divisors below
 * smin = max(ulp·|λ_k|, smlnum) replaced by smin. x_j (j < k) is stored in row k of the strict
 * lower triangle of t; the scale (< 1 only after rescaling against overflow) is returned.
 * `c` is scratch for the complex quotients.
 */
function triangularEigenvector(n: number, t: Float64Array, k: number, smlnum: number, c: ComplexOut): number {
  const pkk = 2 * (k * n + k);
  const lr = t[pkk]!;
  const li = t[pkk + 1]!;
  const smin = Math.max(ULP * (Math.abs(lr) + Math.abs(li)), smlnum);
  const xo = 2 * k * n; // x_j lives at t[xo + 2j], j < k
  let scale = 1;
  for (let j = k - 1; j >= 0; j--) {
    const oj = 2 * j * n;
    // s = −scale·T(j,k) − Σ_{j<m<k} T(j,m)·x_m, with two partial sums to shorten the add chains
    let sr = -scale * t[oj + 2 * k]!;
    let si = -scale * t[oj + 2 * k + 1]!;
    let ur = 0;
    let ui = 0;
    let m = 2 * (j + 1);
    const me = 2 * k;
    if ((k - j - 1) % 2 === 1) {
      const ar = t[oj + m]!;
      const ai = t[oj + m + 1]!;
      const xr = t[xo + m]!;
      const xi = t[xo + m + 1]!;
      sr -= ar * xr - ai * xi;
      si -= ar * xi + ai * xr;
      m += 2;
    }
    for (; m < me; m += 4) {
      const ar = t[oj + m]!;
      const ai = t[oj + m + 1]!;
      const xr = t[xo + m]!;
      const xi = t[xo + m + 1]!;
      const br = t[oj + m + 2]!;
      const bi = t[oj + m + 3]!;
      const yr = t[xo + m + 2]!;
      const yi = t[xo + m + 3]!;
      sr -= ar * xr - ai * xi;
      si -= ar * xi + ai * xr;
      ur += br * yr - bi * yi;
      ui += br * yi + bi * yr;
    }
    sr -= ur;
    si -= ui;
    let dr = t[oj + 2 * j]! - lr;
    let di = t[oj + 2 * j + 1]! - li;
    if (Math.abs(dr) + Math.abs(di) < smin) {
      dr = smin;
      di = 0;
    }
    cdiv(sr, si, dr, di, c);
    t[xo + 2 * j] = c.re;
    t[xo + 2 * j + 1] = c.im;
    const g = Math.abs(c.re) + Math.abs(c.im);
    if (g > GROWTH_LIMIT) scale *= rescale(t, xo + 2 * j, xo + 2 * k, 1 / g);
  }
  return scale;
}

/** x[from..to) *= f; returns f. */
function rescale(x: Float64Array, from: number, to: number, f: number): number {
  for (let p = from; p < to; p++) x[p] = x[p]! * f;
  return f;
}

/**
 * Vᵀ row k = scale·Zᵀ row k + Σ_{j<k} x_j·Zᵀ row j, in place (rows j < k must still hold Zᵀ),
 * with x_j in row k of the strict lower triangle of t.
 */
function backTransform(n: number, t: Float64Array, zt: Float64Array, k: number, scale: number): void {
  const n2 = 2 * n;
  const ok = 2 * k * n;
  if (scale !== 1) rescale(zt, ok, ok + n2, scale);
  // k % 4 rows one at a time, then four per pass
  const j0 = k % 4;
  for (let j = 0; j < j0; j++) {
    const ar = t[ok + 2 * j]!;
    const ai = t[ok + 2 * j + 1]!;
    const o1 = 2 * j * n;
    for (let c = 0; c < n2; c += 2) {
      const xr = zt[o1 + c]!;
      const xi = zt[o1 + c + 1]!;
      zt[ok + c] = zt[ok + c]! + (ar * xr - ai * xi);
      zt[ok + c + 1] = zt[ok + c + 1]! + (ar * xi + ai * xr);
    }
  }
  for (let j = j0; j < k; j += 4) {
    const ar = t[ok + 2 * j]!;
    const ai = t[ok + 2 * j + 1]!;
    const br = t[ok + 2 * j + 2]!;
    const bi = t[ok + 2 * j + 3]!;
    const cr = t[ok + 2 * j + 4]!;
    const ci = t[ok + 2 * j + 5]!;
    const dr = t[ok + 2 * j + 6]!;
    const di = t[ok + 2 * j + 7]!;
    const o1 = 2 * j * n;
    const o2 = o1 + n2;
    const o3 = o2 + n2;
    const o4 = o3 + n2;
    for (let c = 0; c < n2; c += 2) {
      const xr = zt[o1 + c]!;
      const xi = zt[o1 + c + 1]!;
      const yr = zt[o2 + c]!;
      const yi = zt[o2 + c + 1]!;
      const ur = zt[o3 + c]!;
      const ui = zt[o3 + c + 1]!;
      const vr = zt[o4 + c]!;
      const vi = zt[o4 + c + 1]!;
      zt[ok + c] = zt[ok + c]! + (ar * xr - ai * xi + (br * yr - bi * yi)) + (cr * ur - ci * ui + (dr * vr - di * vi));
      zt[ok + c + 1] = zt[ok + c + 1]! + (ar * xi + ai * xr + (br * yi + bi * yr)) + (cr * ui + ci * ur + (dr * vi + di * vr));
    }
  }
}

/** Scale row k of x to unit 2-norm with its largest-modulus entry real and positive. */
function normaliseRow(n: number, x: Float64Array, k: number): void {
  const ok = 2 * k * n;
  const end = ok + 2 * n;
  let big = 0;
  for (let c = ok; c < end; c++) big = Math.max(big, Math.abs(x[c]!));
  let ss = 0;
  let top = -1;
  let at = ok;
  for (let c = ok; c < end; c += 2) {
    const yr = x[c]! / big;
    const yi = x[c + 1]! / big;
    const m = yr * yr + yi * yi;
    ss += m;
    if (m > top) {
      top = m;
      at = c;
    }
  }
  const nrm = big * Math.sqrt(ss);
  const pr = x[at]!;
  const pi = x[at + 1]!;
  const pm = hypot(pr, pi);
  // multiply by conj(p)/(|p|·‖x‖)
  const fr = pr / pm / nrm;
  const fi = -pi / pm / nrm;
  for (let c = ok; c < end; c += 2) {
    const yr = x[c]!;
    const yi = x[c + 1]!;
    x[c] = yr * fr - yi * fi;
    x[c + 1] = yr * fi + yi * fr;
  }
  x[at + 1] = 0;
}
