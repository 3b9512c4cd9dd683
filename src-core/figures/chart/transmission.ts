/**
 * The option of the Scratch view's sweep plot (transmission and any other quantity over Δ/κ):
 * axes in the style's look (the figure panels' value axes), a legend at the top right, the
 * curves, an axis tooltip and wheel zoom. Pure: the component only draws it and tracks the zoom.
 *
 * Long sweeps stay interactive: up to {@link FULL_LIMIT} points per curve go to ECharts as they
 * are (ECharts down-samples them to the pixels, LTTB); beyond that the visible window is reduced
 * by min/max decimation to ~1.5 buckets per pixel first (peaks and gaps kept), so the caller
 * builds the option again whenever the zoom window or the width changes.
 */
import { sig4 } from '../format';
import { richText } from '../rich-text';
import { valueAxis } from './axes';
import { interleave } from './curves';
import { decimateMinMax, indexWindow } from './decimate';
import { rich, screenStyle, type ChartColors, type ChartOption, type ChartStyle } from './style';
import { axisTooltip, tooltipHead, tooltipParams, tooltipRow, tooltipValue } from './tooltip';

/** One curve of the plot. */
export interface ChartSeries {
  /** Quantity key, e.g. 'a_to_c.T'. */
  id: string;
  /** Paper notation, e.g. 'T_{a→c}' (legend and tooltip). */
  symbol: string;
  color: string;
  dashed: boolean;
  /** Values on the grid `x`; NaN where not computed (drawn as a gap). */
  y: Float64Array;
}

/** The y axis: a fixed range (default 0…1), fitted to the data, or logarithmic. */
export type YScale = { kind: 'fixed'; range: [number, number] } | { kind: 'auto' } | { kind: 'log' };

export interface SweepPlotInput {
  /** The sweep's grid (monotonic), or null before a sweep exists. */
  x: Float64Array | null;
  series: ChartSeries[];
  /** The x axis's range (the sweep's, or the form's before data exist). */
  xRange: [number, number];
  /** Axis titles in paper notation, e.g. 'Δ/κ', 'Transmission T'. */
  xLabel: string;
  yLabel: string;
  /** Default: fixed 0…1 (transmission). */
  yScale?: YScale;
  /** The visible window in percent of `xRange` (wheel zoom); default all of it. */
  window?: { start: number; end: number };
  /** The plot's width in pixels (how finely long sweeps are decimated). */
  width: number;
}

/** Up to this many points per curve go to ECharts as they are. */
export const FULL_LIMIT = 100_000;

/** The plot area's margins. */
export const SWEEP_GRID = { left: 70, right: 28, top: 44, bottom: 56 };

/** The screen style of the sweep plot: the figure panels' style with a larger legend (it has room). */
export function sweepPlotStyle(colors: ChartColors): ChartStyle {
  return { ...screenStyle(colors), legendSize: 14 };
}

/** Whether curves on this grid are decimated (and must be rebuilt on zoom and resize). */
export function isDecimated(x: Float64Array | null): boolean {
  return (x?.length ?? 0) > FULL_LIMIT;
}

/** The y axis as the scale asks: 0…1 in steps of 0.2 by default (transmission). */
function yScaleAxis(scale: YScale): ChartOption {
  // every key set, so merging into the previous option clears what another scale set
  if (scale.kind === 'fixed') {
    const [lo, hi] = scale.range;
    return { type: 'value', min: lo, max: hi, interval: (hi - lo) / 5, logBase: undefined, scale: false };
  }
  if (scale.kind === 'log') return { type: 'log', min: undefined, max: undefined, interval: undefined, logBase: 10, scale: true };
  return { type: 'value', min: undefined, max: undefined, interval: undefined, logBase: undefined, scale: true };
}

/**
 * A curve's data as ECharts reads it (flat [x0, y0, x1, y1, …]): on a log axis values ≤ 0 are
 * left out (gaps, never drawn as another number); beyond {@link FULL_LIMIT} points only the
 * visible window, min/max-decimated to the width.
 */
export function sweepSeriesData(input: SweepPlotInput, raw: Float64Array): Float64Array {
  const x = input.x;
  if (!x) return new Float64Array(0);
  let y = raw;
  if (input.yScale?.kind === 'log') {
    y = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) y[i] = raw[i]! > 0 ? raw[i]! : NaN;
  }
  if (!isDecimated(x)) return interleave(x, y);
  const [a, b] = input.xRange;
  const lo = Math.min(a, b);
  const span = Math.max(a, b) - lo;
  const w = input.window ?? { start: 0, end: 100 };
  const [i0, i1] = indexWindow(x, lo + (span * w.start) / 100, lo + (span * w.end) / 100);
  return decimateMinMax(x, y, i0, i1, Math.max(256, Math.round(input.width * 1.5)));
}

/** The tooltip's HTML: Δ/κ and each curve's value at the pointer, labels in paper notation. */
function tooltip(input: SweepPlotInput): (raw: unknown) => string {
  return (raw) => {
    const list = tooltipParams(raw);
    const first = list[0];
    if (!first) return '';
    const rows = list.map((p) => tooltipRow(p.marker, input.series.find((s) => s.id === p.seriesId)?.symbol ?? '', tooltipValue(p)));
    return `${tooltipHead(input.xLabel, sig4(Number(first.axisValue)))}${rows.join('')}`;
  };
}

/** The whole option of the sweep plot (set with `replaceMerge: ['series']`, so the zoom is kept). */
export function sweepPlotOption(input: SweepPlotInput, style: ChartStyle): ChartOption {
  const c = style.colors;
  const [a, b] = input.xRange;
  const y = valueAxis(style, input.yLabel, 46);
  return {
    animation: false,
    textStyle: { fontFamily: style.fonts.sans, fontSize: 12, color: c.axis },
    grid: SWEEP_GRID,
    legend: {
      top: 10,
      right: 24,
      itemWidth: 30,
      itemHeight: 10,
      itemGap: 22,
      // the line sample only: hide the symbol dot ECharts draws in a line series' legend icon
      itemStyle: { opacity: 0 },
      data: input.series.map((s) => s.symbol),
      formatter: (name: string) => richText(name),
      textStyle: { color: c.ink, rich: rich(style, style.legendSize) },
    },
    tooltip: axisTooltip(style, tooltip(input)),
    xAxis: { ...valueAxis(style, input.xLabel, 30), type: 'value', min: Math.min(a, b), max: Math.max(a, b) },
    yAxis: { ...y, ...yScaleAxis(input.yScale ?? { kind: 'fixed', range: [0, 1] }) },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'filter', zoomOnMouseWheel: true, moveOnMouseMove: true }],
    series: input.series.map((s) => ({
      id: s.id,
      name: s.symbol,
      type: 'line',
      // data are a flat typed array [x0, y0, x1, y1, …]
      dimensions: ['x', 'y'],
      data: sweepSeriesData(input, s.y),
      showSymbol: false,
      symbol: 'none',
      sampling: 'lttb',
      connectNulls: false,
      clip: true,
      color: s.color,
      lineStyle: { color: s.color, width: 1.8, type: s.dashed ? [6, 4] : 'solid' },
      emphasis: { disabled: true },
      animation: false,
      z: s.dashed ? 3 : 2,
    })),
  };
}
