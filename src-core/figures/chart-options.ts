/**
 * The ECharts options of every figure panel (see chart/style.ts for the one drawing path shared
 * by the screen and export). Split by idea:
 * - chart/style.ts — screen and print styles, colours, fonts, measuring text;
 * - chart/axes.ts — value axes, tick-label widths, print margins and frame;
 * - chart/curves.ts — line, trace and bar panels;
 * - chart/heatmap.ts — heatmap panels, the colour bar and contours;
 * - chart/transmission.ts — the Scratch view's sweep plot (decimated with chart/decimate.ts);
 * - chart/tooltip.ts — the screen's tooltips.
 * This module re-exports their public names.
 */
export { LIGHT_COLORS, PRINT_COLORS, printStyle, richWidth, screenStyle, type ChartColors, type ChartOption, type ChartStyle, type GridBox } from './chart/style';
export { tickLabelWidth } from './chart/axes';
export { curveOption, interleave, uniqueNames, type CurveOptionInput } from './chart/curves';
export { colorBarBox, colorTicks, contourColor, heatGrid, heatOption, zFraction, type HeatOptionInput } from './chart/heatmap';
export { FULL_LIMIT, isDecimated, sweepPlotOption, sweepPlotStyle, sweepSeriesData, type ChartSeries, type SweepPlotInput, type YScale } from './chart/transmission';
export { axisTooltip, tooltipHead, tooltipParams, tooltipRow, tooltipValue, type TooltipParam } from './chart/tooltip';
