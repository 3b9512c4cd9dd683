/**
 * Aggressive early deflation (LAPACK zlaqr3, with ztrexc's swaps of adjacent Schur entries) and
 * the shifts it hands to the QR sweeps; see docs/numerics.md.
 */
import { scaleRange, ULP } from './complex.js';
import { lahqr } from './lahqr.js';
import { larfg, reflectCols, reflectRows } from './reflectors.js';
import { rowsTimesV, vRowsTimes } from './window-products.js';
import { defaultMaxSweeps, type EigWorkspace } from './workspace.js';
import { hypot } from '../hypot.js';

/** Eigenvalues of the ns×ns diagonal block of h starting at k0, into ws.shifts; returns ns. */
export function trailingEigenvalues(n: number, h: Float64Array, k0: number, ns: number, ws: EigWorkspace): number {
  const t = ws.t;
  const vt = ws.vt;
  for (let r = 0; r < ns; r++) {
    for (let c = 0; c < ns; c++) {
      const src = 2 * ((k0 + r) * n + k0 + c);
      const dst = 2 * (r * ns + c);
      const keep = c >= r - 1;
      t[dst] = keep ? h[src]! : 0;
      t[dst + 1] = keep ? h[src + 1]! : 0;
      vt[dst] = r === c ? 1 : 0;
      vt[dst + 1] = 0;
    }
  }
  lahqr(ns, t, vt, ws.shifts, 0, ns - 1, ws, defaultMaxSweeps(ns));
  for (let j = 0; j < ns; j++) {
    ws.shifts[2 * j] = t[2 * (j * ns + j)]!;
    ws.shifts[2 * j + 1] = t[2 * (j * ns + j) + 1]!;
  }
  return ns;
}

/**
 * Aggressive early deflation (zlaqr3) on the bottom nw×nw window of the active block
 * ktop..kbot: Schur-decompose the window, deflate the eigenvalues whose spike entries are
 * negligible, and if any deflated, restore Hessenberg form and apply the window's unitary to the
 * rest of H and to Zᵀ. Sets ws.aedDeflated (eigenvalues deflated at the bottom, written to lambda)
 * and ws.aedShifts (undeflated window eigenvalues, in ws.shifts, for use as shifts).
 */
export function aed(n: number, h: Float64Array, zt: Float64Array, lambda: Float64Array, ws: EigWorkspace, ktop: number, kbot: number, nw: number, smlnum: number): void {
  const jw = Math.min(nw, kbot - ktop + 1);
  const kwtop = kbot - jw + 1;
  const t = ws.t;
  const vt = ws.vt;
  const sh = ws.shifts;
  let sr = 0;
  let si = 0;
  if (kwtop > ktop) {
    sr = h[2 * (kwtop * n + kwtop - 1)]!;
    si = h[2 * (kwtop * n + kwtop - 1) + 1]!;
  }
  if (jw === 1) {
    const p = 2 * (kwtop * n + kwtop);
    sh[0] = h[p]!;
    sh[1] = h[p + 1]!;
    ws.aedShifts = 1;
    ws.aedDeflated = 0;
    if (Math.abs(sr) + Math.abs(si) <= Math.max(smlnum, ULP * (Math.abs(h[p]!) + Math.abs(h[p + 1]!)))) {
      ws.aedShifts = 0;
      ws.aedDeflated = 1;
      if (kwtop > ktop) {
        h[p - 2] = 0;
        h[p - 1] = 0;
      }
      lambda[2 * kwtop] = h[p]!;
      lambda[2 * kwtop + 1] = h[p + 1]!;
    }
    return;
  }
  // Copy the window (upper Hessenberg) and Schur-decompose it: W = V·T·Vᴴ, vt = Vᵀ.
  for (let r = 0; r < jw; r++) {
    for (let c = 0; c < jw; c++) {
      const src = 2 * ((kwtop + r) * n + kwtop + c);
      const dst = 2 * (r * jw + c);
      const keep = c >= r - 1;
      t[dst] = keep ? h[src]! : 0;
      t[dst + 1] = keep ? h[src + 1]! : 0;
      vt[dst] = r === c ? 1 : 0;
      vt[dst + 1] = 0;
    }
  }
  if (lahqr(jw, t, vt, ws.w2, 0, jw - 1, ws, defaultMaxSweeps(jw)) >= 0) {
    // Rare failure of the window's QR: deflate nothing, offer its diagonal as shifts.
    for (let j = 0; j < jw; j++) {
      sh[2 * j] = t[2 * (j * jw + j)]!;
      sh[2 * j + 1] = t[2 * (j * jw + j) + 1]!;
    }
    ws.aedShifts = jw;
    ws.aedDeflated = 0;
    return;
  }
  // Deflation detection: the spike is s·conj(first row of V); test its tip, moving undeflatable
  // eigenvalues to the top of the window.
  const s1 = Math.abs(sr) + Math.abs(si);
  let ns = jw;
  let ilst = 0;
  for (let knt = 0; knt < jw; knt++) {
    const pd = 2 * ((ns - 1) * jw + ns - 1);
    let foo = Math.abs(t[pd]!) + Math.abs(t[pd + 1]!);
    if (foo === 0) foo = s1;
    const pv = 2 * (ns - 1) * jw; // V(0, ns-1) = vt(ns-1, 0)
    if (s1 * (Math.abs(vt[pv]!) + Math.abs(vt[pv + 1]!)) <= Math.max(smlnum, ULP * foo)) {
      ns--;
    } else {
      for (let k = ns - 2; k >= ilst; k--) swapDiagonal(jw, t, vt, k);
      ilst++;
    }
  }
  if (ns === 0) {
    sr = 0;
    si = 0;
  }
  for (let j = 0; j < ns; j++) {
    sh[2 * j] = t[2 * (j * jw + j)]!;
    sh[2 * j + 1] = t[2 * (j * jw + j) + 1]!;
  }
  ws.aedShifts = ns;
  ws.aedDeflated = jw - ns;
  if (ns === jw && (sr !== 0 || si !== 0)) return; // nothing deflated: leave H as it was

  const wv = ws.w1;
  const w = ws.w2;
  if (ns > 1 && (sr !== 0 || si !== 0)) {
    // Reflect the spike back onto its first entry, then restore Hessenberg form of the top ns×ns.
    for (let j = 0; j < ns; j++) {
      wv[2 * j] = vt[2 * j * jw]!;
      wv[2 * j + 1] = -vt[2 * j * jw + 1]!;
    }
    larfg(wv, ns, ws.c);
    const taur = ws.c.re;
    const taui = ws.c.im;
    wv[0] = 1;
    wv[1] = 0;
    reflectRows(t, jw, 0, ns, 0, jw, wv, false, w, taur, -taui);
    reflectCols(t, jw, 0, ns, 0, ns, wv, taur, taui);
    reflectRows(vt, jw, 0, ns, 0, jw, wv, true, w, taur, taui);
    for (let k = 0; k < ns - 2; k++) {
      const c0 = k + 1;
      const len = ns - c0;
      for (let j = 0; j < len; j++) {
        const p = 2 * ((c0 + j) * jw + k);
        wv[2 * j] = t[p]!;
        wv[2 * j + 1] = t[p + 1]!;
        if (j > 0) {
          t[p] = 0;
          t[p + 1] = 0;
        }
      }
      larfg(wv, len, ws.c);
      const tr = ws.c.re;
      const ti = ws.c.im;
      t[2 * (c0 * jw + k)] = wv[0]!;
      t[2 * (c0 * jw + k) + 1] = 0;
      if (tr === 0 && ti === 0) continue;
      wv[0] = 1;
      wv[1] = 0;
      reflectCols(t, jw, 0, ns, c0, len, wv, tr, ti);
      reflectRows(t, jw, c0, len, c0, jw, wv, false, w, tr, -ti);
      reflectRows(vt, jw, c0, len, 0, jw, wv, true, w, tr, ti);
    }
  }
  // New coupling h(kwtop, kwtop-1) = s·conj(V(0,0)); make it and the window's subdiagonal real
  // with a diagonal unitary D folded into T and V.
  let pr = 0;
  let pi = 0;
  if (kwtop > ktop) {
    const vr = vt[0]!;
    const vi = -vt[1]!;
    pr = sr * vr - si * vi;
    pi = sr * vi + si * vr;
  }
  let dr = 1;
  let di = 0;
  if (pi !== 0) {
    const m = hypot(pr, pi);
    dr = pr / m;
    di = pi / m;
    pr = m;
    pi = 0;
  }
  const d = ws.w1;
  d[0] = dr;
  d[1] = di;
  for (let j = 1; j < jw; j++) {
    const p = 2 * (j * jw + j - 1);
    const xr = t[p]! * dr - t[p + 1]! * di;
    const xi = t[p]! * di + t[p + 1]! * dr;
    if (xi !== 0) {
      const m = hypot(xr, xi);
      dr = xr / m;
      di = xi / m;
    } else {
      dr = 1;
      di = 0;
    }
    d[2 * j] = dr;
    d[2 * j + 1] = di;
  }
  for (let r = 0; r < jw; r++) {
    const er = d[2 * r]!;
    const ei = -d[2 * r + 1]!; // conj(d_r)
    for (let c = Math.max(0, r - 1); c < jw; c++) {
      const fr = d[2 * c]!;
      const fi = d[2 * c + 1]!;
      if (er === 1 && fr === 1) continue;
      const gr = er * fr - ei * fi;
      const gi = er * fi + ei * fr;
      const p = 2 * (r * jw + c);
      const xr = t[p]!;
      const xi = t[p + 1]!;
      t[p] = xr * gr - xi * gi;
      t[p + 1] = xr * gi + xi * gr;
    }
    if (r > 0) t[2 * (r * jw + r - 1) + 1] = 0;
    if (d[2 * r] !== 1) scaleRange(vt, 2 * r * jw, 2 * (r + 1) * jw, 2, d[2 * r]!, d[2 * r + 1]!);
  }
  // Write the window back.
  for (let r = 0; r < jw; r++) {
    for (let c = Math.max(0, r - 1); c < jw; c++) {
      const src = 2 * (r * jw + c);
      const dst = 2 * ((kwtop + r) * n + kwtop + c);
      h[dst] = t[src]!;
      h[dst + 1] = t[src + 1]!;
    }
  }
  if (kwtop > 0) {
    h[2 * (kwtop * n + kwtop - 1)] = pr;
    h[2 * (kwtop * n + kwtop - 1) + 1] = 0;
  }
  // The window's unitary on the rest: H[0..kwtop-1, window]·V, Vᴴ·H[window, kbot+1..], Vᵀ·Zᵀ[window, :].
  if (kwtop > 0) rowsTimesV(n, h, 0, kwtop, kwtop, jw, vt, ws.tmp);
  if (kbot + 1 < n) vRowsTimes(n, h, kwtop, jw, kbot + 1, n, vt, true, ws.tmp);
  vRowsTimes(n, zt, kwtop, jw, 0, n, vt, false, ws.tmp);
  for (let j = ns; j < jw; j++) {
    lambda[2 * (kwtop + j)] = t[2 * (j * jw + j)]!;
    lambda[2 * (kwtop + j) + 1] = t[2 * (j * jw + j) + 1]!;
  }
}

/**
 * Swap the adjacent diagonal entries k, k+1 of the upper triangular m×m `t` by a plane rotation
 * (ztrexc), applied to t and to vt = Vᵀ.
 */
function swapDiagonal(m: number, t: Float64Array, vt: Float64Array, k: number): void {
  const m2 = 2 * m;
  const pkk = 2 * (k * m + k);
  const t11r = t[pkk]!;
  const t11i = t[pkk + 1]!;
  const t22r = t[pkk + m2 + 2]!;
  const t22i = t[pkk + m2 + 3]!;
  // zlartg(f = t(k,k+1), g = t22 - t11): [c s; -conj(s) c]·[f; g] = [r; 0]
  const fr = t[pkk + 2]!;
  const fi = t[pkk + 3]!;
  const gr = t22r - t11r;
  const gi = t22i - t11i;
  let c: number;
  let sr: number;
  let si: number;
  if (gr === 0 && gi === 0) return; // equal eigenvalues: nothing to do
  if (fr === 0 && fi === 0) {
    const g1 = hypot(gr, gi);
    c = 0;
    sr = gr / g1;
    si = -gi / g1;
  } else {
    const f1 = hypot(fr, fi);
    const g1 = hypot(gr, gi);
    const dd = hypot(f1, g1);
    c = f1 / dd;
    // s = (f/|f|)·conj(g)/d
    sr = (fr * gr + fi * gi) / f1 / dd;
    si = (fi * gr - fr * gi) / f1 / dd;
  }
  // rows k, k+1 right of the block: x' = c·x + s·y, y' = c·y − conj(s)·x
  const o1 = 2 * k * m;
  const o2 = o1 + m2;
  for (let j = 2 * (k + 2); j < m2; j += 2) {
    const xr = t[o1 + j]!;
    const xi = t[o1 + j + 1]!;
    const yr = t[o2 + j]!;
    const yi = t[o2 + j + 1]!;
    t[o1 + j] = c * xr + sr * yr - si * yi;
    t[o1 + j + 1] = c * xi + sr * yi + si * yr;
    t[o2 + j] = c * yr - (sr * xr + si * xi);
    t[o2 + j + 1] = c * yi - (sr * xi - si * xr);
  }
  // columns k, k+1 above the block: x' = c·x + conj(s)·y, y' = c·y − s·x
  for (let p = 2 * k; p < pkk; p += m2) {
    const xr = t[p]!;
    const xi = t[p + 1]!;
    const yr = t[p + 2]!;
    const yi = t[p + 3]!;
    t[p] = c * xr + sr * yr + si * yi;
    t[p + 1] = c * xi + sr * yi - si * yr;
    t[p + 2] = c * yr - (sr * xr - si * xi);
    t[p + 3] = c * yi - (sr * xi + si * xr);
  }
  t[pkk] = t22r;
  t[pkk + 1] = t22i;
  t[pkk + m2 + 2] = t11r;
  t[pkk + m2 + 3] = t11i;
  // V(:, k..k+1) as above: rows k, k+1 of vt
  for (let j = 0; j < m2; j += 2) {
    const xr = vt[o1 + j]!;
    const xi = vt[o1 + j + 1]!;
    const yr = vt[o2 + j]!;
    const yi = vt[o2 + j + 1]!;
    vt[o1 + j] = c * xr + sr * yr + si * yi;
    vt[o1 + j + 1] = c * xi + sr * yi - si * yr;
    vt[o2 + j] = c * yr - (sr * xr - si * xi);
    vt[o2 + j + 1] = c * yi - (sr * xi + si * xr);
  }
}
