/**
 * Numerical continuation of a real system F(x, p) = 0 (x ∈ Rⁿ, p a scalar parameter) by
 * pseudo-arclength: Euler predictor along the unit tangent of the solution curve, Newton
 * corrector on the bordered (n+1)×(n+1) system, adaptive step length, fold (turning point)
 * detection and location, and the linear stability of every point of dx/dt = F(x, p).
 *
 * Model-independent: the caller passes F and its dense Jacobian. docs/continuation.md describes
 * the method. Storage: vectors are Float64Array; ∂F/∂x is n×n row-major.
 */
import { ComputationError, ParameterError, shown } from '../../errors.js';
import { realLuFactor, realLuSolve } from '../../linalg/real-lu.js';
import { linearStability, stabilityWorkspace, type PointStability } from './stability.js';

export { linearStability, stabilityWorkspace, type PointStability, type StabilityWorkspace } from './stability.js';

/** Writes F(x, p) into `out` (length n). Must not keep `x` (a view that the solver reuses). */
export type ResidualFn = (x: Float64Array, p: number, out: Float64Array) => void;
/** Writes ∂F/∂x (n×n, row-major: ∂F_i/∂x_j at i·n + j) into `jx` and ∂F/∂p (length n) into `jp`. */
export type JacobianFn = (x: Float64Array, p: number, jx: Float64Array, jp: Float64Array) => void;

export interface ContinuationOptions {
  /** Lower bound of p: the branch stops where it leaves [lo, hi], with an end point exactly at the bound. */
  lo: number;
  /** Upper bound of p (> lo). */
  hi: number;
  /** Most points on the branch, the start included (default 1000; ≥ 2). */
  maxPoints?: number;
  /**
   * Typical size of x (default 1). The continuation works in the scaled coordinates
   * (x/xScale, (p − lo)/(hi − lo)), so that neither x's nor p's units dominate the arclength;
   * the steps below and the tangents are measured there.
   */
  xScale?: number;
  /** Initial arclength step in the scaled (x, p) space (default 0.01). */
  ds?: number;
  /** Smallest step before the branch is given up (default 1e-9·dsMax). */
  dsMin?: number;
  /** Largest step (default 0.1: at least ten steps from lo to hi). */
  dsMax?: number;
  /** +1 (default): start towards increasing p; −1: towards decreasing p. */
  direction?: 1 | -1;
  /** Newton converges when its update is ≤ tol·(1 + ‖y‖∞) in the scaled coordinates (default 1e-10). */
  tol?: number;
  /** Newton iterations per corrector before the step is shrunk (default 8). */
  maxNewton?: number;
  /**
   * Where F is not smooth (e.g. the nonlocal loss γ_k|a_j|/|a_i| near a_i = 0): continuation
   * never steps onto a point for which this returns true. The step is shrunk to dsMin towards
   * such a point and the branch then stops with reason 'singular' and that point.
   */
  isSingular?: (x: Float64Array, p: number) => boolean;
  /** Compute each point's linear stability and the stability segments (default true). */
  stability?: boolean;
  /** Locate the folds detected between points (default true). */
  locateFolds?: boolean;
}

export interface BranchPoint {
  x: Float64Array;
  p: number;
  /**
   * Unit tangent of length n + 1 in the scaled coordinates (x/xScale, (p − lo)/(hi − lo)),
   * oriented along the direction of travel: dx/dp = tangent[i]·xScale / (tangent[n]·(hi − lo)).
   */
  tangent: Float64Array;
  /** Newton iterations of this point's corrector (for the start: of the correction of x0 at fixed p0). */
  newtonIterations: number;
  /** Present unless opts.stability is false. */
  stability?: PointStability;
}

export interface Fold {
  /** The fold lies between points[after] and points[after + 1]. */
  after: number;
  x: Float64Array;
  p: number;
  /** The p-component of the unit tangent at the located point (0 at an exact fold). */
  tangentP: number;
  /** False when the location did not converge (p is then the best bracketing point's). */
  located: boolean;
}

/** Points start..end (inclusive) of one stability. Segments cover the branch without overlap. */
export interface StabilitySegment {
  start: number;
  end: number;
  stable: boolean;
}

export type StopReason = 'bound' | 'max-points' | 'singular' | 'step-too-small' | 'non-finite';

export interface Branch {
  points: BranchPoint[];
  folds: Fold[];
  /** Empty when opts.stability is false. */
  segments: StabilitySegment[];
  stop: {
    reason: StopReason;
    /** Human-readable detail (which bound, where it got stuck). */
    message: string;
    /** For 'singular': the first point found that isSingular marked (x, p). */
    x?: Float64Array;
    p?: number;
  };
  stats: {
    /** Newton iterations in all (rejected steps and fold location included). */
    newtonIterations: number;
    acceptedSteps: number;
    rejectedSteps: number;
    residualEvaluations: number;
    jacobianEvaluations: number;
  };
}

type Outcome = 'ok' | 'no-convergence' | 'singular-matrix' | 'non-finite';

/**
 * Continue the solution branch of F(x, p) = 0 through (x0, p0) within p ∈ [lo, hi].
 *
 * The start is first corrected by Newton at fixed p0 (so x0 need only be a good guess). The
 * branch follows the curve through folds (turning points in p); each fold found between two
 * points is located to |dp/ds| ≤ 1e-12 (p to far better than 1e-8 relative).
 *
 * @throws ParameterError for bad input: 'x0' (empty or non-finite), 'p0' (non-finite or outside
 *   [lo, hi]), 'opts.lo' / 'opts.hi' (non-finite, lo ≥ hi) and the other options by name.
 * @throws ComputationError when F or J is non-finite at the start, Newton fails at the start or
 *   ∂F/∂x is singular there in a way the bordered system cannot resolve.
 * @example
 * // x² + p² = 1 from (1, 0) towards increasing p: round the circle, folds at p = 1, −1, 1, …
 * const br = pseudoArclength(
 *   (x, p, out) => { out[0] = x[0]! ** 2 + p ** 2 - 1; },
 *   (x, p, jx, jp) => { jx[0] = 2 * x[0]!; jp[0] = 2 * p; },
 *   new Float64Array([1]), 0, { lo: -2, hi: 2, maxPoints: 400, stability: false },
 * ); // br.folds[0].p ≈ 1
 */
export function pseudoArclength(F: ResidualFn, J: JacobianFn, x0: Float64Array | readonly number[], p0: number, opts: ContinuationOptions): Branch {
  const o = checkOptions(x0, p0, opts);
  const n = x0.length;
  const n1 = n + 1;
  const { lo, hi, tol, maxNewton, maxPoints, dsMin, dsMax, xScale } = o;
  const pScale = hi - lo;
  const pOf = (ph: number): number => lo + pScale * ph;
  const stats = { newtonIterations: 0, acceptedSteps: 0, rejectedSteps: 0, residualEvaluations: 0, jacobianEvaluations: 0 };

  // workspace (no allocation inside the Newton loop)
  const M = new Float64Array(n1 * n1);
  const piv = new Int32Array(n1);
  const rhs = new Float64Array(n1);
  const fx = new Float64Array(n);
  const jx = new Float64Array(n * n);
  const jp = new Float64Array(n);
  const xb = new Float64Array(n); // x = xScale·x̂ handed to F, J and isSingular
  const toX = (y: Float64Array): Float64Array => {
    for (let i = 0; i < n; i++) xb[i] = xScale * y[i]!;
    return xb;
  };
  const sws = o.stability ? stabilityWorkspace(n) : undefined;
  let badComponent = -1;

  const residual = (y: Float64Array): boolean => {
    stats.residualEvaluations++;
    F(toX(y), pOf(y[n]!), fx);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(fx[i]!)) {
        badComponent = i;
        return false;
      }
    }
    return true;
  };
  const jacobian = (y: Float64Array): boolean => {
    stats.jacobianEvaluations++;
    J(toX(y), pOf(y[n]!), jx, jp);
    for (let i = 0; i < n * n; i++) if (!Number.isFinite(jx[i]!)) return false;
    for (let i = 0; i < n; i++) if (!Number.isFinite(jp[i]!)) return false;
    return true;
  };
  /** M = [∂F/∂x ∂F/∂p; row] from the current jx, jp; `row` null: the last row is e_{n+1} (p fixed). */
  const assemble = (row: Float64Array | null): void => {
    for (let i = 0; i < n; i++) {
      const r = i * n1;
      for (let j = 0; j < n; j++) M[r + j] = xScale * jx[i * n + j]!;
      M[r + n] = pScale * jp[i]!;
    }
    const r = n * n1;
    if (row) for (let j = 0; j < n1; j++) M[r + j] = row[j]!;
    else {
      M.fill(0, r, r + n);
      M[r + n] = 1;
    }
  };

  /**
   * Newton on [F(y); t·(y − yPred)] = 0 starting from y = yPred (t null: on F(x, p) = 0 at the p
   * of yPred). y is overwritten. Returns the outcome and leaves the iteration count in `lastIts`.
   */
  let lastIts = 0;
  const correct = (y: Float64Array, yPred: Float64Array, t: Float64Array | null): Outcome => {
    lastIts = 0;
    for (let it = 0; it < maxNewton; it++) {
      if (!residual(y) || !jacobian(y)) return 'non-finite';
      assemble(t);
      for (let i = 0; i < n; i++) rhs[i] = -fx[i]!;
      let c = 0;
      if (t) for (let j = 0; j < n1; j++) c += t[j]! * (y[j]! - yPred[j]!);
      else c = y[n]! - yPred[n]!;
      rhs[n] = -c;
      if (realLuFactor(n1, M, piv) >= 0) return 'singular-matrix';
      realLuSolve(n1, M, piv, rhs);
      let dn = 0;
      let yn = 0;
      if (!t) rhs[n] = 0; // at fixed p, p stays exactly where it was put
      for (let j = 0; j < n1; j++) {
        const v = y[j]! + rhs[j]!;
        y[j] = v;
        dn = Math.max(dn, Math.abs(rhs[j]!));
        yn = Math.max(yn, Math.abs(v));
      }
      lastIts = it + 1;
      stats.newtonIterations++;
      if (!Number.isFinite(dn)) return 'non-finite';
      if (dn <= tol * (1 + yn)) return 'ok';
    }
    return 'no-convergence';
  };

  /** Unit tangent at y into `out`: the null vector of [∂F/∂x ∂F/∂p] with ref·out > 0. Leaves jx = ∂F/∂x(y). */
  const tangentAt = (y: Float64Array, ref: Float64Array, out: Float64Array): Outcome => {
    if (!jacobian(y)) return 'non-finite';
    assemble(ref);
    if (realLuFactor(n1, M, piv) >= 0) return 'singular-matrix';
    rhs.fill(0);
    rhs[n] = 1;
    realLuSolve(n1, M, piv, rhs);
    let s = 0;
    for (let j = 0; j < n1; j++) s += rhs[j]! * rhs[j]!;
    s = Math.sqrt(s);
    if (!Number.isFinite(s) || s === 0) return 'non-finite';
    for (let j = 0; j < n1; j++) out[j] = rhs[j]! / s;
    return 'ok';
  };

  const singular = (y: Float64Array): boolean => o.isSingular !== undefined && o.isSingular(toX(y), pOf(y[n]!));

  // ---- the start: Newton at fixed p0, then the tangent towards `direction` in p
  const y = new Float64Array(n1);
  for (let i = 0; i < n; i++) y[i] = x0[i]! / xScale;
  y[n] = (p0 - lo) / pScale;
  const yStart = y.slice();
  const t = new Float64Array(n1);
  const ref = new Float64Array(n1);
  ref[n] = o.direction;
  const startOutcome = correct(y, yStart, null);
  if (startOutcome !== 'ok') {
    if (startOutcome === 'non-finite') {
      throw new ComputationError(
        badComponent >= 0 && !Number.isFinite(fx[badComponent]!)
          ? `F[${badComponent}] is ${fx[badComponent]} at p = ${p0} (the residual must be finite at the start x0)`
          : `the Jacobian J (∂F/∂x or ∂F/∂p) has a non-finite entry at p = ${p0}`,
      );
    }
    throw new ComputationError(
      startOutcome === 'singular-matrix'
        ? `∂F/∂x is singular at the start (p0 = ${p0}): start away from a fold or a degenerate point`
        : `Newton did not converge at the start p0 = ${p0} from x0 in ${maxNewton} iterations: give a closer x0`,
    );
  }
  const startIts = lastIts;
  const startTangent = tangentAt(y, ref, t);
  if (startTangent !== 'ok') {
    throw new ComputationError(`no unique tangent at the start p0 = ${p0}: [∂F/∂x ∂F/∂p] is rank-deficient there (a branch point?)`);
  }

  const points: BranchPoint[] = [];
  const folds: Fold[] = [];
  const xOf = (yy: Float64Array): Float64Array => toX(yy).slice();
  const push = (yy: Float64Array, tt: Float64Array, its: number, pExact?: number): void => {
    const pt: BranchPoint = { x: xOf(yy), p: pExact ?? pOf(yy[n]!), tangent: tt.slice(), newtonIterations: its };
    if (sws) pt.stability = linearStability(n, jx, sws); // jx is ∂F/∂x at yy (tangentAt was the last to evaluate J)
    points.push(pt);
  };
  let stop: Branch['stop'] | undefined;
  push(y, t, startIts, p0);
  if (singular(y)) stop = { reason: 'singular', message: `the start (p = ${p0}) is a point where F is marked non-smooth`, x: xOf(y), p: p0 };

  const yPred = new Float64Array(n1);
  const yNew = new Float64Array(n1);
  const tNew = new Float64Array(n1);
  let ds = o.ds;
  let lastFailure: 'singular' | 'non-finite' | 'other' = 'other';
  let singularAt: Float64Array | undefined;

  while (!stop && points.length < maxPoints) {
    const yk = y;
    for (let j = 0; j < n1; j++) yPred[j] = yk[j]! + ds * t[j]!;
    yNew.set(yPred);
    let outcome = correct(yNew, yPred, t);
    const its = lastIts;
    let ok = outcome === 'ok';
    if (ok && singular(yNew)) {
      ok = false;
      lastFailure = 'singular';
      if (!singularAt) singularAt = yNew.slice();
      else singularAt.set(yNew);
    }
    if (ok) {
      outcome = tangentAt(yNew, t, tNew);
      ok = outcome === 'ok';
      // reject a step that turns the tangent by more than ~37° (it may have jumped to another branch)
      if (ok) {
        let c = 0;
        for (let j = 0; j < n1; j++) c += t[j]! * tNew[j]!;
        if (c < 0.8) {
          ok = false;
          lastFailure = 'other';
        }
      }
    }
    if (!ok) {
      if (outcome === 'non-finite') lastFailure = 'non-finite';
      else if (outcome !== 'ok') lastFailure = 'other';
      stats.rejectedSteps++;
      ds *= 0.5;
      if (ds < dsMin) {
        const at = `p = ${pOf(yk[n]!)}`;
        if (lastFailure === 'singular') {
          stop = { reason: 'singular', message: `stopped at ${at}: the branch runs into a point where F is marked non-smooth`, x: xOf(singularAt!), p: pOf(singularAt![n]!) };
        } else if (lastFailure === 'non-finite') {
          stop = { reason: 'non-finite', message: `stopped at ${at}: F or its Jacobian is not finite just beyond (F[${badComponent}])` };
        } else {
          stop = { reason: 'step-too-small', message: `stopped at ${at}: Newton failed even at the smallest step ${dsMin}` };
        }
      }
      continue;
    }
    lastFailure = 'other';
    singularAt = undefined;

    const pNew = yNew[n]!;
    if (pNew > 1 || pNew < 0) {
      // end exactly at the bound: Newton at fixed p from the linear interpolation
      const bound = pNew > 1 ? hi : lo;
      const bh = pNew > 1 ? 1 : 0;
      const w = (bh - yk[n]!) / (pNew - yk[n]!);
      for (let j = 0; j < n1; j++) yPred[j] = yk[j]! + w * (yNew[j]! - yk[j]!);
      yPred[n] = bh;
      yNew.set(yPred);
      if (correct(yNew, yPred, null) === 'ok' && !singular(yNew) && tangentAt(yNew, t, tNew) === 'ok') {
        const itsB = lastIts;
        stats.acceptedSteps++;
        push(yNew, tNew, itsB, bound); // before checkFold: push reads ∂F/∂x at yNew from jx
        checkFold(points.length - 2, yk, t, yNew, tNew);
        y.set(yNew);
        t.set(tNew);
        stop = { reason: 'bound', message: `reached p = ${bound} (${bound === hi ? 'hi' : 'lo'})` };
        break;
      }
      // the end point at the bound did not solve (e.g. a fold right there): a shorter step
      stats.rejectedSteps++;
      ds *= 0.5;
      if (ds < dsMin) {
        stop = { reason: 'bound', message: `stopped at p = ${pOf(yk[n]!)} next to ${bound === hi ? 'hi' : 'lo'} = ${bound}: the point at the bound could not be solved` };
      }
      continue;
    }

    stats.acceptedSteps++;
    push(yNew, tNew, its);
    checkFold(points.length - 2, yk, t, yNew, tNew);
    y.set(yNew);
    t.set(tNew);
    if (its <= 2) ds = Math.min(dsMax, ds * 1.5);
    else if (its >= 5) ds = Math.max(dsMin, ds * 0.7);
  }
  if (!stop) stop = { reason: 'max-points', message: `reached ${maxPoints} points at p = ${pOf(y[n]!)}` };

  function checkFold(after: number, ya: Float64Array, ta: Float64Array, yb: Float64Array, tb: Float64Array): void {
    let h = 0; // yb's arclength coordinate along ta
    for (let j = 0; j < n1; j++) h += ta[j]! * (yb[j]! - ya[j]!);
    const ga = ta[n]!;
    const gb = tb[n]!;
    if (!(ga * gb < 0)) return;
    if (!o.locateFolds) {
      folds.push({ after, x: xOf(yb), p: pOf(yb[n]!), tangentP: gb, located: false });
      return;
    }
    folds.push(locateFold(after, ya, ta, yb, h, ga, gb));
  }

  /**
   * The fold between ya (s = 0) and yb (s = h) on the curve parametrised by s = ta·(y − ya):
   * Illinois regula falsi on g(s) = dp/ds at the corrected point (a simple zero at a quadratic
   * fold). p(s) is stationary there, so p is located to about g², far below 1e-8 relative.
   */
  function locateFold(after: number, ya: Float64Array, ta: Float64Array, yb: Float64Array, h: number, ga: number, gb: number): Fold {
    const yp = new Float64Array(n1);
    const ys = new Float64Array(n1);
    const ts = new Float64Array(n1);
    let a = 0;
    let b = h;
    let fa = ga;
    let fb = gb;
    let side = 0;
    let best = { s: Math.abs(ga) < Math.abs(gb) ? 0 : h, g: Math.abs(ga) < Math.abs(gb) ? ga : gb, y: (Math.abs(ga) < Math.abs(gb) ? ya : yb).slice() };
    for (let k = 0; k < 100; k++) {
      let s = (a * fb - b * fa) / (fb - fa);
      if (!(s > Math.min(a, b) && s < Math.max(a, b))) s = 0.5 * (a + b);
      for (let j = 0; j < n1; j++) yp[j] = ya[j]! + s * ta[j]!;
      ys.set(yp);
      let g: number;
      if (correct(ys, yp, ta) === 'ok' && tangentAt(ys, ta, ts) === 'ok') g = ts[n]!;
      else {
        // fall back to bisection when a corrector fails inside the bracket
        s = 0.5 * (a + b);
        for (let j = 0; j < n1; j++) yp[j] = ya[j]! + s * ta[j]!;
        ys.set(yp);
        if (correct(ys, yp, ta) !== 'ok' || tangentAt(ys, ta, ts) !== 'ok') break;
        g = ts[n]!;
      }
      if (Math.abs(g) < Math.abs(best.g)) best = { s, g, y: ys.slice() };
      if (Math.abs(g) <= 1e-12 || Math.abs(b - a) <= 1e-14 * Math.abs(h)) {
        return { after, x: xOf(ys), p: pOf(ys[n]!), tangentP: g, located: true };
      }
      if (g * fb < 0) {
        a = b;
        fa = fb;
        b = s;
        fb = g;
        side = 0;
      } else {
        b = s;
        fb = g;
        if (side === 1) fa *= 0.5;
        side = 1;
      }
    }
    return { after, x: xOf(best.y), p: pOf(best.y[n]!), tangentP: best.g, located: Math.abs(best.g) <= 1e-10 };
  }

  return { points, folds, segments: o.stability ? segmentsOf(points) : [], stop, stats };
}

/** Maximal runs of points of equal stability. */
export function segmentsOf(points: readonly BranchPoint[]): StabilitySegment[] {
  const out: StabilitySegment[] = [];
  for (let k = 0; k < points.length; k++) {
    const s = points[k]!.stability?.stable ?? false;
    const last = out[out.length - 1];
    if (last && last.stable === s) last.end = k;
    else out.push({ start: k, end: k, stable: s });
  }
  return out;
}

interface Checked {
  lo: number;
  hi: number;
  maxPoints: number;
  ds: number;
  dsMin: number;
  dsMax: number;
  direction: 1 | -1;
  tol: number;
  maxNewton: number;
  xScale: number;
  isSingular: ((x: Float64Array, p: number) => boolean) | undefined;
  stability: boolean;
  locateFolds: boolean;
}

function checkOptions(x0: ArrayLike<number>, p0: number, opts: ContinuationOptions): Checked {
  if (typeof opts !== 'object' || opts === null) throw new ParameterError('opts', 'must be an object with lo and hi');
  if (!x0 || typeof x0.length !== 'number' || x0.length === 0) throw new ParameterError('x0', `must be a non-empty vector (n ≥ 1), got ${shown(x0)}`);
  for (let i = 0; i < x0.length; i++) {
    if (typeof x0[i] !== 'number' || !Number.isFinite(x0[i])) throw new ParameterError(`x0[${i}]`, `must be a finite number, got ${shown(x0[i])}`);
  }
  const { lo, hi } = opts;
  if (typeof lo !== 'number' || !Number.isFinite(lo)) throw new ParameterError('opts.lo', `must be a finite number, got ${shown(lo)}`);
  if (typeof hi !== 'number' || !Number.isFinite(hi)) throw new ParameterError('opts.hi', `must be a finite number, got ${shown(hi)}`);
  if (!(lo < hi)) throw new ParameterError('opts.hi', `must be greater than opts.lo (${lo}), got ${hi}`);
  if (typeof p0 !== 'number' || !Number.isFinite(p0)) throw new ParameterError('p0', `must be a finite number, got ${shown(p0)}`);
  if (p0 < lo || p0 > hi) throw new ParameterError('p0', `must lie in [opts.lo, opts.hi] = [${lo}, ${hi}], got ${p0}`);
  const positive = (key: keyof ContinuationOptions, dflt: number): number => {
    const v = opts[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new ParameterError(`opts.${key}`, `must be a finite number > 0, got ${shown(v)}`);
    return v;
  };
  const integer = (key: 'maxPoints' | 'maxNewton', dflt: number, min: number): number => {
    const v = opts[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ParameterError(`opts.${key}`, `must be an integer ≥ ${min}, got ${shown(v)}`);
    return v;
  };
  const xScale = positive('xScale', 1);
  const dsMax = positive('dsMax', 0.1);
  const ds = positive('ds', Math.min(dsMax, 0.01));
  const dsMin = positive('dsMin', 1e-9 * dsMax);
  if (ds > dsMax) throw new ParameterError('opts.ds', `must not exceed opts.dsMax (${dsMax}), got ${ds}`);
  if (dsMin > ds) throw new ParameterError('opts.dsMin', `must not exceed opts.ds (${ds}), got ${dsMin}`);
  const direction = opts.direction ?? 1;
  if (direction !== 1 && direction !== -1) throw new ParameterError('opts.direction', `must be 1 or -1, got ${shown(direction)}`);
  const tol = positive('tol', 1e-10);
  if (opts.isSingular !== undefined && typeof opts.isSingular !== 'function') throw new ParameterError('opts.isSingular', 'must be a function (x, p) => boolean');
  return {
    lo,
    hi,
    maxPoints: integer('maxPoints', 1000, 2),
    ds,
    dsMin,
    dsMax,
    direction,
    tol,
    maxNewton: integer('maxNewton', 8, 1),
    xScale,
    isSingular: opts.isSingular,
    stability: opts.stability ?? true,
    locateFolds: opts.locateFolds ?? true,
  };
}
