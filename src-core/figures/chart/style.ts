import { richRuns, richStyles, SANS, SERIF } from '../rich-text';

/**
 * The ECharts options of every figure panel, for the screen and for export alike (one drawing
 * path): the Vue components add only interaction (tooltips, zoom, pointer), export draws the same
 * options with ECharts' server-side SVG renderer. Pure: plain option objects, no ECharts import.
 *
 * A {@link ChartStyle} says how: on screen in CSS pixels with the theme's colours; in print in
 * points, with the shipped font, black ink, a frame around the plot, ticks inside, no grid lines.
 */

/** The colours charts draw with (on screen read from the theme's CSS variables). */
export interface ChartColors {
  ink: string;
  axis: string;
  grid: string;
  tooltipBg: string;
  tooltipBorder: string;
  panel: string;
  error: string;
}

export const LIGHT_COLORS: ChartColors = { ink: '#1c2230', axis: '#5d6677', grid: '#e6e9ee', tooltipBg: 'rgba(255,255,255,0.97)', tooltipBorder: '#b9c0cb', panel: '#ffffff', error: '#b42318' };
export const PRINT_COLORS: ChartColors = { ink: '#000000', axis: '#000000', grid: '#d9d9d9', tooltipBg: '#ffffff', tooltipBorder: '#000000', panel: '#ffffff', error: '#b42318' };

export interface ChartStyle {
  print: boolean;
  colors: ChartColors;
  /** Font families: text and numbers, and italic math letters. */
  fonts: { sans: string; math: string };
  /** Tick labels. */
  fontSize: number;
  /** Axis titles and the colour bar's title (math letters one unit larger, units one smaller). */
  titleSize: number;
  legendSize: number;
  /** Curves. */
  lineWidth: number;
  /** Axes, ticks, frame. */
  axisWidth: number;
  /** Margins and gaps relative to the screen's layout (print: the font size over the screen's). */
  scale: number;
  /** Tighter margins (figure panels on screen). */
  compact: boolean;
  /** Width of a text at a size in the style's font (export measures with the shipped font; else estimated). */
  measure?: (text: string, size: number) => number;
}

export function screenStyle(colors: ChartColors, compact = false): ChartStyle {
  return { print: false, colors, fonts: { sans: SANS, math: SERIF }, fontSize: 11.5, titleSize: compact ? 13 : 14, legendSize: 12, lineWidth: 1.7, axisWidth: 1, scale: 1, compact };
}

/** Print: sizes in points, one font family (shipped with the app) for text and math. */
export function printStyle(fontPt: number, lineWidthPt: number, family: string, measure?: (text: string, size: number) => number): ChartStyle {
  return {
    ...(measure ? { measure } : {}),
    print: true,
    colors: PRINT_COLORS,
    fonts: { sans: family, math: family },
    fontSize: fontPt,
    titleSize: fontPt + 1,
    legendSize: fontPt,
    lineWidth: lineWidthPt,
    axisWidth: Math.max(0.5, 0.6 * lineWidthPt),
    scale: fontPt / 11.5,
    compact: true,
  };
}

/** The plot area's margins. */
export interface GridBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export type ChartOption = Record<string, unknown>;

/** Rich-text styles (paper notation) for a label of a size in the style's fonts. */
export function rich(style: ChartStyle, size: number, color = style.colors.ink): Record<string, Record<string, unknown>> {
  return richStyles(color, size, style.fonts);
}

/** Width of a label in paper notation as {@link richStyles} sets it (math letters larger, scripts smaller). */
export function richWidth(label: string, size: number, style: ChartStyle): number {
  const measure = style.measure ?? ((t: string, px: number) => 0.5 * px * [...t].length);
  let w = 0;
  for (const r of richRuns(label)) {
    const px = r.level ? Math.round(size * 0.72 * 10) / 10 : r.italic ? size + 1 : size - 1;
    w += measure(r.text, px) + (r.level ? size / 14 : 0);
  }
  return w;
}
