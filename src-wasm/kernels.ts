// NR Lab's dense complex kernels in AssemblyScript, compiled to WebAssembly with SIMD by
// scripts/gen-wasm-kernels.mjs (into src-core/linalg/wasm/kernels-wasm.js, on every build that finds
// this file newer). The TypeScript twins live in src-core/linalg/small-gemm.ts; the tests check that
// both agree to 1e-13 (test/core/wasm-kernels.test.ts), and src-core/linalg/wasm/kernels.ts loads
// the module and falls back to TypeScript where WebAssembly SIMD is missing.
//
// Matrices are complex, interleaved (re, im) f64, row-major, at byte offsets into this module's
// memory, which the caller lays out (no allocation happens here). A complex multiply-add uses one
// f64x2 per operand: (ar, ai)·br and (ar, ai)·bi accumulate separately and are combined at the end.

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
      let x00 = f64x2.splat(0), y00 = f64x2.splat(0), x01 = f64x2.splat(0), y01 = f64x2.splat(0);
      let x10 = f64x2.splat(0), y10 = f64x2.splat(0), x11 = f64x2.splat(0), y11 = f64x2.splat(0);
      for (let l: usize = 0; l < k16; l += 16) {
        const va0 = v128.load(a0 + l);
        const va1 = v128.load(a1 + l);
        const br0 = f64x2.splat(load<f64>(b0 + l)), bi0 = f64x2.splat(load<f64>(b0 + l, 8));
        const br1 = f64x2.splat(load<f64>(b1 + l)), bi1 = f64x2.splat(load<f64>(b1 + l, 8));
        x00 = f64x2.add(x00, f64x2.mul(va0, br0)); y00 = f64x2.add(y00, f64x2.mul(va0, bi0));
        x01 = f64x2.add(x01, f64x2.mul(va0, br1)); y01 = f64x2.add(y01, f64x2.mul(va0, bi1));
        x10 = f64x2.add(x10, f64x2.mul(va1, br0)); y10 = f64x2.add(y10, f64x2.mul(va1, bi0));
        x11 = f64x2.add(x11, f64x2.mul(va1, br1)); y11 = f64x2.add(y11, f64x2.mul(va1, bi1));
      }
      const o = c + <usize>i * ci + <usize>j * cj;
      store<f64>(o, f64x2.extract_lane(x00, 0) - sg * f64x2.extract_lane(y00, 1));
      store<f64>(o, f64x2.extract_lane(x00, 1) + sg * f64x2.extract_lane(y00, 0), 8);
      store<f64>(o + cj, f64x2.extract_lane(x01, 0) - sg * f64x2.extract_lane(y01, 1));
      store<f64>(o + cj, f64x2.extract_lane(x01, 1) + sg * f64x2.extract_lane(y01, 0), 8);
      store<f64>(o + ci, f64x2.extract_lane(x10, 0) - sg * f64x2.extract_lane(y10, 1));
      store<f64>(o + ci, f64x2.extract_lane(x10, 1) + sg * f64x2.extract_lane(y10, 0), 8);
      store<f64>(o + ci + cj, f64x2.extract_lane(x11, 0) - sg * f64x2.extract_lane(y11, 1));
      store<f64>(o + ci + cj, f64x2.extract_lane(x11, 1) + sg * f64x2.extract_lane(y11, 0), 8);
    }
    for (; j < p; j++) {
      const b0 = b + <usize>j * k16;
      let x0 = f64x2.splat(0), y0 = f64x2.splat(0), x1 = f64x2.splat(0), y1 = f64x2.splat(0);
      for (let l: usize = 0; l < k16; l += 16) {
        const br = f64x2.splat(load<f64>(b0 + l)), bi = f64x2.splat(load<f64>(b0 + l, 8));
        const va0 = v128.load(a0 + l), va1 = v128.load(a1 + l);
        x0 = f64x2.add(x0, f64x2.mul(va0, br)); y0 = f64x2.add(y0, f64x2.mul(va0, bi));
        x1 = f64x2.add(x1, f64x2.mul(va1, br)); y1 = f64x2.add(y1, f64x2.mul(va1, bi));
      }
      const o = c + <usize>i * ci + <usize>j * cj;
      store<f64>(o, f64x2.extract_lane(x0, 0) - sg * f64x2.extract_lane(y0, 1));
      store<f64>(o, f64x2.extract_lane(x0, 1) + sg * f64x2.extract_lane(y0, 0), 8);
      store<f64>(o + ci, f64x2.extract_lane(x1, 0) - sg * f64x2.extract_lane(y1, 1));
      store<f64>(o + ci, f64x2.extract_lane(x1, 1) + sg * f64x2.extract_lane(y1, 0), 8);
    }
  }
  for (; i < m; i++) {
    const a0 = a + <usize>i * k16;
    for (let j = 0; j < p; j++) {
      const b0 = b + <usize>j * k16;
      let x0 = f64x2.splat(0), y0 = f64x2.splat(0);
      for (let l: usize = 0; l < k16; l += 16) {
        const va0 = v128.load(a0 + l);
        x0 = f64x2.add(x0, f64x2.mul(va0, f64x2.splat(load<f64>(b0 + l))));
        y0 = f64x2.add(y0, f64x2.mul(va0, f64x2.splat(load<f64>(b0 + l, 8))));
      }
      const o = c + <usize>i * ci + <usize>j * cj;
      store<f64>(o, f64x2.extract_lane(x0, 0) - sg * f64x2.extract_lane(y0, 1));
      store<f64>(o, f64x2.extract_lane(x0, 1) + sg * f64x2.extract_lane(y0, 0), 8);
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

/** The first byte after this module's own static data: the caller's arrays start at or above it. */
export function heapBase(): usize {
  return __heap_base;
}
