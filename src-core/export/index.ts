/** Data and script exports of stored studies (CSV, JSON, NumPy, notebook, Python). Pure functions. */
export { exportSourceOf, exportTable, formatNumber, type ExportOptions, type ExportSource, type ExportTable, type QuantityInfo } from './source.js';
export { CSV_FORMAT, parseExportCsv, studyToCsv, type ParsedCsv } from './csv.js';
export { JSON_FORMAT, studyToJson, studyToJsonDocument } from './json.js';
export { NPZ_FORMAT, exportMetadata, jsonText, shapedArrays, studyToNpz, type ShapedArray } from './npz.js';
export { safeName, safeNames } from './names.js';
export { studyToNotebook, type NotebookOptions } from './ipynb.js';
export { scriptModels, studyToPythonScript } from './python-script.js';

/** Export formats of a study. */
export const EXPORT_FORMATS = ['csv', 'json', 'npz', 'h5', 'ipynb', 'py'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The formats whose files are binary (bytes, not text). */
export const BINARY_EXPORT_FORMATS: readonly ExportFormat[] = ['npz', 'h5'];
