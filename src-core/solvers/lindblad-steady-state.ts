/**
 * Exact steady state of a Lindblad master equation with bosonic decay,
 *   dρ/dt = 𝓛ρ = −i[H, ρ] + Σ_m κ_m (a_m ρ a_m† − ½{a_m†a_m, ρ}),
 * by the generalised-Lyapunov ("Sylvester preconditioner") method: split 𝓛 = S + J with
 * S(ρ) = −i(H_eff ρ − ρ H_eff†), H_eff = H − (i/2)Σκ_m a_m†a_m, and J(ρ) = Σ κ_m a_m ρ a_m†.
 * H_eff = V diag(λ) V⁻¹ once per point makes S⁻¹ two congruences and a Hadamard product:
 *   S⁻¹(Y) = V [(V⁻¹ Y V⁻†) ∘ Γ] V†,  Γ_kl = i / (λ_k − conj λ_l).
 * GMRES then solves S⁻¹𝓛(ρ) = 0 with tr ρ = 1 (rank-one deflation), on the space of Hermitian
 * matrices. The preconditioned operator uses the true 𝓛, so the answer is exact up to rounding;
 * convergence is checked on the physical residual max|𝓛ρ| relative to the largest term of 𝓛ρ.
 *
 * Faster first attempt ("manifold-gmres"): without the drive, 𝓛 conserves the total excitation
 * on each side of ρ and its jumps only lower it, so 𝓛₀ (drive-free) is block-triangular over
 * manifold pairs (N, N′) and is inverted by back-substitution with one small Sylvester solve per
 * block, each from the eigendecomposition of one manifold's H_eff block. With the (0,0) equation
 * replaced by the trace condition, 𝓛₀ becomes an excellent preconditioner at weak and moderate
 * drive, at a fraction of the dense method's cost. When it does not converge, the dense
 * Sylvester method runs instead; both solve the same exact equations.
 * (../shared/guide/numerics.md §1; Breiten & Ringh, BIT 59:823, 2019.)
 */
import { ComputationError } from '../errors.js';
import { eig, eigWorkspace } from '../linalg/eig.js';
import { congruence, mirrorLower } from '../linalg/gemm.js';
import { gmres, gmresWorkspace, type GmresWorkspace } from '../linalg/gmres.js';
import { hermitianEigenvalues } from '../linalg/hermitian-eigenvalues.js';
import { luFactor, luInverse } from '../linalg/lu.js';
import { gemmABt } from '../linalg/small-gemm.js';
import type { FockBasis, LoweringOp } from '../quantum/fock.js';
import { toDense, type SparseMatrix } from '../quantum/operators.js';

export interface OpenSystem {
  basis: FockBasis;
  H: SparseMatrix;
  /** Collapse operators √rate · a_m. */
  decay: { op: LoweringOp; rate: number }[];
  /**
   * Optional diagonal scaling g_s > 0 (e.g. ε^{n_s} for total excitation n_s at weak drive). The
   * solver works with ρ̃ = G⁻¹ρG⁻¹, whose elements are all of similar size, so that rounding
   * errors stay relative even for populations 1e-12 below the vacuum's (needed for g3).
   */
  grading?: Float64Array;
}

type Decay = OpenSystem['decay'];

export interface SteadyStateOptions {
  /** Required max|𝓛ρ| relative to the largest term of 𝓛ρ. */
  tolerance?: number;
  /**
   * Residual the iteration aims for while it still improves (default 1e-12): below `tolerance`,
   * so that tiny populations (g3) are resolved. A solve used only to check convergence of
   * another may aim at `tolerance` itself.
   */
  target?: number;
  maxIterations?: number;
  restart?: number;
  /** Skip the O(n³) positivity check (minEigenvalue is then NaN). */
  skipPositivity?: boolean;
  /**
   * An initial guess for ρ in this basis (n×n interleaved), e.g. the steady state at the next
   * smaller truncation embedded in this one: the iteration then starts close to the answer.
   */
  initial?: Float64Array;
  /** auto: manifold sweeps first, dense Sylvester if they do not converge; or force one method. */
  method?: 'auto' | 'manifold' | 'sylvester';
  /**
   * Eigensystems of the drive-free manifold blocks kept from an earlier solve (e.g. the other
   * driving direction of the same system). A block is reused only when its matrix is bit-for-bit
   * the same as the one cached, so the result never depends on what was solved before.
   */
  blockCache?: ManifoldBlockCache;
}

/** See SteadyStateOptions.blockCache. */
export class ManifoldBlockCache {
  /** Per manifold N: the block matrix and its eigensystem. */
  readonly blocks = new Map<number, { B: Float64Array; es: { lambda: Float64Array; V: Float64Array; W: Float64Array } }>();
  /** Blocks reused so far. */
  hits = 0;
  /** Sylvester kernels between two blocks' spectra, valid while both spectra are the cached ones. */
  readonly kernels = new Map<string, { a: Float64Array; b: Float64Array; G: Float64Array }>();
}

export interface SteadyStateDiagnostics {
  /**
   * manifold-gmres: GMRES preconditioned by the drive-free Liouvillian, solved manifold by manifold
   * (cheap, fast at weak and moderate drive); sylvester-gmres: preconditioned by the full
   * H_eff Sylvester operator (robust at strong drive; the fallback).
   */
  method: 'manifold-gmres' | 'sylvester-gmres';
  dim: number;
  /** max|𝓛ρ| / max(|Hρ|, |½{Σκa†a, ρ}|, |J(ρ)|). */
  residual: number;
  /** max|𝓛ρ| itself. */
  residualAbs: number;
  /** tr ρ − 1 after normalisation. */
  traceError: number;
  /** max|ρ − ρ†| / max|ρ|. */
  hermiticityError: number;
  /** Smallest eigenvalue of ρ (≥ −1e-12 for a valid density matrix). */
  minEigenvalue: number;
  iterations: number;
  /** Time to diagonalise H_eff and invert V. */
  setupMs: number;
  timeMs: number;
}

export interface SteadyState {
  rho: Float64Array;
  diagnostics: SteadyStateDiagnostics;
}

/** Bytes the solver needs for a basis of dimension n (dense n×n complex work arrays and the Krylov basis). */
export function steadyStateMemoryBytes(n: number, restart = 30): number {
  return (restart + 12) * 16 * n * n;
}

/**
 * Scratch vectors and Krylov workspaces reused between solves of the same small size (a map solves
 * thousands of steady states of a few sizes; fresh buffers each time cost ~10% in allocation and
 * garbage collection). Only sizes up to SCRATCH_MAX_LEN are kept, and only the last few sizes, so
 * a worker never holds large buffers after a large solve. Contents are never carried over.
 */
const SCRATCH_MAX_LEN = 2 * 150 * 150;
const scratchBySize = new Map<number, { vectors: Float64Array[]; ws: GmresWorkspace }>();

function scratch(len: number, restart: number): { vec: (i: number) => Float64Array; ws: GmresWorkspace } {
  if (len > SCRATCH_MAX_LEN) {
    const vectors: Float64Array[] = [];
    return { vec: (i) => (vectors[i] ??= new Float64Array(len)), ws: gmresWorkspace(len, restart) };
  }
  let entry = scratchBySize.get(len);
  if (!entry || entry.ws.restart < restart) {
    entry = { vectors: entry?.vectors ?? [], ws: gmresWorkspace(len, restart) };
    scratchBySize.delete(len);
    scratchBySize.set(len, entry);
    if (scratchBySize.size > 4) scratchBySize.delete(scratchBySize.keys().next().value!);
  }
  const { vectors } = entry;
  return { vec: (i) => (vectors[i] ??= new Float64Array(len)), ws: entry.ws };
}

/** What both methods share: the graded operators and the trace weights. */
interface Prepared {
  n: number;
  Hs: SparseMatrix;
  decayS: Decay;
  D: Float64Array;
  /** Physical trace weights g_s². */
  tw: Float64Array;
  /** Total excitation of each state. */
  level: Int32Array;
  /** A new copy of the graded initial guess ρ̃0 = G⁻¹ρ0G⁻¹, if one was given. */
  initial?: () => Float64Array;
  blockCache?: ManifoldBlockCache;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Solve for the steady state. Throws ComputationError on non-convergence, ParameterError when it is not unique. */
export function steadyState(sys: OpenSystem, opts: SteadyStateOptions = {}): SteadyState {
  const t0 = performance.now();
  const tol = opts.tolerance ?? 1e-10;
  const target = Math.min(tol, opts.target ?? 1e-12);
  const n = sys.basis.dim;
  const nn = 2 * n * n;
  const { occ, modes } = sys.basis;
  const g = sys.grading ?? new Float64Array(n).fill(1);
  const level = new Int32Array(n);
  for (let s = 0; s < n; s++) for (let m = 0; m < modes; m++) level[s] = level[s]! + occ[s * modes + m]!;

  // the graded problem: H̃ = G⁻¹HG, ã = G⁻¹aG (same form as the original, H̃ no longer Hermitian)
  const prep: Prepared = {
    n,
    Hs: gradeSparse(sys.H, g),
    decayS: sys.decay.map(({ op, rate }) => ({
      rate,
      op: { ...op, amp: op.amp.map((a, s) => (op.target[s]! >= 0 ? (a * g[s]!) / g[op.target[s]!]! : 0)) },
    })),
    D: new Float64Array(n),
    tw: g.map((x) => x * x),
    level,
    ...(opts.blockCache ? { blockCache: opts.blockCache } : {}),
  };
  // D_s = Σ κ_m n_m(s): the diagonal of Σ κ_m a_m†a_m (unchanged by the grading)
  for (const { op, rate } of sys.decay) for (let s = 0; s < n; s++) prep.D[s] = prep.D[s]! + rate * occ[s * modes + op.mode]!;
  if (opts.initial) {
    const init = opts.initial;
    if (init.length !== nn) throw new Error(`initial guess has ${init.length} values, the basis needs ${nn}`);
    // a fresh graded copy for each method tried (each iterates on its own copy in place)
    prep.initial = (): Float64Array => {
      const x = new Float64Array(nn);
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const o = 2 * (r * n + c);
          const f = 1 / (g[r]! * g[c]!);
          x[o] = init[o]! * f;
          x[o + 1] = init[o + 1]! * f;
        }
      }
      return x;
    };
  }

  const maxIt = opts.maxIterations ?? 300;
  const want = opts.method ?? 'auto';
  let solved: Solved | undefined;
  if (want !== 'sylvester') {
    solved = manifoldSolve(prep, tol, Math.min(maxIt, 60), opts.restart ?? 40, 'forward', target);
    if (!solved) solved = manifoldSolve(prep, tol, Math.min(maxIt, 80), opts.restart ?? 40, 'backward', target);
  }
  if (!solved && want === 'manifold') throw new ComputationError(`the manifold method did not converge in ${maxIt} iterations`);
  if (!solved) solved = sylvesterSolve(prep, tol, maxIt, opts.restart ?? 30, target);
  const { rho, iterations, setupMs, method } = solved;

  // back to ρ = Gρ̃G, normalised; the reported residual is the physical one, of the original 𝓛
  const tr = weightedTrace(n, prep.tw, rho);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const f = (g[r]! * g[c]!) / tr;
      const o = 2 * (r * n + c);
      rho[o] = rho[o]! * f;
      rho[o + 1] = rho[o + 1]! * f;
    }
  }
  const sc = scratch(nn, 1);
  const Lbuf = sc.vec(0);
  const big = lindbladian(n, sys.H, prep.D, sys.decay, rho, Lbuf, sc.vec(1));
  let residualAbs = 0;
  for (let i = 0; i < nn; i += 2) residualAbs = Math.max(residualAbs, Math.abs(Lbuf[i]!) + Math.abs(Lbuf[i + 1]!));
  const residual = big > 0 ? residualAbs / big : residualAbs;
  if (!(residual <= tol) || !(solved.residual <= tol)) {
    throw new ComputationError(
      `the steady state did not converge: residual ${Math.max(residual, solved.residual).toExponential(2)} > ${tol} after ${iterations} GMRES iterations`,
    );
  }
  let trace = 0;
  let maxAbs = 0;
  let herm = 0;
  for (let r = 0; r < n; r++) {
    trace += rho[2 * (r * n + r)]!;
    for (let c = 0; c <= r; c++) {
      const o = 2 * (r * n + c);
      const t = 2 * (c * n + r);
      maxAbs = Math.max(maxAbs, Math.hypot(rho[o]!, rho[o + 1]!));
      herm = Math.max(herm, Math.hypot(rho[o]! - rho[t]!, rho[o + 1]! + rho[t + 1]!));
      // measured above, then removed: ρ ← (ρ + ρ†)/2
      const re = 0.5 * (rho[o]! + rho[t]!);
      const im = 0.5 * (rho[o + 1]! - rho[t + 1]!);
      rho[o] = re;
      rho[o + 1] = im;
      rho[t] = re;
      rho[t + 1] = -im;
    }
  }
  const minEigenvalue = opts.skipPositivity ? NaN : hermitianEigenvalues(n, rho.slice(), new Float64Array(n))[0]!;
  return {
    rho,
    diagnostics: {
      method,
      dim: n,
      residual,
      residualAbs,
      traceError: trace - 1,
      hermiticityError: maxAbs > 0 ? herm / maxAbs : 0,
      minEigenvalue,
      iterations,
      setupMs,
      timeMs: performance.now() - t0,
    },
  };
}

interface Solved {
  /** Graded, unnormalised ρ̃. */
  rho: Float64Array;
  iterations: number;
  /** Relative residual of the graded problem. */
  residual: number;
  setupMs: number;
  method: SteadyStateDiagnostics['method'];
}

function weightedTrace(n: number, tw: Float64Array, x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += tw[i]! * x[2 * (i * n + i)]!;
  return s;
}

function relResidual(p: Prepared, x: Float64Array, Lbuf: Float64Array, HR: Float64Array): number {
  const big = lindbladian(p.n, p.Hs, p.D, p.decayS, x, Lbuf, HR);
  let m = 0;
  for (let i = 0; i < Lbuf.length; i += 2) m = Math.max(m, Math.abs(Lbuf[i]!) + Math.abs(Lbuf[i + 1]!));
  return big > 0 ? m / big : m;
}

/**
 * GMRES to a tightening algebraic tolerance. `tol` is the acceptance bar, but the solve goes on
 * towards rounding level while it still improves: g3 at weak drive rests on populations ~1e-10 of
 * the vacuum's.
 */
function iterate(
  p: Prepared,
  apply: (v: Float64Array, out: Float64Array) => void,
  b: Float64Array,
  x: Float64Array,
  tol: number,
  maxIt: number,
  restart: number,
  TARGET: number,
): { iterations: number; residual: number } {
  const sc = scratch(x.length, restart);
  const Lbuf = sc.vec(0);
  const HR = sc.vec(1);
  let iterations = 0;
  let gtol = 1e-12;
  const ws = sc.ws;
  // the initial guess (vacuum) is never the answer of a driven system: iterate at least once
  let last = Infinity;
  while (last > TARGET && iterations < maxIt && gtol >= 1e-18) {
    const before = last;
    const res = gmres(apply, b, x, { restart, maxIterations: maxIt - iterations, tol: gtol }, ws);
    iterations += res.iterations;
    last = relResidual(p, x, Lbuf, HR);
    gtol /= 100;
    // stagnation at rounding level: stop once the bar is met
    if (last <= tol && last > 0.5 * before) break;
  }
  return { iterations, residual: last };
}

/**
 * Check that every eigenvalue decays (Im λ < 0) by more than rounding next to the largest
 * frequency |λ|; otherwise the steady state is not unique, or not resolvable in double precision.
 * The solver does not know which model parameter is at fault: the model checks its own
 * (a lossless, uncoupled mode; a parameter outside its documented range) before solving.
 */
function assertDecaying(lambda: Float64Array, count: number, skipFirst: boolean): void {
  let scale = 1;
  for (let k = 0; k < count; k++) scale = Math.max(scale, Math.hypot(lambda[2 * k]!, lambda[2 * k + 1]!));
  for (let k = skipFirst ? 1 : 0; k < count; k++) {
    const rate = -lambda[2 * k + 1]!;
    if (!(rate > 1e-12 * scale)) {
      throw new ComputationError(
        rate > 0
          ? `the slowest decay rate of H_eff (${rate.toExponential(2)}) is below 1e-12 of its largest frequency (${scale.toExponential(2)}): double precision cannot resolve the steady state; bring the rates and frequencies closer to each other`
          : 'some states never decay (a mode without loss and without a path to a lossy mode), so the steady state is not unique',
      );
    }
  }
}

/** Eigendecomposition V, V⁻¹, λ of a dense complex matrix (overwritten). */
function eigenSystem(m: number, a: Float64Array): { lambda: Float64Array; V: Float64Array; W: Float64Array } {
  const lambda = new Float64Array(2 * m);
  const V = new Float64Array(2 * m * m);
  eig(m, a, lambda, V, eigWorkspace(m));
  const lu = V.slice();
  const piv = new Int32Array(m);
  if (luFactor(m, lu, piv) >= 0) throw new ComputationError('the eigenvectors of H_eff are linearly dependent (defective H_eff)');
  return { lambda, V, W: luInverse(m, lu, piv, new Float64Array(2 * m * m)) };
}

/** Γ_kl = i / (λ_k − conj μ_l): the Sylvester kernel between two spectra (m_k × m_l, or its transpose). */
function sylvesterKernel(lk: Float64Array, mk: number, ll: Float64Array, ml: number, transposed: boolean): Float64Array {
  const G = new Float64Array(2 * mk * ml);
  for (let k = 0; k < mk; k++) {
    for (let l = 0; l < ml; l++) {
      const dr = lk[2 * k]! - ll[2 * l]!;
      const di = lk[2 * k + 1]! + ll[2 * l + 1]!;
      const den = dr * dr + di * di;
      const o = transposed ? 2 * (l * mk + k) : 2 * (k * ml + l);
      G[o] = di / den;
      G[o + 1] = dr / den;
    }
  }
  return G;
}

/** The manifold-by-manifold method (see the file header). Returns undefined when it does not converge. */
function manifoldSolve(p: Prepared, tol: number, maxIt: number, restart: number, sweep: 'forward' | 'backward', target: number): Solved | undefined {
  const t0 = performance.now();
  const { n, Hs, D, decayS, tw, level } = p;
  const nn = 2 * n * n;
  let top = 0;
  for (let s = 0; s < n; s++) top = Math.max(top, level[s]!);
  const idx: Int32Array[] = [];
  const loc = new Int32Array(n);
  {
    const lists: number[][] = Array.from({ length: top + 1 }, () => []);
    for (let s = 0; s < n; s++) {
      loc[s] = lists[level[s]!]!.length;
      lists[level[s]!]!.push(s);
    }
    for (const l of lists) idx.push(Int32Array.from(l));
  }
  if (idx[0]!.length !== 1) return undefined;
  const vac = idx[0]![0]!;
  // per-manifold H̃_eff blocks (the drive-free, number-conserving part) and their eigensystems
  const sys = idx.map((states, N) => {
    const m = states.length;
    const B = new Float64Array(2 * m * m);
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
    return { m, ...es };
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
  const Z = new Float64Array(2 * maxM * maxM);
  const T1 = new Float64Array(2 * maxM * maxM);
  const T2 = new Float64Array(2 * maxM * maxM);
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
    gemmABt(a.m, a.m, b.m, a.W, Z, T1, false, false); // W_N Z
    gemmABt(a.m, b.m, b.m, T1, b.W, T2, true, true); // (W_N Z W_M†)ᵀ
    const G = kernels.get(N * (top + 1) + M)!; // Γᵀ
    for (let i = 0; i < 2 * a.m * b.m; i += 2) {
      const yr = T2[i]!, yi = T2[i + 1]!, gr = G[i]!, gi = G[i + 1]!;
      T2[i] = yr * gr - yi * gi;
      T2[i + 1] = yr * gi + yi * gr;
    }
    gemmABt(a.m, a.m, b.m, a.V, T2, Z, false, false); // V_N (…)
    gemmABt(a.m, b.m, b.m, Z, b.V, T1, true, false); // (…) V_M†
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
        // Z -= J(X)[N, M] from the block (N+1, M+1), already solved
        if (N + 1 <= top && M + 1 <= top) {
          const fromN = idx[N + 1]!;
          const fromM = idx[M + 1]!;
          for (const { op, rate } of decayS) {
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

  const sc = scratch(nn, restart);
  const Lbuf = sc.vec(2);
  const HR = sc.vec(3);
  /** 𝓜(ρ̃): the graded Liouvillian with the (vacuum, vacuum) equation replaced by the trace. */
  const constrained = (x: Float64Array, out: Float64Array): void => {
    lindbladian(n, Hs, D, decayS, x, out, HR, false);
    out[2 * (vac * n + vac)] = weightedTrace(n, tw, x);
    out[2 * (vac * n + vac) + 1] = 0;
  };
  const pre = sweep === 'forward' ? preconditionForward : precondition;
  const apply = (v: Float64Array, out: Float64Array): void => {
    constrained(v, Lbuf);
    pre(Lbuf, out);
  };
  const e = sc.vec(4).fill(0);
  e[2 * (vac * n + vac)] = 1;
  const b = sc.vec(5);
  pre(e, b);
  const rho = p.initial ? p.initial() : b.slice();
  const r = iterate(p, apply, b, rho, tol, maxIt, restart, target);
  if (!(r.residual <= tol)) return undefined;
  return { rho, iterations: r.iterations, residual: r.residual, setupMs, method: 'manifold-gmres' };
}

/** The dense method: S̃⁻¹ from one eigendecomposition of the whole H̃_eff. */
function sylvesterSolve(p: Prepared, tol: number, maxIt: number, restart: number, target: number): Solved {
  const t0 = performance.now();
  const { n, Hs, D, decayS, tw } = p;
  const nn = 2 * n * n;
  const heff = toDense(Hs, new Float64Array(nn));
  for (let s = 0; s < n; s++) heff[2 * (s * n + s) + 1] = heff[2 * (s * n + s) + 1]! - D[s]! / 2;
  const { lambda, V, W: Vinv } = eigenSystem(n, heff);
  assertDecaying(lambda, n, false);
  const Gam = sylvesterKernel(lambda, n, lambda, n, false);
  const setupMs = performance.now() - t0;

  const tmp = new Float64Array(nn);
  const tmp2 = new Float64Array(nn);
  const Lbuf = new Float64Array(nn);
  const HR = new Float64Array(nn);
  /** out = S̃⁻¹(Y) for Hermitian Y. */
  const sInv = (y: Float64Array, out: Float64Array): void => {
    congruence(n, Vinv, y, tmp2, tmp);
    for (let i = 0; i < nn; i += 2) {
      const yr = tmp2[i]!, yi = tmp2[i + 1]!, gr = Gam[i]!, gi = Gam[i + 1]!;
      tmp2[i] = yr * gr - yi * gi;
      tmp2[i + 1] = yr * gi + yi * gr;
    }
    congruence(n, V, tmp2, out, tmp);
  };
  // Rank-one deflation: A(ρ̃) = S̃⁻¹𝓛̃(ρ̃) + u·t(ρ̃) with t the physical trace; solve A ρ̃ = u.
  // A is non-singular when t(S̃(u)) = −tr(D G u G) ≠ 0, so u must weigh decaying states:
  // u = I/n (not the vacuum, which does not decay).
  const u = new Float64Array(nn);
  for (let i = 0; i < n; i++) u[2 * (i * n + i)] = 1 / n;
  const apply = (x: Float64Array, out: Float64Array): void => {
    lindbladian(n, Hs, D, decayS, x, Lbuf, HR, false);
    sInv(Lbuf, out);
    const t = weightedTrace(n, tw, x) / n;
    for (let i = 0; i < n; i++) out[2 * (i * n + i)] = out[2 * (i * n + i)]! + t;
  };
  // initial guess: the vacuum (the steady state at weak drive is close to it)
  const rho = p.initial ? p.initial() : new Float64Array(nn);
  if (!p.initial) rho[0] = 1 / tw[0]!;
  const r = iterate(p, apply, u, rho, tol, maxIt, restart, target);
  return { rho, iterations: r.iterations, residual: r.residual, setupMs, method: 'sylvester-gmres' };
}

/** H̃[t][s] = H[t][s]·g_s/g_t. */
function gradeSparse(H: SparseMatrix, g: Float64Array): SparseMatrix {
  const re = H.re.slice();
  const im = H.im.slice();
  for (let r = 0; r < H.n; r++) {
    for (let p = H.rowPtr[r]!; p < H.rowPtr[r + 1]!; p++) {
      const f = g[H.col[p]!]! / g[r]!;
      re[p] = re[p]! * f;
      im[p] = im[p]! * f;
    }
  }
  return { ...H, re, im };
}

/** A collapse operator as compact lists over the states it does not annihilate: source, target, √rate·amplitude. */
interface CompactJump {
  src: Int32Array;
  tgt: Int32Array;
  amp: Float64Array;
}

const compactCache = new WeakMap<LoweringOp, Map<number, CompactJump>>();

function compactJump(op: LoweringOp, rate: number): CompactJump {
  let byRate = compactCache.get(op);
  if (!byRate) compactCache.set(op, (byRate = new Map()));
  let c = byRate.get(rate);
  if (!c) {
    const src: number[] = [];
    const tgt: number[] = [];
    const amp: number[] = [];
    for (let s = 0; s < op.target.length; s++) {
      if (op.target[s]! < 0) continue;
      src.push(s);
      tgt.push(op.target[s]!);
      amp.push(Math.sqrt(rate) * op.amp[s]!);
    }
    c = { src: Int32Array.from(src), tgt: Int32Array.from(tgt), amp: Float64Array.from(amp) };
    byRate.set(rate, c);
  }
  return c;
}

/**
 * HR = H·ρ (sparse H, dense ρ), two nonzeros of a row at a time: each pass over the output row
 * then reads and writes it once for two products (the loop is bound by memory traffic).
 */
function sparseTimesDense(n: number, H: SparseMatrix, rho: Float64Array, HR: Float64Array): void {
  const { rowPtr, col, re, im } = H;
  const n2 = 2 * n;
  for (let r = 0; r < n; r++) {
    const ro = r * n2;
    let p = rowPtr[r]!;
    const pe = rowPtr[r + 1]!;
    HR.fill(0, ro, ro + n2);
    for (; p + 1 < pe; p += 2) {
      const h0r = re[p]!, h0i = im[p]!, c0 = col[p]! * n2;
      const h1r = re[p + 1]!, h1i = im[p + 1]!, c1 = col[p + 1]! * n2;
      for (let j = 0; j < n2; j += 2) {
        const x0r = rho[c0 + j]!, x0i = rho[c0 + j + 1]!, x1r = rho[c1 + j]!, x1i = rho[c1 + j + 1]!;
        HR[ro + j] = HR[ro + j]! + (h0r * x0r - h0i * x0i + h1r * x1r - h1i * x1i);
        HR[ro + j + 1] = HR[ro + j + 1]! + (h0r * x0i + h0i * x0r + h1r * x1i + h1i * x1r);
      }
    }
    if (p < pe) {
      const h0r = re[p]!, h0i = im[p]!, c0 = col[p]! * n2;
      for (let j = 0; j < n2; j += 2) {
        const x0r = rho[c0 + j]!, x0i = rho[c0 + j + 1]!;
        HR[ro + j] = HR[ro + j]! + (h0r * x0r - h0i * x0i);
        HR[ro + j + 1] = HR[ro + j + 1]! + (h0r * x0i + h0i * x0r);
      }
    }
  }
}

/**
 * out = 𝓛(ρ) = −i(Hρ − ρH†) − ½{D, ρ} + Σ κ a ρ a† for Hermitian ρ (ρH† = (Hρ)†; H need not be
 * Hermitian, as after grading). The result is Hermitian: its lower triangle is computed and
 * mirrored. Returns the largest term's magnitude, the scale of the relative residual (0 when
 * `wantScale` is false, as in the Krylov iteration, which does not need it).
 */
function lindbladian(
  n: number,
  H: SparseMatrix,
  D: Float64Array,
  decay: Decay,
  rho: Float64Array,
  out: Float64Array,
  HR: Float64Array,
  wantScale = true,
): number {
  sparseTimesDense(n, H, rho, HR);
  let big = 0;
  for (let r = 0; r < n; r++) {
    const dr = D[r]!;
    for (let c = 0; c <= r; c++) {
      const o = 2 * (r * n + c);
      const t = 2 * (c * n + r);
      const d = 0.5 * (dr + D[c]!);
      out[o] = HR[o + 1]! + HR[t + 1]! - d * rho[o]!;
      out[o + 1] = HR[t]! - HR[o]! - d * rho[o + 1]!;
    }
  }
  if (wantScale) {
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const o = 2 * (r * n + c);
        const d = 0.5 * (D[r]! + D[c]!);
        big = Math.max(big, Math.abs(HR[o]!) + Math.abs(HR[o + 1]!), d * (Math.abs(rho[o]!) + Math.abs(rho[o + 1]!)));
      }
    }
  }
  for (const { op, rate } of decay) {
    const { src, tgt, amp } = compactJump(op, rate);
    const m = src.length;
    for (let i = 0; i < m; i++) {
      const ti = tgt[i]!;
      const ai = amp[i]!;
      const si = 2 * src[i]! * n;
      const oi = 2 * ti * n;
      for (let j = 0; j < m; j++) {
        const tj = tgt[j]!;
        if (tj > ti) continue; // lower triangle only
        const f = ai * amp[j]!;
        const s = si + 2 * src[j]!;
        const o = oi + 2 * tj;
        out[o] = out[o]! + f * rho[s]!;
        out[o + 1] = out[o + 1]! + f * rho[s + 1]!;
        if (wantScale) big = Math.max(big, f * (Math.abs(rho[s]!) + Math.abs(rho[s + 1]!)));
      }
    }
  }
  mirrorLower(n, out);
  return big;
}
