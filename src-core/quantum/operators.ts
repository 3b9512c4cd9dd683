import type { FockBasis } from './fock.js';

/** Sparse complex matrix in compressed-row form. */
export interface SparseMatrix {
  n: number;
  rowPtr: Int32Array;
  col: Int32Array;
  re: Float64Array;
  im: Float64Array;
}

/**
 * A bosonic Hamiltonian in the form of seed 000 eq. 3 (ħ = 1):
 *   H = Σ_m Δ_m n_m + Σ_m U_m a_m†a_m†a_m a_m + Σ_hops (g a_to† a_from + h.c.) + Σ_drives (Ω a_m† + Ω* a_m)
 */
export interface BosonicHamiltonian {
  detuning: number[];
  kerr: number[];
  /** Excitation hopping from mode `from` to mode `to` with complex amplitude g = re + i·im. */
  hops: { from: number; to: number; re: number; im: number }[];
  drives: { mode: number; re: number; im: number }[];
}

/**
 * The Galerkin truncation P·H·P of a bosonic Hamiltonian onto a Fock basis: each term's exact
 * action on a basis state, with components outside the basis dropped. (For number-conserving
 * terms such as hopping this keeps transitions inside the top shell of a total-excitation basis.)
 */
export function buildHamiltonian(basis: FockBasis, h: BosonicHamiltonian): SparseMatrix {
  const { dim, modes, occ } = basis;
  // at most one diagonal entry, two per hop and two per drive for each state: sized once, never grown
  const T = new Triplets(dim, dim * (1 + 2 * h.hops.length + 2 * h.drives.length));
  const add = (r: number, c: number, re: number, im: number): void => {
    if (re === 0 && im === 0) return;
    T.add(r, c, re, im);
  };
  const n = new Int32Array(modes);
  for (let s = 0; s < dim; s++) {
    let diag = 0;
    for (let m = 0; m < modes; m++) {
      const k = occ[s * modes + m]!;
      diag += (h.detuning[m] ?? 0) * k + (h.kerr[m] ?? 0) * k * (k - 1);
    }
    add(s, s, diag, 0);
    // hopping g a_to† a_from and its conjugate g* a_from† a_to
    for (const hop of h.hops) {
      for (let dir = 0; dir < 2; dir++) {
        const from = dir === 0 ? hop.from : hop.to;
        const to = dir === 0 ? hop.to : hop.from;
        const re = hop.re;
        const im = dir === 0 ? hop.im : -hop.im;
        const kf = occ[s * modes + from]!;
        if (kf === 0) continue;
        for (let m = 0; m < modes; m++) n[m] = occ[s * modes + m]!;
        n[from] = kf - 1;
        n[to] = n[to]! + 1;
        const t = basis.indexOf(n);
        if (t < 0) continue;
        const amp = Math.sqrt(kf * n[to]!);
        add(t, s, re * amp, im * amp);
      }
    }
    for (const dr of h.drives) {
      const k = occ[s * modes + dr.mode]!;
      for (let m = 0; m < modes; m++) n[m] = occ[s * modes + m]!;
      // Ω a† |s>
      n[dr.mode] = k + 1;
      const up = basis.indexOf(n);
      if (up >= 0) add(up, s, dr.re * Math.sqrt(k + 1), dr.im * Math.sqrt(k + 1));
      // Ω* a |s>
      if (k > 0) {
        n[dr.mode] = k - 1;
        const down = basis.indexOf(n);
        if (down >= 0) add(down, s, dr.re * Math.sqrt(k), -dr.im * Math.sqrt(k));
      }
    }
  }
  return T.toSparse();
}

/**
 * Arrays the triplets and their sorting reuse from one Hamiltonian to the next (a sweep builds
 * one per point and truncation): grown to the largest seen, never shrunk. One Hamiltonian is
 * built at a time (nothing here calls back out), so one set serves every {@link Triplets}.
 */
const scratch = {
  i32: [new Int32Array(0), new Int32Array(0), new Int32Array(0), new Int32Array(0), new Int32Array(0), new Int32Array(0)],
  f64: [new Float64Array(0), new Float64Array(0), new Float64Array(0)],
};

/** Scratch slot `k` with room for at least `len` (holding whatever its last use left). */
function i32(k: number, len: number): Int32Array {
  if (scratch.i32[k]!.length < len) scratch.i32[k] = new Int32Array(len);
  return scratch.i32[k]!;
}

function f64(k: number, len: number): Float64Array {
  if (scratch.f64[k]!.length < len) scratch.f64[k] = new Float64Array(len);
  return scratch.f64[k]!;
}

/**
 * Entries (row, column, value) collected in any order, summed per (row, column) in the order they
 * were added — the same sums as a map per row — into compressed rows with ascending columns,
 * without an object per entry. Its arrays are the module's scratch: one Triplets at a time.
 */
class Triplets {
  private r: Int32Array;
  private c: Int32Array;
  private v: Float64Array;
  private len = 0;
  /** `capacity`: the most entries that will be added (an upper bound the caller derives from the terms). */
  constructor(
    private readonly n: number,
    capacity: number,
  ) {
    const cap = Math.max(1, capacity);
    this.r = i32(0, cap);
    this.c = i32(1, cap);
    this.v = f64(0, 2 * cap);
  }

  add(r: number, c: number, re: number, im: number): void {
    // a write past a typed array's end would be dropped silently
    if (this.len === this.r.length) throw new Error('internal: more Hamiltonian entries than their bound');
    const k = this.len++;
    this.r[k] = r;
    this.c[k] = c;
    this.v[2 * k] = re;
    this.v[2 * k + 1] = im;
  }

  toSparse(): SparseMatrix {
    const { n, len, r, c, v } = this;
    // entries by row, in the order added
    const start = i32(2, n + 1).fill(0, 0, n + 1);
    for (let k = 0; k < len; k++) start[r[k]! + 1]!++;
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
    const fill = i32(3, n);
    fill.set(start.subarray(0, n));
    const order = i32(4, len);
    for (let k = 0; k < len; k++) order[fill[r[k]!]!++] = k;
    // within a row: stable insertion sort by column (rows hold a few entries), then sum repeats
    const rowPtr = new Int32Array(n + 1);
    const col = i32(5, len);
    const re = f64(1, len);
    const im = f64(2, len);
    let nnz = 0;
    for (let i = 0; i < n; i++) {
      const a = start[i]!;
      const b = start[i + 1]!;
      for (let p = a + 1; p < b; p++) {
        const k = order[p]!;
        let q = p - 1;
        while (q >= a && c[order[q]!]! > c[k]!) {
          order[q + 1] = order[q]!;
          q--;
        }
        order[q + 1] = k;
      }
      for (let p = a; p < b; p++) {
        const k = order[p]!;
        if (p > a && col[nnz - 1] === c[k]) {
          re[nnz - 1] = re[nnz - 1]! + v[2 * k]!;
          im[nnz - 1] = im[nnz - 1]! + v[2 * k + 1]!;
        } else {
          col[nnz] = c[k]!;
          re[nnz] = v[2 * k]!;
          im[nnz] = v[2 * k + 1]!;
          nnz++;
        }
      }
      rowPtr[i + 1] = nnz;
    }
    return { n, rowPtr, col: col.slice(0, nnz), re: re.slice(0, nnz), im: im.slice(0, nnz) };
  }
}

/** Compressed rows, columns ascending, from one map (column → [re, im]) per row. */
export function sparseFromRows(n: number, rows: Map<number, [number, number]>[]): SparseMatrix {
  const rowPtr = new Int32Array(n + 1);
  let nnz = 0;
  rows.forEach((r, i) => {
    nnz += r.size;
    rowPtr[i + 1] = nnz;
  });
  const col = new Int32Array(nnz);
  const re = new Float64Array(nnz);
  const im = new Float64Array(nnz);
  let o = 0;
  for (const r of rows) {
    for (const c of [...r.keys()].sort((x, y) => x - y)) {
      const v = r.get(c)!;
      col[o] = c;
      re[o] = v[0];
      im[o] = v[1];
      o++;
    }
  }
  return { n, rowPtr, col, re, im };
}

/** Write a sparse matrix into a dense interleaved row-major array. */
export function toDense(m: SparseMatrix, out: Float64Array): Float64Array {
  out.fill(0, 0, 2 * m.n * m.n);
  for (let r = 0; r < m.n; r++) {
    for (let p = m.rowPtr[r]!; p < m.rowPtr[r + 1]!; p++) {
      const o = 2 * (r * m.n + m.col[p]!);
      out[o] = m.re[p]!;
      out[o + 1] = m.im[p]!;
    }
  }
  return out;
}
