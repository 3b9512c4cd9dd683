/**
 * A line panel overlaying a 1-D study's curve and a 2-D study's family of curves (one per value of
 * its other axis): the legend names both series — the single curve and the family — in series
 * order; a panel of single curves keeps its ungrouped legend (no `legend` field).
 */
import { describe, expect, it } from 'vitest';
import type { Panel } from '../../../src-core/project/types';
import { lineSpec } from '../../../src-core/figures/panel-data';
import { fromStored, type StudyData } from '../../../src-core/figures/study-data';

const title = (_s: string, key: string): string => ({ Delta: 'Δ/κ', kappa_b: 'κ_b/κ' })[key] ?? key;

function stored(studyId: string, axes: [string, number[]][], data: Record<string, number[]>): StudyData {
  return fromStored({
    studyId,
    result: {
      id: `r-${studyId}`,
      status: 'succeeded',
      shape: axes.map((a) => a[1].length),
      quantities: Object.keys(data).map((k) => ({ key: k, symbol: k, label: k, unit: '' })),
      provenance: { model: 'three-cavity', params: {}, solver: 'x', app: { name: 'NR Lab', version: 't' }, date: '', wallMs: 0 },
    },
    axes: axes.map(([key, v]) => ({ key, values: Float64Array.from(v) })),
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Float64Array.from(v)])),
  });
}

const sweep = stored('a', [['Delta', [-1, 0, 1]]], { T: [0.1, 0.9, 0.2] });
const map = stored('b', [['Delta', [-1, 0, 1]], ['kappa_b', [0, 1]]], { T: [0.1, 0.2, 0.8, 0.7, 0.3, 0.4] });
const lookup = (id: string): StudyData | undefined => (id === 'a' ? sweep : id === 'b' ? map : undefined);

describe('overlay legend', () => {
  it('names the single curve and the family, in series order', () => {
    const panel: Panel = { study: 'a', kind: 'line', x: 'Delta', series: [{ quantity: 'T', label: 'sweep' }, { quantity: 'T', study: 'b', label: 'map' }] };
    const spec = lineSpec(panel, lookup, title);
    expect(spec.series.map((s) => s.name)).toEqual(['sweep', 'map, κ_b/κ = 0', 'map, κ_b/κ = 1']);
    // the family's curves are the map's columns at each κ_b (row-major: Delta slowest)
    expect(Array.from(spec.series[1]!.y)).toEqual([0.1, 0.8, 0.3]);
    expect(Array.from(spec.series[2]!.y)).toEqual([0.2, 0.7, 0.4]);
    expect(spec.legend).toEqual([
      { name: 'sweep', label: 'sweep' },
      { name: 'map, κ_b/κ = 1', label: 'map' },
    ]);
  });

  it('single curves only: no grouped legend', () => {
    const panel: Panel = { study: 'a', kind: 'line', series: [{ quantity: 'T', label: 'one' }, { quantity: 'T', label: 'two' }] };
    expect(lineSpec(panel, lookup, title).legend).toBeUndefined();
  });
});
