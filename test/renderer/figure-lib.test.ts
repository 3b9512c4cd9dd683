import { describe, expect, it } from 'vitest';
import type { Panel } from '../../src-core/project/types';
import { axisNumber } from '../../src-core/figures/format';
import { barSpec, heatSpec, lighten, lineSpec, traceSpec } from '../../src-core/figures/panel-data';
import { costEstimate, fileNameFor, storedValue } from '../../src-renderer/lib/project-edit';
import { htmlText, richRuns, richText, unicodeText } from '../../src-core/figures/rich-text';
import { POINT_DONE, POINT_FAILED, POINT_PENDING } from '../../src-core/figures/map-raster';
import { fromStored, type StudyData } from '../../src-core/figures/study-data';
import { smallProject } from './fake-api';

const title = (_s: string, key: string): string => ({ Delta: 'Δ/κ', kappa_b: 'κ_b/κ', theta: 'θ (rad)', omega: 'ω (rad/s)' })[key] ?? key;

/** A stored 2-D result: first axis (slowest) `a0`, second `a1`, values row-major. */
function grid(a0: [string, number[]], a1: [string, number[]], data: Record<string, number[]>, failed: { index: number; reason: string }[] = []): StudyData {
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

describe('paper notation in charts', () => {
  it('rich text: italic symbols, upright words and units, real sub/superscripts', () => {
    expect(richText('T_{a→c}')).toBe('{i|T}{is|a}{rs|→}{is|c}');
    expect(richText('g^{(2)}(0)')).toBe('{i|g}{rp|(2)}{r|(0)}');
    // a trailing unit in parentheses is upright, its exponent too
    expect(richText('γ_{k} (s^{-1})')).toBe('{i|γ}{is|k}{r| (s}{rp|-1}{r|)}');
    expect(richRuns('isolation (dB)').every((r) => !r.italic)).toBe(true);
    expect(richText('Δ/κ')).toBe('{i|Δ}{r|/}{i|κ}');
    // braces never reach ECharts' markup
    expect(richText('{x}')).not.toContain('{x}');
  });

  it('Unicode and HTML forms', () => {
    expect(unicodeText('g^{(2)}_{a→c}(0)')).toBe('g⁽²⁾(a→c)(0)');
    expect(unicodeText('κ_b/κ')).toBe('κb/κ');
    expect(unicodeText('γ_{k} (s^{-1})')).toBe('γₖ (s⁻¹)');
    expect(htmlText('κ_b<1')).toBe('κ<sub>b</sub>&#60;1');
  });

  it('tick labels: plain for moderate values, powers of ten otherwise', () => {
    expect(axisNumber(0.25)).toBe('0.25');
    expect(axisNumber(-2)).toBe('−2');
    expect(axisNumber(6.283185e6)).toBe('6.28×10⁶');
    expect(axisNumber(1e-3)).toBe('0.001');
    expect(axisNumber(1e-12)).toBe('10⁻¹²');
    expect(axisNumber(-5e5)).toBe('−5×10⁵');
  });
});

describe('panel data', () => {
  it('line: x on the second axis of a 2-D study gives one curve per value of the first, scaled (θ/π)', () => {
    // θ ∈ {-π, 0, π} is the second axis, κ_b ∈ {0, 1} the first
    const d = grid(['kappa_b', [0, 1]], ['theta', [-Math.PI, 0, Math.PI]], { 'a_to_c.T': [1, 2, 3, 4, 5, 6] });
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
    const main = grid(['Delta', [0, 1]], ['kappa_b', [0]], { g2: [0.5, 0] });
    const other = grid(['Delta', [0, 1]], ['kappa_b', [0]], { g2: [2, 3] });
    const panel: Panel = { study: 'main', kind: 'line', x: 'Delta', logY: true, series: [{ quantity: 'g2' }, { quantity: 'g2', study: 'other' }, { quantity: 'g2', study: 'absent' }] };
    const spec = lineSpec(panel, (id) => (id === 'main' ? main : id === 'other' ? other : undefined), title);
    expect(Array.from(spec.series[0]!.y)).toEqual([0.5, NaN]);
    expect(Array.from(spec.series[1]!.y)).toEqual([2, 3]);
    expect(spec.missing).toEqual(['absent']);
  });

  it('heatmap: transposed when x is the second axis; failed points keep their reason at the new index', () => {
    // grid (κ_b, Δ): κ_b ∈ {0, 1} slowest, Δ ∈ {-1, 0, 1}
    const d = grid(['kappa_b', [0, 1]], ['Delta', [-1, 0, 1]], { isolation: [1, 2, 3, 4, 5, NaN] }, [{ index: 5, reason: 'no convergence' }]);
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
    const d = grid(['Delta', [0, 1]], ['kappa_b', [0, 1]], { isolation: [1, NaN, NaN, 2] }, [{ index: 1, reason: 'x' }]);
    expect(Array.from(d.state)).toEqual([POINT_DONE, POINT_FAILED, POINT_PENDING, POINT_DONE]);
    expect(d.finished).toBe(3);
  });

  it('trace and bar', () => {
    const sim: StudyData = { ...grid(['a', [0]], ['b', [0]], {}), data: { t: Float64Array.from([0, 1e-6, 2e-6]), 'ideal.s1_out': Float64Array.from([0, 0.5, 0.25]) } };
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

describe('project edits', () => {
  it('stores plain numbers as numbers and expressions as typed', () => {
    expect(storedValue(' 0.5 ')).toBe(0.5);
    expect(storedValue('1e-3')).toBe(0.001);
    expect(storedValue('-pi/4')).toBe('-pi/4');
    expect(storedValue('auto')).toBe('auto');
  });

  it('suggests a file name from the title', () => {
    expect(fileNameFor('Loss-induced quantum nonreciprocity (Li et al.)')).toBe('Loss-induced-quantum-nonreciprocity-Li-et-al.nrlab');
    expect(fileNameFor('///')).toBe('project.nrlab');
  });

  it('estimates a run: points and truncation, and a time once the study ran', () => {
    const doc = smallProject();
    const map = doc.studies[1]!;
    expect(costEstimate(doc, map, 2)).toEqual({ points: '6 points', truncation: 'classical S-matrix (no truncation)', time: '' });
    const pt = doc.studies[2]!;
    expect(costEstimate(doc, pt, 2).truncation).toBe('quantum, total excitations ≤ auto (convergence test)');
    map.result = { id: 'r', status: 'cancelled', done: 3, total: 6, provenance: { model: 'three-cavity', params: {}, solver: 'classical', app: { name: 'NR Lab', version: 't' }, date: '', wallMs: 300, workers: 4 } };
    // 300 ms × 4 workers for 3 points → 400 ms per point-worker; 6 points on 2 workers → 1.2 s
    expect(costEstimate(doc, map, 2).time).toBe('≈ 1.2 s on 2 workers (from the last run)');
  });
});
