/**
 * The single-shift complex QR algorithm on one diagonal block (LAPACK zlahqr): Wilkinson
 * shifts, exceptional shifts after 10 and 20 sweeps without a deflation, and the Ahues–Kressner
 * deflation criterion; see docs/numerics.md.
 */
import { csqrt, cdiv, SAFMIN, ULP } from './complex.js';
import { qrSweep } from './qr-sweep.js';
import type { EigWorkspace } from './workspace.js';

/**
 * Whether h(k, k-1) is negligible: the conservative criterion of Ahues & Kressner used by
 * zlahqr, relative to the neighbouring diagonal entries (ilo..ihi bound the block).
 */
export function negligible(n: number, h: Float64Array, k: number, ilo: number, ihi: number, smlnum: number): boolean {
  const n2 = 2 * n;
  const pd = 2 * (k * n + k); // (k, k)
  const ps = pd - 2; // (k, k-1)
  const pu = pd - n2; // (k-1, k)
  const pp = ps - n2; // (k-1, k-1)
  const hs = Math.abs(h[ps]!) + Math.abs(h[ps + 1]!);
  if (hs <= smlnum) return true;
  const hkk = Math.abs(h[pd]!) + Math.abs(h[pd + 1]!);
  let tst = Math.abs(h[pp]!) + Math.abs(h[pp + 1]!) + hkk;
  if (tst === 0) {
    if (k - 2 >= ilo) tst += Math.abs(h[pp - 2]!);
    if (k + 1 <= ihi) tst += Math.abs(h[pd + n2]!);
  }
  if (Math.abs(h[ps]!) > ULP * tst) return false;
  const hu = Math.abs(h[pu]!) + Math.abs(h[pu + 1]!);
  const ab = Math.max(hs, hu);
  const ba = Math.min(hs, hu);
  const dd = Math.abs(h[pp]! - h[pd]!) + Math.abs(h[pp + 1]! - h[pd + 1]!);
  const aa = Math.max(hkk, dd);
  const bb = Math.min(hkk, dd);
  const s = aa + ab;
  return ba * (ab / s) <= Math.max(smlnum, ULP * (bb * (aa / s)));
}

/**
 * zlahqr on the diagonal block ilo..ihi of the n×n Hessenberg `h` (real subdiagonal), applying
 * every transformation to all of H and to Zᵀ so the full Schur form stays consistent. Writes the
 * converged eigenvalues into `lambda`, the number of sweeps into `ws.sweeps`.
 * @returns -1 on success, else the index of the eigenvalue that did not converge in `budget` sweeps.
 */
export function lahqr(n: number, h: Float64Array, zt: Float64Array, lambda: Float64Array, ilo: number, ihi: number, ws: EigWorkspace, budget: number): number {
  const c = ws.c;
  const n2 = 2 * n;
  const smlnum = SAFMIN * ((ihi - ilo + 1) / ULP);
  let sweeps = 0;
  let kdefl = 0;
  let i = ihi;
  ws.sweeps = 0;
  while (i >= ilo) {
    let l = ilo;
    for (;;) {
      let k = i;
      while (k > l && !negligible(n, h, k, ilo, ihi, smlnum)) k--;
      l = k;
      if (l > ilo) {
        h[2 * (l * n + l - 1)] = 0;
        h[2 * (l * n + l - 1) + 1] = 0;
      }
      if (l >= i) break; // a 1×1 block has split off
      if (sweeps >= budget) {
        ws.sweeps = sweeps;
        return i;
      }
      kdefl++;
      sweeps++;
      // Shift.
      let tr: number;
      let ti: number;
      const pii = 2 * (i * n + i);
      if (kdefl % 20 === 0) {
        tr = 0.75 * Math.abs(h[pii - 2]!) + h[pii]!;
        ti = h[pii + 1]!;
      } else if (kdefl % 10 === 0) {
        const pll = 2 * (l * n + l);
        tr = 0.75 * Math.abs(h[pll + n2]!) + h[pll]!;
        ti = h[pll + 1]!;
      } else {
        // Wilkinson: the eigenvalue of the trailing 2×2 closer to h(i,i)
        tr = h[pii]!;
        ti = h[pii + 1]!;
        csqrt(h[pii - n2]!, h[pii - n2 + 1]!, c);
        const ar = c.re;
        const ai = c.im;
        csqrt(h[pii - 2]!, h[pii - 1]!, c);
        const ur = ar * c.re - ai * c.im;
        const ui = ar * c.im + ai * c.re;
        let s = Math.abs(ur) + Math.abs(ui);
        if (s !== 0) {
          const pm = pii - n2 - 2;
          const xr = 0.5 * (h[pm]! - tr);
          const xi = 0.5 * (h[pm + 1]! - ti);
          const sx = Math.abs(xr) + Math.abs(xi);
          s = Math.max(s, sx);
          const xsr = xr / s;
          const xsi = xi / s;
          const usr = ur / s;
          const usi = ui / s;
          csqrt(xsr * xsr - xsi * xsi + usr * usr - usi * usi, 2 * xsr * xsi + 2 * usr * usi, c);
          let yr = s * c.re;
          let yi = s * c.im;
          if (sx > 0 && (xr / sx) * yr + (xi / sx) * yi < 0) {
            yr = -yr;
            yi = -yi;
          }
          cdiv(ur, ui, xr + yr, xi + yi, c);
          tr -= ur * c.re - ui * c.im;
          ti -= ur * c.im + ui * c.re;
        }
      }
      qrSweep(n, h, zt, ws, l, i, tr, ti);
    }
    lambda[2 * i] = h[2 * (i * n + i)]!;
    lambda[2 * i + 1] = h[2 * (i * n + i) + 1]!;
    kdefl = 0;
    i = l - 1;
  }
  ws.sweeps = sweeps;
  return -1;
}
