/**
 * CSV export of a stored study (`nrlab export … --format csv`): the header row first, then a
 * block of `#` comment lines describing where the numbers came from (project, study, model,
 * every parameter as used, solver settings and tolerances, app version, date, wall time, axes,
 * quantities, failed points, and `# keys: [...]`: each column's NR Lab key as JSON), then one row
 * per grid point: the axis values, then every kept quantity.
 *
 * Made for numpy and pandas (docs/python.md): the header row is the first line (so
 * `np.genfromtxt(f, delimiter=",", names=True)` takes it, and it is the first line that is not a
 * comment for `pandas.read_csv(f, comment="#")`); its names are the keys made safe for Python
 * (`a_to_c.T` → `a_to_c_T`, names.ts); every cell is a number (`np.loadtxt(f, delimiter=",",
 * skiprows=1)`): a failed or never computed point is `nan` (listed, with its reason, in the comments).
 *
 * Numbers are written in JavaScript's shortest round-trip form (so they read back bit for bit);
 * `inf`, `-inf` and `nan` also come from the solver (e.g. |S21| = 0 → −inf dB). The script export
 * (`--format py`) writes the same columns in the same form.
 */
import type { ContinuationOutput } from '../studies/continuation.js';
import { findModel } from '../models/registry.js';
import { unravelIndex } from '../studies/grid-index.js';
import { isDynamicsKind } from '../project/trace-study.js';
import { safeNames } from './names.js';
import { VARIED, describeAxes, describeParams, describePoint, exportTable, formatNumber, solverNotes, sweptParams, type ExportOptions, type ExportSource, type ExportTable } from './source.js';

export const CSV_FORMAT = 'nrlab-csv 2';

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Comment lines: every line of `text` prefixed with `# ` (line breaks inside values kept as comments). */
export function commentLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((l) => (l ? `# ${l}` : '#'));
}

/** The `#` header block: provenance, axes, quantities and failed points. */
export function csvHeader(src: ExportSource, table: ExportTable, opts: ExportOptions = {}): string[] {
  const { study, result, project } = src;
  const p = result.provenance;
  const model = findModel(p.model || study.model);
  const lines: string[] = [];
  const add = (t: string): void => void lines.push(...commentLines(t));
  add(`NR Lab data export (${CSV_FORMAT})`);
  add(`project: ${project.title}`);
  if (project.file) add(`project file: ${project.file}`);
  add(`study: ${study.name} (id ${study.id}, ${study.kind})`);
  if (study.title) add(`title: ${study.title}`);
  add(`model: ${p.model || study.model}${model ? ` — ${model.title}; ${model.reference}` : ''}`);
  const done = result.total !== undefined ? ` (${result.done ?? 0} of ${result.total} points computed)` : '';
  add(`status: ${result.status}${done}${table.error ? ` — ${table.error}` : ''}`);
  add('parameters as used (the result\'s provenance):');
  for (const l of describeParams(p.model || study.model, p.params, sweptParams(p.model || study.model, table.kind === 'optimize' ? (study.optimize?.vary.map((v) => v.key) ?? []) : isDynamicsKind(table.kind) ? [] : table.axes.map((a) => a.key), table.kind === 'optimize' ? VARIED : undefined, p.params))) add(`  ${l}`);
  for (const l of solverNotes(src)) add(l);
  add(`computed by: ${p.app.name} ${p.app.version} on ${p.date}, wall time ${formatNumber(p.wallMs / 1000)} s${p.workers ? `, ${p.workers} workers` : ''}${p.platform ? `, ${p.platform}` : ''}`);
  if (opts.exporter || opts.exportedAt) add(`exported by: ${opts.exporter ? `${opts.exporter.name} ${opts.exporter.version}` : 'NR Lab'} on ${opts.exportedAt ?? new Date().toISOString()}`);
  if (table.kind === 'continuation') {
    for (const l of continuationLines(src, table)) add(l);
  } else if (table.axes.length) {
    add(`axes (${table.shape.join(' × ')} = ${table.total} rows, row-major: the first axis varies slowest):`);
    for (const l of describeAxes(src, table)) add(`  ${l}`);
  } else add(table.kind === 'point' ? 'axes: none (one parameter point: one row)' : 'axes: none (no values were stored)');
  add('quantities (columns after the axes):');
  for (const q of table.quantities) add(`  ${q.key}: ${q.symbol} — ${q.label}${q.unit ? ` [${q.unit}]` : ''}`);
  add('cells: inf, -inf, nan are values the solver returned; a failed point (reason below) or a point not computed is nan in every quantity column');
  if (table.failed.size) {
    add(`failed points: ${table.failed.size}`);
    for (const [i, reason] of [...table.failed.entries()].sort((a, b) => a[0] - b[0])) add(`  row ${i + 1} (${describePoint(table, i)}): ${reason}`);
  } else add('failed points: none');
  if (table.notComputed.size) add(`points not computed (the study was ${result.status}; resume it to fill them): ${table.notComputed.size}`);
  if (study.notes) add(`study notes: ${study.notes}`);
  lines.push(`# keys: ${JSON.stringify(csvKeys(table))}`);
  return lines;
}

/** A continuation export's row layout, its branches and folds (from the stored output). */
function continuationLines(src: ExportSource, table: ExportTable): string[] {
  const o = src.result.output as ContinuationOutput | undefined;
  const key = table.axes[0]?.key ?? 'p';
  const lines = [
    `rows (${table.total}): every branch point, branch after branch (column "branch"), then the time-domain up sweep and down sweep (column "sweep" = 1, -1) in the order visited; nan where a column does not apply to a row`,
    `first column: ${key}, the parameter varied${o ? ` from ${formatNumber(o.range[0])} to ${formatNumber(o.range[1])}, port ${o.port} driven` : ''}`,
  ];
  for (const [k, b] of (o?.branches ?? []).entries()) {
    lines.push(`branch ${k}${b.label ? ` (${b.label})` : ''}: rows ${b.start + 1}–${b.start + b.length}; ends: ${b.ends.join(', ')}${b.folds.length ? `; folds at ${key} = ${b.folds.map((f) => formatNumber(f.p)).join(', ')}` : ''}`);
  }
  for (const n of o?.notes ?? []) lines.push(`note: ${n}`);
  return lines;
}

/** NR Lab's key of every column: the axes, then the quantities. */
export function csvKeys(table: ExportTable): string[] {
  return [...table.axes.map((a) => a.key), ...table.quantities.map((q) => q.key)];
}

/** The CSV text of a stored study result. */
export function studyToCsv(src: ExportSource, opts: ExportOptions = {}): string {
  const table = exportTable(src);
  const lines = [safeNames(csvKeys(table)).join(','), ...csvHeader(src, table, opts)];
  const cols = table.quantities.map((q) => table.columns[q.key]!);
  const rows = table.error && table.kind !== 'point' ? 0 : table.total;
  for (let i = 0; i < rows; i++) {
    const cells: string[] = [];
    const at = unravelIndex(table.shape, i);
    for (let a = 0; a < table.axes.length; a++) cells.push(formatNumber(table.axes[a]!.values[at[a]!]!));
    const empty = table.failed.has(i) || table.notComputed.has(i);
    for (const c of cols) cells.push(empty ? 'nan' : formatNumber(c[i]!));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A parsed export CSV (from NR Lab or from the exported script): comments, columns and rows. */
export interface ParsedCsv {
  comments: string[];
  /** NR Lab's key of each column (from the `# keys:` comment; the header names when it is absent). */
  columns: string[];
  /** The header row as written: the keys made safe for Python (names.ts). */
  names: string[];
  /** Row-major cells as numbers; null for an empty cell. */
  rows: (number | null)[][];
}

function parseCell(s: string, line: number, col: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  if (t === 'nan' || t === 'NaN') return NaN;
  if (t === 'inf' || t === 'Infinity' || t === '+inf') return Infinity;
  if (t === '-inf' || t === '-Infinity') return -Infinity;
  const v = Number(t);
  if (Number.isNaN(v)) throw new Error(`line ${line}, column ${col}: "${s}" is not a number`);
  return v;
}

/** The fields of one CSV line, quotes undone (RFC 4180, as {@link csvField} writes them). */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k]!;
    if (quoted) {
      if (ch !== '"') cur += ch;
      else if (line[k + 1] === '"') {
        cur += '"';
        k++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

/** Read an export CSV (numbers only; the header row is the first line that is not a comment). */
export function parseExportCsv(text: string): ParsedCsv {
  const comments: string[] = [];
  let columns: string[] | undefined;
  const rows: (number | null)[][] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, k) => {
    if (line.startsWith('#')) {
      comments.push(line.replace(/^# ?/, ''));
      return;
    }
    if (line === '') return;
    if (!columns) {
      columns = csvCells(line);
      return;
    }
    const cells = line.split(',');
    if (cells.length !== columns.length) throw new Error(`line ${k + 1}: ${cells.length} cells, the header has ${columns.length}`);
    rows.push(cells.map((c, j) => parseCell(c, k + 1, columns![j]!)));
  });
  if (!columns) throw new Error('no header row');
  const keysLine = comments.find((c) => c.startsWith('keys: '));
  let keys: string[] = columns;
  if (keysLine) {
    const parsed: unknown = JSON.parse(keysLine.slice('keys: '.length));
    if (!Array.isArray(parsed) || parsed.length !== columns.length || !parsed.every((k) => typeof k === 'string')) throw new Error(`the "# keys:" line does not list one key per column (${columns.length})`);
    keys = parsed as string[];
  }
  return { comments, columns: keys, names: columns, rows };
}
