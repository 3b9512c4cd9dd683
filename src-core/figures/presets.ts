/**
 * Journal figure sizes and typography. Widths are the journals' column widths; heights follow
 * the figure's panel grid (a panel's aspect ratio defaults to 3:4 of its width). And the default
 * panel of a trace study (correlation, spectrum, pulse).
 */
import { findModel, traceAxisOf } from '../models/registry';
import { studyParams } from '../project/fingerprint';
import { findTraceRun, selectedTraces, traceNamesAt } from '../project/trace-study';
import type { Panel, ProjectDocument, Study } from '../project/types';

export type PresetName = 'aps-single' | 'aps-double' | 'nature-single' | 'nature-double' | 'custom';

export interface FigurePreset {
  name: PresetName;
  label: string;
  /** Width in inches. */
  widthIn: number;
  /** Default font size (pt) and line width (pt). */
  fontPt: number;
  lineWidthPt: number;
}

const MM = 1 / 25.4;

export const PRESETS: Record<Exclude<PresetName, 'custom'>, FigurePreset> = {
  'aps-single': { name: 'aps-single', label: 'APS / PRL single column (3.4 in)', widthIn: 3.4, fontPt: 8, lineWidthPt: 1 },
  'aps-double': { name: 'aps-double', label: 'APS / PRL double column (7.0 in)', widthIn: 7.0, fontPt: 9, lineWidthPt: 1 },
  'nature-single': { name: 'nature-single', label: 'Nature single column (89 mm)', widthIn: 89 * MM, fontPt: 8, lineWidthPt: 0.75 },
  'nature-double': { name: 'nature-double', label: 'Nature double column (183 mm)', widthIn: 183 * MM, fontPt: 8, lineWidthPt: 0.75 },
};

export interface FigureSize {
  widthPt: number;
  heightPt: number;
  fontPt: number;
  lineWidthPt: number;
  preset: PresetName;
}

/**
 * The page size of a figure: the preset's width (or the custom width), and a height from the
 * panel grid unless given. Font size and line width come from the figure style, else the preset.
 */
export function figureSize(
  layout: { rows: number; cols: number },
  style: { preset?: PresetName; widthIn?: number; heightIn?: number; fontPt?: number; lineWidthPt?: number } = {},
): FigureSize {
  const preset = style.preset ?? 'aps-single';
  const base = preset === 'custom' ? undefined : PRESETS[preset];
  const widthIn = preset === 'custom' ? (style.widthIn ?? 3.4) : base!.widthIn;
  const panelW = widthIn / layout.cols;
  const heightIn = style.heightIn ?? Math.min(9, layout.rows * panelW * 0.75);
  return {
    // to 1/100 pt: 3.4 in is 244.8 pt, not 244.79999999999998
    widthPt: Math.round(widthIn * 7200) / 100,
    heightPt: Math.round(heightIn * 7200) / 100,
    fontPt: style.fontPt ?? base?.fontPt ?? 8,
    lineWidthPt: style.lineWidthPt ?? base?.lineWidthPt ?? 1,
    preset,
  };
}

/**
 * What a journal's page admits, per preset (see docs/figures.md, "Preflight"):
 * - maxHeightIn: the tallest figure the page holds. Nature: 247 mm (its artwork guide's maximum
 *   page depth; its figure guide asks for at most 170 mm when the legend sits below). APS: 9.0 in,
 *   our figure for the Physical Review text block (≈ 9.5 in) less the first caption lines.
 * - minTextPt: the smallest letters at print size. Nature: 5 pt (research-figure-guide.nature.com,
 *   "Minimum text size: 5pt"). APS asks for lettering legible after reduction without a number;
 *   we hold APS figures to 6 pt.
 * - minScriptPt: sub- and superscripts, which are set at 72 % of their line: 5 pt everywhere.
 * - minPlotMm: the smallest plot area (inside the frame) in which curves and a map can be read:
 *   20 mm wide, 15 mm high (about a third of a column's width; below it a map is a few cells and a
 *   curve's ticks run together).
 */
export interface PageLimits {
  maxHeightIn: number;
  minTextPt: number;
  minScriptPt: number;
  minPlotMm: { width: number; height: number };
}

const APS_LIMITS: PageLimits = { maxHeightIn: 9.0, minTextPt: 6, minScriptPt: 5, minPlotMm: { width: 20, height: 15 } };
const NATURE_LIMITS: PageLimits = { maxHeightIn: 247 * MM, minTextPt: 5, minScriptPt: 5, minPlotMm: { width: 20, height: 15 } };

export const PAGE_LIMITS: Record<PresetName, PageLimits> = {
  'aps-single': APS_LIMITS,
  'aps-double': APS_LIMITS,
  'nature-single': NATURE_LIMITS,
  'nature-double': NATURE_LIMITS,
  custom: APS_LIMITS,
};

/**
 * The default panel of a correlation, spectrum or pulse study (a new figure of it, the app's "add
 * panel"): a 'trace' panel against the study's axis with one curve per trace of its run at the
 * study's parameters (the traces its settings choose): correlation g2 against τ, spectrum S
 * against ω − ω_L, pulse the output flux against t. Titles and legend come from the stored
 * catalogue when drawn. (A dashed reference line at g2 = 1 would need panel reference lines,
 * which panels do not have.) Undefined for other kinds or a model without the run.
 */
export function defaultTracePanel(doc: ProjectDocument, study: Study): Panel | undefined {
  const kind = study.kind;
  if (kind !== 'correlation' && kind !== 'spectrum' && kind !== 'pulse') return undefined;
  const model = findModel(study.model);
  const run = model ? findTraceRun(model, kind) : undefined;
  if (!model || !run) return undefined;
  const wanted = kind === 'correlation' ? 'g2' : kind === 'spectrum' ? 'S' : 'flux';
  const field = run.traceFields.find((f) => f.key === wanted) ?? run.traceFields[0];
  if (!field) return undefined;
  const names = selectedTraces(traceNamesAt(model, run, studyParams(doc, study)), study[kind]);
  return {
    study: study.id,
    kind: 'trace',
    x: traceAxisOf(run).key,
    series: names.slice(0, 8).map((n) => ({ quantity: `${n}.${field.key}` })),
  };
}
