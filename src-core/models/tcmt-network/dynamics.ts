/**
 * Time domain of a tcmt-network: the coupled-mode equations of ./rhs.ts driven by an input wave
 * σ(t) at one port, integrated with the low-storage Runge–Kutta schemes (fixed step or step
 * doubling), with the two-resonator model's treatment of the nonlocal force near a_i = 0 (a
 * regularised phasor below |a_i| < h·R_i/2 and a snap to a_i = 0 on the sliding surface; see
 * two-resonator/dynamics/rhs.ts for the derivation). The waveforms are the two-resonator model's.
 */
import { ParameterError } from '../../errors.js';
import { eig } from '../../linalg/eig.js';
import { integrateSampled, LOW_STORAGE_SCHEMES, type FusedStep, type LowStorageScheme, type OdeRhs } from '../../solvers/low-storage-rk.js';
import { wasmKernels } from '../../linalg/wasm/kernels.js';
import { envelopeFunction, waveformPeak, waveformTimeScale, type InputWaveform } from '../two-resonator/dynamics/waveforms.js';
import { mag, rhsInto, rhsScratch, STICK_ATOL, STICK_RTOL, type TcmtSystem } from './rhs.js';

export interface TcmtDynamics {
  rhs: OdeRhs;
  /** Sets δ = h·R_i/2 for the coming step and snaps a stuck a_i to 0. */
  preStep: (t: number, y: Float64Array, h: number) => number;
  /** Input σ at t (rotating frame) as [re, im]. */
  input: (t: number, out: Float64Array) => void;
  readonly counters: { snaps: number };
  /**
   * A fixed step of `scheme` by the WebAssembly kernel (the same arithmetic as lowStorageStep over
   * `rhs`) and the state array it works on, inside the kernels' memory; undefined where the kernels
   * are off or cannot load. The state stays valid until the kernels' arena is next reset.
   */
  fused(scheme: LowStorageScheme): { step: FusedStep; y: Float64Array } | undefined;
}

/** The right-hand side of the network driven at `port` (1-based) by `input` at drive frequency omega. */
export function tcmtDynamics(sys: TcmtSystem, omega: number, port: number, input: InputWaveform, amplitude: number): TcmtDynamics {
  const env = envelopeFunction(input, amplitude);
  const ph = input.phase ?? 0;
  const cph = Math.cos(ph);
  const sph = Math.sin(ph);
  const res = sys.ports[port - 1]!;
  const sigma = new Float64Array(2 * sys.n);
  const scratch = rhsScratch(sys.n);
  const counters = { snaps: 0 };
  const nl = sys.hasNonlocal.flatMap((h, i) => (h ? [i] : []));
  let halfH = 0;
  const setSigma = (t: number): void => {
    const e = env(t);
    sigma[2 * res] = e * cph;
    sigma[2 * res + 1] = e * sph;
  };
  const rhs: OdeRhs = (t, y, d) => {
    setSigma(t);
    rhsInto(sys, omega, sigma, y, d, scratch, halfH);
  };
  const preStep = (t: number, y: Float64Array, h: number): number => {
    halfH = 0.5 * h;
    if (!nl.length) return h;
    let f0: Float64Array | undefined;
    for (const i of nl) {
      const r = y[2 * i]!;
      const m = y[2 * i + 1]!;
      if (r === 0 && m === 0) continue;
      let R = 0;
      for (const tm of sys.nonlocal) if (tm.i === i) R += tm.gamma * mag(y[2 * tm.ref]!, y[2 * tm.ref + 1]!);
      if (mag(r, m) > halfH * R) continue;
      if (!f0) {
        setSigma(t);
        f0 = new Float64Array(2 * sys.n);
        for (let k = 0; k < sys.n; k++) {
          f0[2 * k] = sys.root[k]! * sigma[2 * k]!;
          f0[2 * k + 1] = sys.root[k]! * sigma[2 * k + 1]!;
        }
        for (const c of sys.coup) {
          f0[2 * c.to] = f0[2 * c.to]! - (c.kappa * y[2 * c.from + 1]!);
          f0[2 * c.to + 1] = f0[2 * c.to + 1]! + (c.kappa * y[2 * c.from]!);
        }
      }
      if (mag(f0[2 * i]!, f0[2 * i + 1]!) <= R * (1 + STICK_RTOL) + STICK_ATOL) {
        y[2 * i] = 0;
        y[2 * i + 1] = 0;
        counters.snaps++;
      }
    }
    return h;
  };
  const inputAt = (t: number, out: Float64Array): void => {
    const e = env(t);
    out[0] = e * cph;
    out[1] = e * sph;
  };
  const fused = (scheme: LowStorageScheme): { step: FusedStep; y: Float64Array } | undefined => {
    const k = wasmKernels();
    if (!k) return undefined;
    const tab = LOW_STORAGE_SCHEMES[scheme];
    const n = sys.n;
    const f = sys.flat;
    const stages = tab.stages;
    const ints = [n + 1, f.inFrom.length, n + 1, n + 1, f.nlRef.length, n];
    const reals = [5 * n, f.inKappa.length, f.satGamma.length, f.satP.length, f.nlGamma.length, 2 * stages, stages, 2 * n, 2 * n, 2 * n];
    if (!k.arena.reset(ints.reduce((a, b) => a + b / 2 + 2, 0) + reals.reduce((a, b) => a + b + 2, 0))) return undefined;
    const A = k.arena;
    const coef = A.alloc(5 * n);
    for (let i = 0; i < n; i++) coef.set([sys.g[i]!, sys.kerr[i]!, sys.omega[i]!, sys.chi[i]!, sys.root[i]!], 5 * i);
    const copyI = (src: Int32Array | Uint8Array): Int32Array => {
      const v = A.allocInt32(src.length);
      v.set(src);
      return v;
    };
    const copyF = (src: Float64Array | readonly number[]): Float64Array => {
      const v = A.alloc(src.length);
      v.set(src);
      return v;
    };
    const arr = [
      coef, copyI(f.inStart), copyI(f.inFrom), copyF(f.inKappa), copyI(f.satStart), copyF(f.satGamma), copyF(f.satP),
      copyI(f.nlStart), copyI(f.nlRef), copyF(f.nlGamma), copyI(f.nlMask),
    ];
    const ab = copyF([...tab.A, ...tab.B]);
    const envAt = A.alloc(stages);
    const du = A.alloc(2 * n);
    const fv = A.alloc(2 * n);
    const y = A.alloc(2 * n);
    k.tcmtSetup(n, ...arr.map((v) => k.at(v)), stages, k.at(ab), k.at(envAt), k.at(du), k.at(fv), res, cph, sph);
    const yAt = k.at(y);
    const C = tab.C;
    const step: FusedStep = (t, h, yy) => {
      if (yy !== y) throw new Error('internal: the fused tcmt step was given a state outside its arena');
      for (let s = 0; s < stages; s++) envAt[s] = env(t + C[s]! * h);
      k.tcmtStep(h, halfH, omega, yAt);
    };
    return { step, y };
  };
  return { rhs, preStep, input: inputAt, counters, fused };
}

/** Largest extra loss rate and Kerr shift of each resonator for inputs up to |σ| ≤ sMax (an estimate, as the two-resonator model's). */
function extraBounds(sys: TcmtSystem, sMax: number): { loss: Float64Array; shift: Float64Array } {
  let gmin = Infinity;
  let rmax = 0;
  for (let i = 0; i < sys.n; i++) gmin = Math.min(gmin, sys.g[i]!);
  for (const k of sys.ports) rmax = Math.max(rmax, sys.root[k]!);
  const aMax = gmin > 0 ? (rmax * Math.abs(sMax)) / gmin : 0;
  const loss = Float64Array.from(sys.kerr, (k) => Math.max(0, k * aMax * aMax));
  for (const s of sys.sat) loss[s.i] = loss[s.i]! + Math.max(0, s.gamma);
  const shift = Float64Array.from(sys.chi, (c) => c * aMax * aMax);
  return { loss, shift };
}

/**
 * Eigenvalues (interleaved re, im; 1/s) of the linear part M of da/dt = M a (rotating frame at
 * omega), with extra real losses per resonator (`extra`) and frequency shifts (`shift`).
 */
export function linearEigenvalues(sys: TcmtSystem, omega: number, extra?: Float64Array, shift?: Float64Array): Float64Array {
  const n = sys.n;
  const a = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    a[2 * (i * n + i)] = -(sys.g[i]! + (extra?.[i] ?? 0));
    a[2 * (i * n + i) + 1] = -(omega - sys.omega[i]! - (shift?.[i] ?? 0));
  }
  for (const c of sys.coup) a[2 * (c.to * n + c.from) + 1] = a[2 * (c.to * n + c.from) + 1]! + c.kappa;
  const lambda = new Float64Array(2 * n);
  eig(n, a, lambda, new Float64Array(2 * n * n));
  return lambda;
}

export interface TcmtSimulateOptions {
  /** Driven port (1-based). */
  port: number;
  /** Drive (carrier) angular frequency ω of the rotating frame (rad/s). */
  omega: number;
  /** Peak input amplitude (√W) when the waveform does not give one. */
  amplitude: number;
  input: InputWaveform;
  tEnd: number;
  samples: number;
  scheme?: LowStorageScheme;
  /** Fixed step (s); default min(0.05/ρ, τ/20) with ρ the largest |λ| of the linear part (with the nonlinear bounds) and the largest nonlocal γ_k. */
  h?: number;
  adaptive?: { rtol: number; atol?: number; hInit?: number; hMin?: number; hMax?: number };
  /** Initial state x (2N, interleaved re, im); default 0 (at rest). */
  initial?: ArrayLike<number>;
  maxSteps?: number;
}

export interface TcmtSimulateDiagnostics {
  scheme: LowStorageScheme;
  steps: number;
  rejected: number;
  rhsEvals: number;
  hMin: number;
  hMax: number;
  snaps: number;
  wallMs: number;
}

export interface TcmtSimulateResult {
  t: Float64Array;
  /** |σ(t)| of the driven port. */
  inputAbs: Float64Array;
  /** Output waves per port: complex (interleaved) and moduli. */
  out: Float64Array[];
  outAbs: Float64Array[];
  /** Resonator amplitudes: complex (interleaved) and moduli. */
  a: Float64Array[];
  aAbs: Float64Array[];
  /** The final state. */
  final: Float64Array;
  diagnostics: TcmtSimulateDiagnostics;
}

/**
 * Integrate the network from rest (or `initial`) to tEnd with the input on one port, sampling
 * `samples` equally spaced times.
 * @throws ParameterError for bad options (a fixed step outside the stability region names `h`).
 */
export function simulateTcmt(sys: TcmtSystem, opts: TcmtSimulateOptions): TcmtSimulateResult {
  const wall0 = performance.now();
  const { port, input, tEnd, samples, omega } = opts;
  if (!Number.isInteger(port) || port < 1 || port > sys.ports.length) throw new ParameterError('port', `must be a port number 1 … ${sys.ports.length}, got ${String(port)}`);
  if (!(tEnd > 0) || !Number.isFinite(tEnd)) throw new ParameterError('tEnd', `must be a positive finite time in s (got ${tEnd})`);
  if (!Number.isInteger(samples) || samples < 2) throw new ParameterError('samples', `must be an integer ≥ 2 (got ${samples})`);
  const scheme = opts.scheme ?? 'ck4';
  if (!LOW_STORAGE_SCHEMES[scheme]) throw new ParameterError('scheme', `unknown scheme "${String(scheme)}"; known: williamson3, ck4`);
  const sMax = waveformPeak(input, opts.amplitude);
  const bounds = extraBounds(sys, sMax);
  const eigs = linearEigenvalues(sys, omega, bounds.loss, bounds.shift);
  let h: number | undefined;
  let adaptive: { rtol: number; atol: number; hInit?: number; hMin?: number; hMax?: number } | undefined;
  if (opts.adaptive) {
    if (!(opts.adaptive.rtol > 0)) throw new ParameterError('adaptive.rtol', `must be > 0 (got ${opts.adaptive.rtol})`);
    let gmin = Infinity;
    let rmax = 0;
    for (let i = 0; i < sys.n; i++) gmin = Math.min(gmin, sys.g[i]!);
    for (const k of sys.ports) rmax = Math.max(rmax, sys.root[k]!);
    const scale = gmin > 0 ? (rmax * sMax) / gmin : sMax;
    adaptive = { ...opts.adaptive, atol: opts.adaptive.atol ?? opts.adaptive.rtol * (scale > 0 ? scale : 1) };
  } else if (opts.h !== undefined) {
    h = opts.h;
    if (!(h > 0) || !Number.isFinite(h)) throw new ParameterError('h', `fixed step must be a positive finite time in s (got ${h})`);
  } else {
    let rho = 0;
    for (let k = 0; k < eigs.length; k += 2) rho = Math.max(rho, Math.hypot(eigs[k]!, eigs[k + 1]!));
    for (const t of sys.nonlocal) rho = Math.max(rho, t.gamma);
    h = Math.min(rho > 0 ? 0.05 / rho : Infinity, waveformTimeScale(input) / 20);
    if (!Number.isFinite(h)) throw new ParameterError('h', 'cannot choose a default step for a system without rates: pass h');
  }
  const dyn = tcmtDynamics(sys, omega, port, input, opts.amplitude);
  const n = sys.n;
  const P = sys.ports.length;
  // fixed steps run in the WebAssembly kernel where it loads (its state lives in the kernel's memory)
  const fused = h !== undefined ? dyn.fused(scheme) : undefined;
  const y = fused ? fused.y : new Float64Array(2 * n);
  if (opts.initial) for (let k = 0; k < 2 * n; k++) y[k] = opts.initial[k] ?? 0;
  const res = {
    t: new Float64Array(samples),
    inputAbs: new Float64Array(samples),
    out: Array.from({ length: P }, () => new Float64Array(2 * samples)),
    outAbs: Array.from({ length: P }, () => new Float64Array(samples)),
    a: Array.from({ length: n }, () => new Float64Array(2 * samples)),
    aAbs: Array.from({ length: n }, () => new Float64Array(samples)),
  };
  const sig = new Float64Array(2);
  const record = (k: number, t: number): void => {
    dyn.input(t, sig);
    res.t[k] = t;
    res.inputAbs[k] = Math.hypot(sig[0]!, sig[1]!);
    for (let q = 0; q < P; q++) {
      const i = sys.ports[q]!;
      const or = (q === port - 1 ? -sig[0]! : 0) + sys.root[i]! * y[2 * i]!;
      const oi = (q === port - 1 ? -sig[1]! : 0) + sys.root[i]! * y[2 * i + 1]!;
      res.out[q]![2 * k] = or;
      res.out[q]![2 * k + 1] = oi;
      res.outAbs[q]![k] = Math.hypot(or, oi);
    }
    for (let i = 0; i < n; i++) {
      res.a[i]![2 * k] = y[2 * i]!;
      res.a[i]![2 * k + 1] = y[2 * i + 1]!;
      res.aAbs[i]![k] = Math.hypot(y[2 * i]!, y[2 * i + 1]!);
    }
  };
  const diag: TcmtSimulateDiagnostics = { scheme, steps: 0, rejected: 0, rhsEvals: 0, hMin: Infinity, hMax: 0, snaps: 0, wallMs: 0 };
  const breaks = input.kind === 'rect' && !(input.rise && input.rise > 0) ? [input.start, input.start + input.duration] : [];
  Object.assign(
    diag,
    integrateSampled(dyn.rhs, y, tEnd, samples, {
      scheme,
      h,
      ...(opts.h !== undefined ? { requestedH: opts.h } : {}),
      adaptive,
      eigenvalues: eigs,
      preStep: dyn.preStep,
      ...(fused ? { step: fused.step } : {}),
      maxSteps: opts.maxSteps ?? 1e8,
      breaks,
      record,
    }),
  );
  diag.snaps = dyn.counters.snaps;
  diag.wallMs = performance.now() - wall0;
  // the kernel's memory is reused by the next solve: the final state is copied out of it
  return { ...res, final: Float64Array.from(y), diagnostics: diag };
}
