/**
 * The excitation-manifold preconditioner of the steady-state solver (docs/numerics.md, “Lindblad
 * steady state”).
 *
 * Without the drive, 𝓛 conserves the total excitation on each side of ρ and its loss jumps (a by
 * one, a² by two) only lower it, so the drive-free Liouvillian 𝓛₀ is block-triangular over manifold
 * pairs (N, M) and is inverted by substitution over the blocks with one small Sylvester solve per
 * block,
 *   X[N, M] = V_N [(W_N Z W_M†) ∘ Γ_NM] V_M†,   Γ_NM,kl = i / (λ_N,k − conj λ_M,l),
 * from the eigensystem of each manifold's H̃_eff block. The (vacuum, vacuum) equation is replaced by
 * the trace condition. Two sweeps:
 * - backward (from the top manifolds down): 𝓜₀⁻¹ exactly, lowering jumps included (the jump of a²
 *   reads the block (N+2, M+2), solved before (N, M) on the same diagonal N − M);
 * - forward (S = N + M upwards): keeps H₀, the decay and the drive's raising part (large after
 *   grading), drops the jumps and the drive's lowering part (∝ ε² and Ωε at weak drive).
 * Raising jumps a† (a thermal bath) feed (N, M) from (N−1, M−1), against the order of the backward
 * sweep: both sweeps leave them out of P (their anticommutator part stays in H̃_eff). GMRES applies
 * the true 𝓛, so the answer stays exact; only convergence slows as n_th grows, and the automatic
 * method falls back to the Sylvester preconditioner when the sweeps stall.
 */
import { gemmABt } from '../../linalg/small-gemm.js';
import { wasmKernels } from '../../linalg/wasm/kernels.js';
import { VECTOR_ARENA_BYTES, wasmVectorOps, type VectorOps } from '../../linalg/vector-ops.js';
import { JUMP_STEP } from '../../quantum/fock.js';
import { wasmLiouvillian, wasmLiouvillianDoubles } from '../../quantum/liouvillian.js';
import type { GradedSystem } from './graded-system.js';
import { assertDecaying, eigenSystem, sylvesterKernel, type EigenSystem } from './spectral.js';

/**
 * Eigensystems of the drive-free manifold blocks kept from an earlier solve (e.g. the other
 * driving direction of the same system). A block is reused only when its matrix is bit-for-bit
 * the same as the one cached, so the result never depends on what was solved before.
 */
export class ManifoldBlockCache {
  /** Per manifold N: the block matrix and its eigensystem. */
  readonly blocks = new Map<number, { B: Float64Array; es: EigenSystem }>();
  /** Blocks reused so far. */
  hits = 0;
  /** Sylvester kernels between two blocks' spectra, valid while both spectra are the cached ones. */
  readonly kernels = new Map<string, { a: Float64Array; b: Float64Array; G: Float64Array }>();
}

/** A preconditioner X = P⁻¹Y, with the vacuum state's index (where the trace equation sits). */
export interface ManifoldPreconditioner {
  /** Index of the vacuum, whose (vac, vac) equation is the trace condition. */
  vac: number;
  /** Time to build the blocks' eigensystems and kernels. */
  setupMs: number;
  /** X = P⁻¹Y for Hermitian Y (n × n interleaved); X is Hermitian. */
  apply: (Y: Float64Array, X: Float64Array) => void;
  /**
   * The graded Liouvillian out = 𝓛̃(x), with applyLiouvillian's scale when asked, on the WebAssembly
   * kernels, laid out in the same arena as the preconditioner; absent where the kernels are off.
   */
  liouvillian?: (x: Float64Array, out: Float64Array, wantScale?: boolean) => number;
  /**
   * Vector operations in WebAssembly on vectors of the same arena, room for `krylovVectors` of
   * length 2n² (the GMRES basis and the solve's vectors); absent where the kernels are off or the
   * room would pass {@link VECTOR_ARENA_BYTES}.
   */
  vectors?: VectorOps;
}

/** The manifolds of a grading's levels: the top level, each manifold's states and each state's place in its manifold. */
interface Manifolds {
  top: number;
  idx: Int32Array[];
  loc: Int32Array;
}

/** By the levels array (gradeSystem keeps one per basis; neither is ever written after it is built). */
const manifoldCache = new WeakMap<Int32Array, Manifolds>();

function manifoldsOf(level: Int32Array): Manifolds {
  const hit = manifoldCache.get(level);
  if (hit) return hit;
  const n = level.length;
  let top = 0;
  for (let s = 0; s < n; s++) top = Math.max(top, level[s]!);
  const loc = new Int32Array(n);
  const lists: number[][] = Array.from({ length: top + 1 }, () => []);
  for (let s = 0; s < n; s++) {
    loc[s] = lists[level[s]!]!.length;
    lists[level[s]!]!.push(s);
  }
  const m: Manifolds = { top, idx: lists.map((l) => Int32Array.from(l)), loc };
  manifoldCache.set(level, m);
  return m;
}

/** Where a manifold's block is assembled (grown to the largest block seen). */
let blockScratch = new Float64Array(0);

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The manifold preconditioner of a graded system, or undefined when the basis has no single
 * vacuum state (the method needs one).
 *
 * @throws ComputationError when a block's eigenmode does not decay (see {@link assertDecaying}).
 */
export function manifoldPreconditioner(p: GradedSystem, sweep: 'forward' | 'backward', krylovVectors = 0): ManifoldPreconditioner | undefined {
  const t0 = performance.now();
  const { n, Hs, D, decayS, tw, level } = p;
  const { top, idx, loc } = manifoldsOf(level);
  if (idx[0]!.length !== 1) return undefined;
  const vac = idx[0]![0]!;
  // per-manifold H̃_eff blocks (the drive-free, number-conserving part) and their eigensystems
  const sys = idx.map((states, N) => {
    const m = states.length;
    // the block is built in scratch: compared with the cached block, and copied only when it is new
    if (blockScratch.length < 2 * m * m) blockScratch = new Float64Array(2 * m * m);
    const B = blockScratch.subarray(0, 2 * m * m).fill(0);
    for (let k = 0; k < m; k++) {
      const r = states[k]!;
      for (let q = Hs.rowPtr[r]!; q < Hs.rowPtr[r + 1]!; q++) {
        const c = Hs.col[q]!;
        if (level[c] !== N) continue;
        const o = 2 * (k * m + loc[c]!);
        B[o] = B[o]! + Hs.re[q]!;
        B[o + 1] = B[o + 1]! + Hs.im[q]!;
      }
      B[2 * (k * m + k) + 1] = B[2 * (k * m + k) + 1]! - D[r]! / 2;
    }
    const cached = p.blockCache?.blocks.get(N);
    let es: { lambda: Float64Array; V: Float64Array; W: Float64Array };
    if (cached && sameValues(cached.B, B)) {
      es = cached.es;
      p.blockCache!.hits++;
    } else {
      const key = p.blockCache ? B.slice() : undefined; // eigenSystem overwrites B
      es = eigenSystem(m, B);
      if (key) p.blockCache!.blocks.set(N, { B: key, es });
    }
    assertDecaying(es.lambda, m, N === 0);
    return { m, lambda: es.lambda, V: es.V, W: es.W };
  });
  const kernels = new Map<number, Float64Array>();
  for (let N = 0; N <= top; N++) {
    for (let M = 0; M <= N; M++) {
      if (N === 0 && M === 0) continue;
      // the kernel depends only on the two spectra: reuse it while both blocks' eigensystems are reused
      const key = `${N},${M}`;
      const hit = p.blockCache?.kernels.get(key);
      if (hit && hit.a === sys[N]!.lambda && hit.b === sys[M]!.lambda) kernels.set(N * (top + 1) + M, hit.G);
      else {
        const G = sylvesterKernel(sys[N]!.lambda, sys[N]!.m, sys[M]!.lambda, sys[M]!.m, true);
        p.blockCache?.kernels.set(key, { a: sys[N]!.lambda, b: sys[M]!.lambda, G });
        kernels.set(N * (top + 1) + M, G);
      }
    }
  }
  // the drive's raising entries H̃[t][s] with level(t) = level(s) + 1 (the large part of the drive
  // after grading), as sparse triplets: target state t, source state s, amplitude
  const upT: number[] = [];
  const upS: number[] = [];
  const upRe: number[] = [];
  const upIm: number[] = [];
  const upStart = new Int32Array(top + 2); // entries whose target lies in manifold N: [upStart[N], upStart[N+1])
  for (let N = 1; N <= top; N++) {
    upStart[N] = upT.length;
    for (const r of idx[N]!) {
      for (let q = Hs.rowPtr[r]!; q < Hs.rowPtr[r + 1]!; q++) {
        const c = Hs.col[q]!;
        if (level[c] !== N - 1) continue;
        upT.push(r);
        upS.push(c);
        upRe.push(Hs.re[q]!);
        upIm.push(Hs.im[q]!);
      }
    }
  }
  upStart[top + 1] = upT.length;
  const maxM = Math.max(...sys.map((x) => x.m));
  // The block products run in WebAssembly where it loads: the blocks' eigenvectors, the kernels and
  // the scratch then live in its memory (copied once here), else in ordinary arrays for TypeScript.
  const loaded = wasmKernels();
  let doubles = 3 * 2 * maxM * maxM;
  for (const x of sys) doubles += 2 * 2 * x.m * x.m;
  for (const G of kernels.values()) doubles += G.length;
  doubles += wasmLiouvillianDoubles(n, Hs, decayS);
  // the forward sweep's tables (an i32 is half a double; up to 2 doubles of alignment per array):
  // the state lists (n in all), manifolds (4 each), kernel offsets, loc, upStart, the raising
  // entries (two i32 and two f64 each), the trace weights
  const tops = top + 1;
  doubles += n / 2 + 2 * tops + (tops * tops) / 2 + n / 2 + (tops + 1) / 2 + 3 * upT.length + n + 2 * (tops + 8);
  // room for the Krylov vectors where it is modest; a layout the module's memory cannot hold runs on
  // the TypeScript path
  const krylov = krylovVectors * 2 * n * n;
  const withKrylov = krylov > 0 && 8 * krylov <= VECTOR_ARENA_BYTES && loaded?.arena.reset(doubles + krylov + 2 * krylovVectors) === true;
  const wk = withKrylov || loaded?.arena.reset(doubles) ? loaded : undefined;
  let alloc = (len: number): Float64Array => new Float64Array(len);
  let generation = 0;
  if (wk) {
    generation = wk.arena.generation;
    alloc = (len) => wk.arena.alloc(len);
    const copy = (a: Float64Array): Float64Array => {
      const v = alloc(a.length);
      v.set(a);
      return v;
    };
    for (const x of sys) {
      x.V = copy(x.V);
      x.W = copy(x.W);
    }
    for (const [key, G] of kernels) kernels.set(key, copy(G));
  }
  const Z = alloc(2 * maxM * maxM);
  const T1 = alloc(2 * maxM * maxM);
  const T2 = alloc(2 * maxM * maxM);
  const wasmL = wk ? wasmLiouvillian(wk, n, Hs, D, decayS) : undefined;
  /** The forward sweep in one WebAssembly call (src-wasm/kernels.ts manifoldForward) on arena Y and X. */
  let forwardKernel: ((Y: Float64Array, X: Float64Array) => void) | undefined;
  if (wk && sweep === 'forward') {
    const ints = (xs: ArrayLike<number>): number => {
      const v = wk.arena.allocInt32(xs.length);
      v.set(xs);
      return wk.at(v);
    };
    const reals = (xs: ArrayLike<number>): number => {
      const v = alloc(xs.length);
      v.set(xs);
      return wk.at(v);
    };
    const idxOff = idx.map((l) => ints(l));
    const man = ints(sys.flatMap((x, N) => [x.m, idxOff[N]!, wk.at(x.V), wk.at(x.W)]));
    const gtab = new Int32Array(tops * tops);
    for (const [key, G] of kernels) gtab[key] = wk.at(G);
    const [g, l, us, ut, uS, ur, ui] = [ints(gtab), ints(loc), ints(upStart), ints(upT), ints(upS), reals(upRe), reals(upIm)];
    const twOff = reals(tw);
    const [z, t1, t2] = [wk.at(Z), wk.at(T1), wk.at(T2)];
    forwardKernel = (Y, X) => wk.manifoldForward(n, top, vac, twOff, man, g, l, us, ut, uS, ur, ui, z, t1, t2, wk.at(Y), wk.at(X));
  }
  // byte offsets of the arena arrays for the WebAssembly kernels
  const at = wk ? (x: Float64Array): number => wk.at(x) : (): number => 0;
  const off = sys.map((x) => ({ V: at(x.V), W: at(x.W) }));
  const gOff = new Map([...kernels].map(([key, G]) => [key, at(G)]));
  const zOff = at(Z);
  const t1Off = at(T1);
  const t2Off = at(T2);
  /** Arena arrays are valid until the next preconditioner lays out its own: one is used at a time. */
  const live = (): void => {
    if (wk && wk.arena.generation !== generation) throw new Error('internal: a manifold preconditioner was used after another replaced its WebAssembly arrays');
  };
  const setupMs = performance.now() - t0;

  /**
   * X[N, M] = S_NM⁻¹(Z) = V_N [(W_N Z W_M†) ∘ Γ] V_M†, written with its mirror X[M, N] = X[N, M]†.
   * Z arrives transposed (c_M × c_N), so each product is a dot product of contiguous rows.
   */
  const blockSolve = (N: number, M: number, X: Float64Array): void => {
    const a = sys[N]!;
    const b = sys[M]!;
    const rows = idx[N]!;
    const cols = idx[M]!;
    const key = N * (top + 1) + M;
    if (wk) {
      const oa = off[N]!;
      const ob = off[M]!;
      wk.gemmABt(a.m, a.m, b.m, oa.W, zOff, t1Off, 0, 0); // W_N Z
      wk.gemmABt(a.m, b.m, b.m, t1Off, ob.W, t2Off, 1, 1); // (W_N Z W_M†)ᵀ
      wk.cmulInPlace(a.m * b.m, t2Off, gOff.get(key)!); // ∘ Γᵀ
      wk.gemmABt(a.m, a.m, b.m, oa.V, t2Off, zOff, 0, 0); // V_N (…)
      wk.gemmABt(a.m, b.m, b.m, zOff, ob.V, t1Off, 1, 0); // (…) V_M†
    } else {
      gemmABt(a.m, a.m, b.m, a.W, Z, T1, false, false); // W_N Z
      gemmABt(a.m, b.m, b.m, T1, b.W, T2, true, true); // (W_N Z W_M†)ᵀ
      const G = kernels.get(key)!; // Γᵀ
      for (let i = 0; i < 2 * a.m * b.m; i += 2) {
        const yr = T2[i]!, yi = T2[i + 1]!, gr = G[i]!, gi = G[i + 1]!;
        T2[i] = yr * gr - yi * gi;
        T2[i + 1] = yr * gi + yi * gr;
      }
      gemmABt(a.m, a.m, b.m, a.V, T2, Z, false, false); // V_N (…)
      gemmABt(a.m, b.m, b.m, Z, b.V, T1, true, false); // (…) V_M†
    }
    // write X[N, M] and its mirror; a diagonal block (N = M) is Hermitian: its lower triangle is
    // written with its mirror, so every iterate stays exactly Hermitian
    for (let k = 0; k < a.m; k++) {
      const lEnd = N === M ? k + 1 : b.m;
      for (let l = 0; l < lEnd; l++) {
        const zr = T1[2 * (k * b.m + l)]!;
        const zi = N === M && l === k ? 0 : T1[2 * (k * b.m + l) + 1]!;
        const o = 2 * (rows[k]! * n + cols[l]!);
        const t = 2 * (cols[l]! * n + rows[k]!);
        X[o] = zr;
        X[o + 1] = zi;
        X[t] = zr;
        X[t + 1] = -zi;
      }
    }
  };

  /** X = 𝓜₀⁻¹ Y: drive-free Liouvillian with the (vacuum, vacuum) equation replaced by the trace. */
  const precondition = (Y: Float64Array, X: Float64Array): void => {
    live();
    X.fill(0);
    for (let q = 0; q <= top; q++) {
      for (let M = top - q; M >= 0; M--) {
        const N = M + q;
        if (N === 0) continue;
        const a = sys[N]!;
        const b = sys[M]!;
        const rows = idx[N]!;
        const cols = idx[M]!;
        // Z = Y[N, M]
        for (let k = 0; k < a.m; k++) {
          for (let l = 0; l < b.m; l++) {
            const o = 2 * (rows[k]! * n + cols[l]!);
            Z[2 * (l * a.m + k)] = Y[o]!;
            Z[2 * (l * a.m + k) + 1] = Y[o + 1]!;
          }
        }
        // Z -= J(X)[N, M] from the block (N+d, M+d) each lowering jump comes from, already solved
        for (const { op, rate } of decayS) {
          const d = JUMP_STEP[op.kind];
          if (d <= 0 || N + d > top) continue;
          const fromN = idx[N + d]!;
          const fromM = idx[M + d]!;
          for (const s of fromN) {
            const ts = op.target[s]!;
            if (ts < 0) continue;
            const fs = rate * op.amp[s]!;
            const zr = loc[ts]!;
            for (const t of fromM) {
              const tt = op.target[t]!;
              if (tt < 0) continue;
              const f = fs * op.amp[t]!;
              const xo = 2 * (s * n + t);
              const zo = 2 * (loc[tt]! * a.m + zr);
              Z[zo] = Z[zo]! - f * X[xo]!;
              Z[zo + 1] = Z[zo + 1]! - f * X[xo + 1]!;
            }
          }
        }
        blockSolve(N, M, X);
      }
    }
    // the trace equation fixes the vacuum population
    let rest = 0;
    for (let s = 0; s < n; s++) if (s !== vac) rest += tw[s]! * X[2 * (s * n + s)]!;
    X[2 * (vac * n + vac)] = (Y[2 * (vac * n + vac)]! - rest) / tw[vac]!;
    X[2 * (vac * n + vac) + 1] = 0;
  };

  /** Gather X[rows of N][cols of M] into a local block, transposed (c_M × c_N). */
  const gather = (X: Float64Array, N: number, M: number, out: Float64Array): Float64Array => {
    const rows = idx[N]!;
    const cols = idx[M]!;
    const mc = cols.length;
    const mr = rows.length;
    for (let k = 0; k < mr; k++) {
      const ro = rows[k]! * n;
      for (let l = 0; l < mc; l++) {
        const o = 2 * (ro + cols[l]!);
        out[2 * (l * mr + k)] = X[o]!;
        out[2 * (l * mr + k) + 1] = X[o + 1]!;
      }
    }
    return out;
  };

  /**
   * X ≈ 𝓜⁻¹ Y by forward substitution over S = N + M: keeps H₀, the decay and the drive's raising
   * part (large after grading), drops the jumps and the drive's lowering part (small, ∝ ε² and Ωε),
   * and takes the vacuum population from the trace row alone.
   */
  const preconditionForward = (Y: Float64Array, X: Float64Array): void => {
    live();
    if (forwardKernel && Y.buffer === Z.buffer && X.buffer === Z.buffer) {
      forwardKernel(Y, X);
      return;
    }
    X.fill(0);
    X[2 * (vac * n + vac)] = Y[2 * (vac * n + vac)]! / tw[vac]!;
    for (let S = 1; S <= 2 * top; S++) {
      for (let N = Math.min(top, S); 2 * N >= S; N--) {
        const M = S - N;
        const a = sys[N]!;
        const b = sys[M]!;
        gather(Y, N, M, Z);
        // Z += i (H_up X)[N, M] − i (X H_up†)[N, M], reading X[N−1, M] and X[N, M−1] (already solved)
        const cols = idx[M]!;
        const rows = idx[N]!;
        for (let e = upStart[N]!; e < upStart[N + 1]!; e++) {
          const zr = 2 * loc[upT[e]!]!;
          const xs = 2 * upS[e]! * n;
          const hr = upRe[e]!, hi = upIm[e]!;
          for (let l = 0; l < b.m; l++) {
            const xo = xs + 2 * cols[l]!;
            const xr = X[xo]!, xi = X[xo + 1]!;
            const zo = zr + 2 * l * a.m;
            // i·h·x
            Z[zo] = Z[zo]! - (hr * xi + hi * xr);
            Z[zo + 1] = Z[zo + 1]! + (hr * xr - hi * xi);
          }
        }
        if (M >= 1) {
          for (let e = upStart[M]!; e < upStart[M + 1]!; e++) {
            const zc = 2 * loc[upT[e]!]! * a.m;
            const sc = 2 * upS[e]!;
            const hr = upRe[e]!, hi = -upIm[e]!; // conj(h)
            for (let k = 0; k < a.m; k++) {
              const xo = 2 * rows[k]! * n + sc;
              const xr = X[xo]!, xi = X[xo + 1]!;
              const zo = zc + 2 * k;
              // −i·x·conj(h)
              Z[zo] = Z[zo]! + (xr * hi + xi * hr);
              Z[zo + 1] = Z[zo + 1]! - (xr * hr - xi * hi);
            }
          }
        }
        blockSolve(N, M, X);
      }
    }
  };
  const liouvillian = wasmL
    ? (x: Float64Array, out: Float64Array, wantScale = false): number => {
        live();
        return wasmL(x, out, wantScale);
      }
    : undefined;
  const vectors = wk && withKrylov ? wasmVectorOps(wk, alloc, live) : undefined;
  return { vac, setupMs, apply: sweep === 'forward' ? preconditionForward : precondition, ...(liouvillian ? { liouvillian } : {}), ...(vectors ? { vectors } : {}) };
}
