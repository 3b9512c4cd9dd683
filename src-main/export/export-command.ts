/**
 * `nrlab export <project> --study NAME --format csv|json|npz|h5|ipynb|py [--out FILE]`: a stored
 * study's data (CSV, JSON, NumPy npz, HDF5), a Jupyter notebook or a standalone Python script that
 * recomputes it; `--figure NAME` goes to figure export. Output goes to --out (written atomically) or stdout; bad input exits 2 naming the flag.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ParameterError } from '../../src-core/errors.js';
import { figureStudyIds, staleResults, staleWarnings } from '../../src-core/project/fingerprint.js';
import type { ProjectDocument } from '../../src-core/project/types.js';
import { BINARY_EXPORT_FORMATS, EXPORT_FORMATS, exportSourceOf, type ExportFormat } from '../../src-core/export/index.js';
import { DATA_WHAT, studyExport } from './study-export.js';
import { parse } from '../cli/args.js';
import { COMMANDS, EXPORT_STUDY_FLAGS } from '../cli/commands.js';
import { EXIT } from '../cli/exit-codes.js';
import { parserOptions } from '../cli/spec.js';
import { Backend } from '../services/backend.js';
import { checkWritable, writeExportFile } from './write-out.js';
import { APP_NAME, APP_VERSION } from '../services/version.js';
import { findingLines } from '../../src-core/figures/preflight.js';
import { figureBytes, figureFormatOf, figureOptionsFromArgv, renderFigure, type RenderedFigure } from './figure-export.js';

const EXTENSIONS: Record<string, ExportFormat> = { '.csv': 'csv', '.json': 'json', '.npz': 'npz', '.h5': 'h5', '.hdf5': 'h5', '.ipynb': 'ipynb', '.py': 'py' };

function formatOf(format: string | undefined, out: string | undefined): ExportFormat {
  if (format !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new ParameterError('--format', `must be one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`);
    return format as ExportFormat;
  }
  const inferred = out ? EXTENSIONS[path.extname(out).toLowerCase()] : undefined;
  if (!inferred) throw new ParameterError('--format', `give the format: --format ${EXPORT_FORMATS.join('|')} (or an --out file ending in .csv, .json, .npz, .h5, .ipynb or .py)`);
  return inferred;
}

const wantsFigure = (argv: string[]): boolean => argv.some((a) => a === '--figure' || a.startsWith('--figure='));

/**
 * Stale or unverified results (fingerprint.ts): a warning on stderr each, and a refusal (exit 2)
 * unless --allow-stale was given.
 */
function checkStale(doc: ProjectDocument, studyIds: string[], allow: boolean): void {
  const list = staleResults(doc, studyIds);
  if (!list.length) return;
  for (const w of staleWarnings(list)) process.stderr.write(`warning: ${w}\n`);
  if (!allow) throw new ParameterError('--allow-stale', `not given: ${list.length === 1 ? 'the result' : 'some results'} to export no longer match${list.length === 1 ? 'es' : ''} the study's inputs; re-run (nrlab run) or pass --allow-stale to export anyway`);
}

/** Run `nrlab export`; resolves to the exit code. */
export async function cmdExport(argv: string[]): Promise<number> {
  if (wantsFigure(argv)) return exportFigureCommand(argv);
  const { values, positionals } = parse(argv, parserOptions(EXPORT_STUDY_FLAGS));
  const file = positionals[0];
  if (!file) throw new ParameterError('arguments', '"nrlab export" needs a project file: nrlab export FILE.nrlab --study NAME --format csv|json|npz|h5|ipynb|py [--out FILE]');
  if (positionals.length > 1) throw new ParameterError('arguments', `unexpected argument "${positionals[1]}"`);
  const out = values.out as string | undefined;
  if (out === '') throw new ParameterError('--out', 'needs a file name');
  const format = formatOf(values.format as string | undefined, out);
  if (out === undefined && BINARY_EXPORT_FORMATS.includes(format) && process.stdout.isTTY) throw new ParameterError('--out', `give a file: a ${format} export is binary and is not written to a terminal`);
  if (out !== undefined && path.resolve(out) === path.resolve(file)) throw new ParameterError('--out', 'is the project file itself; choose another file');
  if (out !== undefined) await checkWritable(out);

  const backend = new Backend({ workers: 1, autosaveMs: 0 });
  let text: string | Uint8Array;
  let what: string;
  try {
    const snap = await backend.projects.openProject(file);
    const names = snap.doc.studies.map((s) => `"${s.name}"`).join(', ') || 'none';
    const wanted = values.study as string | undefined;
    if (wanted === undefined || wanted === '') throw new ParameterError('--study', `name the study to export; ${path.basename(file)} has: ${names}`);
    const study = snap.doc.studies.find((s) => s.name === wanted || s.id === wanted);
    if (!study) throw new ParameterError('--study', `no study "${wanted}" in ${path.basename(file)}; it has: ${names}`);
    if (!study.result) throw new ParameterError('--study', `"${study.name}" has no stored result yet: run it first (nrlab run ${file} --study "${study.name}")`);
    checkStale(snap.doc, [study.id], values['allow-stale'] === true);
    const stored = backend.projects.studyResult(snap.id, study.id);
    const src = exportSourceOf(snap.doc, stored, snap.path);
    const opts = { exporter: { name: APP_NAME, version: APP_VERSION }, exportedAt: new Date().toISOString() };
    try {
      text = await studyExport(src, format, opts, out !== undefined ? path.basename(out) : undefined);
    } catch (e) {
      if (e instanceof ParameterError && e.param === 'study') throw new ParameterError('--study', e.reason ?? e.message);
      throw e;
    }
    what = `${DATA_WHAT[format]} of "${study.name}"`;
  } finally {
    await backend.close();
  }
  if (out === undefined) {
    process.stdout.write(text);
    return EXIT.ok;
  }
  await writeExportFile(out, text);
  if (format === 'py') await fs.chmod(out, 0o755).catch(() => undefined);
  process.stderr.write(`wrote ${what} to ${path.resolve(out)}\n`);
  return EXIT.ok;
}

/** `nrlab export <project> --figure NAME [--format svg|pdf|png] [--preset …] … [--out FILE]`. */
async function exportFigureCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: parserOptions(COMMANDS.export.options),
    allowPositionals: true,
    strict: false,
  });
  if (values.study !== undefined) throw new ParameterError('--figure', 'give either --study (data) or --figure, not both');
  if (typeof values.figure !== 'string' || values.figure === '') throw new ParameterError('--figure', 'name the figure to export');
  const file = positionals[0];
  if (!file) throw new ParameterError('arguments', '"nrlab export" needs a project file: nrlab export FILE.nrlab --figure NAME');
  const out = typeof values.out === 'string' ? values.out : undefined;
  if (out === '') throw new ParameterError('--out', 'needs a file name');
  if (out !== undefined && path.resolve(out) === path.resolve(file)) throw new ParameterError('--out', 'is the project file itself; choose another file');
  if (out !== undefined) await checkWritable(out);
  const format = figureFormatOf(typeof values.format === 'string' ? values.format : undefined, out);
  const opts = figureOptionsFromArgv(argv);

  const backend = new Backend({ workers: 1, autosaveMs: 0 });
  let bytes: Uint8Array;
  let rendered: RenderedFigure;
  try {
    const snap = await backend.projects.openProject(file);
    const fig = snap.doc.figures.find((f) => f.name === values.figure || f.id === values.figure);
    if (fig) checkStale(snap.doc, figureStudyIds(snap.doc, fig.id), values['allow-stale'] === true);
    rendered = renderFigure(snap.doc, values.figure, (id) => backend.projects.storedResult(snap.id, id), opts, '--figure');
    bytes = await figureBytes(rendered, format, opts.dpi ?? 600);
  } finally {
    await backend.close();
  }
  for (const w of rendered.warnings) process.stderr.write(`warning: ${w}\n`);
  if (rendered.reflowed) process.stderr.write(`layout: ${rendered.figure.layout.rows}×${rendered.figure.layout.cols} panels reflowed to ${rendered.grid.rows}×${rendered.grid.cols} for the width (--keep-layout keeps the figure's grid)\n`);
  // the preflight: what a journal would send back; refused unless --force
  const lines = findingLines(rendered.findings);
  for (const l of lines) process.stderr.write(`preflight: ${l}\n`);
  if (lines.length && values.force !== true) {
    throw new ParameterError('--force', `not given: the preflight found ${lines.length} problem${lines.length === 1 ? '' : 's'} (listed above); change the figure or the export options, or pass --force to write it anyway`);
  }
  if (lines.length) process.stderr.write(`preflight: written anyway (--force)\n`);
  if (out === undefined) {
    process.stdout.write(bytes);
    return EXIT.ok;
  }
  await writeExportFile(out, bytes);
  const inches = `${(rendered.widthPt / 72).toFixed(2)} × ${(rendered.heightPt / 72).toFixed(2)} in`;
  process.stderr.write(`wrote ${format.toUpperCase()} of figure "${rendered.figure.name}" (${inches}${format === 'png' ? `, ${opts.dpi ?? 600} dpi` : ''}) to ${path.resolve(out)}\n`);
  return EXIT.ok;
}
