import { describe, expect, it } from 'vitest';
import { contour, extremum, peakWidth, region } from '../../../src-core/studies/metrics';
import { planSweep } from '../../../src-core/studies/grid';
import { evaluateSweepRange } from '../../../src-core/studies/sweep';
import { getModel } from '../../../src-core/models/registry';

const lin = (a: number, b: number, n: number) => Float64Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

describe('derived metrics on study results', () => {
  it('extremum of the classical Fig. 2(c) isolation map sits at Δ = 0.5κ, κ_b = κ (eq. 16)', () => {
    const plan = planSweep(getModel('three-cavity'), { params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 81 }, { key: 'kappa_b', start: 0, stop: 3, count: 61 }] });
    const r = evaluateSweepRange(plan, 0, plan.total);
    const axes = { keys: ['Delta', 'kappa_b'], values: plan.axes.map((a) => a.values) };
    const m = extremum(r.data['isolation']!, axes, 'max')!;
    expect(m.at.Delta).toBeCloseTo(0.5, 12);
    expect(m.at.kappa_b).toBeCloseTo(1, 12);
    expect(m.value).toBeCloseTo(1, 12);
    const good = region(r.data['isolation']!, axes, '>', 0.99);
    expect(good.count).toBeGreaterThan(0);
    expect(good.bounds.Delta!.min).toBeLessThanOrEqual(0.5);
    expect(good.bounds.Delta!.max).toBeGreaterThanOrEqual(0.5);
    // the 0.9 contour encloses the optimum: segments on both sides of Δ = 0.5
    const segs = contour(r.data['isolation']!, axes, 0.9);
    expect(segs.length).toBeGreaterThan(4);
    expect(segs.some((s) => s[0] < 0.5)).toBe(true);
    expect(segs.some((s) => s[0] > 0.5)).toBe(true);
  });

  it('contour of a paraboloid is a circle of the right radius', () => {
    const xs = lin(-2, 2, 81);
    const ys = lin(-2, 2, 81);
    const v = new Float64Array(81 * 81);
    for (let i = 0; i < 81; i++) for (let j = 0; j < 81; j++) v[i * 81 + j] = xs[i]! ** 2 + ys[j]! ** 2;
    const segs = contour(v, { keys: ['x', 'y'], values: [xs, ys] }, 1);
    for (const s of segs) {
      expect(Math.hypot(s[0], s[1])).toBeCloseTo(1, 2);
      expect(Math.hypot(s[2], s[3])).toBeCloseTo(1, 2);
    }
    const perimeter = segs.reduce((p, s) => p + Math.hypot(s[2] - s[0], s[3] - s[1]), 0);
    expect(perimeter).toBeCloseTo(2 * Math.PI, 2);
  });

  it('peak width: a Lorentzian |1/(1 + i x)|² has a 3 dB width of 2', () => {
    const x = lin(-5, 5, 10001);
    const y = x.map((xi) => 1 / (1 + xi * xi));
    const w = peakWidth(y, x, 0.5);
    expect(w.width).toBeCloseTo(2, 6);
    expect(w.at).toBeCloseTo(0, 12);
    expect(Number.isNaN(peakWidth(y, x, 0.01).low)).toBe(true);
  });

  it('ignores missing points', () => {
    const v = new Float64Array([NaN, 3, NaN, 1]);
    const axes = { keys: ['x'], values: [lin(0, 3, 4)] };
    expect(extremum(v, axes, 'max')).toMatchObject({ index: 1, value: 3 });
    expect(extremum(v, axes, 'min')).toMatchObject({ index: 3, value: 1 });
    expect(extremum(new Float64Array([NaN]), { keys: ['x'], values: [lin(0, 0, 1)] }, 'max')).toBeUndefined();
    expect(region(v, axes, '>', 2).fraction).toBe(0.5);
  });
});
