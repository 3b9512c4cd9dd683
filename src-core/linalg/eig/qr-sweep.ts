/**
 * One single-shift complex QR sweep by bulge chasing with 2×2 reflectors (the sweep of LAPACK
 * zlahqr, applied in chase blocks as the small-bulge multishift sweep of zlaqr5 applies its
 * reflectors); see docs/numerics.md.
 */
import { cdiv, hypot3, LARFG_BIG, LARFG_SMALL, scaleRange } from './complex.js';
import type { EigWorkspace } from './workspace.js';
import { hypot } from '../hypot.js';

/** Reflectors per chase block in a QR sweep (see qrSweep). */
const CHASE_BLOCK = 16;

/**
 * One single-shift QR sweep with shift t on the active block l..i of `h` (real subdiagonal),
 * applied to all of H and to Zᵀ. The sweep's reflectors are kept in `ws.sweep`.
 *
 * The bulge is chased in blocks of CHASE_BLOCK reflectors: inside a block each reflector is
 * applied at once only where the next ones need it (rows and columns of the block), and at the end
 * of the block all of its reflectors are applied, in order and two per pass, to the columns right
 * of the block and the rows above it. Zᵀ gets the whole sweep at the end. Every entry still sees
 * the reflectors in sweep order, so the result is that of the plain sweep.
 */
export function qrSweep(n: number, h: Float64Array, zt: Float64Array, ws: EigWorkspace, l: number, i: number, sr: number, si: number): void {
  const R = ws.sweep;
  const c = ws.c;
  const n2 = 2 * n;
  // First column of H − tI, scaled.
  const pll = 2 * (l * n + l);
  const h11r = h[pll]! - sr;
  const h11i = h[pll + 1]! - si;
  const h21 = h[pll + n2]!;
  const s = Math.abs(h11r) + Math.abs(h11i) + Math.abs(h21);
  let v1r = h11r / s;
  let v1i = h11i / s;
  let v2 = h21 / s;
  for (let kb = l; kb < i; kb += CHASE_BLOCK) {
    const ke = Math.min(kb + CHASE_BLOCK, i); // reflectors kb..ke-1; columns up to ke are immediate
    for (let k = kb, q = 5 * (kb - l); k < ke; k++, q += 5) {
      const pb = 2 * (k * n + k - 1); // (k, k-1)
      if (k > l) {
        v1r = h[pb]!;
        v1i = h[pb + 1]!;
        v2 = h[pb + n2]!; // the bulge (k+1, k-1) is real
      }
      // 2×2 reflector (zlarfg with a real second component): G = I − τ·[1; w]·[1; w]ᴴ
      let t1r = 0;
      let t1i = 0;
      let w2r = 0;
      let w2i = 0;
      let betar = v1r;
      if (v2 !== 0 || v1i !== 0) {
        let ar = v1r;
        let ai = v1i;
        let x = v2;
        let beta = -Math.sign(ar || 1) * hypot3(ar, ai, x);
        let knt = 0;
        if (Math.abs(beta) < LARFG_SMALL) {
          do {
            knt++;
            x *= LARFG_BIG;
            beta *= LARFG_BIG;
            ar *= LARFG_BIG;
            ai *= LARFG_BIG;
          } while (Math.abs(beta) < LARFG_SMALL && knt < 20);
          beta = -Math.sign(ar || 1) * hypot3(ar, ai, x);
        }
        t1r = (beta - ar) / beta;
        t1i = -ai / beta;
        cdiv(x, 0, ar - beta, ai, c);
        w2r = c.re;
        w2i = c.im;
        for (let j = 0; j < knt; j++) beta *= LARFG_SMALL;
        betar = beta;
      }
      if (k > l) {
        h[pb] = betar;
        h[pb + 1] = 0;
        h[pb + n2] = 0;
        h[pb + n2 + 1] = 0;
      }
      const t2 = t1r * w2r - t1i * w2i; // Re(τ·w), real by construction
      R[q] = t1r;
      R[q + 1] = t1i;
      R[q + 2] = t2;
      R[q + 3] = w2r;
      R[q + 4] = w2i;
      // From the left on rows k, k+1, columns k..ke: s = conj(τ)·a + t₂·b; a −= s; b −= s·w.
      const o1 = 2 * k * n;
      const o2 = o1 + n2;
      for (let j = 2 * k, je = 2 * ke; j <= je; j += 2) {
        const ar = h[o1 + j]!;
        const ai = h[o1 + j + 1]!;
        const br = h[o2 + j]!;
        const bi = h[o2 + j + 1]!;
        const sumr = t1r * ar + t1i * ai + t2 * br;
        const sumi = t1r * ai - t1i * ar + t2 * bi;
        h[o1 + j] = ar - sumr;
        h[o1 + j + 1] = ai - sumi;
        h[o2 + j] = br - (sumr * w2r - sumi * w2i);
        h[o2 + j + 1] = bi - (sumr * w2i + sumi * w2r);
      }
      // From the right on columns k, k+1, rows kb..min(k+2, i): s = τ·a + t₂·b; a −= s; b −= s·conj(w).
      const pe = 2 * (Math.min(k + 2, i) * n + k);
      for (let p = 2 * (kb * n + k); p <= pe; p += n2) {
        const ar = h[p]!;
        const ai = h[p + 1]!;
        const br = h[p + 2]!;
        const bi = h[p + 3]!;
        const sumr = t1r * ar - t1i * ai + t2 * br;
        const sumi = t1r * ai + t1i * ar + t2 * bi;
        h[p] = ar - sumr;
        h[p + 1] = ai - sumi;
        h[p + 2] = br - (sumr * w2r + sumi * w2i);
        h[p + 3] = bi - (sumi * w2r - sumr * w2i);
      }
    }
    // The block's reflectors on the columns right of it (rows kb..ke) and the rows above it.
    if (ke + 1 < n) applyRowPairs(h, n, R, 5 * (kb - l), ke - kb, kb, ke + 1, n, true);
    if (kb > 0) applyColPairs(h, n, R, 5 * (kb - l), ke - kb, kb, 0, kb);
  }
  // Make h(i, i-1) real again: H ← Dᴴ·H·D with D = diag(1, …, e, …, 1), e = h(i,i-1)/|h(i,i-1)|.
  const ps = 2 * (i * n + i - 1);
  if (h[ps + 1] !== 0) {
    const rt = hypot(h[ps]!, h[ps + 1]!);
    const er = h[ps]! / rt;
    const ei = h[ps + 1]! / rt;
    h[ps] = rt;
    h[ps + 1] = 0;
    scaleRange(h, 2 * i, 2 * (i * n + i), n2, er, ei); // column i, rows 0..i-1
    scaleRange(h, 2 * (i * n + i + 1), 2 * (i * n + n), 2, er, -ei); // row i right of the diagonal
    applyRowPairs(zt, n, R, 0, i - l, l, 0, n, false);
    scaleRange(zt, 2 * i * n, 2 * (i * n + n), 2, er, ei); // column i of Z
  } else {
    applyRowPairs(zt, n, R, 0, i - l, l, 0, n, false);
  }
}

/**
 * Apply `cnt` reflectors of a sweep, stored from R[q0] on (the q-th acts on rows row0+q, row0+q+1), to columns
 * c0..c1-1 of x, in order, two reflectors per pass. `fromLeft`: Gᴴ·x (rows of H); otherwise
 * the transpose of x·G (rows of Zᵀ).
 */
function applyRowPairs(x: Float64Array, n: number, R: Float64Array, q0: number, cnt: number, row0: number, c0: number, c1: number, fromLeft: boolean): void {
  // Both cases are  s = a·x₁ + t₂·x₂;  x₁ −= s;  x₂ −= s·b  with
  // from the left: a = conj(τ), b = w;   Zᵀ: a = τ, b = conj(w).
  const sg = fromLeft ? -1 : 1;
  const n2 = 2 * n;
  const j0 = 2 * c0;
  const j1 = 2 * c1;
  let k = 0;
  for (; k + 1 < cnt; k += 2) {
    const q = q0 + 5 * k;
    const ar = R[q]!;
    const ai = sg * R[q + 1]!;
    const t2 = R[q + 2]!;
    const br = R[q + 3]!;
    const bi = -sg * R[q + 4]!;
    const cr = R[q + 5]!;
    const ci = sg * R[q + 6]!;
    const u2 = R[q + 7]!;
    const dr = R[q + 8]!;
    const di = -sg * R[q + 9]!;
    const o1 = 2 * (row0 + k) * n;
    const o2 = o1 + n2;
    const o3 = o2 + n2;
    for (let j = j0; j < j1; j += 2) {
      const x1r = x[o1 + j]!;
      const x1i = x[o1 + j + 1]!;
      const x2r = x[o2 + j]!;
      const x2i = x[o2 + j + 1]!;
      let sr = ar * x1r - ai * x1i + t2 * x2r;
      let si = ar * x1i + ai * x1r + t2 * x2i;
      x[o1 + j] = x1r - sr;
      x[o1 + j + 1] = x1i - si;
      const y2r = x2r - (sr * br - si * bi);
      const y2i = x2i - (sr * bi + si * br);
      const x3r = x[o3 + j]!;
      const x3i = x[o3 + j + 1]!;
      sr = cr * y2r - ci * y2i + u2 * x3r;
      si = cr * y2i + ci * y2r + u2 * x3i;
      x[o2 + j] = y2r - sr;
      x[o2 + j + 1] = y2i - si;
      x[o3 + j] = x3r - (sr * dr - si * di);
      x[o3 + j + 1] = x3i - (sr * di + si * dr);
    }
  }
  if (k < cnt) {
    const q = q0 + 5 * k;
    const ar = R[q]!;
    const ai = sg * R[q + 1]!;
    const t2 = R[q + 2]!;
    const br = R[q + 3]!;
    const bi = -sg * R[q + 4]!;
    const o1 = 2 * (row0 + k) * n;
    const o2 = o1 + n2;
    for (let j = j0; j < j1; j += 2) {
      const x1r = x[o1 + j]!;
      const x1i = x[o1 + j + 1]!;
      const x2r = x[o2 + j]!;
      const x2i = x[o2 + j + 1]!;
      const sr = ar * x1r - ai * x1i + t2 * x2r;
      const si = ar * x1i + ai * x1r + t2 * x2i;
      x[o1 + j] = x1r - sr;
      x[o1 + j + 1] = x1i - si;
      x[o2 + j] = x2r - (sr * br - si * bi);
      x[o2 + j + 1] = x2i - (sr * bi + si * br);
    }
  }
}

/**
 * Apply `cnt` reflectors of a sweep, stored from R[q0] on, from the right (the q-th acts on columns col0+q,
 * col0+q+1) to rows r0..r1-1 of h, in order, two reflectors per pass: s = τ·x₁ + t₂·x₂;
 * x₁ −= s; x₂ −= s·conj(w).
 */
function applyColPairs(h: Float64Array, n: number, R: Float64Array, q0: number, cnt: number, col0: number, r0: number, r1: number): void {
  const n2 = 2 * n;
  let k = 0;
  for (; k + 1 < cnt; k += 2) {
    const q = q0 + 5 * k;
    const ar = R[q]!;
    const ai = R[q + 1]!;
    const t2 = R[q + 2]!;
    const br = R[q + 3]!;
    const bi = -R[q + 4]!;
    const cr = R[q + 5]!;
    const ci = R[q + 6]!;
    const u2 = R[q + 7]!;
    const dr = R[q + 8]!;
    const di = -R[q + 9]!;
    for (let p = 2 * (r0 * n + col0 + k), pe = 2 * (r1 * n + col0 + k); p < pe; p += n2) {
      const x1r = h[p]!;
      const x1i = h[p + 1]!;
      const x2r = h[p + 2]!;
      const x2i = h[p + 3]!;
      let sr = ar * x1r - ai * x1i + t2 * x2r;
      let si = ar * x1i + ai * x1r + t2 * x2i;
      h[p] = x1r - sr;
      h[p + 1] = x1i - si;
      const y2r = x2r - (sr * br - si * bi);
      const y2i = x2i - (sr * bi + si * br);
      const x3r = h[p + 4]!;
      const x3i = h[p + 5]!;
      sr = cr * y2r - ci * y2i + u2 * x3r;
      si = cr * y2i + ci * y2r + u2 * x3i;
      h[p + 2] = y2r - sr;
      h[p + 3] = y2i - si;
      h[p + 4] = x3r - (sr * dr - si * di);
      h[p + 5] = x3i - (sr * di + si * dr);
    }
  }
  if (k < cnt) {
    const q = q0 + 5 * k;
    const ar = R[q]!;
    const ai = R[q + 1]!;
    const t2 = R[q + 2]!;
    const br = R[q + 3]!;
    const bi = -R[q + 4]!;
    for (let p = 2 * (r0 * n + col0 + k), pe = 2 * (r1 * n + col0 + k); p < pe; p += n2) {
      const x1r = h[p]!;
      const x1i = h[p + 1]!;
      const x2r = h[p + 2]!;
      const x2i = h[p + 3]!;
      const sr = ar * x1r - ai * x1i + t2 * x2r;
      const si = ar * x1i + ai * x1r + t2 * x2i;
      h[p] = x1r - sr;
      h[p + 1] = x1i - si;
      h[p + 2] = x2r - (sr * br - si * bi);
      h[p + 3] = x2i - (sr * bi + si * br);
    }
  }
}
