/** Data and script exports of stored studies (CSV, JSON, Python). Pure functions: text in, text out. */
export { exportSourceOf, exportTable, formatNumber, type ExportOptions, type ExportSource, type ExportTable, type QuantityInfo } from './source.js';
export { CSV_FORMAT, parseExportCsv, studyToCsv, type ParsedCsv } from './csv.js';
export { JSON_FORMAT, studyToJson, studyToJsonDocument } from './json.js';
export { scriptModels, studyToPythonScript } from './python-script.js';

/** Export formats of a study. */
export const EXPORT_FORMATS = ['csv', 'json', 'py'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
