/**
 * Derived metrics on study results (full-grid arrays, row-major, first axis slowest; NaN = no
 * value): the location and value of an extremum, the region where a quantity passes a threshold
 * (e.g. R > 0.99), the contour of a level on a 2-D map (marching squares, linear interpolation),
 * and the width of a peak on a 1-D axis (e.g. its 3 dB bandwidth).
 */
import { ParameterError } from '../errors.js';
import { unravelIndex } from './grid-index.js';
import { levelCrossings } from './marching-squares.js';

export interface GridAxes {
  keys: string[];
  values: Float64Array[];
}

export interface Extremum {
  index: number;
  at: Record<string, number>;
  value: number;
}

function coords(axes: GridAxes, index: number): Record<string, number> {
  const at = unravelIndex(axes.values.map((v) => v.length), index);
  const out: Record<string, number> = {};
  axes.keys.forEach((k, a) => (out[k] = axes.values[a]![at[a]!]!));
  return out;
}

/** Largest (or smallest) finite value and where it is; undefined when no point has a value. */
export function extremum(values: Float64Array, axes: GridAxes, kind: 'max' | 'min'): Extremum | undefined {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (best < 0 || (kind === 'max' ? v > values[best]! : v < values[best]!)) best = i;
  }
  return best < 0 ? undefined : { index: best, at: coords(axes, best), value: values[best]! };
}

export interface Region {
  count: number;
  /** count / points with a value. */
  fraction: number;
  /** Per axis, the smallest and largest coordinate inside the region. */
  bounds: Record<string, { min: number; max: number }>;
}

/** The points where `values op level` holds (op is > or <). */
export function region(values: Float64Array, axes: GridAxes, op: '>' | '<', level: number): Region {
  let count = 0;
  let valid = 0;
  const bounds: Record<string, { min: number; max: number }> = {};
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    valid++;
    if (op === '>' ? v > level : v < level) {
      count++;
      for (const [k, x] of Object.entries(coords(axes, i))) {
        const b = (bounds[k] ??= { min: x, max: x });
        b.min = Math.min(b.min, x);
        b.max = Math.max(b.max, x);
      }
    }
  }
  return { count, fraction: valid === 0 ? 0 : count / valid, bounds };
}

/**
 * The level set values = level of a 2-D map as line segments [x0, y0, x1, y1] in axis
 * coordinates (first axis x, second y), by marching squares ({@link levelCrossings}); cells
 * touching a NaN are skipped.
 */
export function contour(values: Float64Array, axes: GridAxes, level: number): [number, number, number, number][] {
  if (axes.keys.length !== 2) throw new ParameterError('contour', 'needs a 2-D map');
  const [xs, ys] = axes.values as [Float64Array, Float64Array];
  const { points, segments } = levelCrossings(xs, ys, values, level);
  return segments.map(([a, b]) => {
    const p = points.get(a)!;
    const q = points.get(b)!;
    return [p[0], p[1], q[0], q[1]];
  });
}

/**
 * Width of the peak at the maximum of a 1-D curve at `fraction` of its height (0.5 for a
 * power's 3 dB width, 1/√2 for an amplitude's), with linearly interpolated edges; NaN edges
 * when the curve does not fall that far within the axis.
 */
export function peakWidth(values: Float64Array, axis: Float64Array, fraction: number): { low: number; high: number; width: number; at: number; peak: number } {
  const m = extremum(values, { keys: ['x'], values: [axis] }, 'max');
  if (!m) return { low: NaN, high: NaN, width: NaN, at: NaN, peak: NaN };
  const level = m.value * fraction;
  let hi = m.index;
  while (hi + 1 < values.length && values[hi + 1]! >= level) hi++;
  let lo = m.index;
  while (lo - 1 >= 0 && values[lo - 1]! >= level) lo--;
  const edge = (i: number, j: number): number => axis[i]! + ((level - values[i]!) / (values[j]! - values[i]!)) * (axis[j]! - axis[i]!);
  const high = hi + 1 < values.length && !Number.isNaN(values[hi + 1]!) ? edge(hi, hi + 1) : NaN;
  const low = lo - 1 >= 0 && !Number.isNaN(values[lo - 1]!) ? edge(lo, lo - 1) : NaN;
  return { low, high, width: high - low, at: axis[m.index]!, peak: m.value };
}
