// NR Lab's dense complex kernels in AssemblyScript, compiled to WebAssembly with SIMD by
// scripts/gen-wasm-kernels.mjs (into src-core/linalg/wasm/kernels-wasm.js, on every build that finds
// this file newer). The TypeScript twins live in src-core/linalg/small-gemm.ts; the tests check that
// both agree to 1e-13 (test/core/wasm-kernels.test.ts), and src-core/linalg/wasm/kernels.ts loads
// the module and falls back to TypeScript where WebAssembly SIMD is missing.
//
// Matrices are complex, interleaved (re, im) f64, row-major, at byte offsets into this module's
// memory, which the caller lays out (no allocation happens here). A complex multiply-add uses one
// f64x2 per operand: (ar, ai)·(br, bi) and (ar, ai)·(bi, br) accumulate separately, lane by lane,
// and are combined at the end.

/**
 * C = A (m×k) · Bᵀ, or A · B† when `conj` ≠ 0, where B is p×k; C is m×p, or written transposed
 * (p×m) when `transC` ≠ 0. Two rows of A by two rows of B at a time. C must not alias A or B.
 */
export function gemmABt(m: i32, k: i32, p: i32, a: usize, b: usize, c: usize, conj: i32, transC: i32): void {
  const k16 = <usize>k << 4;
  const ci: usize = transC ? 16 : (<usize>p << 4);
  const cj: usize = transC ? (<usize>m << 4) : 16;
  const sg: f64 = conj ? -1.0 : 1.0;
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = a + <usize>i * k16;
    const a1 = a0 + k16;
    let j = 0;
    for (; j + 1 < p; j += 2) {
      const b0 = b + <usize>j * k16;
      const b1 = b0 + k16;
      // p = Σ a·b lane by lane = (Σ a_r b_r, Σ a_i b_i), q = Σ a·swap(b) = (Σ a_r b_i, Σ a_i b_r):
      // the same four running sums as the edge loops below, with whole loads of b instead of splats
      let p00 = f64x2.splat(0), q00 = f64x2.splat(0), p01 = f64x2.splat(0), q01 = f64x2.splat(0);
      let p10 = f64x2.splat(0), q10 = f64x2.splat(0), p11 = f64x2.splat(0), q11 = f64x2.splat(0);
      for (let l: usize = 0; l < k16; l += 16) {
        const va0 = v128.load(a0 + l);
        const va1 = v128.load(a1 + l);
        const vb0 = v128.load(b0 + l);
        const vb1 = v128.load(b1 + l);
        const sb0 = v128.shuffle<f64>(vb0, vb0, 1, 0);
        const sb1 = v128.shuffle<f64>(vb1, vb1, 1, 0);
        p00 = f64x2.add(p00, f64x2.mul(va0, vb0)); q00 = f64x2.add(q00, f64x2.mul(va0, sb0));
        p01 = f64x2.add(p01, f64x2.mul(va0, vb1)); q01 = f64x2.add(q01, f64x2.mul(va0, sb1));
        p10 = f64x2.add(p10, f64x2.mul(va1, vb0)); q10 = f64x2.add(q10, f64x2.mul(va1, sb0));
        p11 = f64x2.add(p11, f64x2.mul(va1, vb1)); q11 = f64x2.add(q11, f64x2.mul(va1, sb1));
      }
      const o = c + <usize>i * ci + <usize>j * cj;
      store<f64>(o, f64x2.extract_lane(p00, 0) - sg * f64x2.extract_lane(p00, 1));
      store<f64>(o, f64x2.extract_lane(q00, 1) + sg * f64x2.extract_lane(q00, 0), 8);
      store<f64>(o + cj, f64x2.extract_lane(p01, 0) - sg * f64x2.extract_lane(p01, 1));
      store<f64>(o + cj, f64x2.extract_lane(q01, 1) + sg * f64x2.extract_lane(q01, 0), 8);
      store<f64>(o + ci, f64x2.extract_lane(p10, 0) - sg * f64x2.extract_lane(p10, 1));
      store<f64>(o + ci, f64x2.extract_lane(q10, 1) + sg * f64x2.extract_lane(q10, 0), 8);
      store<f64>(o + ci + cj, f64x2.extract_lane(p11, 0) - sg * f64x2.extract_lane(p11, 1));
      store<f64>(o + ci + cj, f64x2.extract_lane(q11, 1) + sg * f64x2.extract_lane(q11, 0), 8);
    }
    for (; j < p; j++) {
      const b0 = b + <usize>j * k16;
      let p0 = f64x2.splat(0), q0 = f64x2.splat(0), p1 = f64x2.splat(0), q1 = f64x2.splat(0);
      for (let l: usize = 0; l < k16; l += 16) {
        const vb = v128.load(b0 + l);
        const sb = v128.shuffle<f64>(vb, vb, 1, 0);
        const va0 = v128.load(a0 + l), va1 = v128.load(a1 + l);
        p0 = f64x2.add(p0, f64x2.mul(va0, vb)); q0 = f64x2.add(q0, f64x2.mul(va0, sb));
        p1 = f64x2.add(p1, f64x2.mul(va1, vb)); q1 = f64x2.add(q1, f64x2.mul(va1, sb));
      }
      const o = c + <usize>i * ci + <usize>j * cj;
      store<f64>(o, f64x2.extract_lane(p0, 0) - sg * f64x2.extract_lane(p0, 1));
      store<f64>(o, f64x2.extract_lane(q0, 1) + sg * f64x2.extract_lane(q0, 0), 8);
      store<f64>(o + ci, f64x2.extract_lane(p1, 0) - sg * f64x2.extract_lane(p1, 1));
      store<f64>(o + ci, f64x2.extract_lane(q1, 1) + sg * f64x2.extract_lane(q1, 0), 8);
    }
  }
  for (; i < m; i++) {
    const a0 = a + <usize>i * k16;
    for (let j = 0; j < p; j++) {
      const b0 = b + <usize>j * k16;
      let p0 = f64x2.splat(0), q0 = f64x2.splat(0);
      for (let l: usize = 0; l < k16; l += 16) {
        const va0 = v128.load(a0 + l);
        const vb = v128.load(b0 + l);
        p0 = f64x2.add(p0, f64x2.mul(va0, vb));
        q0 = f64x2.add(q0, f64x2.mul(va0, v128.shuffle<f64>(vb, vb, 1, 0)));
      }
      const o = c + <usize>i * ci + <usize>j * cj;
      store<f64>(o, f64x2.extract_lane(p0, 0) - sg * f64x2.extract_lane(p0, 1));
      store<f64>(o, f64x2.extract_lane(q0, 1) + sg * f64x2.extract_lane(q0, 0), 8);
    }
  }
}

/** T[i] ← T[i] · G[i] for `count` complex numbers (the Hadamard product of the Sylvester solve). */
export function cmulInPlace(count: i32, t: usize, g: usize): void {
  const end = t + (<usize>count << 4);
  for (; t < end; t += 16, g += 16) {
    const vt = v128.load(t);
    const gr = f64x2.splat(load<f64>(g));
    const gi = f64x2.splat(load<f64>(g, 8));
    // (tr·gr − ti·gi, ti·gr + tr·gi)
    const swapped = v128.shuffle<f64>(vt, vt, 1, 0);
    const prod = f64x2.add(f64x2.mul(vt, gr), f64x2.mul(f64x2.mul(swapped, gi), f64x2(-1.0, 1.0)));
    v128.store(t, prod);
  }
}

// ---- the matrix-free Liouvillian (src-core/quantum/liouvillian.ts, applyLiouvillian without its scale) ----

/**
 * HR = H·ρ (H sparse in compressed rows: i32 rowPtr, i32 col, f64 re and im; ρ dense n × n complex),
 * then the lower triangle of out = −i(Hρ − ρH†) − ½{D, ρ} for Hermitian ρ. One f64x2 per complex
 * number: h·x = h_r·(x_r, x_i) + h_i·(−x_i, x_r); two nonzeros of a row per pass over the row,
 * summed in the TypeScript kernel's order, so the results are bit for bit the same.
 */
export function liouvillianLower(n: i32, rowPtr: usize, col: usize, hre: usize, him: usize, D: usize, rho: usize, out: usize, HR: usize): void {
  const rowB = <usize>n << 4;
  const sgn = f64x2(-1.0, 1.0);
  for (let r = 0; r < n; r++) {
    const ro = HR + <usize>r * rowB;
    let p = load<i32>(rowPtr + (<usize>r << 2));
    const pe = load<i32>(rowPtr + (<usize>r << 2), 4);
    memory.fill(ro, 0, rowB);
    for (; p + 1 < pe; p += 2) {
      const h0r = f64x2.splat(load<f64>(hre + (<usize>p << 3)));
      const h0i = f64x2.mul(f64x2.splat(load<f64>(him + (<usize>p << 3))), sgn);
      const h1r = f64x2.splat(load<f64>(hre + (<usize>p << 3), 8));
      const h1i = f64x2.mul(f64x2.splat(load<f64>(him + (<usize>p << 3), 8)), sgn);
      const c0 = rho + <usize>load<i32>(col + (<usize>p << 2)) * rowB;
      const c1 = rho + <usize>load<i32>(col + (<usize>p << 2), 4) * rowB;
      for (let j: usize = 0; j < rowB; j += 16) {
        const x0 = v128.load(c0 + j);
        const x1 = v128.load(c1 + j);
        // summed in the TypeScript order ((h0·x0 re part − im part) + …): the same bits
        let t = f64x2.add(f64x2.mul(x0, h0r), f64x2.mul(v128.shuffle<f64>(x0, x0, 1, 0), h0i));
        t = f64x2.add(t, f64x2.mul(x1, h1r));
        t = f64x2.add(t, f64x2.mul(v128.shuffle<f64>(x1, x1, 1, 0), h1i));
        v128.store(ro + j, f64x2.add(v128.load(ro + j), t));
      }
    }
    if (p < pe) {
      const h0r = f64x2.splat(load<f64>(hre + (<usize>p << 3)));
      const h0i = f64x2.mul(f64x2.splat(load<f64>(him + (<usize>p << 3))), sgn);
      const c0 = rho + <usize>load<i32>(col + (<usize>p << 2)) * rowB;
      for (let j: usize = 0; j < rowB; j += 16) {
        const x0 = v128.load(c0 + j);
        const t0 = f64x2.add(f64x2.mul(x0, h0r), f64x2.mul(v128.shuffle<f64>(x0, x0, 1, 0), h0i));
        v128.store(ro + j, f64x2.add(v128.load(ro + j), t0));
      }
    }
  }
  for (let r = 0; r < n; r++) {
    const dr = load<f64>(D + (<usize>r << 3));
    for (let c = 0; c <= r; c++) {
      const o = (<usize>r * <usize>n + <usize>c) << 4;
      const t = (<usize>c * <usize>n + <usize>r) << 4;
      const d = 0.5 * (dr + load<f64>(D + (<usize>c << 3)));
      store<f64>(out + o, load<f64>(HR + o, 8) + load<f64>(HR + t, 8) - d * load<f64>(rho + o));
      store<f64>(out + o, load<f64>(HR + t) - load<f64>(HR + o) - d * load<f64>(rho + o, 8), 8);
    }
  }
}

/** out += Σ_ij a_i a_j ρ[src_i, src_j] at (tgt_i, tgt_j), lower triangle only: one jump √κ·C with one nonzero per column. */
export function jumpLower(m: i32, src: usize, tgt: usize, amp: usize, n: i32, rho: usize, out: usize): void {
  for (let i = 0; i < m; i++) {
    const ti = load<i32>(tgt + (<usize>i << 2));
    const ai = load<f64>(amp + (<usize>i << 3));
    const si = <usize>load<i32>(src + (<usize>i << 2)) * <usize>n;
    const oi = <usize>ti * <usize>n;
    for (let j = 0; j < m; j++) {
      const tj = load<i32>(tgt + (<usize>j << 2));
      if (tj > ti) continue;
      const f = f64x2.splat(ai * load<f64>(amp + (<usize>j << 3)));
      const s = (si + <usize>load<i32>(src + (<usize>j << 2))) << 4;
      const o = out + ((oi + <usize>tj) << 4);
      v128.store(o, f64x2.add(v128.load(o), f64x2.mul(f, v128.load(rho + s))));
    }
  }
}

/** The residual's scale after liouvillianLower: max over the matrix of |(Hρ)_rc|₁ and ½(D_r + D_c)|ρ_rc|₁ (applyLiouvillian's order). */
export function liouvillianScale(n: i32, D: usize, rho: usize, HR: usize): f64 {
  let big: f64 = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const o = (<usize>r * <usize>n + <usize>c) << 4;
      const d = 0.5 * (load<f64>(D + (<usize>r << 3)) + load<f64>(D + (<usize>c << 3)));
      big = Math.max(big, Math.max(Math.abs(load<f64>(HR + o)) + Math.abs(load<f64>(HR + o, 8)), d * (Math.abs(load<f64>(rho + o)) + Math.abs(load<f64>(rho + o, 8)))));
    }
  }
  return big;
}

/** The largest jump term of one compact jump on the lower triangle: max a_i a_j |ρ[src_i, src_j]|₁. */
export function jumpScale(m: i32, src: usize, tgt: usize, amp: usize, n: i32, rho: usize): f64 {
  let big: f64 = 0;
  for (let i = 0; i < m; i++) {
    const ti = load<i32>(tgt + (<usize>i << 2));
    const ai = load<f64>(amp + (<usize>i << 3));
    const si = <usize>load<i32>(src + (<usize>i << 2)) * <usize>n;
    for (let j = 0; j < m; j++) {
      if (load<i32>(tgt + (<usize>j << 2)) > ti) continue;
      const f = ai * load<f64>(amp + (<usize>j << 3));
      const s = rho + ((si + <usize>load<i32>(src + (<usize>j << 2))) << 4);
      big = Math.max(big, f * (Math.abs(load<f64>(s)) + Math.abs(load<f64>(s, 8))));
    }
  }
  return big;
}

/** The upper triangle from the lower (Hermitian), with a real diagonal. */
export function mirrorLowerK(n: i32, c: usize): void {
  for (let i = 0; i < n; i++) {
    store<f64>(c + ((<usize>i * <usize>n + <usize>i) << 4), 0.0, 8);
    for (let j = 0; j < i; j++) {
      const lo = c + ((<usize>i * <usize>n + <usize>j) << 4);
      const up = c + ((<usize>j * <usize>n + <usize>i) << 4);
      store<f64>(up, load<f64>(lo));
      store<f64>(up, -load<f64>(lo, 8), 8);
    }
  }
}

// ---- tcmt-network: one fused low-storage Runge–Kutta step (src-core/models/tcmt-network) ----
// The same arithmetic, in the same order, as rhsInto (src-core/models/tcmt-network/rhs.ts) inside
// lowStorageStep (src-core/solvers/low-storage-rk.ts); the TypeScript path is the fallback and the
// tests check both agree. tcmtSetup stores the network's arrays (byte offsets, laid out by the
// caller), tcmtStep advances y by one step.

let tN: i32 = 0;
let tStages: i32 = 0;
let tDrive: i32 = 0;
let tCph: f64 = 0;
let tSph: f64 = 0;
let pCoef: usize = 0; // per resonator: g, kerr, ω_i, χ, √(2γ)
let pInStart: usize = 0; // i32 [n + 1]
let pInFrom: usize = 0; // i32
let pInKappa: usize = 0;
let pSatStart: usize = 0; // i32 [n + 1]
let pSatGamma: usize = 0;
let pSatP: usize = 0;
let pNlStart: usize = 0; // i32 [n + 1]
let pNlRef: usize = 0; // i32
let pNlGamma: usize = 0;
let pNlMask: usize = 0; // i32 [n]
let pAB: usize = 0; // A[stages] then B[stages]
let pEnv: usize = 0; // the input envelope at each stage's time, written by the caller before a step
let pDu: usize = 0;
let pF: usize = 0;

export function tcmtSetup(
  n: i32, coef: usize, inStart: usize, inFrom: usize, inKappa: usize, satStart: usize, satGamma: usize, satP: usize,
  nlStart: usize, nlRef: usize, nlGamma: usize, nlMask: usize, stages: i32, ab: usize, env: usize, du: usize, f: usize,
  drive: i32, cph: f64, sph: f64,
): void {
  tN = n; pCoef = coef; pInStart = inStart; pInFrom = inFrom; pInKappa = inKappa; pSatStart = satStart; pSatGamma = satGamma;
  pSatP = satP; pNlStart = nlStart; pNlRef = nlRef; pNlGamma = nlGamma; pNlMask = nlMask; tStages = stages; pAB = ab;
  pEnv = env; pDu = du; pF = f; tDrive = drive; tCph = cph; tSph = sph;
}

// @ts-ignore: decorator
@inline function mag(x: f64, y: f64): f64 {
  const s = x * x + y * y;
  return s > 1e-280 && s < 1e280 ? Math.sqrt(s) : Math.hypot(x, y);
}

const STICK_RTOL: f64 = 1e-12;
const STICK_ATOL: f64 = 1e-290;

/** F(x) into pF with the input envelope e at the driven resonator (rhsInto's arithmetic). */
function tcmtRhs(omega: f64, e: f64, x: usize, halfH: f64): void {
  const n = tN;
  const out = pF;
  for (let i = 0; i < n; i++) {
    const xi = x + (<usize>i << 4);
    const r = load<f64>(xi);
    const m = load<f64>(xi, 8);
    const u = r * r + m * m;
    const c = pCoef + <usize>i * 40;
    const gl = load<f64>(c) + load<f64>(c, 8) * u;
    const D = omega - load<f64>(c, 16) - load<f64>(c, 24) * u;
    let or = -gl * r + D * m;
    let oi = -gl * m - D * r;
    const s0 = load<i32>(pSatStart + (<usize>i << 2));
    const s1 = load<i32>(pSatStart + (<usize>i << 2), 4);
    for (let k = s0; k < s1; k++) {
      const s = load<f64>(pSatGamma + (<usize>k << 3)) / (1 + u / load<f64>(pSatP + (<usize>k << 3)));
      or -= s * r;
      oi -= s * m;
    }
    const root = load<f64>(c, 32);
    const isDrive = i == tDrive;
    let fr = root * (isDrive ? e * tCph : 0.0);
    let fi = root * (isDrive ? e * tSph : 0.0);
    const c0 = load<i32>(pInStart + (<usize>i << 2));
    const c1 = load<i32>(pInStart + (<usize>i << 2), 4);
    for (let k = c0; k < c1; k++) {
      const xj = x + (<usize>load<i32>(pInFrom + (<usize>k << 2)) << 4);
      const kap = load<f64>(pInKappa + (<usize>k << 3));
      fr -= kap * load<f64>(xj, 8);
      fi += kap * load<f64>(xj);
    }
    const o = out + (<usize>i << 4);
    if (load<i32>(pNlMask + (<usize>i << 2)) == 0) {
      store<f64>(o, or + fr);
      store<f64>(o, oi + fi, 8);
      continue;
    }
    let Ri: f64 = 0;
    const q0 = load<i32>(pNlStart + (<usize>i << 2));
    const q1 = load<i32>(pNlStart + (<usize>i << 2), 4);
    for (let k = q0; k < q1; k++) {
      const xj = x + (<usize>load<i32>(pNlRef + (<usize>k << 2)) << 4);
      Ri += load<f64>(pNlGamma + (<usize>k << 3)) * mag(load<f64>(xj), load<f64>(xj, 8));
    }
    if (r != 0 || m != 0) {
      const d = Math.max(mag(r, m), halfH * Ri);
      store<f64>(o, or + fr - Ri * (r / d));
      store<f64>(o, oi + fi - Ri * (m / d), 8);
    } else {
      const fm = mag(fr, fi);
      if (fm <= Ri * (1 + STICK_RTOL) + STICK_ATOL) {
        store<f64>(o, 0.0);
        store<f64>(o, 0.0, 8);
      } else {
        const k = 1 - Ri / fm;
        store<f64>(o, fr * k);
        store<f64>(o, fi * k, 8);
      }
    }
  }
}

/** One low-storage step of size h from y (in place), the envelope at each stage's time in pEnv. */
export function tcmtStep(h: f64, halfH: f64, omega: f64, y: usize): void {
  const len = tN << 1;
  for (let s = 0; s < tStages; s++) {
    tcmtRhs(omega, load<f64>(pEnv + (<usize>s << 3)), y, halfH);
    const b = load<f64>(pAB + (<usize>(tStages + s) << 3));
    if (s == 0) {
      for (let i = 0; i < len; i++) {
        const d = h * load<f64>(pF + (<usize>i << 3));
        store<f64>(pDu + (<usize>i << 3), d);
        store<f64>(y + (<usize>i << 3), load<f64>(y + (<usize>i << 3)) + b * d);
      }
    } else {
      const a = load<f64>(pAB + (<usize>s << 3));
      for (let i = 0; i < len; i++) {
        const d = a * load<f64>(pDu + (<usize>i << 3)) + h * load<f64>(pF + (<usize>i << 3));
        store<f64>(pDu + (<usize>i << 3), d);
        store<f64>(y + (<usize>i << 3), load<f64>(y + (<usize>i << 3)) + b * d);
      }
    }
  }
}

// ---- the manifold preconditioner's forward sweep (src-core/solvers/preconditioners/manifold.ts) ----

/**
 * X ≈ 𝓜⁻¹ Y by forward substitution over S = N + M, as preconditionForward in manifold.ts (same
 * operations in the same order, the block products by gemmABt). Tables, all in this memory:
 * `man` holds per manifold N four i32: size m_N, and byte offsets of its state list (i32), V_N and
 * W_N; `gtab` per pair N·(top + 1) + M (M ≤ N) the byte offset of the kernel Γᵀ; the drive's
 * raising entries (target t, source s, h) with targets in manifold N at [upStart[N], upStart[N+1]);
 * `loc` each state's position in its manifold; tw the trace weights; Z, T1, T2 block scratch.
 */
export function manifoldForward(
  n: i32, top: i32, vac: i32, tw: usize, man: usize, gtab: usize, loc: usize,
  upStart: usize, upT: usize, upS: usize, upRe: usize, upIm: usize,
  Z: usize, T1: usize, T2: usize, Y: usize, X: usize,
): void {
  const rowBytes = <usize>n << 4;
  memory.fill(X, 0, rowBytes * <usize>n);
  const v = X + <usize>vac * rowBytes + (<usize>vac << 4);
  store<f64>(v, load<f64>(Y + <usize>vac * rowBytes + (<usize>vac << 4)) / load<f64>(tw + (<usize>vac << 3)));
  for (let S = 1; S <= 2 * top; S++) {
    for (let N = min(top, S); 2 * N >= S; N--) {
      const M = S - N;
      const mN = man + (<usize>N << 4);
      const mM = man + (<usize>M << 4);
      const a = load<i32>(mN);
      const b = load<i32>(mM);
      const rows = <usize>load<i32>(mN, 4);
      const cols = <usize>load<i32>(mM, 4);
      // Z = Y[N, M], transposed (b × a)
      for (let k = 0; k < a; k++) {
        const ro = Y + <usize>load<i32>(rows + (<usize>k << 2)) * rowBytes;
        for (let l = 0; l < b; l++) {
          v128.store(Z + ((<usize>(l * a + k)) << 4), v128.load(ro + (<usize>load<i32>(cols + (<usize>l << 2)) << 4)));
        }
      }
      // Z += i (H_up X)[N, M], reading X[N−1, M]
      const e1 = load<i32>(upStart + (<usize>(N + 1) << 2));
      for (let e = load<i32>(upStart + (<usize>N << 2)); e < e1; e++) {
        const zr = Z + (<usize>load<i32>(loc + (<usize>load<i32>(upT + (<usize>e << 2)) << 2)) << 4);
        const xs = X + <usize>load<i32>(upS + (<usize>e << 2)) * rowBytes;
        const hr = load<f64>(upRe + (<usize>e << 3));
        const hi = load<f64>(upIm + (<usize>e << 3));
        for (let l = 0; l < b; l++) {
          const xo = xs + (<usize>load<i32>(cols + (<usize>l << 2)) << 4);
          const xr = load<f64>(xo);
          const xi = load<f64>(xo, 8);
          const zo = zr + ((<usize>(l * a)) << 4);
          store<f64>(zo, load<f64>(zo) - (hr * xi + hi * xr));
          store<f64>(zo, load<f64>(zo, 8) + (hr * xr - hi * xi), 8);
        }
      }
      // Z −= i (X H_up†)[N, M], reading X[N, M−1]
      if (M >= 1) {
        const f1 = load<i32>(upStart + (<usize>(M + 1) << 2));
        for (let e = load<i32>(upStart + (<usize>M << 2)); e < f1; e++) {
          const zc = Z + ((<usize>(load<i32>(loc + (<usize>load<i32>(upT + (<usize>e << 2)) << 2)) * a)) << 4);
          const sc = <usize>load<i32>(upS + (<usize>e << 2)) << 4;
          const hr = load<f64>(upRe + (<usize>e << 3));
          const hi = -load<f64>(upIm + (<usize>e << 3));
          for (let k = 0; k < a; k++) {
            const xo = X + <usize>load<i32>(rows + (<usize>k << 2)) * rowBytes + sc;
            const xr = load<f64>(xo);
            const xi = load<f64>(xo, 8);
            const zo = zc + (<usize>k << 4);
            store<f64>(zo, load<f64>(zo) + (xr * hi + xi * hr));
            store<f64>(zo, load<f64>(zo, 8) - (xr * hr - xi * hi), 8);
          }
        }
      }
      // X[N, M] = V_N [(W_N Z W_M†) ∘ Γ] V_M†
      const VN = <usize>load<i32>(mN, 8);
      const WN = <usize>load<i32>(mN, 12);
      const VM = <usize>load<i32>(mM, 8);
      const WM = <usize>load<i32>(mM, 12);
      gemmABt(a, a, b, WN, Z, T1, 0, 0);
      gemmABt(a, b, b, T1, WM, T2, 1, 1);
      cmulInPlace(a * b, T2, <usize>load<i32>(gtab + (<usize>(N * (top + 1) + M) << 2)));
      gemmABt(a, a, b, VN, T2, Z, 0, 0);
      gemmABt(a, b, b, Z, VM, T1, 1, 0);
      // write X[N, M] and its mirror; a diagonal block's lower triangle, with a real diagonal
      for (let k = 0; k < a; k++) {
        const r = <usize>load<i32>(rows + (<usize>k << 2));
        const lEnd = N === M ? k + 1 : b;
        for (let l = 0; l < lEnd; l++) {
          const c = <usize>load<i32>(cols + (<usize>l << 2));
          const t = T1 + ((<usize>(k * b + l)) << 4);
          const zr = load<f64>(t);
          const zi = N === M && l === k ? 0.0 : load<f64>(t, 8);
          const o = X + r * rowBytes + (c << 4);
          const m = X + c * rowBytes + (r << 4);
          store<f64>(o, zr);
          store<f64>(o, zi, 8);
          store<f64>(m, zr);
          store<f64>(m, -zi, 8);
        }
      }
    }
  }
}

// ---- Householder reduction of a Hermitian matrix (src-core/linalg/hermitian-eigenvalues.ts) ----

/**
 * Reduce the Hermitian n × n matrix a (overwritten) to a real symmetric tridiagonal one, as
 * hermitianEigenvalues does in TypeScript (the same reflectors; sums in another order, so the
 * eigenvalues agree to rounding): diagonal into d, sub-diagonal magnitudes into e (n doubles each);
 * u and p are scratch of 2n doubles.
 */
export function hermitianTridiagonal(n: i32, a: usize, d: usize, e: usize, u: usize, p: usize): void {
  const row = <usize>n << 4;
  const neg = f64x2(1.0, -1.0);
  for (let k = 0; k < n - 2; k++) {
    const k1 = k + 1;
    let norm2 = 0.0;
    for (let i = k1; i < n; i++) {
      const o = a + <usize>i * row + (<usize>k << 4);
      const xr = load<f64>(o);
      const xi = load<f64>(o, 8);
      norm2 += xr * xr + xi * xi;
    }
    const norm = Math.sqrt(norm2);
    store<f64>(e + (<usize>k << 3), norm);
    if (norm == 0) continue;
    const o0 = a + <usize>k1 * row + (<usize>k << 4);
    const x0r = load<f64>(o0);
    const x0i = load<f64>(o0, 8);
    const x0abs = Math.sqrt(x0r * x0r + x0i * x0i);
    const phr = x0abs == 0 ? 1.0 : x0r / x0abs;
    const phi = x0abs == 0 ? 0.0 : x0i / x0abs;
    for (let i = k1; i < n; i++) v128.store(u + (<usize>i << 4), v128.load(a + <usize>i * row + (<usize>k << 4)));
    const u0 = u + (<usize>k1 << 4);
    store<f64>(u0, load<f64>(u0) + phr * norm);
    store<f64>(u0, load<f64>(u0, 8) + phi * norm, 8);
    let vn = 0.0;
    for (let i = k1; i < n; i++) {
      const ur = load<f64>(u + (<usize>i << 4));
      const ui = load<f64>(u + (<usize>i << 4), 8);
      vn += ur * ur + ui * ui;
    }
    const inv = f64x2.splat(Math.sqrt(vn));
    for (let i = k1; i < n; i++) v128.store(u + (<usize>i << 4), f64x2.div(v128.load(u + (<usize>i << 4)), inv));
    // p = A u on the trailing block: P = Σ a·u lane by lane, Q = Σ a·swap(u)
    for (let i = k1; i < n; i++) {
      const ar = a + <usize>i * row;
      let P = f64x2.splat(0), Q = f64x2.splat(0);
      for (let j = k1; j < n; j++) {
        const va = v128.load(ar + (<usize>j << 4));
        const vu = v128.load(u + (<usize>j << 4));
        P = f64x2.add(P, f64x2.mul(va, vu));
        Q = f64x2.add(Q, f64x2.mul(va, v128.shuffle<f64>(vu, vu, 1, 0)));
      }
      store<f64>(p + (<usize>i << 4), f64x2.extract_lane(P, 0) - f64x2.extract_lane(P, 1));
      store<f64>(p + (<usize>i << 4), f64x2.extract_lane(Q, 0) + f64x2.extract_lane(Q, 1), 8);
    }
    // K = u† p (real for Hermitian A); w = p − K u
    let K = 0.0;
    for (let i = k1; i < n; i++) {
      const m = f64x2.mul(v128.load(u + (<usize>i << 4)), v128.load(p + (<usize>i << 4)));
      K += f64x2.extract_lane(m, 0) + f64x2.extract_lane(m, 1);
    }
    const vK = f64x2.splat(K);
    for (let i = k1; i < n; i++) {
      const o = p + (<usize>i << 4);
      v128.store(o, f64x2.sub(v128.load(o), f64x2.mul(vK, v128.load(u + (<usize>i << 4)))));
    }
    // A ← A − 2 (u w† + w u†) on the trailing block
    const two = f64x2.splat(2.0);
    for (let i = k1; i < n; i++) {
      const uir = f64x2.splat(load<f64>(u + (<usize>i << 4)));
      const uii = f64x2.splat(load<f64>(u + (<usize>i << 4), 8));
      const wir = f64x2.splat(load<f64>(p + (<usize>i << 4)));
      const wii = f64x2.splat(load<f64>(p + (<usize>i << 4), 8));
      const ar = a + <usize>i * row;
      for (let j = k1; j < n; j++) {
        const vw = v128.load(p + (<usize>j << 4));
        const vu = v128.load(u + (<usize>j << 4));
        // u_i conj(w_j) + w_i conj(u_j) = (u_r w + u_i swap(w)·(1, −1) …) written lane-wise:
        // re = u_r w_r + u_i w_i + w_r u_r' + w_i u_i', im = u_i w_r − u_r w_i + w_i u_r' − w_r u_i'
        const t = f64x2.add(
          f64x2.add(f64x2.mul(uii, v128.shuffle<f64>(vw, vw, 1, 0)), f64x2.mul(f64x2.mul(uir, vw), neg)),
          f64x2.add(f64x2.mul(wii, v128.shuffle<f64>(vu, vu, 1, 0)), f64x2.mul(f64x2.mul(wir, vu), neg)),
        );
        // t = (u_i w_i + u_r w_r, u_i w_r − u_r w_i) + the same with u, w exchanged
        const o = ar + (<usize>j << 4);
        v128.store(o, f64x2.sub(v128.load(o), f64x2.mul(two, t)));
      }
    }
  }
  for (let i = 0; i < n; i++) store<f64>(d + (<usize>i << 3), load<f64>(a + <usize>i * row + (<usize>i << 4)));
  if (n >= 2) {
    const o = a + <usize>(n - 1) * row + (<usize>(n - 2) << 4);
    const r = load<f64>(o);
    const i = load<f64>(o, 8);
    store<f64>(e + (<usize>(n - 2) << 3), Math.sqrt(r * r + i * i));
  }
  store<f64>(e + (<usize>(n - 1) << 3), 0);
}

// ---- the Krylov methods' vector kernels (src-core/linalg/vector-ops.ts, same order of operations) ----
//
// An inner product keeps four partial sums s_r over the entries i ≡ r (mod 4), as two f64x2
// accumulators (s0, s1) and (s2, s3); an odd last pair goes to (s0, s1), a last single entry to s0;
// the result is (s0 + s2) + (s1 + s3). The TypeScript twins add in exactly this order, so both
// paths give the same bits.

/** Σ a_i b_i over `n` doubles. */
export function vecDot(n: i32, a: usize, b: usize): f64 {
  let A = f64x2.splat(0);
  let B = f64x2.splat(0);
  const end4 = (<usize>(n & ~3)) << 3;
  let o: usize = 0;
  for (; o < end4; o += 32) {
    A = f64x2.add(A, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    B = f64x2.add(B, f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  if (n & 2) {
    A = f64x2.add(A, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    o += 16;
  }
  if (n & 1) A = f64x2.replace_lane(A, 0, f64x2.extract_lane(A, 0) + load<f64>(a + o) * load<f64>(b + o));
  const C = f64x2.add(A, B);
  return f64x2.extract_lane(C, 0) + f64x2.extract_lane(C, 1);
}

/** p ← p − h·v; returns Σ q_i p_i of the new p (q = 0: Σ p_i², the squared norm). */
export function vecSubtractThenDot(n: i32, p: usize, h: f64, v: usize, q: usize): f64 {
  const r = q ? q : p;
  const hh = f64x2.splat(h);
  let A = f64x2.splat(0);
  let B = f64x2.splat(0);
  const end4 = (<usize>(n & ~3)) << 3;
  let o: usize = 0;
  for (; o < end4; o += 32) {
    const p0 = f64x2.sub(v128.load(p + o), f64x2.mul(hh, v128.load(v + o)));
    const p1 = f64x2.sub(v128.load(p + o, 16), f64x2.mul(hh, v128.load(v + o, 16)));
    v128.store(p + o, p0);
    v128.store(p + o, p1, 16);
    A = f64x2.add(A, f64x2.mul(v128.load(r + o), p0));
    B = f64x2.add(B, f64x2.mul(v128.load(r + o, 16), p1));
  }
  if (n & 2) {
    const p0 = f64x2.sub(v128.load(p + o), f64x2.mul(hh, v128.load(v + o)));
    v128.store(p + o, p0);
    A = f64x2.add(A, f64x2.mul(v128.load(r + o), p0));
    o += 16;
  }
  if (n & 1) {
    const p0 = load<f64>(p + o) - h * load<f64>(v + o);
    store<f64>(p + o, p0);
    A = f64x2.replace_lane(A, 0, f64x2.extract_lane(A, 0) + load<f64>(r + o) * p0);
  }
  const C = f64x2.add(A, B);
  return f64x2.extract_lane(C, 0) + f64x2.extract_lane(C, 1);
}

/** y ← y + α·x. */
export function vecAxpy(n: i32, alpha: f64, x: usize, y: usize): void {
  const a = f64x2.splat(alpha);
  const end2 = (<usize>(n & ~1)) << 3;
  let o: usize = 0;
  for (; o < end2; o += 16) v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(a, v128.load(x + o))));
  if (n & 1) store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
}

/** x ← x / s. */
export function vecDivide(n: i32, x: usize, s: f64): void {
  const d = f64x2.splat(s);
  const end2 = (<usize>(n & ~1)) << 3;
  let o: usize = 0;
  for (; o < end2; o += 16) v128.store(x + o, f64x2.div(v128.load(x + o), d));
  if (n & 1) store<f64>(x + o, load<f64>(x + o) / s);
}

/** r ← b − w. */
export function vecDifference(n: i32, b: usize, w: usize, r: usize): void {
  const end2 = (<usize>(n & ~1)) << 3;
  let o: usize = 0;
  for (; o < end2; o += 16) v128.store(r + o, f64x2.sub(v128.load(b + o), v128.load(w + o)));
  if (n & 1) store<f64>(r + o, load<f64>(b + o) - load<f64>(w + o));
}

/** The first byte after this module's own static data: the caller's arrays start at or above it. */
export function heapBase(): usize {
  return __heap_base;
}
