/**
 * Figure export: a project's figure laid out at a journal preset (src-core/figures/figure-drawing,
 * the screen's option builders in print style), drawn by ECharts' server-side SVG renderer, then
 * SVG as is, PNG through resvg, PDF through PDFKit. Used by `nrlab export --figure` and by the
 * app's export dialog (through the backend).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ParameterError, shown } from '../../src-core/errors.js';
import { FigureDataError, figureDrawing, type FigureExportStyle } from '../../src-core/figures/figure-drawing.js';
import { axisTitle } from '../../src-core/figures/axis-title.js';
import { base64, encodePng } from '../../src-core/figures/png.js';
import { PRESETS, type PresetName } from '../../src-core/figures/presets.js';
import { pdfFontFindings, preflight, type PreflightFinding } from '../../src-core/figures/preflight.js';
import { fromStored, type StudyData } from '../../src-core/figures/study-data.js';
import { findModel, schemaOf } from '../../src-core/models/registry.js';
import { modelSchematic } from '../../src-core/figures/schematic.js';
import { studyParams } from '../../src-core/project/fingerprint.js';
import type { Figure, ProjectDocument } from '../../src-core/project/types.js';
import type { StoredStudyResult } from '../../src-core/contract/api.js';
import { APP_NAME, APP_VERSION } from '../services/version.js';
import { composeFigure, FIGURE_FAMILIES, measureText, svgToPdf, svgToPng, type FigureFont } from './render.js';
import { parserOptions, type OptionSpec } from '../cli/spec.js';

export const FIGURE_FORMATS = ['svg', 'pdf', 'png'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];
export const PRESET_NAMES = [...Object.keys(PRESETS), 'custom'] as PresetName[];

/** Limits of the export options (outside them a figure is unreadable or absurdly large). */
export const FIGURE_LIMITS = { fontPt: [5, 14], lineWidthPt: [0.25, 4], dpi: [72, 2400], widthIn: [1, 20], heightIn: [0.5, 20] } as const;

export interface FigureOptions extends FigureExportStyle {
  /** The family the figure is set in: Liberation Sans (default, Helvetica/Arial metrics) or Liberation Serif (Times metrics). */
  font?: FigureFont;
  /** PNG resolution (default 600 dpi); heatmap rasters follow it in every format. */
  dpi?: number;
}

export interface RenderedFigure {
  figure: Figure;
  svg: string;
  widthPt: number;
  heightPt: number;
  fontPt: number;
  warnings: string[];
  /** The grid the panels were laid out in, and whether it differs from the figure's own (reflow). */
  grid: { rows: number; cols: number };
  reflowed: boolean;
  /** What the preflight found (empty: the figure passes); a PDF's fonts are checked by {@link figureBytes}. */
  findings: PreflightFinding[];
}

/** A figure of the document by name or id; the error lists the figures there are. */
export function findFigure(doc: ProjectDocument, ref: string, param = 'figure'): Figure {
  const f = doc.figures.find((x) => x.id === ref) ?? doc.figures.find((x) => x.name === ref);
  if (!f) {
    const names = doc.figures.map((x) => `"${x.name}"`).join(', ') || 'none';
    throw new ParameterError(param, `no figure "${ref}" in this project; it has: ${names}`);
  }
  return f;
}

/** Check the options' ranges; errors name the option (`names` maps option → flag). */
export function checkFigureOptions(o: FigureOptions, names: Partial<Record<keyof FigureOptions, string>> = {}): void {
  const name = (k: keyof FigureOptions): string => names[k] ?? k;
  if (o.font !== undefined && !(o.font in FIGURE_FAMILIES)) throw new ParameterError(name('font'), `must be sans or serif, got ${shown(o.font)}`);
  if (o.preset !== undefined && !PRESET_NAMES.includes(o.preset)) throw new ParameterError(name('preset'), `must be one of ${PRESET_NAMES.join(', ')}, got ${shown(o.preset)}`);
  const range = (k: 'fontPt' | 'lineWidthPt' | 'dpi' | 'widthIn' | 'heightIn', unit: string): void => {
    const v = o[k];
    if (v === undefined) return;
    const [lo, hi] = FIGURE_LIMITS[k];
    if (!Number.isFinite(v) || v < lo || v > hi) throw new ParameterError(name(k), `must be between ${lo} and ${hi} ${unit}, got ${v}`);
  };
  range('fontPt', 'pt');
  range('lineWidthPt', 'pt');
  range('dpi', 'dpi');
  range('widthIn', 'in');
  range('heightIn', 'in');
  if (o.preset === 'custom' && o.widthIn === undefined) throw new ParameterError(name('widthIn'), 'a custom size needs a width');
}

/**
 * Draw a figure of a document: `read` gives a study's stored result (undefined: none). Throws a
 * ParameterError naming `param` when a panel cannot be drawn (a study not run yet…).
 */
export function renderFigure(doc: ProjectDocument, figureRef: string, read: (studyId: string) => StoredStudyResult | undefined, opts: FigureOptions = {}, param = 'figure'): RenderedFigure {
  checkFigureOptions(opts);
  const figure = findFigure(doc, figureRef, param);
  const cache = new Map<string, StudyData | undefined>();
  const lookup = (id: string): StudyData | undefined => {
    if (!cache.has(id)) {
      const r = read(id);
      cache.set(id, r ? fromStored(r) : undefined);
    }
    return cache.get(id);
  };
  const studyName = (id: string): string => doc.studies.find((s) => s.id === id)?.name ?? id;
  const titleOf = (studyId: string, key: string): string => {
    const study = doc.studies.find((s) => s.id === studyId);
    const model = findModel(study?.model ?? '');
    if (!model || !study) return key;
    let schema = model.schema;
    try {
      schema = schemaOf(model, studyParams(doc, study));
    } catch {
      // a structure that does not parse: the default schema's titles
    }
    return axisTitle(schema, key);
  };
  const schematicOf = (studyId: string) => {
    const study = doc.studies.find((s) => s.id === studyId);
    return study ? modelSchematic(study.model, studyParams(doc, study)) : undefined;
  };
  const { font, dpi, ...style } = opts;
  const family = FIGURE_FAMILIES[font ?? 'sans'];
  if (opts.widthIn !== undefined && opts.preset === undefined) style.preset = 'custom';
  let drawing;
  try {
    drawing = figureDrawing({
      figure,
      lookup,
      studyName,
      titleOf,
      schematicOf,
      style,
      family,
      rasterPerPt: (dpi ?? 600) / 72,
      measure: (text, size) => measureText(text, `${size}px ${family}`).width,
      imageUrl: (pixels, w, h) => `data:image/png;base64,${base64(encodePng(w, h, pixels))}`,
    });
  } catch (e) {
    if (e instanceof FigureDataError) throw new ParameterError(param, `figure "${figure.name}": ${e.message}`);
    throw e;
  }
  const { size } = drawing;
  const { svg, texts } = composeFigure(size.widthPt, size.heightPt, drawing.panels);
  return { figure, svg, widthPt: size.widthPt, heightPt: size.heightPt, fontPt: size.fontPt, warnings: drawing.warnings, grid: drawing.grid, reflowed: drawing.reflowed, findings: preflight(drawing, texts) };
}

/** The file of a drawn figure in a format (a PDF's fonts are checked: findings added to `r.findings`). */
export async function figureBytes(r: RenderedFigure, format: FigureFormat, dpi = 600): Promise<Uint8Array> {
  if (format === 'svg') return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${r.svg}\n`);
  if (format === 'png') return svgToPng(r.svg, r.widthPt, dpi);
  const pdf = await svgToPdf(r.svg, r.widthPt, r.heightPt, {
    title: r.figure.title ?? r.figure.name,
    subject: `${r.figure.name}, exported by ${APP_NAME} ${APP_VERSION}`,
  });
  r.findings.push(...pdfFontFindings(pdf));
  return pdf;
}

export const FIGURE_MIME: Record<FigureFormat, string> = { svg: 'image/svg+xml', pdf: 'application/pdf', png: 'image/png' };

// ------------------------------------------------------------------------------------------ CLI

const UNITS: Record<string, number> = { in: 1, mm: 1 / 25.4, cm: 1 / 2.54, pt: 1 / 72 };

/** A length such as 3.4, 3.4in, 89mm, 8.9cm or 245pt, in inches. */
export function parseLength(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(in|mm|cm|pt)?\s*$/i.exec(text);
  if (!m) throw new ParameterError(flag, `must be a length such as 3.4in, 89mm or 8.9cm, got "${text}"`);
  return Number(m[1]) * UNITS[(m[2] ?? 'in').toLowerCase()]!;
}

function parseNumberFlag(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new ParameterError(flag, `must be a number, got "${text}"`);
  return v;
}

export function figureFormatOf(format: string | undefined, out: string | undefined): FigureFormat {
  if (format !== undefined) {
    if (format === 'eps') throw new ParameterError('--format', 'EPS is not offered; use pdf (vector, fonts embedded) or svg, which every journal system accepts');
    if (!(FIGURE_FORMATS as readonly string[]).includes(format)) throw new ParameterError('--format', `a figure exports as ${FIGURE_FORMATS.join(', ')}, got "${format}"`);
    return format as FigureFormat;
  }
  const ext = out ? path.extname(out).slice(1).toLowerCase() : '';
  if ((FIGURE_FORMATS as readonly string[]).includes(ext)) return ext as FigureFormat;
  throw new ParameterError('--format', `give the format: --format ${FIGURE_FORMATS.join('|')} (or an --out file ending in .svg, .pdf or .png)`);
}

const FLAGS: Partial<Record<keyof FigureOptions, string>> = { font: '--font', preset: '--preset', fontPt: '--font-size', lineWidthPt: '--line-width', dpi: '--dpi', widthIn: '--width', heightIn: '--height' };

/**
 * The options of `nrlab export FILE --figure NAME` (the command's table: the parser, its help and
 * the shell completion read it; src-main/cli/commands.ts).
 */
export const FIGURE_EXPORT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  figure: { type: 'string', value: 'NAME', help: 'the figure to export, by name or id' },
  format: { type: 'string', value: FIGURE_FORMATS.join('|'), default: 'from the --out extension', help: 'vector PDF (fonts embedded), SVG, or PNG', complete: { kind: 'choices', values: () => FIGURE_FORMATS } },
  out: { type: 'string', value: 'FILE', default: 'stdout', help: 'the file to write (atomically)', complete: { kind: 'file' } },
  preset: { type: 'string', value: 'NAME', default: 'aps-single', help: `a journal's column width and type sizes: ${PRESET_NAMES.join(', ')}`, complete: { kind: 'choices', values: () => PRESET_NAMES } },
  width: { type: 'string', value: 'LENGTH', help: 'the width (3.4in, 89mm, 8.9cm, 245pt; with --preset custom)' },
  height: { type: 'string', value: 'LENGTH', help: 'the height (default: from the panels)' },
  font: { type: 'string', value: 'sans|serif', default: 'sans', help: 'the family the figure is set in', complete: { kind: 'choices', values: () => Object.keys(FIGURE_FAMILIES) } },
  'font-size': { type: 'string', value: 'PT', help: `the type size, ${FIGURE_LIMITS.fontPt[0]}–${FIGURE_LIMITS.fontPt[1]} pt (default: the preset's)` },
  'line-width': { type: 'string', value: 'PT', help: `the curves' line width, ${FIGURE_LIMITS.lineWidthPt[0]}–${FIGURE_LIMITS.lineWidthPt[1]} pt` },
  dpi: { type: 'string', value: 'N', default: '600', help: `the PNG resolution (and heatmap rasters), ${FIGURE_LIMITS.dpi[0]}–${FIGURE_LIMITS.dpi[1]}` },
  grayscale: { type: 'boolean', help: 'gray levels instead of colours' },
  'keep-layout': { type: 'boolean', help: "keep the figure's panel grid (else panels reflow for the width: 2×3 → 3×2 or 6×1)" },
  force: { type: 'boolean', help: 'write the figure even when the preflight (text size, plot size, overlaps, fonts) finds problems' },
  'allow-stale': { type: 'boolean', help: 'export results whose inputs changed since the run' },
};

/** The figure options of `nrlab export --figure` (errors name the flag). */
export function figureOptionsFromArgv(argv: string[]): FigureOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: parserOptions(FIGURE_EXPORT_OPTIONS),
    allowPositionals: true,
    strict: false,
  });
  const known = new Set(Object.keys(FIGURE_EXPORT_OPTIONS));
  const unknown = Object.keys(values).find((k) => !known.has(k));
  if (unknown) throw new ParameterError(`--${unknown}`, `is not an option of figure export (it takes ${[...known].map((k) => `--${k}`).join(', ')})`);
  if (positionals.length > 1) throw new ParameterError('arguments', `unexpected argument "${positionals[1]}"`);
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const opts: FigureOptions = {};
  const preset = str('preset');
  if (preset !== undefined) opts.preset = preset as PresetName;
  if (str('width') !== undefined) opts.widthIn = parseLength(str('width')!, '--width');
  if (str('height') !== undefined) opts.heightIn = parseLength(str('height')!, '--height');
  const fontPt = parseNumberFlag(str('font-size'), '--font-size');
  if (fontPt !== undefined) opts.fontPt = fontPt;
  const lineWidthPt = parseNumberFlag(str('line-width'), '--line-width');
  if (lineWidthPt !== undefined) opts.lineWidthPt = lineWidthPt;
  const dpi = parseNumberFlag(str('dpi'), '--dpi');
  if (dpi !== undefined) opts.dpi = dpi;
  if (values.grayscale === true) opts.grayscale = true;
  if (values['keep-layout'] === true) opts.reflow = false;
  const font = str('font');
  if (font !== undefined) opts.font = font as FigureFont;
  if (opts.preset !== undefined && opts.preset !== 'custom' && opts.widthIn !== undefined) throw new ParameterError('--width', `the ${opts.preset} preset fixes the width; use --preset custom --width …`);
  checkFigureOptions(opts, FLAGS);
  return opts;
}
