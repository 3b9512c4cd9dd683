import type { Panel } from '../project/types';
import { ravelIndex, unravelIndex } from '../studies/grid-index';
import { autoLevels, contourLevels, type ContourLevel } from './contour';
import { axisNumber } from './format';
import { POINT_DONE } from './map-raster';
import { pointOutput, valueAtPath, type QuantityInfo, type StudyData } from './study-data';

/**
 * What a figure panel draws, computed from panel definitions and study data without touching
 * ECharts (so it is testable): the curves of a line or trace panel, the bars of a point study,
 * the grid of a heatmap. Axis values are divided by the panel's xScale / yScale (θ/π).
 *
 * Why one file of ~580 lines: one spec builder per panel kind (line, trace, bar, heatmap) over the
 * helpers they all use (scaling and log masking, series lookup, palette, titles), and the lookups
 * from a grid point to the drawn points that the plot link needs for every kind; the screen, the
 * PNG/SVG/PDF exporter and the tests take them as one module. The heatmap builder is where a split
 * would go if it grows.
 */

export type Dash = 'solid' | 'dash' | 'dot';

export interface LineSeries {
  id: string;
  /** Legend entry in paper notation. */
  name: string;
  color: string;
  dash: Dash;
  markers: boolean;
  x: Float64Array;
  /** NaN where not computed (a gap), or not positive on a log axis. */
  y: Float64Array;
  /**
   * Where the curve's points are in its study's grid: point i is grid index offset + i·stride
   * (clicking a point inspects it; the selected point is marked on every curve through it).
   */
  src?: { study: string; offset: number; stride: number };
  /** Markers only, no line (turning points, sweep values), with this marker shape (default a circle). */
  lineless?: boolean;
  symbol?: 'circle' | 'diamond' | 'triangle' | 'triangle-down';
  /**
   * What a point at +∞ or −∞ means, from the quantity (e.g. "S_{21} = 0 exactly (∞ dB)"): such
   * points are drawn as markers at the axis edge with this note, never as a number.
   */
  infinite?: { positive: string; negative: string };
}

/**
 * What ±∞ of a quantity means, in paper notation, from its catalogue entry: a ratio in dB
 * ("20·log10(|S12|/|S21|)") is +∞ where the denominator is exactly 0 and −∞ where the
 * numerator is; a magnitude in dB (|S_{21}|) is −∞ where it is exactly 0; else "I = ∞ dB".
 */
export function infinityNotes(q: { symbol: string; label: string; unit: string } | undefined): { positive: string; negative: string } | undefined {
  if (!q) return undefined;
  const unit = q.unit ? ` ${q.unit}` : '';
  const plain = (t: string): string => t.replace(/_\{?(\w+)\}?/g, '$1').trim();
  const ratio = /log10\(\|([^|]+)\|\/\|([^|]+)\|\)/.exec(q.label);
  if (ratio) return { positive: `${plain(ratio[2]!)} = 0 exactly (∞${unit})`, negative: `${plain(ratio[1]!)} = 0 exactly (−∞${unit})` };
  const magnitude = /^\|(.+)\|$/.exec(q.symbol.trim());
  if (magnitude && q.unit === 'dB') return { positive: `${plain(q.symbol)} = ∞ dB`, negative: `${plain(magnitude[1]!)} = 0 exactly (−∞ dB)` };
  return { positive: `${q.symbol} = ∞${unit}`, negative: `${q.symbol} = −∞${unit}` };
}

/** Points of a curve that failed: one band over the gap they leave (x0 … x1, the neighbours' x). */
export interface FailBand {
  x0: number;
  x1: number;
  /** x of each failed point in the band, and why it failed. */
  points: { x: number; reason: string }[];
}

export interface LineSpec {
  kind: 'line';
  /** The parameter on x (the linked cursor matches panels by it), and the factor x was divided by. */
  xKey: string;
  xScale: number;
  xLabel: string;
  yLabel: string;
  logX: boolean;
  logY: boolean;
  xRange?: [number, number];
  yRange?: [number, number];
  series: LineSeries[];
  /**
   * With one curve per value of a second axis: one legend entry per quantity (shown on its
   * darkest curve) instead of one per curve, and a note on what the shades mean.
   */
  legend?: { name: string; label: string }[];
  note?: string;
  /** Failed points of the curves (their gaps), with the reasons. */
  failed: FailBand[];
  /** Shaded x ranges (Panel.bands) resolved to x values in the panel's units. */
  bands?: { x0: number; x1: number; label?: string; color?: string }[];
  /** Quantities or studies the panel names that the data lack. */
  missing: string[];
}

/**
 * The x range around a curve's maximum where it stays within `withinDb` of it (edges linearly
 * interpolated): a 3 dB band. `dB`: the values are in dB already, else 20·log10|v| is used.
 */
export function bandWithin(x: Float64Array, v: Float64Array, withinDb: number, dB: boolean): [number, number] | undefined {
  const y = Float64Array.from(v, (u) => (dB ? u : 20 * Math.log10(Math.abs(u))));
  let k = -1;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]!) && (k < 0 || y[i]! > y[k]!)) k = i;
  if (k < 0) return undefined;
  const floor = y[k]! - withinDb;
  const cross = (i: number, j: number): number => {
    const a = y[i]!;
    const b = y[j]!;
    return Number.isFinite(a) && Number.isFinite(b) && a !== b ? x[i]! + ((floor - a) / (b - a)) * (x[j]! - x[i]!) : x[i]!;
  };
  let lo = k;
  while (lo > 0 && y[lo - 1]! >= floor) lo--;
  let hi = k;
  while (hi < y.length - 1 && y[hi + 1]! >= floor) hi++;
  const a = lo > 0 ? cross(lo - 1, lo) : x[lo]!;
  const b = hi < y.length - 1 ? cross(hi, hi + 1) : x[hi]!;
  return [Math.min(a, b), Math.max(a, b)];
}

export interface BarSpec {
  kind: 'bar';
  xLabel: string;
  yLabel: string;
  logY: boolean;
  yRange?: [number, number];
  categories: string[];
  series: { id: string; name: string; color: string; values: (number | null)[] }[];
  missing: string[];
}

export interface HeatSpec {
  kind: 'heatmap';
  /** The parameters on x and y, the factors they were divided by, and which study axis x is. */
  xKey: string;
  yKey: string;
  xScale: number;
  yScale: number;
  xAxis: 0 | 1;
  /** Contour panels: the iso-lines drawn over the map (levels from the panel, else round values). */
  contours?: ContourLevel[];
  xLabel: string;
  yLabel: string;
  zLabel: string;
  zRange?: [number, number];
  /** A log colour scale (Panel.logZ): colours follow log10; values ≤ 0 are shown as missing. */
  logZ: boolean;
  xValues: Float64Array;
  yValues: Float64Array;
  /** Row-major, x slowest (index = ix·ny + iy). */
  values: Float64Array;
  state: Uint8Array;
  failures: Map<number, string>;
  missing: string[];
}

export type PanelSpec = LineSpec | BarSpec | HeatSpec;

/** Paper-notation title of an axis key ('kappa_b' → 'κ_b/κ'), from the model's schema. */
export type TitleOf = (studyId: string, key: string) => string;

/**
 * Curves without a colour of their own: the Okabe–Ito palette (B. Wong, Nat. Methods 8, 441
 * (2011)), which stays distinguishable with every common colour-vision deficiency (yellow last:
 * weak on white).
 */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#f0e442'];

/** A colour mixed with white: t = 0 the colour, t = 1 white. */
export function lighten(hex: string, t: number): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return hex;
  const v = parseInt(m[1]!, 16);
  const c = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((x) => Math.round(x + (255 - x) * t));
  return `#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** A panel's axis scale (xScale, yScale): 1 when absent, zero or not finite. */
export const scaleOf = (scale: number | undefined): number => (scale && Number.isFinite(scale) && scale !== 0 ? scale : 1);

/** One value as a panel draws it: offset, divided by the scale; NaN where not positive on a log axis. */
export function scaledValue(v: number, scale: number | undefined, log: boolean, offset = 0): number {
  const x = (v - offset) / scaleOf(scale);
  return log && !(x > 0) ? NaN : x;
}

function scaled(v: Float64Array, scale: number | undefined, log: boolean, offset = 0): Float64Array {
  return Float64Array.from(v, (x) => scaledValue(x, scale, log, offset));
}

function symbolOf(d: StudyData | undefined, quantity: string): string {
  return d?.quantities.find((q) => q.key === quantity)?.symbol ?? quantity;
}

/** The default series of a panel without any: every quantity of the study (at most 8). */
function seriesOf(panel: Panel, main: StudyData | undefined): NonNullable<Panel['series']> {
  if (panel.series?.length) return panel.series;
  if (panel.quantity) return [{ quantity: panel.quantity }];
  return (main?.quantities ?? []).slice(0, 8).map((q) => ({ quantity: q.key }));
}

/**
 * Curves of a line panel. On a 2-D sweep the axis that is not `panel.x` gives one curve per value
 * (lighter shades for the earlier values; the last value in the series' own colour).
 */
export function lineSpec(panel: Panel, lookup: (studyId: string) => StudyData | undefined, titleOf: TitleOf): LineSpec {
  const main = lookup(panel.study);
  const xKey = panel.x ?? main?.axes[0]?.key ?? '';
  const out: LineSeries[] = [];
  const missing: string[] = [];
  const logX = panel.logX === true;
  const logY = panel.logY === true;
  const legend: { name: string; label: string }[] = [];
  /** Legend entries of single curves (1-D studies), in series order: kept when another series is a family of shades. */
  const entries: { name: string; label: string; family: boolean }[] = [];
  let note = '';
  const failBands = new Map<string, FailBand>();
  /** Failed points of one curve: grid index offset + i·stride for i < n. */
  const addFailures = (d: StudyData, x: Float64Array, offset: number, stride: number): void => {
    if (d.failures.size === 0) return;
    const n = x.length;
    let i = 0;
    while (i < n) {
      const reason = d.failures.get(offset + i * stride);
      if (reason === undefined) {
        i++;
        continue;
      }
      const points: FailBand['points'] = [];
      let j = i;
      for (; j < n; j++) {
        const r = d.failures.get(offset + j * stride);
        if (r === undefined) break;
        points.push({ x: x[j]!, reason: r });
      }
      const x0 = x[Math.max(0, i - 1)]!;
      const x1 = x[Math.min(n - 1, j)]!;
      const key = `${x0}:${x1}`;
      if (!failBands.has(key)) failBands.set(key, { x0: Math.min(x0, x1), x1: Math.max(x0, x1), points });
      i = j;
    }
  };
  seriesOf(panel, main).forEach((s, k) => {
    const studyId = s.study ?? panel.study;
    const d = lookup(studyId);
    if (!d) {
      if (!missing.includes(studyId)) missing.push(studyId);
      return;
    }
    const q = d.data[s.quantity];
    if (!q) {
      missing.push(s.quantity);
      return;
    }
    let ax = d.axes.findIndex((a) => a.key === xKey);
    if (ax < 0 && d.axes.length === 1) ax = 0;
    if (ax < 0) {
      missing.push(`${s.quantity} (no axis ${xKey})`);
      return;
    }
    const color = s.color ?? PALETTE[k % PALETTE.length]!;
    const dash: Dash = s.dash ?? 'solid';
    const name = s.label ?? symbolOf(d, s.quantity);
    const x = scaled(d.axes[ax]!.values, panel.xScale, logX, panel.xOffset ?? 0);
    const notes = q.some((v) => v === Infinity || v === -Infinity) ? infinityNotes(d.quantities.find((x) => x.key === s.quantity)) : undefined;
    const infinite = notes ? { infinite: notes } : {};
    if (d.axes.length === 1) {
      out.push({ id: `${k}`, name, color, dash, markers: s.markers === true, x, y: scaled(q, panel.yScale, logY), src: { study: studyId, offset: 0, stride: 1 }, ...infinite });
      entries.push({ name, label: name, family: false });
      addFailures(d, x, 0, 1);
      return;
    }
    const other = 1 - ax;
    const ov = d.axes[other]!.values;
    const nx = d.axes[ax]!.values.length;
    const n1 = d.shape[1] ?? d.axes[1]!.values.length;
    // 'ω (rad/s)' → 'ω': the legend names the curve, the unit is on the study's axis
    const otherTitle = titleOf(studyId, d.axes[other]!.key).replace(/\s+\(.*\)$/, '');
    const values = Array.from(ov, (v) => axisNumber(v));
    note = `One curve per ${otherTitle} = ${values.join(', ')}: lighter to darker.`;
    legend.push({ name: `${name}, ${otherTitle} = ${values[values.length - 1]}`, label: name });
    entries.push({ ...legend[legend.length - 1]!, family: true });
    for (let j = 0; j < ov.length; j++) {
      const y = new Float64Array(nx);
      for (let i = 0; i < nx; i++) y[i] = ax === 0 ? q[i * n1 + j]! : q[j * n1 + i]!;
      const shade = ov.length > 1 ? (0.6 * (ov.length - 1 - j)) / (ov.length - 1) : 0;
      const src = ax === 0 ? { study: studyId, offset: j, stride: n1 } : { study: studyId, offset: j * n1, stride: 1 };
      out.push({
        id: `${k}.${j}`,
        name: `${name}, ${otherTitle} = ${axisNumber(ov[j]!)}`,
        color: lighten(color, shade),
        dash,
        markers: s.markers === true,
        x,
        y: scaled(y, panel.yScale, logY),
        src,
        ...infinite,
      });
      addFailures(d, x, src.offset, src.stride);
    }
  });
  const bands: NonNullable<LineSpec['bands']> = [];
  for (const b of panel.bands ?? []) {
    const extra = { ...(b.label ? { label: b.label } : {}), ...(b.color ? { color: b.color } : {}) };
    if (b.x0 !== undefined && b.x1 !== undefined) {
      bands.push({ x0: Math.min(b.x0, b.x1), x1: Math.max(b.x0, b.x1), ...extra });
      continue;
    }
    const d = lookup(b.study ?? panel.study);
    const v = b.quantity ? d?.data[b.quantity] : undefined;
    if (!d || !v || !b.withinDb || d.axes.length !== 1) {
      missing.push(`${b.quantity ?? 'band'} (band)`);
      continue;
    }
    const unit = d.quantities.find((q) => q.key === b.quantity)?.unit;
    const r = bandWithin(scaled(d.axes[0]!.values, panel.xScale, false, panel.xOffset ?? 0), v, b.withinDb, unit === 'dB' || b.quantity!.endsWith('.dB'));
    if (r) bands.push({ x0: r[0], x1: r[1], ...extra });
  }
  const first = out.length ? lookup(panel.series?.[0]?.study ?? panel.study) : main;
  // no title given: the quantity's symbol when every curve draws the same one (an overlay of studies)
  const drawnQuantities = new Set(seriesOf(panel, main).map((s) => s.quantity));
  const yLabel = panel.yLabel ?? (out.length === 1 ? out[0]!.name : drawnQuantities.size === 1 ? symbolOf(first, [...drawnQuantities][0]!) : '');
  return {
    kind: 'line',
    xKey,
    xScale: scaleOf(panel.xScale),
    xLabel: panel.xLabel ?? (main ? titleOf(panel.study, xKey) : xKey),
    yLabel,
    logX,
    logY,
    ...(panel.xRange ? { xRange: panel.xRange } : {}),
    ...(panel.yRange ? { yRange: panel.yRange } : {}),
    series: out,
    // an overlay of single curves and families: every series has its entry (a single curve's too)
    ...(legend.length ? { legend: entries.map(({ name, label }) => ({ name, label })), note } : {}),
    failed: [...failBands.values()].sort((a, b) => a.x0 - b.x0),
    ...(bands.length ? { bands } : {}),
    missing,
  };
}

/** A trace name as a legend shows it: the arrows of a direction drawn (a_to_c, a->c → a→c). */
export function traceDisplayName(name: string): string {
  return name.replace(/_to_/g, '→').replace(/->/g, '→').replace(/<→/g, '↔');
}

/** An axis title with its unit, e.g. "τ (1/κ)", "ω − ω_L (κ)", "t (s)". */
export function titleWithUnit(q: { symbol: string; unit: string }): string {
  return q.unit ? `${q.symbol} (${q.unit})` : q.symbol;
}

/**
 * The curves of a trace study (a simulate study's time traces, a correlation's g2(τ), a spectrum's
 * S(ω), a pulse's response): arrays keyed '<trace>.<field>' against the study's axis — panel.x, else
 * the axis its stored catalogue lists first (tau, omega, t), else 't'. Axis titles, the y title and
 * the legend come from that catalogue when the panel does not give them.
 */
export function traceSpec(panel: Panel, lookup: (studyId: string) => StudyData | undefined): LineSpec {
  const main = lookup(panel.study);
  const missing: string[] = [];
  const out: LineSeries[] = [];
  const catalogue = new Map((main?.quantities ?? []).map((q) => [q.key, q]));
  const listedAxis = main?.quantities.find((q) => !q.key.includes('.') && main.data[q.key] !== undefined);
  const xKey = panel.x ?? listedAxis?.key ?? 't';
  const t = main?.data[xKey];
  const logX = panel.logX === true;
  const logY = panel.logY === true;
  if (main && !t) missing.push(xKey);
  const series: NonNullable<Panel['series']> = panel.series?.length ? panel.series : Object.keys(main?.data ?? {}).filter((k) => k !== xKey).slice(0, 8).map((quantity) => ({ quantity }));
  // one field drawn for several traces: the y title names the field, the legend the traces
  const fields = new Set(series.map((s) => s.quantity.slice(s.quantity.lastIndexOf('.') + 1)));
  const info = (key: string): QuantityInfo | undefined => catalogue.get(key);
  series.forEach((s, k) => {
    const d = lookup(s.study ?? panel.study);
    const y = d?.data[s.quantity];
    const x = d?.data[xKey];
    if (!y || !x) {
      missing.push(s.quantity);
      return;
    }
    const q = (s.study ? new Map((d?.quantities ?? []).map((e) => [e.key, e])) : catalogue).get(s.quantity);
    const dot = s.quantity.lastIndexOf('.');
    const trace = traceDisplayName(s.quantity.slice(0, dot));
    const name = s.label ?? (q && dot > 0 ? (fields.size === 1 ? trace : `${q.symbol}, ${trace}`) : s.quantity);
    out.push({
      id: `${k}`,
      name,
      color: s.color ?? PALETTE[k % PALETTE.length]!,
      dash: s.dash ?? 'solid',
      markers: s.markers === true,
      x: scaled(x, panel.xScale, logX),
      y: scaled(y, panel.yScale, logY),
    });
  });
  const xInfo = info(xKey);
  const yInfo = fields.size === 1 && series[0] ? info(series[0].quantity) : undefined;
  return {
    kind: 'line',
    xKey,
    xScale: scaleOf(panel.xScale),
    xLabel: panel.xLabel ?? (xInfo ? titleWithUnit(xInfo) : 't (s)'),
    yLabel: panel.yLabel ?? (yInfo ? titleWithUnit(yInfo) : ''),
    logX,
    logY,
    ...(panel.xRange ? { xRange: panel.xRange } : {}),
    ...(panel.yRange ? { yRange: panel.yRange } : {}),
    series: out,
    failed: [],
    missing,
  };
}

/**
 * Bars of a point study: each series' quantity is a dotted path into the solver output
 * (result.output.output), e.g. 'a_to_c.P_c' → P_c(m), m = 0, 1, …; a scalar gives one bar.
 */
export function barSpec(panel: Panel, lookup: (studyId: string) => StudyData | undefined): BarSpec {
  const missing: string[] = [];
  const series: BarSpec['series'] = [];
  const logY = panel.logY === true;
  let length = 0;
  let scalars = 0;
  (panel.series ?? (panel.quantity ? [{ quantity: panel.quantity }] : [])).forEach((s, k) => {
    const d = lookup(s.study ?? panel.study);
    const v = d ? valueAtPath(pointOutput(d), s.quantity) : undefined;
    let arr = Array.isArray(v) ? v : typeof v === 'number' ? [v] : undefined;
    if (!arr) {
      missing.push(s.quantity);
      return;
    }
    if (s.minus) {
      // a difference, element by element (e.g. P(m) − 𝒫(m)); missing where either is
      const w = d ? valueAtPath(pointOutput(d), s.minus) : undefined;
      const sub = Array.isArray(w) ? w : typeof w === 'number' ? [w] : undefined;
      if (!sub) {
        missing.push(s.minus);
        return;
      }
      arr = arr.map((x, m) => (typeof x === 'number' && typeof sub[m] === 'number' ? x - (sub[m] as number) : NaN));
    }
    if (!Array.isArray(v)) scalars++;
    const scale = panel.yScale && panel.yScale !== 0 ? panel.yScale : 1;
    const values = arr.map((x) => {
      const y = typeof x === 'number' ? x / scale : NaN;
      return Number.isFinite(y) && (!logY || y > 0) ? y : null;
    });
    length = Math.max(length, values.length);
    series.push({ id: `${k}`, name: s.label ?? s.quantity, color: s.color ?? PALETTE[k % PALETTE.length]!, values });
  });
  const allScalars = scalars > 0 && scalars === series.length;
  const categories = allScalars ? series.map((s) => s.name) : Array.from({ length }, (_, m) => String(m));
  return {
    kind: 'bar',
    xLabel: panel.xLabel ?? (allScalars ? '' : 'm'),
    yLabel: panel.yLabel ?? '',
    logY,
    ...(panel.yRange ? { yRange: panel.yRange } : {}),
    categories,
    series,
    missing,
  };
}

/**
 * The grid of a heatmap panel: x is `panel.x` (default the first axis), y the other axis; the
 * values are transposed when x is the study's second axis.
 */
export function heatSpec(panel: Panel, d: StudyData | undefined, titleOf: TitleOf): HeatSpec {
  const missing: string[] = [];
  const quantity = panel.quantity ?? panel.series?.[0]?.quantity ?? d?.quantities[0]?.key ?? '';
  const empty = {
    kind: 'heatmap' as const,
    xKey: panel.x ?? d?.axes[0]?.key ?? '',
    yKey: d?.axes.find((a) => a.key !== (panel.x ?? d.axes[0]?.key))?.key ?? '',
    xScale: scaleOf(panel.xScale),
    yScale: scaleOf(panel.yScale),
    xAxis: 0 as 0 | 1,
    xLabel: panel.xLabel ?? '',
    yLabel: panel.yLabel ?? '',
    zLabel: panel.colorbarLabel ?? quantity,
    ...(panel.zRange ? { zRange: panel.zRange } : {}),
    logZ: panel.logZ === true,
    xValues: new Float64Array(0),
    yValues: new Float64Array(0),
    values: new Float64Array(0),
    state: new Uint8Array(0),
    failures: new Map<number, string>(),
    missing,
  };
  if (!d) return empty;
  const q = d.data[quantity];
  if (!q || d.axes.length !== 2) {
    missing.push(q ? `${quantity} (not a 2-D study)` : quantity);
    return empty;
  }
  const ax = panel.x ? Math.max(0, d.axes.findIndex((a) => a.key === panel.x)) : 0;
  const ay = 1 - ax;
  const xv = d.axes[ax]!.values;
  const yv = d.axes[ay]!.values;
  const nx = xv.length;
  const ny = yv.length;
  let values = q;
  let state = d.state;
  let failures = d.failures;
  if (ax === 1) {
    // the study's grid is (y, x): transpose to x slowest
    values = new Float64Array(nx * ny);
    state = new Uint8Array(nx * ny);
    failures = new Map();
    for (let i = 0; i < nx; i++) {
      for (let j = 0; j < ny; j++) {
        values[i * ny + j] = q[j * nx + i]!;
        state[i * ny + j] = d.state[j * nx + i]!;
      }
    }
    for (const [index, reason] of d.failures) {
      const j = Math.floor(index / nx);
      const i = index - j * nx;
      failures.set(i * ny + j, reason);
    }
  }
  const xValues = scaled(xv, panel.xScale, false);
  const yValues = scaled(yv, panel.yScale, false);
  let contours: ContourLevel[] | undefined;
  if (panel.kind === 'contour') {
    let levels = panel.levels?.filter((l) => Number.isFinite(l)) ?? [];
    if (!levels.length) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      levels = panel.zRange ? autoLevels(panel.zRange[0], panel.zRange[1]) : autoLevels(lo, hi);
    }
    if (panel.logZ === true) {
      // on a log scale the lines are traced in log10 (levels given, else decades), labelled in values
      const logs = new Float64Array(values.length);
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        logs[i] = v > 0 ? Math.log10(v) : NaN;
        if (v > 0 && v !== Infinity) {
          lo = Math.min(lo, logs[i]!);
          hi = Math.max(hi, logs[i]!);
        }
      }
      const own = panel.levels?.filter((l) => Number.isFinite(l) && l > 0).map((l) => Math.log10(l));
      const decades: number[] = [];
      for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) if (e > lo && e < hi) decades.push(e);
      contours = contourLevels(xValues, yValues, logs, own?.length ? own : decades).map((c) => ({ ...c, level: 10 ** c.level }));
    } else contours = contourLevels(xValues, yValues, values, levels);
  }
  return {
    ...empty,
    xKey: d.axes[ax]!.key,
    yKey: d.axes[ay]!.key,
    xAxis: ax === 1 ? 1 : 0,
    xLabel: panel.xLabel ?? titleOf(panel.study, d.axes[ax]!.key),
    yLabel: panel.yLabel ?? titleOf(panel.study, d.axes[ay]!.key),
    zLabel: panel.colorbarLabel ?? symbolOf(d, quantity),
    xValues,
    yValues,
    values,
    state,
    failures,
    ...(contours ? { contours } : {}),
  };
}

/** The grid index in the study of heatmap cell (ix, iy) (the spec may be the study's grid transposed). */
export function heatIndex(spec: HeatSpec, ix: number, iy: number): number {
  const nx = spec.xValues.length;
  const ny = spec.yValues.length;
  return spec.xAxis === 0 ? ravelIndex([nx, ny], [ix, iy]) : ravelIndex([ny, nx], [iy, ix]);
}

/** The heatmap cell of a study grid index (inverse of {@link heatIndex}); undefined outside the grid. */
export function heatCell(spec: HeatSpec, index: number): [number, number] | undefined {
  const nx = spec.xValues.length;
  const ny = spec.yValues.length;
  if (!(index >= 0 && index < nx * ny)) return undefined;
  if (spec.xAxis === 0) return unravelIndex([nx, ny], index) as [number, number];
  const [iy, ix] = unravelIndex([ny, nx], index) as [number, number];
  return [ix, iy];
}

/** Points of a line spec at a study grid index: which curve, which point. */
export function linePointsAt(spec: LineSpec, studyId: string, index: number): { series: number; i: number }[] {
  const out: { series: number; i: number }[] = [];
  spec.series.forEach((s, k) => {
    if (!s.src || s.src.study !== studyId) return;
    const d = index - s.src.offset;
    if (d < 0 || d % s.src.stride !== 0) return;
    const i = d / s.src.stride;
    if (i < s.x.length) out.push({ series: k, i });
  });
  return out;
}

/** Curves with at least one finite value, and the number of finite values in all curves. */
export function countLinePoints(spec: LineSpec): number {
  let n = 0;
  for (const s of spec.series) for (let i = 0; i < s.y.length; i++) if (Number.isFinite(s.y[i])) n++;
  return n;
}

/** Finished grid points of a heatmap. */
export function countHeatPoints(spec: HeatSpec): number {
  let n = 0;
  for (let i = 0; i < spec.state.length; i++) if (spec.state[i] === POINT_DONE) n++;
  return n;
}
