/**
 * Exact steady state of a Lindblad master equation with bosonic decay,
 *   dρ/dt = 𝓛ρ = −i[H, ρ] + Σ_c rate_c (C_c ρ C_c† − ½{C_c†C_c, ρ}),
 * with each C_c one mode's a (loss), a† (a thermal bath's absorption) or a² (two-photon loss),
 * solving 𝓛ρ = 0 with tr ρ = 1 by preconditioned GMRES on the space of Hermitian matrices. The
 * preconditioned operator uses the true 𝓛 (quantum/liouvillian.ts, applied matrix-free), so the
 * answer is exact up to rounding; convergence is checked on the physical residual max|𝓛ρ|
 * relative to the largest term of 𝓛ρ. This module holds the iteration and the public API; the
 * ideas live one a file:
 *
 * - quantum/liouvillian.ts: 𝓛 itself (the superoperator, and its matrix-free action);
 * - preconditioners/graded-system.ts: the diagonal grading ρ̃ = G⁻¹ρG⁻¹ both methods work on;
 * - preconditioners/manifold.ts ("manifold-gmres", tried first): the drive-free Liouvillian,
 *   block-triangular over excitation manifolds, inverted block by block; cheap, and excellent at
 *   weak and moderate drive. The (vacuum, vacuum) equation is replaced by the trace condition;
 * - preconditioners/sylvester.ts ("sylvester-gmres", the fallback): the generalised-Lyapunov
 *   operator S(ρ) = −i(H_eff ρ − ρ H_eff†) inverted from one dense eigendecomposition; robust at
 *   strong drive. The trace enters by rank-one deflation.
 *
 * Both methods solve the same exact equations (docs/numerics.md, “Lindblad steady state”;
 * Breiten & Ringh, BIT 59:823, 2019).
 */
import { ComputationError } from '../errors.js';
import { gmres, gmresWorkspace, type GmresWorkspace } from '../linalg/gmres.js';
import { hermitianEigenvalues } from '../linalg/hermitian-eigenvalues.js';
import type { FockBasis } from '../quantum/fock.js';
import { applyLiouvillian, wasmLiouvillian, wasmLiouvillianDoubles, type Decay } from '../quantum/liouvillian.js';
import { wasmKernels } from '../linalg/wasm/kernels.js';
import type { SparseMatrix } from '../quantum/operators.js';
import { gradeSystem, weightedTrace, type GradedSystem } from './preconditioners/graded-system.js';
import { ManifoldBlockCache, manifoldPreconditioner } from './preconditioners/manifold.js';
import { sylvesterPreconditioner } from './preconditioners/sylvester.js';
import { hypot } from '../linalg/hypot.js';

export { ManifoldBlockCache };

export interface OpenSystem {
  basis: FockBasis;
  H: SparseMatrix;
  /** Collapse operators √rate · C, C = a_m, a_m† or a_m². */
  decay: Decay[];
  /**
   * Optional diagonal scaling g_s > 0 (e.g. ε^{n_s} for total excitation n_s at weak drive). The
   * solver works with ρ̃ = G⁻¹ρG⁻¹, whose elements are all of similar size, so that rounding
   * errors stay relative even for populations 1e-12 below the vacuum's (needed for g3).
   */
  grading?: Float64Array;
}

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

/**
 * Solve for the steady state ρ (n × n, row-major, interleaved; Hermitian, trace 1).
 *
 * @throws ComputationError when the iteration does not converge, and when the operators do not
 *   fix a unique steady state: no collapse operator with a positive rate, a negative or
 *   non-finite rate, or states that no dissipation reaches. The solver knows operators, not model
 *   parameters: each model checks its own parameters (and names them) before solving.
 */
export function steadyState(sys: OpenSystem, opts: SteadyStateOptions = {}): SteadyState {
  const t0 = performance.now();
  const tol = opts.tolerance ?? 1e-10;
  const target = Math.min(tol, opts.target ?? 1e-12);
  const n = sys.basis.dim;
  const nn = 2 * n * n;
  sys.decay.forEach(({ op, rate }, i) => {
    if (!(Number.isFinite(rate) && rate >= 0)) {
      throw new ComputationError(`collapse operator ${i} (mode ${op.mode}) has rate ${rate}: a rate must be a finite number ≥ 0`);
    }
  });
  if (!sys.decay.some(({ rate }) => rate > 0)) {
    throw new ComputationError('no dissipation: no collapse operator has a positive rate, so the steady state is not unique');
  }
  const g = sys.grading ?? new Float64Array(n).fill(1);
  const prep = gradeSystem(sys, g, opts);

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
  // on the WebAssembly kernels where they load (bit for bit the TypeScript product), laid out anew:
  // the solve's layout is done with
  const wk = wasmKernels();
  const physical = wk?.arena.reset(wasmLiouvillianDoubles(n, sys.H, sys.decay)) ? wasmLiouvillian(wk, n, sys.H, prep.D, sys.decay) : undefined;
  const big = physical ? physical(rho, Lbuf, true) : applyLiouvillian(n, sys.H, prep.D, sys.decay, rho, Lbuf, sc.vec(1));
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
      maxAbs = Math.max(maxAbs, hypot(rho[o]!, rho[o + 1]!));
      herm = Math.max(herm, hypot(rho[o]! - rho[t]!, rho[o + 1]! + rho[t + 1]!));
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

/** A Liouvillian that returns its scale ({@link applyLiouvillian}'s signature without the scratch). */
type ScaledLiouvillian = (x: Float64Array, out: Float64Array, wantScale?: boolean) => number;

function relResidual(p: GradedSystem, x: Float64Array, Lbuf: Float64Array, HR: Float64Array, L?: ScaledLiouvillian): number {
  const big = L ? L(x, Lbuf, true) : applyLiouvillian(p.n, p.Hs, p.D, p.decayS, x, Lbuf, HR);
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
  p: GradedSystem,
  apply: (v: Float64Array, out: Float64Array) => void,
  b: Float64Array,
  x: Float64Array,
  tol: number,
  maxIt: number,
  restart: number,
  TARGET: number,
  L?: ScaledLiouvillian,
  workspace?: GmresWorkspace,
): { iterations: number; residual: number } {
  const sc = scratch(x.length, restart);
  const Lbuf = sc.vec(0);
  const HR = sc.vec(1);
  let iterations = 0;
  let gtol = 1e-12;
  const ws = workspace ?? sc.ws;
  // the initial guess (vacuum) is never the answer of a driven system: iterate at least once
  let last = Infinity;
  while (last > TARGET && iterations < maxIt && gtol >= 1e-18) {
    const before = last;
    const res = gmres(apply, b, x, { restart, maxIterations: maxIt - iterations, tol: gtol }, ws);
    iterations += res.iterations;
    last = relResidual(p, x, Lbuf, HR, L);
    gtol /= 100;
    // stagnation at rounding level: stop once the bar is met
    if (last <= tol && last > 0.5 * before) break;
  }
  return { iterations, residual: last };
}

/** The manifold method (preconditioners/manifold.ts). Returns undefined when it does not converge. */
function manifoldSolve(p: GradedSystem, tol: number, maxIt: number, restart: number, sweep: 'forward' | 'backward', target: number): Solved | undefined {
  const { n, Hs, D, decayS, tw } = p;
  const nn = 2 * n * n;
  // room in the kernels' arena for the Krylov basis (restart + 1), GMRES's w, and b, e, ρ̃, Lbuf
  const P = manifoldPreconditioner(p, sweep, restart + 6);
  if (!P) return undefined;
  const { vac, setupMs, apply: pre } = P;
  // the WebAssembly Liouvillian where the preconditioner laid one out (bit for bit the TypeScript one)
  const L = P.liouvillian;
  // the Krylov vectors in the same arena, their operations in WebAssembly (bit for bit the same)
  const ops = P.vectors;
  const sc = scratch(nn, restart);
  const vec = ops ? (): Float64Array => ops.vector(nn) : (i: number): Float64Array => sc.vec(i);
  const Lbuf = vec(2);
  const HR = sc.vec(3);
  /** 𝓜(ρ̃): the graded Liouvillian with the (vacuum, vacuum) equation replaced by the trace. */
  const constrained = (x: Float64Array, out: Float64Array): void => {
    if (L) L(x, out);
    else applyLiouvillian(n, Hs, D, decayS, x, out, HR, false);
    out[2 * (vac * n + vac)] = weightedTrace(n, tw, x);
    out[2 * (vac * n + vac) + 1] = 0;
  };
  const apply = (v: Float64Array, out: Float64Array): void => {
    constrained(v, Lbuf);
    pre(Lbuf, out);
  };
  const e = vec(4).fill(0);
  e[2 * (vac * n + vac)] = 1;
  const b = vec(5);
  pre(e, b);
  let rho: Float64Array;
  if (ops) {
    rho = ops.vector(nn);
    if (p.initial) p.initial(rho);
    else rho.set(b);
  } else rho = p.initial ? p.initial() : b.slice();
  const r = iterate(p, apply, b, rho, tol, maxIt, restart, target, L, ops ? gmresWorkspace(nn, restart, ops) : undefined);
  if (!(r.residual <= tol)) return undefined;
  // an arena vector is valid only until the next solve lays out its own
  return { rho: ops ? rho.slice() : rho, iterations: r.iterations, residual: r.residual, setupMs, method: 'manifold-gmres' };
}

/** The dense method (preconditioners/sylvester.ts): S̃⁻¹ from one eigendecomposition of the whole H̃_eff. */
function sylvesterSolve(p: GradedSystem, tol: number, maxIt: number, restart: number, target: number): Solved {
  const { n, Hs, D, decayS, tw } = p;
  const nn = 2 * n * n;
  const { setupMs, apply: sInv } = sylvesterPreconditioner(p);
  const Lbuf = new Float64Array(nn);
  const HR = new Float64Array(nn);
  // Rank-one deflation: A(ρ̃) = S̃⁻¹𝓛̃(ρ̃) + u·t(ρ̃) with t the physical trace; solve A ρ̃ = u.
  // A is non-singular when t(S̃(u)) = −tr(D G u G) ≠ 0, so u must weigh decaying states:
  // u = I/n (not the vacuum, which does not decay).
  const u = new Float64Array(nn);
  for (let i = 0; i < n; i++) u[2 * (i * n + i)] = 1 / n;
  const apply = (x: Float64Array, out: Float64Array): void => {
    applyLiouvillian(n, Hs, D, decayS, x, Lbuf, HR, false);
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
