/**
 * The Krylov methods' vector kernels (GMRES, the Krylov exponential). Inner products keep two
 * partial sums (even and odd entries): one running sum is a chain of dependent additions that waits
 * on the adder's latency every element; two halve that wait.
 */

/** a·b. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  const n = a.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
  }
  if (i < n) s0 += a[i]! * b[i]!;
  return s0 + s1;
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
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const p0 = p[i]! - h * v[i]!;
    const p1 = p[i + 1]! - h * v[i + 1]!;
    p[i] = p0;
    p[i + 1] = p1;
    s0 += r[i]! * p0;
    s1 += r[i + 1]! * p1;
  }
  if (i < n) {
    const p0 = p[i]! - h * v[i]!;
    p[i] = p0;
    s0 += r[i]! * p0;
  }
  return s0 + s1;
}
