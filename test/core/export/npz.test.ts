/**
 * The .npy/.npz writer against the NumPy format specification (format 1.0: magic, version, a
 * little-endian header length, an ASCII dict literal padded with spaces to a multiple of 64 bytes
 * and ended by a newline; C-order data). The files' reading by numpy itself is tested in
 * test/main/export/python-data.test.ts.
 */
import { unzipSync, zipSync as zipSyncCompat } from 'fflate';
import { describe, expect, it } from 'vitest';
import { npyFloat64, npyHeader, npyString, shapedArrays } from '../../../src-core/export/npz';
import type { ExportTable } from '../../../src-core/export/source';

const dictOf = (b: Uint8Array): string => new TextDecoder('latin1').decode(b.subarray(10, 10 + b[8]! + 256 * b[9]!));

describe('.npy writer', () => {
  it('writes version 1.0 headers padded to 64 bytes, with the shape as a Python tuple', () => {
    for (const [shape, tuple] of [
      [[], '()'],
      [[7], '(7,)'],
      [[3, 2], '(3, 2)'],
      [[2, 3, 4], '(2, 3, 4)'],
    ] as const) {
      const h = npyHeader('<f8', shape);
      expect(Array.from(h.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      expect(h.length % 64).toBe(0);
      expect(dictOf(h)).toMatch(new RegExp(`^\\{'descr': '<f8', 'fortran_order': False, 'shape': ${tuple.replace(/[()]/g, '\\$&')}, \\} *\\n$`));
    }
  });

  it('stores float64 little-endian in C order, NaN and ±inf kept bit for bit', () => {
    const v = Float64Array.from([1.5, NaN, -Infinity, Infinity, -0, 5e-324]);
    const b = npyFloat64(v, [3, 2]);
    const data = new DataView(b.buffer, b.byteOffset + b.length - 48);
    for (let i = 0; i < 6; i++) expect(Object.is(data.getFloat64(8 * i, true), v[i])).toBe(true);
    expect(() => npyFloat64(v, [4, 2])).toThrow(/6 values for shape \(4, 2\)/);
  });

  it('stores text as a 0-d <U array of UTF-32LE code points (characters outside the BMP as one)', () => {
    const text = '{"unit":"κ","x":"𝜅"}';
    const b = npyString(text);
    const n = Array.from(text).length;
    expect(dictOf(b)).toMatch(new RegExp(`^\\{'descr': '<U${n}', 'fortran_order': False, 'shape': \\(\\), \\}`));
    const body = new DataView(b.buffer, b.byteOffset + b.length - 4 * n);
    expect(Array.from({ length: n }, (_, i) => String.fromCodePoint(body.getUint32(4 * i, true))).join('')).toBe(text);
  });
});

describe('shaped arrays', () => {
  it('a sweep: quantities in the grid shape, NaN at failed and not computed points, names safe and unique', () => {
    const table: ExportTable = {
      kind: 'sweep',
      axes: [
        { key: 'Delta', values: Float64Array.from([0, 1, 2]) },
        { key: 'kappa_b', values: Float64Array.from([1, 2]) },
      ],
      shape: [3, 2],
      total: 6,
      quantities: [
        { key: 'a_to_c.T', symbol: 'T', label: 'T', unit: '' },
        { key: 'a_to_c_T', symbol: 'T', label: 'T again', unit: '' },
      ],
      columns: { 'a_to_c.T': Float64Array.from([1, 2, 3, 4, 5, 6]), a_to_c_T: Float64Array.from([6, 5, 4, 3, 2, 1]) },
      failed: new Map([[1, 'singular']]),
      notComputed: new Set([5]),
    };
    const a = shapedArrays(table);
    expect(a.map((x) => [x.name, x.key, x.shape])).toEqual([
      ['Delta', 'Delta', [3]],
      ['kappa_b', 'kappa_b', [2]],
      ['a_to_c_T', 'a_to_c.T', [3, 2]],
      ['a_to_c_T_2', 'a_to_c_T', [3, 2]],
    ]);
    expect(Array.from(a[2]!.values)).toEqual([1, NaN, 3, 4, 5, NaN]);
    expect(Array.from(a[3]!.values)).toEqual([6, NaN, 4, 3, 2, NaN]);
    // the npz bytes are a zip of .npy entries under these names
    const files = unzipSync(npzOf(a));
    expect(Object.keys(files)).toEqual(['Delta.npy', 'kappa_b.npy', 'a_to_c_T.npy', 'a_to_c_T_2.npy']);
  });
});

function npzOf(arrays: ReturnType<typeof shapedArrays>): Uint8Array {
  // the same zip layout as studyToNpz, without the metadata (which needs a stored study)
  const files: Record<string, Uint8Array> = {};
  for (const a of arrays) files[`${a.name}.npy`] = npyFloat64(a.values, a.shape);
  return zipSyncCompat(files);
}

