import type { Figure, Panel } from '../project/types';
import { curveOption, heatGrid, heatOption, printStyle, colorBarBox, type ChartOption, type ChartStyle, type GridBox } from './chart-options';
import { colorLut, niceRange, VIRIDIS } from './colormap';
import { MapRaster, finiteRange, POINT_DONE } from './map-raster';
import { branchSpec } from './branch-panel';
import { barSpec, heatSpec, lineSpec, traceSpec, type HeatSpec, type PanelSpec, type TitleOf } from './panel-data';
import { figureSize, PAGE_LIMITS, type FigureSize, type PageLimits, type PresetName } from './presets';
import { richStyles, richText } from './rich-text';
import type { StudyData } from './study-data';
import { schematicOption, type SchematicDrawing } from './schematic';

/**
 * A figure laid out for export: its panels in the layout's rows × cols at the preset's size (in
 * points), each with the ECharts option the screen draws too, in the print style. Pure: the
 * caller renders the options (ECharts' server-side SVG renderer) and encodes heatmap rasters.
 */

/** How a figure is exported: size preset (or custom size), typography, grayscale. */
export interface FigureExportStyle {
  preset?: PresetName;
  /** Custom width and height in inches (height: from the panel grid when not given). */
  widthIn?: number;
  heightIn?: number;
  fontPt?: number;
  lineWidthPt?: number;
  /** Every colour as its luminance (a check that the figure reads in black and white). */
  grayscale?: boolean;
  /**
   * Reflow the panel grid for the width (default true): fewer columns when plots would be under
   * the preset's minimum size (e.g. 2×3 → 3×2 or 6×1 at one column). False keeps the figure's grid.
   */
  reflow?: boolean;
}

export interface PanelDrawing {
  /** Position and size in points. */
  x: number;
  y: number;
  width: number;
  height: number;
  option: ChartOption;
  /** The printed label, e.g. "(a)", drawn at the panel's top-left corner. */
  label?: string;
  /** How findings name the panel: its label, else "panel 3". */
  name?: string;
  /** The plot area (inside the frame) and a heatmap's colour bar, in points from the panel's corner. */
  plot?: Box;
  colorBar?: Box;
}

export interface FigureDrawing {
  size: FigureSize;
  panels: PanelDrawing[];
  /** What a referee should know: failed points left as gaps, cancelled studies drawn in part. */
  warnings: string[];
  /** The grid the panels are laid out in (reflowed for the width) and the figure's own. */
  grid: { rows: number; cols: number };
  layout: { rows: number; cols: number };
  reflowed: boolean;
  /** What the preset's page admits (the preflight checks against it). */
  limits: PageLimits;
}

/** Why a figure cannot be drawn (a panel's study has no result, an unknown study…): the caller names its flag. */
export class FigureDataError extends Error {}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The panels with their printed labels: their own; in a figure of several panels that have none,
 * (a), (b)… in reading order (a figure that labels some panels itself keeps the others unlabelled).
 */
export function labelledPanels(figure: Figure): Panel[] {
  const own = figure.panels.some((p) => p.label) || figure.panels.length < 2;
  return figure.panels.map((p, i) => (own || p.label ? p : { ...p, label: `(${LETTERS[i] ?? i + 1})` }));
}

/** What a panel draws: curves, bars or a grid, from its studies' data (null before its study has data). */
export function panelSpec(panel: Panel, lookup: (studyId: string) => StudyData | undefined, titleOf: TitleOf): PanelSpec | null {
  const main = lookup(panel.study);
  if (!main || panel.kind === 'schematic') return null;
  if (panel.kind === 'heatmap' || panel.kind === 'contour') return heatSpec(panel, main, titleOf);
  if (panel.kind === 'bar') return barSpec(panel, lookup);
  if (panel.kind === 'branches') return branchSpec(panel, lookup);
  return panel.kind === 'trace' ? traceSpec(panel, lookup) : lineSpec(panel, lookup, titleOf);
}

/**
 * The colour range of a heatmap: the panel's zRange, else a round range around the data; on a
 * log colour scale whole decades around the positive values.
 */
export function heatColorRange(s: HeatSpec): [number, number] {
  if (s.logZ) {
    if (s.zRange && s.zRange[0] > 0 && s.zRange[1] > s.zRange[0]) return s.zRange;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]!;
      if (s.state[i] !== POINT_DONE || !(v > 0) || v === Infinity) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(lo <= hi)) return [1, 10];
    const a = 10 ** Math.floor(Math.log10(lo) + 1e-9);
    const b = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
    return [a, b > a ? b : a * 10];
  }
  if (s.zRange) return s.zRange;
  const [lo, hi] = finiteRange(s.values, s.state, 0, s.values.length);
  return lo <= hi ? niceRange(lo, hi) : [0, 1];
}

/** log10 of each value; NaN (painted as "no value") where it is not positive. */
export function log10Values(v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! > 0 ? Math.log10(v[i]!) : NaN;
  return out;
}

const descending = (v: Float64Array): boolean => v.length > 1 && v[v.length - 1]! < v[0]!;

/** The map's pixels: one per grid point (first axis left → right, second bottom → top). */
export function heatRaster(s: HeatSpec, range: [number, number]): MapRaster {
  const raster = new MapRaster(s.xValues.length, s.yValues.length, { xDescending: descending(s.xValues), yDescending: descending(s.yValues) });
  // a log colour scale paints log10 of the values; zero and negative values are missing (no colour)
  if (s.logZ) raster.paint(log10Values(s.values), s.state, 0, s.values.length, Math.log10(range[0]), Math.log10(range[1]));
  else raster.paint(s.values, s.state, 0, s.values.length, range[0], range[1]);
  return raster;
}

/** Cell edges of a grid axis: half a step beyond the first and last value. */
export function cellEdges(v: Float64Array): [number, number] {
  const n = v.length;
  if (n === 0) return [0, 1];
  const first = v[0]!;
  const last = v[n - 1]!;
  const half = n > 1 ? Math.abs(last - first) / (n - 1) / 2 : 0.5;
  return [Math.min(first, last) - half, Math.max(first, last) + half];
}

/**
 * RGBA pixels enlarged by whole factors (nearest neighbour) to at least `minSize` per side, so
 * cells stay crisp however a viewer or printer resamples the image.
 */
export function enlarge(pixels: Uint8ClampedArray, w: number, h: number, minSize: number): { pixels: Uint8ClampedArray; width: number; height: number } {
  const fx = Math.max(1, Math.ceil(minSize / w));
  const fy = Math.max(1, Math.ceil(minSize / h));
  if (fx === 1 && fy === 1) return { pixels, width: w, height: h };
  const W = w * fx;
  const H = h * fy;
  const out = new Uint8ClampedArray(4 * W * H);
  const src = new Uint32Array(pixels.buffer, pixels.byteOffset, w * h);
  const dst = new Uint32Array(out.buffer);
  for (let r = 0; r < H; r++) {
    const row = Math.floor(r / fy) * w;
    const o = r * W;
    for (let c = 0; c < W; c++) dst[o + c] = src[row + Math.floor(c / fx)]!;
  }
  return { pixels: out, width: W, height: H };
}

// ------------------------------------------------------------------------------------- grayscale

/** Luminance weights (Rec. 709, as CSS's grayscale filter uses). */
const LUMA = [0.2126, 0.7152, 0.0722] as const;

const luma = (r: number, g: number, b: number): number => Math.round(LUMA[0] * r + LUMA[1] * g + LUMA[2] * b);

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const RGBA = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i;

/** A CSS colour as gray of the same luminance (other strings unchanged). */
export function grayColor(color: string): string {
  const h = HEX.exec(color.trim());
  if (h) {
    const hex = h[1]!.length === 3 ? [...h[1]!].map((c) => c + c).join('') : h[1]!;
    const v = parseInt(hex, 16);
    const y = luma((v >> 16) & 255, (v >> 8) & 255, v & 255).toString(16).padStart(2, '0');
    return `#${y}${y}${y}`;
  }
  const m = RGBA.exec(color.trim());
  if (m) {
    const y = luma(Number(m[1]), Number(m[2]), Number(m[3]));
    return m[4] !== undefined ? `rgba(${y}, ${y}, ${y}, ${m[4]})` : `rgb(${y}, ${y}, ${y})`;
  }
  return color;
}

/** Every colour of an option as gray (a deep copy; typed arrays and functions kept as they are). */
export function grayOption<T>(value: T): T {
  if (typeof value === 'string') return grayColor(value) as T;
  if (Array.isArray(value)) return value.map((v) => grayOption(v)) as T;
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = grayOption(v);
    return out as T;
  }
  return value;
}

/** RGBA pixels as gray of the same luminance (in place). */
export function grayPixels(p: Uint8ClampedArray): void {
  for (let i = 0; i < p.length; i += 4) {
    const y = luma(p[i]!, p[i + 1]!, p[i + 2]!);
    p[i] = y;
    p[i + 1] = y;
    p[i + 2] = y;
  }
}

/** The colour bar's pixels: the colour map from the top (maximum) down, 256 rows, enlarged. */
function colorBarImage(gray: boolean, url: (pixels: Uint8ClampedArray, width: number, height: number) => string): string {
  const lut = colorLut(VIRIDIS, 256);
  const px = new Uint8ClampedArray(4 * 256);
  for (let r = 0; r < 256; r++) {
    const k = 255 - r;
    px.set([lut[3 * k]!, lut[3 * k + 1]!, lut[3 * k + 2]!, 255], 4 * r);
  }
  if (gray) grayPixels(px);
  const big = enlarge(px, 1, 256, 16);
  return url(big.pixels, big.width, big.height);
}

// ---------------------------------------------------------------------------------------- layout

export interface FigureDrawingInput {
  figure: Figure;
  /** A study's stored data (undefined: it has no result). */
  lookup: (studyId: string) => StudyData | undefined;
  /** A study's name, for messages. */
  studyName: (studyId: string) => string;
  titleOf: TitleOf;
  style: FigureExportStyle;
  /** The font family the figure is set in (shipped with the app). */
  family: string;
  /** A heatmap's pixels as an image URL (a PNG data URL). */
  imageUrl: (pixels: Uint8ClampedArray, width: number, height: number) => string;
  /** Text width in the figure's font at a size (pt), for legend layout. */
  measure?: (text: string, size: number) => number;
  /** Raster resolution of heatmaps: pixels per point of the plot area (e.g. 600 dpi / 72). */
  rasterPerPt?: number;
  /** The schematic of a study's structure (schematic panels); undefined: it has none. May throw the model's error. */
  schematicOf?: (studyId: string) => SchematicDrawing | undefined;
}

/** What a schematic panel draws. */
export interface SchematicSpec {
  kind: 'schematic';
  drawing: SchematicDrawing;
  missing: string[];
}

/** A rectangle in points. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const PT_PER_MM = 72 / 25.4;

/** A panel's plot area (inside the frame) in a cell of a width and height, from its option's margins. */
function plotBoxOf(spec: PanelSpec | SchematicSpec, style: ChartStyle, width: number, legendLeft: number | undefined): GridBox {
  // a schematic has no axes: it fills its cell
  if (spec.kind === 'schematic') return { left: 0, right: 0, top: 0, bottom: 0 };
  if (spec.kind === 'heatmap') return heatGrid(style, cellEdges(spec.yValues));
  return curveOption(spec, style, { width, ...(legendLeft ? { legendLeft } : {}) }).grid;
}

/**
 * The export grid for a width: the figure's own columns when every plot area is at least the
 * preset's minimum (PAGE_LIMITS.minPlotMm), else fewer columns (2×3 → 3×2 → 6×1), panels kept
 * in reading order, the height grown (never past the page's maximum) so each plot keeps its
 * minimum height. With `reflow: false` the figure's own grid.
 */
export function exportGrid(
  specs: { spec: PanelSpec | SchematicSpec; legendLeft?: number }[],
  layout: { rows: number; cols: number },
  widthPt: number,
  heightPt: number | undefined,
  style: ChartStyle,
  limits: PageLimits,
  reflow = true,
): { rows: number; cols: number; cellW: number; cellH: number; reflowed: boolean } {
  const n = Math.max(1, specs.length);
  const own = Math.max(1, layout.cols);
  const minW = limits.minPlotMm.width * PT_PER_MM;
  const minH = limits.minPlotMm.height * PT_PER_MM;
  const maxH = limits.maxHeightIn * 72;
  const fit = (cols: number): { rows: number; cols: number; cellW: number; cellH: number; ok: boolean } => {
    const rows = Math.max(1, cols === own ? layout.rows : 0, Math.ceil(n / cols));
    const cellW = widthPt / cols;
    const boxes = specs.map((p) => plotBoxOf(p.spec, style, cellW, p.legendLeft));
    const wide = boxes.every((g) => cellW - g.left - g.right >= minW);
    const need = Math.max(0, ...boxes.map((g) => g.top + g.bottom)) + minH;
    if (heightPt !== undefined) return { rows, cols, cellW, cellH: heightPt / rows, ok: wide && heightPt / rows >= need };
    // a panel is 3:4 of its width, taller when its plot would be under the minimum height
    const cellH = Math.min(Math.max(0.75 * cellW, need), maxH / rows);
    return { rows, cols, cellW, cellH, ok: wide && cellH >= need };
  };
  if (!reflow) return { ...fit(own), reflowed: false };
  for (let cols = own; cols >= 1; cols--) {
    const f = fit(cols);
    if (f.ok) return { ...f, reflowed: cols !== own };
  }
  // nothing fits: one column, the most room a panel can have (preflight says what is still too small)
  return { ...fit(1), reflowed: own !== 1 };
}

/**
 * Lay a figure out for export. Throws {@link FigureDataError} when a panel's study has no
 * stored result (a figure is not exported with holes).
 */
export function figureDrawing(input: FigureDrawingInput): FigureDrawing {
  const { figure, style } = input;
  const merged = { ...(figure.style ?? {}), ...definedOnly(style) };
  const base = figureSize({ rows: 1, cols: 1 }, merged);
  const limits = PAGE_LIMITS[base.preset];
  const chartStyle = printStyle(base.fontPt, base.lineWidthPt, input.family, input.measure);
  const warnings: string[] = [];
  const labelled = labelledPanels(figure);
  const specs = labelled.map((panel, k): { panel: Panel; spec: PanelSpec | SchematicSpec; legendLeft?: number } => {
    const name = panel.label ?? `panel ${k + 1}`;
    if (panel.kind === 'schematic') return { panel, spec: schematicSpec(input, panel, name) };
    for (const id of new Set([panel.study, ...(panel.series ?? []).map((s) => s.study).filter((x): x is string => !!x)])) {
      const d = input.lookup(id);
      if (!d) throw new FigureDataError(`${name} draws study "${input.studyName(id)}", which has no stored result yet: run it first`);
      if (d.status === 'cancelled') warnings.push(`${name}: study "${input.studyName(id)}" was cancelled; only the ${d.finished} points computed are drawn`);
      if (d.failures.size) warnings.push(`${name}: ${d.failures.size} point${d.failures.size === 1 ? '' : 's'} of "${input.studyName(id)}" failed and are left as gaps (see the study's failures)`);
    }
    const spec = panelSpec(panel, input.lookup, input.titleOf);
    if (!spec) throw new FigureDataError(`${name}: nothing to draw`);
    if (spec.missing.length) throw new FigureDataError(`${name} names ${spec.missing.map((m) => `"${m}"`).join(', ')}, which the study's result does not have`);
    // the legend starts after the panel's label
    const labelW = panel.label ? (input.measure ? input.measure(panel.label.replace(/[_^{}]/g, ''), chartStyle.titleSize) : 0.55 * chartStyle.titleSize * panel.label.length) : 0;
    const legendLeft = labelW ? 0.25 * chartStyle.titleSize + labelW + chartStyle.fontSize : undefined;
    return { panel, spec, ...(legendLeft ? { legendLeft } : {}) };
  });
  const widthPt = base.widthPt;
  const heightPt = merged.heightIn !== undefined ? base.heightPt : undefined;
  const grid = exportGrid(specs, figure.layout, widthPt, heightPt, chartStyle, limits, style.reflow !== false);
  const { cols, cellW, cellH } = grid;
  const rows = Math.max(1, Math.ceil(specs.length / cols), grid.rows);
  const size: FigureSize = { ...base, heightPt: heightPt ?? Math.round(rows * cellH * 100) / 100 };
  const panels: PanelDrawing[] = [];
  specs.forEach(({ panel, spec, legendLeft }, k) => {
    const x = (k % cols) * cellW;
    const y = Math.floor(k / cols) * cellH;
    let option: ChartOption;
    let plot: GridBox;
    let colorBar: Box | undefined;
    if (spec.kind === 'schematic') {
      option = schematicOption(spec.drawing, chartStyle, cellW, cellH);
      plot = { left: 0, right: 0, top: 0, bottom: 0 } as GridBox;
    } else if (spec.kind === 'heatmap') {
      const range = heatColorRange(spec);
      const raster = heatRaster(spec, range);
      const pixels = new Uint8ClampedArray(raster.pixels);
      if (style.grayscale) grayPixels(pixels);
      const plotPx = Math.ceil(Math.max(cellW, cellH) * (input.rasterPerPt ?? 600 / 72));
      const big = enlarge(pixels, raster.width, raster.height, Math.min(2400, plotPx));
      const built = heatOption(
        {
          xExtent: cellEdges(spec.xValues),
          yExtent: cellEdges(spec.yValues),
          xLabel: spec.xLabel,
          yLabel: spec.yLabel,
          zLabel: spec.zLabel,
          colorRange: range,
          ...(spec.logZ ? { logZ: true } : {}),
          ...(spec.contours ? { contours: spec.contours } : {}),
          hasImage: true,
          imageUrl: input.imageUrl(big.pixels, big.width, big.height),
          colorBarUrl: colorBarImage(style.grayscale === true, input.imageUrl),
          width: cellW,
          height: cellH,
        },
        chartStyle,
      );
      option = built.option;
      plot = built.grid;
      colorBar = colorBarBox(chartStyle, plot, cellW, cellH);
    } else {
      const built = curveOption(spec, chartStyle, { width: cellW, ...(legendLeft ? { legendLeft } : {}) });
      option = built.option;
      plot = built.grid;
    }
    if (panel.label) option = withLabel(option, panel.label, chartStyle);
    if (style.grayscale) option = grayOption(option);
    panels.push({
      x,
      y,
      width: cellW,
      height: cellH,
      option,
      name: panel.label ?? `panel ${k + 1}`,
      plot: { x: plot.left, y: plot.top, width: cellW - plot.left - plot.right, height: cellH - plot.top - plot.bottom },
      ...(colorBar ? { colorBar } : {}),
      ...(panel.label ? { label: panel.label } : {}),
    });
  });
  return { size, panels, warnings, grid: { rows, cols }, layout: { rows: Math.max(1, figure.layout.rows), cols: Math.max(1, figure.layout.cols) }, reflowed: grid.reflowed, limits };
}

/** A schematic panel's drawing: the structure of its study (no result needed). */
function schematicSpec(input: FigureDrawingInput, panel: Panel, name: string): SchematicSpec {
  let drawing: SchematicDrawing | undefined;
  try {
    drawing = input.schematicOf?.(panel.study);
  } catch (e) {
    throw new FigureDataError(`${name}: the structure of study "${input.studyName(panel.study)}" cannot be drawn: ${(e as Error).message}`);
  }
  if (!drawing) throw new FigureDataError(`${name} is a schematic, but the model of study "${input.studyName(panel.study)}" has no structure to draw (only a model with a structure editor, such as a network, has one)`);
  return { kind: 'schematic', drawing, missing: [] };
}

/**
 * The panel's label at its top-left corner: "(a)" upright as journals print it; a label with
 * sub- or superscripts in paper notation.
 */
function withLabel(option: ChartOption, label: string, style: ChartStyle): ChartOption {
  const own = option.graphic;
  const size = style.titleSize;
  const math = /[_^]/.test(label);
  const text = {
    type: 'text',
    silent: true,
    left: 0.25 * size,
    top: 0.2 * size,
    style: math ? { text: richText(label), rich: richStyles(style.colors.ink, size, style.fonts) } : { text: label, fill: style.colors.ink, fontSize: size, fontFamily: style.fonts.sans },
  };
  return { ...option, graphic: [...(Array.isArray(own) ? own : own ? [own] : []), text] };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'grayscale' && k !== 'reflow')) as Partial<T>;
}
