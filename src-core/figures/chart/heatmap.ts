/** The options of heatmap panels: axes over the map, the colour bar, contour lines. */
import { VIRIDIS, niceTicks } from '../colormap';
import { labelPoints, type ContourLevel } from '../contour';
import { axisNumber } from '../format';
import { richText } from '../rich-text';
import { framed, printLeft, valueAxis } from './axes';
import { rich, type ChartOption, type ChartStyle, type GridBox } from './style';

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
