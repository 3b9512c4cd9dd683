/**
 * Products with the unitary of a deflation window (the zgemm calls of LAPACK zlaqr3), applied to
 * the rows and columns of H outside the window and to Zᵀ; see docs/numerics.md.
 */

/**
 * x[r0..r1, c0..c0+m) ← x[…]·V for the n-column x, with vt = Vᵀ (m×m): each row is replaced by
 * its products with the rows of vt. `tmp` holds one row (length ≥ 2m).
 */
export function rowsTimesV(n: number, x: Float64Array, r0: number, r1: number, c0: number, m: number, vt: Float64Array, tmp: Float64Array): void {
  const m2 = 2 * m;
  for (let r = r0; r < r1; r++) {
    const o = 2 * (r * n + c0);
    for (let c = 0; c < m2; c++) tmp[c] = x[o + c]!;
    let j = 0;
    for (; j + 1 < m; j += 2) {
      const a = 2 * j * m;
      const b = a + m2;
      let pr = 0;
      let pi = 0;
      let qr = 0;
      let qi = 0;
      for (let i = 0; i < m2; i += 2) {
        const yr = tmp[i]!;
        const yi = tmp[i + 1]!;
        const ar = vt[a + i]!;
        const ai = vt[a + i + 1]!;
        const br = vt[b + i]!;
        const bi = vt[b + i + 1]!;
        pr += yr * ar - yi * ai;
        pi += yr * ai + yi * ar;
        qr += yr * br - yi * bi;
        qi += yr * bi + yi * br;
      }
      x[o + 2 * j] = pr;
      x[o + 2 * j + 1] = pi;
      x[o + 2 * j + 2] = qr;
      x[o + 2 * j + 3] = qi;
    }
    if (j < m) {
      const a = 2 * j * m;
      let pr = 0;
      let pi = 0;
      for (let i = 0; i < m2; i += 2) {
        const yr = tmp[i]!;
        const yi = tmp[i + 1]!;
        const ar = vt[a + i]!;
        const ai = vt[a + i + 1]!;
        pr += yr * ar - yi * ai;
        pi += yr * ai + yi * ar;
      }
      x[o + 2 * j] = pr;
      x[o + 2 * j + 1] = pi;
    }
  }
}

/**
 * x[r0..r0+m, c0..c1) ← M·x[…] for the n-column x, with M = vt (= Vᵀ) or, when `conjugate`,
 * conj(vt) (= Vᴴ). `tmp` needs length ≥ 2·m·(c1 − c0).
 */
export function vRowsTimes(n: number, x: Float64Array, r0: number, m: number, c0: number, c1: number, vt: Float64Array, conjugate: boolean, tmp: Float64Array): void {
  const sg = conjugate ? -1 : 1;
  const w2 = 2 * (c1 - c0);
  const m2 = 2 * m;
  tmp.fill(0, 0, m * w2);
  let j = 0;
  for (; j + 1 < m; j += 2) {
    const ta = j * w2;
    const tb = ta + w2;
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const a0r = vt[2 * j * m + 2 * i]!;
      const a0i = sg * vt[2 * j * m + 2 * i + 1]!;
      const a1r = vt[2 * j * m + 2 * i + 2]!;
      const a1i = sg * vt[2 * j * m + 2 * i + 3]!;
      const b0r = vt[2 * j * m + m2 + 2 * i]!;
      const b0i = sg * vt[2 * j * m + m2 + 2 * i + 1]!;
      const b1r = vt[2 * j * m + m2 + 2 * i + 2]!;
      const b1i = sg * vt[2 * j * m + m2 + 2 * i + 3]!;
      const o0 = 2 * ((r0 + i) * n + c0);
      const o1 = o0 + 2 * n;
      for (let c = 0; c < w2; c += 2) {
        const xr = x[o0 + c]!;
        const xi = x[o0 + c + 1]!;
        const yr = x[o1 + c]!;
        const yi = x[o1 + c + 1]!;
        tmp[ta + c] = tmp[ta + c]! + (a0r * xr - a0i * xi) + (a1r * yr - a1i * yi);
        tmp[ta + c + 1] = tmp[ta + c + 1]! + (a0r * xi + a0i * xr) + (a1r * yi + a1i * yr);
        tmp[tb + c] = tmp[tb + c]! + (b0r * xr - b0i * xi) + (b1r * yr - b1i * yi);
        tmp[tb + c + 1] = tmp[tb + c + 1]! + (b0r * xi + b0i * xr) + (b1r * yi + b1i * yr);
      }
    }
    if (i < m) {
      const a0r = vt[2 * j * m + 2 * i]!;
      const a0i = sg * vt[2 * j * m + 2 * i + 1]!;
      const b0r = vt[2 * j * m + m2 + 2 * i]!;
      const b0i = sg * vt[2 * j * m + m2 + 2 * i + 1]!;
      const o0 = 2 * ((r0 + i) * n + c0);
      for (let c = 0; c < w2; c += 2) {
        const xr = x[o0 + c]!;
        const xi = x[o0 + c + 1]!;
        tmp[ta + c] = tmp[ta + c]! + (a0r * xr - a0i * xi);
        tmp[ta + c + 1] = tmp[ta + c + 1]! + (a0r * xi + a0i * xr);
        tmp[tb + c] = tmp[tb + c]! + (b0r * xr - b0i * xi);
        tmp[tb + c + 1] = tmp[tb + c + 1]! + (b0r * xi + b0i * xr);
      }
    }
  }
  if (j < m) {
    const ta = j * w2;
    for (let i = 0; i < m; i++) {
      const a0r = vt[2 * j * m + 2 * i]!;
      const a0i = sg * vt[2 * j * m + 2 * i + 1]!;
      const o0 = 2 * ((r0 + i) * n + c0);
      for (let c = 0; c < w2; c += 2) {
        const xr = x[o0 + c]!;
        const xi = x[o0 + c + 1]!;
        tmp[ta + c] = tmp[ta + c]! + (a0r * xr - a0i * xi);
        tmp[ta + c + 1] = tmp[ta + c + 1]! + (a0r * xi + a0i * xr);
      }
    }
  }
  for (let r = 0; r < m; r++) {
    const o = 2 * ((r0 + r) * n + c0);
    const ta = r * w2;
    for (let c = 0; c < w2; c++) x[o + c] = tmp[ta + c]!;
  }
}
