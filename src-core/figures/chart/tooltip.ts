/** The screen's tooltip (ECharts renders its HTML): the box in the style's colours and its rows. */
import { sig4 } from '../format';
import { htmlText } from '../rich-text';
import type { ChartOption, ChartStyle } from './style';

/** A tooltip along the x axis (a line, or a shaded band over bars), its HTML from `formatter`. */
export function axisTooltip(style: ChartStyle, formatter: (params: unknown) => string, pointer: 'line' | 'shadow' = 'line'): ChartOption {
  const c = style.colors;
  return {
    trigger: 'axis',
    axisPointer: { type: pointer, lineStyle: { color: c.axis, width: 1 } },
    confine: true,
    backgroundColor: c.tooltipBg,
    borderColor: c.tooltipBorder,
    borderWidth: 1,
    padding: [6, 10],
    textStyle: { fontFamily: style.fonts.sans, fontSize: 12, color: c.ink },
    formatter,
  };
}

/** The tooltip's first line: "x = value" (x in paper notation, the value as text). */
export function tooltipHead(xLabel: string, xText: string): string {
  return `<div class="nr-tip-head">${htmlText(xLabel)} = ${xText}</div>`;
}

/** One row of the tooltip: the series' colour marker (ECharts' HTML), its label in paper notation, the value. */
export function tooltipRow(marker: unknown, label: string, value: number): string {
  return `<div class="nr-tip-row">${typeof marker === 'string' ? marker : ''}<span class="nr-tip-sym">${htmlText(label)}</span><b>${sig4(value)}</b></div>`;
}

/** What ECharts hands a tooltip formatter per series (the fields read here). */
export interface TooltipParam {
  seriesId?: string;
  seriesName?: string;
  axisValue?: number | string;
  value?: unknown;
  marker?: unknown;
}

/** The formatter's argument as a list (one series or several). */
export function tooltipParams(raw: unknown): TooltipParam[] {
  return (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
}

/** The y value of a tooltip parameter: [x, y] rows (lines) or plain values (bars). */
export function tooltipValue(p: TooltipParam): number {
  return Array.isArray(p.value) ? Number(p.value[1]) : Number(p.value);
}
