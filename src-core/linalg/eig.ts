/**
 * Eigendecomposition of a general (non-Hermitian) dense complex matrix, A = V·diag(λ)·V⁻¹.
 *
 * Storage: an n×n complex matrix is a Float64Array of length 2n², row-major, interleaved
 * (re, im): element (i, j) is at `2 * (i * n + j)`. Kernels write into caller-owned arrays; the
 * only scratch is an {@link EigWorkspace} (O(n) numbers below n = 75, about n²/3 complex numbers
 * above), which can be reused between calls.
 *
 * Algorithm (after LAPACK zgehd2/zung2r, zlahqr, zlaqr0/zlaqr3 and ztrevc):
 * 1. {@link hessenberg}: Householder reduction A = Q·H·Qᴴ to upper Hessenberg form, Q formed
 *    explicitly by backward accumulation.
 * 2. {@link schur}: complex Schur form H = Z·T·Zᴴ by single-shift complex QR sweeps (bulge
 *    chasing with 2×2 reflectors) with Wilkinson shifts, exceptional shifts after 10 and 20 sweeps
 *    without a deflation, the Ahues–Kressner deflation criterion of zlahqr, and a hard limit on
 *    the total number of sweeps. Active blocks of order ≥ 75 first go through aggressive early
 *    deflation (zlaqr3): the trailing window is Schur-decomposed, converged eigenvalues are
 *    deflated from its spike, and the rest serve as the shifts of the next single-shift sweeps.
 *    A sweep updates each reflector's rows and columns at once only inside a chase block of 16
 *    reflectors; the rest of the active block, the rows above it, the columns to its right and Z
 *    get the block's reflectors two at a time afterwards, so T and Z are the full Schur factors.
 * 3. Eigenvectors of T by back-substitution (divisors below smin = max(ulp·|λ_k|, smlnum) are
 *    replaced by smin, as in ztrevc), back-transformed by Z and normalised.
 *
 * Cost: about 7·n³ complex multiply-adds for a random matrix (Hessenberg 2.3, QR 4, vectors 0.7),
 * fewer QR sweeps for matrices whose eigenvalues are separated by their imaginary parts.
 */

/** LAPACK dlamch('P'): relative machine precision times the base, 2⁻⁵². */
const ULP = Number.EPSILON;
/** LAPACK dlamch('S'): smallest normal number. */
const SAFMIN = 2 ** -1022;
/** zlarfg's underflow threshold dlamch('S') / dlamch('E') and its inverse. */
const LARFG_SMALL = 2 ** -969;
const LARFG_BIG = 2 ** 969;
/** Eigenvector entries above this are rescaled during back-substitution, so sums cannot overflow. */
const GROWTH_LIMIT = 2 ** 300;

/** Scratch for {@link eig}, {@link hessenberg} and {@link schur}; reusable for any order ≤ n. */
export interface EigWorkspace {
  /** Largest order the workspace serves. */
  readonly n: number;
  /** Householder scalars τ_k of the Hessenberg reduction (interleaved complex, length 2n). */
  readonly tau: Float64Array;
  /** Scratch vectors (interleaved complex, length 2n each). */
  readonly w1: Float64Array;
  readonly w2: Float64Array;
  /** Reflectors of one QR sweep, 5 numbers each (τ re, τ im, Re(τ·v₂), v₂ re, v₂ im): length 5n. */
  readonly sweep: Float64Array;
  /** Shifts / eigenvalues of a deflation window (interleaved complex, length 2n). */
  readonly shifts: Float64Array;
  /** Deflation window and its unitary (transposed), each w×w complex, w = ⌊(n−1)/3⌋ for n ≥ 75. */
  readonly t: Float64Array;
  readonly vt: Float64Array;
  /** Product scratch for applying a window's unitary: w×n complex. */
  readonly tmp: Float64Array;
}

/**
 * Allocate the scratch for matrices of order up to n.
 *
 * @example
 * const ws = eigWorkspace(64); // reuse for every 64×64 (or smaller) eig call
 */
export function eigWorkspace(n: number): EigWorkspace {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`order must be a non-negative integer, got ${n}`);
  n |= 0;
  const m = Math.max(1, n);
  const w = maxWindow(n);
  return {
    n,
    tau: new Float64Array(2 * m),
    w1: new Float64Array(2 * m),
    w2: new Float64Array(2 * m),
    sweep: new Float64Array(5 * m),
    shifts: new Float64Array(2 * m),
    t: new Float64Array(2 * w * w),
    vt: new Float64Array(2 * w * w),
    tmp: new Float64Array(2 * w * m),
  };
}

/** Default hard limit on the total number of QR sweeps for order n. */
export function defaultMaxSweeps(n: number): number {
  return 30 * Math.max(10, n);
}

/**
 * Eigenvalues and right eigenvectors of a general complex n×n matrix: A·V = V·diag(λ).
 *
 * `a` is overwritten (on return its upper triangle holds the Schur factor T and its strict
 * lower triangle scratch). `lambda[2k], lambda[2k+1]` receive λ_k (in the order they appear on the
 * diagonal of T, not sorted) and column k of `v` its eigenvector, with unit 2-norm and its
 * largest-magnitude component real and positive. For an eigenvalue of algebraic multiplicity > 1
 * without a full set of eigenvectors (a defective matrix) the columns are nearly parallel; for
 * a well-conditioned matrix ‖AV − VΛ‖ is of the order of n·ulp·‖A‖.
 *
 * @param maxSweeps hard limit on the total number of QR sweeps (default 30·max(10, n)); past it
 *   an Error saying how many sweeps ran is thrown.
 * @returns the number of QR sweeps over the matrix (those inside deflation windows not counted).
 * @example
 * // A = [[2, 1], [0, 3i]]
 * const a = new Float64Array([2, 0, 1, 0, 0, 0, 0, 3]);
 * const lambda = new Float64Array(4);
 * const v = new Float64Array(8);
 * eig(2, a, lambda, v); // lambda = [2, 0, 0, 3] (λ = 2, 3i); column 0 of v = [1, 0]
 */
export function eig(
  n: number,
  a: Float64Array,
  lambda: Float64Array,
  v: Float64Array,
  ws: EigWorkspace = eigWorkspace(n),
  maxSweeps: number = defaultMaxSweeps(n),
): { sweeps: number } {
  checkArgs(n, a, v, ws);
  if (lambda.length < 2 * n) throw new RangeError(`eig: lambda needs length ${2 * n}, got ${lambda.length}`);
  n |= 0; // a small-integer n keeps V8's index arithmetic in int32 (an n computed as a double is ~2× slower)
  if (n === 0) return { sweeps: 0 };
  hessenbergCore(n, a, v, ws);
  transposeInPlace(n, v); // the QR phase works on Zᵀ: its column updates become contiguous row updates
  const sweeps = schurCore(n, a, v, lambda, ws, maxSweeps);
  eigenvectorsCore(n, a, v, ws);
  transposeInPlace(n, v);
  return { sweeps };
}

/**
 * Householder reduction to upper Hessenberg form: on return `a` holds H = Qᴴ·A·Q (zeros below
 * the first subdiagonal, real subdiagonal except possibly the last entry) and `q` the unitary Q.
 *
 * @example
 * const a = new Float64Array(2 * 9).map((_, i) => i % 5); // any 3×3
 * const q = new Float64Array(2 * 9);
 * hessenberg(3, a, q); // a[2 * (2 * 3 + 0)] === 0, and A = Q·H·Qᴴ
 */
export function hessenberg(n: number, a: Float64Array, q: Float64Array, ws: EigWorkspace = eigWorkspace(n)): void {
  checkArgs(n, a, q, ws);
  n |= 0;
  if (n > 0) hessenbergCore(n, a, q, ws);
}

/**
 * Complex Schur form of an upper Hessenberg matrix: on return `h` holds the upper triangular
 * T = Zᴴ·H·Z (entries below the diagonal set to zero) and `z` is overwritten by z·Z, so passing
 * the Q of {@link hessenberg} yields A = (QZ)·T·(QZ)ᴴ. `lambda` receives the diagonal of T.
 * Entries of `h` below the first subdiagonal are ignored (treated as zero).
 *
 * @param maxSweeps hard limit on the total number of QR sweeps (default 30·max(10, n)).
 * @returns the number of QR sweeps used.
 * @example
 * const h = new Float64Array([0, 0, 1, 0, 1, 0, 0, 0]); // [[0, 1], [1, 0]]
 * const z = new Float64Array([1, 0, 0, 0, 0, 0, 1, 0]); // identity
 * const lambda = new Float64Array(4);
 * schur(2, h, z, lambda); // lambda holds 1 and -1 (in some order)
 */
export function schur(
  n: number,
  h: Float64Array,
  z: Float64Array,
  lambda: Float64Array,
  ws: EigWorkspace = eigWorkspace(n),
  maxSweeps: number = defaultMaxSweeps(n),
): { sweeps: number } {
  checkArgs(n, h, z, ws);
  if (lambda.length < 2 * n) throw new RangeError(`schur: lambda needs length ${2 * n}, got ${lambda.length}`);
  n |= 0;
  for (let i = 2; i < n; i++) {
    for (let j = 0; j < i - 1; j++) {
      h[2 * (i * n + j)] = 0;
      h[2 * (i * n + j) + 1] = 0;
    }
  }
  transposeInPlace(n, z);
  try {
    return { sweeps: schurCore(n, h, z, lambda, ws, maxSweeps) };
  } finally {
    transposeInPlace(n, z);
    for (let i = 1; i < n; i++) h.fill(0, 2 * i * n, 2 * (i * n + i));
  }
}

function checkArgs(n: number, a: Float64Array, v: Float64Array, ws: EigWorkspace): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`order must be a non-negative integer, got ${n}`);
  const nn = 2 * n * n;
  if (a.length < nn || v.length < nn) throw new RangeError(`matrices of order ${n} need length ${nn}`);
  if (ws.n < n) throw new RangeError(`workspace is for order ${ws.n}, matrix has order ${n}`);
}

/** Swap (i, j) and (j, i) for all i < j. */
function transposeInPlace(n: number, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = 2 * (i * n + j);
      const s = 2 * (j * n + i);
      const tr = x[p]!;
      const ti = x[p + 1]!;
      x[p] = x[s]!;
      x[p + 1] = x[s + 1]!;
      x[s] = tr;
      x[s + 1] = ti;
    }
  }
}

// Results of the scalar helpers below (module-level so the hot paths allocate nothing).
let outRe = 0;
let outIm = 0;

/** (ar + i·ai) / (br + i·bi) into outRe, outIm (Smith's algorithm). */
function cdiv(ar: number, ai: number, br: number, bi: number): void {
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br;
    const d = br + bi * r;
    outRe = (ar + ai * r) / d;
    outIm = (ai - ar * r) / d;
  } else {
    const r = br / bi;
    const d = bi + br * r;
    outRe = (ar * r + ai) / d;
    outIm = (ai * r - ar) / d;
  }
}

/** Principal square root of re + i·im into outRe, outIm. */
function csqrt(re: number, im: number): void {
  if (re === 0 && im === 0) {
    outRe = 0;
    outIm = im;
    return;
  }
  const m = Math.hypot(re, im);
  if (re >= 0) {
    const t = Math.sqrt(0.5 * (m + re));
    outRe = t;
    outIm = im / (2 * t);
  } else {
    const t = Math.sqrt(0.5 * (m - re));
    outRe = Math.abs(im) / (2 * t);
    outIm = im < 0 || Object.is(im, -0) ? -t : t;
  }
}

/** sqrt(x² + y² + z²) without unnecessary overflow (LAPACK dlapy3). */
function hypot3(x: number, y: number, z: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const az = Math.abs(z);
  const w = Math.max(ax, ay, az);
  if (w === 0) return ax + ay + az;
  const u = ax / w;
  const v = ay / w;
  const s = az / w;
  return w * Math.sqrt(u * u + v * v + s * s);
}

// ---------------------------------------------------------------------------------------------
// Hessenberg reduction

function hessenbergCore(n: number, a: Float64Array, q: Float64Array, ws: EigWorkspace): void {
  // One call per column keeps each kernel short-lived, so V8 optimises it as a whole function
  // (long loops in a function called once run on on-stack-replacement code, which re-deopts).
  for (let k = 0; k < n - 2; k++) {
    if (!columnReflector(n, a, k, ws.w1, ws.tau)) continue; // H_k = I
    const c0 = k + 1; // the reflector acts on rows/columns c0..n-1
    const taur = ws.tau[2 * k]!;
    const taui = ws.tau[2 * k + 1]!;
    rightReflect(n, a, c0, n - c0, ws.w1, taur, taui); // A[:, c0..] ← A[:, c0..]·H_k
    leftReflect(n, a, c0, n - c0, ws.w1, ws.w2, taur, -taui); // A[c0.., c0..] ← H_kᴴ·A[c0.., c0..]
  }
  formQ(n, a, q, ws);
}

/**
 * zlarfg for column k below the diagonal: a reflector H_k = I − τ·v·vᴴ (v₀ = 1) with
 * H_kᴴ·a[k+1.., k] = β·e₀, β real. Writes β to a(k+1, k), v[1..] below it (kept until Q is
 * formed) and, with v₀, into `wv`; τ into tau[2k..2k+1].
 * @returns false when H_k = I (τ = 0).
 */
function columnReflector(n: number, a: Float64Array, k: number, wv: Float64Array, tau: Float64Array): boolean {
  const n2 = 2 * n;
  const end = 2 * n * n;
  const p0 = 2 * ((k + 1) * n + k);
  let alphr = a[p0]!;
  let alphi = a[p0 + 1]!;
  let amax = 0;
  for (let p = p0 + n2; p < end; p += n2) amax = Math.max(amax, Math.abs(a[p]!), Math.abs(a[p + 1]!));
  let xnorm = 0;
  if (amax > 0) {
    let s = 0;
    for (let p = p0 + n2; p < end; p += n2) {
      const xr = a[p]! / amax;
      const xi = a[p + 1]! / amax;
      s += xr * xr + xi * xi;
    }
    xnorm = amax * Math.sqrt(s);
  }
  if (xnorm === 0 && alphi === 0) {
    tau[2 * k] = 0;
    tau[2 * k + 1] = 0;
    return false;
  }
  let beta = -Math.sign(alphr || 1) * hypot3(alphr, alphi, xnorm);
  let knt = 0;
  if (Math.abs(beta) < LARFG_SMALL) {
    do {
      knt++;
      for (let p = p0 + n2; p < end; p += n2) {
        a[p] = a[p]! * LARFG_BIG;
        a[p + 1] = a[p + 1]! * LARFG_BIG;
      }
      beta *= LARFG_BIG;
      alphr *= LARFG_BIG;
      alphi *= LARFG_BIG;
    } while (Math.abs(beta) < LARFG_SMALL && knt < 20);
    let s = 0;
    for (let p = p0 + n2; p < end; p += n2) s += a[p]! * a[p]! + a[p + 1]! * a[p + 1]!;
    beta = -Math.sign(alphr || 1) * hypot3(alphr, alphi, Math.sqrt(s));
  }
  tau[2 * k] = (beta - alphr) / beta;
  tau[2 * k + 1] = -alphi / beta;
  cdiv(1, 0, alphr - beta, alphi);
  const sr = outRe;
  const si = outIm;
  wv[0] = 1;
  wv[1] = 0;
  for (let p = p0 + n2, j = 2; p < end; p += n2, j += 2) {
    const xr = a[p]!;
    const xi = a[p + 1]!;
    const vr = xr * sr - xi * si;
    const vi = xr * si + xi * sr;
    a[p] = vr;
    a[p + 1] = vi;
    wv[j] = vr;
    wv[j + 1] = vi;
  }
  for (let j = 0; j < knt; j++) beta *= LARFG_SMALL;
  a[p0] = beta;
  a[p0 + 1] = 0;
  return true;
}

/** x[:, c0..c0+len) ← x[:, …]·(I − t·v·vᴴ) for all n rows of the n×n x, four rows at a time. */
function rightReflect(n: number, x: Float64Array, c0: number, len: number, wv: Float64Array, tr: number, ti: number): void {
  const n2 = 2 * n;
  const l2 = 2 * len;
  const r0 = n % 4;
  if (r0 > 0) reflectCols(x, n, 0, r0, c0, len, wv, tr, ti);
  for (let r = r0; r < n; r += 4) {
    const o1 = 2 * (r * n + c0);
    const o2 = o1 + n2;
    const o3 = o2 + n2;
    const o4 = o3 + n2;
    let p1r = 0;
    let p1i = 0;
    let p2r = 0;
    let p2i = 0;
    let p3r = 0;
    let p3i = 0;
    let p4r = 0;
    let p4i = 0;
    for (let j = 0; j < l2; j += 2) {
      const vr = wv[j]!;
      const vi = wv[j + 1]!;
      let ar = x[o1 + j]!;
      let ai = x[o1 + j + 1]!;
      p1r += ar * vr - ai * vi;
      p1i += ar * vi + ai * vr;
      ar = x[o2 + j]!;
      ai = x[o2 + j + 1]!;
      p2r += ar * vr - ai * vi;
      p2i += ar * vi + ai * vr;
      ar = x[o3 + j]!;
      ai = x[o3 + j + 1]!;
      p3r += ar * vr - ai * vi;
      p3i += ar * vi + ai * vr;
      ar = x[o4 + j]!;
      ai = x[o4 + j + 1]!;
      p4r += ar * vr - ai * vi;
      p4i += ar * vi + ai * vr;
    }
    // c_r = t·p_r;  x_rj −= c_r·conj(v_j)
    const c1r = tr * p1r - ti * p1i;
    const c1i = tr * p1i + ti * p1r;
    const c2r = tr * p2r - ti * p2i;
    const c2i = tr * p2i + ti * p2r;
    const c3r = tr * p3r - ti * p3i;
    const c3i = tr * p3i + ti * p3r;
    const c4r = tr * p4r - ti * p4i;
    const c4i = tr * p4i + ti * p4r;
    for (let j = 0; j < l2; j += 2) {
      const vr = wv[j]!;
      const vi = wv[j + 1]!;
      x[o1 + j] = x[o1 + j]! - (c1r * vr + c1i * vi);
      x[o1 + j + 1] = x[o1 + j + 1]! - (c1i * vr - c1r * vi);
      x[o2 + j] = x[o2 + j]! - (c2r * vr + c2i * vi);
      x[o2 + j + 1] = x[o2 + j + 1]! - (c2i * vr - c2r * vi);
      x[o3 + j] = x[o3 + j]! - (c3r * vr + c3i * vi);
      x[o3 + j + 1] = x[o3 + j + 1]! - (c3i * vr - c3r * vi);
      x[o4 + j] = x[o4 + j]! - (c4r * vr + c4i * vi);
      x[o4 + j + 1] = x[o4 + j + 1]! - (c4i * vr - c4r * vi);
    }
  }
}

/**
 * x[c0.., c0..] ← (I − t·v·vᴴ)·x[c0.., c0..] for the len×len trailing block, with v in `wv`
 * (interleaved, v₀ first); `w` is scratch of length 2·len.
 */
function leftReflect(n: number, x: Float64Array, c0: number, len: number, wv: Float64Array, w: Float64Array, tr: number, ti: number): void {
  const l2 = 2 * len;
  const n2 = 2 * n;
  w.fill(0, 0, l2);
  // w = vᴴ·X: the len % 4 leading rows one at a time, then four rows per pass
  const i0 = len % 4;
  for (let i = 0; i < i0; i++) {
    const ar = wv[2 * i]!;
    const ai = -wv[2 * i + 1]!;
    const o = 2 * ((c0 + i) * n + c0);
    for (let j = 0; j < l2; j += 2) {
      const xr = x[o + j]!;
      const xi = x[o + j + 1]!;
      w[j] = w[j]! + (ar * xr - ai * xi);
      w[j + 1] = w[j + 1]! + (ar * xi + ai * xr);
    }
  }
  for (let i = i0; i < len; i += 4) {
    const ar = wv[2 * i]!;
    const ai = -wv[2 * i + 1]!;
    const br = wv[2 * i + 2]!;
    const bi = -wv[2 * i + 3]!;
    const cr = wv[2 * i + 4]!;
    const ci = -wv[2 * i + 5]!;
    const dr = wv[2 * i + 6]!;
    const di = -wv[2 * i + 7]!;
    const o1 = 2 * ((c0 + i) * n + c0);
    const o2 = o1 + n2;
    const o3 = o2 + n2;
    const o4 = o3 + n2;
    for (let j = 0; j < l2; j += 2) {
      const xr = x[o1 + j]!;
      const xi = x[o1 + j + 1]!;
      const yr = x[o2 + j]!;
      const yi = x[o2 + j + 1]!;
      const ur = x[o3 + j]!;
      const ui = x[o3 + j + 1]!;
      const zr = x[o4 + j]!;
      const zi = x[o4 + j + 1]!;
      w[j] = w[j]! + (ar * xr - ai * xi + (br * yr - bi * yi)) + (cr * ur - ci * ui + (dr * zr - di * zi));
      w[j + 1] = w[j + 1]! + (ar * xi + ai * xr + (br * yi + bi * yr)) + (cr * ui + ci * ur + (dr * zi + di * zr));
    }
  }
  // X -= (t·v_i)·w, two rows per pass
  let i = 0;
  if (len % 2 === 1) {
    const vr = wv[0]!;
    const vi = wv[1]!;
    axpyRow(x, 2 * (c0 * n + c0), w, l2, -(tr * vr - ti * vi), -(tr * vi + ti * vr));
    i = 1;
  }
  for (; i < len; i += 2) {
    const vr = wv[2 * i]!;
    const vi = wv[2 * i + 1]!;
    const ur = wv[2 * i + 2]!;
    const ui = wv[2 * i + 3]!;
    const cr = tr * vr - ti * vi;
    const ci = tr * vi + ti * vr;
    const dr = tr * ur - ti * ui;
    const di = tr * ui + ti * ur;
    const o1 = 2 * ((c0 + i) * n + c0);
    const o2 = o1 + n2;
    for (let j = 0; j < l2; j += 2) {
      const yr = w[j]!;
      const yi = w[j + 1]!;
      x[o1 + j] = x[o1 + j]! - (cr * yr - ci * yi);
      x[o1 + j + 1] = x[o1 + j + 1]! - (cr * yi + ci * yr);
      x[o2 + j] = x[o2 + j]! - (dr * yr - di * yi);
      x[o2 + j + 1] = x[o2 + j + 1]! - (dr * yi + di * yr);
    }
  }
}

/** x[o..o+l2) += (cr + i·ci)·w[0..l2) (interleaved complex). */
function axpyRow(x: Float64Array, o: number, w: Float64Array, l2: number, cr: number, ci: number): void {
  for (let j = 0; j < l2; j += 2) {
    const yr = w[j]!;
    const yi = w[j + 1]!;
    x[o + j] = x[o + j]! + (cr * yr - ci * yi);
    x[o + j + 1] = x[o + j + 1]! + (cr * yi + ci * yr);
  }
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

// ---------------------------------------------------------------------------------------------
// Schur form: single-shift complex QR (zlahqr) with aggressive early deflation (zlaqr0/zlaqr3)

/** Active blocks smaller than this are finished by plain single-shift sweeps (LAPACK's NMIN). */
const NMIN = 75;
/** Skip the sweeps after an AED that deflated at least this percentage of its window. */
const NIBBLE = 14;
/** AEDs in a row without a deflation before the window grows, and before exceptional shifts. */
const KEXNW = 5;
const KEXSH = 6;

/** Nominal number of shifts per iteration for an active block of order nh (LAPACK iparmq). */
function nominalShifts(nh: number): number {
  let ns = 2;
  if (nh >= 30) ns = 4;
  if (nh >= 60) ns = 10;
  if (nh >= 150) ns = Math.max(10, Math.floor(nh / Math.round(Math.log2(nh))));
  if (nh >= 590) ns = 64;
  return Math.max(2, ns - (ns % 2)) | 0;
}

/** Largest deflation window for order n (0 when n is too small to use AED). */
function maxWindow(n: number): number {
  return n < NMIN ? 0 : ((n - 1) / 3) | 0;
}

// Side results of lahqr and aed (module-level so nothing is allocated per call).
let lastSweeps = 0;
let aedDeflated = 0;
let aedShifts = 0;

function notConverged(sweeps: number, converged: number, n: number): Error {
  return new Error(`eig: QR iteration did not converge after ${sweeps} sweeps (${converged} of ${n} eigenvalues converged)`);
}

/**
 * Schur form of the Hessenberg `h` (zeros below the subdiagonal assumed), accumulating into
 * `zt` = Zᵀ (row k of zt is column k of Z). Returns the number of QR sweeps over the matrix.
 */
function schurCore(n: number, h: Float64Array, zt: Float64Array, lambda: Float64Array, ws: EigWorkspace, maxSweeps: number): number {
  realifySubdiagonal(n, h, zt, 0, n - 1);
  if (n < NMIN) {
    const info = lahqr(n, h, zt, lambda, 0, n - 1, ws.sweep, maxSweeps);
    if (info >= 0) throw notConverged(lastSweeps, n - 1 - info, n);
    return lastSweeps;
  }
  const smlnum = SAFMIN * (n / ULP);
  const nwmax = maxWindow(n);
  const nsmax = Math.max(2, ((n - 3) / 6) & ~1) | 0;
  const sh = ws.shifts;
  let sweeps = 0;
  let kbot = n - 1;
  let ndfl = 1;
  let nw = 0;
  while (kbot >= 0) {
    let ktop = kbot;
    while (ktop > 0 && !negligible(n, h, ktop, 0, n - 1, smlnum)) ktop--;
    if (ktop > 0) {
      h[2 * (ktop * n + ktop - 1)] = 0;
      h[2 * (ktop * n + ktop - 1) + 1] = 0;
    }
    const nh = kbot - ktop + 1;
    if (nh < NMIN) {
      const info = lahqr(n, h, zt, lambda, ktop, kbot, ws.sweep, maxSweeps - sweeps);
      sweeps += lastSweeps;
      if (info >= 0) throw notConverged(sweeps, n - 1 - info, n);
      kbot = ktop - 1;
      ndfl = 1;
      continue;
    }
    // Deflation window.
    const ns0 = Math.min(nsmax, nominalShifts(nh)) | 0;
    const nwr = Math.min(nh, nwmax, Math.max(2, (3 * ns0) >> 1)) | 0;
    const nwupbd = Math.min(nh, nwmax);
    nw = (ndfl < KEXNW ? Math.min(nwupbd, nwr) : Math.min(nwupbd, 2 * nw)) | 0;
    if (nw < nwmax) {
      if (nw >= nh - 1) nw = nh;
      else {
        const p = 2 * ((kbot - nw + 1) * n + kbot - nw); // (kwtop, kwtop-1)
        const q = p - 2 * n - 2; // (kwtop-1, kwtop-2)
        if (Math.abs(h[p]!) + Math.abs(h[p + 1]!) > Math.abs(h[q]!) + Math.abs(h[q + 1]!)) nw++;
      }
    }
    aed(n, h, zt, lambda, ws, ktop, kbot, nw, smlnum);
    const ld = aedDeflated;
    kbot -= ld;
    if (ld === 0 || (100 * ld <= nw * NIBBLE && kbot - ktop + 1 > Math.min(NMIN, nwmax))) {
      const ns = Math.min(ns0, Math.max(2, kbot - ktop)) | 0;
      let nsh: number;
      if (ndfl % KEXSH === 0) {
        nsh = 0;
        for (let i = kbot; i > kbot - ns + 1; i -= 2) {
          const p = 2 * (i * n + i);
          const r = h[p]! + 0.75 * (Math.abs(h[p - 2]!) + Math.abs(h[p - 1]!));
          sh[2 * nsh] = r;
          sh[2 * nsh + 1] = h[p + 1]!;
          sh[2 * nsh + 2] = r;
          sh[2 * nsh + 3] = h[p + 1]!;
          nsh += 2;
        }
      } else if (aedShifts <= ns / 2) {
        nsh = trailingEigenvalues(n, h, kbot - ns + 1, ns, ws);
      } else {
        nsh = Math.min(ns, aedShifts);
      }
      for (let s = 0; s < nsh && kbot > ktop; s++) {
        if (sweeps >= maxSweeps) throw notConverged(sweeps, n - 1 - kbot, n);
        qrSweep(n, h, zt, ws.sweep, ktop, kbot, sh[2 * s]!, sh[2 * s + 1]!);
        sweeps++;
        while (kbot > ktop && negligible(n, h, kbot, 0, n - 1, smlnum)) {
          const p = 2 * (kbot * n + kbot);
          h[p - 2] = 0;
          h[p - 1] = 0;
          lambda[2 * kbot] = h[p]!;
          lambda[2 * kbot + 1] = h[p + 1]!;
          kbot--;
        }
      }
    }
    ndfl = ld > 0 ? 1 : ndfl + 1;
  }
  return sweeps;
}

/** Make the subdiagonal of rows ilo+1..ihi real: H ← Dᴴ·H·D, Z ← Z·D with a diagonal unitary D. */
function realifySubdiagonal(n: number, h: Float64Array, zt: Float64Array, ilo: number, ihi: number): void {
  const n2 = 2 * n;
  for (let i = ilo + 1; i <= ihi; i++) {
    const p = 2 * (i * n + i - 1);
    const hr = h[p]!;
    const hi = h[p + 1]!;
    if (hi === 0) continue;
    const c1 = Math.abs(hr) + Math.abs(hi);
    const ur = hr / c1;
    const ui = hi / c1;
    const m = Math.hypot(ur, ui);
    const er = ur / m; // e = h/|h|
    const ei = ui / m;
    h[p] = c1 * m;
    h[p + 1] = 0;
    scaleRange(h, 2 * (i * n + i), 2 * (i * n + n), 2, er, -ei); // row i, columns i.. by conj(e)
    scaleRange(h, 2 * i, 2 * (Math.min(n - 1, i + 1) * n + i) + 1, n2, er, ei); // column i, rows 0..i+1 by e
    scaleRange(zt, 2 * i * n, 2 * (i * n + n), 2, er, ei); // column i of Z by e
  }
}

/**
 * Whether h(k, k-1) is negligible: the conservative criterion of Ahues & Kressner used by
 * zlahqr, relative to the neighbouring diagonal entries (ilo..ihi bound the block).
 */
function negligible(n: number, h: Float64Array, k: number, ilo: number, ihi: number, smlnum: number): boolean {
  const n2 = 2 * n;
  const pd = 2 * (k * n + k); // (k, k)
  const ps = pd - 2; // (k, k-1)
  const pu = pd - n2; // (k-1, k)
  const pp = ps - n2; // (k-1, k-1)
  const hs = Math.abs(h[ps]!) + Math.abs(h[ps + 1]!);
  if (hs <= smlnum) return true;
  const hkk = Math.abs(h[pd]!) + Math.abs(h[pd + 1]!);
  let tst = Math.abs(h[pp]!) + Math.abs(h[pp + 1]!) + hkk;
  if (tst === 0) {
    if (k - 2 >= ilo) tst += Math.abs(h[pp - 2]!);
    if (k + 1 <= ihi) tst += Math.abs(h[pd + n2]!);
  }
  if (Math.abs(h[ps]!) > ULP * tst) return false;
  const hu = Math.abs(h[pu]!) + Math.abs(h[pu + 1]!);
  const ab = Math.max(hs, hu);
  const ba = Math.min(hs, hu);
  const dd = Math.abs(h[pp]! - h[pd]!) + Math.abs(h[pp + 1]! - h[pd + 1]!);
  const aa = Math.max(hkk, dd);
  const bb = Math.min(hkk, dd);
  const s = aa + ab;
  return ba * (ab / s) <= Math.max(smlnum, ULP * (bb * (aa / s)));
}

/**
 * zlahqr on the diagonal block ilo..ihi of the n×n Hessenberg `h` (real subdiagonal), applying
 * every transformation to all of H and to Zᵀ so the full Schur form stays consistent. Writes the
 * converged eigenvalues into `lambda`, the number of sweeps into `lastSweeps`.
 * @returns -1 on success, else the index of the eigenvalue that did not converge in `budget` sweeps.
 */
function lahqr(n: number, h: Float64Array, zt: Float64Array, lambda: Float64Array, ilo: number, ihi: number, R: Float64Array, budget: number): number {
  const n2 = 2 * n;
  const smlnum = SAFMIN * ((ihi - ilo + 1) / ULP);
  let sweeps = 0;
  let kdefl = 0;
  let i = ihi;
  lastSweeps = 0;
  while (i >= ilo) {
    let l = ilo;
    for (;;) {
      let k = i;
      while (k > l && !negligible(n, h, k, ilo, ihi, smlnum)) k--;
      l = k;
      if (l > ilo) {
        h[2 * (l * n + l - 1)] = 0;
        h[2 * (l * n + l - 1) + 1] = 0;
      }
      if (l >= i) break; // a 1×1 block has split off
      if (sweeps >= budget) {
        lastSweeps = sweeps;
        return i;
      }
      kdefl++;
      sweeps++;
      // Shift.
      let tr: number;
      let ti: number;
      const pii = 2 * (i * n + i);
      if (kdefl % 20 === 0) {
        tr = 0.75 * Math.abs(h[pii - 2]!) + h[pii]!;
        ti = h[pii + 1]!;
      } else if (kdefl % 10 === 0) {
        const pll = 2 * (l * n + l);
        tr = 0.75 * Math.abs(h[pll + n2]!) + h[pll]!;
        ti = h[pll + 1]!;
      } else {
        // Wilkinson: the eigenvalue of the trailing 2×2 closer to h(i,i)
        tr = h[pii]!;
        ti = h[pii + 1]!;
        csqrt(h[pii - n2]!, h[pii - n2 + 1]!);
        const ar = outRe;
        const ai = outIm;
        csqrt(h[pii - 2]!, h[pii - 1]!);
        const ur = ar * outRe - ai * outIm;
        const ui = ar * outIm + ai * outRe;
        let s = Math.abs(ur) + Math.abs(ui);
        if (s !== 0) {
          const pm = pii - n2 - 2;
          const xr = 0.5 * (h[pm]! - tr);
          const xi = 0.5 * (h[pm + 1]! - ti);
          const sx = Math.abs(xr) + Math.abs(xi);
          s = Math.max(s, sx);
          const xsr = xr / s;
          const xsi = xi / s;
          const usr = ur / s;
          const usi = ui / s;
          csqrt(xsr * xsr - xsi * xsi + usr * usr - usi * usi, 2 * xsr * xsi + 2 * usr * usi);
          let yr = s * outRe;
          let yi = s * outIm;
          if (sx > 0 && (xr / sx) * yr + (xi / sx) * yi < 0) {
            yr = -yr;
            yi = -yi;
          }
          cdiv(ur, ui, xr + yr, xi + yi);
          tr -= ur * outRe - ui * outIm;
          ti -= ur * outIm + ui * outRe;
        }
      }
      qrSweep(n, h, zt, R, l, i, tr, ti);
    }
    lambda[2 * i] = h[2 * (i * n + i)]!;
    lambda[2 * i + 1] = h[2 * (i * n + i) + 1]!;
    kdefl = 0;
    i = l - 1;
  }
  lastSweeps = sweeps;
  return -1;
}

/** Eigenvalues of the ns×ns diagonal block of h starting at k0, into ws.shifts; returns ns. */
function trailingEigenvalues(n: number, h: Float64Array, k0: number, ns: number, ws: EigWorkspace): number {
  const t = ws.t;
  const vt = ws.vt;
  for (let r = 0; r < ns; r++) {
    for (let c = 0; c < ns; c++) {
      const src = 2 * ((k0 + r) * n + k0 + c);
      const dst = 2 * (r * ns + c);
      const keep = c >= r - 1;
      t[dst] = keep ? h[src]! : 0;
      t[dst + 1] = keep ? h[src + 1]! : 0;
      vt[dst] = r === c ? 1 : 0;
      vt[dst + 1] = 0;
    }
  }
  lahqr(ns, t, vt, ws.shifts, 0, ns - 1, ws.sweep, defaultMaxSweeps(ns));
  for (let j = 0; j < ns; j++) {
    ws.shifts[2 * j] = t[2 * (j * ns + j)]!;
    ws.shifts[2 * j + 1] = t[2 * (j * ns + j) + 1]!;
  }
  return ns;
}

/**
 * Aggressive early deflation (zlaqr3) on the bottom nw×nw window of the active block
 * ktop..kbot: Schur-decompose the window, deflate the eigenvalues whose spike entries are
 * negligible, and if any deflated, restore Hessenberg form and apply the window's unitary to the
 * rest of H and to Zᵀ. Sets aedDeflated (eigenvalues deflated at the bottom, written to lambda)
 * and aedShifts (undeflated window eigenvalues, in ws.shifts, for use as shifts).
 */
function aed(n: number, h: Float64Array, zt: Float64Array, lambda: Float64Array, ws: EigWorkspace, ktop: number, kbot: number, nw: number, smlnum: number): void {
  const jw = Math.min(nw, kbot - ktop + 1);
  const kwtop = kbot - jw + 1;
  const t = ws.t;
  const vt = ws.vt;
  const sh = ws.shifts;
  let sr = 0;
  let si = 0;
  if (kwtop > ktop) {
    sr = h[2 * (kwtop * n + kwtop - 1)]!;
    si = h[2 * (kwtop * n + kwtop - 1) + 1]!;
  }
  if (jw === 1) {
    const p = 2 * (kwtop * n + kwtop);
    sh[0] = h[p]!;
    sh[1] = h[p + 1]!;
    aedShifts = 1;
    aedDeflated = 0;
    if (Math.abs(sr) + Math.abs(si) <= Math.max(smlnum, ULP * (Math.abs(h[p]!) + Math.abs(h[p + 1]!)))) {
      aedShifts = 0;
      aedDeflated = 1;
      if (kwtop > ktop) {
        h[p - 2] = 0;
        h[p - 1] = 0;
      }
      lambda[2 * kwtop] = h[p]!;
      lambda[2 * kwtop + 1] = h[p + 1]!;
    }
    return;
  }
  // Copy the window (upper Hessenberg) and Schur-decompose it: W = V·T·Vᴴ, vt = Vᵀ.
  for (let r = 0; r < jw; r++) {
    for (let c = 0; c < jw; c++) {
      const src = 2 * ((kwtop + r) * n + kwtop + c);
      const dst = 2 * (r * jw + c);
      const keep = c >= r - 1;
      t[dst] = keep ? h[src]! : 0;
      t[dst + 1] = keep ? h[src + 1]! : 0;
      vt[dst] = r === c ? 1 : 0;
      vt[dst + 1] = 0;
    }
  }
  if (lahqr(jw, t, vt, ws.w2, 0, jw - 1, ws.sweep, defaultMaxSweeps(jw)) >= 0) {
    // Rare failure of the window's QR: deflate nothing, offer its diagonal as shifts.
    for (let j = 0; j < jw; j++) {
      sh[2 * j] = t[2 * (j * jw + j)]!;
      sh[2 * j + 1] = t[2 * (j * jw + j) + 1]!;
    }
    aedShifts = jw;
    aedDeflated = 0;
    return;
  }
  // Deflation detection: the spike is s·conj(first row of V); test its tip, moving undeflatable
  // eigenvalues to the top of the window.
  const s1 = Math.abs(sr) + Math.abs(si);
  let ns = jw;
  let ilst = 0;
  for (let knt = 0; knt < jw; knt++) {
    const pd = 2 * ((ns - 1) * jw + ns - 1);
    let foo = Math.abs(t[pd]!) + Math.abs(t[pd + 1]!);
    if (foo === 0) foo = s1;
    const pv = 2 * (ns - 1) * jw; // V(0, ns-1) = vt(ns-1, 0)
    if (s1 * (Math.abs(vt[pv]!) + Math.abs(vt[pv + 1]!)) <= Math.max(smlnum, ULP * foo)) {
      ns--;
    } else {
      for (let k = ns - 2; k >= ilst; k--) swapDiagonal(jw, t, vt, k);
      ilst++;
    }
  }
  if (ns === 0) {
    sr = 0;
    si = 0;
  }
  for (let j = 0; j < ns; j++) {
    sh[2 * j] = t[2 * (j * jw + j)]!;
    sh[2 * j + 1] = t[2 * (j * jw + j) + 1]!;
  }
  aedShifts = ns;
  aedDeflated = jw - ns;
  if (ns === jw && (sr !== 0 || si !== 0)) return; // nothing deflated: leave H as it was

  const wv = ws.w1;
  const w = ws.w2;
  if (ns > 1 && (sr !== 0 || si !== 0)) {
    // Reflect the spike back onto its first entry, then restore Hessenberg form of the top ns×ns.
    for (let j = 0; j < ns; j++) {
      wv[2 * j] = vt[2 * j * jw]!;
      wv[2 * j + 1] = -vt[2 * j * jw + 1]!;
    }
    larfg(wv, ns);
    const taur = outRe;
    const taui = outIm;
    wv[0] = 1;
    wv[1] = 0;
    reflectRows(t, jw, 0, ns, 0, jw, wv, false, w, taur, -taui);
    reflectCols(t, jw, 0, ns, 0, ns, wv, taur, taui);
    reflectRows(vt, jw, 0, ns, 0, jw, wv, true, w, taur, taui);
    for (let k = 0; k < ns - 2; k++) {
      const c0 = k + 1;
      const len = ns - c0;
      for (let j = 0; j < len; j++) {
        const p = 2 * ((c0 + j) * jw + k);
        wv[2 * j] = t[p]!;
        wv[2 * j + 1] = t[p + 1]!;
        if (j > 0) {
          t[p] = 0;
          t[p + 1] = 0;
        }
      }
      larfg(wv, len);
      const tr = outRe;
      const ti = outIm;
      t[2 * (c0 * jw + k)] = wv[0]!;
      t[2 * (c0 * jw + k) + 1] = 0;
      if (tr === 0 && ti === 0) continue;
      wv[0] = 1;
      wv[1] = 0;
      reflectCols(t, jw, 0, ns, c0, len, wv, tr, ti);
      reflectRows(t, jw, c0, len, c0, jw, wv, false, w, tr, -ti);
      reflectRows(vt, jw, c0, len, 0, jw, wv, true, w, tr, ti);
    }
  }
  // New coupling h(kwtop, kwtop-1) = s·conj(V(0,0)); make it and the window's subdiagonal real
  // with a diagonal unitary D folded into T and V.
  let pr = 0;
  let pi = 0;
  if (kwtop > ktop) {
    const vr = vt[0]!;
    const vi = -vt[1]!;
    pr = sr * vr - si * vi;
    pi = sr * vi + si * vr;
  }
  let dr = 1;
  let di = 0;
  if (pi !== 0) {
    const m = Math.hypot(pr, pi);
    dr = pr / m;
    di = pi / m;
    pr = m;
    pi = 0;
  }
  const d = ws.w1;
  d[0] = dr;
  d[1] = di;
  for (let j = 1; j < jw; j++) {
    const p = 2 * (j * jw + j - 1);
    const xr = t[p]! * dr - t[p + 1]! * di;
    const xi = t[p]! * di + t[p + 1]! * dr;
    if (xi !== 0) {
      const m = Math.hypot(xr, xi);
      dr = xr / m;
      di = xi / m;
    } else {
      dr = 1;
      di = 0;
    }
    d[2 * j] = dr;
    d[2 * j + 1] = di;
  }
  for (let r = 0; r < jw; r++) {
    const er = d[2 * r]!;
    const ei = -d[2 * r + 1]!; // conj(d_r)
    for (let c = Math.max(0, r - 1); c < jw; c++) {
      const fr = d[2 * c]!;
      const fi = d[2 * c + 1]!;
      if (er === 1 && fr === 1) continue;
      const gr = er * fr - ei * fi;
      const gi = er * fi + ei * fr;
      const p = 2 * (r * jw + c);
      const xr = t[p]!;
      const xi = t[p + 1]!;
      t[p] = xr * gr - xi * gi;
      t[p + 1] = xr * gi + xi * gr;
    }
    if (r > 0) t[2 * (r * jw + r - 1) + 1] = 0;
    if (d[2 * r] !== 1) scaleRange(vt, 2 * r * jw, 2 * (r + 1) * jw, 2, d[2 * r]!, d[2 * r + 1]!);
  }
  // Write the window back.
  for (let r = 0; r < jw; r++) {
    for (let c = Math.max(0, r - 1); c < jw; c++) {
      const src = 2 * (r * jw + c);
      const dst = 2 * ((kwtop + r) * n + kwtop + c);
      h[dst] = t[src]!;
      h[dst + 1] = t[src + 1]!;
    }
  }
  if (kwtop > 0) {
    h[2 * (kwtop * n + kwtop - 1)] = pr;
    h[2 * (kwtop * n + kwtop - 1) + 1] = 0;
  }
  // The window's unitary on the rest: H[0..kwtop-1, window]·V, Vᴴ·H[window, kbot+1..], Vᵀ·Zᵀ[window, :].
  if (kwtop > 0) rowsTimesV(n, h, 0, kwtop, kwtop, jw, vt, ws.tmp);
  if (kbot + 1 < n) vRowsTimes(n, h, kwtop, jw, kbot + 1, n, vt, true, ws.tmp);
  vRowsTimes(n, zt, kwtop, jw, 0, n, vt, false, ws.tmp);
  for (let j = ns; j < jw; j++) {
    lambda[2 * (kwtop + j)] = t[2 * (j * jw + j)]!;
    lambda[2 * (kwtop + j) + 1] = t[2 * (j * jw + j) + 1]!;
  }
}

/**
 * Swap the adjacent diagonal entries k, k+1 of the upper triangular m×m `t` by a plane rotation
 * (ztrexc), applied to t and to vt = Vᵀ.
 */
function swapDiagonal(m: number, t: Float64Array, vt: Float64Array, k: number): void {
  const m2 = 2 * m;
  const pkk = 2 * (k * m + k);
  const t11r = t[pkk]!;
  const t11i = t[pkk + 1]!;
  const t22r = t[pkk + m2 + 2]!;
  const t22i = t[pkk + m2 + 3]!;
  // zlartg(f = t(k,k+1), g = t22 - t11): [c s; -conj(s) c]·[f; g] = [r; 0]
  const fr = t[pkk + 2]!;
  const fi = t[pkk + 3]!;
  const gr = t22r - t11r;
  const gi = t22i - t11i;
  let c: number;
  let sr: number;
  let si: number;
  if (gr === 0 && gi === 0) return; // equal eigenvalues: nothing to do
  if (fr === 0 && fi === 0) {
    const g1 = Math.hypot(gr, gi);
    c = 0;
    sr = gr / g1;
    si = -gi / g1;
  } else {
    const f1 = Math.hypot(fr, fi);
    const g1 = Math.hypot(gr, gi);
    const dd = Math.hypot(f1, g1);
    c = f1 / dd;
    // s = (f/|f|)·conj(g)/d
    sr = (fr * gr + fi * gi) / f1 / dd;
    si = (fi * gr - fr * gi) / f1 / dd;
  }
  // rows k, k+1 right of the block: x' = c·x + s·y, y' = c·y − conj(s)·x
  const o1 = 2 * k * m;
  const o2 = o1 + m2;
  for (let j = 2 * (k + 2); j < m2; j += 2) {
    const xr = t[o1 + j]!;
    const xi = t[o1 + j + 1]!;
    const yr = t[o2 + j]!;
    const yi = t[o2 + j + 1]!;
    t[o1 + j] = c * xr + sr * yr - si * yi;
    t[o1 + j + 1] = c * xi + sr * yi + si * yr;
    t[o2 + j] = c * yr - (sr * xr + si * xi);
    t[o2 + j + 1] = c * yi - (sr * xi - si * xr);
  }
  // columns k, k+1 above the block: x' = c·x + conj(s)·y, y' = c·y − s·x
  for (let p = 2 * k; p < pkk; p += m2) {
    const xr = t[p]!;
    const xi = t[p + 1]!;
    const yr = t[p + 2]!;
    const yi = t[p + 3]!;
    t[p] = c * xr + sr * yr + si * yi;
    t[p + 1] = c * xi + sr * yi - si * yr;
    t[p + 2] = c * yr - (sr * xr - si * xi);
    t[p + 3] = c * yi - (sr * xi + si * xr);
  }
  t[pkk] = t22r;
  t[pkk + 1] = t22i;
  t[pkk + m2 + 2] = t11r;
  t[pkk + m2 + 3] = t11i;
  // V(:, k..k+1) as above: rows k, k+1 of vt
  for (let j = 0; j < m2; j += 2) {
    const xr = vt[o1 + j]!;
    const xi = vt[o1 + j + 1]!;
    const yr = vt[o2 + j]!;
    const yi = vt[o2 + j + 1]!;
    vt[o1 + j] = c * xr + sr * yr + si * yi;
    vt[o1 + j + 1] = c * xi + sr * yi - si * yr;
    vt[o2 + j] = c * yr - (sr * xr - si * xi);
    vt[o2 + j + 1] = c * yi - (sr * xi + si * xr);
  }
}

/**
 * zlarfg on x = (α, x₁ … x_{len-1}) (interleaved): on return x[0] = β (real), x[1..] = v[1..],
 * τ in outRe/outIm, with (I − τ·v·vᴴ)ᴴ·x = β·e₀ and v₀ = 1.
 */
function larfg(x: Float64Array, len: number): void {
  let alphr = x[0]!;
  let alphi = x[1]!;
  const e = 2 * len;
  let amax = 0;
  for (let p = 2; p < e; p++) amax = Math.max(amax, Math.abs(x[p]!));
  let xnorm = 0;
  if (amax > 0) {
    let s = 0;
    for (let p = 2; p < e; p++) {
      const y = x[p]! / amax;
      s += y * y;
    }
    xnorm = amax * Math.sqrt(s);
  }
  if (xnorm === 0 && alphi === 0) {
    outRe = 0;
    outIm = 0;
    return;
  }
  let beta = -Math.sign(alphr || 1) * hypot3(alphr, alphi, xnorm);
  let knt = 0;
  if (Math.abs(beta) < LARFG_SMALL) {
    do {
      knt++;
      for (let p = 2; p < e; p++) x[p] = x[p]! * LARFG_BIG;
      beta *= LARFG_BIG;
      alphr *= LARFG_BIG;
      alphi *= LARFG_BIG;
    } while (Math.abs(beta) < LARFG_SMALL && knt < 20);
    let s = 0;
    for (let p = 2; p < e; p++) s += x[p]! * x[p]!;
    beta = -Math.sign(alphr || 1) * hypot3(alphr, alphi, Math.sqrt(s));
  }
  const taur = (beta - alphr) / beta;
  const taui = -alphi / beta;
  cdiv(1, 0, alphr - beta, alphi);
  const sr = outRe;
  const si = outIm;
  for (let p = 2; p < e; p += 2) {
    const xr = x[p]!;
    const xi = x[p + 1]!;
    x[p] = xr * sr - xi * si;
    x[p + 1] = xr * si + xi * sr;
  }
  for (let j = 0; j < knt; j++) beta *= LARFG_SMALL;
  x[0] = beta;
  x[1] = 0;
  outRe = taur;
  outIm = taui;
}

/**
 * x[r0..r0+len, c0..c1) ← (I − t·u·uᴴ)·x[…] for the m-column row-major x, u = v or conj(v)
 * (v interleaved in `v`, length len); `w` is scratch of length 2(c1 − c0).
 */
function reflectRows(x: Float64Array, m: number, r0: number, len: number, c0: number, c1: number, v: Float64Array, conjV: boolean, w: Float64Array, tr: number, ti: number): void {
  const sg = conjV ? -1 : 1;
  const wl = 2 * (c1 - c0);
  w.fill(0, 0, wl);
  for (let i = 0; i < len; i++) {
    const ar = v[2 * i]!;
    const ai = -sg * v[2 * i + 1]!; // conj(u_i)
    const o = 2 * ((r0 + i) * m + c0);
    for (let j = 0; j < wl; j += 2) {
      const xr = x[o + j]!;
      const xi = x[o + j + 1]!;
      w[j] = w[j]! + ar * xr - ai * xi;
      w[j + 1] = w[j + 1]! + ar * xi + ai * xr;
    }
  }
  for (let i = 0; i < len; i++) {
    const ur = v[2 * i]!;
    const ui = sg * v[2 * i + 1]!;
    const cr = tr * ur - ti * ui;
    const ci = tr * ui + ti * ur;
    const o = 2 * ((r0 + i) * m + c0);
    for (let j = 0; j < wl; j += 2) {
      const yr = w[j]!;
      const yi = w[j + 1]!;
      x[o + j] = x[o + j]! - (cr * yr - ci * yi);
      x[o + j + 1] = x[o + j + 1]! - (cr * yi + ci * yr);
    }
  }
}

/** x[r0..r1, c0..c0+len) ← x[…]·(I − t·v·vᴴ) for the m-column row-major x. */
function reflectCols(x: Float64Array, m: number, r0: number, r1: number, c0: number, len: number, v: Float64Array, tr: number, ti: number): void {
  const l2 = 2 * len;
  for (let r = r0; r < r1; r++) {
    const o = 2 * (r * m + c0);
    let pr = 0;
    let pi = 0;
    for (let j = 0; j < l2; j += 2) {
      const xr = x[o + j]!;
      const xi = x[o + j + 1]!;
      const vr = v[j]!;
      const vi = v[j + 1]!;
      pr += xr * vr - xi * vi;
      pi += xr * vi + xi * vr;
    }
    const cr = tr * pr - ti * pi;
    const ci = tr * pi + ti * pr;
    for (let j = 0; j < l2; j += 2) {
      const vr = v[j]!;
      const vi = v[j + 1]!;
      x[o + j] = x[o + j]! - (cr * vr + ci * vi);
      x[o + j + 1] = x[o + j + 1]! - (ci * vr - cr * vi);
    }
  }
}

/**
 * x[r0..r1, c0..c0+m) ← x[…]·V for the n-column x, with vt = Vᵀ (m×m): each row is replaced by
 * its products with the rows of vt. `tmp` holds one row (length ≥ 2m).
 */
function rowsTimesV(n: number, x: Float64Array, r0: number, r1: number, c0: number, m: number, vt: Float64Array, tmp: Float64Array): void {
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
function vRowsTimes(n: number, x: Float64Array, r0: number, m: number, c0: number, c1: number, vt: Float64Array, conjugate: boolean, tmp: Float64Array): void {
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

/** x[p] *= (cr + i·ci) for p = from, from+step, … < to. */
function scaleRange(x: Float64Array, from: number, to: number, step: number, cr: number, ci: number): void {
  for (let p = from; p < to; p += step) {
    const xr = x[p]!;
    const xi = x[p + 1]!;
    x[p] = xr * cr - xi * ci;
    x[p + 1] = xr * ci + xi * cr;
  }
}

/** Reflectors per chase block in a QR sweep (see qrSweep). */
const CHASE_BLOCK = 16;

/**
 * One single-shift QR sweep with shift t on the active block l..i of `h` (real subdiagonal),
 * applied to all of H and to Zᵀ.
 *
 * The bulge is chased in blocks of CHASE_BLOCK reflectors: inside a block each reflector is
 * applied at once only where the next ones need it (rows and columns of the block), and at the end
 * of the block all of its reflectors are applied, in order and two per pass, to the columns right
 * of the block and the rows above it. Zᵀ gets the whole sweep at the end. Every entry still sees
 * the reflectors in sweep order, so the result is that of the plain sweep.
 */
function qrSweep(n: number, h: Float64Array, zt: Float64Array, R: Float64Array, l: number, i: number, sr: number, si: number): void {
  const n2 = 2 * n;
  // First column of H − tI, scaled.
  const pll = 2 * (l * n + l);
  const h11r = h[pll]! - sr;
  const h11i = h[pll + 1]! - si;
  const h21 = h[pll + n2]!;
  const s = Math.abs(h11r) + Math.abs(h11i) + Math.abs(h21);
  let v1r = h11r / s;
  let v1i = h11i / s;
  let v2 = h21 / s;
  for (let kb = l; kb < i; kb += CHASE_BLOCK) {
    const ke = Math.min(kb + CHASE_BLOCK, i); // reflectors kb..ke-1; columns up to ke are immediate
    for (let k = kb, q = 5 * (kb - l); k < ke; k++, q += 5) {
      const pb = 2 * (k * n + k - 1); // (k, k-1)
      if (k > l) {
        v1r = h[pb]!;
        v1i = h[pb + 1]!;
        v2 = h[pb + n2]!; // the bulge (k+1, k-1) is real
      }
      // 2×2 reflector (zlarfg with a real second component): G = I − τ·[1; w]·[1; w]ᴴ
      let t1r = 0;
      let t1i = 0;
      let w2r = 0;
      let w2i = 0;
      let betar = v1r;
      if (v2 !== 0 || v1i !== 0) {
        let ar = v1r;
        let ai = v1i;
        let x = v2;
        let beta = -Math.sign(ar || 1) * hypot3(ar, ai, x);
        let knt = 0;
        if (Math.abs(beta) < LARFG_SMALL) {
          do {
            knt++;
            x *= LARFG_BIG;
            beta *= LARFG_BIG;
            ar *= LARFG_BIG;
            ai *= LARFG_BIG;
          } while (Math.abs(beta) < LARFG_SMALL && knt < 20);
          beta = -Math.sign(ar || 1) * hypot3(ar, ai, x);
        }
        t1r = (beta - ar) / beta;
        t1i = -ai / beta;
        cdiv(x, 0, ar - beta, ai);
        w2r = outRe;
        w2i = outIm;
        for (let j = 0; j < knt; j++) beta *= LARFG_SMALL;
        betar = beta;
      }
      if (k > l) {
        h[pb] = betar;
        h[pb + 1] = 0;
        h[pb + n2] = 0;
        h[pb + n2 + 1] = 0;
      }
      const t2 = t1r * w2r - t1i * w2i; // Re(τ·w), real by construction
      R[q] = t1r;
      R[q + 1] = t1i;
      R[q + 2] = t2;
      R[q + 3] = w2r;
      R[q + 4] = w2i;
      // From the left on rows k, k+1, columns k..ke: s = conj(τ)·a + t₂·b; a −= s; b −= s·w.
      const o1 = 2 * k * n;
      const o2 = o1 + n2;
      for (let j = 2 * k, je = 2 * ke; j <= je; j += 2) {
        const ar = h[o1 + j]!;
        const ai = h[o1 + j + 1]!;
        const br = h[o2 + j]!;
        const bi = h[o2 + j + 1]!;
        const sumr = t1r * ar + t1i * ai + t2 * br;
        const sumi = t1r * ai - t1i * ar + t2 * bi;
        h[o1 + j] = ar - sumr;
        h[o1 + j + 1] = ai - sumi;
        h[o2 + j] = br - (sumr * w2r - sumi * w2i);
        h[o2 + j + 1] = bi - (sumr * w2i + sumi * w2r);
      }
      // From the right on columns k, k+1, rows kb..min(k+2, i): s = τ·a + t₂·b; a −= s; b −= s·conj(w).
      const pe = 2 * (Math.min(k + 2, i) * n + k);
      for (let p = 2 * (kb * n + k); p <= pe; p += n2) {
        const ar = h[p]!;
        const ai = h[p + 1]!;
        const br = h[p + 2]!;
        const bi = h[p + 3]!;
        const sumr = t1r * ar - t1i * ai + t2 * br;
        const sumi = t1r * ai + t1i * ar + t2 * bi;
        h[p] = ar - sumr;
        h[p + 1] = ai - sumi;
        h[p + 2] = br - (sumr * w2r + sumi * w2i);
        h[p + 3] = bi - (sumi * w2r - sumr * w2i);
      }
    }
    // The block's reflectors on the columns right of it (rows kb..ke) and the rows above it.
    if (ke + 1 < n) applyRowPairs(h, n, R, 5 * (kb - l), ke - kb, kb, ke + 1, n, true);
    if (kb > 0) applyColPairs(h, n, R, 5 * (kb - l), ke - kb, kb, 0, kb);
  }
  // Make h(i, i-1) real again: H ← Dᴴ·H·D with D = diag(1, …, e, …, 1), e = h(i,i-1)/|h(i,i-1)|.
  const ps = 2 * (i * n + i - 1);
  if (h[ps + 1] !== 0) {
    const rt = Math.hypot(h[ps]!, h[ps + 1]!);
    const er = h[ps]! / rt;
    const ei = h[ps + 1]! / rt;
    h[ps] = rt;
    h[ps + 1] = 0;
    scaleRange(h, 2 * i, 2 * (i * n + i), n2, er, ei); // column i, rows 0..i-1
    scaleRange(h, 2 * (i * n + i + 1), 2 * (i * n + n), 2, er, -ei); // row i right of the diagonal
    applyRowPairs(zt, n, R, 0, i - l, l, 0, n, false);
    scaleRange(zt, 2 * i * n, 2 * (i * n + n), 2, er, ei); // column i of Z
  } else {
    applyRowPairs(zt, n, R, 0, i - l, l, 0, n, false);
  }
}

/**
 * Apply `cnt` reflectors of a sweep, stored from R[q0] on (the q-th acts on rows row0+q, row0+q+1), to columns
 * c0..c1-1 of x, in order, two reflectors per pass. `fromLeft`: Gᴴ·x (rows of H); otherwise
 * the transpose of x·G (rows of Zᵀ).
 */
function applyRowPairs(x: Float64Array, n: number, R: Float64Array, q0: number, cnt: number, row0: number, c0: number, c1: number, fromLeft: boolean): void {
  // Both cases are  s = a·x₁ + t₂·x₂;  x₁ −= s;  x₂ −= s·b  with
  // from the left: a = conj(τ), b = w;   Zᵀ: a = τ, b = conj(w).
  const sg = fromLeft ? -1 : 1;
  const n2 = 2 * n;
  const j0 = 2 * c0;
  const j1 = 2 * c1;
  let k = 0;
  for (; k + 1 < cnt; k += 2) {
    const q = q0 + 5 * k;
    const ar = R[q]!;
    const ai = sg * R[q + 1]!;
    const t2 = R[q + 2]!;
    const br = R[q + 3]!;
    const bi = -sg * R[q + 4]!;
    const cr = R[q + 5]!;
    const ci = sg * R[q + 6]!;
    const u2 = R[q + 7]!;
    const dr = R[q + 8]!;
    const di = -sg * R[q + 9]!;
    const o1 = 2 * (row0 + k) * n;
    const o2 = o1 + n2;
    const o3 = o2 + n2;
    for (let j = j0; j < j1; j += 2) {
      const x1r = x[o1 + j]!;
      const x1i = x[o1 + j + 1]!;
      const x2r = x[o2 + j]!;
      const x2i = x[o2 + j + 1]!;
      let sr = ar * x1r - ai * x1i + t2 * x2r;
      let si = ar * x1i + ai * x1r + t2 * x2i;
      x[o1 + j] = x1r - sr;
      x[o1 + j + 1] = x1i - si;
      const y2r = x2r - (sr * br - si * bi);
      const y2i = x2i - (sr * bi + si * br);
      const x3r = x[o3 + j]!;
      const x3i = x[o3 + j + 1]!;
      sr = cr * y2r - ci * y2i + u2 * x3r;
      si = cr * y2i + ci * y2r + u2 * x3i;
      x[o2 + j] = y2r - sr;
      x[o2 + j + 1] = y2i - si;
      x[o3 + j] = x3r - (sr * dr - si * di);
      x[o3 + j + 1] = x3i - (sr * di + si * dr);
    }
  }
  if (k < cnt) {
    const q = q0 + 5 * k;
    const ar = R[q]!;
    const ai = sg * R[q + 1]!;
    const t2 = R[q + 2]!;
    const br = R[q + 3]!;
    const bi = -sg * R[q + 4]!;
    const o1 = 2 * (row0 + k) * n;
    const o2 = o1 + n2;
    for (let j = j0; j < j1; j += 2) {
      const x1r = x[o1 + j]!;
      const x1i = x[o1 + j + 1]!;
      const x2r = x[o2 + j]!;
      const x2i = x[o2 + j + 1]!;
      const sr = ar * x1r - ai * x1i + t2 * x2r;
      const si = ar * x1i + ai * x1r + t2 * x2i;
      x[o1 + j] = x1r - sr;
      x[o1 + j + 1] = x1i - si;
      x[o2 + j] = x2r - (sr * br - si * bi);
      x[o2 + j + 1] = x2i - (sr * bi + si * br);
    }
  }
}

/**
 * Apply `cnt` reflectors of a sweep, stored from R[q0] on, from the right (the q-th acts on columns col0+q,
 * col0+q+1) to rows r0..r1-1 of h, in order, two reflectors per pass: s = τ·x₁ + t₂·x₂;
 * x₁ −= s; x₂ −= s·conj(w).
 */
function applyColPairs(h: Float64Array, n: number, R: Float64Array, q0: number, cnt: number, col0: number, r0: number, r1: number): void {
  const n2 = 2 * n;
  let k = 0;
  for (; k + 1 < cnt; k += 2) {
    const q = q0 + 5 * k;
    const ar = R[q]!;
    const ai = R[q + 1]!;
    const t2 = R[q + 2]!;
    const br = R[q + 3]!;
    const bi = -R[q + 4]!;
    const cr = R[q + 5]!;
    const ci = R[q + 6]!;
    const u2 = R[q + 7]!;
    const dr = R[q + 8]!;
    const di = -R[q + 9]!;
    for (let p = 2 * (r0 * n + col0 + k), pe = 2 * (r1 * n + col0 + k); p < pe; p += n2) {
      const x1r = h[p]!;
      const x1i = h[p + 1]!;
      const x2r = h[p + 2]!;
      const x2i = h[p + 3]!;
      let sr = ar * x1r - ai * x1i + t2 * x2r;
      let si = ar * x1i + ai * x1r + t2 * x2i;
      h[p] = x1r - sr;
      h[p + 1] = x1i - si;
      const y2r = x2r - (sr * br - si * bi);
      const y2i = x2i - (sr * bi + si * br);
      const x3r = h[p + 4]!;
      const x3i = h[p + 5]!;
      sr = cr * y2r - ci * y2i + u2 * x3r;
      si = cr * y2i + ci * y2r + u2 * x3i;
      h[p + 2] = y2r - sr;
      h[p + 3] = y2i - si;
      h[p + 4] = x3r - (sr * dr - si * di);
      h[p + 5] = x3i - (sr * di + si * dr);
    }
  }
  if (k < cnt) {
    const q = q0 + 5 * k;
    const ar = R[q]!;
    const ai = R[q + 1]!;
    const t2 = R[q + 2]!;
    const br = R[q + 3]!;
    const bi = -R[q + 4]!;
    for (let p = 2 * (r0 * n + col0 + k), pe = 2 * (r1 * n + col0 + k); p < pe; p += n2) {
      const x1r = h[p]!;
      const x1i = h[p + 1]!;
      const x2r = h[p + 2]!;
      const x2i = h[p + 3]!;
      const sr = ar * x1r - ai * x1i + t2 * x2r;
      const si = ar * x1i + ai * x1r + t2 * x2i;
      h[p] = x1r - sr;
      h[p + 1] = x1i - si;
      h[p + 2] = x2r - (sr * br - si * bi);
      h[p + 3] = x2i - (sr * bi + si * br);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Eigenvectors (ztrevc) and back-transformation

/**
 * With T in the upper triangle of `t` and Zᵀ in `zt`: overwrite zt with Vᵀ (row k = eigenvector
 * k, unit 2-norm, largest component real positive). The strict lower triangle of `t` holds the
 * eigenvectors of T on return (row k: components 0..k-1 of eigenvector k before scaling).
 */
function eigenvectorsCore(n: number, t: Float64Array, zt: Float64Array, ws: EigWorkspace): void {
  const smlnum = SAFMIN * (n / ULP);
  // One call per eigenvector (see hessenbergCore on why the loops live in small functions).
  for (let k = 0; k < n; k++) ws.w1[k] = triangularEigenvector(n, t, k, smlnum);
  for (let k = n - 1; k >= 0; k--) {
    backTransform(n, t, zt, k, ws.w1[k]!);
    normaliseRow(n, zt, k);
  }
}

/**
 * Eigenvector k of the upper triangular T by back-substitution (ztrevc): x_k = scale and, for
 * j < k, (T(j,j) − λ_k)·x_j = −scale·T(j,k) − Σ_{j<m<k} T(j,m)·x_m, with divisors below
 * smin = max(ulp·|λ_k|, smlnum) replaced by smin. x_j (j < k) is stored in row k of the strict
 * lower triangle of t; the scale (< 1 only after rescaling against overflow) is returned.
 */
function triangularEigenvector(n: number, t: Float64Array, k: number, smlnum: number): number {
  const pkk = 2 * (k * n + k);
  const lr = t[pkk]!;
  const li = t[pkk + 1]!;
  const smin = Math.max(ULP * (Math.abs(lr) + Math.abs(li)), smlnum);
  const xo = 2 * k * n; // x_j lives at t[xo + 2j], j < k
  let scale = 1;
  for (let j = k - 1; j >= 0; j--) {
    const oj = 2 * j * n;
    // s = −scale·T(j,k) − Σ_{j<m<k} T(j,m)·x_m, with two partial sums to shorten the add chains
    let sr = -scale * t[oj + 2 * k]!;
    let si = -scale * t[oj + 2 * k + 1]!;
    let ur = 0;
    let ui = 0;
    let m = 2 * (j + 1);
    const me = 2 * k;
    if ((k - j - 1) % 2 === 1) {
      const ar = t[oj + m]!;
      const ai = t[oj + m + 1]!;
      const xr = t[xo + m]!;
      const xi = t[xo + m + 1]!;
      sr -= ar * xr - ai * xi;
      si -= ar * xi + ai * xr;
      m += 2;
    }
    for (; m < me; m += 4) {
      const ar = t[oj + m]!;
      const ai = t[oj + m + 1]!;
      const xr = t[xo + m]!;
      const xi = t[xo + m + 1]!;
      const br = t[oj + m + 2]!;
      const bi = t[oj + m + 3]!;
      const yr = t[xo + m + 2]!;
      const yi = t[xo + m + 3]!;
      sr -= ar * xr - ai * xi;
      si -= ar * xi + ai * xr;
      ur += br * yr - bi * yi;
      ui += br * yi + bi * yr;
    }
    sr -= ur;
    si -= ui;
    let dr = t[oj + 2 * j]! - lr;
    let di = t[oj + 2 * j + 1]! - li;
    if (Math.abs(dr) + Math.abs(di) < smin) {
      dr = smin;
      di = 0;
    }
    cdiv(sr, si, dr, di);
    t[xo + 2 * j] = outRe;
    t[xo + 2 * j + 1] = outIm;
    const g = Math.abs(outRe) + Math.abs(outIm);
    if (g > GROWTH_LIMIT) scale *= rescale(t, xo + 2 * j, xo + 2 * k, 1 / g);
  }
  return scale;
}

/** x[from..to) *= f; returns f. */
function rescale(x: Float64Array, from: number, to: number, f: number): number {
  for (let p = from; p < to; p++) x[p] = x[p]! * f;
  return f;
}

/**
 * Vᵀ row k = scale·Zᵀ row k + Σ_{j<k} x_j·Zᵀ row j, in place (rows j < k must still hold Zᵀ),
 * with x_j in row k of the strict lower triangle of t.
 */
function backTransform(n: number, t: Float64Array, zt: Float64Array, k: number, scale: number): void {
  const n2 = 2 * n;
  const ok = 2 * k * n;
  if (scale !== 1) rescale(zt, ok, ok + n2, scale);
  // k % 4 rows one at a time, then four per pass
  const j0 = k % 4;
  for (let j = 0; j < j0; j++) {
    const ar = t[ok + 2 * j]!;
    const ai = t[ok + 2 * j + 1]!;
    const o1 = 2 * j * n;
    for (let c = 0; c < n2; c += 2) {
      const xr = zt[o1 + c]!;
      const xi = zt[o1 + c + 1]!;
      zt[ok + c] = zt[ok + c]! + (ar * xr - ai * xi);
      zt[ok + c + 1] = zt[ok + c + 1]! + (ar * xi + ai * xr);
    }
  }
  for (let j = j0; j < k; j += 4) {
    const ar = t[ok + 2 * j]!;
    const ai = t[ok + 2 * j + 1]!;
    const br = t[ok + 2 * j + 2]!;
    const bi = t[ok + 2 * j + 3]!;
    const cr = t[ok + 2 * j + 4]!;
    const ci = t[ok + 2 * j + 5]!;
    const dr = t[ok + 2 * j + 6]!;
    const di = t[ok + 2 * j + 7]!;
    const o1 = 2 * j * n;
    const o2 = o1 + n2;
    const o3 = o2 + n2;
    const o4 = o3 + n2;
    for (let c = 0; c < n2; c += 2) {
      const xr = zt[o1 + c]!;
      const xi = zt[o1 + c + 1]!;
      const yr = zt[o2 + c]!;
      const yi = zt[o2 + c + 1]!;
      const ur = zt[o3 + c]!;
      const ui = zt[o3 + c + 1]!;
      const vr = zt[o4 + c]!;
      const vi = zt[o4 + c + 1]!;
      zt[ok + c] = zt[ok + c]! + (ar * xr - ai * xi + (br * yr - bi * yi)) + (cr * ur - ci * ui + (dr * vr - di * vi));
      zt[ok + c + 1] = zt[ok + c + 1]! + (ar * xi + ai * xr + (br * yi + bi * yr)) + (cr * ui + ci * ur + (dr * vi + di * vr));
    }
  }
}

/** Scale row k of x to unit 2-norm with its largest-modulus entry real and positive. */
function normaliseRow(n: number, x: Float64Array, k: number): void {
  const ok = 2 * k * n;
  const end = ok + 2 * n;
  let big = 0;
  for (let c = ok; c < end; c++) big = Math.max(big, Math.abs(x[c]!));
  let ss = 0;
  let top = -1;
  let at = ok;
  for (let c = ok; c < end; c += 2) {
    const yr = x[c]! / big;
    const yi = x[c + 1]! / big;
    const m = yr * yr + yi * yi;
    ss += m;
    if (m > top) {
      top = m;
      at = c;
    }
  }
  const nrm = big * Math.sqrt(ss);
  const pr = x[at]!;
  const pi = x[at + 1]!;
  const pm = Math.hypot(pr, pi);
  // multiply by conj(p)/(|p|·‖x‖)
  const fr = pr / pm / nrm;
  const fi = -pi / pm / nrm;
  for (let c = ok; c < end; c += 2) {
    const yr = x[c]!;
    const yi = x[c + 1]!;
    x[c] = yr * fr - yi * fi;
    x[c + 1] = yr * fi + yi * fr;
  }
  x[at + 1] = 0;
}
