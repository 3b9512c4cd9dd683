import { describe, expect, it } from 'vitest';
import { FAILED_COLOR, NO_VALUE_COLOR, VIRIDIS, colorLut, hexToRgb, niceRange, niceTicks } from '../../../src-core/figures/colormap';

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
