/**
 * NumPy export of a stored study (`nrlab export … --format npz`): a `.npz` (a ZIP of `.npy`
 * files, as np.savez_compressed writes it) that `np.load(path)` opens without pickle:
 *
 *   - every kept quantity as a float64 array in the study grid's shape (axis 0 = the first axis,
 *     the slowest in the CSV), NaN where a point failed or was not computed; a point study's
 *     quantities are 0-d arrays; trace, optimize and continuation studies have one axis;
 *   - every axis as a 1-D float64 array;
 *   - `metadata`, `provenance`, `params`: JSON text in 0-d numpy unicode arrays (`<U…`):
 *     `json.loads(str(f["metadata"]))`. metadata: format, project, study, kind, status, shape,
 *     axes (names in order), quantities ({name, key, symbol, label, unit}), failed
 *     ({index, reason}), notComputed, solver notes, exported.
 *
 * Array names are NR Lab's keys made safe for Python (names.ts; the same as the CSV header);
 * metadata.quantities maps each name back to its key. NR Lab stores real numbers only: complex
 * amplitudes are kept as separate real columns (modulus and phase, or re and im), as in the CSV.
 */
import { zipSync, type Zippable } from 'fflate';
import { safeNames } from './names.js';
import { exportTable, solverNotes, type ExportOptions, type ExportSource, type ExportTable } from './source.js';

export const NPZ_FORMAT = 'nrlab-npz 1';

/** The `.npy` (format 1.0) header: magic, version, length, the dict padded to a multiple of 64 bytes. */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const tuple = shape.length === 0 ? '()' : shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`;
  const pad = 64 - ((10 + dict.length + 1) % 64);
  dict += `${' '.repeat(pad % 64)}\n`;
  if (dict.length > 0xffff) throw new Error('internal: .npy header too long');
  const out = new Uint8Array(10 + dict.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY, version 1.0
  out[8] = dict.length & 0xff;
  out[9] = dict.length >> 8;
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

/** A float64 `.npy` of `values` (little-endian, C order) in `shape`. */
export function npyFloat64(values: Float64Array, shape: readonly number[]): Uint8Array {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== values.length) throw new Error(`internal: ${values.length} values for shape (${shape.join(', ')})`);
  const head = npyHeader('<f8', shape);
  const out = new Uint8Array(head.length + 8 * n);
  out.set(head);
  const dv = new DataView(out.buffer, head.length);
  for (let i = 0; i < n; i++) dv.setFloat64(8 * i, values[i]!, true);
  return out;
}

/** A 0-d unicode `.npy` (`<U{n}`, UTF-32LE code points) holding `text`. */
export function npyString(text: string): Uint8Array {
  const cps = Array.from(text, (c) => c.codePointAt(0)!);
  const head = npyHeader(`<U${Math.max(1, cps.length)}`, []);
  const out = new Uint8Array(head.length + 4 * Math.max(1, cps.length));
  out.set(head);
  const dv = new DataView(out.buffer, head.length);
  cps.forEach((c, i) => dv.setUint32(4 * i, c, true));
  return out;
}

/** The arrays of an export in their shapes: name → (key, shape, values), axes first. */
export interface ShapedArray {
  name: string;
  key: string;
  shape: number[];
  values: Float64Array;
  kind: 'axis' | 'quantity';
}

/** Axes and quantities of an export table in their true shapes, NaN where a point failed or was not computed. */
export function shapedArrays(table: ExportTable): ShapedArray[] {
  const names = safeNames([...table.axes.map((a) => a.key), ...table.quantities.map((q) => q.key)]);
  const rows = table.error && table.kind !== 'point' ? 0 : table.total;
  const shape = table.kind === 'sweep' ? table.shape : table.kind === 'point' ? [] : [rows];
  const out: ShapedArray[] = table.axes.map((a, k) => {
    const values = table.kind === 'sweep' ? a.values : a.values.subarray(0, rows);
    return { name: names[k]!, key: a.key, shape: [values.length], values, kind: 'axis' };
  });
  table.quantities.forEach((q, j) => {
    const col = table.columns[q.key]!;
    const values = new Float64Array(rows);
    for (let i = 0; i < rows; i++) values[i] = table.failed.has(i) || table.notComputed.has(i) ? NaN : (col[i] ?? NaN);
    out.push({ name: names[table.axes.length + j]!, key: q.key, shape, values, kind: 'quantity' });
  });
  return out;
}

/** What the binary exports (npz, h5) record beside the arrays, as plain JSON data. */
export function exportMetadata(src: ExportSource, table: ExportTable, arrays: ShapedArray[], format: string, opts: ExportOptions = {}): Record<string, unknown> {
  const { study, result, project } = src;
  const { result: _r, ...studyDef } = study;
  const byKey = new Map(arrays.filter((a) => a.kind === 'quantity').map((a) => [a.key, a.name]));
  return {
    format,
    project: { title: project.title, ...(project.file ? { file: project.file } : {}) },
    study: studyDef,
    kind: study.kind,
    status: result.status,
    ...(result.done !== undefined ? { done: result.done, total: result.total } : {}),
    shape: arrays.find((a) => a.kind === 'quantity')?.shape ?? table.shape,
    axes: arrays.filter((a) => a.kind === 'axis').map((a) => ({ name: a.name, key: a.key })),
    quantities: table.quantities.map((q) => ({ name: byKey.get(q.key)!, key: q.key, symbol: q.symbol, label: q.label, unit: q.unit })),
    failed: [...table.failed.entries()].sort((a, b) => a[0] - b[0]).map(([index, reason]) => ({ index, reason })),
    notComputed: [...table.notComputed].sort((a, b) => a - b),
    ...(table.error ? { error: table.error } : {}),
    solver: solverNotes(src),
    ...(study.kind !== 'sweep' && result.output !== undefined ? { output: result.output } : {}),
    ...(opts.exporter || opts.exportedAt ? { exported: { ...(opts.exporter ? { by: opts.exporter } : {}), at: opts.exportedAt ?? new Date().toISOString() } } : {}),
  };
}

/** JSON text with non-finite numbers as null (JSON has none). */
export function jsonText(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x));
}

/** The `.npz` bytes of a stored study result. */
export function studyToNpz(src: ExportSource, opts: ExportOptions = {}): Uint8Array {
  const table = exportTable(src);
  const arrays = shapedArrays(table);
  const files: Zippable = {};
  for (const a of arrays) files[`${a.name}.npy`] = npyFloat64(a.values, a.shape);
  files['metadata.npy'] = npyString(jsonText(exportMetadata(src, table, arrays, NPZ_FORMAT, opts)));
  files['provenance.npy'] = npyString(jsonText(src.result.provenance));
  files['params.npy'] = npyString(jsonText(src.result.provenance.params));
  return zipSync(files, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}
