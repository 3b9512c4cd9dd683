import { describe, expect, it } from 'vitest';
import { autoLevels, contourLevels, contourLines, labelPoints } from '../../../src-core/figures/contour';

/** Points of an interleaved polyline. */
function pointsOf(line: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < line.length; i += 2) out.push([line[i]!, line[i + 1]!]);
  return out;
}

/** A grid x slowest: values[i·ny + j] = f(xs[i], ys[j]). */
function grid(xs: number[], ys: number[], f: (x: number, y: number) => number): Float64Array {
  const v = new Float64Array(xs.length * ys.length);
  xs.forEach((x, i) => ys.forEach((y, j) => (v[i * ys.length + j] = f(x, y))));
  return v;
}

const range = (a: number, b: number, n: number): number[] => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

describe('contour lines (marching squares)', () => {
  it('a circle: one closed loop whose points lie on the radius', () => {
    const xs = range(-2, 2, 81);
    const ys = range(-2, 2, 81);
    const lines = contourLines(xs, ys, grid(xs, ys, (x, y) => Math.hypot(x, y)), 1);
    expect(lines).toHaveLength(1);
    const pts = pointsOf(lines[0]!);
    expect(pts.length).toBeGreaterThan(100);
    // closed: the last point repeats the first
    expect(pts.at(-1)).toEqual(pts[0]);
    // linear interpolation of the distance on a 0.05 grid: within 1e-3 of the circle
    for (const [x, y] of pts) expect(Math.abs(Math.hypot(x, y) - 1)).toBeLessThan(1e-3);
  });

  it('a linear ramp: one straight open line at the level, across the grid', () => {
    const xs = range(0, 1, 11);
    const ys = range(0, 2, 5);
    const lines = contourLines(xs, ys, grid(xs, ys, (x) => x), 0.33);
    expect(lines).toHaveLength(1);
    const pts = pointsOf(lines[0]!);
    expect(pts).toHaveLength(5);
    for (const [x] of pts) expect(x).toBeCloseTo(0.33, 12);
    expect(pts.map((p) => p[1]).sort((a, b) => a - b)).toEqual(ys);
  });

  it('skips cells with a missing corner (holes stop the lines) and gives nothing outside the data', () => {
    const xs = range(0, 1, 11);
    const ys = range(0, 1, 11);
    const v = grid(xs, ys, (x) => x);
    // a failed row of points across the middle
    for (let i = 0; i < 11; i++) v[i * 11 + 5] = NaN;
    const lines = contourLines(xs, ys, v, 0.5);
    expect(lines).toHaveLength(2);
    for (const l of lines) for (const [, y] of pointsOf(l)) expect(Math.abs(y - 0.5)).toBeGreaterThanOrEqual(0.1 - 1e-12);
    expect(contourLines(xs, ys, v, 2)).toEqual([]);
    expect(contourLines([0], [0], [1], 1)).toEqual([]);
  });

  it('resolves saddles by the centre value: two separate segments', () => {
    // corners (0,0) and (1,1) high, (1,0) and (0,1) low: a saddle
    const xs = [0, 1];
    const ys = [0, 1];
    const v = Float64Array.from([1, 0, 0, 1]); // (x0,y0)=1, (x0,y1)=0, (x1,y0)=0, (x1,y1)=1
    const lines = contourLines(xs, ys, v, 0.6);
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.length === 4)).toBe(true);
  });

  it('levels: the panel’s, or round values inside the colour range; labels spread out', () => {
    expect(autoLevels(0, 1)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(autoLevels(1, 1)).toEqual([]);
    const xs = range(-2, 2, 41);
    const ys = range(-2, 2, 41);
    const v = grid(xs, ys, (x, y) => Math.hypot(x, y));
    const levels = contourLevels(xs, ys, v, [0.5, 1, 1.5]);
    expect(levels.map((l) => l.lines.length)).toEqual([1, 1, 1]);
    const at = labelPoints(levels, { x0: -2, x1: 2, y0: -2, y1: 2 });
    expect(at.every((p) => p !== undefined)).toBe(true);
    // on their own circles, and not on top of each other
    at.forEach((p, k) => expect(Math.hypot(p![0], p![1])).toBeCloseTo([0.5, 1, 1.5][k]!, 2));
    expect(Math.hypot(at[0]![0] - at[1]![0], at[0]![1] - at[1]![1])).toBeGreaterThan(0.6);
  });
});

