import { describe, expect, it } from 'vitest';
import { FAILED_COLOR, NO_VALUE_COLOR, VIRIDIS, colorLut, hexToRgb } from '../../../src-core/figures/colormap';
import { MapRaster, POINT_DONE, POINT_FAILED, POINT_PENDING, finiteRange, unionRect } from '../../../src-core/figures/map-raster';

describe('map raster', () => {
  /** 3 points along x, 2 along y: index = ix·2 + iy. */
  const values = Float64Array.from([0, 1, 2, 3, 4, NaN]);

  it('puts the first axis left → right and the second bottom → top', () => {
    const r = new MapRaster(3, 2);
    const state = new Uint8Array(6).fill(POINT_DONE);
    r.paint(values, state, 0, 6, 0, 4);
    expect(r.pixelOf(0)).toEqual([0, 1]); // ix 0, iy 0: left, bottom row
    expect(r.pixelOf(1)).toEqual([0, 0]);
    expect(r.pixelOf(4)).toEqual([2, 1]);
    for (let i = 0; i < 6; i++) expect(r.indexAt(...r.pixelOf(i))).toBe(i);
    const px = (col: number, row: number): number[] => [...r.pixels.slice(4 * (row * 3 + col), 4 * (row * 3 + col) + 4)];
    expect(px(0, 1)).toEqual([...hexToRgb(VIRIDIS[0]!), 255]);
    expect(px(2, 1)).toEqual([...hexToRgb(VIRIDIS[10]!), 255]);
    // a computed point without a finite value
    expect(px(2, 0)).toEqual([...hexToRgb(NO_VALUE_COLOR), 255]);
  });

  it('mirrors descending axes', () => {
    const r = new MapRaster(3, 2, { xDescending: true, yDescending: true });
    expect(r.pixelOf(0)).toEqual([2, 0]);
    expect(r.pixelOf(5)).toEqual([0, 1]);
    for (let i = 0; i < 6; i++) expect(r.indexAt(...r.pixelOf(i))).toBe(i);
  });

  it('paints only the slice it is given, and reports the pixels that changed', () => {
    const r = new MapRaster(3, 2);
    const state = new Uint8Array(6);
    state[2] = POINT_DONE;
    state[3] = POINT_FAILED;
    const rect = r.paint(values, state, 2, 4, 0, 4);
    expect(rect).toEqual({ x0: 1, x1: 2, y0: 0, y1: 2 });
    expect(r.pixels[4 * (1 * 3 + 0) + 3]).toBe(0); // index 0: untouched, blank
    const [c3, r3] = r.pixelOf(3);
    expect([...r.pixels.slice(4 * (r3 * 3 + c3), 4 * (r3 * 3 + c3) + 4)]).toEqual([...hexToRgb(FAILED_COLOR), 255]);
    // part of one column
    expect(r.paint(values, state, 4, 5, 0, 4)).toEqual({ x0: 2, x1: 3, y0: 1, y1: 2 });
    // pending points are (re)painted blank
    state[2] = POINT_PENDING;
    r.paint(values, state, 2, 3, 0, 4);
    const [c2, r2] = r.pixelOf(2);
    expect(r.pixels[4 * (r2 * 3 + c2) + 3]).toBe(0);
    expect(unionRect({ x0: 1, x1: 2, y0: 0, y1: 2 }, { x0: 2, x1: 3, y0: 1, y1: 2 })).toEqual({ x0: 1, x1: 3, y0: 0, y1: 2 });
    expect(unionRect(undefined, undefined)).toBeUndefined();
  });

  it('finds the finite range of the computed points only', () => {
    const state = Uint8Array.from([1, 1, 2, 1, 0, 1]);
    const v = Float64Array.from([0.5, -1, -7, Infinity, 9, 3]);
    expect(finiteRange(v, state, 0, 6)).toEqual([-1, 3]);
    expect(finiteRange(v, state, 0, 1, [0.7, 0.8])).toEqual([0.5, 0.8]);
  });

  it('paints a 1001 × 1001 map: every pixel has the colour of its value (how fast: npm run bench, UI section)', () => {
    const n = 1001;
    const r = new MapRaster(n, n);
    const v = new Float64Array(n * n).map((_, i) => Math.sin(i));
    const s = new Uint8Array(n * n).fill(POINT_DONE);
    r.paint(v, s, 0, n * n, -1, 1);
    const lut = colorLut(VIRIDIS);
    for (const i of [0, 1, 1000, 1001, 500_500, n * n - 2, n * n - 1]) {
      const k = Math.min(255, Math.max(0, Math.floor(((v[i]! + 1) / 2) * 255 + 0.5)));
      const [col, row] = r.pixelOf(i);
      const p = 4 * (row * n + col);
      expect(Array.from(r.pixels.subarray(p, p + 4)), `point ${i}`).toEqual([lut[3 * k], lut[3 * k + 1], lut[3 * k + 2], 255]);
    }
  });
});
