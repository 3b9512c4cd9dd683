/**
 * Restarted GMRES(m) for a real-linear operator on Float64Array vectors (real inner product
 * Σ x_i y_i). Used on Hermitian matrices stored interleaved, which form a real vector space.
 */
import { hypot } from './hypot.js';
import { tsVectorOps, type VectorOps } from './vector-ops.js';
export interface GmresOptions {
  /** Krylov dimension before a restart. */
  restart: number;
  /** Maximum operator applications in total. */
  maxIterations: number;
  /** Stop when ‖b − A x‖ ≤ tol · ‖b‖ (as estimated by the Arnoldi recurrence). */
  tol: number;
}

/**
 * Krylov basis (allocated as the iteration first needs it) and scratch for solves with vectors of
 * one length. Its vector operations (`ops`) are TypeScript, or WebAssembly on vectors of the
 * kernels' arena: then b and x must be arena vectors too (`ops.vector`).
 */
export interface GmresWorkspace {
  len: number;
  restart: number;
  ops: VectorOps;
  V: Float64Array[];
  w: Float64Array;
  /** Hessenberg matrix, Givens rotations, residual vector and solution of the small problem. */
  H: Float64Array;
  cs: Float64Array;
  sn: Float64Array;
  g: Float64Array;
  y: Float64Array;
}

export function gmresWorkspace(len: number, restart: number, ops: VectorOps = tsVectorOps): GmresWorkspace {
  const m = restart;
  return {
    len,
    restart,
    ops,
    V: [],
    w: ops.vector(len),
    H: new Float64Array((m + 1) * m),
    cs: new Float64Array(m),
    sn: new Float64Array(m),
    g: new Float64Array(m + 1),
    y: new Float64Array(m),
  };
}

function basisVector(ws: GmresWorkspace, j: number): Float64Array {
  while (ws.V.length <= j) ws.V.push(ws.ops.vector(ws.len));
  return ws.V[j]!;
}

export interface GmresResult {
  iterations: number;
  /** Estimated relative residual ‖b − A x‖ / ‖b‖ at exit. */
  relResidual: number;
  converged: boolean;
}

/**
 * Solve A x = b in place (x holds the initial guess and receives the solution).
 * `apply(v, out)` writes A·v into out.
 */
export function gmres(
  apply: (v: Float64Array, out: Float64Array) => void,
  b: Float64Array,
  x: Float64Array,
  opts: GmresOptions,
  ws: GmresWorkspace = gmresWorkspace(b.length, opts.restart),
): GmresResult {
  const len = b.length;
  const m = opts.restart;
  if (ws.len !== len || ws.restart < m) throw new Error('gmres: workspace does not fit the problem');
  // H is indexed with stride m ≤ ws.restart: it fits; every entry is written before it is read
  const { V, w, H, cs, sn, g, y, ops } = ws;
  const bnorm = Math.sqrt(ops.dot(b, b)) || 1;
  let iterations = 0;
  let rel = Infinity;
  while (iterations < opts.maxIterations) {
    // r = b - A x
    apply(x, w);
    iterations++;
    const r = basisVector(ws, 0);
    ops.difference(b, w, r);
    let beta = Math.sqrt(ops.dot(r, r));
    rel = beta / bnorm;
    if (rel <= opts.tol) return { iterations, relResidual: rel, converged: true };
    ops.divide(r, beta);
    g.fill(0);
    g[0] = beta;
    let k = 0;
    for (; k < m && iterations < opts.maxIterations; k++) {
      const vk1 = basisVector(ws, k + 1);
      apply(V[k]!, vk1);
      iterations++;
      // modified Gram-Schmidt (backward stable for GMRES), each subtraction fused with the next
      // projection (or the norm) in one pass over the vectors: the same arithmetic, half the traffic
      let h = ops.dot(V[0]!, vk1);
      let hn = 0;
      for (let j = 0; j <= k; j++) {
        H[j * m + k] = h;
        const r = ops.subtractThenDot(vk1, h, V[j]!, j < k ? V[j + 1]! : undefined);
        if (j < k) h = r;
        else hn = Math.sqrt(r);
      }
      H[(k + 1) * m + k] = hn;
      if (hn > 0) ops.divide(vk1, hn);
      // apply previous rotations, then a new one
      for (let j = 0; j < k; j++) {
        const t = cs[j]! * H[j * m + k]! + sn[j]! * H[(j + 1) * m + k]!;
        H[(j + 1) * m + k] = -sn[j]! * H[j * m + k]! + cs[j]! * H[(j + 1) * m + k]!;
        H[j * m + k] = t;
      }
      const a = H[k * m + k]!;
      const bb = H[(k + 1) * m + k]!;
      const den = hypot(a, bb) || 1;
      cs[k] = a / den;
      sn[k] = bb / den;
      H[k * m + k] = den;
      H[(k + 1) * m + k] = 0;
      g[k + 1] = -sn[k]! * g[k]!;
      g[k] = cs[k]! * g[k]!;
      beta = Math.abs(g[k + 1]!);
      rel = beta / bnorm;
      if (rel <= opts.tol || hn === 0) {
        k++;
        break;
      }
    }
    // back substitution for y, then x += V y
    for (let i = k - 1; i >= 0; i--) {
      let s = g[i]!;
      for (let j = i + 1; j < k; j++) s -= H[i * m + j]! * y[j]!;
      y[i] = s / H[i * m + i]!;
    }
    for (let j = 0; j < k; j++) ops.axpy(y[j]!, V[j]!, x);
    if (rel <= opts.tol) return { iterations, relResidual: rel, converged: true };
  }
  return { iterations, relResidual: rel, converged: false };
}
