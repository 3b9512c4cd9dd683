/**
 * Project files with large results: size on disk, save and open times, and the time to read one
 * array lazily. A 201 × 201 map of 10 smooth quantities stands for a typical stored study.
 */
import { getModel } from '../../src-core/models/registry.js';
import { resolveParams } from '../../src-core/models/params.js';
import { ProjectArchive } from '../../src-core/project/container.js';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../src-core/project/types.js';
import { nativeInflater } from '../services/native-inflate.js';

export interface ProjectIoReport {
  points: number;
  quantities: number;
  rawBytes: number;
  jsonBytes: number;
  fileBytes: number;
  saveMs: number;
  coldOpenMs: number;
  openMs: number;
  firstArrayMs: number;
}

export function measureProjectIo(n = 201, quantities = 10): ProjectIoReport {
  const archive = ProjectArchive.empty();
  const total = n * n;
  // stored under the model's own quantity keys (opening checks them)
  const model = getModel('three-cavity');
  const keys = model.quantities(resolveParams(model.schema, {})).map((q) => q.key);
  const axis = (start: number, stop: number): Float64Array => Float64Array.from({ length: n }, (_, i) => start + ((stop - start) * i) / (n - 1));
  const values: Float64Array[] = [];
  for (let q = 0; q < quantities; q++) {
    const v = new Float64Array(total);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v[i * n + j] = Math.exp(-(((i - n / 2) / n) ** 2) * (q + 1) * 8) * Math.cos((3 * j) / n + q) ** 2;
    values.push(v);
  }
  const doc: ProjectDocument = {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'bench',
    created: new Date().toISOString(),
    modified: new Date().toISOString(),
    app: { name: 'NR Lab', version: 'bench' },
    parameterSets: [],
    studies: [
      {
        id: 'map',
        name: 'map',
        kind: 'sweep',
        model: 'three-cavity',
        params: {},
        axes: [
          { key: 'Delta', start: -2, stop: 2, count: n },
          { key: 'kappa_b', start: 0, stop: 3, count: n },
        ],
        result: {
          id: 'r',
          status: 'succeeded',
          shape: [n, n],
          axes: [
            { key: 'Delta', values: archive.putArray('results/r/axis0.f64', axis(-2, 2)) },
            { key: 'kappa_b', values: archive.putArray('results/r/axis1.f64', axis(0, 3)) },
          ],
          arrays: Object.fromEntries(values.map((v, q) => [keys[q]!, archive.putArray(`results/r/q${q}.f64`, v)])),
          provenance: { model: 'three-cavity', params: {}, solver: 'classical', app: { name: 'NR Lab', version: 'bench' }, date: new Date().toISOString(), wallMs: 0 },
        },
      },
    ],
    figures: [],
  };
  let t0 = performance.now();
  const bytes = archive.toBytes(doc);
  const saveMs = performance.now() - t0;
  t0 = performance.now();
  let opened = ProjectArchive.open(bytes, nativeInflater); // as the app opens files: every entry inflated and checked
  const coldOpenMs = performance.now() - t0; // includes compiling the JSON Schema validator
  t0 = performance.now();
  opened = ProjectArchive.open(bytes, nativeInflater);
  const openMs = performance.now() - t0;
  t0 = performance.now();
  opened.archive.readArray(opened.doc.studies[0]!.result!.arrays![keys[0]!]!);
  const firstArrayMs = performance.now() - t0;
  const jsonBytes = JSON.stringify(values.map((v) => Array.from(v))).length;
  return { points: total, quantities, rawBytes: total * quantities * 8, jsonBytes, fileBytes: bytes.length, saveMs, coldOpenMs, openMs, firstArrayMs };
}
