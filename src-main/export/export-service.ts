/**
 * Export from the app: figures (SVG, PDF, PNG) and study data or scripts (CSV, JSON, Python) of an
 * open project, in its current state (unsaved edits included: what the user sees is exported).
 * The same code paths as `nrlab export`.
 */
import path from 'node:path';
import type { ExportFileRequest, ExportFileResponse, FigureExportOptions, FigurePreview, PreflightFinding } from '../../src-core/contract/api.js';
import { ParameterError, shown } from '../../src-core/errors.js';
import { EXPORT_FORMATS, exportSourceOf, type ExportFormat } from '../../src-core/export/index.js';
import { base64 } from '../../src-core/figures/png.js';
import { figureStudyIds, staleResults, staleWarnings } from '../../src-core/project/fingerprint.js';
import type { ProjectService } from '../services/project-service.js';
import { APP_NAME, APP_VERSION } from '../services/version.js';
import { FIGURE_FORMATS, FIGURE_MIME, figureBytes, renderFigure, type FigureFormat, type FigureOptions } from './figure-export.js';
import { svgToPng } from './render.js';
import { DATA_MIME, studyExport } from './study-export.js';
import { writeExportFile } from './write-out.js';


/** A file name from a display name: letters, digits, dots and dashes. */
export function fileNameOf(name: string, ext: string): string {
  const base = name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'export';
  return `${base}.${ext}`;
}

function optionsOf(o: unknown): FigureOptions {
  if (o === undefined || o === null) return {};
  if (typeof o !== 'object') throw new ParameterError('options', 'must be an object');
  const src = o as Record<string, unknown>;
  const out: FigureOptions = {};
  const num = (k: 'widthIn' | 'heightIn' | 'fontPt' | 'lineWidthPt' | 'dpi'): void => {
    const v = src[k];
    if (v === undefined || v === null) return;
    if (typeof v !== 'number') throw new ParameterError(`options.${k}`, `must be a number, got ${JSON.stringify(v)}`);
    out[k] = v;
  };
  (['widthIn', 'heightIn', 'fontPt', 'lineWidthPt', 'dpi'] as const).forEach(num);
  if (src.preset !== undefined) out.preset = src.preset as FigureExportOptions['preset'];
  if (src.grayscale === true) out.grayscale = true;
  if (src.reflow === false) out.reflow = false;
  if (src.font !== undefined) out.font = src.font as FigureOptions['font'];
  return out;
}

export class ExportService {
  constructor(private readonly projects: ProjectService) {}

  /**
   * The export SVG for the dialog's preview. Heatmap rasters are made for at most 200 dpi here (a
   * screen shows no more; 600 dpi rasters take ~0.5 s per figure); everything else is the exported
   * figure exactly.
   */
  preview(projectId: string, figureId: string, options?: FigureExportOptions): FigurePreview {
    const doc = this.projects.snapshotOf(projectId).doc;
    const opts = optionsOf(options);
    const r = renderFigure(doc, figureId, (id) => this.projects.storedResult(projectId, id), { ...opts, dpi: Math.min(opts.dpi ?? 600, 200) }, 'figureId');
    // at most 1600 px wide (and 300 dpi): sharp in the dialog, quick to make
    const dpi = Math.min(300, (1600 * 72) / r.widthPt);
    const png = svgToPng(r.svg, r.widthPt, dpi);
    const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
    return {
      svg: r.svg,
      png: base64(png),
      pngWidth: dv.getUint32(16),
      pngHeight: dv.getUint32(20),
      widthPt: r.widthPt,
      heightPt: r.heightPt,
      fontPt: r.fontPt,
      warnings: r.warnings,
      findings: r.findings,
      grid: r.grid,
      ...(r.reflowed ? { reflowedFrom: { rows: r.figure.layout.rows, cols: r.figure.layout.cols } } : {}),
    };
  }

  async export(req: ExportFileRequest): Promise<ExportFileResponse> {
    if (typeof req !== 'object' || req === null) throw new ParameterError('request', 'an export request object is required');
    for (const k of ['projectId', 'figureId', 'studyId', 'format'] as const) {
      if (req[k] !== undefined && typeof req[k] !== 'string') throw new ParameterError(k, `must be a string, got ${req[k] === null ? 'null' : typeof req[k]}`);
    }
    const snap = this.projects.snapshotOf(req.projectId);
    let bytes: Uint8Array | string;
    let fileName: string;
    let mime: string;
    let warnings: string[] = [];
    let findings: PreflightFinding[] | undefined;
    // a stale or unverified result is exported only when the user confirmed it (allowStale)
    const stale = staleResults(snap.doc, req.figureId !== undefined ? figureStudyIds(snap.doc, req.figureId) : req.studyId !== undefined ? [req.studyId] : []);
    if (stale.length && req.allowStale !== true) {
      throw new ParameterError('allowStale', `${staleWarnings(stale).join('; ')}. Re-run it, or confirm that you want to export it anyway`);
    }
    if (req.figureId !== undefined) {
      if (!(FIGURE_FORMATS as readonly string[]).includes(req.format)) throw new ParameterError('format', `a figure exports as ${FIGURE_FORMATS.join(', ')}, got ${shown(req.format)}`);
      const opts = optionsOf(req.options);
      const r = renderFigure(snap.doc, req.figureId, (id) => this.projects.storedResult(req.projectId, id), opts, 'figureId');
      bytes = await figureBytes(r, req.format as FigureFormat, opts.dpi ?? 600);
      fileName = fileNameOf(r.figure.name, req.format);
      mime = FIGURE_MIME[req.format as FigureFormat];
      warnings = r.warnings;
      findings = r.findings;
    } else if (req.studyId !== undefined) {
      if (!(EXPORT_FORMATS as readonly string[]).includes(req.format)) throw new ParameterError('format', `a study exports as ${EXPORT_FORMATS.join(', ')}, got ${shown(req.format)}`);
      const format = req.format as ExportFormat;
      const study = snap.doc.studies.find((s) => s.id === req.studyId);
      if (!study) throw new ParameterError('studyId', `no study "${req.studyId}" in this project`);
      if (!study.result) throw new ParameterError('studyId', `"${study.name}" has no stored result yet: run it first`);
      const src = exportSourceOf(snap.doc, this.projects.studyResult(req.projectId, study.id), snap.path);
      const opts = { exporter: { name: APP_NAME, version: APP_VERSION }, exportedAt: new Date().toISOString() };
      fileName = fileNameOf(study.name, format);
      bytes = await studyExport(src, format, opts, req.path !== undefined && typeof req.path === 'string' ? path.basename(req.path) : fileName);
      mime = DATA_MIME[format];
    } else {
      throw new ParameterError('figureId', 'name a figure (figureId) or a study (studyId) to export');
    }
    warnings = [...staleWarnings(stale), ...warnings];
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    if (req.path !== undefined) {
      if (typeof req.path !== 'string' || req.path === '') throw new ParameterError('path', 'must be a file path');
      if (snap.path && path.resolve(req.path) === path.resolve(snap.path)) throw new ParameterError('path', 'is the project file itself; choose another file');
      // the file the save dialog chose for this format: never a .txt, a .nrlab or anything else
      if (!req.path.toLowerCase().endsWith(`.${req.format}`)) throw new ParameterError('path', `a ${req.format.toUpperCase()} export is written to a .${req.format} file, got ${path.basename(req.path)}`);
      await writeExportFile(req.path, data, 'path');
      return { fileName, mime, bytes: data.length, path: path.resolve(req.path), warnings, ...(findings ? { findings } : {}) };
    }
    return { fileName, mime, bytes: data.length, data: base64(data), warnings, ...(findings ? { findings } : {}) };
  }
}
