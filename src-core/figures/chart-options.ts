import { VIRIDIS, niceRange, niceTicks } from './colormap';
import { labelPoints, type ContourLevel } from './contour';
import { axisNumber } from './format';
import type { BarSpec, LineSpec } from './panel-data';
import { richRuns, richStyles, richText, SANS, SERIF } from './rich-text';

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

const DASH: Record<string, number[] | 'solid'> = { solid: 'solid', dash: [6, 4], dot: [1.5, 3] };

/** Unique legend names (two curves may carry the same label): zero-width spaces appended. */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    return k === 0 ? n : `${n}${'\u200b'.repeat(k)}`;
  });
}

function extent(spec: LineSpec): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spec.series) {
    for (let i = 0; i < s.x.length; i++) {
      const v = s.x[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo < hi ? [lo, hi] : undefined;
}

/** Interleave x and y into [x0, y0, x1, y1, …] (the typed-array form ECharts reads without copying rows). */
export function interleave(x: Float64Array, y: Float64Array): Float64Array {
  const n = Math.min(x.length, y.length);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = x[i]!;
    out[2 * i + 1] = y[i]!;
  }
  return out;
}

function rich(style: ChartStyle, size: number, color = style.colors.ink): Record<string, Record<string, unknown>> {
  return richStyles(color, size, style.fonts);
}

/** A value axis (or log axis) in the style: line, ticks (inside in print), labels, title. */
function valueAxis(style: ChartStyle, title: string, nameGap: number): Record<string, unknown> {
  const c = style.colors;
  const line = { color: c.axis, width: style.axisWidth };
  return {
    name: richText(title),
    nameLocation: 'middle',
    nameGap,
    // print: the title exactly where the layout puts it (beyond the widest tick label)
    ...(style.print ? { nameMoveOverlap: false } : {}),
    nameTextStyle: { rich: rich(style, style.titleSize) },
    axisLine: { show: true, onZero: false, lineStyle: line },
    axisTick: { show: true, inside: style.print, length: style.print ? 3 : 5, lineStyle: line },
    axisLabel: { color: c.axis, fontSize: style.fontSize, fontFamily: style.fonts.sans, hideOverlap: true, margin: style.print ? 3 : 8, formatter: (v: number) => axisNumber(v) },
    splitLine: { show: !style.print, lineStyle: { color: c.grid } },
  };
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

/** The data's extent on y (the panel's range if it has one): finite values, positive on a log axis. */
function yExtentOf(spec: LineSpec | BarSpec): [number, number] {
  if (spec.yRange) return spec.yRange;
  let lo = Infinity;
  let hi = -Infinity;
  const take = (v: number | null): void => {
    if (v === null || !Number.isFinite(v) || (spec.logY && v <= 0)) return;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  };
  if (spec.kind === 'bar') for (const s of spec.series) s.values.forEach(take);
  else for (const s of spec.series) s.y.forEach(take);
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** The widest tick label an axis over [lo, hi] is likely to carry (round steps, or decades on a log axis). */
export function tickLabelWidth(style: ChartStyle, [lo, hi]: [number, number], log: boolean): number {
  const measure = style.measure ?? ((t: string, size: number) => 0.56 * size * t.length);
  let ticks: number[];
  if (log && lo > 0) {
    ticks = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) ticks.push(10 ** e);
  } else {
    // finer steps than ECharts may pick (a 0.5 step gives 3.5×10⁶) and the ends (shown on x)
    ticks = [...niceTicks(lo, hi, 11), lo, hi];
  }
  return Math.max(measure('0', style.fontSize), ...ticks.map((t) => measure(axisNumber(t), style.fontSize)));
}

/** Print: the left margin that holds the tick labels (width from the data) and the rotated y title. */
function printLeft(style: ChartStyle, extent: [number, number], log: boolean): number {
  // the rotated title's subscripts hang towards the axis: room for them too
  return tickLabelWidth(style, extent, log) + 3 + 0.6 * style.fontSize + 1.6 * style.titleSize;
}

/**
 * Print: an axis and its mirror on the opposite side (same scale, ticks inside, no labels), so
 * the frame is drawn by axis lines on all four sides with ticks on each, as physics journals
 * print it (a grid border would be drawn slightly apart from the axis lines).
 */
function framed(axis: Record<string, unknown>, style: ChartStyle, opposite: 'top' | 'right'): Record<string, unknown> | Record<string, unknown>[] {
  if (!style.print) return axis;
  const mirror = { ...axis, position: opposite, name: '', axisLabel: { show: false }, splitLine: { show: false } };
  delete (mirror as { nameTextStyle?: unknown }).nameTextStyle;
  return [axis, mirror];
}

export interface CurveOptionInput {
  /** The chart's width (legend rows depend on it). */
  width: number;
  /** Selected points (screen): curve index and point index, drawn as rings with a line at their x. */
  marks?: { series: number; i: number }[];
  /** Print: where the legend may start (after the panel's label). */
  legendLeft?: number;
}

/**
 * The option of a line, trace or bar panel: axis titles and legend entries in paper notation
 * (real sub/superscripts), log axes, the panel's ranges; failed points as shaded bands (screen).
 */
export function curveOption(spec: LineSpec | BarSpec, style: ChartStyle, input: CurveOptionInput): { option: ChartOption; grid: GridBox } {
  const c = style.colors;
  const k = style.scale;
  const names = uniqueNames(spec.series.map((s) => s.name));
  // one entry per quantity when the curves are shades of it (see LineSpec.legend)
  const grouped = spec.kind === 'line' && spec.legend?.length ? spec.legend : undefined;
  const legendNames = grouped ? grouped.map((g) => g.name) : names;
  const legendText = (n: string): string => (grouped?.find((g) => g.name === n)?.label ?? n).replace(/\u200b/g, '');
  // print: the y title just beyond the widest tick label; screen: fixed margins
  const left = style.print ? printLeft(style, yExtentOf(spec), spec.logY) : style.compact ? 66 : 74;
  // print: room for half the last x tick label, which is centred on the plot's right edge
  const xExt = spec.kind === 'line' ? (spec.xRange ?? extent(spec)) : undefined;
  const right = style.print ? Math.max(1.6 * style.fontSize, xExt ? 0.55 * tickLabelWidth(style, xExt, spec.kind === 'line' && spec.logX) + 2 : 0) : 36;
  // a legend that wraps onto as many rows as it needs (estimated from the text), above the plot
  const itemW = style.print ? 1.8 * style.fontSize : 24;
  const gap = style.print ? 0.9 * style.fontSize : 16;
  const avail = style.print ? input.width - Math.max(left, input.legendLeft ?? 0) - right : Math.max(120, input.width - 76);
  // ECharts puts 5 px between a legend's sample and its text
  const itemWidths = legendNames.map((n) => itemW + 5 + richWidth(legendText(n), style.legendSize, style) + gap);
  let legendRows = 0;
  if (legendNames.length > 1 || grouped) {
    legendRows = 1;
    let x = 0;
    for (const w of itemWidths) {
      if (x > 0 && x + w - gap > avail) {
        legendRows++;
        x = 0;
      }
      x += w;
    }
  }
  // on screen more than two rows would squeeze the plot: one row that pages instead
  const scroll = !style.print && legendRows > 2;
  if (scroll) legendRows = 1;
  const rowH = (style.print ? 1.45 : 1.65) * style.legendSize;
  const top = legendRows ? 6 * k + rowH * legendRows + 8 * k : 18 * k;
  const grid: GridBox = style.print
    ? { left, right, top, bottom: 2.4 * style.fontSize + 1.3 * style.titleSize }
    : { left, right, top, bottom: style.compact ? 50 : 54 };
  const yGap = grid.left - (style.print ? 1.5 : 1.2) * style.titleSize;
  const xGap = style.print ? 1.7 * style.fontSize + 0.2 * style.titleSize : 30;
  const common = {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: style.fonts.sans, fontSize: style.fontSize, color: c.axis },
    grid: { ...grid, containLabel: false, ...(style.print ? { outerBoundsMode: 'none' } : {}) },
    legend:
      legendNames.length > 1 || grouped
        ? {
            type: scroll ? 'scroll' : 'plain',
            pageIconColor: c.axis,
            pageIconInactiveColor: c.grid,
            pageTextStyle: { color: c.axis },
            top: 6 * k,
            left: style.print ? Math.max(grid.left, input.legendLeft ?? 0) : 60,
            // print: the width the rows were counted for, so ECharts wraps where the layout did
            ...(style.print ? { width: avail } : { right: 12 }),
            padding: style.print ? 0 : 5,
            borderColor: c.axis,
            borderWidth: 0,
            itemWidth: itemW,
            itemHeight: 8 * k,
            itemGap: gap,
            data: legendNames,
            formatter: (n: string) => richText(legendText(n)),
            ...(grouped ? { selectedMode: false } : {}),
            textStyle: { color: c.ink, fontSize: style.legendSize, rich: rich(style, style.legendSize) },
            // lines: the line sample only, without the symbol dot
            ...(spec.kind === 'line' ? { itemStyle: { opacity: 0 } } : {}),
          }
        : { show: false },
  };
  // bars on a log axis grow from the bottom decade, not from 1 (ECharts' default base)
  let logBase: number | undefined;
  if (spec.kind === 'bar' && spec.logY) {
    let lo = Infinity;
    for (const s of spec.series) for (const v of s.values) if (v !== null && v > 0 && v < lo) lo = v;
    logBase = spec.yRange ? spec.yRange[0] : Number.isFinite(lo) ? 10 ** Math.floor(Math.log10(lo)) : undefined;
  }
  // points at ±∞ sit on the axis edge: the range is fixed from the finite values (and ends there)
  const edges = spec.kind === 'line' && !spec.yRange ? infiniteEdges(spec) : undefined;
  const yAxis = {
    ...valueAxis(style, spec.yLabel, yGap),
    type: spec.logY ? 'log' : 'value',
    ...(logBase !== undefined ? { min: logBase, startValue: logBase } : {}),
    scale: !spec.logY && !spec.yRange && !edges,
    ...(spec.yRange ? { min: spec.yRange[0], max: spec.yRange[1] } : {}),
    ...(edges ? { min: edges[0], max: edges[1] } : {}),
  };
  if (spec.kind === 'bar') {
    const x = valueAxis(style, spec.xLabel, xGap);
    return {
      grid,
      option: {
        ...common,
        xAxis: framed(
          {
            ...x,
            type: 'category',
            data: spec.categories,
            axisTick: { ...(x.axisTick as object), alignWithLabel: true },
            axisLabel: { ...(x.axisLabel as object), formatter: undefined, hideOverlap: false },
            splitLine: { show: false },
          },
          style,
          'top',
        ),
        yAxis: framed(yAxis, style, 'right'),
        series: spec.series.map((s, i) => ({
          id: s.id,
          name: names[i],
          type: 'bar',
          data: s.values,
          barMaxWidth: 22 * k,
          barGap: '10%',
          itemStyle: { color: s.color },
          emphasis: { disabled: true },
          animation: false,
        })),
      },
    };
  }
  const ext = spec.xRange ?? extent(spec);
  const x = valueAxis(style, spec.xLabel, xGap);
  return {
    grid,
    option: {
      ...common,
      xAxis: framed(
        {
          ...x,
          type: spec.logX ? 'log' : 'value',
          ...(ext ? { min: ext[0], max: ext[1] } : {}),
          // print: x labels start below the y axis's lowest label (no collision in the corner)
          axisLabel: { ...(x.axisLabel as object), showMinLabel: true, showMaxLabel: true, ...(style.print ? { margin: 0.6 * style.fontSize } : {}) },
        },
        style,
        'top',
      ),
      yAxis: framed(yAxis, style, 'right'),
      series: [
        ...spec.series.map((s, i) => ({
          id: s.id,
          name: names[i],
          type: 'line',
          dimensions: ['x', 'y'],
          data: interleave(s.x, s.y),
          showSymbol: s.markers,
          symbol: s.markers ? 'circle' : 'none',
          symbolSize: 5 * (style.print ? Math.max(0.8, style.lineWidth) * 0.8 : 1),
          sampling: s.x.length > 4000 ? 'lttb' : undefined,
          connectNulls: false,
          clip: true,
          color: s.color,
          lineStyle: { color: s.color, width: style.lineWidth, type: dashOf(s.dash, style), cap: s.dash === 'dot' ? 'round' : 'butt' },
          emphasis: { disabled: true },
          animation: false,
        })),
        ...bandSeries(spec, style),
        ...infiniteSeries(spec, style, spec.yRange ?? edges),
        ...(style.print ? [] : helperSeries(spec, c, input.marks ?? [])),
      ],
    },
  };
}

/** Shaded x ranges (a 3 dB band…) behind the curves, with their label at the top. */
function bandSeries(spec: LineSpec | BarSpec, style: ChartStyle): Record<string, unknown>[] {
  if (spec.kind !== 'line' || !spec.bands?.length) return [];
  return [
    {
      id: '__bands',
      name: '__bands',
      type: 'line',
      data: [],
      silent: true,
      animation: false,
      z: 0,
      markArea: {
        silent: true,
        animation: false,
        data: spec.bands.map((b) => [
          {
            xAxis: b.x0,
            itemStyle: { color: b.color ?? (style.print ? 'rgba(0, 0, 0, 0.09)' : 'rgba(93, 102, 119, 0.13)') },
            label: b.label
              ? { show: true, position: spec.series.some((x) => x.y.includes(Infinity)) ? 'insideBottom' : 'insideTop', formatter: richText(b.label), rich: rich(style, style.fontSize, style.colors.axis), distance: style.print ? 0.3 * style.fontSize : 4 }
              : { show: false },
          },
          { xAxis: b.x1 },
        ]),
      },
    },
  ];
}

const isInf = (v: number): boolean => v === Infinity || v === -Infinity;

/**
 * The y range of a line panel with points at ±∞: round values around the finite points, so the
 * edges the infinite points are drawn on are the axis's ends (undefined: no infinite points).
 */
function infiniteEdges(spec: LineSpec): [number, number] | undefined {
  if (!spec.series.some((s) => s.y.some(isInf))) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spec.series) {
    for (const v of s.y) {
      if (!Number.isFinite(v) || (spec.logY && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) return spec.logY ? [1, 10] : [0, 1];
  // headroom on the side of the infinite points, so their markers stand apart from the curves
  const up = spec.series.some((s) => s.y.includes(Infinity));
  const down = !spec.logY && spec.series.some((s) => s.y.includes(-Infinity));
  if (spec.logY) {
    const d = Math.max(1, Math.log10(hi / lo));
    return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi) + (up ? 0.15 * d : 0) + (hi === lo ? 1 : 0))];
  }
  const span = hi - lo || Math.abs(hi) || 1;
  return niceRange(lo - (down ? 0.15 * span : 0), hi + (up ? 0.15 * span : 0));
}

/**
 * Points at ±∞ (e.g. an isolation of ∞ dB where S21 = 0 exactly): triangles on the axis edge
 * (up at the top for +∞, down at the bottom for −∞), and the quantity's note beside the first
 * one, e.g. "S21 = 0 exactly (∞ dB)". Never a number the model did not give.
 */
function infiniteSeries(spec: LineSpec | BarSpec, style: ChartStyle, range: [number, number] | undefined): Record<string, unknown>[] {
  if (spec.kind !== 'line' || !range) return [];
  const out: Record<string, unknown>[] = [];
  const size = style.print ? 0.65 * style.fontSize : 8;
  spec.series.forEach((s) => {
    for (const sign of [1, -1] as const) {
      const xs: number[] = [];
      for (let i = 0; i < s.y.length; i++) if (s.y[i] === sign * Infinity && Number.isFinite(s.x[i]!)) xs.push(s.x[i]!);
      if (!xs.length) continue;
      const y = sign > 0 ? range[1] : range[0];
      // at most ~16 markers along the edge (every point of a long sweep would be a band)
      const step = Math.max(1, Math.ceil(xs.length / 16));
      const shown = xs.filter((_, i) => i % step === 0);
      const note = s.infinite ? (sign > 0 ? s.infinite.positive : s.infinite.negative) : sign > 0 ? '+∞' : '−∞';
      out.push({
        id: `${s.id}.inf${sign > 0 ? '+' : '-'}`,
        name: `__inf${s.id}${sign}`,
        type: 'scatter',
        silent: true,
        animation: false,
        clip: false,
        z: 5,
        symbol: 'triangle',
        symbolRotate: sign > 0 ? 0 : 180,
        symbolSize: size,
        // inside the frame, the tip on the edge
        symbolOffset: [0, sign > 0 ? size / 2 : -size / 2],
        itemStyle: { color: s.color },
        data: shown.map((x, i) => ({
          value: [x, y],
          ...(i === Math.floor((shown.length - 1) / 2)
            ? {
                label: {
                  show: true,
                  position: sign > 0 ? 'bottom' : 'top',
                  distance: style.print ? 0.2 * style.fontSize : 4,
                  formatter: richText(note),
                  rich: rich(style, style.fontSize, style.colors.ink),
                },
              }
            : {}),
        })),
      });
    }
  });
  return out;
}

function dashOf(dash: string, style: ChartStyle): number[] | 'solid' {
  const d = DASH[dash] ?? 'solid';
  if (d === 'solid' || !style.print) return d;
  // dashes scale with the line width in print (a 1 pt line: 4.5 pt dashes)
  return d.map((v) => v * 0.75 * Math.max(0.75, style.lineWidth));
}

const finiteX = (x: number | undefined): boolean => x !== undefined && Number.isFinite(x);

/** Failed points (bands over their gaps and a dashed line at each) and the selected points. */
function helperSeries(spec: LineSpec, c: ChartColors, marks: { series: number; i: number }[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (spec.failed.length) {
    const lines = spec.failed.flatMap((b) => b.points.map((p) => p.x)).slice(0, 400);
    out.push({
      id: '__failed',
      name: '__failed',
      type: 'line',
      data: [],
      silent: true,
      animation: false,
      markArea: { silent: true, itemStyle: { color: c.error, opacity: 0.09 }, data: spec.failed.map((b) => [{ xAxis: b.x0 }, { xAxis: b.x1 }]) },
      markLine: { silent: true, symbol: ['none', 'none'], label: { show: false }, lineStyle: { color: c.error, type: [3, 3], width: 1, opacity: 0.7 }, data: lines.map((x) => ({ xAxis: x })) },
    });
  }
  const shown = marks
    .map((m) => ({ m, s: spec.series[m.series] }))
    .filter((x): x is { m: { series: number; i: number }; s: LineSpec['series'][number] } => !!x.s && finiteX(x.s.x[x.m.i]));
  if (shown.length) {
    out.push({
      id: '__selected',
      name: '__selected',
      type: 'scatter',
      silent: true,
      animation: false,
      z: 6,
      symbol: 'circle',
      symbolSize: 10,
      data: shown.filter(({ s, m }) => Number.isFinite(s.y[m.i])).map(({ s, m }) => ({ value: [s.x[m.i], s.y[m.i]], itemStyle: { color: c.panel, borderColor: s.color, borderWidth: 2.2 } })),
      markLine: {
        silent: true,
        symbol: ['none', 'none'],
        label: { show: false },
        lineStyle: { color: c.ink, type: [4, 3], width: 1, opacity: 0.45 },
        data: [...new Set(shown.map(({ s, m }) => s.x[m.i]!))].map((x) => ({ xAxis: x })),
      },
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------ heatmaps

export interface HeatOptionInput {
  /** Cell edges of the map in data coordinates. */
  xExtent: [number, number];
  yExtent: [number, number];
  xLabel: string;
  yLabel: string;
  /** The colour bar's title, e.g. 'T_{a→c}'. */
  zLabel: string;
  colorRange: [number, number];
  /** A log colour scale: colours (and the bar's ticks, at decades) follow log10 of the value; colorRange is positive. */
  logZ?: boolean;
  contours?: ContourLevel[];
  /** Whether there is a map to show (the axes get its extent). */
  hasImage: boolean;
  /** Print: the map as an image (a PNG data URL) placed over the plot area. */
  imageUrl?: string;
  /** Print: the colour bar as an image (top: the range's maximum) instead of ECharts' rounded bar. */
  colorBarUrl?: string;
  width: number;
  height: number;
}

/** The plot area of a heatmap: room on the right for the colour bar, its ticks and title. */
export function heatGrid(style: ChartStyle, yExtent: [number, number] = [0, 1]): GridBox {
  if (style.print) {
    const f = style.fontSize;
    return { left: printLeft(style, yExtent, false), right: 1.2 * f + 4.2 * f, top: 1.2 * f + 1.5 * style.titleSize, bottom: 2.4 * f + 1.3 * style.titleSize };
  }
  return style.compact ? { left: 66, right: 108, top: 34, bottom: 50 } : { left: 74, right: 132, top: 40, bottom: 58 };
}

/** Where a heatmap's colour bar is drawn in a panel of a width and height (points, from the panel's corner). */
export function colorBarBox(style: ChartStyle, grid: GridBox, width: number, height: number): { x: number; y: number; width: number; height: number } {
  const bar = barBox(style);
  return { x: width - (grid.right - bar.gap), y: grid.top, width: bar.width, height: Math.max(40 * style.scale, height - grid.top - grid.bottom) };
}

/** The colour bar's width and its gap from the plot area. */
function barBox(style: ChartStyle): { width: number; gap: number } {
  return style.print ? { width: 0.9 * style.fontSize, gap: 0.9 * style.fontSize } : { width: 14, gap: 22 };
}

/** Where a value sits on the colour scale, 0 (range's minimum) … 1 (maximum); log10 on a log scale. */
export function zFraction(v: number, range: [number, number], log = false): number {
  const [lo, hi] = log ? [Math.log10(range[0]), Math.log10(range[1])] : range;
  const x = log ? Math.log10(v) : v;
  return hi > lo ? (x - lo) / (hi - lo) : 0;
}

/** Ticks of a colour bar: round values, or on a log scale the decades (every other one past 8). */
export function colorTicks(range: [number, number], log: boolean, count: number): number[] {
  const [lo, hi] = range;
  if (!log) return niceTicks(lo, hi, count);
  const e0 = Math.ceil(Math.log10(lo) - 1e-9);
  const e1 = Math.floor(Math.log10(hi) + 1e-9);
  const step = Math.max(1, Math.ceil((e1 - e0 + 1) / Math.max(2, count)));
  const out: number[] = [];
  for (let e = e0; e <= e1; e += step) out.push(10 ** e);
  return out;
}

/** Iso-lines on the map: white over the dark end of viridis, dark over the light end. */
export function contourColor(level: number, range: [number, number], log = false): string {
  const t = zFraction(level, range, log);
  return t > 0.62 ? 'rgba(20, 24, 32, 0.9)' : 'rgba(255, 255, 255, 0.95)';
}

/**
 * The option of a heatmap panel: value axes over the map's cell edges, the colour bar (a
 * continuous visualMap in viridis with ticks and the quantity's symbol), contour lines with their
 * level. The map itself is an image: on screen a canvas the component places, in print a PNG.
 */
export function heatOption(input: HeatOptionInput, style: ChartStyle): { option: ChartOption; grid: GridBox } {
  const c = style.colors;
  const grid = heatGrid(style, input.yExtent);
  const bar = barBox(style);
  const [lo, hi] = input.colorRange;
  const h = Math.max(40 * style.scale, input.height - grid.top - grid.bottom);
  const axis = (label: string, horizontal: boolean, min: number, max: number): Record<string, unknown> => {
    const a = valueAxis(style, label, horizontal ? (style.print ? 1.7 * style.fontSize + 0.2 * style.titleSize : 32) : grid.left - (style.print ? 1.5 : 1.2) * style.titleSize);
    return {
      ...a,
      type: 'value',
      scale: true,
      min,
      max,
      // the axis runs over cell edges (half a step beyond the first and last point): no labels there
      axisLabel: { ...(a.axisLabel as object), showMinLabel: false, showMaxLabel: false, ...(style.print && horizontal ? { margin: 0.6 * style.fontSize } : {}) },
      splitLine: { show: false },
    };
  };
  const plotW = Math.max(0, input.width - grid.left - grid.right);
  const series: Record<string, unknown>[] = [cornerSeries(input), ...contourSeries(input, style)];
  const graphics: Record<string, unknown>[] = colorBarGraphics(input, style, grid, bar, h);
  if (input.imageUrl) {
    graphics.unshift({ type: 'image', silent: true, z: -10, x: grid.left, y: grid.top, style: { image: input.imageUrl, x: 0, y: 0, width: plotW, height: h } });
  }
  if (input.colorBarUrl) {
    // print: the bar as an image of the colour map (square corners, exactly the map's colours)
    graphics.unshift({ type: 'image', silent: true, z: -10, x: input.width - (grid.right - bar.gap), y: grid.top, style: { image: input.colorBarUrl, x: 0, y: 0, width: bar.width, height: h } });
  }
  return {
    grid,
    option: {
      animation: false,
      backgroundColor: 'transparent',
      textStyle: { fontFamily: style.fonts.sans, fontSize: style.fontSize, color: c.axis },
      grid: { ...grid, containLabel: false, ...(style.print ? { outerBoundsMode: 'none' } : {}) },
      xAxis: framed(axis(input.xLabel, true, input.xExtent[0], input.xExtent[1]), style, 'top'),
      yAxis: framed(axis(input.yLabel, false, input.yExtent[0], input.yExtent[1]), style, 'right'),
      visualMap: {
        show: !input.colorBarUrl,
        type: 'continuous',
        // the map is painted from the same stops; the visualMap is only the colour bar
        seriesIndex: [],
        min: lo,
        max: hi > lo ? hi : lo + 1,
        calculable: false,
        hoverLink: false,
        realtime: false,
        orient: 'vertical',
        padding: 0,
        itemWidth: bar.width,
        itemHeight: h,
        right: grid.right - bar.gap - bar.width,
        top: grid.top,
        text: undefined,
        showLabel: false,
        inRange: { color: [...VIRIDIS] },
      },
      graphic: { id: 'colorbar', type: 'group', children: graphics },
      series,
    },
  };
}

/**
 * An invisible custom series over the map's corners: it gives the axes (and the screen's zoom) a
 * data extent; the map itself is not a series.
 */
function cornerSeries(input: HeatOptionInput): Record<string, unknown> {
  const [x0, x1] = input.xExtent;
  const [y0, y1] = input.yExtent;
  return {
    id: 'corners',
    type: 'custom',
    coordinateSystem: 'cartesian2d',
    silent: true,
    animation: false,
    data: input.hasImage ? [[x0, y0], [x1, y1]] : [],
    encode: { x: 0, y: 1 },
    renderItem: () => null,
  };
}

/** Ticks, tick labels and the title of the colour bar, placed beside the visualMap's bar. */
function colorBarGraphics(input: HeatOptionInput, style: ChartStyle, grid: GridBox, bar: { width: number; gap: number }, h: number): Record<string, unknown>[] {
  const c = style.colors;
  const left = input.width - (grid.right - bar.gap);
  const right = left + bar.width;
  const [lo, hi] = input.colorRange;
  const out: Record<string, unknown>[] = [];
  const tick = style.print ? 2.5 : 4;
  const perTick = style.print ? 3.2 * style.fontSize : 50;
  const log = input.logZ === true && lo > 0 && hi > lo;
  for (const t of colorTicks([lo, hi], log, Math.max(3, Math.min(8, Math.floor(h / perTick))))) {
    const y = grid.top + (1 - zFraction(t, [lo, hi], log)) * h;
    out.push({ type: 'line', silent: true, shape: { x1: right, y1: y, x2: right + tick, y2: y }, style: { stroke: c.axis, lineWidth: style.axisWidth } });
    out.push({
      type: 'text',
      silent: true,
      x: right + tick + (style.print ? 1.5 : 3),
      y,
      style: { text: axisNumber(t), fill: c.axis, fontSize: style.fontSize, fontFamily: style.fonts.sans, verticalAlign: 'middle', align: 'left' },
    });
  }
  if (style.print) {
    out.push({ type: 'rect', silent: true, z: 10, shape: { x: left, y: grid.top, width: bar.width, height: h }, style: { fill: 'none', stroke: c.axis, lineWidth: style.axisWidth } });
  }
  // the contour levels, as lines across the bar
  for (const lv of input.contours ?? []) {
    if (!(lv.level >= lo && lv.level <= hi) || !(hi > lo)) continue;
    const y = grid.top + (1 - zFraction(lv.level, [lo, hi], log)) * h;
    out.push({ type: 'line', silent: true, shape: { x1: left - 2 * style.scale, y1: y, x2: right, y2: y }, style: { stroke: contourColor(lv.level, input.colorRange, log), lineWidth: 1.2 * (style.print ? style.lineWidth * 0.8 : 1) } });
  }
  out.push({
    type: 'text',
    silent: true,
    x: left + bar.width / 2,
    y: grid.top - (style.print ? 0.8 * style.fontSize : 8),
    style: { text: richText(input.zLabel), rich: rich(style, style.titleSize), align: 'center', verticalAlign: 'bottom' },
  });
  return out;
}

/** One line series per contour level (polylines separated by gaps), with its level as a label. */
function contourSeries(input: HeatOptionInput, style: ChartStyle): Record<string, unknown>[] {
  const labels = labelPoints(input.contours ?? [], { x0: input.xExtent[0], x1: input.xExtent[1], y0: input.yExtent[0], y1: input.yExtent[1] });
  return (input.contours ?? []).map((lv, k) => {
    let n = 0;
    for (const l of lv.lines) n += l.length + 2;
    const data = new Float64Array(n);
    let o = 0;
    for (const l of lv.lines) {
      data.set(l, o);
      o += l.length;
      data[o++] = NaN;
      data[o++] = NaN;
    }
    const color = contourColor(lv.level, input.colorRange, input.logZ === true);
    const at = labels[k];
    return {
      id: `contour-${k}`,
      type: 'line',
      silent: true,
      animation: false,
      z: 3,
      dimensions: ['x', 'y'],
      data,
      showSymbol: false,
      symbol: 'none',
      connectNulls: false,
      clip: true,
      lineStyle: { color, width: style.print ? 0.8 * style.lineWidth : 1.3 },
      emphasis: { disabled: true },
      markPoint: at
        ? {
            silent: true,
            animation: false,
            symbol: 'rect',
            symbolSize: [1, 1],
            itemStyle: { color: 'transparent' },
            label: {
              show: true,
              formatter: axisNumber(lv.level),
              color,
              fontSize: style.print ? style.fontSize - 1 : 10.5,
              fontFamily: style.fonts.sans,
              textBorderColor: color.startsWith('rgba(255') ? 'rgba(20, 24, 32, 0.55)' : 'rgba(255, 255, 255, 0.7)',
              textBorderWidth: style.print ? 1.2 : 2,
            },
            data: [{ coord: at }],
          }
        : undefined,
    };
  });
}
