/**
 * The graded problem both steady-state methods work on (docs/numerics.md, “Lindblad steady
 * state”): with a diagonal grading G = diag(g_s), the solver iterates on ρ̃ = G⁻¹ρG⁻¹, whose elements are all of
 * similar size at weak drive, with the operators H̃ = G⁻¹HG and ã = G⁻¹aG (same form as the
 * originals; H̃ is no longer Hermitian) and the physical trace tr ρ = Σ_s g_s² ρ̃_ss.
 */
import type { FockBasis, JumpOp } from '../../quantum/fock.js';
import { decayDiagonal, type Decay } from '../../quantum/liouvillian.js';
import type { SparseMatrix } from '../../quantum/operators.js';
import type { OpenSystem } from '../lindblad-steady-state.js';
import type { ManifoldBlockCache } from './manifold.js';

/** What both methods share: the graded operators and the trace weights. */
export interface GradedSystem {
  n: number;
  /** H̃ = G⁻¹HG. */
  Hs: SparseMatrix;
  /** The graded collapse operators √rate·C̃, C̃ = G⁻¹CG. */
  decayS: Decay[];
  /** D_s, the diagonal of Σ rate·C†C (unchanged by the grading; see decayDiagonal). */
  D: Float64Array;
  /** Physical trace weights g_s². */
  tw: Float64Array;
  /** Total excitation of each state. */
  level: Int32Array;
  /** A new copy of the graded initial guess ρ̃0 = G⁻¹ρ0G⁻¹ (written into `into` when given), if one was given. */
  initial?: (into?: Float64Array) => Float64Array;
  blockCache?: ManifoldBlockCache;
}

/** The graded form of an open system with grading g (n values), and the initial guess if given. */
export function gradeSystem(sys: OpenSystem, g: Float64Array, opts: { initial?: Float64Array; blockCache?: ManifoldBlockCache }): GradedSystem {
  const n = sys.basis.dim;
  const nn = 2 * n * n;
  const level = levelsOf(sys.basis);

  // the graded problem: H̃ = G⁻¹HG, ã = G⁻¹aG (same form as the original, H̃ no longer Hermitian)
  const prep: GradedSystem = {
    n,
    Hs: gradeSparse(sys.H, g),
    decayS: sys.decay.map(({ op, rate }) => ({ rate, op: gradedOp(op, g) })),
    D: decayDiagonal(sys.basis, sys.decay),
    tw: g.map((x) => x * x),
    level,
    ...(opts.blockCache ? { blockCache: opts.blockCache } : {}),
  };
  if (opts.initial) {
    const init = opts.initial;
    if (init.length !== nn) throw new Error(`initial guess has ${init.length} values, the basis needs ${nn}`);
    // a fresh graded copy for each method tried (each iterates on its own copy in place)
    prep.initial = (into?: Float64Array): Float64Array => {
      const x = into ?? new Float64Array(nn);
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
  return prep;
}

/** Each basis's levels (total excitation per state), built once per basis object. */
const levelCache = new WeakMap<FockBasis, Int32Array>();

function levelsOf(basis: FockBasis): Int32Array {
  let level = levelCache.get(basis);
  if (!level) {
    const { dim, occ, modes } = basis;
    level = new Int32Array(dim);
    for (let s = 0; s < dim; s++) for (let m = 0; m < modes; m++) level[s] = level[s]! + occ[s * modes + m]!;
    levelCache.set(basis, level);
  }
  return level;
}

/** Each operator's graded form for the grading it was last graded with (a sweep's points mostly share one grading). */
const gradedCache = new WeakMap<JumpOp, { g: Float64Array; op: JumpOp }>();

/** C̃ = G⁻¹CG: amp[s]·g_s/g_target(s). Reused while the operator object and the grading's values are the same (neither is ever written). */
function gradedOp(op: JumpOp, g: Float64Array): JumpOp {
  const hit = gradedCache.get(op);
  if (hit && hit.g.length === g.length && hit.g.every((x, i) => x === g[i])) return hit.op;
  const graded: JumpOp = { ...op, amp: op.amp.map((a, s) => (op.target[s]! >= 0 ? (a * g[s]!) / g[op.target[s]!]! : 0)) };
  gradedCache.set(op, { g: g.slice(), op: graded });
  return graded;
}

/** The physical trace Σ_s tw_s x_ss of a graded density matrix x (n × n interleaved). */
export function weightedTrace(n: number, tw: Float64Array, x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += tw[i]! * x[2 * (i * n + i)]!;
  return s;
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
