import { describe, expect, it } from 'vitest';
import type { NumberParamSpec } from '../../src-core/models/params';
import { threeCavitySchema } from '../../src-core/models/three-cavity/schema';
import { FAILED_COLOR, NO_VALUE_COLOR, VIRIDIS, colorLut, hexToRgb, niceRange, niceTicks } from '../../src-core/figures/colormap';
import { MapRaster, POINT_DONE, POINT_FAILED, POINT_PENDING, finiteRange, unionRect } from '../../src-core/figures/map-raster';
import { axisTitle, checkMapSize, defaultAxisRange, mapAxisChoices } from '../../src-renderer/lib/study';

const spec = (key: string): NumberParamSpec => threeCavitySchema.params.find((p) => p.key === key) as NumberParamSpec;

describe('colour map', () => {
  it('runs from viridis dark violet to yellow through all stops, with grey outside it', () => {
    const lut = colorLut(VIRIDIS, 256);
    expect([...lut.slice(0, 3)]).toEqual(hexToRgb('#440154'));
    expect([...lut.slice(255 * 3)]).toEqual(hexToRgb('#fde725'));
    // the middle of the table is the middle stop
    const mid = hexToRgb(VIRIDIS[5]!);
    for (let c = 0; c < 3; c++) expect(Math.abs(lut[3 * 128 + c]! - mid[c]!)).toBeLessThanOrEqual(2);
    // luminance rises monotonically (readable in greyscale)
    const lum = (i: number): number => 0.2126 * lut[3 * i]! + 0.7152 * lut[3 * i + 1]! + 0.0722 * lut[3 * i + 2]!;
    for (let i = 1; i < 256; i++) expect(lum(i)).toBeGreaterThanOrEqual(lum(i - 1) - 0.5);
    // the failed and no-value greys are not in the map
    for (const grey of [FAILED_COLOR, NO_VALUE_COLOR]) {
      const [r, g, b] = hexToRgb(grey);
      let nearest = Infinity;
      for (let i = 0; i < 256; i++) nearest = Math.min(nearest, Math.abs(lut[3 * i]! - r) + Math.abs(lut[3 * i + 1]! - g) + Math.abs(lut[3 * i + 2]! - b));
      expect(nearest).toBeGreaterThan(40);
    }
  });

  it('rounds colour ranges and ticks', () => {
    expect(niceRange(0.0001, 0.9999)).toEqual([0, 1]);
    expect(niceRange(0.4, 72.9)).toEqual([0, 80]);
    expect(niceRange(0.31, 0.34)).toEqual([0.31, 0.34]);
    expect(niceRange(-0.02, 0.5)).toEqual([-0.1, 0.5]);
    expect(niceRange(2, 2)).toEqual([1.8, 2.2]);
    expect(niceRange(NaN, 1)).toEqual([0, 1]);
    // small growth within the rounding keeps the range
    expect(niceRange(0, 0.93)).toEqual(niceRange(0, 0.99));
    expect(niceTicks(0, 1, 6)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 80, 6)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(-0.05, 0.5, 6)).toEqual([0, 0.2, 0.4]);
    expect(niceTicks(-0.1, 0.5, 7)).toEqual([-0.1, 0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  });
});

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

describe('study axes', () => {
  it('lists the continuous parameters a map can run over', () => {
    const keys = mapAxisChoices(threeCavitySchema, 'Delta').map((c) => c.key);
    expect(keys).toEqual(['kappa_a', 'kappa_b', 'kappa_c', 'U_a', 'U_c', 'J_ab', 'J_bc', 'J_ac', 'theta', 'Omega']);
    expect(mapAxisChoices(threeCavitySchema, 'kappa_b').map((c) => c.key)).toContain('Delta_a');
  });

  it('titles axes in paper notation with units', () => {
    expect(axisTitle(threeCavitySchema, 'Delta')).toBe('Δ/κ');
    expect(axisTitle(threeCavitySchema, 'kappa_b')).toBe('κ_b/κ');
    expect(axisTitle(threeCavitySchema, 'theta')).toBe('θ (rad)');
    expect(axisTitle(threeCavitySchema, 'nope')).toBe('nope');
  });

  it('proposes a first range for a chosen axis', () => {
    expect(defaultAxisRange(spec('kappa_b'))).toEqual({ start: '0', stop: '3', points: '101' });
    expect(defaultAxisRange(spec('theta'), '51')).toEqual({ start: '-pi', stop: 'pi', points: '51' });
    expect(defaultAxisRange(spec('kappa_a'))).toEqual({ start: '0.1', stop: '3', points: '101' });
    expect(defaultAxisRange(spec('U_a'))).toEqual({ start: '3', stop: '7', points: '101' });
    expect(checkMapSize(1000, 2000)).toBeUndefined();
    expect(checkMapSize(1001, 2000)).toContain('at most 2\u2009000\u2009000');
  });
});
