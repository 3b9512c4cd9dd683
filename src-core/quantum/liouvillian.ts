/**
 * The Lindblad Liouvillian 𝓛 of an open bosonic system (ħ = 1),
 *   dρ/dt = 𝓛ρ = −i[H, ρ] + Σ_c (C ρ C† − ½{C†C, ρ}),
 * in two forms:
 *
 * - {@link liouvillian}: the superoperator itself, an n² × n² sparse matrix, modelled on QuTiP's
 *   `liouvillian(H, c_ops)`. Vectorisation convention (QuTiP's): **column stacking**, vec(ρ)[i + n·j]
 *   = ρ[i][j], so that vec(AρB) = (Bᵀ ⊗ A) vec(ρ) and
 *     𝓛 = −i(I ⊗ H − Hᵀ ⊗ I) + Σ_c (C* ⊗ C − ½ I ⊗ C†C − ½ (C†C)ᵀ ⊗ I).
 *   It is meant for inspection, export and small systems (its size grows as n²); tested element by
 *   element against QuTiP 4.7 (test/fixtures/qutip/liouvillians.json).
 * - {@link applyLiouvillian}: the matrix-free action ρ ↦ 𝓛ρ on a dense density matrix for
 *   collapse operators √κ·C with C = a_m, a_m† or a_m² ({@link JumpOp}), the kernel of the steady-state solver (docs/numerics.md,
 *   “Lindblad steady state”).
 *
 * Both describe the same operator: the tests check vec(applyLiouvillian(ρ)) = liouvillian · vec(ρ).
 */
import { ParameterError } from '../errors.js';
import { mirrorLower } from '../linalg/gemm.js';
import type { WasmKernels } from '../linalg/wasm/kernels.js';
import type { FockBasis, JumpOp } from './fock.js';
import { sparseFromRows, type SparseMatrix } from './operators.js';

/**
 * The collapse operator √rate · C of one mode (rate ≥ 0), C = a (loss), a† (absorption from a
 * thermal bath) or a² (two-photon loss): see {@link JumpOp}.
 */
export interface Decay {
  op: JumpOp;
  rate: number;
}

/**
 * A collapse operator for {@link liouvillian}: √rate · C as a {@link Decay}, or any operator C
 * as a sparse matrix (used as given, like an entry of QuTiP's `c_ops`).
 */
export type CollapseOperator = Decay | SparseMatrix;

/** Position of the density-matrix element ρ[row][col] in vec(ρ) (column stacking, as QuTiP). */
export function vecIndex(n: number, row: number, col: number): number {
  return row + n * col;
}

/** √rate · C as a sparse matrix of dimension n (one nonzero per column: C|s⟩ = amp[s]·|target[s]⟩). */
export function decayMatrix(d: Decay, n: number): SparseMatrix {
  const rows: Map<number, [number, number]>[] = Array.from({ length: n }, () => new Map());
  const f = Math.sqrt(d.rate);
  for (let s = 0; s < n; s++) {
    const t = d.op.target[s]!;
    if (t >= 0) rows[t]!.set(s, [f * d.op.amp[s]!, 0]);
  }
  return sparseFromRows(n, rows);
}

/**
 * The Liouvillian superoperator of H and the collapse operators, as QuTiP's `liouvillian(H, c_ops)`:
 * an n² × n² sparse matrix in the column-stacking convention (see the file header), n = H.n.
 * Entries that cancel exactly are not stored.
 *
 * @throws ParameterError naming `cOps[i]` (dimension other than H's), `cOps[i].rate` (not a finite
 *   number ≥ 0) or `H` (a non-finite entry).
 */
export function liouvillian(H: SparseMatrix, cOps: readonly CollapseOperator[] = []): SparseMatrix {
  const n = H.n;
  if (!allFinite(H)) throw new ParameterError('H', 'has an entry that is not a finite number');
  const Cs = cOps.map((c, i): SparseMatrix => {
    if ('op' in c) {
      if (!(Number.isFinite(c.rate) && c.rate >= 0)) throw new ParameterError(`cOps[${i}].rate`, `must be a finite number ≥ 0, got ${c.rate}`);
      if (c.op.target.length !== n) throw new ParameterError(`cOps[${i}]`, `acts on dimension ${c.op.target.length}, H has dimension ${n}`);
      return decayMatrix(c, n);
    }
    if (c.n !== n) throw new ParameterError(`cOps[${i}]`, `has dimension ${c.n}, H has dimension ${n}`);
    if (!allFinite(c)) throw new ParameterError(`cOps[${i}]`, 'has an entry that is not a finite number');
    return c;
  });
  const nn = n * n;
  const rows: Map<number, [number, number]>[] = Array.from({ length: nn }, () => new Map());
  const add = (r: number, c: number, re: number, im: number): void => {
    const row = rows[r]!;
    const cur = row.get(c);
    if (cur) {
      cur[0] += re;
      cur[1] += im;
    } else row.set(c, [re, im]);
  };
  // ρ ↦ A ρ is I ⊗ A: entry (i + nj, k + nj) = A[i][k]
  const left = (A: SparseMatrix, fr: number, fi: number): void => {
    for (let i = 0; i < n; i++) {
      for (let p = A.rowPtr[i]!; p < A.rowPtr[i + 1]!; p++) {
        const k = A.col[p]!;
        const re = fr * A.re[p]! - fi * A.im[p]!;
        const im = fr * A.im[p]! + fi * A.re[p]!;
        for (let j = 0; j < n; j++) add(i + n * j, k + n * j, re, im);
      }
    }
  };
  // ρ ↦ ρ A is Aᵀ ⊗ I: entry (i + nj, i + nl) = A[l][j]
  const right = (A: SparseMatrix, fr: number, fi: number): void => {
    for (let l = 0; l < n; l++) {
      for (let p = A.rowPtr[l]!; p < A.rowPtr[l + 1]!; p++) {
        const j = A.col[p]!;
        const re = fr * A.re[p]! - fi * A.im[p]!;
        const im = fr * A.im[p]! + fi * A.re[p]!;
        for (let i = 0; i < n; i++) add(i + n * j, i + n * l, re, im);
      }
    }
  };
  // −i[H, ρ] = −i Hρ + i ρH
  left(H, 0, -1);
  right(H, 0, 1);
  for (const C of Cs) {
    // C ρ C† is C* ⊗ C: entry (i + nj, k + nl) = C[i][k] · conj(C[j][l])
    for (let i = 0; i < n; i++) {
      for (let p = C.rowPtr[i]!; p < C.rowPtr[i + 1]!; p++) {
        const k = C.col[p]!;
        const ar = C.re[p]!, ai = C.im[p]!;
        for (let j = 0; j < n; j++) {
          for (let q = C.rowPtr[j]!; q < C.rowPtr[j + 1]!; q++) {
            const l = C.col[q]!;
            const br = C.re[q]!, bi = -C.im[q]!;
            add(i + n * j, k + n * l, ar * br - ai * bi, ar * bi + ai * br);
          }
        }
      }
    }
    const CdC = adjointTimes(C);
    left(CdC, -0.5, 0);
    right(CdC, -0.5, 0);
  }
  for (const row of rows) for (const [c, v] of row) if (v[0] === 0 && v[1] === 0) row.delete(c);
  return sparseFromRows(nn, rows);
}

/** C†C for a sparse C: (C†C)[k][l] = Σ_i conj(C[i][k]) C[i][l]. */
function adjointTimes(C: SparseMatrix): SparseMatrix {
  const rows: Map<number, [number, number]>[] = Array.from({ length: C.n }, () => new Map());
  for (let i = 0; i < C.n; i++) {
    for (let p = C.rowPtr[i]!; p < C.rowPtr[i + 1]!; p++) {
      const k = C.col[p]!;
      const ar = C.re[p]!, ai = -C.im[p]!;
      for (let q = C.rowPtr[i]!; q < C.rowPtr[i + 1]!; q++) {
        const l = C.col[q]!;
        const br = C.re[q]!, bi = C.im[q]!;
        const row = rows[k]!;
        const cur = row.get(l);
        const re = ar * br - ai * bi;
        const im = ar * bi + ai * br;
        if (cur) {
          cur[0] += re;
          cur[1] += im;
        } else row.set(l, [re, im]);
      }
    }
  }
  return sparseFromRows(C.n, rows);
}

function allFinite(A: SparseMatrix): boolean {
  for (let p = 0; p < A.re.length; p++) if (!Number.isFinite(A.re[p]!) || !Number.isFinite(A.im[p]!)) return false;
  return true;
}

/**
 * D_s = Σ_c rate_c (C_c†C_c)_ss: the diagonal of Σ rate·C†C in a Fock basis (the anticommutator
 * term of {@link applyLiouvillian}). Each jump operator maps distinct states to distinct states, so
 * C†C is diagonal, with the exact integers n (for a), n(n−1) (a²) and n + 1 (a†, zero on the states
 * whose a†-image leaves the truncated basis, as for QuTiP's truncated `create`).
 */
export function decayDiagonal(basis: FockBasis, decay: readonly Decay[]): Float64Array {
  const { dim: n, modes, occ } = basis;
  const D = new Float64Array(n);
  for (const { op, rate } of decay) {
    for (let s = 0; s < n; s++) {
      const k = occ[s * modes + op.mode]!;
      if (op.kind === 'lower') D[s] = D[s]! + rate * k;
      else if (op.target[s]! >= 0) D[s] = D[s]! + rate * (op.kind === 'lower2' ? k * (k - 1) : k + 1);
    }
  }
  return D;
}

/** A collapse operator as compact lists over the states it does not annihilate: source, target, √rate·amplitude. */
interface CompactJump {
  src: Int32Array;
  tgt: Int32Array;
  amp: Float64Array;
}

/** An operator's nonzeros (source and target states, amplitudes without the rate), and its √rate-scaled amplitudes for the rates used lately. */
interface CompactEntry {
  src: Int32Array;
  tgt: Int32Array;
  amp: Float64Array;
  byRate: Map<number, CompactJump>;
}

const compactCache = new WeakMap<JumpOp, CompactEntry>();
/** Rates kept per operator: a map's points each bring their own, and the operators outlive them (fock.ts caches them per basis). */
const RATES_KEPT = 4;

function compactJump(op: JumpOp, rate: number): CompactJump {
  let e = compactCache.get(op);
  if (!e) {
    const src: number[] = [];
    const tgt: number[] = [];
    const amp: number[] = [];
    for (let s = 0; s < op.target.length; s++) {
      if (op.target[s]! < 0) continue;
      src.push(s);
      tgt.push(op.target[s]!);
      amp.push(op.amp[s]!);
    }
    e = { src: Int32Array.from(src), tgt: Int32Array.from(tgt), amp: Float64Array.from(amp), byRate: new Map() };
    compactCache.set(op, e);
  }
  let c = e.byRate.get(rate);
  if (!c) {
    const root = Math.sqrt(rate);
    const amp = new Float64Array(e.amp.length);
    for (let i = 0; i < amp.length; i++) amp[i] = root * e.amp[i]!;
    c = { src: e.src, tgt: e.tgt, amp };
    if (e.byRate.size >= RATES_KEPT) e.byRate.delete(e.byRate.keys().next().value!);
    e.byRate.set(rate, c);
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
 * out = 𝓛(ρ) = −i(Hρ − ρH†) − ½{D, ρ} + Σ κ C ρ C† for Hermitian ρ (ρH† = (Hρ)†; H need not be
 * Hermitian, as after grading). The result is Hermitian: its lower triangle is computed and
 * mirrored. Returns the largest term's magnitude, the scale of the relative residual (0 when
 * `wantScale` is false, as in the Krylov iteration, which does not need it).
 *
 * The matrix-free form of {@link liouvillian} for H Hermitian and collapse operators √κ·C, C one
 * mode's a, a† or a² ({@link JumpOp}; any operator with one nonzero per column would do):
 * ρ, out and HR (scratch for H·ρ) are dense n × n, row-major, complex interleaved (re, im);
 * D = {@link decayDiagonal}(basis, decay). With a diagonal grading G, H̃ = G⁻¹HG and
 * C̃ = G⁻¹CG, it applies the graded Liouvillian ρ̃ ↦ G⁻¹𝓛(Gρ̃G)G⁻¹ (H̃† = GHG⁻¹).
 */
export function applyLiouvillian(
  n: number,
  H: SparseMatrix,
  D: Float64Array,
  decay: readonly Decay[],
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
/** Arena doubles {@link wasmLiouvillian} lays out for this system (to add to an arena's reservation). */
export function wasmLiouvillianDoubles(n: number, H: SparseMatrix, decay: readonly Decay[]): number {
  let jumps = 0;
  for (const { op, rate } of decay) jumps += 2 * compactJump(op, rate).src.length + 8;
  // ρ, out and H·ρ; H's rows (n + 1 int32), columns (int32) and values; D; up to 2 doubles of
  // alignment per array (every count here is an upper bound, also for an H without nonzeros)
  return 3 * 2 * n * n + 3 * H.col.length + 2 * n + 24 + jumps;
}

/**
 * {@link applyLiouvillian}(n, H, D, decay, ρ, out, ·, wantScale) on the WebAssembly kernels, bit for
 * bit the same (the result and the scale it returns): H, D and the compact jumps are copied into the kernels' arena once here, and each call
 * copies ρ in and the result out (about a tenth of the product's time) unless they are arrays of the
 * same arena (a solve's Krylov vectors), which are used in place. 3.0–3.4× the TypeScript
 * product at n = 35–84. The arrays stay valid while the arena keeps its layout: the caller reserved
 * {@link wasmLiouvillianDoubles} in it and checks its generation.
 */
/** {@link wasmLiouvillian}'s product, and `setH` to give H new values on the same pattern (a time-dependent drive). */
export type WasmLiouvillian = ((rho: Float64Array, out: Float64Array, wantScale?: boolean) => number) & {
  setH(re: Float64Array, im: Float64Array): void;
};

export function wasmLiouvillian(k: WasmKernels, n: number, H: SparseMatrix, D: Float64Array, decay: readonly Decay[]): WasmLiouvillian {
  const A = k.arena;
  const int = (src: Int32Array): number => {
    const v = A.allocInt32(src.length);
    v.set(src);
    return k.at(v);
  };
  const real = (src: Float64Array): number => {
    const v = A.alloc(src.length);
    v.set(src);
    return k.at(v);
  };
  const rowPtr = int(H.rowPtr);
  const col = int(H.col);
  const hreArr = A.alloc(H.re.length);
  hreArr.set(H.re);
  const himArr = A.alloc(H.im.length);
  himArr.set(H.im);
  const hre = k.at(hreArr);
  const him = k.at(himArr);
  const d = real(D);
  const jumps = decay.map(({ op, rate }) => {
    const c = compactJump(op, rate);
    return { m: c.src.length, src: int(c.src), tgt: int(c.tgt), amp: real(c.amp) };
  });
  const rho = A.alloc(2 * n * n);
  const out = A.alloc(2 * n * n);
  const rhoAt = k.at(rho);
  const outAt = k.at(out);
  const hrAt = k.at(A.alloc(2 * n * n));
  const product = (x: Float64Array, y: Float64Array, wantScale = false): number => {
    // arena arrays (a solve's Krylov vectors) are read and written where they are, others copied
    let xAt = rhoAt;
    if (x.buffer === rho.buffer) xAt = k.at(x);
    else rho.set(x);
    const direct = y.buffer === rho.buffer && y !== x;
    const yAt = direct ? k.at(y) : outAt;
    k.liouvillianLower(n, rowPtr, col, hre, him, d, xAt, yAt, hrAt);
    let big = wantScale ? k.liouvillianScale(n, d, xAt, hrAt) : 0;
    for (const j of jumps) {
      k.jumpLower(j.m, j.src, j.tgt, j.amp, n, xAt, yAt);
      if (wantScale) big = Math.max(big, k.jumpScale(j.m, j.src, j.tgt, j.amp, n, xAt));
    }
    k.mirrorLowerK(n, yAt);
    if (!direct) y.set(out);
    return big;
  };
  return Object.assign(product, {
    setH(re: Float64Array, im: Float64Array): void {
      if (re.length !== hreArr.length || im.length !== himArr.length) throw new Error('internal: setH needs the values of the pattern laid out');
      hreArr.set(re);
      himArr.set(im);
    },
  });
}

/** out = X† (n × n interleaved). */
function adjointInto(n: number, X: Float64Array, out: Float64Array): void {
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const o = 2 * (r * n + c);
      const t = 2 * (c * n + r);
      out[t] = X[o]!;
      out[t + 1] = -X[o + 1]!;
    }
  }
}

/** Scratch of {@link applyLiouvillianGeneral} and {@link applyLiouvillianDual} for dimension n. */
export interface GeneralScratch {
  HX: Float64Array;
  XH: Float64Array;
  T: Float64Array;
}

export function generalScratch(n: number): GeneralScratch {
  return { HX: new Float64Array(2 * n * n), XH: new Float64Array(2 * n * n), T: new Float64Array(2 * n * n) };
}

/** HX into s.HX and XH into s.XH (H Hermitian: XH = (H X†)†). */
function bothProducts(n: number, H: SparseMatrix, X: Float64Array, s: GeneralScratch): void {
  sparseTimesDense(n, H, X, s.HX);
  adjointInto(n, X, s.T);
  sparseTimesDense(n, H, s.T, s.XH);
  adjointInto(n, s.XH, s.T);
  s.XH.set(s.T);
}

/**
 * out = 𝓛(X) for any (not necessarily Hermitian) X, e.g. a ρ in a two-time correlation:
 * −i(HX − XH) − ½{D, X} + Σ κ C X C†, with H Hermitian and D = {@link decayDiagonal}.
 */
export function applyLiouvillianGeneral(n: number, H: SparseMatrix, D: Float64Array, decay: readonly Decay[], X: Float64Array, out: Float64Array, s: GeneralScratch): void {
  bothProducts(n, H, X, s);
  const { HX, XH } = s;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const o = 2 * (r * n + c);
      const d = 0.5 * (D[r]! + D[c]!);
      // −i(a + ib) = b − ia
      out[o] = HX[o + 1]! - XH[o + 1]! - d * X[o]!;
      out[o + 1] = -(HX[o]! - XH[o]!) - d * X[o + 1]!;
    }
  }
  for (const { op, rate } of decay) {
    const { src, tgt, amp } = compactJump(op, rate);
    const m = src.length;
    for (let i = 0; i < m; i++) {
      const si = 2 * src[i]! * n;
      const oi = 2 * tgt[i]! * n;
      const ai = amp[i]!;
      for (let j = 0; j < m; j++) {
        const f = ai * amp[j]!;
        const sIdx = si + 2 * src[j]!;
        const oIdx = oi + 2 * tgt[j]!;
        out[oIdx] = out[oIdx]! + f * X[sIdx]!;
        out[oIdx + 1] = out[oIdx + 1]! + f * X[sIdx + 1]!;
      }
    }
  }
}

/**
 * out = 𝓛*(A), the dual of 𝓛 under the pairing ⟨A, X⟩ = tr(A X) (the Heisenberg-picture
 * generator): i(HA − AH) − ½{D, A} + Σ κ C† A C, so that tr(A 𝓛(X)) = tr(𝓛*(A) X).
 */
export function applyLiouvillianDual(n: number, H: SparseMatrix, D: Float64Array, decay: readonly Decay[], A: Float64Array, out: Float64Array, s: GeneralScratch): void {
  bothProducts(n, H, A, s);
  const { HX, XH } = s;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const o = 2 * (r * n + c);
      const d = 0.5 * (D[r]! + D[c]!);
      // i(a + ib) = −b + ia
      out[o] = -(HX[o + 1]! - XH[o + 1]!) - d * A[o]!;
      out[o + 1] = HX[o]! - XH[o]! - d * A[o + 1]!;
    }
  }
  for (const { op, rate } of decay) {
    const { src, tgt, amp } = compactJump(op, rate);
    const m = src.length;
    for (let i = 0; i < m; i++) {
      const oi = 2 * src[i]! * n;
      const si = 2 * tgt[i]! * n;
      const ai = amp[i]!;
      for (let j = 0; j < m; j++) {
        const f = ai * amp[j]!;
        const sIdx = si + 2 * tgt[j]!;
        const oIdx = oi + 2 * src[j]!;
        out[oIdx] = out[oIdx]! + f * A[sIdx]!;
        out[oIdx + 1] = out[oIdx + 1]! + f * A[sIdx + 1]!;
      }
    }
  }
}
