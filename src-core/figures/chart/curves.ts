/** The options of line, trace and bar panels: legend, axes, curves, bands, failed and selected points. */
import { niceRange } from '../colormap';
import type { BarSpec, LineSpec } from '../panel-data';
import { richText } from '../rich-text';
import { framed, printLeft, tickLabelWidth, valueAxis, yExtentOf } from './axes';
import { rich, richWidth, type ChartColors, type ChartOption, type ChartStyle, type GridBox } from './style';

const DASH: Record<string, number[] | 'solid'> = { solid: 'solid', dash: [6, 4], dot: [1.5, 3] };
/** ECharts symbols of LineSeries.symbol (a downward triangle as a path). */
const SYMBOL: Record<string, string> = { circle: 'circle', diamond: 'path://M5,0L10,5L5,10L0,5Z', triangle: 'path://M5,0L10,9L0,9Z', 'triangle-down': 'path://M0,0L10,0L5,9Z' };

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
            // markers-only curves show their marker; lines their line sample
            data: legendNames.map((n, i) => {
              const ser = spec.kind === 'line' && !grouped ? spec.series[i] : undefined;
              return ser?.lineless ? { name: n, icon: SYMBOL[ser.symbol ?? 'circle'], itemStyle: { opacity: 1, color: ser.symbol === 'diamond' ? ser.color : 'transparent', borderColor: ser.color, borderWidth: 1.3 } } : n;
            }),
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
    ...valueAxis(style, spec.yLabel, yGap, spec.logY ? undefined : yExtentOf(spec)),
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
  const x = valueAxis(style, spec.xLabel, xGap, spec.logX ? undefined : ext);
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
          symbol: s.markers ? SYMBOL[s.symbol ?? 'circle'] : 'none',
          symbolSize: s.lineless ? (s.symbol === 'diamond' ? 8 : style.print ? 4.5 : 7) * (style.print ? Math.max(0.8, style.lineWidth) * 0.8 : 1) : 5 * (style.print ? Math.max(0.8, style.lineWidth) * 0.8 : 1),
          ...(s.lineless ? { itemStyle: { color: s.symbol === 'diamond' ? s.color : 'transparent', borderColor: s.color, borderWidth: style.print ? 0.8 * style.lineWidth : 1.3 } } : {}),
          sampling: s.x.length > 4000 ? 'lttb' : undefined,
          connectNulls: false,
          clip: true,
          color: s.color,
          lineStyle: { color: s.color, width: s.lineless ? 0 : style.lineWidth, opacity: s.lineless ? 0 : 1, type: dashOf(s.dash, style), cap: s.dash === 'dot' ? 'round' : 'butt' },
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
