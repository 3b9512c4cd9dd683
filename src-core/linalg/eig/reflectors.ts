/**
 * Householder reflectors H = I − τ·v·vᴴ (LAPACK zlarfg, and zlarf applied from either side) on
 * interleaved complex row-major matrices, as used by the Hessenberg reduction and by aggressive
 * early deflation (see docs/numerics.md).
 */
import { cdiv, hypot3, LARFG_BIG, LARFG_SMALL, type ComplexOut } from './complex.js';

/**
 * zlarfg for column k below the diagonal: a reflector H_k = I − τ·v·vᴴ (v₀ = 1) with
 * H_kᴴ·a[k+1.., k] = β·e₀, β real. Writes β to a(k+1, k), v[1..] below it (kept until Q is
 * formed) and, with v₀, into `wv`; τ into tau[2k..2k+1]. `c` is scratch for a complex quotient.
 * @returns false when H_k = I (τ = 0).
 */
export function columnReflector(n: number, a: Float64Array, k: number, wv: Float64Array, tau: Float64Array, c: ComplexOut): boolean {
  const n2 = 2 * n;
  const end = 2 * n * n;
  const p0 = 2 * ((k + 1) * n + k);
  let alphr = a[p0]!;
  let alphi = a[p0 + 1]!;
  let amax = 0;
  for (let p = p0 + n2; p < end; p += n2) amax = Math.max(amax, Math.abs(a[p]!), Math.abs(a[p + 1]!));
  let xnorm = 0;
  if (amax > 0) {
    let s = 0;
    for (let p = p0 + n2; p < end; p += n2) {
      const xr = a[p]! / amax;
      const xi = a[p + 1]! / amax;
      s += xr * xr + xi * xi;
    }
    xnorm = amax * Math.sqrt(s);
  }
  if (xnorm === 0 && alphi === 0) {
    tau[2 * k] = 0;
    tau[2 * k + 1] = 0;
    return false;
  }
  let beta = -Math.sign(alphr || 1) * hypot3(alphr, alphi, xnorm);
  let knt = 0;
  if (Math.abs(beta) < LARFG_SMALL) {
    do {
      knt++;
      for (let p = p0 + n2; p < end; p += n2) {
        a[p] = a[p]! * LARFG_BIG;
        a[p + 1] = a[p + 1]! * LARFG_BIG;
      }
      beta *= LARFG_BIG;
      alphr *= LARFG_BIG;
      alphi *= LARFG_BIG;
    } while (Math.abs(beta) < LARFG_SMALL && knt < 20);
    let s = 0;
    for (let p = p0 + n2; p < end; p += n2) s += a[p]! * a[p]! + a[p + 1]! * a[p + 1]!;
    beta = -Math.sign(alphr || 1) * hypot3(alphr, alphi, Math.sqrt(s));
  }
  tau[2 * k] = (beta - alphr) / beta;
  tau[2 * k + 1] = -alphi / beta;
  cdiv(1, 0, alphr - beta, alphi, c);
  const sr = c.re;
  const si = c.im;
  wv[0] = 1;
  wv[1] = 0;
  for (let p = p0 + n2, j = 2; p < end; p += n2, j += 2) {
    const xr = a[p]!;
    const xi = a[p + 1]!;
    const vr = xr * sr - xi * si;
    const vi = xr * si + xi * sr;
    a[p] = vr;
    a[p + 1] = vi;
    wv[j] = vr;
    wv[j + 1] = vi;
  }
  for (let j = 0; j < knt; j++) beta *= LARFG_SMALL;
  a[p0] = beta;
  a[p0 + 1] = 0;
  return true;
}

/**
 * zlarfg on x = (α, x₁ … x_{len-1}) (interleaved): on return x[0] = β (real), x[1..] = v[1..],
 * τ in `tau`, with (I − τ·v·vᴴ)ᴴ·x = β·e₀ and v₀ = 1.
 */
export function larfg(x: Float64Array, len: number, tau: ComplexOut): void {
  let alphr = x[0]!;
  let alphi = x[1]!;
  const e = 2 * len;
  let amax = 0;
  for (let p = 2; p < e; p++) amax = Math.max(amax, Math.abs(x[p]!));
  let xnorm = 0;
  if (amax > 0) {
    let s = 0;
    for (let p = 2; p < e; p++) {
      const y = x[p]! / amax;
      s += y * y;
    }
    xnorm = amax * Math.sqrt(s);
  }
  if (xnorm === 0 && alphi === 0) {
    tau.re = 0;
    tau.im = 0;
    return;
  }
  let beta = -Math.sign(alphr || 1) * hypot3(alphr, alphi, xnorm);
  let knt = 0;
  if (Math.abs(beta) < LARFG_SMALL) {
    do {
      knt++;
      for (let p = 2; p < e; p++) x[p] = x[p]! * LARFG_BIG;
      beta *= LARFG_BIG;
      alphr *= LARFG_BIG;
      alphi *= LARFG_BIG;
    } while (Math.abs(beta) < LARFG_SMALL && knt < 20);
    let s = 0;
    for (let p = 2; p < e; p++) s += x[p]! * x[p]!;
    beta = -Math.sign(alphr || 1) * hypot3(alphr, alphi, Math.sqrt(s));
  }
  const taur = (beta - alphr) / beta;
  const taui = -alphi / beta;
  cdiv(1, 0, alphr - beta, alphi, tau);
  const sr = tau.re;
  const si = tau.im;
  for (let p = 2; p < e; p += 2) {
    const xr = x[p]!;
    const xi = x[p + 1]!;
    x[p] = xr * sr - xi * si;
    x[p + 1] = xr * si + xi * sr;
  }
  for (let j = 0; j < knt; j++) beta *= LARFG_SMALL;
  x[0] = beta;
  x[1] = 0;
  tau.re = taur;
  tau.im = taui;
}

/** x[:, c0..c0+len) ← x[:, …]·(I − t·v·vᴴ) for all n rows of the n×n x, four rows at a time. */
export function rightReflect(n: number, x: Float64Array, c0: number, len: number, wv: Float64Array, tr: number, ti: number): void {
  const n2 = 2 * n;
  const l2 = 2 * len;
  const r0 = n % 4;
  if (r0 > 0) reflectCols(x, n, 0, r0, c0, len, wv, tr, ti);
  for (let r = r0; r < n; r += 4) {
    const o1 = 2 * (r * n + c0);
    const o2 = o1 + n2;
    const o3 = o2 + n2;
    const o4 = o3 + n2;
    let p1r = 0;
    let p1i = 0;
    let p2r = 0;
    let p2i = 0;
    let p3r = 0;
    let p3i = 0;
    let p4r = 0;
    let p4i = 0;
    for (let j = 0; j < l2; j += 2) {
      const vr = wv[j]!;
      const vi = wv[j + 1]!;
      let ar = x[o1 + j]!;
      let ai = x[o1 + j + 1]!;
      p1r += ar * vr - ai * vi;
      p1i += ar * vi + ai * vr;
      ar = x[o2 + j]!;
      ai = x[o2 + j + 1]!;
      p2r += ar * vr - ai * vi;
      p2i += ar * vi + ai * vr;
      ar = x[o3 + j]!;
      ai = x[o3 + j + 1]!;
      p3r += ar * vr - ai * vi;
      p3i += ar * vi + ai * vr;
      ar = x[o4 + j]!;
      ai = x[o4 + j + 1]!;
      p4r += ar * vr - ai * vi;
      p4i += ar * vi + ai * vr;
    }
    // c_r = t·p_r;  x_rj −= c_r·conj(v_j)
    const c1r = tr * p1r - ti * p1i;
    const c1i = tr * p1i + ti * p1r;
    const c2r = tr * p2r - ti * p2i;
    const c2i = tr * p2i + ti * p2r;
    const c3r = tr * p3r - ti * p3i;
    const c3i = tr * p3i + ti * p3r;
    const c4r = tr * p4r - ti * p4i;
    const c4i = tr * p4i + ti * p4r;
    for (let j = 0; j < l2; j += 2) {
      const vr = wv[j]!;
      const vi = wv[j + 1]!;
      x[o1 + j] = x[o1 + j]! - (c1r * vr + c1i * vi);
      x[o1 + j + 1] = x[o1 + j + 1]! - (c1i * vr - c1r * vi);
      x[o2 + j] = x[o2 + j]! - (c2r * vr + c2i * vi);
      x[o2 + j + 1] = x[o2 + j + 1]! - (c2i * vr - c2r * vi);
      x[o3 + j] = x[o3 + j]! - (c3r * vr + c3i * vi);
      x[o3 + j + 1] = x[o3 + j + 1]! - (c3i * vr - c3r * vi);
      x[o4 + j] = x[o4 + j]! - (c4r * vr + c4i * vi);
      x[o4 + j + 1] = x[o4 + j + 1]! - (c4i * vr - c4r * vi);
    }
  }
}

/**
 * x[c0.., c0..] ← (I − t·v·vᴴ)·x[c0.., c0..] for the len×len trailing block, with v in `wv`
 * (interleaved, v₀ first); `w` is scratch of length 2·len.
 */
export function leftReflect(n: number, x: Float64Array, c0: number, len: number, wv: Float64Array, w: Float64Array, tr: number, ti: number): void {
  const l2 = 2 * len;
  const n2 = 2 * n;
  w.fill(0, 0, l2);
  // w = vᴴ·X: the len % 4 leading rows one at a time, then four rows per pass
  const i0 = len % 4;
  for (let i = 0; i < i0; i++) {
    const ar = wv[2 * i]!;
    const ai = -wv[2 * i + 1]!;
    const o = 2 * ((c0 + i) * n + c0);
    for (let j = 0; j < l2; j += 2) {
      const xr = x[o + j]!;
      const xi = x[o + j + 1]!;
      w[j] = w[j]! + (ar * xr - ai * xi);
      w[j + 1] = w[j + 1]! + (ar * xi + ai * xr);
    }
  }
  for (let i = i0; i < len; i += 4) {
    const ar = wv[2 * i]!;
    const ai = -wv[2 * i + 1]!;
    const br = wv[2 * i + 2]!;
    const bi = -wv[2 * i + 3]!;
    const cr = wv[2 * i + 4]!;
    const ci = -wv[2 * i + 5]!;
    const dr = wv[2 * i + 6]!;
    const di = -wv[2 * i + 7]!;
    const o1 = 2 * ((c0 + i) * n + c0);
    const o2 = o1 + n2;
    const o3 = o2 + n2;
    const o4 = o3 + n2;
    for (let j = 0; j < l2; j += 2) {
      const xr = x[o1 + j]!;
      const xi = x[o1 + j + 1]!;
      const yr = x[o2 + j]!;
      const yi = x[o2 + j + 1]!;
      const ur = x[o3 + j]!;
      const ui = x[o3 + j + 1]!;
      const zr = x[o4 + j]!;
      const zi = x[o4 + j + 1]!;
      w[j] = w[j]! + (ar * xr - ai * xi + (br * yr - bi * yi)) + (cr * ur - ci * ui + (dr * zr - di * zi));
      w[j + 1] = w[j + 1]! + (ar * xi + ai * xr + (br * yi + bi * yr)) + (cr * ui + ci * ur + (dr * zi + di * zr));
    }
  }
  // X -= (t·v_i)·w, two rows per pass
  let i = 0;
  if (len % 2 === 1) {
    const vr = wv[0]!;
    const vi = wv[1]!;
    axpyRow(x, 2 * (c0 * n + c0), w, l2, -(tr * vr - ti * vi), -(tr * vi + ti * vr));
    i = 1;
  }
  for (; i < len; i += 2) {
    const vr = wv[2 * i]!;
    const vi = wv[2 * i + 1]!;
    const ur = wv[2 * i + 2]!;
    const ui = wv[2 * i + 3]!;
    const cr = tr * vr - ti * vi;
    const ci = tr * vi + ti * vr;
    const dr = tr * ur - ti * ui;
    const di = tr * ui + ti * ur;
    const o1 = 2 * ((c0 + i) * n + c0);
    const o2 = o1 + n2;
    for (let j = 0; j < l2; j += 2) {
      const yr = w[j]!;
      const yi = w[j + 1]!;
      x[o1 + j] = x[o1 + j]! - (cr * yr - ci * yi);
      x[o1 + j + 1] = x[o1 + j + 1]! - (cr * yi + ci * yr);
      x[o2 + j] = x[o2 + j]! - (dr * yr - di * yi);
      x[o2 + j + 1] = x[o2 + j + 1]! - (dr * yi + di * yr);
    }
  }
}

/** x[o..o+l2) += (cr + i·ci)·w[0..l2) (interleaved complex). */
function axpyRow(x: Float64Array, o: number, w: Float64Array, l2: number, cr: number, ci: number): void {
  for (let j = 0; j < l2; j += 2) {
    const yr = w[j]!;
    const yi = w[j + 1]!;
    x[o + j] = x[o + j]! + (cr * yr - ci * yi);
    x[o + j + 1] = x[o + j + 1]! + (cr * yi + ci * yr);
  }
}

/**
 * x[r0..r0+len, c0..c1) ← (I − t·u·uᴴ)·x[…] for the m-column row-major x, u = v or conj(v)
 * (v interleaved in `v`, length len); `w` is scratch of length 2(c1 − c0).
 */
export function reflectRows(x: Float64Array, m: number, r0: number, len: number, c0: number, c1: number, v: Float64Array, conjV: boolean, w: Float64Array, tr: number, ti: number): void {
  const sg = conjV ? -1 : 1;
  const wl = 2 * (c1 - c0);
  w.fill(0, 0, wl);
  for (let i = 0; i < len; i++) {
    const ar = v[2 * i]!;
    const ai = -sg * v[2 * i + 1]!; // conj(u_i)
    const o = 2 * ((r0 + i) * m + c0);
    for (let j = 0; j < wl; j += 2) {
      const xr = x[o + j]!;
      const xi = x[o + j + 1]!;
      w[j] = w[j]! + ar * xr - ai * xi;
      w[j + 1] = w[j + 1]! + ar * xi + ai * xr;
    }
  }
  for (let i = 0; i < len; i++) {
    const ur = v[2 * i]!;
    const ui = sg * v[2 * i + 1]!;
    const cr = tr * ur - ti * ui;
    const ci = tr * ui + ti * ur;
    const o = 2 * ((r0 + i) * m + c0);
    for (let j = 0; j < wl; j += 2) {
      const yr = w[j]!;
      const yi = w[j + 1]!;
      x[o + j] = x[o + j]! - (cr * yr - ci * yi);
      x[o + j + 1] = x[o + j + 1]! - (cr * yi + ci * yr);
    }
  }
}

/** x[r0..r1, c0..c0+len) ← x[…]·(I − t·v·vᴴ) for the m-column row-major x. */
export function reflectCols(x: Float64Array, m: number, r0: number, r1: number, c0: number, len: number, v: Float64Array, tr: number, ti: number): void {
  const l2 = 2 * len;
  for (let r = r0; r < r1; r++) {
    const o = 2 * (r * m + c0);
    let pr = 0;
    let pi = 0;
    for (let j = 0; j < l2; j += 2) {
      const xr = x[o + j]!;
      const xi = x[o + j + 1]!;
      const vr = v[j]!;
      const vi = v[j + 1]!;
      pr += xr * vr - xi * vi;
      pi += xr * vi + xi * vr;
    }
    const cr = tr * pr - ti * pi;
    const ci = tr * pi + ti * pr;
    for (let j = 0; j < l2; j += 2) {
      const vr = v[j]!;
      const vi = v[j + 1]!;
      x[o + j] = x[o + j]! - (cr * vr + ci * vi);
      x[o + j + 1] = x[o + j + 1]! - (ci * vr - cr * vi);
    }
  }
}
