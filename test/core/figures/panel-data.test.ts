import { describe, expect, it } from 'vitest';
import { heatCell, heatIndex, heatSpec, lineSpec, linePointsAt, barSpec, lighten, traceSpec } from '../../../src-core/figures/panel-data';
import type { Panel } from '../../../src-core/project/types';
import { POINT_DONE, POINT_FAILED, POINT_PENDING } from '../../../src-core/figures/map-raster';
import { fromStored, type StudyData } from '../../../src-core/figures/study-data';



function studyData(axes: { key: string; values: number[] }[], data: Record<string, number[]>, failures: [number, string][] = []): StudyData {
  const shape = axes.map((a) => a.values.length);
  const total = shape.reduce((a, b) => a * b, 1);
  return {
    studyId: 's',
    source: 'stored',
    key: 'r',
    status: 'succeeded',
    axes: axes.map((a) => ({ key: a.key, values: Float64Array.from(a.values) })),
    shape,
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Float64Array.from(v)])),
    quantities: Object.keys(data).map((k) => ({ key: k, symbol: k, label: k, unit: '' })),
    state: new Uint8Array(total).fill(1),
    finished: total,
    failures: new Map(failures),
    revision: 0,
  };
}

describe('panels: picking points, failed points', () => {
  const titleOf = (_: string, k: string): string => k;

  it('curves know their points in the study grid; the selected point is found on every curve through it', () => {
    // Δ ∈ {-1, 0, 1} (slowest) × κ_b ∈ {0, 1}: one curve per κ_b when x = Δ
    const d = studyData(
      [
        { key: 'Delta', values: [-1, 0, 1] },
        { key: 'kappa_b', values: [0, 1] },
      ],
      { T: [1, 2, 3, 4, 5, 6] },
    );
    const spec = lineSpec({ study: 's', kind: 'line', x: 'Delta', series: [{ quantity: 'T' }] }, () => d, titleOf);
    expect(spec.xKey).toBe('Delta');
    expect(spec.series.map((s) => s.src)).toEqual([
      { study: 's', offset: 0, stride: 2 },
      { study: 's', offset: 1, stride: 2 },
    ]);
    // grid index 3 = (Δ = 0, κ_b = 1): the second curve's middle point
    expect(linePointsAt(spec, 's', 3)).toEqual([{ series: 1, i: 1 }]);
    expect(linePointsAt(spec, 'other', 3)).toEqual([]);
    // x = κ_b: one curve per Δ
    const byKb = lineSpec({ study: 's', kind: 'line', x: 'kappa_b', series: [{ quantity: 'T' }] }, () => d, titleOf);
    expect(byKb.series.map((s) => s.src)).toEqual([
      { study: 's', offset: 0, stride: 1 },
      { study: 's', offset: 2, stride: 1 },
      { study: 's', offset: 4, stride: 1 },
    ]);
    expect(linePointsAt(byKb, 's', 3)).toEqual([{ series: 1, i: 1 }]);
  });

  it('heatmap cells map to grid indices both ways, also when x is the second axis; contour panels carry their lines', () => {
    const d = studyData(
      [
        { key: 'Delta', values: [-1, 0, 1] },
        { key: 'kappa_b', values: [0, 1] },
      ],
      { I: [0, 0.2, 0.4, 0.6, 0.8, 1] },
    );
    const a = heatSpec({ study: 's', kind: 'heatmap', quantity: 'I', x: 'Delta' }, d, titleOf);
    const b = heatSpec({ study: 's', kind: 'contour', quantity: 'I', x: 'kappa_b', levels: [0.5] }, d, titleOf);
    expect([a.xKey, a.yKey, a.xAxis]).toEqual(['Delta', 'kappa_b', 0]);
    expect([b.xKey, b.yKey, b.xAxis]).toEqual(['kappa_b', 'Delta', 1]);
    for (let i = 0; i < 6; i++) {
      for (const s of [a, b]) {
        const [ix, iy] = heatCell(s, i)!;
        expect(heatIndex(s, ix, iy)).toBe(i);
        expect(s.values[ix * s.yValues.length + iy]).toBe(d.data.I![i]);
      }
    }
    expect(a.contours).toBeUndefined();
    expect(b.contours!.map((c) => c.level)).toEqual([0.5]);
    expect(b.contours![0]!.lines.length).toBeGreaterThan(0);
    // without levels: round values inside the data
    const c = heatSpec({ study: 's', kind: 'contour', quantity: 'I' }, d, titleOf);
    expect(c.contours!.map((x) => x.level)).toEqual([0.2, 0.4, 0.6, 0.8]);
  });

  it('failed points of a curve: one band over each gap, with the reasons', () => {
    const d = studyData([{ key: 'Delta', values: [0, 1, 2, 3, 4, 5] }], { T: [0, NaN, NaN, 3, 4, NaN] }, [
      [1, 'GMRES did not converge'],
      [2, 'out of memory'],
      [5, 'GMRES did not converge'],
    ]);
    const spec = lineSpec({ study: 's', kind: 'line', series: [{ quantity: 'T' }, { quantity: 'T' }] }, () => d, titleOf);
    // deduplicated across curves of the same study
    expect(spec.failed).toEqual([
      {
        x0: 0,
        x1: 3,
        points: [
          { x: 1, reason: 'GMRES did not converge' },
          { x: 2, reason: 'out of memory' },
        ],
      },
      { x0: 4, x1: 5, points: [{ x: 5, reason: 'GMRES did not converge' }] },
    ]);
    expect(lineSpec({ study: 's', kind: 'line', series: [{ quantity: 'T' }] }, () => studyData([{ key: 'Delta', values: [0, 1] }], { T: [1, 2] }), titleOf).failed).toEqual([]);
  });
});

const title = (_s: string, key: string): string => ({ Delta: 'Δ/κ', kappa_b: 'κ_b/κ', theta: 'θ (rad)', omega: 'ω (rad/s)' })[key] ?? key;

/** A stored 2-D result: first axis (slowest) `a0`, second `a1`, values row-major. */
function storedGrid(a0: [string, number[]], a1: [string, number[]], data: Record<string, number[]>, failed: { index: number; reason: string }[] = []): StudyData {
  return fromStored({
    studyId: 's',
    result: {
      id: 'r1',
      status: 'succeeded',
      shape: [a0[1].length, a1[1].length],
      quantities: Object.keys(data).map((k) => ({ key: k, symbol: k === 'isolation' ? '𝓘' : k, label: k, unit: '' })),
      failed,
      provenance: { model: 'three-cavity', params: {}, solver: 'x', app: { name: 'NR Lab', version: 't' }, date: '', wallMs: 0 },
    },
    axes: [
      { key: a0[0], values: Float64Array.from(a0[1]) },
      { key: a1[0], values: Float64Array.from(a1[1]) },
    ],
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Float64Array.from(v)])),
  });
}

describe('panel data', () => {
  it('line: x on the second axis of a 2-D study gives one curve per value of the first, scaled (θ/π)', () => {
    // θ ∈ {-π, 0, π} is the second axis, κ_b ∈ {0, 1} the first
    const d = storedGrid(['kappa_b', [0, 1]], ['theta', [-Math.PI, 0, Math.PI]], { 'a_to_c.T': [1, 2, 3, 4, 5, 6] });
    const panel: Panel = { study: 's', kind: 'line', x: 'theta', xScale: Math.PI, series: [{ quantity: 'a_to_c.T', label: 'T', color: '#d62728' }] };
    const spec = lineSpec(panel, () => d, title);
    expect(spec.series).toHaveLength(2);
    expect(Array.from(spec.series[0]!.x)).toEqual([-1, 0, 1]);
    expect(Array.from(spec.series[0]!.y)).toEqual([1, 2, 3]);
    expect(Array.from(spec.series[1]!.y)).toEqual([4, 5, 6]);
    expect(spec.series.map((s) => s.name)).toEqual(['T, κ_b/κ = 0', 'T, κ_b/κ = 1']);
    // the last value in the series' colour, earlier ones lighter
    expect(spec.series[1]!.color).toBe('#d62728');
    expect(spec.series[0]!.color).toBe(lighten('#d62728', 0.6));
    expect(spec.xLabel).toBe('θ (rad)');
  });

  it('line: log axes drop values that are not positive; overlaid series come from their own study', () => {
    const main = storedGrid(['Delta', [0, 1]], ['kappa_b', [0]], { g2: [0.5, 0] });
    const other = storedGrid(['Delta', [0, 1]], ['kappa_b', [0]], { g2: [2, 3] });
    const panel: Panel = { study: 'main', kind: 'line', x: 'Delta', logY: true, series: [{ quantity: 'g2' }, { quantity: 'g2', study: 'other' }, { quantity: 'g2', study: 'absent' }] };
    const spec = lineSpec(panel, (id) => (id === 'main' ? main : id === 'other' ? other : undefined), title);
    expect(Array.from(spec.series[0]!.y)).toEqual([0.5, NaN]);
    expect(Array.from(spec.series[1]!.y)).toEqual([2, 3]);
    expect(spec.missing).toEqual(['absent']);
  });

  it('heatmap: transposed when x is the second axis; failed points keep their reason at the new index', () => {
    // grid (κ_b, Δ): κ_b ∈ {0, 1} slowest, Δ ∈ {-1, 0, 1}
    const d = storedGrid(['kappa_b', [0, 1]], ['Delta', [-1, 0, 1]], { isolation: [1, 2, 3, 4, 5, NaN] }, [{ index: 5, reason: 'no convergence' }]);
    const spec = heatSpec({ study: 's', kind: 'heatmap', quantity: 'isolation', x: 'Delta', zRange: [0, 10] }, d, title);
    expect(Array.from(spec.xValues)).toEqual([-1, 0, 1]);
    expect(Array.from(spec.yValues)).toEqual([0, 1]);
    // x slowest now: (Δ=-1: κ_b 0, 1), (Δ=0: …), (Δ=1: …)
    expect(Array.from(spec.values)).toEqual([1, 4, 2, 5, 3, NaN]);
    expect(Array.from(spec.state)).toEqual([POINT_DONE, POINT_DONE, POINT_DONE, POINT_DONE, POINT_DONE, POINT_FAILED]);
    expect(spec.failures.get(5)).toBe('no convergence');
    expect(spec.xLabel).toBe('Δ/κ');
    expect(spec.yLabel).toBe('κ_b/κ');
    expect(spec.zLabel).toBe('𝓘');
    expect(spec.zRange).toEqual([0, 10]);
  });

  it('stored data: points neither computed nor failed (a cancelled study) are pending', () => {
    const d = storedGrid(['Delta', [0, 1]], ['kappa_b', [0, 1]], { isolation: [1, NaN, NaN, 2] }, [{ index: 1, reason: 'x' }]);
    expect(Array.from(d.state)).toEqual([POINT_DONE, POINT_FAILED, POINT_PENDING, POINT_DONE]);
    expect(d.finished).toBe(3);
  });

  it('trace and bar', () => {
    const sim: StudyData = { ...storedGrid(['a', [0]], ['b', [0]], {}), data: { t: Float64Array.from([0, 1e-6, 2e-6]), 'ideal.s1_out': Float64Array.from([0, 0.5, 0.25]) } };
    const tr = traceSpec({ study: 's', kind: 'trace', x: 't', xScale: 1e-6, series: [{ quantity: 'ideal.s1_out', label: '|s_{1−}|' }, { quantity: 'nonlocal.s1_out' }] }, () => sim);
    expect(Array.from(tr.series[0]!.x)).toEqual([0, 1, 2]);
    expect(tr.series[0]!.name).toBe('|s_{1−}|');
    expect(tr.missing).toEqual(['nonlocal.s1_out']);
    const pt: StudyData = { ...sim, output: { output: { a_to_c: { P_c: [0.9, 0.1], mean: 0.1 } } } };
    const bars = barSpec({ study: 's', kind: 'bar', series: [{ quantity: 'a_to_c.P_c' }, { quantity: 'a_to_c.nope' }] }, () => pt);
    expect(bars.categories).toEqual(['0', '1']);
    expect(bars.series[0]!.values).toEqual([0.9, 0.1]);
    expect(bars.missing).toEqual(['a_to_c.nope']);
    const scalars = barSpec({ study: 's', kind: 'bar', series: [{ quantity: 'a_to_c.mean', label: '⟨n⟩' }] }, () => pt);
    expect(scalars.categories).toEqual(['⟨n⟩']);
  });
});
