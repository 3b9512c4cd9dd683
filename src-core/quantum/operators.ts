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
  const rows: Map<number, [number, number]>[] = Array.from({ length: dim }, () => new Map());
  const add = (r: number, c: number, re: number, im: number): void => {
    if (re === 0 && im === 0) return;
    const row = rows[r]!;
    const cur = row.get(c);
    if (cur) {
      cur[0] += re;
      cur[1] += im;
    } else row.set(c, [re, im]);
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
      for (const [from, to, re, im] of [
        [hop.from, hop.to, hop.re, hop.im],
        [hop.to, hop.from, hop.re, -hop.im],
      ] as const) {
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
  return sparseFromRows(dim, rows);
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
