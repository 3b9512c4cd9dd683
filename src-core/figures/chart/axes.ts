/** Axis layout of the chart options: value axes, tick-label widths, print margins and the print frame. */
import { niceTicks } from '../colormap';
import { axisFormatter, axisNumber } from '../format';
import type { BarSpec, LineSpec } from '../panel-data';
import { richText } from '../rich-text';
import { rich, type ChartStyle } from './style';

/**
 * A value axis (or log axis) in the style: line, ticks (inside in print), labels, title. With the
 * data's `extent` (a linear axis), every tick label is in one style (axisFormatter).
 */
export function valueAxis(style: ChartStyle, title: string, nameGap: number, extent?: readonly [number, number]): Record<string, unknown> {
  const format = axisFormatter(extent);
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
    axisLabel: { color: c.axis, fontSize: style.fontSize, fontFamily: style.fonts.sans, hideOverlap: true, margin: style.print ? 3 : 8, formatter: (v: number) => format(v) },
    splitLine: { show: !style.print, lineStyle: { color: c.grid } },
  };
}

/** The data's extent on y (the panel's range if it has one): finite values, positive on a log axis. */
export function yExtentOf(spec: LineSpec | BarSpec): [number, number] {
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
  const format = log ? axisNumber : axisFormatter([lo, hi]);
  return Math.max(measure('0', style.fontSize), ...ticks.map((t) => measure(format(t), style.fontSize)));
}

/** Print: the left margin that holds the tick labels (width from the data) and the rotated y title. */
export function printLeft(style: ChartStyle, extent: [number, number], log: boolean): number {
  // the rotated title's subscripts hang towards the axis: room for them too
  return tickLabelWidth(style, extent, log) + 3 + 0.6 * style.fontSize + 1.6 * style.titleSize;
}

/**
 * Print: an axis and its mirror on the opposite side (same scale, ticks inside, no labels), so
 * the frame is drawn by axis lines on all four sides with ticks on each, as physics journals
 * print it (a grid border would be drawn slightly apart from the axis lines).
 */
export function framed(axis: Record<string, unknown>, style: ChartStyle, opposite: 'top' | 'right'): Record<string, unknown> | Record<string, unknown>[] {
  if (!style.print) return axis;
  const mirror = { ...axis, position: opposite, name: '', axisLabel: { show: false }, splitLine: { show: false } };
  delete (mirror as { nameTextStyle?: unknown }).nameTextStyle;
  return [axis, mirror];
}
