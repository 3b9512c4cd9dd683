/**
 * The option of a small chart of a trace run's curves (the point inspector's g2(τ)): one field of
 * every trace against the run's axis, with an optional dashed reference level (g2 = 1: coherent
 * light). Built on the line panels' option (curves.ts), so titles and legend entries are rich text
 * in paper notation, and a reference series that keeps its level inside the y range.
 */
import type { LineSeries, LineSpec } from '../panel-data';
import { curveOption, type CurveOptionInput } from './curves';
import type { ChartOption, ChartStyle, GridBox } from './style';

/** Curves of traces, in order: the first direction red, the reverse blue dashed, then distinct colours. */
export const TRACE_COLORS = ['#d62728', '#1f5fbf', '#2ca02c', '#9467bd', '#e69f00', '#17becf', '#8c564b', '#7f7f7f'];

/** The dash of the k-th of n traces: a pair is solid and dashed (as the sweeps draw both directions). */
export function traceDash(k: number, n: number): 'solid' | 'dash' {
  return n === 2 && k === 1 ? 'dash' : 'solid';
}

export interface TraceCurvesInput {
  /** The run's axis values (τ, ω or t). */
  x: Float64Array;
  /** Axis titles in paper notation, with units: 'τ (1/κ)', 'g^{(2)}(τ)'. */
  xLabel: string;
  yLabel: string;
  /** The key of the axis (the linked cursor matches by it). */
  xKey: string;
  /** One curve per trace: its id (trace name), legend entry (paper notation) and values (same length as x). */
  curves: { id: string; label: string; y: Float64Array }[];
  logY?: boolean;
}

/** The line spec of the curves: NaN where a value is missing, not positive on a log axis. */
export function traceCurvesSpec(input: TraceCurvesInput): LineSpec {
  const n = input.curves.length;
  const series: LineSeries[] = input.curves.map((c, k) => {
    const len = Math.min(input.x.length, c.y.length);
    const y = new Float64Array(len);
    for (let i = 0; i < len; i++) {
      const v = c.y[i]!;
      y[i] = Number.isFinite(v) && (!input.logY || v > 0) ? v : NaN;
    }
    return { id: c.id, name: c.label, color: TRACE_COLORS[k % TRACE_COLORS.length]!, dash: traceDash(k, n), markers: false, x: input.x.subarray(0, len), y };
  });
  return { kind: 'line', xKey: input.xKey, xScale: 1, xLabel: input.xLabel, yLabel: input.yLabel, logX: false, logY: input.logY === true, series, failed: [], missing: [] };
}

/** The x extent of the spec's curves (finite values), or undefined without any. */
function xExtent(spec: LineSpec): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spec.series) {
    for (const v of s.x) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * The chart option: the curves as a line panel draws them, plus a dashed horizontal line at
 * `reference` (e.g. g2 = 1) across the curves' x range, in the axis colour, behind the curves and
 * out of the legend and tooltip (its id starts with '__'). Being a series, it keeps the level
 * inside the y axis's range.
 */
export function traceCurvesOption(spec: LineSpec, style: ChartStyle, input: CurveOptionInput & { reference?: number }): { option: ChartOption; grid: GridBox } {
  const built = curveOption(spec, style, input);
  const ext = xExtent(spec);
  const ref = input.reference;
  if (ref === undefined || !ext || !Number.isFinite(ref) || (spec.logY && !(ref > 0))) return built;
  const series = (built.option.series as Record<string, unknown>[]) ?? [];
  const line = {
    id: '__reference',
    name: '__reference',
    type: 'line',
    data: [
      [ext[0], ref],
      [ext[1], ref],
    ],
    silent: true,
    animation: false,
    showSymbol: false,
    symbol: 'none',
    z: 1,
    tooltip: { show: false },
    lineStyle: { color: style.colors.axis, width: 1, type: [5, 4], opacity: 0.8 },
    emphasis: { disabled: true },
  };
  return { grid: built.grid, option: { ...built.option, series: [...series, line] } };
}
