/** The time-stepping loop of the two-resonator engine: step choice, sampling of the traces and diagnostics. */
import { ParameterError } from '../../../errors.js';
import { integrateSampled, LOW_STORAGE_SCHEMES, type LowStorageScheme } from '../../../solvers/low-storage-rk.js';
import type { TwoResonatorParams } from '../params.js';
import { extraLossBound, linearEigenvalues, twoResonatorDynamics } from './rhs.js';
import { waveformPeak, waveformTimeScale, type InputWaveform } from './waveforms.js';

export interface SimulateOptions {
  /** Driven port. */
  port: 1 | 2;
  input: InputWaveform;
  /** End time (s); the run starts at t = 0. */
  tEnd: number;
  /** Number of output samples, equally spaced on [0, tEnd] including both ends (≥ 2). */
  samples: number;
  /** Default 'ck4'. */
  scheme?: LowStorageScheme;
  /**
   * Fixed step (s): the step taken is sample spacing / ⌈spacing / h⌉ ≤ h (intervals between samples
   * are first split at the edges of a hard rectangular pulse, so no step straddles a jump).
   * Refused (ParameterError naming `h`) outside the scheme's stability region for the linear part.
   * When neither `h` nor `adaptive` is given: h = min(0.05/max|λ|, τ/20) with λ the linear
   * eigenvalues and τ the waveform's shortest time scale.
   */
  h?: number;
  /**
   * Step-doubling control. atol (units of ã) defaults to rtol·√(2γ_max)|σ|/min(γ_j + γ_j0), the
   * scale of the amplitudes.
   */
  adaptive?: { rtol: number; atol?: number; hInit?: number; hMin?: number; hMax?: number };
  /** Initial amplitudes ã1, ã2 as [re, im] (√energy); default 0. */
  initial?: { a1?: readonly [number, number]; a2?: readonly [number, number] };
  maxSteps?: number;
}

export interface SimulationDiagnostics {
  scheme: LowStorageScheme;
  steps: number;
  rejected: number;
  rhsEvals: number;
  /** Smallest and largest accepted step (s). */
  hMin: number;
  hMax: number;
  /** Times ã2 was set to exactly 0 on the sliding surface (nonlocal only). */
  snaps: number;
  wallMs: number;
}

/** Sampled time traces; complex arrays are interleaved (re, im), rotating frame. */
export interface SimulationResult {
  /** Sample times (s). */
  t: Float64Array;
  /** Input envelope on the driven port, σ (complex) and |σ| (√(energy/time)). */
  sIn: Float64Array;
  sInAbs: Float64Array;
  /** Output waves σ_1−, σ_2− (complex) and their moduli |s_1−|, |s_2−| (√(energy/time)). */
  s1Out: Float64Array;
  s2Out: Float64Array;
  s1OutAbs: Float64Array;
  s2OutAbs: Float64Array;
  /** Resonator amplitudes ã1, ã2 (complex) and |a1|, |a2| (√energy). */
  a1: Float64Array;
  a2: Float64Array;
  a1Abs: Float64Array;
  a2Abs: Float64Array;
  diagnostics: SimulationDiagnostics;
}

/** Decide fixed step / adaptive settings and run the stability check data. */
function stepPlan(
  p: TwoResonatorParams,
  input: InputWaveform,
  h: number | undefined,
  adaptive: SimulateOptions['adaptive'],
): { h?: number; adaptive?: { rtol: number; atol: number; hInit?: number; hMin?: number; hMax?: number }; eig: Float64Array } {
  const sMax = waveformPeak(input, p.amplitude);
  const eig = linearEigenvalues(p, extraLossBound(p, sMax));
  if (adaptive) {
    if (!(adaptive.rtol > 0)) throw new ParameterError('adaptive.rtol', `must be > 0 (got ${adaptive.rtol})`);
    const gmin = Math.min(p.gamma_1 + p.gamma_10, p.gamma_2 + p.gamma_20);
    const scale = gmin > 0 ? (Math.sqrt(2 * Math.max(p.gamma_1, p.gamma_2)) * sMax) / gmin : sMax;
    const atol = adaptive.atol ?? adaptive.rtol * (scale > 0 ? scale : 1);
    return { adaptive: { ...adaptive, atol }, eig };
  }
  if (h !== undefined) return { h, eig };
  let rho = 0;
  for (let k = 0; k < 4; k += 2) rho = Math.max(rho, Math.hypot(eig[k]!, eig[k + 1]!));
  if (p.loss === 'nonlocal') rho = Math.max(rho, p.gamma_k);
  const hDefault = Math.min(rho > 0 ? 0.05 / rho : Infinity, waveformTimeScale(input) / 20);
  if (!Number.isFinite(hDefault)) throw new ParameterError('h', 'cannot choose a default step for a system without rates: pass h');
  return { h: hDefault, eig };
}

/**
 * Integrate the two-resonator system from t = 0 (resonators empty unless `initial`) to tEnd with
 * the input on one port, sampling the traces at `samples` equally spaced times.
 *
 * @throws ParameterError for bad options (a fixed step outside the stability region names `h`).
 * @throws ComputationError when the state becomes non-finite or the step control fails.
 * @example
 * const r = simulate(p, { port: 1, input: { kind: 'gaussian', t0: 20e-6, tau: 4e-6 }, tEnd: 60e-6, samples: 601, h: 2e-9 });
 * // r.s2OutAbs: |s2−(t)|, zero for a perfect isolator
 */
export function simulate(p: TwoResonatorParams, opts: SimulateOptions): SimulationResult {
  const wall0 = performance.now();
  const { port, input, tEnd, samples } = opts;
  if (port !== 1 && port !== 2) throw new ParameterError('port', `must be 1 or 2 (got ${String(port)})`);
  if (!(tEnd > 0) || !Number.isFinite(tEnd)) throw new ParameterError('tEnd', `must be a positive finite time in s (got ${tEnd})`);
  if (!Number.isInteger(samples) || samples < 2) throw new ParameterError('samples', `must be an integer ≥ 2 (got ${samples})`);
  const scheme = opts.scheme ?? 'ck4';
  if (!LOW_STORAGE_SCHEMES[scheme]) throw new ParameterError('scheme', `unknown scheme "${String(scheme)}"; known: williamson3, ck4`);
  const plan = stepPlan(p, input, opts.h, opts.adaptive);
  const dyn = twoResonatorDynamics(p, port, input);
  if (plan.h !== undefined && (!(plan.h > 0) || !Number.isFinite(plan.h))) {
    throw new ParameterError('h', `fixed step must be a positive finite time in s (got ${plan.h})`);
  }

  const y = new Float64Array(4);
  if (opts.initial?.a1) {
    y[0] = opts.initial.a1[0];
    y[1] = opts.initial.a1[1];
  }
  if (opts.initial?.a2) {
    y[2] = opts.initial.a2[0];
    y[3] = opts.initial.a2[1];
  }
  const out = {
    t: new Float64Array(samples),
    sIn: new Float64Array(2 * samples),
    sInAbs: new Float64Array(samples),
    s1Out: new Float64Array(2 * samples),
    s2Out: new Float64Array(2 * samples),
    s1OutAbs: new Float64Array(samples),
    s2OutAbs: new Float64Array(samples),
    a1: new Float64Array(2 * samples),
    a2: new Float64Array(2 * samples),
    a1Abs: new Float64Array(samples),
    a2Abs: new Float64Array(samples),
  };
  const r1 = Math.sqrt(2 * p.gamma_1);
  const r2 = Math.sqrt(2 * p.gamma_2);
  const sig = new Float64Array(2);
  const record = (k: number, t: number): void => {
    dyn.input(t, sig);
    const s1r = port === 1 ? sig[0]! : 0;
    const s1i = port === 1 ? sig[1]! : 0;
    const s2r = port === 2 ? sig[0]! : 0;
    const s2i = port === 2 ? sig[1]! : 0;
    const o1r = -s1r + r1 * y[0]!;
    const o1i = -s1i + r1 * y[1]!;
    const o2r = -s2r + r2 * y[2]!;
    const o2i = -s2i + r2 * y[3]!;
    out.t[k] = t;
    out.sIn[2 * k] = sig[0]!;
    out.sIn[2 * k + 1] = sig[1]!;
    out.sInAbs[k] = Math.hypot(sig[0]!, sig[1]!);
    out.s1Out[2 * k] = o1r;
    out.s1Out[2 * k + 1] = o1i;
    out.s2Out[2 * k] = o2r;
    out.s2Out[2 * k + 1] = o2i;
    out.s1OutAbs[k] = Math.hypot(o1r, o1i);
    out.s2OutAbs[k] = Math.hypot(o2r, o2i);
    out.a1[2 * k] = y[0]!;
    out.a1[2 * k + 1] = y[1]!;
    out.a2[2 * k] = y[2]!;
    out.a2[2 * k + 1] = y[3]!;
    out.a1Abs[k] = Math.hypot(y[0]!, y[1]!);
    out.a2Abs[k] = Math.hypot(y[2]!, y[3]!);
  };

  const diag: SimulationDiagnostics = { scheme, steps: 0, rejected: 0, rhsEvals: 0, hMin: Infinity, hMax: 0, snaps: 0, wallMs: 0 };
  // jumps of the input (hard-edged rectangular pulse) become step boundaries, so no step straddles one
  const breaks = input.kind === 'rect' && !(input.rise && input.rise > 0) ? [input.start, input.start + input.duration] : [];
  Object.assign(
    diag,
    integrateSampled(dyn.rhs, y, tEnd, samples, {
      scheme,
      h: plan.h,
      ...(plan.h !== undefined && opts.h !== undefined ? { requestedH: opts.h } : {}),
      adaptive: plan.adaptive,
      eigenvalues: plan.eig,
      preStep: dyn.preStep,
      maxSteps: opts.maxSteps ?? 1e8,
      breaks,
      record,
    }),
  );
  diag.snaps = dyn.counters.snaps;
  diag.wallMs = performance.now() - wall0;
  return { ...out, diagnostics: diag };
}
