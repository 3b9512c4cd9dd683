/**
 * Scalar and elementwise kernels of the eigen-solver (see docs/numerics.md): machine constants,
 * complex division and square root, dlapy3, and in-place scaling and transposition of
 * interleaved complex arrays. Functions with a complex result write it into a caller-owned
 * {@link ComplexOut} (the workspace's `c`), so the hot paths allocate nothing.
 */
import { hypot } from '../hypot.js';

/** A complex scalar result (re + i·im) written by {@link cdiv}, {@link csqrt} and larfg. */
export interface ComplexOut {
  re: number;
  im: number;
}

/** LAPACK dlamch('P'): relative machine precision times the base, 2⁻⁵². */
export const ULP = Number.EPSILON;
/** LAPACK dlamch('S'): smallest normal number. */
export const SAFMIN = 2 ** -1022;
/** zlarfg's underflow threshold dlamch('S') / dlamch('E') and its inverse. */
export const LARFG_SMALL = 2 ** -969;
export const LARFG_BIG = 2 ** 969;
/** Eigenvector entries above this are rescaled during back-substitution, so sums cannot overflow. */
export const GROWTH_LIMIT = 2 ** 300;

/** Swap (i, j) and (j, i) for all i < j. */
export function transposeInPlace(n: number, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = 2 * (i * n + j);
      const s = 2 * (j * n + i);
      const tr = x[p]!;
      const ti = x[p + 1]!;
      x[p] = x[s]!;
      x[p + 1] = x[s + 1]!;
      x[s] = tr;
      x[s + 1] = ti;
    }
  }
}

/** (ar + i·ai) / (br + i·bi) into `out` (Smith's algorithm). */
export function cdiv(ar: number, ai: number, br: number, bi: number, out: ComplexOut): void {
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br;
    const d = br + bi * r;
    out.re = (ar + ai * r) / d;
    out.im = (ai - ar * r) / d;
  } else {
    const r = br / bi;
    const d = bi + br * r;
    out.re = (ar * r + ai) / d;
    out.im = (ai * r - ar) / d;
  }
}

/** Principal square root of re + i·im into `out`. */
export function csqrt(re: number, im: number, out: ComplexOut): void {
  if (re === 0 && im === 0) {
    out.re = 0;
    out.im = im;
    return;
  }
  const m = hypot(re, im);
  if (re >= 0) {
    const t = Math.sqrt(0.5 * (m + re));
    out.re = t;
    out.im = im / (2 * t);
  } else {
    const t = Math.sqrt(0.5 * (m - re));
    out.re = Math.abs(im) / (2 * t);
    out.im = im < 0 || Object.is(im, -0) ? -t : t;
  }
}

/** sqrt(x² + y² + z²) without unnecessary overflow (LAPACK dlapy3). */
export function hypot3(x: number, y: number, z: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const az = Math.abs(z);
  const w = Math.max(ax, ay, az);
  if (w === 0) return ax + ay + az;
  const u = ax / w;
  const v = ay / w;
  const s = az / w;
  return w * Math.sqrt(u * u + v * v + s * s);
}

/** x[p] *= (cr + i·ci) for p = from, from+step, … < to. */
export function scaleRange(x: Float64Array, from: number, to: number, step: number, cr: number, ci: number): void {
  for (let p = from; p < to; p += step) {
    const xr = x[p]!;
    const xi = x[p + 1]!;
    x[p] = xr * cr - xi * ci;
    x[p + 1] = xr * ci + xi * cr;
  }
}
