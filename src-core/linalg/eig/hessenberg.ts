/**
 * Householder reduction to upper Hessenberg form, A = Q·H·Qᴴ (LAPACK zgehd2, the unblocked
 * kernel of zgehrd), and the explicit Q by backward accumulation (zung2r / zunghr); see
 * docs/numerics.md.
 */
import { columnReflector, leftReflect, rightReflect } from './reflectors.js';
import type { EigWorkspace } from './workspace.js';

/** On return `a` holds H (reflectors cleared) and `q` the unitary Q; n ≥ 1. */
export function hessenbergCore(n: number, a: Float64Array, q: Float64Array, ws: EigWorkspace): void {
  // One call per column keeps each kernel short-lived, so V8 optimises it as a whole function
  // (long loops in a function called once run on on-stack-replacement code, which re-deopts).
  for (let k = 0; k < n - 2; k++) {
    if (!columnReflector(n, a, k, ws.w1, ws.tau, ws.c)) continue; // H_k = I
    const c0 = k + 1; // the reflector acts on rows/columns c0..n-1
    const taur = ws.tau[2 * k]!;
    const taui = ws.tau[2 * k + 1]!;
    rightReflect(n, a, c0, n - c0, ws.w1, taur, taui); // A[:, c0..] ← A[:, c0..]·H_k
    leftReflect(n, a, c0, n - c0, ws.w1, ws.w2, taur, -taui); // A[c0.., c0..] ← H_kᴴ·A[c0.., c0..]
  }
  formQ(n, a, q, ws);
}

/** Q = H₀·H₁·…·H_{n−3} by backward accumulation (zung2r); clears the reflectors stored in `a`. */
function formQ(n: number, a: Float64Array, q: Float64Array, ws: EigWorkspace): void {
  const n2 = 2 * n;
  const tau = ws.tau;
  const wv = ws.w1;
  const w = ws.w2;
  q.fill(0, 0, 2 * n * n);
  for (let i = 0; i < n; i++) q[2 * (i * n + i)] = 1;
  for (let k = n - 3; k >= 0; k--) {
    const c0 = k + 1;
    const len = n - c0;
    const taur = tau[2 * k]!;
    const taui = tau[2 * k + 1]!;
    const p0 = 2 * (c0 * n + k);
    wv[0] = 1;
    wv[1] = 0;
    for (let p = p0 + n2, j = 2; p < 2 * n * n; p += n2, j += 2) {
      wv[j] = a[p]!;
      wv[j + 1] = a[p + 1]!;
      a[p] = 0;
      a[p + 1] = 0;
    }
    if (taur === 0 && taui === 0) continue;
    // Q[c0.., c0..] ← H_k·Q[c0.., c0..] (the block is diag(1, product of the later reflectors))
    leftReflect(n, q, c0, len, wv, w, taur, taui);
  }
}
