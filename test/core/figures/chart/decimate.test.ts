import { describe, expect, it } from 'vitest';
import { decimateMinMax, indexWindow } from '../../../../src-core/figures/chart/decimate';

describe('plot data', () => {
  it('finds the index window of a monotonic grid', () => {
    const x = Float64Array.from({ length: 11 }, (_, i) => i / 10);
    expect(indexWindow(x, 0.25, 0.55)).toEqual([2, 6]);
    expect(indexWindow(x, -1, 2)).toEqual([0, 10]);
    const rev = x.slice().reverse();
    const [a, b] = indexWindow(rev, 0.25, 0.55);
    expect(rev[a]! >= 0.55 && rev[b]! <= 0.25).toBe(true);
  });

  it('decimates with min/max per bucket, keeping peaks and NaN gaps', () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000));
    y[12_345] = 7; // a one-sample spike
    y.fill(NaN, 50_000, 60_000); // not computed yet
    const out = decimateMinMax(x, y, 0, n - 1, 500);
    expect(out.length).toBeLessThanOrEqual(6 * 500);
    const xs = out.filter((_, i) => i % 2 === 0);
    const ys = out.filter((_, i) => i % 2 === 1);
    expect(Math.max(...ys.filter(Number.isFinite))).toBe(7);
    expect(xs).toContain(12_345);
    expect([...xs].every((v, i) => i === 0 || v > xs[i - 1]!)).toBe(true);
    // the gap survives: some NaN, and no finite point inside it
    expect(ys.some(Number.isNaN)).toBe(true);
    expect(xs.some((v, i) => v >= 50_000 && v < 60_000 && Number.isFinite(ys[i]))).toBe(false);
    // small ranges are passed through whole
    expect(decimateMinMax(x, y, 10, 19, 500).length).toBe(20);
  });
});

