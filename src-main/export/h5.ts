/**
 * HDF5 export of a stored study (`nrlab export … --format h5`), written with h5wasm (the HDF5
 * C library compiled to WebAssembly; loaded from node_modules at run time, see scripts/build.mjs):
 *
 *   /<quantity>   float64 dataset in the study grid's shape (NaN where a point failed or was not
 *                 computed); attributes key, symbol, label, unit; its dimensions carry the axes
 *                 as HDF5 dimension scales (h5py: `f["T_a_to_c"].dims[0][0]`)
 *   /<axis>       1-D float64 dataset, a dimension scale named after the axis key; attributes
 *                 key, symbol, label, unit
 *   /             attributes format, metadata, provenance, params (JSON text), study, model
 *
 * Names are those of the npz export and the CSV header (src-core/export/names.ts).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportMetadata, exportTable, jsonText, shapedArrays, type ExportOptions, type ExportSource } from '../../src-core/export/index.js';
import { columnInfo } from '../../src-core/export/source.js';
import type { ParamValues } from '../../src-core/models/params.js';

export const H5_FORMAT = 'nrlab-h5 1';

type H5Module = typeof import('h5wasm/node');

let loaded: Promise<H5Module> | undefined;

/** h5wasm's Node build (ESM with the library embedded), loaded once and ready. */
async function h5wasm(): Promise<H5Module> {
  loaded ??= (async () => {
    const mod = (await import('h5wasm/node')) as H5Module & { default?: H5Module };
    const h5 = mod.default ?? mod;
    await h5.ready;
    return h5;
  })();
  return loaded;
}

let serial = 0;

/** The `.h5` bytes of a stored study result. */
export async function studyToH5(src: ExportSource, opts: ExportOptions = {}): Promise<Uint8Array> {
  const h5 = await h5wasm();
  const table = exportTable(src);
  const arrays = shapedArrays(table);
  const meta = exportMetadata(src, table, arrays, H5_FORMAT, opts);
  const model = src.result.provenance.model || src.study.model;
  const params = src.result.provenance.params as ParamValues;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nrlab-h5-'));
  const file = path.join(dir, `export-${process.pid}-${serial++}.h5`);
  try {
    const f = new h5.File(file, 'w');
    try {
      f.create_attribute('format', H5_FORMAT);
      f.create_attribute('study', src.study.name);
      f.create_attribute('model', model);
      f.create_attribute('metadata', jsonText(meta));
      f.create_attribute('provenance', jsonText(src.result.provenance));
      f.create_attribute('params', jsonText(params));
      const axes = arrays.filter((a) => a.kind === 'axis');
      const sets = new Map<string, ReturnType<typeof f.create_dataset>>();
      for (const a of arrays) {
        const d = f.create_dataset({ name: a.name, data: a.values, shape: a.shape, dtype: '<d' });
        const q = columnInfo(src, table, a.key);
        d.create_attribute('key', a.key);
        d.create_attribute('symbol', q.symbol);
        d.create_attribute('label', q.label);
        d.create_attribute('unit', q.unit);
        sets.set(a.name, d);
      }
      for (const a of axes) sets.get(a.name)!.make_scale(a.key);
      for (const a of arrays) {
        if (a.kind !== 'quantity' || a.shape.length === 0) continue;
        const d = sets.get(a.name)!;
        // a grid's dimension k is axis k; a table's one dimension is its one axis
        a.shape.forEach((n, k) => {
          const axis = axes[k];
          if (axis && axis.shape[0] === n) d.attach_scale(k, axis.name);
        });
      }
    } finally {
      f.close();
    }
    return new Uint8Array(await fs.readFile(file));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
