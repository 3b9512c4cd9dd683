/**
 * ρ(t) of a Lindblad master equation under a time-dependent coherent drive H(t) = H₀ + f(t) H_d, by
 * the embedded Dormand–Prince 5(4) Runge–Kutta pair (Dormand & Prince, J. Comput. Appl. Math.
 * 6:19, 1980; as Hairer's DOPRI5 and SciPy's RK45) with its 4th-order continuous extension for the
 * output samples (docs/dynamics.md, “Pulse”).
 *
 * Error control: a step is accepted when the embedded error estimate satisfies, in every
 * component, |err_i| ≤ atol + rtol·max(|y_i(t)|, |y_i(t+h)|) (a max norm: no component is
 * averaged away); the next step is h·min(5, max(0.2, 0.9·err^{−1/5})). The drive's
 * discontinuities (a rectangle's edges, a switch) are step boundaries, and the step never exceeds
 * `hMax` so that a pulse is never stepped over from a quiet start. Photons out of each output
 * port, ∫κ_j⟨n_j⟩dt, are integrated as extra components of the same system, under the same
 * control. The Lindblad generator's eigenvalues have bounded negative real parts (the loss rates)
 * and imaginary parts up to the largest energy difference of the truncated H, so the system is
 * oscillatory rather than stiff: an explicit method with step control is efficient; steps shrink
 * automatically where a stiff component appears (a very lossy mode), at a cost but never a wrong
 * answer. Where f is constant (declared by `constant`), the generator is time-independent and the
 * Krylov exponential (krylov.ts) propagates instead, without a stability limit on its steps. The
 * smallest eigenvalue of ρ(t_end) is reported, so lost positivity is never silent.
 */
import { ComputationError } from '../../errors.js';
import { hermitianEigenvalues } from '../../linalg/hermitian-eigenvalues.js';
import type { FockBasis } from '../../quantum/fock.js';
import { applyLiouvillian, decayDiagonal, wasmLiouvillian, wasmLiouvillianDoubles, type Decay, type WasmLiouvillian } from '../../quantum/liouvillian.js';
import { wasmKernels } from '../../linalg/wasm/kernels.js';
import { tsVectorOps, VECTOR_ARENA_BYTES, wasmVectorOps, type VectorOps } from '../../linalg/vector-ops.js';
import type { SparseMatrix } from '../../quantum/operators.js';
import { pack, unpack } from './hermitian-pack.js';
import { expv } from './krylov.js';

/** The Krylov exponential's tolerance relative to ‖ρ‖ on intervals of constant drive (see krylovSegment). */
const KRYLOV_TOL = 1e-14;
import { ProjectedStep } from './projected.js';

export interface PulseSystem {
  basis: FockBasis;
  /** The drive-free Hamiltonian and the drive's part at f = 1, on the same sparsity pattern. */
  H0: SparseMatrix;
  Hd: SparseMatrix;
  decay: Decay[];
}

export interface PulseOutput {
  mode: number;
  /** The loss through the port (the flux out is κ⟨n⟩). */
  kappa: number;
}

export interface PulseOptions {
  envelope: (t: number) => number;
  /** Times where f(t) is discontinuous (step boundaries). */
  breakpoints: number[];
  /** Sample times, ascending, within [0, tEnd] (tEnd = the last). */
  times: Float64Array;
  outputs: PulseOutput[];
  /** Largest step, or the largest step of a step starting at t (small over a pulse, free after it). */
  hMax: number | ((t: number) => number);
  /**
   * Intervals where f(t) is constant (and between breakpoints): there the generator is
   * time-independent and ρ is propagated by the Krylov exponential (krylov.ts), which has no
   * stability limit on its steps — a long quiet tail or a constant drive costs a few steps, not
   * thousands.
   */
  constant?: { from: number; to: number; value: number }[];
  rtol?: number;
  atol?: number;
  maxSteps?: number;
}

export interface PulseDiagnostics {
  /** Dormand–Prince where the drive varies; the Krylov exponential where it is constant. */
  method: 'dormand-prince-5(4) + krylov-expv';
  rtol: number;
  atol: number;
  steps: number;
  rejected: number;
  /** Applications of 𝓛(t). */
  evaluations: number;
  /** Krylov steps over the intervals of constant drive (their local error ≤ 1.2·h·1e-11‖ρ‖). */
  krylovSteps: number;
  /** Smallest eigenvalue of ρ(t_end) (≥ −1e-10 for a valid density matrix). */
  minEigenvalue: number;
  /** tr ρ(t_end) − 1. */
  traceError: number;
  /** Largest population of the truncation's top shell over the samples (large: truncation too small). */
  topShell: number;
}

export interface PulseResult {
  /** Per output: ⟨n⟩, ⟨a†²a²⟩/⟨n⟩² (NaN where ⟨n⟩ = 0) and the photons out so far, at every sample. */
  n: Float64Array[];
  g2: Float64Array[];
  photons: Float64Array[];
  rhoEnd: Float64Array;
  diagnostics: PulseDiagnostics;
}

const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A: number[][] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
// error coefficients b − b̂
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];
// Hairer's dense output coefficients
const DC = [-12715105075 / 11282082432, 0, 87487479700 / 32700410799, -10690763975 / 1880347072, 701980252875 / 199316789632, -1453857185 / 822651844, 69997945 / 29380423];

/** Integrate from ρ(0) = rho0 over `times`. */
export function evolvePulse(sys: PulseSystem, rho0: Float64Array, opts: PulseOptions): PulseResult {
  const { basis, H0, Hd, decay } = sys;
  const n = basis.dim;
  const nn = 2 * n * n;
  const q = opts.outputs.length;
  const len = nn + q;
  const rtol = opts.rtol ?? 1e-8;
  const atol = opts.atol ?? 1e-12;
  const maxSteps = opts.maxSteps ?? 2_000_000;
  const times = opts.times;
  const tEnd = times[times.length - 1]!;
  const D = decayDiagonal(basis, decay);
  const H: SparseMatrix = { n: H0.n, rowPtr: H0.rowPtr, col: H0.col, re: new Float64Array(H0.re.length), im: new Float64Array(H0.im.length) };
  const HR = new Float64Array(nn);
  // 𝓛 with the current values of H, and the Runge–Kutta vectors (k₁…k₇, y, y₁, the stage and the
  // error sums): in one layout of the WebAssembly kernels' arena where they load and the room stays
  // modest, so the stages' sums run there too (bit for bit the TypeScript path); the pulse owns
  // that layout for its whole run. `hVersion` counts the rewrites of H's values, which are then
  // copied to the kernel's H.
  const wk = wasmKernels();
  const room = wasmLiouvillianDoubles(n, H, decay) + 11 * (len + 2);
  let owned: { L: WasmLiouvillian; generation: number } | undefined;
  let ops: VectorOps = tsVectorOps;
  const live = (): void => {
    if (owned && wk!.arena.generation !== owned.generation) throw new Error('internal: a pulse’s WebAssembly arrays were replaced by another layout');
  };
  if (wk && 8 * room <= VECTOR_ARENA_BYTES && wk.arena.reset(room)) {
    owned = { L: wasmLiouvillian(wk, n, H, D, decay), generation: wk.arena.generation };
    ops = wasmVectorOps(wk, (l) => wk.arena.alloc(l), live);
  }
  let hVersion = 0;
  let wasmHVersion = -1;
  const liouvillian = (x: Float64Array, out: Float64Array): void => {
    if (!owned) {
      applyLiouvillian(n, H, D, decay, x, out, HR, false);
      return;
    }
    live();
    if (wasmHVersion !== hVersion) {
      owned.L.setH(H.re, H.im);
      wasmHVersion = hVersion;
    }
    owned.L(x, out);
  };
  const occ = opts.outputs.map((o) => Float64Array.from({ length: n }, (_, s) => basis.occ[s * basis.modes + o.mode]!));
  let evaluations = 0;
  let lastF = NaN;
  // the segment being integrated: f(t) is read strictly inside it, so a stage at an end sees the
  // segment's side of a discontinuity
  let segA = 0;
  let segB = 0;
  const f = (t: number, y: Float64Array, out: Float64Array): void => {
    const guard = 1e-12 * (segB - segA);
    const e = opts.envelope(Math.min(segB - guard, Math.max(segA + guard, t)));
    if (e !== lastF) {
      for (let p = 0; p < H.re.length; p++) {
        H.re[p] = H0.re[p]! + e * Hd.re[p]!;
        H.im[p] = H0.im[p]! + e * Hd.im[p]!;
      }
      lastF = e;
      hVersion++;
    }
    liouvillian(y.subarray(0, nn), out.subarray(0, nn));
    opts.outputs.forEach((o, j) => {
      let m = 0;
      const oc = occ[j]!;
      for (let s = 0; s < n; s++) m += oc[s]! * y[2 * (s * n + s)]!;
      out[nn + j] = o.kappa * m;
    });
    evaluations++;
  };
  // observables of one state vector: ⟨n_j⟩, ⟨n_j(n_j − 1)⟩, photons_j, and the top shell
  const top = topShellMask(basis);
  const observe = (y: Float64Array): number[] => {
    const out: number[] = [];
    occ.forEach((oc, j) => {
      let m1 = 0;
      let m2 = 0;
      for (let s = 0; s < n; s++) {
        const p = y[2 * (s * n + s)]!;
        m1 += oc[s]! * p;
        m2 += oc[s]! * (oc[s]! - 1) * p;
      }
      out.push(m1, m2, y[nn + j]!);
    });
    let t = 0;
    for (let s = 0; s < n; s++) if (top[s]) t += y[2 * (s * n + s)]!;
    out.push(t);
    return out;
  };
  const nOut = opts.outputs.map(() => new Float64Array(times.length));
  const g2Out = opts.outputs.map(() => new Float64Array(times.length));
  const phOut = opts.outputs.map(() => new Float64Array(times.length));
  let topShell = 0;
  const record = (i: number, obs: number[]): void => {
    opts.outputs.forEach((_o, j) => {
      const m1 = obs[3 * j]!;
      nOut[j]![i] = m1;
      g2Out[j]![i] = m1 > 0 ? obs[3 * j + 1]! / (m1 * m1) : NaN;
      phOut[j]![i] = obs[3 * j + 2]!;
    });
    topShell = Math.max(topShell, obs[3 * q]!);
  };

  const k = Array.from({ length: 7 }, () => ops.vector(len));
  let y = ops.vector(len);
  y.set(rho0.subarray(0, nn));
  let y1 = ops.vector(len);
  const tmp = ops.vector(len);
  /** Σ_r c_r k_r into out, element by element in the order of r (the error estimate, the dense output). */
  const sum = ops.vector(len);
  const combine = (c: readonly number[], ks: Float64Array[], out: Float64Array): void => {
    out.fill(0);
    for (let r = 0; r < ks.length; r++) if (c[r] !== 0) ops.axpy(c[r]!, ks[r]!, out);
  };
  let next = 0;
  while (next < times.length && times[next]! <= 0) record(next++, observe(y));
  const stops = [...new Set([...opts.breakpoints.filter((b) => b > 0 && b < tEnd), tEnd])].sort((a, b) => a - b);
  let t = 0;
  const hMaxAt = typeof opts.hMax === 'number' ? ((c: number) => () => c)(opts.hMax) : opts.hMax;
  let h = Math.min(hMaxAt(0), tEnd / 1000 || 1);
  let steps = 0;
  let rejected = 0;
  let krylovSteps = 0;
  const packedObs = (() => {
    // packed Hermitian coordinates: the diagonal comes first (hermitian-pack.ts)
    const list: Float64Array[] = [];
    occ.forEach((oc) => {
      const o1 = new Float64Array(n * n);
      const o2 = new Float64Array(n * n);
      for (let s = 0; s < n; s++) {
        o1[s] = oc[s]!;
        o2[s] = oc[s]! * (oc[s]! - 1);
      }
      list.push(o1, o2);
    });
    const ot = new Float64Array(n * n);
    for (let s = 0; s < n; s++) ot[s] = top[s]!;
    list.push(ot);
    return list;
  })();
  /** ρ over [t, stop] with f = value: the Krylov exponential, with the samples and the photons read inside its steps. */
  const krylovSegment = (stop: number, value: number): void => {
    for (let p = 0; p < H.re.length; p++) {
      H.re[p] = H0.re[p]! + value * Hd.re[p]!;
      H.im[p] = H0.im[p]! + value * Hd.im[p]!;
    }
    lastF = NaN;
    hVersion++;
    const X = new Float64Array(nn);
    const Y = new Float64Array(nn);
    const apply = (x: Float64Array, out: Float64Array): void => {
      unpack(n, x, X);
      liouvillian(X, Y);
      pack(n, Y, out);
      evaluations++;
    };
    const x0 = pack(n, y.subarray(0, nn));
    let norm0 = 0;
    for (const v of x0) norm0 += v * v;
    norm0 = Math.sqrt(norm0);
    const start = t;
    const acc = Array.from({ length: q }, (_, j) => y[nn + j]!);
    // The step tolerance is absolute on ρ (‖ρ‖ ≈ 1, the vacuum dominates), while g2(t) = ⟨a†²a²⟩/⟨n⟩²
    // divides by ⟨n⟩², down to ~1e-12 in a ring-down: 1e-14 keeps g2 within ~2e-7 of QuTiP where
    // ⟨n⟩ ≥ 1e-3 of its peak (1e-11 left 1e-5); it costs ~15% more steps.
    const r = expv(apply, x0, stop - start, { tol: KRYLOV_TOL * norm0, m: 20 }, (step) => {
      const p = new ProjectedStep(step);
      const obs = packedObs.map((o) => p.observable(o));
      const nObs = obs.filter((_o, i) => i < 2 * q && i % 2 === 0);
      const end = start + step.t + step.h;
      const idx: number[] = [];
      while (next < times.length && (times[next]! <= end || end >= stop - 1e-12 * Math.max(1, stop))) {
        if (times[next]! > stop) break;
        idx.push(next++);
      }
      if (idx.length) {
        const ss = idx.map((i) => Math.min(step.h, Math.max(0, times[i]! - start - step.t)));
        const vals = p.values(obs, ss);
        const ints = p.integrals(nObs, ss);
        idx.forEach((i, a) => {
          const o: number[] = [];
          for (let j = 0; j < q; j++) o.push(vals[2 * j]![a]!, vals[2 * j + 1]![a]!, acc[j]! + opts.outputs[j]!.kappa * ints[j]![a]!);
          o.push(vals[2 * q]![a]!);
          record(i, o);
        });
      }
      const whole = p.integrals(nObs, [step.h]);
      for (let j = 0; j < q; j++) acc[j] = acc[j]! + opts.outputs[j]!.kappa * whole[j]![0]!;
      krylovSteps++;
    });
    unpack(n, r.w, X);
    y.set(X);
    for (let j = 0; j < q; j++) y[nn + j] = acc[j]!;
    t = stop;
  };
  for (const stop of stops) {
    segA = t;
    segB = stop;
    const tiny = 1e-12 * Math.max(1, tEnd);
    const c = opts.constant?.find((iv) => iv.from <= t + tiny && iv.to >= stop - tiny);
    if (c) {
      krylovSegment(stop, c.value);
      continue;
    }
    f(t, y, k[0]!); // a new segment: f may have jumped
    while (t < stop) {
      if (steps + rejected >= maxSteps) throw new ComputationError(`the pulse integration needed more than ${maxSteps} steps (reached t = ${t.toPrecision(4)} of ${tEnd})`);
      h = Math.min(h, hMaxAt(t));
      const last = t + h >= stop * (1 - 1e-12) || t + h >= stop;
      const hh = last ? stop - t : h;
      // each stage's y + h Σ_r a_r k_r, one k at a time over the whole vector (contiguous loops);
      // every element is summed in the same order as stage by stage, so the bits are the same
      for (let s = 1; s < 7; s++) {
        const a = A[s]!;
        tmp.set(y);
        for (let r = 0; r < s; r++) if (a[r] !== 0) ops.axpy(hh * a[r]!, k[r]!, tmp);
        if (s === 6) y1.set(tmp);
        f(t + C[s]! * hh, tmp, k[s]!);
      }
      // y1 = y + h Σ b_i k_i (b = A[6]); k[6] = f(t + h, y1) (first same as last)
      combine(E, k, sum);
      let err = 0;
      for (let i = 0; i < len; i++) {
        const sc = atol + rtol * Math.max(Math.abs(y[i]!), Math.abs(y1[i]!));
        err = Math.max(err, Math.abs(hh * sum[i]!) / sc);
      }
      if (!Number.isFinite(err)) throw new ComputationError(`the pulse integration became non-finite at t = ${t.toPrecision(4)}`);
      if (err <= 1) {
        // dense output for the samples inside (t, t + h]
        const end = t + hh;
        if (next < times.length && times[next]! <= end * (1 + 1e-15)) {
          const ydiff = new Float64Array(len);
          const bspl = new Float64Array(len);
          const r4 = new Float64Array(len);
          const r5 = new Float64Array(len);
          combine(DC, k, sum);
          for (let i = 0; i < len; i++) {
            const d = y1[i]! - y[i]!;
            ydiff[i] = d;
            const b = hh * k[0]![i]! - d;
            bspl[i] = b;
            r4[i] = d - hh * k[6]![i]! - b;
            r5[i] = hh * sum[i]!;
          }
          const o0 = observe(y);
          const o1 = observe(ydiff);
          const o2 = observe(bspl);
          const o3 = observe(r4);
          const o4 = observe(r5);
          while (next < times.length && (times[next]! <= end || (last && stop === tEnd))) {
            const th = Math.min(1, Math.max(0, (times[next]! - t) / hh));
            const th1 = 1 - th;
            record(
              next++,
              o0.map((v, i) => v + th * (o1[i]! + th1 * (o2[i]! + th * (o3[i]! + th1 * o4[i]!)))),
            );
          }
        }
        t = last ? stop : t + hh;
        const swap = y;
        y = y1;
        y1 = swap;
        const k0 = k[0]!;
        k[0] = k[6]!;
        k[6] = k0;
        steps++;
      } else rejected++;
      const fac = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.pow(err, -1 / 5)));
      h = hh * fac;
      if (!(h > 1e-14 * Math.max(1, tEnd))) throw new ComputationError(`the pulse integration's step size underflowed at t = ${t.toPrecision(4)}`);
    }
  }
  while (next < times.length) record(next++, observe(y));
  const rhoEnd = y.slice(0, nn);
  let tr = 0;
  for (let s = 0; s < n; s++) tr += rhoEnd[2 * (s * n + s)]!;
  const ev = hermitianEigenvalues(n, rhoEnd.slice(), new Float64Array(n));
  let minEigenvalue = Infinity;
  for (const e of ev) minEigenvalue = Math.min(minEigenvalue, e);
  return {
    n: nOut,
    g2: g2Out,
    photons: phOut,
    rhoEnd,
    diagnostics: { method: 'dormand-prince-5(4) + krylov-expv', rtol, atol, steps, rejected, evaluations, krylovSteps, minEigenvalue, traceError: tr - 1, topShell },
  };
}

/** States of the truncation's top shell (total basis: N = K; per-mode: some mode at its top level). */
export function topShellMask(basis: FockBasis): Uint8Array {
  const m = new Uint8Array(basis.dim);
  for (let s = 0; s < basis.dim; s++) {
    let tot = 0;
    let atTop = false;
    for (let k = 0; k < basis.modes; k++) {
      const o = basis.occ[s * basis.modes + k]!;
      tot += o;
      if (basis.kind === 'per-mode' && o === basis.cutoff - 1) atTop = true;
    }
    m[s] = basis.kind === 'total' ? (tot === basis.cutoff ? 1 : 0) : atTop ? 1 : 0;
  }
  return m;
}
