/**
 * The Scratch view's sweep plot option (src-core/figures/chart/transmission.ts): the curves'
 * data (as given, gaps on a log axis, min/max-decimated windows of long sweeps), the y scales,
 * the axes' range and titles, legend and tooltip in paper notation. References are computed
 * here from the inputs (loops over the samples), never copied from the function's output.
 */
import { describe, expect, it } from 'vitest';
import { FULL_LIMIT, isDecimated, LIGHT_COLORS, sweepPlotOption, sweepPlotStyle, sweepSeriesData, type ChartSeries, type SweepPlotInput } from '../../../../src-core/figures/chart-options';

type Opt = Record<string, unknown>;
const style = sweepPlotStyle(LIGHT_COLORS);

function grid(n: number, lo: number, hi: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

function curve(id: string, y: Float64Array, dashed = false): ChartSeries {
  return { id, symbol: id === 'ac' ? 'T_{a→c}' : 'T_{c→a}', color: dashed ? '#1f5fbf' : '#d62728', dashed, y };
}

function input(x: Float64Array | null, series: ChartSeries[], extra: Partial<SweepPlotInput> = {}): SweepPlotInput {
  return { x, series, xRange: x ? [x[0]!, x[x.length - 1]!] : [-2, 2], xLabel: 'Δ/κ', yLabel: 'Transmission T', width: 1000, ...extra };
}

/** Pairs (x, y) of a flat [x0, y0, x1, y1, …] array. */
function pairs(d: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < d.length; i += 2) out.push([d[i]!, d[i + 1]!]);
  return out;
}

describe('sweep plot data', () => {
  it('hands a short sweep to ECharts as it is: x and y interleaved, NaN gaps kept', () => {
    const x = grid(401, -2, 2);
    const y = Float64Array.from(x, (v, i) => (i === 7 ? NaN : 1 / (1 + v * v)));
    const d = sweepSeriesData(input(x, [curve('ac', y)]), y);
    expect(d.length).toBe(2 * x.length);
    for (let i = 0; i < x.length; i++) {
      expect(d[2 * i]).toBe(x[i]);
      if (i === 7) expect(d[2 * i + 1]).toBeNaN();
      else expect(d[2 * i + 1]).toBe(y[i]);
    }
    expect(sweepSeriesData(input(null, []), y).length).toBe(0);
  });

  it('on a log axis leaves values ≤ 0 out (gaps), never another number', () => {
    const x = grid(6, 0, 5);
    const y = Float64Array.from([0.5, 0, -1e-3, 2e-7, NaN, 1]);
    const d = pairs(sweepSeriesData(input(x, [curve('ac', y)], { yScale: { kind: 'log' } }), y));
    expect(d.map((p) => p[0])).toEqual(Array.from(x));
    expect(d.map((p) => p[1])).toEqual([0.5, NaN, NaN, 2e-7, NaN, 1]);
    // linear axes keep them
    expect(pairs(sweepSeriesData(input(x, [curve('ac', y)], { yScale: { kind: 'auto' } }), y))[2]![1]).toBe(-1e-3);
  });

  it('min/max-decimates a long sweep to the width, keeping every bucket’s extremes and gaps', () => {
    const n = FULL_LIMIT * 3 + 17;
    const x = grid(n, -2, 2);
    const y = Float64Array.from(x, (v) => Math.sin(40 * v) * Math.exp(-v * v));
    y[123_457] = 5;
    for (let i = 200_000; i < 200_050; i++) y[i] = NaN;
    expect(isDecimated(x)).toBe(true);
    expect(isDecimated(grid(FULL_LIMIT, 0, 1))).toBe(false);
    const width = 800;
    const d = pairs(sweepSeriesData(input(x, [curve('ac', y)], { width }), y));
    const buckets = 1.5 * width;
    // at most min, max and a NaN per bucket
    expect(d.length).toBeLessThanOrEqual(3 * buckets);
    expect(d.length).toBeGreaterThanOrEqual(2 * buckets - 2);
    // points stay in order on the grid
    for (let k = 1; k < d.length; k++) expect(d[k]![0]).toBeGreaterThan(d[k - 1]![0]);
    // the spike and the global minimum survive; the gap stays a gap
    let lo = Infinity;
    for (const v of y) if (v < lo) lo = v;
    const ys = d.map((p) => p[1]);
    expect(ys).toContain(5);
    expect(ys).toContain(lo);
    const gap = d.filter((p) => p[0] >= x[200_000]! && p[0] <= x[200_049]!);
    expect(gap.some((p) => Number.isNaN(p[1]))).toBe(true);
    // each bucket keeps its own maximum: compare with the maxima computed here
    const count = n;
    for (const b of [0, 17, 600, buckets - 1]) {
      const s = Math.floor((count * b) / buckets);
      const e = Math.floor((count * (b + 1)) / buckets);
      let max = -Infinity;
      for (let i = s; i < e; i++) if (y[i]! > max) max = y[i]!;
      if (Number.isFinite(max)) expect(d.some((p) => p[0] >= x[s]! && p[0] <= x[e - 1]! && p[1] === max)).toBe(true);
    }
    // a wider chart gets more detail
    expect(sweepSeriesData(input(x, [curve('ac', y)], { width: 1600 }), y).length).toBeGreaterThan(2 * d.length * 1.5);
  });

  it('re-decimates the zoomed window only, at full resolution once it is short enough', () => {
    const n = FULL_LIMIT * 2 + 1;
    const x = grid(n, -2, 2);
    const y = Float64Array.from(x, (v) => Math.cos(30 * v));
    // 25 %…26 % of [-2, 2]: ~2 000 samples, fewer than 3 per bucket: copied whole
    const d = pairs(sweepSeriesData(input(x, [curve('ac', y)], { window: { start: 25, end: 26 } }), y));
    const lo = -2 + (4 * 25) / 100;
    const hi = -2 + (4 * 26) / 100;
    // the window's samples, widened by one on the left so the line runs in from the edge
    const first = x.findIndex((v) => v >= lo) - 1;
    const last = x.findIndex((v) => v >= hi);
    expect(d.length).toBe(last - first + 1);
    expect(d.map((p) => p[0])).toEqual(Array.from(x.subarray(first, last + 1)));
    expect(d[0]![0]).toBeLessThan(lo);
    expect(d[d.length - 1]![0]).toBeGreaterThanOrEqual(hi);
    for (const [xv, yv] of d) expect(yv).toBe(Math.cos(30 * xv));
  });
});

describe('sweep plot option', () => {
  const x = grid(11, -2, 2);
  const ac = Float64Array.from(x, (v) => 1 / (1 + v * v));
  const ca = Float64Array.from(x, (v) => 0.5 / (1 + v * v));
  const series = [curve('ac', ac), curve('ca', ca, true)];

  it('frames the sweep’s range on x (either direction) and 0…1 in steps of 0.2 on y by default', () => {
    const o = sweepPlotOption(input(x, series, { xRange: [2, -2] }), style);
    expect(o.xAxis).toMatchObject({ type: 'value', min: -2, max: 2 });
    expect(o.yAxis).toMatchObject({ type: 'value', min: 0, max: 1, interval: 0.2, scale: false });
    const fixed = sweepPlotOption(input(x, series, { yScale: { kind: 'fixed', range: [-1, 4] } }), style).yAxis as Opt;
    expect(fixed).toMatchObject({ min: -1, max: 4, interval: 1 });
  });

  it('fits or logs the y axis, clearing what a fixed range set (the option is merged into the last one)', () => {
    for (const kind of ['auto', 'log'] as const) {
      const y = sweepPlotOption(input(x, series, { yScale: { kind } }), style).yAxis as Opt;
      expect(y.type).toBe(kind === 'log' ? 'log' : 'value');
      expect(y.scale).toBe(true);
      for (const k of ['min', 'max', 'interval']) {
        expect(k in y).toBe(true);
        expect(y[k]).toBeUndefined();
      }
    }
  });

  it('draws one line per curve: the caller’s colours, dashed second curve above the solid one', () => {
    const o = sweepPlotOption(input(x, series), style);
    const s = o.series as Opt[];
    expect(s.map((v) => v.id)).toEqual(['ac', 'ca']);
    expect(s.map((v) => v.name)).toEqual(['T_{a→c}', 'T_{c→a}']);
    expect(s.map((v) => (v.lineStyle as Opt).type)).toEqual(['solid', [6, 4]]);
    expect(s.map((v) => (v.lineStyle as Opt).color)).toEqual(['#d62728', '#1f5fbf']);
    expect(s[1]!.z as number).toBeGreaterThan(s[0]!.z as number);
    expect(pairs(s[1]!.data as Float64Array).map((p) => p[1])).toEqual(Array.from(ca));
  });

  it('writes titles, legend and tooltip in paper notation, never as raw markup', () => {
    const o = sweepPlotOption(input(x, series, { yLabel: 'Value (s^{-1})' }), style);
    const legend = o.legend as Opt & { formatter: (n: string) => string; data: string[] };
    expect(legend.data).toEqual(['T_{a→c}', 'T_{c→a}']);
    // rich-text fragments: T italic, the subscript a lower run
    expect(legend.formatter('T_{a→c}')).toBe('{i|T}{is|a}{rs|→}{is|c}');
    const titles = [(o.xAxis as Opt).name, (o.yAxis as Opt).name] as string[];
    expect(titles[0]).toBe('{i|Δ}{r|/}{i|κ}');
    // the unit upright, its exponent a superscript
    expect(titles[1]).toContain('{rp|-1}');
    for (const t of titles) expect(t).not.toMatch(/[_^]\{/);
    const tip = (o.tooltip as { formatter: (p: unknown) => string }).formatter([
      { seriesId: 'ac', axisValue: -0.31, value: [-0.31, 0.435271], marker: '<i class="m"></i>' },
      { seriesId: 'ca', axisValue: -0.31, value: [-0.31, 0.1726] },
    ]);
    expect(tip).toContain('Δ/κ = −0.31');
    expect(tip).toContain('T<sub>a→c</sub>');
    expect(tip).toContain('<b>0.4353</b>');
    expect(tip).toContain('<i class="m"></i>');
    expect(tip).not.toMatch(/[_^]\{/);
  });
});
