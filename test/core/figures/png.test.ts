import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { base64, encodePng } from '../../../src-core/figures/png';

describe('PNG encoder for raster layers', () => {
  it('writes a valid PNG whose pixels decode back exactly', () => {
    const w = 5, h = 3;
    const rgba = new Uint8Array(w * h * 4).map((_, i) => (i * 37) % 256);
    const png = encodePng(w, h, rgba);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const dv = new DataView(png.buffer, png.byteOffset);
    expect([dv.getUint32(16), dv.getUint32(20), png[24], png[25]]).toEqual([5, 3, 8, 6]);
    // IDAT: zlib stream of filter byte + row, decoded with Node's own zlib (independent of fflate)
    const idatLen = dv.getUint32(33);
    expect(String.fromCharCode(...png.subarray(37, 41))).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    for (let y = 0; y < h; y++) {
      expect(raw[y * (w * 4 + 1)]).toBe(0);
      expect(Array.from(raw.subarray(y * (w * 4 + 1) + 1, (y + 1) * (w * 4 + 1)))).toEqual(Array.from(rgba.subarray(y * w * 4, (y + 1) * w * 4)));
    }
  });

  it('base64 agrees with Node for every tail length', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100]) {
      const b = new Uint8Array(n).map((_, i) => (i * 91 + 7) % 256);
      expect(base64(b)).toBe(Buffer.from(b).toString('base64'));
    }
  });
});
