/**
 * A stored study in one of the data formats (`nrlab export --study`, the app's export dialog):
 * text (csv, json, py, ipynb) or bytes (npz, h5). One code path for the CLI and the app.
 */
import { studyToCsv, studyToJson, studyToNotebook, studyToNpz, studyToPythonScript, type ExportFormat, type ExportOptions, type ExportSource } from '../../src-core/export/index.js';
import { studyToH5 } from './h5.js';

export const DATA_MIME: Record<ExportFormat, string> = {
  csv: 'text/csv',
  json: 'application/json',
  npz: 'application/octet-stream',
  h5: 'application/x-hdf5',
  ipynb: 'application/x-ipynb+json',
  py: 'text/x-python',
};

/** What a format's file is, in words (for "wrote … of study"). */
export const DATA_WHAT: Record<ExportFormat, string> = { csv: 'CSV', json: 'JSON', npz: 'NumPy arrays (npz)', h5: 'HDF5', ipynb: 'Jupyter notebook', py: 'script' };

/** The export of `src` in `format`: text, or bytes for the binary formats. */
export async function studyExport(src: ExportSource, format: ExportFormat, opts: ExportOptions, fileName?: string): Promise<string | Uint8Array> {
  switch (format) {
    case 'csv':
      return studyToCsv(src, opts);
    case 'json':
      return studyToJson(src, opts);
    case 'npz':
      return studyToNpz(src, opts);
    case 'h5':
      return studyToH5(src, opts);
    case 'ipynb':
      return studyToNotebook(src, { ...opts, ...(fileName ? { fileName } : {}) });
    case 'py':
      return studyToPythonScript(src, opts);
  }
}
