/**
 * Complex Schur form of a Hessenberg matrix, the driver of the QR algorithm (LAPACK zlaqr0):
 * active blocks of order ≥ NMIN go through aggressive early deflation, whose undeflated window
 * eigenvalues become the shifts of the next sweeps; smaller blocks are finished by zlahqr. See
 * docs/numerics.md.
 */
import { ConvergenceError } from '../../errors.js';
import { aed, trailingEigenvalues } from './aed.js';
import { SAFMIN, scaleRange, ULP } from './complex.js';
import { lahqr, negligible } from './lahqr.js';
import { qrSweep } from './qr-sweep.js';
import { maxWindow, NMIN, type EigWorkspace } from './workspace.js';
import { hypot } from '../hypot.js';

/** Skip the sweeps after an AED that deflated at least this percentage of its window. */
const NIBBLE = 14;
/** AEDs in a row without a deflation before the window grows, and before exceptional shifts. */
const KEXNW = 5;
const KEXSH = 6;

/** Nominal number of shifts per iteration for an active block of order nh (LAPACK iparmq). */
function nominalShifts(nh: number): number {
  let ns = 2;
  if (nh >= 30) ns = 4;
  if (nh >= 60) ns = 10;
  if (nh >= 150) ns = Math.max(10, Math.floor(nh / Math.round(Math.log2(nh))));
  if (nh >= 590) ns = 64;
  return Math.max(2, ns - (ns % 2)) | 0;
}

/**
 * The error for a QR iteration stopped by its sweep limit: `routine` is 'zlahqr' (the
 * single-shift iteration on a small block) or 'zlaqr0' (the sweeps with AED shifts on a large one).
 */
function notConverged(routine: 'zlahqr' | 'zlaqr0', sweeps: number, converged: number, n: number): ConvergenceError {
  return new ConvergenceError(
    routine,
    sweeps,
    `eig: the QR iteration (${routine}) did not converge after ${sweeps} sweeps (${converged} of ${n} eigenvalues converged)`,
  );
}

/**
 * Schur form of the Hessenberg `h` (zeros below the subdiagonal assumed), accumulating into
 * `zt` = Zᵀ (row k of zt is column k of Z). Returns the number of QR sweeps over the matrix.
 */
export function schurCore(n: number, h: Float64Array, zt: Float64Array, lambda: Float64Array, ws: EigWorkspace, maxSweeps: number): number {
  realifySubdiagonal(n, h, zt, 0, n - 1);
  if (n < NMIN) {
    const info = lahqr(n, h, zt, lambda, 0, n - 1, ws, maxSweeps);
    if (info >= 0) throw notConverged('zlahqr', ws.sweeps, n - 1 - info, n);
    return ws.sweeps;
  }
  const smlnum = SAFMIN * (n / ULP);
  const nwmax = maxWindow(n);
  const nsmax = Math.max(2, ((n - 3) / 6) & ~1) | 0;
  const sh = ws.shifts;
  let sweeps = 0;
  let kbot = n - 1;
  let ndfl = 1;
  let nw = 0;
  while (kbot >= 0) {
    let ktop = kbot;
    while (ktop > 0 && !negligible(n, h, ktop, 0, n - 1, smlnum)) ktop--;
    if (ktop > 0) {
      h[2 * (ktop * n + ktop - 1)] = 0;
      h[2 * (ktop * n + ktop - 1) + 1] = 0;
    }
    const nh = kbot - ktop + 1;
    if (nh < NMIN) {
      const info = lahqr(n, h, zt, lambda, ktop, kbot, ws, maxSweeps - sweeps);
      sweeps += ws.sweeps;
      if (info >= 0) throw notConverged('zlahqr', sweeps, n - 1 - info, n);
      kbot = ktop - 1;
      ndfl = 1;
      continue;
    }
    // Deflation window.
    const ns0 = Math.min(nsmax, nominalShifts(nh)) | 0;
    const nwr = Math.min(nh, nwmax, Math.max(2, (3 * ns0) >> 1)) | 0;
    const nwupbd = Math.min(nh, nwmax);
    nw = (ndfl < KEXNW ? Math.min(nwupbd, nwr) : Math.min(nwupbd, 2 * nw)) | 0;
    if (nw < nwmax) {
      if (nw >= nh - 1) nw = nh;
      else {
        const p = 2 * ((kbot - nw + 1) * n + kbot - nw); // (kwtop, kwtop-1)
        const q = p - 2 * n - 2; // (kwtop-1, kwtop-2)
        if (Math.abs(h[p]!) + Math.abs(h[p + 1]!) > Math.abs(h[q]!) + Math.abs(h[q + 1]!)) nw++;
      }
    }
    aed(n, h, zt, lambda, ws, ktop, kbot, nw, smlnum);
    const ld = ws.aedDeflated;
    kbot -= ld;
    if (ld === 0 || (100 * ld <= nw * NIBBLE && kbot - ktop + 1 > Math.min(NMIN, nwmax))) {
      const ns = Math.min(ns0, Math.max(2, kbot - ktop)) | 0;
      let nsh: number;
      if (ndfl % KEXSH === 0) {
        nsh = 0;
        for (let i = kbot; i > kbot - ns + 1; i -= 2) {
          const p = 2 * (i * n + i);
          const r = h[p]! + 0.75 * (Math.abs(h[p - 2]!) + Math.abs(h[p - 1]!));
          sh[2 * nsh] = r;
          sh[2 * nsh + 1] = h[p + 1]!;
          sh[2 * nsh + 2] = r;
          sh[2 * nsh + 3] = h[p + 1]!;
          nsh += 2;
        }
      } else if (ws.aedShifts <= ns / 2) {
        nsh = trailingEigenvalues(n, h, kbot - ns + 1, ns, ws);
      } else {
        nsh = Math.min(ns, ws.aedShifts);
      }
      for (let s = 0; s < nsh && kbot > ktop; s++) {
        if (sweeps >= maxSweeps) throw notConverged('zlaqr0', sweeps, n - 1 - kbot, n);
        qrSweep(n, h, zt, ws, ktop, kbot, sh[2 * s]!, sh[2 * s + 1]!);
        sweeps++;
        while (kbot > ktop && negligible(n, h, kbot, 0, n - 1, smlnum)) {
          const p = 2 * (kbot * n + kbot);
          h[p - 2] = 0;
          h[p - 1] = 0;
          lambda[2 * kbot] = h[p]!;
          lambda[2 * kbot + 1] = h[p + 1]!;
          kbot--;
        }
      }
    }
    ndfl = ld > 0 ? 1 : ndfl + 1;
  }
  return sweeps;
}

/** Make the subdiagonal of rows ilo+1..ihi real: H ← Dᴴ·H·D, Z ← Z·D with a diagonal unitary D. */
function realifySubdiagonal(n: number, h: Float64Array, zt: Float64Array, ilo: number, ihi: number): void {
  const n2 = 2 * n;
  for (let i = ilo + 1; i <= ihi; i++) {
    const p = 2 * (i * n + i - 1);
    const hr = h[p]!;
    const hi = h[p + 1]!;
    if (hi === 0) continue;
    const c1 = Math.abs(hr) + Math.abs(hi);
    const ur = hr / c1;
    const ui = hi / c1;
    const m = hypot(ur, ui);
    const er = ur / m; // e = h/|h|
    const ei = ui / m;
    h[p] = c1 * m;
    h[p + 1] = 0;
    scaleRange(h, 2 * (i * n + i), 2 * (i * n + n), 2, er, -ei); // row i, columns i.. by conj(e)
    scaleRange(h, 2 * i, 2 * (Math.min(n - 1, i + 1) * n + i) + 1, n2, er, ei); // column i, rows 0..i+1 by e
    scaleRange(zt, 2 * i * n, 2 * (i * n + n), 2, er, ei); // column i of Z by e
  }
}
