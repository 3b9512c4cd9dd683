/**
 * The shared figure code (src-core/figures): one set of ECharts option builders for screen and
 * print, the export layout of a figure, grayscale, raster enlargement.
 */
import { describe, expect, it } from 'vitest';
import { colorTicks, curveOption, heatOption, LIGHT_COLORS, printStyle, screenStyle, tickLabelWidth, zFraction, type ChartOption } from '../../../src-core/figures/chart-options';
import { enlarge, figureDrawing, FigureDataError, grayColor, grayOption, grayPixels, heatColorRange, heatRaster, labelledPanels, panelSpec } from '../../../src-core/figures/figure-drawing';
import { pdfFontFindings, preflight, type TextBox } from '../../../src-core/figures/preflight';
import { bandWithin, lineSpec, type BarSpec, type HeatSpec } from '../../../src-core/figures/panel-data';
import { PALETTE } from '../../../src-core/figures/panel-data';
import { figureSize } from '../../../src-core/figures/presets';
import { richText } from '../../../src-core/figures/rich-text';
import { fromStored, type StudyData } from '../../../src-core/figures/study-data';
import type { Figure, Panel } from '../../../src-core/project/types';

const title = (_s: string, key: string): string => ({ Delta: 'Δ/κ', kappa_b: 'κ_b/κ' })[key] ?? key;

function study(id: string, axes: [string, number[]][], data: Record<string, number[]>, failed: { index: number; reason: string }[] = []): StudyData {
  return fromStored({
    studyId: id,
    result: {
      id: `r-${id}`,
      status: 'succeeded',
      shape: axes.map((a) => a[1].length),
      quantities: Object.keys(data).map((k) => ({ key: k, symbol: k === 'isolation' ? '𝓘' : k, label: k, unit: '' })),
      failed,
      provenance: { model: 'three-cavity', params: {}, solver: 'x', app: { name: 'NR Lab', version: 't' }, date: '', wallMs: 0 },
    },
    axes: axes.map(([key, v]) => ({ key, values: Float64Array.from(v) })),
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Float64Array.from(v)])),
  });
}

const scan = study('scan', [['Delta', [-1, 0, 1, 2]]], { 'a_to_c.T': [0.1, 0.5, 0.9, 0.4], 'c_to_a.T': [0.2, NaN, 0.1, 0.3] }, [{ index: 1, reason: 'no convergence' }]);
const map = study('map', [['Delta', [-1, 0, 1]], ['kappa_b', [0, 1]]], { isolation: [0, 0.2, 0.4, 0.6, 0.8, 1] });
const lookup = (id: string): StudyData | undefined => ({ scan, map })[id];
const linePanel: Panel = { study: 'scan', kind: 'line', x: 'Delta', yLabel: 'T', series: [{ quantity: 'a_to_c.T', label: 'T_{a→c}', color: '#d62728' }, { quantity: 'c_to_a.T', label: 'T_{c→a}', color: '#1f77b4', dash: 'dash' }] };

/** Every string in an option that is a CSS colour. */
function colours(o: unknown, out: string[] = []): string[] {
  if (typeof o === 'string') {
    if (/^#[0-9a-f]{3,6}$/i.test(o) || /^rgba?\(/i.test(o)) out.push(o);
  } else if (Array.isArray(o)) o.forEach((v) => colours(v, out));
  else if (o && typeof o === 'object' && !ArrayBuffer.isView(o)) Object.values(o).forEach((v) => colours(v, out));
  return out;
}

const isGray = (c: string): boolean => {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (hex) return hex[1] === hex[2] && hex[2] === hex[3];
  const m = /^rgba?\((\d+), (\d+), (\d+)/.exec(c);
  return !!m && m[1] === m[2] && m[2] === m[3];
};

describe('one drawing path: the same option builders for screen and print', () => {
  const spec = lineSpec(linePanel, lookup, title);

  it('screen and print draw the same curves from the same arrays; print drops interaction and selection', () => {
    const screen = curveOption(spec, screenStyle(LIGHT_COLORS), { width: 600, marks: [{ series: 0, i: 2 }] }).option;
    const print = curveOption(spec, printStyle(8, 1, 'Liberation Sans'), { width: 245 }).option;
    const curves = (o: ChartOption) => (o.series as { id?: string; data: unknown; lineStyle?: { color: string; width: number } }[]).filter((s) => !String(s.id).startsWith('__'));
    expect(curves(print).map((s) => s.data)).toEqual(curves(screen).map((s) => s.data));
    expect(curves(print).map((s) => s.lineStyle!.color)).toEqual(['#d62728', '#1f77b4']);
    // screen: failed points shaded, the selected point ringed; print: neither, curves at the preset's width
    expect((screen.series as { id: string }[]).map((s) => s.id)).toEqual(['0', '1', '__failed', '__selected']);
    expect(curves(print).every((s) => s.lineStyle!.width === 1)).toBe(true);
    expect(print.tooltip).toBeUndefined();
    expect(print.dataZoom).toBeUndefined();
    // print: the shipped font everywhere, a frame and ticks inside
    expect((print.textStyle as { fontFamily: string }).fontFamily).toBe('Liberation Sans');
    // print: a frame of axes on all four sides (the mirrors without labels), ticks inside
    expect(print.grid).toMatchObject({ outerBoundsMode: 'none' });
    const [y, yMirror] = print.yAxis as { position?: string; axisTick: { inside: boolean }; axisLabel: { show?: boolean } }[];
    expect(y!.axisTick.inside).toBe(true);
    expect(yMirror).toMatchObject({ position: 'right', axisLabel: { show: false }, axisTick: { inside: true } });
    expect((print.xAxis as { position?: string }[])[1]!.position).toBe('top');
    expect(Array.isArray(screen.yAxis)).toBe(false);
  });

  it('print margins follow the widest tick label, measured in the shipped font', () => {
    const style = printStyle(8, 1, 'Liberation Sans', (t, size) => t.length * size * 0.6);
    expect(tickLabelWidth(style, [0, 1], false)).toBeCloseTo(3 * 8 * 0.6); // "0.1"
    expect(tickLabelWidth(style, [0, 6.283e6], false)).toBeCloseTo(8 * 8 * 0.6); // "6.28×10⁶" at the end
    expect(tickLabelWidth(style, [1e-3, 10], true)).toBeCloseTo(5 * 8 * 0.6); // "0.001"
    const narrow = curveOption({ ...spec, yRange: [0, 1] }, style, { width: 245 }).grid.left;
    const wide = curveOption({ ...spec, yRange: [0, 1e-3] }, style, { width: 245 }).grid.left;
    expect(wide).toBeGreaterThan(narrow);
  });

  it('heatmap in print: the map image covers exactly the plot area; the colour bar is an image too', () => {
    const { option, grid } = heatOption(
      { xExtent: [-1.5, 1.5], yExtent: [-0.5, 1.5], xLabel: 'Δ/κ', yLabel: 'κ_b/κ', zLabel: '𝓘', colorRange: [0, 1], hasImage: true, imageUrl: 'data:map', colorBarUrl: 'data:bar', width: 250, height: 180 },
      printStyle(8, 1, 'Liberation Sans'),
    );
    const children = (option.graphic as { children: { type: string; x: number; y: number; style: { image?: string; width?: number; height?: number } }[] }).children;
    const img = children.find((c) => c.style.image === 'data:map')!;
    expect([img.x, img.y, img.style.width, img.style.height]).toEqual([grid.left, grid.top, 250 - grid.left - grid.right, 180 - grid.top - grid.bottom]);
    expect(children.some((c) => c.style.image === 'data:bar')).toBe(true);
    expect((option.visualMap as { show: boolean }).show).toBe(false);
    expect((option.xAxis as unknown[])[0]).toMatchObject({ min: -1.5, max: 1.5 });
  });
});

describe('figure layout for export', () => {
  const figure: Figure = {
    id: 'f',
    name: 'fig',
    layout: { rows: 1, cols: 2 },
    style: { preset: 'aps-double' },
    panels: [linePanel, { study: 'map', kind: 'heatmap', quantity: 'isolation' }],
  };
  const input = { figure, lookup, studyName: (id: string) => id.toUpperCase(), titleOf: title, style: {}, family: 'Liberation Sans', imageUrl: (_p: Uint8ClampedArray, w: number, h: number) => `img:${w}x${h}` };

  it('panels tile the preset page in the layout, labelled (a), (b); failed points are reported', () => {
    const d = figureDrawing(input);
    expect(d.size).toMatchObject({ widthPt: 504, heightPt: 189, fontPt: 9 });
    expect(d.panels.map((p) => [p.x, p.y, p.width, p.height, p.label])).toEqual([
      [0, 0, 252, 189, '(a)'],
      [252, 0, 252, 189, '(b)'],
    ]);
    expect(d.warnings).toEqual(['(a): 1 point of "SCAN" failed and are left as gaps (see the study\'s failures)']);
    // the heatmap raster is enlarged to at least the plot's pixels at 600 dpi (cells stay crisp)
    const children = (d.panels[1]!.option.graphic as { children?: { style: { image?: string } }[] }[])[0]!.children!;
    const images = children.map((c) => c.style.image).filter((u): u is string => !!u);
    // the colour bar is 16 × 256; the map is the other image
    expect(images).toContain('img:16x256');
    const url = images.find((u) => u !== 'img:16x256')!;
    const [w, h] = url.slice(4).split('x').map(Number);
    expect(w! % 3).toBe(0);
    expect(h! % 2).toBe(0);
    expect(w).toBeGreaterThanOrEqual((252 * 600) / 72);
  });

  it('export options override the figure style; grayscale leaves no colour in any option', () => {
    const d = figureDrawing({ ...input, style: { preset: 'nature-single', fontPt: 7, grayscale: true } });
    expect(d.size.widthPt).toBeCloseTo((89 / 25.4) * 72, 2);
    expect(d.size.fontPt).toBe(7);
    const all = d.panels.flatMap((p) => colours(p.option));
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((c) => !isGray(c))).toEqual([]);
    expect(colours(figureDrawing(input).panels[0]!.option).some((c) => !isGray(c))).toBe(true);
  });

  it('a panel whose study has no result stops the export, naming the panel and the study', () => {
    const bad: Figure = { ...figure, panels: [linePanel, { study: 'later', kind: 'line' }] };
    expect(() => figureDrawing({ ...input, figure: bad })).toThrow(FigureDataError);
    expect(() => figureDrawing({ ...input, figure: bad })).toThrow('(b) draws study "LATER", which has no stored result yet: run it first');
  });

  it('labels: (a), (b)… for several unlabelled panels; a figure\'s own labels kept; none for one panel', () => {
    expect(labelledPanels(figure).map((p) => p.label)).toEqual(['(a)', '(b)']);
    expect(labelledPanels({ ...figure, panels: [{ ...linePanel, label: '(i)' }, linePanel] }).map((p) => p.label)).toEqual(['(i)', undefined]);
    expect(labelledPanels({ ...figure, panels: [linePanel] }).map((p) => p.label)).toEqual([undefined]);
  });

  it('figure size: width from the preset, height from the panel grid, rounded to 1/100 pt', () => {
    expect(figureSize({ rows: 1, cols: 1 }, { preset: 'aps-single' })).toMatchObject({ widthPt: 244.8, heightPt: 183.6 });
    expect(figureSize({ rows: 2, cols: 3 }, { preset: 'aps-double' })).toMatchObject({ widthPt: 504, heightPt: 252 });
    expect(figureSize({ rows: 1, cols: 1 }, { preset: 'custom', widthIn: 5, heightIn: 2 })).toMatchObject({ widthPt: 360, heightPt: 144 });
  });
});

describe('grayscale and rasters', () => {
  it('colours become gray of the same luminance (Rec. 709, as CSS grayscale)', () => {
    expect(grayColor('#ff0000')).toBe('#363636'); // 0.2126 × 255 = 54
    expect(grayColor('#00ff00')).toBe('#b6b6b6'); // 0.7152 × 255 = 182
    expect(grayColor('#fff')).toBe('#ffffff');
    expect(grayColor('rgba(255, 255, 255, 0.95)')).toBe('rgba(255, 255, 255, 0.95)');
    expect(grayColor('rgba(0, 0, 255, 0.5)')).toBe('rgba(18, 18, 18, 0.5)');
    // not colours: unchanged
    expect(grayColor('T_{a→c}')).toBe('T_{a→c}');
    expect(grayColor('#1')).toBe('#1');
    const data = new Float64Array([1, 2]);
    const fn = (): number => 1;
    const g = grayOption({ a: ['#ff0000', { b: '#0000ff' }], data, fn });
    expect(g).toEqual({ a: ['#363636', { b: '#121212' }], data, fn });
    expect(g.data).toBe(data);
    const px = new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 128]);
    grayPixels(px);
    expect(Array.from(px)).toEqual([54, 54, 54, 255, 18, 18, 18, 128]);
  });

  it('enlarge repeats each pixel by whole factors (nearest neighbour)', () => {
    const px = new Uint8ClampedArray([1, 1, 1, 255, 2, 2, 2, 255]); // 2 × 1
    const big = enlarge(px, 2, 1, 4);
    expect([big.width, big.height]).toEqual([4, 4]);
    const firstOf = (r: number, c: number): number => big.pixels[4 * (r * big.width + c)]!;
    expect([firstOf(0, 0), firstOf(0, 1), firstOf(0, 2), firstOf(3, 3)]).toEqual([1, 1, 2, 2]);
    expect(enlarge(px, 2, 1, 1).pixels).toBe(px);
  });

  it('default curve colours are the Okabe–Ito palette (colour-blind safe)', () => {
    expect(PALETTE.slice(0, 3)).toEqual(['#0072b2', '#d55e00', '#009e73']);
    const spec = lineSpec({ study: 'scan', kind: 'line', x: 'Delta', series: [{ quantity: 'a_to_c.T' }, { quantity: 'c_to_a.T' }] }, lookup, title);
    expect(spec.series.map((s) => s.color)).toEqual(['#0072b2', '#d55e00']);
  });
});

describe('reflow for the width (export)', () => {
  // six panels in the paper's 2×3 grid: curves and maps, as seed 000's Fig. 2
  const six: Figure = {
    id: 'six',
    name: 'six',
    layout: { rows: 2, cols: 3 },
    style: { preset: 'aps-double' },
    panels: [linePanel, linePanel, { study: 'map', kind: 'heatmap', quantity: 'isolation' }, linePanel, linePanel, { study: 'map', kind: 'heatmap', quantity: 'isolation' }],
  };
  const base = { lookup, studyName: (id: string) => id, titleOf: title, family: 'Liberation Sans', imageUrl: (_p: Uint8ClampedArray, w: number, h: number) => `img:${w}x${h}` };
  const mm = (pt: number): number => (pt * 25.4) / 72;

  it('keeps the paper\'s 2×3 where every plot is large enough (7 in double column)', () => {
    const d = figureDrawing({ ...base, figure: six, style: {} });
    expect(d.grid).toEqual({ rows: 2, cols: 3 });
    expect(d.reflowed).toBe(false);
    expect(d.panels.map((p) => [p.x, p.y])).toEqual([0, 1, 2, 3, 4, 5].map((k) => [(k % 3) * 168, Math.floor(k / 3) * 126]));
  });

  it('at one column (3.4 in) reflows to fewer columns, reading order kept, every plot at least 20 × 15 mm, within 9 in', () => {
    const d = figureDrawing({ ...base, figure: six, style: { preset: 'aps-single' } });
    expect(d.reflowed).toBe(true);
    expect(d.grid.cols).toBeLessThan(3);
    expect(d.grid.rows * d.grid.cols).toBeGreaterThanOrEqual(6);
    expect(d.size.widthPt).toBe(244.8);
    expect(d.size.heightPt).toBeLessThanOrEqual(9 * 72);
    // reading order: panel k at row ⌊k/cols⌋, column k mod cols; labels (a)…(f) in that order
    d.panels.forEach((p, k) => {
      expect(p.x).toBeCloseTo((k % d.grid.cols) * (244.8 / d.grid.cols), 6);
      expect(p.y).toBeCloseTo(Math.floor(k / d.grid.cols) * p.height, 6);
      expect(p.label).toBe(`(${'abcdef'[k]})`);
      expect(mm(p.plot!.width)).toBeGreaterThanOrEqual(20);
      expect(mm(p.plot!.height)).toBeGreaterThanOrEqual(15);
    });
    // the figure's own grid at that width leaves the maps a sliver (what reflow avoids)
    const kept = figureDrawing({ ...base, figure: six, style: { preset: 'aps-single', reflow: false } });
    expect(kept.grid).toEqual({ rows: 2, cols: 3 });
    expect(Math.min(...kept.panels.map((p) => mm(p.plot!.width)))).toBeLessThan(20);
  });

  it('Nature single column: the page\'s 247 mm is the limit', () => {
    const d = figureDrawing({ ...base, figure: six, style: { preset: 'nature-single' } });
    expect(d.size.heightPt).toBeLessThanOrEqual((247 / 25.4) * 72 + 0.01);
    expect(d.limits.minTextPt).toBe(5);
  });
});

describe('infinite values drawn honestly', () => {
  // isolation 20·log10(|S12|/|S21|): ∞ dB where S21 = 0 exactly (the nonlocal system), finite elsewhere
  const iso = fromStored({
    studyId: 'iso',
    result: {
      id: 'r-iso',
      status: 'succeeded',
      shape: [4],
      quantities: [{ key: 'isolation_dB', symbol: 'I', label: 'Isolation 20·log10(|S12|/|S21|)', unit: 'dB' }, { key: 'S21.dB', symbol: '|S_{21}|', label: 'Forward transmission', unit: 'dB' }],
      provenance: { model: 'two-resonator', params: {}, solver: 'x', app: { name: 'NR Lab', version: 't' }, date: '', wallMs: 0 },
    },
    axes: [{ key: 'P', values: Float64Array.from([1, 2, 3, 4]) }],
    data: { isolation_dB: Float64Array.from([Infinity, Infinity, 30, 20]), 'S21.dB': Float64Array.from([-Infinity, -Infinity, -40, -30]) },
  });
  const look = (id: string): StudyData | undefined => (id === 'iso' ? iso : undefined);

  it('the note comes from the quantity: S21 = 0 exactly (∞ dB) / (−∞ dB)', () => {
    const spec = lineSpec({ study: 'iso', kind: 'line', x: 'P', series: [{ quantity: 'isolation_dB' }, { quantity: 'S21.dB' }] }, look, title);
    expect(spec.series[0]!.infinite?.positive).toBe('S21 = 0 exactly (∞ dB)');
    expect(spec.series[1]!.infinite?.negative).toBe('S21 = 0 exactly (−∞ dB)');
  });

  it('the axis range comes from the finite values; ±∞ points are markers on its edges with the note, never a number', () => {
    const spec = lineSpec({ study: 'iso', kind: 'line', x: 'P', series: [{ quantity: 'isolation_dB' }] }, look, title);
    for (const style of [printStyle(8, 1, 'Liberation Sans'), screenStyle(LIGHT_COLORS)]) {
      const { option } = curveOption(spec, style, { width: 300 });
      const y = (option.yAxis as Record<string, unknown>[] | Record<string, unknown>);
      const axis = Array.isArray(y) ? y[0]! : y;
      // finite values 20 and 30: a round range around them with room above for the +∞ markers (not 400, not ∞)
      expect(axis.min).toBe(20);
      expect(axis.max).toBe(32);
      const series = option.series as { type: string; id: string; data: unknown }[];
      const marks = series.find((s) => s.id === '0.inf+') as unknown as { data: { value: number[]; label?: { formatter: string } }[]; symbol: string };
      expect(marks.symbol).toBe('triangle');
      expect(marks.data.map((d) => d.value)).toEqual([
        [1, 32],
        [2, 32],
      ]);
      expect(marks.data.filter((d) => d.label).map((d) => d.label!.formatter)).toEqual([richText('S21 = 0 exactly (∞ dB)')]);
      // no number anywhere in the drawn data is infinite or a cap
      const line = series.find((s) => s.id === '0')!.data as Float64Array;
      expect([...line].filter((v) => Math.abs(v) >= 400 && Number.isFinite(v))).toEqual([]);
    }
  });
});

describe('log colour scale (Panel.logZ)', () => {
  // g2-like values over 5 decades, one zero and one negative value (not drawable on a log scale)
  const g2 = study('g2', [['Delta', [-1, 0, 1]], ['kappa_b', [0, 1]]], { g2: [0.01, 0.1, 1, 73, 0, -2] });
  const look = (id: string): StudyData | undefined => (id === 'g2' ? g2 : undefined);
  const panel: Panel = { study: 'g2', kind: 'heatmap', quantity: 'g2', logZ: true };

  it('the range is whole decades around the positive values; ≤ 0 is missing, not the bottom colour', () => {
    const spec = panelSpec(panel, look, title) as HeatSpec;
    expect(spec.logZ).toBe(true);
    expect(heatColorRange(spec)).toEqual([0.01, 100]);
    const r = heatRaster(spec, heatColorRange(spec));
    const lin = heatRaster({ ...spec, logZ: false }, [0, 80]);
    // pixel of grid index i (x slowest, y up): column ix, row ny-1-iy
    const px = (raster: typeof r, i: number): number[] => {
      const ix = Math.floor(i / 2);
      const iy = i % 2;
      const p = 4 * ((1 - iy) * 3 + ix);
      return Array.from(raster.pixels.slice(p, p + 3));
    };
    // log: 0.01, 0.1, 1 are evenly spaced colours (a quarter of the range apart); linear: all the same dark end
    expect(px(r, 0)).not.toEqual(px(r, 1));
    expect(px(r, 1)).not.toEqual(px(r, 2));
    expect(px(lin, 0)).toEqual(px(lin, 1));
    // 0 and −2 are painted as "no value", like NaN, not as the colour of the minimum
    const nan = heatRaster({ ...spec, values: Float64Array.from([NaN, NaN, NaN, NaN, NaN, NaN]) }, [0.01, 100]);
    expect(px(r, 4)).toEqual(px(nan, 4));
    expect(px(r, 5)).toEqual(px(nan, 5));
    expect(px(r, 4)).not.toEqual(px(r, 0));
  });

  it('colour-bar ticks are decades placed by log10; contour lines at decades, labelled in values', () => {
    expect(colorTicks([0.01, 100], true, 8)).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(zFraction(1, [0.01, 100], true)).toBeCloseTo(0.5, 12);
    expect(zFraction(1, [0.01, 100], false)).toBeCloseTo(0.0099, 4);
    const spec = panelSpec({ ...panel, kind: 'contour' }, look, title) as HeatSpec;
    expect(spec.contours!.map((c) => c.level)).toEqual([0.1, 1, 10].map((v) => expect.closeTo(v, 12)));
    const { option } = heatOption(
      { xExtent: [-1.5, 1.5], yExtent: [-0.5, 1.5], xLabel: 'x', yLabel: 'y', zLabel: 'g', colorRange: [0.01, 100], logZ: true, hasImage: true, width: 300, height: 200 },
      printStyle(8, 1, 'Liberation Sans'),
    );
    const texts = ((option.graphic as { children: { type: string; style: { text?: string } }[] }).children ?? []).filter((c) => c.type === 'text').map((c) => c.style.text);
    expect(texts).toEqual(expect.arrayContaining(['0.01', '0.1', '1', '10', '100']));
  });
});

describe('bands (Panel.bands)', () => {
  it('the 3 dB band of a Lorentzian |S|² = 1/(1 + x²) is |x| ≤ √(10^0.3 − 1) (closed form)', () => {
    const x = Float64Array.from({ length: 401 }, (_, i) => -4 + i * 0.02);
    const dB = Float64Array.from(x, (v) => -10 * Math.log10(1 + v * v));
    const edge = Math.sqrt(10 ** 0.3 - 1);
    const [a, b] = bandWithin(x, dB, 3, true)!;
    expect(a).toBeCloseTo(-edge, 3);
    expect(b).toBeCloseTo(edge, 3);
    // the same from the linear magnitude (20·log10|v|)
    const [c, d] = bandWithin(x, Float64Array.from(x, (v) => 1 / Math.sqrt(1 + v * v)), 3, false)!;
    expect(c).toBeCloseTo(-edge, 3);
    expect(d).toBeCloseTo(edge, 3);
  });

  it('a line panel draws its bands behind the curves, with their label', () => {
    const spec = lineSpec({ ...linePanel, bands: [{ x0: 0.5, x1: -0.5, label: '3 dB band' }] }, lookup, title);
    expect(spec.bands).toEqual([{ x0: -0.5, x1: 0.5, label: '3 dB band' }]);
    const series = curveOption(spec, printStyle(8, 1, 'Liberation Sans'), { width: 300 }).option.series as { id: string; markArea?: { data: [{ xAxis: number; label: { formatter: string } }, { xAxis: number }][] } }[];
    const band = series.find((s) => s.id === '__bands')!;
    expect(band.markArea!.data[0]![0].xAxis).toBe(-0.5);
    expect(band.markArea!.data[0]![1].xAxis).toBe(0.5);
    expect(band.markArea!.data[0]![0].label.formatter).toBe(richText('3 dB band'));
  });
});

describe('preflight (pure)', () => {
  const drawingOf = (fontPt: number) => {
    const d = figureDrawing({ figure: { id: 'f', name: 'f', layout: { rows: 1, cols: 1 }, panels: [linePanel], style: { preset: 'aps-single', fontPt } }, lookup, studyName: (id: string) => id, titleOf: title, style: {}, family: 'Liberation Sans', imageUrl: () => '' });
    return d;
  };
  const box = (x: number, y: number, w: number, h: number) => ({ x, y, width: w, height: h });

  it('passes clean text; names small text, overlapping labels, text across the frame and off the page', () => {
    const d = drawingOf(8);
    const plot = d.panels[0]!.plot!;
    const ok: TextBox[] = [
      { panel: 0, text: '0.5', sizePt: 8, box: box(plot.x - 14, plot.y + 10, 11, 6), group: 'a' },
      { panel: 0, text: '1', sizePt: 8, box: box(plot.x - 8, plot.y + 30, 4, 6), group: 'b' },
      { panel: 0, text: 'a', sizePt: 5.8, box: box(10, 10, 3, 4), group: 'c' },
    ];
    expect(preflight(d, ok)).toEqual([]);
    const bad: TextBox[] = [
      ...ok,
      { panel: 0, text: 'T', sizePt: 8, box: box(plot.x - 13, plot.y + 12, 5, 6), group: 'd' }, // over "0.5"
      { panel: 0, text: 'legend', sizePt: 8, box: box(plot.x + plot.width - 10, plot.y + 5, 30, 6), group: 'e' }, // across the right frame
      { panel: 0, text: 'off', sizePt: 8, box: box(-5, 50, 10, 6), group: 'g' },
    ];
    const f = preflight(d, bad);
    expect(f.map((x) => x.code).sort()).toEqual(['frame', 'overlap', 'page']);
    expect(f.find((x) => x.code === 'overlap')!.message).toMatch(/"0.5" overlaps "T"/);
    expect(f.every((x) => x.panel === 'panel 1')).toBe(true);
    // 5 pt type: its tick labels are under APS's 6 pt, its scripts (3.6 pt) under 5 pt
    const small = drawingOf(5);
    const t = preflight(small, [
      { panel: 0, text: '0.5', sizePt: 5, box: box(50, 50, 8, 4), group: 'a' },
      { panel: 0, text: 'c', sizePt: 3.6, box: box(70, 50, 2, 3), group: 'b' },
    ]);
    expect(t.map((x) => x.message)).toEqual([
      'text "0.5" is 5 pt at print size, under the 6 pt minimum: raise the font size (now 5 pt)',
      'sub- or superscript "c" is 3.6 pt at print size, under the 5 pt minimum for sub- and superscripts: raise the font size (now 5 pt)',
    ]);
  });

  it('plot areas under 20 × 15 mm are named with their size', () => {
    const d = drawingOf(8);
    const tiny = { ...d, panels: [{ ...d.panels[0]!, plot: { x: 30, y: 20, width: 40, height: 30 } }] };
    const f = preflight(tiny, []);
    expect(f).toEqual([{ code: 'plot-small', panel: 'panel 1', message: expect.stringMatching(/^the plot area is 14.1 × 10.6 mm, under the 20 × 15 mm needed to read it/) }]);
  });

  it('fonts: a descriptor without its program, and Type 3, are findings; PDFKit\'s embedded fonts are not', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(pdfFontFindings(enc('<< /Type /FontDescriptor /FontName /ABCDEF+LiberationSans /FontFile2 12 0 R >>'))).toEqual([]);
    expect(pdfFontFindings(enc('<< /Type /FontDescriptor /FontName /Helvetica-Bold /Flags 32 >>'))[0]!.message).toMatch(/not embedded in the PDF: Helvetica-Bold/);
    expect(pdfFontFindings(enc('<< /Type /Font /Subtype /Type3 /FontMatrix [1 0 0 1 0 0] >>'))[0]!.message).toMatch(/Type 3/);
  });
});

describe('bar panels: differences (series.minus)', () => {
  it('P(m) − 𝒫(m), element by element', () => {
    const pt = fromStored({
      studyId: 'pt',
      result: { id: 'r', status: 'succeeded', output: { output: { a_to_c: { P_c: [0.9, 0.09, 0.01], poisson_c: [0.905, 0.09, 0.005] } } }, provenance: { model: 'three-cavity', params: {}, solver: 'x', app: { name: 'NR Lab', version: 't' }, date: '', wallMs: 0 } },
      axes: [],
      data: {},
    });
    const spec = panelSpec({ study: 'pt', kind: 'bar', series: [{ quantity: 'a_to_c.P_c', minus: 'a_to_c.poisson_c' }] }, (id) => (id === 'pt' ? pt : undefined), title) as BarSpec;
    expect(spec.missing).toEqual([]);
    expect(spec.series[0]!.values.map((v) => Number(v!.toFixed(12)))).toEqual([-0.005, 0, 0.005]);
  });
});
