/**
 * The option of a trace run's small chart (src-core/figures/chart/trace-curves.ts: the point
 * inspector's g2(τ)): every curve's samples handed over as given (x and y interleaved), a dashed
 * reference series at g2 = 1 spanning exactly the curves' τ range and kept out of the legend,
 * titles and legend entries as rich text (no `_{…}`/`^{…}` markup left), log axes without
 * non-positive values. References are computed here from the inputs.
 */
import { describe, expect, it } from 'vitest';
import { LIGHT_COLORS, screenStyle } from '../../../../src-core/figures/chart-options';
import { TRACE_COLORS, traceCurvesOption, traceCurvesSpec, type TraceCurvesInput } from '../../../../src-core/figures/chart/trace-curves';

type Opt = Record<string, unknown>;
const style = screenStyle(LIGHT_COLORS, true);

/** τ = 0 … 10 in 201 samples; chaotic light 1 + e^{−τ} (bunched) and 1 − e^{−τ} (antibunched, g2(0) = 0). */
function input(extra: Partial<TraceCurvesInput> = {}): TraceCurvesInput {
  const x = Float64Array.from({ length: 201 }, (_, i) => (10 * i) / 200);
  return {
    x,
    xKey: 'tau',
    xLabel: 'τ (1/κ)',
    yLabel: 'g^{(2)}(τ)',
    curves: [
      { id: 'a_to_c', label: 'a → c', y: Float64Array.from(x, (t) => 1 - Math.exp(-t)) },
      { id: 'c_to_a', label: 'c → a', y: Float64Array.from(x, (t) => 1 + Math.exp(-t)) },
    ],
    ...extra,
  };
}

const seriesOf = (o: Opt): Opt[] => o.series as Opt[];

describe('trace curves chart', () => {
  it('draws every trace from its samples, the pair solid and dashed in distinct colours', () => {
    const inp = input();
    const spec = traceCurvesSpec(inp);
    expect(spec.series.map((s) => s.id)).toEqual(['a_to_c', 'c_to_a']);
    expect(spec.series.map((s) => s.dash)).toEqual(['solid', 'dash']);
    expect(spec.series[0]!.color).toBe(TRACE_COLORS[0]);
    expect(spec.series[1]!.color).not.toBe(spec.series[0]!.color);
    const { option } = traceCurvesOption(spec, style, { width: 320, reference: 1 });
    const curves = seriesOf(option).filter((s) => !String(s.id).startsWith('__'));
    expect(curves).toHaveLength(2);
    curves.forEach((c, k) => {
      const d = c.data as Float64Array;
      expect(d.length).toBe(2 * inp.x.length);
      for (let i = 0; i < inp.x.length; i++) {
        expect(d[2 * i]).toBe(inp.x[i]);
        expect(d[2 * i + 1]).toBe(inp.curves[k]!.y[i]);
      }
    });
  });

  it('adds a dashed line at g2 = 1 over exactly the τ range, behind the curves and outside the legend', () => {
    const spec = traceCurvesSpec(input({ x: Float64Array.from({ length: 11 }, (_, i) => 0.5 + i), curves: [{ id: 'a->c', label: 'a → c', y: new Float64Array(11).fill(0.3) }] }));
    const { option } = traceCurvesOption(spec, style, { width: 320, reference: 1 });
    const ref = seriesOf(option).find((s) => s.id === '__reference')!;
    expect(ref.data).toEqual([
      [0.5, 1],
      [10.5, 1],
    ]);
    expect((ref.lineStyle as Opt).type).not.toBe('solid');
    expect(ref.silent).toBe(true);
    // one curve: no legend at all; two: the legend names the traces only
    expect((option.legend as Opt).show).toBe(false);
    const two = traceCurvesOption(traceCurvesSpec(input()), style, { width: 320, reference: 1 }).option;
    expect((two.legend as Opt).data).toEqual(['a → c', 'c → a']);
    // the reference level lies inside the y range even when every value is below it: it is a series
    expect(ref.type).toBe('line');
  });

  it('has no reference line when none is asked, or when it cannot be drawn on a log axis', () => {
    const spec = traceCurvesSpec(input());
    expect(seriesOf(traceCurvesOption(spec, style, { width: 320 }).option).some((s) => s.id === '__reference')).toBe(false);
    const log = traceCurvesSpec(input({ logY: true }));
    expect(seriesOf(traceCurvesOption(log, style, { width: 320, reference: 0 }).option).some((s) => s.id === '__reference')).toBe(false);
  });

  it('titles are rich text in paper notation, never raw markup', () => {
    const { option } = traceCurvesOption(traceCurvesSpec(input()), style, { width: 320, reference: 1 });
    const y = (option.yAxis as Opt).name as string;
    const x = (option.xAxis as Opt).name as string;
    for (const t of [x, y]) {
      expect(t).not.toMatch(/[_^]\{/);
      // rich-text runs: {style|text}
      expect(t).toMatch(/^(\{\w+\|[^{}]*\})+$/);
    }
    expect(y.replace(/\{\w+\|([^{}]*)\}/g, '$1')).toBe('g(2)(τ)');
  });

  it('leaves out non-positive values on a log axis and non-finite ones always (gaps, not zeros)', () => {
    const x = Float64Array.from([0, 1, 2, 3]);
    const spec = traceCurvesSpec({ x, xKey: 'tau', xLabel: 'τ', yLabel: 'g', logY: true, curves: [{ id: 't', label: 't', y: Float64Array.from([0, 0.5, NaN, 2]) }] });
    expect(Array.from(spec.series[0]!.y)).toEqual([NaN, 0.5, NaN, 2]);
    const lin = traceCurvesSpec({ x, xKey: 'tau', xLabel: 'τ', yLabel: 'g', curves: [{ id: 't', label: 't', y: Float64Array.from([0, Infinity, NaN, 2]) }] });
    expect(Array.from(lin.series[0]!.y)).toEqual([0, NaN, NaN, 2]);
  });
});
