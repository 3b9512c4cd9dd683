/**
 * Low-storage (2N, Williamson form) explicit Runge–Kutta integration of real ODE systems
 * y' = F(t, y), y ∈ ℝⁿ (complex states interleaved as (re, im) pairs).
 *
 * One step of size h with s stages (Williamson 1980):
 *
 *   for i = 1..s:   dU ← A_i dU + h F(t + c_i h, U);   U ← U + B_i dU      (A_1 = 0)
 *
 * so a step needs only the state U and one register dU (plus the slope buffer F), whatever s is.
 *
 * Schemes (see docs/numerics.md, "Time domain"):
 * - `williamson3`: Williamson (1980), 3 stages, order 3. Real-axis stability interval [−2.5127, 0].
 * - `ck4`: Carpenter & Kennedy (1994, NASA TM-109112, solution 3), 5 stages, order 4.
 *   Real-axis stability interval [−4.6568, 0].
 *
 * Fixed steps are checked against the linear stability region when the caller passes an estimate
 * of the system's rates ({@link IntegrateOptions.rateBound}, {@link IntegrateOptions.eigenvalues});
 * adaptive steps use step doubling with a local error estimate and an I-controller.
 *
 * Time is in whatever unit the caller's right-hand side uses (seconds throughout NR Lab); rates in
 * the inverse of that unit. Nothing in the step loops allocates.
 */
import { ComputationError, ParameterError } from '../errors.js';

export type LowStorageScheme = 'williamson3' | 'ck4';

/** Coefficients and properties of one 2N-storage scheme. */
export interface LowStorageTableau {
  readonly name: LowStorageScheme;
  readonly stages: number;
  /** Classical order of accuracy. */
  readonly order: number;
  readonly A: readonly number[];
  readonly B: readonly number[];
  /** Stage times as fractions of the step. */
  readonly C: readonly number[];
  /**
   * Real-axis stability limit x* (dimensionless): |R(−x)| ≤ 1 for 0 ≤ x ≤ x*, where R is the
   * scheme's stability polynomial. A fixed step h is stable for a decay rate λ (1/time) iff h·λ ≤ x*.
   */
  readonly realAxisLimit: number;
}

export const LOW_STORAGE_SCHEMES: Readonly<Record<LowStorageScheme, LowStorageTableau>> = {
  williamson3: {
    name: 'williamson3',
    stages: 3,
    order: 3,
    A: [0, -5 / 9, -153 / 128],
    B: [1 / 3, 15 / 16, 8 / 15],
    C: [0, 1 / 3, 3 / 4],
    // Stability polynomial 1 + z + z²/2 + z³/6; root of |R(−x)| = 1 by bisection.
    realAxisLimit: 2.5127453266183286,
  },
  ck4: {
    name: 'ck4',
    stages: 5,
    order: 4,
    A: [
      0,
      -567301805773 / 1357537059087,
      -2404267990393 / 2016746695238,
      -3550918686646 / 2091501179385,
      -1275806237668 / 842570457699,
    ],
    B: [
      1432997174477 / 9575080441755,
      5161836677717 / 13612068292357,
      1720146321549 / 2090206949498,
      3134564353537 / 4481467310338,
      2277821191437 / 14882151754819,
    ],
    C: [
      0,
      1432997174477 / 9575080441755,
      2526269341429 / 6820363962896,
      2006345519317 / 3224310063776,
      2802321613138 / 2924317926251,
    ],
    // Stability polynomial 1 + z + z²/2 + z³/6 + z⁴/24 + z⁵/200 (approximately); bisection.
    realAxisLimit: 4.656757066281987,
  },
};

/** One step of size h from (t, y), in place (see {@link IntegrateOptions.step}). */
export type FusedStep = (t: number, h: number, y: Float64Array) => void;

/** Right-hand side F(t, y), written into `dydt` (same length as y). Must not keep references to y or dydt. */
export type OdeRhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/**
 * Step-doubling error control. The tolerances bound the estimated local error of every step; the
 * global error after many steps is larger (for an oscillatory run of a few hundred steps, measured
 * 10–100× rtol), and tightening rtol by 100 reduces it by ≈ 100^{p/(p+1)}.
 */
export interface AdaptiveOptions {
  /** Relative tolerance on each component of the local error. */
  rtol: number;
  /** Absolute tolerance on each component of the local error (units of y). */
  atol: number;
  /** First trial step (time units); default (t1 − t0)/100. */
  hInit?: number;
  /** Smallest step the controller may choose (time units); default 1e-12·|t1 − t0|. */
  hMin?: number;
  /** Largest step (time units); default |t1 − t0|. */
  hMax?: number;
  /** Safety factor of the step-size controller, default 0.9. */
  safety?: number;
}

export interface IntegrateOptions {
  scheme: LowStorageScheme;
  /**
   * Fixed step (time units). The interval is split into ⌈(t1 − t0)/h⌉ equal steps, so the step
   * actually taken is ≤ h. Ignored when `adaptive` is given.
   */
  h?: number;
  adaptive?: AdaptiveOptions;
  /**
   * Estimate of the largest decay rate of the system (1/time): a fixed step with
   * h·rateBound > realAxisLimit is refused.
   */
  rateBound?: number;
  /**
   * Eigenvalues λ of the (linearised) system, interleaved (re, im), 1/time: a fixed step with
   * |R(hλ)| > 1 for any of them is refused.
   */
  eigenvalues?: ArrayLike<number>;
  /**
   * Called before every step attempt with the proposed step; may modify y in place (projection onto
   * a constraint, e.g. a sliding surface) and returns the step to take (≤ h; a shorter step is
   * taken as forced, without error control being able to lengthen it).
   */
  preStep?: (t: number, y: Float64Array, h: number) => number;
  /** Called after every accepted step with the new time and state (do not keep `y`). */
  onStep?: (t: number, y: Float64Array) => void;
  /**
   * One step of the scheme for this same right-hand side, computed elsewhere (a WebAssembly kernel
   * with lowStorageStep's arithmetic): fixed-step runs call it instead of lowStorageStep(rhs);
   * adaptive runs ignore it.
   */
  step?: FusedStep;
  /** Upper bound on accepted + rejected steps; default 1e7. */
  maxSteps?: number;
  /** Scratch buffers (reused across calls to avoid allocation), see {@link lowStorageWorkspace}. */
  workspace?: LowStorageWorkspace;
}

export interface IntegrateStats {
  /** Accepted steps. */
  steps: number;
  /** Rejected step attempts (adaptive only). */
  rejected: number;
  /** Right-hand-side evaluations. */
  rhsEvals: number;
  /** Smallest and largest accepted step (time units). */
  hMin: number;
  hMax: number;
  /** Step the controller proposes for a continuation (time units; the fixed step when not adaptive). */
  hNext: number;
}

/** Scratch buffers for {@link integrate} on states of length n. */
export interface LowStorageWorkspace {
  n: number;
  du: Float64Array;
  f: Float64Array;
  y0: Float64Array;
  yBig: Float64Array;
}

export function lowStorageWorkspace(n: number): LowStorageWorkspace {
  return { n, du: new Float64Array(n), f: new Float64Array(n), y0: new Float64Array(n), yBig: new Float64Array(n) };
}

/**
 * One step of size h from (t, y), in place. `du` and `f` are scratch of y's length.
 *
 * @example
 * const y = new Float64Array([1]);
 * lowStorageStep(LOW_STORAGE_SCHEMES.ck4, (_t, u, d) => { d[0] = -u[0]!; }, 0, 0.1, y, new Float64Array(1), new Float64Array(1));
 * // y[0] ≈ exp(−0.1) to ~1e-7
 */
export function lowStorageStep(
  tab: LowStorageTableau,
  rhs: OdeRhs,
  t: number,
  h: number,
  y: Float64Array,
  du: Float64Array,
  f: Float64Array,
): void {
  const n = y.length;
  const { A, B, C, stages } = tab;
  for (let s = 0; s < stages; s++) {
    rhs(t + C[s]! * h, y, f);
    const b = B[s]!;
    if (s === 0) {
      for (let i = 0; i < n; i++) {
        const d = h * f[i]!;
        du[i] = d;
        y[i] = y[i]! + b * d;
      }
    } else {
      const a = A[s]!;
      for (let i = 0; i < n; i++) {
        const d = a * du[i]! + h * f[i]!;
        du[i] = d;
        y[i] = y[i]! + b * d;
      }
    }
  }
}

/**
 * The scheme's amplification factor R(z) for y' = λy, z = hλ = zr + i·zi (dimensionless),
 * written to out = [Re R, Im R]; returns |R(z)|. The step is linearly stable iff |R| ≤ 1.
 */
export function stabilityFunction(scheme: LowStorageScheme, zr: number, zi: number, out?: Float64Array): number {
  const { A, B, stages } = LOW_STORAGE_SCHEMES[scheme];
  let ur = 1;
  let ui = 0;
  let dr = 0;
  let di = 0;
  for (let s = 0; s < stages; s++) {
    const fr = zr * ur - zi * ui;
    const fi = zr * ui + zi * ur;
    dr = A[s]! * dr + fr;
    di = A[s]! * di + fi;
    ur += B[s]! * dr;
    ui += B[s]! * di;
  }
  if (out) {
    out[0] = ur;
    out[1] = ui;
  }
  return Math.sqrt(ur * ur + ui * ui);
}

/** Largest h with |R(h·λ)| ≤ 1 along the ray of λ = lr + i·li (time units), by scan and bisection. */
export function maxStableStep(scheme: LowStorageScheme, lr: number, li: number): number {
  const mag = Math.sqrt(lr * lr + li * li);
  if (mag === 0) return Infinity;
  const ok = (x: number): boolean => stabilityFunction(scheme, (x * lr) / mag, (x * li) / mag) <= 1 + 1e-12;
  // |R| grows like |z|^s for large |z|: the stable part of any ray is within |z| < 10 for these schemes.
  let lo = 0;
  let hi = 0;
  for (let x = 1e-3; x <= 10; x += 1e-3) {
    if (!ok(x)) {
      hi = x;
      break;
    }
    lo = x;
  }
  if (hi === 0) return 10 / mag; // stable up to the scan limit (only for λ with Re λ < 0 far from the axis)
  for (let k = 0; k < 60; k++) {
    const m = 0.5 * (lo + hi);
    if (ok(m)) lo = m;
    else hi = m;
  }
  return lo / mag;
}

/**
 * Refuse a fixed step outside the linear stability region.
 *
 * @throws ParameterError (param `h`) when h·rateBound exceeds the real-axis limit or |R(hλ)| > 1
 *   for a given eigenvalue.
 */
export function checkFixedStep(
  scheme: LowStorageScheme,
  h: number,
  rateBound?: number,
  eigenvalues?: ArrayLike<number>,
): void {
  const tab = LOW_STORAGE_SCHEMES[scheme];
  if (rateBound !== undefined && rateBound > 0 && h * rateBound > tab.realAxisLimit) {
    throw new ParameterError(
      'h',
      `fixed step h = ${formatNumber(h)} exceeds the stability limit of ${scheme}: h·rate = ${formatNumber(h * rateBound)} > ${tab.realAxisLimit.toFixed(3)} ` +
        `for the decay rate ${formatNumber(rateBound)}; use h ≤ ${formatNumber(tab.realAxisLimit / rateBound)}`,
    );
  }
  if (eigenvalues) {
    for (let k = 0; k + 1 < eigenvalues.length; k += 2) {
      const lr = eigenvalues[k]!;
      const li = eigenvalues[k + 1]!;
      if (stabilityFunction(scheme, h * lr, h * li) > 1 + 1e-12) {
        const hs = maxStableStep(scheme, lr, li);
        throw new ParameterError(
          'h',
          `fixed step h = ${formatNumber(h)} exceeds the stability limit of ${scheme} for the eigenvalue ` +
            `${formatNumber(lr)} ${li < 0 ? '-' : '+'} ${formatNumber(Math.abs(li))}i (|R(hλ)| > 1); use h ≤ ${formatNumber(hs)}`,
        );
      }
    }
  }
}

/** Short display of a step or rate: 6 significant digits, exponent form outside [1e-3, 1e4). */
export function formatNumber(x: number): string {
  const r = Number(x.toPrecision(6));
  return r !== 0 && (Math.abs(r) < 1e-3 || Math.abs(r) >= 1e4) ? r.toExponential() : String(r);
}

function allFinite(y: Float64Array): boolean {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]! * 0;
  return s === 0; // x·0 is NaN for ±Infinity and NaN
}

/**
 * Integrate y' = rhs(t, y) from t0 to t1 (t1 > t0) in place: on return y holds y(t1).
 *
 * Fixed step (`h`): ⌈(t1 − t0)/h⌉ equal steps (checked against the stability region when
 * `rateBound`/`eigenvalues` are given). Adaptive (`adaptive`): step doubling — each attempt takes
 * one step of h and two of h/2; the local error of the two-half-steps result (which is kept) is
 * estimated as (y_{h/2,h/2} − y_h)/(2^p − 1) and measured in the RMS norm scaled by
 * atol + rtol·max(|y_old|, |y_new|); the next step is h·min(5, max(0.2, safety·err^(−1/(p+1))))
 * (no growth right after a rejection).
 *
 * @throws ParameterError naming `h` for a bad or unstable fixed step.
 * @throws ComputationError on a non-finite state (naming t and the step), step-size underflow
 *   below hMin, or more than maxSteps steps.
 */
export function integrate(rhs: OdeRhs, y: Float64Array, t0: number, t1: number, opts: IntegrateOptions): IntegrateStats {
  const tab = LOW_STORAGE_SCHEMES[opts.scheme];
  if (!tab) throw new ParameterError('scheme', `unknown scheme "${String(opts.scheme)}"; known: williamson3, ck4`);
  if (!(t1 > t0) || !Number.isFinite(t1 - t0)) throw new ParameterError('t1', `need finite t1 > t0 (got t0 = ${t0}, t1 = ${t1})`);
  const n = y.length;
  const ws = opts.workspace && opts.workspace.n === n ? opts.workspace : lowStorageWorkspace(n);
  const { du, f } = ws;
  const maxSteps = opts.maxSteps ?? 1e7;
  const span = t1 - t0;
  const stats: IntegrateStats = { steps: 0, rejected: 0, rhsEvals: 0, hMin: Infinity, hMax: 0, hNext: 0 };
  const { preStep, onStep, step } = opts;

  if (!opts.adaptive) {
    const h = opts.h;
    if (h === undefined || !(h > 0) || !Number.isFinite(h)) {
      throw new ParameterError('h', `fixed step h must be a positive finite number (got ${String(h)}); or pass adaptive options`);
    }
    const nSteps = Math.max(1, Math.ceil(span / h - 1e-9));
    const hEff = span / nSteps;
    checkFixedStep(opts.scheme, hEff, opts.rateBound, opts.eigenvalues);
    let t = t0;
    while (t < t1) {
      const remaining = t1 - t;
      let hs = remaining <= hEff * (1 + 1e-9) ? remaining : hEff;
      if (preStep) hs = Math.min(hs, preStep(t, y, hs));
      if (!(hs > 0)) throw new ComputationError(`preStep returned a non-positive step ${hs} at t = ${t}`);
      if (step) step(t, hs, y);
      else lowStorageStep(tab, rhs, t, hs, y, du, f);
      t = hs === remaining ? t1 : t + hs;
      stats.steps++;
      stats.rhsEvals += tab.stages;
      if (hs < stats.hMin) stats.hMin = hs;
      if (hs > stats.hMax) stats.hMax = hs;
      if (!allFinite(y)) {
        throw new ComputationError(
          `non-finite state at t = ${formatNumber(t)} with step h = ${formatNumber(hs)} (${opts.scheme}): the step is too large or the system is unstable`,
        );
      }
      if (stats.steps > maxSteps) throw new ComputationError(`more than maxSteps = ${maxSteps} steps before t1 = ${t1} (at t = ${t})`);
      if (onStep) onStep(t, y);
    }
    stats.hNext = hEff;
    return stats;
  }

  // ---- adaptive: step doubling ----
  const ad = opts.adaptive;
  const { y0, yBig } = ws;
  if (!(ad.rtol >= 0) || !(ad.atol >= 0) || ad.rtol + ad.atol <= 0) {
    throw new ParameterError('adaptive', `need rtol ≥ 0, atol ≥ 0, not both zero (got rtol = ${ad.rtol}, atol = ${ad.atol})`);
  }
  const hMinAllowed = ad.hMin ?? 1e-12 * span;
  const hMaxAllowed = Math.min(ad.hMax ?? span, span);
  const safety = ad.safety ?? 0.9;
  const errExp = -1 / (tab.order + 1);
  const errScale = 1 / (2 ** tab.order - 1);
  let h = Math.min(Math.max(ad.hInit ?? span / 100, hMinAllowed), hMaxAllowed);
  let lastRejected = false;
  let t = t0;
  let attempts = 0;
  while (t < t1) {
    if (++attempts > maxSteps) throw new ComputationError(`more than maxSteps = ${maxSteps} step attempts before t1 = ${t1} (at t = ${t})`);
    const remaining = t1 - t;
    const clipped = remaining <= h * (1 + 1e-9);
    let hs = clipped ? remaining : h;
    let forced = false;
    if (preStep) {
      const hp = preStep(t, y, hs);
      if (!(hp > 0)) throw new ComputationError(`preStep returned a non-positive step ${hp} at t = ${t}`);
      if (hp < hs) {
        hs = hp;
        forced = true;
      }
    }
    y0.set(y);
    yBig.set(y);
    lowStorageStep(tab, rhs, t, hs, yBig, du, f);
    lowStorageStep(tab, rhs, t, 0.5 * hs, y, du, f);
    lowStorageStep(tab, rhs, t + 0.5 * hs, 0.5 * hs, y, du, f);
    stats.rhsEvals += 3 * tab.stages;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const e = (y[i]! - yBig[i]!) * errScale;
      const sc = ad.atol + ad.rtol * Math.max(Math.abs(y0[i]!), Math.abs(y[i]!));
      const r = e / sc;
      sum += r * r;
    }
    const err = Math.sqrt(sum / n);
    const finite = Number.isFinite(err) && allFinite(y);
    let fac = finite ? (err === 0 ? 5 : Math.min(5, Math.max(0.2, safety * Math.pow(err, errExp)))) : 0.2;
    if (finite && err <= 1) {
      const landed = hs === remaining;
      t = landed ? t1 : t + hs;
      stats.steps++;
      if (hs < stats.hMin) stats.hMin = hs;
      if (hs > stats.hMax) stats.hMax = hs;
      if (lastRejected) fac = Math.min(fac, 1);
      lastRejected = false;
      const hNew = Math.min(hMaxAllowed, Math.max(hMinAllowed, hs * fac));
      // a step shortened to land on t1 or forced by preStep says little about the step we could take
      h = clipped || forced ? Math.max(hNew, h) : hNew;
      if (onStep) onStep(t, y);
    } else {
      y.set(y0);
      stats.rejected++;
      lastRejected = true;
      if (hs <= hMinAllowed) {
        throw new ComputationError(
          finite
            ? `step size underflow at t = ${t}: the error estimate ${err.toPrecision(3)} > 1 even at h = ${hs} ≤ hMin = ${hMinAllowed}`
            : `non-finite state at t = ${t} even with the smallest step h = ${hs}: the system is unstable`,
        );
      }
      h = Math.max(hMinAllowed, hs * fac);
    }
  }
  stats.hNext = h;
  return stats;
}

/** Totals of a sampled run ({@link integrateSampled}). */
export interface SampledRunStats {
  steps: number;
  rejected: number;
  rhsEvals: number;
  hMin: number;
  hMax: number;
}

export interface SampledRunOptions {
  scheme: LowStorageScheme;
  /** Fixed step (absent with `adaptive`). */
  h?: number;
  /** The step the caller asked for, when it did (named in the error when it does not fit). */
  requestedH?: number;
  adaptive?: AdaptiveOptions;
  eigenvalues?: ArrayLike<number>;
  preStep?: (t: number, y: Float64Array, h: number) => number;
  /** A fused fixed step ({@link IntegrateOptions.step}). */
  step?: FusedStep;
  /** Most steps and rejections over the whole run. */
  maxSteps: number;
  /** Times where the right-hand side jumps (a hard-edged pulse): no step straddles one. */
  breaks?: readonly number[];
  /** Called at t = 0 (k = 0) and after each of the samples − 1 intervals, with y at that time. */
  record(k: number, t: number): void;
}

/**
 * Integrate y from 0 to tEnd interval by interval between `samples` equally spaced times (the last
 * one exactly tEnd), splitting at the breaks, carrying the adaptive step from one interval to the
 * next, and recording every sample; returns the totals. Shared by the time-domain runs of the
 * coupled-mode models.
 */
export function integrateSampled(rhs: OdeRhs, y: Float64Array, tEnd: number, samples: number, opts: SampledRunOptions): SampledRunStats {
  const dt = tEnd / (samples - 1);
  const stats: SampledRunStats = { steps: 0, rejected: 0, rhsEvals: 0, hMin: Infinity, hMax: 0 };
  const ws = lowStorageWorkspace(y.length);
  const breaks = opts.breaks ?? [];
  let hNext = opts.adaptive?.hInit;
  const run = (ta: number, tb: number): void => {
    let st: IntegrateStats;
    try {
      st = integrate(rhs, y, ta, tb, {
        scheme: opts.scheme,
        h: opts.h,
        adaptive: opts.adaptive ? { ...opts.adaptive, hInit: hNext ?? opts.adaptive.hInit ?? dt / 10 } : undefined,
        eigenvalues: opts.eigenvalues,
        preStep: opts.preStep,
        step: opts.step,
        workspace: ws,
        maxSteps: opts.maxSteps - stats.steps - stats.rejected,
      });
    } catch (e) {
      if (e instanceof ParameterError && e.param === 'h' && opts.requestedH !== undefined) {
        throw new ParameterError('h', `${e.reason ?? e.message} (requested h = ${formatNumber(opts.requestedH)} s, split to fit the sample spacing ${formatNumber(dt)} s)`);
      }
      throw e;
    }
    hNext = st.hNext;
    stats.steps += st.steps;
    stats.rejected += st.rejected;
    stats.rhsEvals += st.rhsEvals;
    stats.hMin = Math.min(stats.hMin, st.hMin);
    stats.hMax = Math.max(stats.hMax, st.hMax);
  };
  opts.record(0, 0);
  for (let k = 1; k < samples; k++) {
    let ta = (k - 1) * dt;
    const tb = k === samples - 1 ? tEnd : k * dt;
    for (const b of breaks) {
      // skip breakpoints within rounding of a segment end
      if (b > ta + 1e-9 * dt && b < tb - 1e-9 * dt) {
        run(ta, b);
        ta = b;
      }
    }
    run(ta, tb);
    opts.record(k, tb);
  }
  return stats;
}
