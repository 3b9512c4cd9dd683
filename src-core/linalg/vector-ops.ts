/**
 * The Krylov methods' vector kernels (GMRES, the Krylov exponential), in TypeScript and, on vectors
 * that live in the WebAssembly kernels' arena, in WebAssembly SIMD (src-wasm/kernels.ts, the vec*
 * kernels). Inner products keep four partial sums s_r over the entries i ≡ r (mod 4): one running
 * sum is a chain of dependent additions that waits on the adder's latency every element. An odd
 * last pair goes to (s0, s1), a single last entry to s0, and the result is (s0 + s2) + (s1 + s3):
 * the WebAssembly kernels hold (s0, s1) and (s2, s3) in two f64x2 lanes and add in the same order,
 * so both paths give the same bits.
 */
import type { WasmKernels } from './wasm/kernels.js';

/** a·b. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = a.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  if (i + 1 < n) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    i += 2;
  }
  if (i < n) s0 += a[i]! * b[i]!;
  return s0 + s2 + (s1 + s3);
}

/**
 * p ← p − h·v, returning q·p of the updated p in the same pass (no q: ‖p‖²): one modified
 * Gram–Schmidt subtraction fused with the next projection, the same arithmetic as the two passes
 * apart, half the memory traffic.
 */
export function subtractThenDot(p: Float64Array, h: number, v: Float64Array, q: Float64Array | undefined): number {
  const n = p.length;
  const r = q ?? p;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const p0 = p[i]! - h * v[i]!;
    const p1 = p[i + 1]! - h * v[i + 1]!;
    const p2 = p[i + 2]! - h * v[i + 2]!;
    const p3 = p[i + 3]! - h * v[i + 3]!;
    p[i] = p0;
    p[i + 1] = p1;
    p[i + 2] = p2;
    p[i + 3] = p3;
    s0 += r[i]! * p0;
    s1 += r[i + 1]! * p1;
    s2 += r[i + 2]! * p2;
    s3 += r[i + 3]! * p3;
  }
  if (i + 1 < n) {
    const p0 = p[i]! - h * v[i]!;
    const p1 = p[i + 1]! - h * v[i + 1]!;
    p[i] = p0;
    p[i + 1] = p1;
    s0 += r[i]! * p0;
    s1 += r[i + 1]! * p1;
    i += 2;
  }
  if (i < n) {
    const p0 = p[i]! - h * v[i]!;
    p[i] = p0;
    s0 += r[i]! * p0;
  }
  return s0 + s2 + (s1 + s3);
}

/**
 * The vector operations a Krylov method needs, on vectors made by `vector`: in TypeScript
 * ({@link tsVectorOps}) or in WebAssembly on arena vectors ({@link wasmVectorOps}), bit for bit alike.
 */
export interface VectorOps {
  /** A zeroed vector of `len` doubles these operations accept. */
  vector(len: number): Float64Array;
  dot(a: Float64Array, b: Float64Array): number;
  /** {@link subtractThenDot}. */
  subtractThenDot(p: Float64Array, h: number, v: Float64Array, q: Float64Array | undefined): number;
  /** y ← y + α·x. */
  axpy(alpha: number, x: Float64Array, y: Float64Array): void;
  /** x ← x / s. */
  divide(x: Float64Array, s: number): void;
  /** r ← b − w. */
  difference(b: Float64Array, w: Float64Array, r: Float64Array): void;
}

export const tsVectorOps: VectorOps = {
  vector: (len) => new Float64Array(len),
  dot,
  subtractThenDot,
  axpy(alpha, x, y) {
    for (let i = 0; i < y.length; i++) y[i] = y[i]! + alpha * x[i]!;
  },
  divide(x, s) {
    for (let i = 0; i < x.length; i++) x[i] = x[i]! / s;
  },
  difference(b, w, r) {
    for (let i = 0; i < r.length; i++) r[i] = b[i]! - w[i]!;
  },
};

/**
 * The most arena memory a solve's or a propagation's vectors may reserve: the module's memory never
 * shrinks, so larger problems keep ordinary arrays (and the TypeScript operations).
 */
export const VECTOR_ARENA_BYTES = 64 * 1024 * 1024;

/**
 * The same operations in WebAssembly on vectors of the kernels' arena, made by `alloc` (a vector
 * from elsewhere throws). The vectors are valid while the arena keeps its layout: `live`, called
 * before every operation, throws once another layout has replaced it.
 */
export function wasmVectorOps(wk: WasmKernels, alloc: (len: number) => Float64Array, live: () => void = () => undefined): VectorOps {
  const at = (x: Float64Array): number => (live(), wk.at(x));
  return {
    vector: (len) => (live(), alloc(len)),
    dot: (a, b) => wk.vecDot(a.length, at(a), at(b)),
    subtractThenDot: (p, h, v, q) => wk.vecSubtractThenDot(p.length, at(p), h, at(v), q ? at(q) : 0),
    axpy: (alpha, x, y) => wk.vecAxpy(y.length, alpha, at(x), at(y)),
    divide: (x, s) => wk.vecDivide(x.length, at(x), s),
    difference: (b, w, r) => wk.vecDifference(r.length, at(b), at(w), at(r)),
  };
}
