/**
 * Derived metrics on study results (full-grid arrays, row-major, first axis slowest; NaN = no
 * value): the location and value of an extremum, the region where a quantity passes a threshold
 * (e.g. R > 0.99), the contour of a level on a 2-D map (marching squares, linear interpolation),
 * and the width of a peak on a 1-D axis (e.g. its 3 dB bandwidth).
 */
import { ParameterError } from '../errors.js';

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
  const out: Record<string, number> = {};
  let rest = index;
  for (let a = axes.keys.length - 1; a >= 0; a--) {
    const n = axes.values[a]!.length;
    out[axes.keys[a]!] = axes.values[a]![rest % n]!;
    rest = Math.floor(rest / n);
  }
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
 * coordinates (first axis x, second y), by marching squares; cells touching a NaN are skipped.
 */
export function contour(values: Float64Array, axes: GridAxes, level: number): [number, number, number, number][] {
  if (axes.keys.length !== 2) throw new ParameterError('contour', 'needs a 2-D map');
  const [xs, ys] = axes.values as [Float64Array, Float64Array];
  const nx = xs.length;
  const ny = ys.length;
  const v = (i: number, j: number): number => values[i * ny + j]!;
  const segs: [number, number, number, number][] = [];
  for (let i = 0; i + 1 < nx; i++) {
    for (let j = 0; j + 1 < ny; j++) {
      const c = [v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1)];
      if (c.some(Number.isNaN)) continue;
      const p = [
        [xs[i]!, ys[j]!],
        [xs[i + 1]!, ys[j]!],
        [xs[i + 1]!, ys[j + 1]!],
        [xs[i]!, ys[j + 1]!],
      ] as const;
      // crossing points on the four edges (0-1, 1-2, 2-3, 3-0)
      const cross: [number, number][] = [];
      for (let e = 0; e < 4; e++) {
        const a = c[e]! - level;
        const b = c[(e + 1) % 4]! - level;
        if ((a < 0) !== (b < 0)) {
          const t = a / (a - b);
          const pa = p[e]!;
          const pb = p[(e + 1) % 4]!;
          cross.push([pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])]);
        }
      }
      if (cross.length === 2) segs.push([cross[0]![0], cross[0]![1], cross[1]![0], cross[1]![1]]);
      else if (cross.length === 4) {
        // saddle: pair by the cell-centre value
        const centre = (c[0]! + c[1]! + c[2]! + c[3]!) / 4 - level;
        const firstBelow = c[0]! - level < 0;
        const [a, b, d, e] = cross as [[number, number], [number, number], [number, number], [number, number]];
        if ((centre < 0) === firstBelow) {
          segs.push([a[0], a[1], b[0], b[1]], [d[0], d[1], e[0], e[1]]);
        } else {
          segs.push([a[0], a[1], e[0], e[1]], [b[0], b[1], d[0], d[1]]);
        }
      }
    }
  }
  return segs;
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
