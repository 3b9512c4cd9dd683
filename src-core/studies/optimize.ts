/**
 * Derivative-free optimisation of a scalar over 1–4 parameters within bounds: Nelder–Mead
 * (standard coefficients: reflection 1, expansion 2, contraction ½, shrink ½) on the box, with
 * points projected onto the bounds, and restarts from the best point with a fresh simplex until a
 * restart no longer improves. Evaluations are asynchronous so they can run on the worker pool;
 * the starting simplex of each restart is evaluated concurrently.
 */
import { ParameterError } from '../errors.js';

/** Evaluations allowed when the caller sets no limit. */
export const DEFAULT_MAX_EVALUATIONS = 500;

export interface OptimizeVariable {
  key: string;
  lo: number;
  hi: number;
}

export interface OptimizeOptions {
  variables: OptimizeVariable[];
  /** Starting point (default: the centre of the box). */
  start?: number[];
  /** Stop a run when the simplex's values differ by less than this (absolute) and its size is below xtol·range. */
  ftol?: number;
  xtol?: number;
  maxEvaluations?: number;
  /** Restarts after the first run. */
  restarts?: number;
  /** Stops the search: no evaluation starts after it fires; the best point so far is returned with `cancelled`. */
  signal?: { readonly aborted: boolean };
}

export interface OptimizeStep {
  x: number[];
  value: number;
}

export interface OptimizeResult {
  x: number[];
  value: number;
  evaluations: number;
  restarts: number;
  converged: boolean;
  history: OptimizeStep[];
  /** The signal stopped the search before it ended (the result is the best point evaluated). */
  cancelled?: boolean;
}

/** Thrown inside the search when the signal fires; never leaves nelderMead. */
class Stopped extends Error {}

/** Minimise `f` (negate it to maximise). A point whose evaluation throws counts as +∞. */
export async function nelderMead(f: (x: number[]) => Promise<number>, opts: OptimizeOptions): Promise<OptimizeResult> {
  const vars = opts.variables;
  const d = vars.length;
  if (d < 1 || d > 4) throw new ParameterError('--vary', `optimise over 1 to 4 parameters, got ${d}`);
  for (const v of vars) {
    if (!(Number.isFinite(v.lo) && Number.isFinite(v.hi) && v.lo < v.hi)) throw new ParameterError(`--vary ${v.key}`, `needs finite bounds lo < hi, got ${v.lo}:${v.hi}`);
  }
  const ftol = opts.ftol ?? 1e-10;
  const xtol = opts.xtol ?? 1e-8;
  const maxEval = opts.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS;
  const range = vars.map((v) => v.hi - v.lo);
  const clamp = (x: number[]): number[] => x.map((xi, i) => Math.min(vars[i]!.hi, Math.max(vars[i]!.lo, xi)));
  const history: OptimizeStep[] = [];
  let evaluations = 0;
  const evaluate = async (x: number[]): Promise<number> => {
    if (opts.signal?.aborted) throw new Stopped();
    evaluations++;
    let value: number;
    try {
      value = await f(x);
      if (Number.isNaN(value)) value = Infinity;
    } catch {
      // an evaluation ended by the signal is no evaluation
      if (opts.signal?.aborted) {
        evaluations--;
        throw new Stopped();
      }
      value = Infinity;
    }
    history.push({ x: [...x], value });
    return value;
  };

  let best = clamp(opts.start ?? vars.map((v) => (v.lo + v.hi) / 2));
  let bestValue = Infinity;
  let restarts = 0;
  let converged = false;
  try {
    for (let run = 0; run <= (opts.restarts ?? 3) && evaluations < maxEval; run++) {
      // a simplex around the current best: steps of 25% of the range (first run), 5% afterwards
      const step = run === 0 ? 0.25 : 0.05;
      const simplex: number[][] = [best];
      for (let i = 0; i < d; i++) {
        const p = [...best];
        p[i] = p[i]! + step * range[i]! * (p[i]! + step * range[i]! > vars[i]!.hi ? -1 : 1);
        simplex.push(clamp(p));
      }
      const values = await Promise.all(simplex.map(evaluate));
      let runConverged = false;
      while (evaluations < maxEval) {
        const order = simplex.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
        const s = order.map((i) => simplex[i]!);
        const v = order.map((i) => values[i]!);
        simplex.splice(0, simplex.length, ...s);
        values.splice(0, values.length, ...v);
        const size = Math.max(...simplex.slice(1).map((p) => Math.max(...p.map((pi, i) => Math.abs(pi - simplex[0]![i]!) / range[i]!))));
        if (Math.abs(values[d]! - values[0]!) <= ftol && size <= xtol) {
          runConverged = true;
          break;
        }
        if (size <= 1e-14) {
          runConverged = true;
          break;
        }
        const centroid = new Array<number>(d).fill(0);
        for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) centroid[i] = centroid[i]! + simplex[k]![i]! / d;
        const toward = (t: number): number[] => clamp(centroid.map((c, i) => c + t * (simplex[d]![i]! - c)));
        const xr = toward(-1);
        const fr = await evaluate(xr);
        if (fr < values[0]!) {
          const xe = toward(-2);
          const fe = await evaluate(xe);
          if (fe < fr) {
            simplex[d] = xe;
            values[d] = fe;
          } else {
            simplex[d] = xr;
            values[d] = fr;
          }
        } else if (fr < values[d - 1]!) {
          simplex[d] = xr;
          values[d] = fr;
        } else {
          const xc = fr < values[d]! ? toward(-0.5) : toward(0.5);
          const fc = await evaluate(xc);
          if (fc < Math.min(fr, values[d]!)) {
            simplex[d] = xc;
            values[d] = fc;
          } else {
            // shrink towards the best point
            const shrunk = simplex.slice(1).map((p) => clamp(p.map((pi, i) => simplex[0]![i]! + 0.5 * (pi - simplex[0]![i]!))));
            const fv = await Promise.all(shrunk.map(evaluate));
            for (let k = 0; k < d; k++) {
              simplex[k + 1] = shrunk[k]!;
              values[k + 1] = fv[k]!;
            }
          }
        }
      }
      const k = values.indexOf(Math.min(...values));
      const improved = values[k]! < bestValue - ftol;
      if (values[k]! < bestValue) {
        bestValue = values[k]!;
        best = simplex[k]!;
      }
      if (run > 0) restarts++;
      converged = runConverged;
      if (run > 0 && !improved) break;
    }
  } catch (e) {
    if (!(e instanceof Stopped)) throw e;
    // the best point evaluated before the stop
    for (const h of history) {
      if (h.value < bestValue) {
        bestValue = h.value;
        best = h.x;
      }
    }
    return { x: best, value: bestValue, evaluations, restarts, converged: false, history, cancelled: true };
  }
  return { x: best, value: bestValue, evaluations, restarts, converged, history };
}
