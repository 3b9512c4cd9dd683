/**
 * Two-time correlations of a Lindblad steady state by the quantum regression theorem
 * (docs/dynamics.md): the intensity correlation
 *   G2_jk(τ) = ⟨a_j† a_k†(τ) a_k(τ) a_j⟩ = tr[n_k e^{𝓛τ}(a_j ρ a_j†)]
 * and the incoherent emission spectrum
 *   S_j(ω) = 2 Re ∫_0^∞ e^{−iωτ} tr[a_j† e^{𝓛τ}(a_j ρ − ⟨a_j⟩ρ)] dτ = 2 Re tr[a_j† (iω − 𝓛)⁻¹(δa_j ρ)].
 * Both propagate a matrix under the time-independent 𝓛 with the Krylov propagator (krylov.ts):
 * G2 is read at the requested delays inside each step (dense output), and the spectrum's resolvent
 * is the Laplace transform of the propagation, integrated exactly over every step for all ω at
 * once (projected.ts), until the propagated matrix has decayed so far that the rest of the
 * integral is below 1e-8 of the spectrum's largest value.
 */
import { ComputationError } from '../../errors.js';
import type { FockBasis, JumpOp } from '../../quantum/fock.js';
import { loweringOp } from '../../quantum/fock.js';
import { applyLiouvillian, applyLiouvillianDual, applyLiouvillianGeneral, decayDiagonal, generalScratch, wasmLiouvillian, wasmLiouvillianDoubles, type Decay } from '../../quantum/liouvillian.js';
import { wasmKernels } from '../../linalg/wasm/kernels.js';
import { VECTOR_ARENA_BYTES, wasmVectorOps, type VectorOps } from '../../linalg/vector-ops.js';
import type { SparseMatrix } from '../../quantum/operators.js';
import { pack, packFunctional, unpack } from './hermitian-pack.js';
import { expv, type ExpvResult } from './krylov.js';
import { lanczosTransfer } from './lanczos-spectrum.js';
import { ProjectedStep } from './projected.js';
import { hypot } from '../../linalg/hypot.js';

/** A Lindblad system: H and the collapse operators on a Fock basis. */
export interface LindbladSystem {
  basis: FockBasis;
  H: SparseMatrix;
  decay: Decay[];
  /**
   * Optional diagonal scaling g_s > 0 (as the steady state's: ε^{n_s} by total excitation). The
   * spectrum's Lanczos process works on G⁻¹XG⁻¹ and GAG (the pairing tr(AX) is unchanged), which
   * keeps the left and right Krylov vectors from becoming nearly orthogonal when the state and the
   * observable live at very different photon numbers.
   */
  grading?: Float64Array;
}

/** How a propagation went (JSON-able). */
export interface PropagationDiagnostics {
  method: 'krylov-expv';
  /** Krylov dimension. */
  m: number;
  /** Local error allowed per unit time, relative to the initial matrix' norm. */
  tolerance: number;
  steps: number;
  rejected: number;
  matvecs: number;
  /** Sum of the accepted steps' error estimates, relative to the initial matrix' norm. */
  errorEstimate: number;
  /** Steps whose values came from e^{sH} quadrature (projected matrix not safely diagonalisable). */
  quadratureSteps: number;
  /** Why the Lanczos continued fraction was not used (a spectrum falling back to propagation). */
  lanczos?: string;
  /** Time propagated (the spectrum: until the rest of the integral is negligible). */
  tEnd: number;
}

const KRYLOV_M = 20;
/** Local error per unit time relative to ‖X(0)‖: the propagation's global error over τ is about τ·1e-10. */
export const PROPAGATION_TOLERANCE = 1e-10;

/**
 * x ↦ 𝓛x on Hermitian matrices (n × n interleaved), with its own scratch: on the WebAssembly
 * kernels where they load (bit for bit the TypeScript product, ~3× faster), laid out in their
 * arena again whenever another solve has used it since.
 */
export function lindbladApply(sys: LindbladSystem): (x: Float64Array, out: Float64Array) => void {
  const n = sys.basis.dim;
  const D = decayDiagonal(sys.basis, sys.decay);
  let HR: Float64Array | undefined;
  const ts = (x: Float64Array, out: Float64Array): void => void applyLiouvillian(n, sys.H, D, sys.decay, x, out, (HR ??= new Float64Array(2 * n * n)), false);
  const k = wasmKernels();
  if (!k) return ts;
  let generation = -1;
  let L: (x: Float64Array, out: Float64Array) => void = ts;
  return (x, out) => {
    if (k.arena.generation !== generation) {
      // a layout the module's memory cannot hold runs on the TypeScript path
      L = k.arena.reset(wasmLiouvillianDoubles(n, sys.H, sys.decay)) ? wasmLiouvillian(k, n, sys.H, D, sys.decay) : ts;
      generation = k.arena.generation;
    }
    L(x, out);
  };
}

/**
 * x ↦ 𝓛x on packed Hermitian matrices, with the vector operations of a Krylov propagation of
 * `vectors` vectors of n² (expv's `ops`): the Liouvillian, its unpacked input and output and the
 * Krylov basis in one layout of the WebAssembly kernels' arena, so both run there (bit for bit the
 * TypeScript path). Where the kernels are off or the room would pass VECTOR_ARENA_BYTES: the
 * TypeScript path (`ops` absent). The layout belongs to one propagation: another solve laying out
 * the arena meanwhile is an internal error, caught before any arena vector is used.
 */
function packedKrylov(sys: LindbladSystem, vectors: number): { apply: (x: Float64Array, out: Float64Array) => void; ops?: VectorOps } {
  const n = sys.basis.dim;
  const k = wasmKernels();
  const room = wasmLiouvillianDoubles(n, sys.H, sys.decay) + 4 * n * n + vectors * (n * n + 2) + 8;
  if (!k || 8 * room > VECTOR_ARENA_BYTES || !k.arena.reset(room)) return { apply: packedApply(sys) };
  const generation = k.arena.generation;
  const live = (): void => {
    if (k.arena.generation !== generation) throw new Error('internal: a Krylov propagation’s WebAssembly arrays were replaced by another layout');
  };
  const L = wasmLiouvillian(k, n, sys.H, decayDiagonal(sys.basis, sys.decay), sys.decay);
  const X = k.arena.alloc(2 * n * n);
  const Y = k.arena.alloc(2 * n * n);
  return {
    apply: (x, out) => {
      live();
      unpack(n, x, X);
      L(X, Y);
      pack(n, Y, out);
    },
    ops: wasmVectorOps(k, (len) => k.arena.alloc(len), live),
  };
}

/** x ↦ 𝓛x on packed Hermitian matrices (hermitian-pack.ts). */
function packedApply(sys: LindbladSystem): (x: Float64Array, out: Float64Array) => void {
  const n = sys.basis.dim;
  const full = lindbladApply(sys);
  const X = new Float64Array(2 * n * n);
  const Y = new Float64Array(2 * n * n);
  return (x, out) => {
    unpack(n, x, X);
    full(X, Y);
    pack(n, Y, out);
  };
}

/** expv on packed Hermitian matrices with {@link packedKrylov}'s operator and vectors (its basis: m + 4 vectors). */
function expvPacked(sys: LindbladSystem, v: Float64Array, tEnd: number, opts: { tol: number; m: number }, onStep: Parameters<typeof expv>[4]): ExpvResult {
  const { apply, ops } = packedKrylov(sys, opts.m + 4);
  return expv(apply, v, tEnd, { ...opts, ...(ops ? { ops } : {}) }, onStep);
}

/** ⟨n_k⟩ of mode k in a (not necessarily normalised) Hermitian matrix: Σ_s n_k(s) X_ss. */
export function occupation(basis: FockBasis, k: number): Float64Array {
  const n = basis.dim;
  const o = new Float64Array(2 * n * n);
  for (let s = 0; s < n; s++) o[2 * (s * n + s)] = basis.occ[s * basis.modes + k]!;
  return o;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** C ρ C† for a jump operator C (ρ Hermitian, n × n interleaved). */
export function sandwich(op: JumpOp, rho: Float64Array, n: number): Float64Array {
  const out = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    const tr = op.target[r]!;
    if (tr < 0) continue;
    const ar = op.amp[r]!;
    for (let c = 0; c < n; c++) {
      const tc = op.target[c]!;
      if (tc < 0) continue;
      const f = ar * op.amp[c]!;
      out[2 * (tr * n + tc)] = f * rho[2 * (r * n + c)]!;
      out[2 * (tr * n + tc) + 1] = f * rho[2 * (r * n + c) + 1]!;
    }
  }
  return out;
}

function diagnostics(r: ExpvResult, norm0: number, quadratureSteps: number): PropagationDiagnostics {
  return {
    method: 'krylov-expv',
    m: KRYLOV_M,
    tolerance: PROPAGATION_TOLERANCE,
    steps: r.steps,
    rejected: r.rejected,
    matvecs: r.matvecs,
    errorEstimate: norm0 > 0 ? r.errorEstimate / norm0 : 0,
    quadratureSteps,
    tEnd: r.t,
  };
}

export interface IntensityCorrelation {
  /** G2_jk(τ)/(⟨n_j⟩⟨n_k⟩) for every requested k, at every τ (in the order given). */
  g2: Float64Array[];
  /** ⟨n_j⟩ and ⟨n_k⟩ of the steady state. */
  meanJ: number;
  meanK: number[];
  diagnostics: PropagationDiagnostics;
}

/**
 * g2_jk(τ) for one mode j (the photon detected at 0) and modes ks (detected at τ ≥ 0), from the
 * steady state ρ (normalised, n × n interleaved).
 *
 * @throws ComputationError when ⟨n_j⟩ or ⟨n_k⟩ is not positive (no light to correlate).
 */
export function intensityCorrelation(sys: LindbladSystem, rho: Float64Array, j: number, ks: number[], tau: Float64Array): IntensityCorrelation {
  const { basis } = sys;
  const n = basis.dim;
  for (const t of tau) if (!(t >= 0) || !Number.isFinite(t)) throw new ComputationError(`a delay τ must be a finite number ≥ 0, got ${t}`);
  const X0 = sandwich(loweringOp(basis, j), rho, n);
  const obs = ks.map((k) => occupation(basis, k));
  const meanJ = dot(occupation(basis, j), rho);
  const meanK = obs.map((o) => dot(o, rho));
  if (!(meanJ > 0) || meanK.some((m) => !(m > 0))) throw new ComputationError('an output holds no photons in the steady state (⟨n⟩ = 0), so its g2 is undefined');
  const g2 = ks.map(() => new Float64Array(tau.length));
  const order = Array.from(tau.keys()).sort((a, b) => tau[a]! - tau[b]!);
  let next = 0;
  // τ = 0 (and every τ before the first step ends) straight from X(0)
  while (next < order.length && tau[order[next]!] === 0) {
    obs.forEach((o, q) => (g2[q]![order[next]!] = dot(o, X0) / (meanJ * meanK[q]!)));
    next++;
  }
  const tMax = order.length ? tau[order[order.length - 1]!]! : 0;
  let quadratureSteps = 0;
  const packedObs = obs.map((o) => packFunctional(n, o));
  const x0 = pack(n, X0);
  const norm0p = Math.sqrt(dot(x0, x0));
  // the error allowed is relative to the smallest G2 read (⟨n_j⟩⟨n_k⟩ through the observable's norm), so a
  // dark output's g2 is as accurate as a bright one's
  const scale = Math.min(norm0p, ...packedObs.map((o, q) => (meanJ * meanK[q]!) / Math.sqrt(dot(o, o))));
  const r =
    next < order.length
      ? expvPacked(sys, x0, tMax, { tol: PROPAGATION_TOLERANCE * scale, m: KRYLOV_M }, (step) => {
          const end = step.t + step.h;
          const idx: number[] = [];
          while (next < order.length && (tau[order[next]!]! <= end || end >= tMax)) idx.push(order[next++]!);
          if (!idx.length) return;
          const p = new ProjectedStep(step);
          if (!p.decomposed) quadratureSteps++;
          const vals = p.values(
            packedObs.map((o) => p.observable(o)),
            idx.map((i) => Math.min(step.h, Math.max(0, tau[i]! - step.t))),
          );
          idx.forEach((i, a) => obs.forEach((_o, q) => (g2[q]![i] = vals[q]![a]! / (meanJ * meanK[q]!))));
        })
      : ({ w: x0, t: 0, steps: 0, rejected: 0, matvecs: 0, errorEstimate: 0 } satisfies ExpvResult);
  return { g2, meanJ, meanK, diagnostics: diagnostics(r, norm0p, quadratureSteps) };
}

export interface EmissionSpectrum {
  /** S(ω) at every ω (incoherent part). */
  S: Float64Array;
  /** ⟨a⟩ (re, im), ⟨a†a⟩ and the coherent fraction |⟨a⟩|²/⟨a†a⟩. */
  mean_a: [number, number];
  mean_n: number;
  coherentFraction: number;
  diagnostics: PropagationDiagnostics | LanczosDiagnostics;
}

/** How a spectrum's Lanczos continued fraction went (JSON-able). */
export interface LanczosDiagnostics {
  method: 'lanczos';
  iterations: number;
  /** Largest change of S between the last two evaluations, relative to its largest value. */
  change: number;
  tolerance: number;
  matvecs: number;
  timeMs: number;
}

/** The Lanczos continued fraction stops when two successive evaluations agree within this fraction of the largest |S| (twice). */
export const LANCZOS_TOLERANCE = 1e-9;
const LANCZOS_MAX = 3000;

/** Ceiling on the propagated time of a spectrum (in units of the slowest rate): a safeguard, never the normal stop. */
const MAX_DECAYS = 60;
/** The spectrum stops integrating when the rest is below this fraction of its largest value. */
export const SPECTRUM_TAIL = 1e-8;

/**
 * The incoherent emission spectrum S_j(ω) of mode j in the steady state ρ, at every ω (relative to
 * the drive), with QuTiP's normalisation (`spectrum(H, wlist, c_ops, a.dag(), a)`).
 */
export function emissionSpectrum(sys: LindbladSystem, rho: Float64Array, j: number, omega: Float64Array, opts: { method?: 'auto' | 'propagation' } = {}): EmissionSpectrum {
  const { basis } = sys;
  const n = basis.dim;
  for (const w of omega) if (!Number.isFinite(w)) throw new ComputationError(`a frequency ω must be finite, got ${w}`);
  const a = loweringOp(basis, j);
  // ⟨a⟩ = Σ_s amp_s ρ[s][target_s]; Y = aρ − ⟨a⟩ρ, split into Hermitian parts Y = H1 + i H2
  let ar = 0;
  let ai = 0;
  for (let s = 0; s < n; s++) {
    const t = a.target[s]!;
    if (t < 0) continue;
    ar += a.amp[s]! * rho[2 * (s * n + t)]!;
    ai += a.amp[s]! * rho[2 * (s * n + t) + 1]!;
  }
  const Y = new Float64Array(2 * n * n);
  for (let s = 0; s < n; s++) {
    const t = a.target[s]!;
    if (t < 0) continue;
    const f = a.amp[s]!;
    for (let c = 0; c < n; c++) {
      Y[2 * (t * n + c)] = Y[2 * (t * n + c)]! + f * rho[2 * (s * n + c)]!;
      Y[2 * (t * n + c) + 1] = Y[2 * (t * n + c) + 1]! + f * rho[2 * (s * n + c) + 1]!;
    }
  }
  for (let i = 0; i < n * n; i++) {
    Y[2 * i] = Y[2 * i]! - (ar * rho[2 * i]! - ai * rho[2 * i + 1]!);
    Y[2 * i + 1] = Y[2 * i + 1]! - (ar * rho[2 * i + 1]! + ai * rho[2 * i]!);
  }
  const mean_n = dot(occupation(basis, j), rho);
  const coherentFraction = mean_n > 0 ? (ar * ar + ai * ai) / mean_n : NaN;
  let lanczosNote: string | undefined;
  if (opts.method !== 'propagation') {
    // S(ω) = 2 Re ⟨a†, (iω − 𝓛)⁻¹ Y⟩ by the two-sided Lanczos continued fraction
    const D = decayDiagonal(basis, sys.decay);
    const scr = generalScratch(n);
    // a† − ⟨a†⟩·1: the same pairing with Y (tr e^{𝓛τ}Y = tr Y = 0), but no weight on the steady state
    // either, so the resolvent's pole at ω = 0 (𝓛ρ = 0) stays out of the continued fraction
    const Adag = new Float64Array(2 * n * n);
    for (let s = 0; s < n; s++) if (a.target[s]! >= 0) Adag[2 * (s * n + a.target[s]!)] = a.amp[s]!;
    for (let s = 0; s < n; s++) {
      Adag[2 * (s * n + s)] = Adag[2 * (s * n + s)]! - ar;
      Adag[2 * (s * n + s) + 1] = Adag[2 * (s * n + s) + 1]! + ai;
    }
    const z = new Float64Array(2 * omega.length);
    omega.forEach((w, q) => (z[2 * q + 1] = w));
    const t0 = performance.now();
    const g = sys.grading ?? new Float64Array(n).fill(1);
    // X ↦ G X G (pow = 1) or G⁻¹ X G⁻¹ (pow = −1), into out (elementwise: out may be X)
    const scale = (X: Float64Array, pow: 1 | -1, out: Float64Array): Float64Array => {
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const f = pow === 1 ? g[r]! * g[c]! : 1 / (g[r]! * g[c]!);
          out[2 * (r * n + c)] = f * X[2 * (r * n + c)]!;
          out[2 * (r * n + c) + 1] = f * X[2 * (r * n + c) + 1]!;
        }
      }
      return out;
    };
    const buf = new Float64Array(2 * n * n);
    const r = lanczosTransfer(
      n,
      // 𝓛̃(X̃) = G⁻¹𝓛(G X̃ G)G⁻¹ and 𝓛̃*(Ã) = G 𝓛*(G⁻¹ÃG⁻¹) G
      (x, out) => {
        applyLiouvillianGeneral(n, sys.H, D, sys.decay, scale(x, 1, buf), out, scr);
        scale(out, -1, out);
      },
      (x, out) => {
        applyLiouvillianDual(n, sys.H, D, sys.decay, scale(x, -1, buf), out, scr);
        scale(out, 1, out);
      },
      scale(Adag, 1, new Float64Array(2 * n * n)),
      scale(Y, -1, new Float64Array(2 * n * n)),
      z,
      { tol: LANCZOS_TOLERANCE, maxIterations: LANCZOS_MAX },
    );
    if (r.converged) {
      const S = new Float64Array(omega.length);
      for (let q = 0; q < omega.length; q++) S[q] = 2 * r.values[2 * q]!;
      return {
        S,
        mean_a: [ar, ai],
        mean_n,
        coherentFraction,
        diagnostics: { method: 'lanczos', iterations: r.iterations, change: r.change, tolerance: LANCZOS_TOLERANCE, matvecs: 2 * r.iterations, timeMs: performance.now() - t0 },
      };
    }
    lanczosNote = r.reason;
  }
  const H1 = new Float64Array(2 * n * n);
  const H2 = new Float64Array(2 * n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const o = 2 * (r * n + c);
      const t = 2 * (c * n + r);
      // H1 = (Y + Y†)/2, H2 = (Y − Y†)/(2i)
      H1[o] = (Y[o]! + Y[t]!) / 2;
      H1[o + 1] = (Y[o + 1]! - Y[t + 1]!) / 2;
      H2[o] = (Y[o + 1]! + Y[t + 1]!) / 2;
      H2[o + 1] = -(Y[o]! - Y[t]!) / 2;
    }
  }
  // tr(a† X) = Σ_s amp_s X[target_s][s]: its real and imaginary parts as vectors
  const oRe = new Float64Array(2 * n * n);
  const oIm = new Float64Array(2 * n * n);
  for (let s = 0; s < n; s++) {
    const t = a.target[s]!;
    if (t < 0) continue;
    oRe[2 * (t * n + s)] = a.amp[s]!;
    oIm[2 * (t * n + s) + 1] = a.amp[s]!;
  }
  // tr[(a† − ⟨a†⟩)X]: identical for traceless X, and blind to the steady state left by rounding
  for (let s = 0; s < n; s++) {
    oRe[2 * (s * n + s)] = oRe[2 * (s * n + s)]! - ar;
    oIm[2 * (s * n + s)] = oIm[2 * (s * n + s)]! + ai;
  }
  // L_p(ω) = ∫ e^{−iωτ} tr(a† X_p(τ)) dτ for X_p(0) = H_p; C(τ) = tr(a†X1) + i tr(a†X2)
  const pRe = packFunctional(n, oRe);
  const pIm = packFunctional(n, oIm);
  const parts = [H1, H2].map((full) => {
    const X0 = pack(n, full);
    const re = new Float64Array(2 * omega.length);
    const im = new Float64Array(2 * omega.length);
    const norm0 = Math.sqrt(dot(X0, X0));
    if (norm0 === 0) return { re, im, diag: diagnostics({ w: X0, t: 0, steps: 0, rejected: 0, matvecs: 0, errorEstimate: 0 }, 0, 0) };
    let quadratureSteps = 0;
    let prevBeta = norm0;
    let slowest = Infinity;
    const oNorm = Math.sqrt(dot(pRe, pRe) + dot(pIm, pIm));
    const r = expvPacked(sys, X0, Infinity, { tol: PROPAGATION_TOLERANCE * norm0, m: KRYLOV_M }, (step) => {
      const p = new ProjectedStep(step);
      if (!p.decomposed) quadratureSteps++;
      p.addLaplace(p.observable(pRe), omega, re);
      p.addLaplace(p.observable(pIm), omega, im);
      // the norm at the step's end, and the decay rate seen over the step
      let b2 = 0;
      for (let i = 0; i < step.m; i++) b2 += step.y[i]! * step.y[i]!;
      const beta = Math.sqrt(b2);
      const rate = Math.log(prevBeta / beta) / step.h;
      prevBeta = beta;
      if (rate > 0) slowest = Math.min(slowest === Infinity ? rate : slowest, rate);
      let peak = 0;
      for (let q = 0; q < omega.length; q++) peak = Math.max(peak, hypot(re[2 * q]!, re[2 * q + 1]!), hypot(im[2 * q]!, im[2 * q + 1]!));
      // the rest of the integral is at most ‖o‖ ‖X(t)‖ / rate
      const tail = rate > 0 ? (oNorm * beta) / rate : Infinity;
      if (beta <= 1e-14 * norm0) return false;
      if (beta <= 1e-3 * norm0 && tail <= SPECTRUM_TAIL * peak) return false;
      if (slowest !== Infinity && step.t + step.h > MAX_DECAYS / slowest && beta <= 1e-6 * norm0) return false;
      return true;
    });
    return { re, im, diag: diagnostics(r, norm0, quadratureSteps) };
  });
  const S = new Float64Array(omega.length);
  for (let q = 0; q < omega.length; q++) {
    // L_p = re_p + i·im_p (complex); ∫e^{−iωτ}C = L_1 + i L_2; S = 2 Re(L_1 + i L_2) = 2 (Re L_1 − Im L_2)
    const [p1, p2] = parts as [(typeof parts)[0], (typeof parts)[0]];
    const reL1 = p1.re[2 * q]! - p1.im[2 * q + 1]!;
    const imL2 = p2.re[2 * q + 1]! + p2.im[2 * q]!;
    S[q] = 2 * (reL1 - imL2);
  }
  const d1 = parts[0]!.diag;
  const d2 = parts[1]!.diag;
  return {
    S,
    mean_a: [ar, ai],
    mean_n,
    coherentFraction,
    diagnostics: {
      ...d1,
      ...(lanczosNote ? { lanczos: lanczosNote } : {}),
      steps: d1.steps + d2.steps,
      rejected: d1.rejected + d2.rejected,
      matvecs: d1.matvecs + d2.matvecs,
      errorEstimate: Math.max(d1.errorEstimate, d2.errorEstimate),
      quadratureSteps: d1.quadratureSteps + d2.quadratureSteps,
      tEnd: Math.max(d1.tEnd, d2.tEnd),
    },
  };
}
