/**
 * The WebAssembly (SIMD) dense complex kernels (src-wasm/kernels.ts, compiled by AssemblyScript) and
 * the memory they work in (docs/numerics.md, “WebAssembly kernels”).
 *
 * The kernels read and write matrices that live in the module's own linear memory, so a solver lays
 * out its work arrays there once (a {@link WasmArena}) and calls the kernels on them without copies.
 * Where WebAssembly or its SIMD instructions are missing, with NRLAB_WASM=0 in the environment, or
 * after `setWasmKernels(false)`,
 * {@link wasmKernels} answers undefined and the callers use their TypeScript twins
 * (linalg/small-gemm.ts); the tests check that both paths agree to 1e-13.
 */
import { KERNELS_WASM } from './kernels-wasm.js';

/** The module's exports: the kernels of {@link WasmKernels} (byte offsets into its memory; see src-wasm/kernels.ts), its memory and heap base. */
type Exports = Omit<WasmKernels, 'arena' | 'at'> & {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
};

/** The part of the WebAssembly API used here (src-core's types know no DOM or Node). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  validate(bytes: Uint8Array): boolean;
}

const PAGE = 65536;
/** The most a 32-bit WebAssembly memory can hold. */
const MAX_BYTES = 65536 * PAGE;

function decodeBase64(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const value = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) value[alphabet.charCodeAt(i)] = i;
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = value[clean.charCodeAt(i)] ?? -1;
    if (v < 0) throw new Error('internal: the WebAssembly kernels are not valid base64');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * A bump allocator over the module's memory for one solve's arrays. `reset` starts a new layout and
 * makes every view handed out before invalid (its generation changes); `reserve` grows the memory
 * before views are taken, because growing it detaches the views of its old buffer.
 */
export class WasmArena {
  private top: number;
  /** Changes on every reset: a holder of views checks it before using them. */
  generation = 0;

  constructor(private readonly ex: Exports) {
    this.top = ex.heapBase();
  }

  /**
   * Forget every array; make room for `doubles` Float64 values (plus alignment) laid out next.
   * False when the memory cannot grow that far (beyond WebAssembly's 4 GiB, or refused by the
   * system): the caller then takes its TypeScript path.
   */
  reset(doubles: number): boolean {
    this.generation++;
    this.top = Math.ceil(this.ex.heapBase() / 16) * 16;
    const need = this.top + 8 * doubles + 16 * 64;
    const have = this.ex.memory.buffer.byteLength;
    if (need <= have) return true;
    if (!(need <= MAX_BYTES)) return false;
    try {
      this.ex.memory.grow(Math.ceil((need - have) / PAGE));
      return true;
    } catch {
      return false;
    }
  }

  /** A zeroed array of `len` doubles, 16-byte aligned, inside the reserved room. */
  alloc(len: number): Float64Array {
    return this.take(len, 8, (buf, at) => new Float64Array(buf, at, len));
  }

  /** A zeroed array of `len` 32-bit integers (index tables), 16-byte aligned, inside the reserved room. */
  allocInt32(len: number): Int32Array {
    return this.take(len, 4, (buf, at) => new Int32Array(buf, at, len));
  }

  private take<T extends Float64Array | Int32Array>(len: number, bytes: number, view: (buf: ArrayBuffer, at: number) => T): T {
    const buf = this.ex.memory.buffer;
    if (this.top + bytes * len > buf.byteLength) throw new Error('internal: WasmArena.alloc beyond what reset() reserved');
    const v = view(buf, this.top);
    v.fill(0);
    this.top = Math.ceil((this.top + bytes * len) / 16) * 16;
    return v;
  }
}

/** The kernels, called with byte offsets of arrays of their arena (see {@link WasmKernels.at}). */
export interface WasmKernels {
  arena: WasmArena;
  /** The byte offset of an arena array, for the kernels (throws for an array outside the arena). */
  at(x: Float64Array | Int32Array): number;
  /** {@link import('../small-gemm.js').gemmABt} on arena arrays (conj, transC: 0 or 1). */
  gemmABt(m: number, k: number, p: number, a: number, b: number, c: number, conj: number, transC: number): void;
  /** t[i] ← t[i]·g[i] for the first `count` complex numbers of two arena arrays. */
  cmulInPlace(count: number, t: number, g: number): void;
  /**
   * The tcmt-network's fused Runge–Kutta step (src-wasm/kernels.ts): tcmtSetup stores the
   * network's arena arrays (byte offsets), tcmtStep advances an arena state by one step.
   */
  tcmtSetup(...args: number[]): void;
  tcmtStep(h: number, halfH: number, omega: number, y: number): void;
  /** applyLiouvillian's H·ρ and commutator/decay part into the lower triangle of out (quantum/liouvillian.ts). */
  liouvillianLower(n: number, rowPtr: number, col: number, hre: number, him: number, D: number, rho: number, out: number, HR: number): void;
  /** One compact jump's sandwich term added to the lower triangle of out. */
  jumpLower(m: number, src: number, tgt: number, amp: number, n: number, rho: number, out: number): void;
  /** linalg/gemm.ts mirrorLower on an arena matrix. */
  mirrorLowerK(n: number, c: number): void;
  /** applyLiouvillian's scale (the residual's denominator) from ρ and H·ρ, and a jump's share of it. */
  liouvillianScale(n: number, D: number, rho: number, HR: number): number;
  jumpScale(m: number, src: number, tgt: number, amp: number, n: number, rho: number): number;
  /** The manifold preconditioner's forward sweep (preconditioners/manifold.ts) on arena tables and arrays. */
  manifoldForward(...args: number[]): void;
  /** hermitian-eigenvalues.ts's Householder reduction: a (n × n, overwritten) to diagonal d and sub-diagonal e. */
  hermitianTridiagonal(n: number, a: number, d: number, e: number, u: number, p: number): void;
  /** linalg/vector-ops.ts's kernels on `n` doubles of arena vectors (q = 0: p itself). */
  vecDot(n: number, a: number, b: number): number;
  vecSubtractThenDot(n: number, p: number, h: number, v: number, q: number): number;
  vecAxpy(n: number, alpha: number, x: number, y: number): void;
  vecDivide(n: number, x: number, s: number): void;
  vecDifference(n: number, b: number, w: number, r: number): void;
}

/** On unless the environment says NRLAB_WASM=0 (read where there is one: Node's workers, the CLI, the bench). */
let enabled = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NRLAB_WASM !== '0';
let loaded: WasmKernels | null | undefined;

/** Use the WebAssembly kernels where they load (the default), or the TypeScript path only. */
export function setWasmKernels(on: boolean): void {
  enabled = on;
}

function load(): WasmKernels | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) return null;
  try {
    const bytes = decodeBase64(KERNELS_WASM);
    // validate() is false where SIMD (or WebAssembly itself) is not supported
    if (!api.validate(bytes)) return null;
    const instance = new api.Instance(new api.Module(bytes), { env: { abort: () => { throw new Error('internal: WebAssembly kernel abort'); } } });
    const ex = instance.exports as Exports;
    const arena = new WasmArena(ex);
    // the kernels as exported (a plain copy of the exports object, so tests may spy on them)
    const { memory: _memory, heapBase: _heapBase, ...kernels } = ex;
    return {
      ...kernels,
      arena,
      // a kernel given an offset into another buffer would read the wrong bytes
      at: (x: Float64Array | Int32Array) => {
        if (x.buffer !== ex.memory.buffer) throw new Error('internal: a WebAssembly kernel was given an array outside its arena');
        return x.byteOffset;
      },
    };
  } catch {
    return null;
  }
}

/** The WebAssembly kernels, or undefined where they cannot run or are switched off. */
export function wasmKernels(): WasmKernels | undefined {
  if (!enabled) return undefined;
  if (loaded === undefined) loaded = load();
  return loaded ?? undefined;
}
