import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../src-core/models/expression';
import { describeModel, getModel } from '../../src-core/models/registry';
import { resolveParams } from '../../src-core/models/params';
import { exampleByName } from '../../src-core/project/examples/index';
import { validateProject } from '../../src-core/project/validate';
import { solvePoint } from '../../src-core/tasks/solver-tasks';
import { nearestIndex, pointerGuard } from '../../src-renderer/lib/chart-pointer';
import { autoLevels, contourLevels, contourLines, labelPoints } from '../../src-core/figures/contour';
import { formatValue } from '../../src-core/figures/format';
import { heatCell, heatIndex, heatSpec, lineSpec, linePointsAt } from '../../src-core/figures/panel-data';
import { coordsText, gridCoords, newSetFromPoint, pointParams, valueWithUnit } from '../../src-renderer/lib/point';
import { distributionSpec, pointReport } from '../../src-renderer/lib/point-report';
import type { StudyData } from '../../src-core/figures/study-data';
import { displayUnit, hasAngular, isAngular, scaledSpec, toDisplayNumber, toDisplayText, toStoredText, unitFactor } from '../../src-renderer/lib/units';

const three = describeModel(getModel('three-cavity'));
const two = describeModel(getModel('two-resonator'));
const TWO_PI = 2 * Math.PI;

/** Points of an interleaved polyline. */
function pointsOf(line: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < line.length; i += 2) out.push([line[i]!, line[i + 1]!]);
  return out;
}

/** A grid x slowest: values[i·ny + j] = f(xs[i], ys[j]). */
function grid(xs: number[], ys: number[], f: (x: number, y: number) => number): Float64Array {
  const v = new Float64Array(xs.length * ys.length);
  xs.forEach((x, i) => ys.forEach((y, j) => (v[i * ys.length + j] = f(x, y))));
  return v;
}

const range = (a: number, b: number, n: number): number[] => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

describe('contour lines (marching squares)', () => {
  it('a circle: one closed loop whose points lie on the radius', () => {
    const xs = range(-2, 2, 81);
    const ys = range(-2, 2, 81);
    const lines = contourLines(xs, ys, grid(xs, ys, (x, y) => Math.hypot(x, y)), 1);
    expect(lines).toHaveLength(1);
    const pts = pointsOf(lines[0]!);
    expect(pts.length).toBeGreaterThan(100);
    // closed: the last point repeats the first
    expect(pts.at(-1)).toEqual(pts[0]);
    // linear interpolation of the distance on a 0.05 grid: within 1e-3 of the circle
    for (const [x, y] of pts) expect(Math.abs(Math.hypot(x, y) - 1)).toBeLessThan(1e-3);
  });

  it('a linear ramp: one straight open line at the level, across the grid', () => {
    const xs = range(0, 1, 11);
    const ys = range(0, 2, 5);
    const lines = contourLines(xs, ys, grid(xs, ys, (x) => x), 0.33);
    expect(lines).toHaveLength(1);
    const pts = pointsOf(lines[0]!);
    expect(pts).toHaveLength(5);
    for (const [x] of pts) expect(x).toBeCloseTo(0.33, 12);
    expect(pts.map((p) => p[1]).sort((a, b) => a - b)).toEqual(ys);
  });

  it('skips cells with a missing corner (holes stop the lines) and gives nothing outside the data', () => {
    const xs = range(0, 1, 11);
    const ys = range(0, 1, 11);
    const v = grid(xs, ys, (x) => x);
    // a failed row of points across the middle
    for (let i = 0; i < 11; i++) v[i * 11 + 5] = NaN;
    const lines = contourLines(xs, ys, v, 0.5);
    expect(lines).toHaveLength(2);
    for (const l of lines) for (const [, y] of pointsOf(l)) expect(Math.abs(y - 0.5)).toBeGreaterThanOrEqual(0.1 - 1e-12);
    expect(contourLines(xs, ys, v, 2)).toEqual([]);
    expect(contourLines([0], [0], [1], 1)).toEqual([]);
  });

  it('resolves saddles by the centre value: two separate segments', () => {
    // corners (0,0) and (1,1) high, (1,0) and (0,1) low: a saddle
    const xs = [0, 1];
    const ys = [0, 1];
    const v = Float64Array.from([1, 0, 0, 1]); // (x0,y0)=1, (x0,y1)=0, (x1,y0)=0, (x1,y1)=1
    const lines = contourLines(xs, ys, v, 0.6);
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.length === 4)).toBe(true);
  });

  it('levels: the panel’s, or round values inside the colour range; labels spread out', () => {
    expect(autoLevels(0, 1)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(autoLevels(1, 1)).toEqual([]);
    const xs = range(-2, 2, 41);
    const ys = range(-2, 2, 41);
    const v = grid(xs, ys, (x, y) => Math.hypot(x, y));
    const levels = contourLevels(xs, ys, v, [0.5, 1, 1.5]);
    expect(levels.map((l) => l.lines.length)).toEqual([1, 1, 1]);
    const at = labelPoints(levels, { x0: -2, x1: 2, y0: -2, y1: 2 });
    expect(at.every((p) => p !== undefined)).toBe(true);
    // on their own circles, and not on top of each other
    at.forEach((p, k) => expect(Math.hypot(p![0], p![1])).toBeCloseTo([0.5, 1, 1.5][k]!, 2));
    expect(Math.hypot(at[0]![0] - at[1]![0], at[0]![1] - at[1]![1])).toBeGreaterThan(0.6);
  });
});

describe('units (rad/s ↔ Hz)', () => {
  it('converts angular quantities only, both ways, keeping the stored value exact', () => {
    expect(isAngular('rad/s')).toBe(true);
    expect(isAngular('1/s')).toBe(true);
    expect(isAngular('κ')).toBe(false);
    expect(hasAngular(two.schema.params)).toBe(true);
    expect(hasAngular(three.schema.params)).toBe(false);
    expect(unitFactor('rad/s', 'Hz')).toBe(TWO_PI);
    expect(unitFactor('rad/s', 'rad/s')).toBe(1);
    expect(unitFactor('κ', 'Hz')).toBe(1);
    expect(displayUnit('1/s', 'Hz')).toBe('Hz');
    expect(displayUnit('√W', 'Hz')).toBe('√W');
    // typed in Hz → stored as 2π × the text; shown again as typed
    expect(toStoredText('1.2e6', TWO_PI)).toBe('2*pi*1.2e6');
    expect(toStoredText('sqrt(2)*1e6', TWO_PI)).toBe('2*pi*(sqrt(2)*1e6)');
    expect(toDisplayText('2*pi*1.2e6', TWO_PI)).toBe('1.2e6');
    expect(toDisplayText('2*pi*(sqrt(2)*1e6)', TWO_PI)).toBe('sqrt(2)*1e6');
    expect(parseNumber('k', toStoredText('400e3', TWO_PI))).toBe(TWO_PI * 400e3);
    // numbers and other expressions are evaluated and divided
    expect(toDisplayText(String(Math.PI * 1e6), TWO_PI)).toBe('500000');
    expect(toDisplayText('pi*1e6', TWO_PI)).toBe('500000');
    expect(toDisplayText('auto', TWO_PI)).toBe('auto');
    expect(toDisplayText('0.5', 1)).toBe('0.5');
    expect(toDisplayNumber(2e6, TWO_PI)).toBe(318309.886);
    const kappa = two.schema.params.find((p) => p.key === 'kappa')!;
    if (kappa.kind !== 'number') throw new Error('kappa is numeric');
    expect(scaledSpec(kappa, TWO_PI).default).toBeCloseTo(5e5, 6);
    expect(scaledSpec(kappa, 1)).toBe(kappa);
  });
});

describe('points of a study', () => {
  const axes = [
    { key: 'Delta', values: Float64Array.from([-1, 0, 1]) },
    { key: 'kappa_b', values: Float64Array.from([0, 0.5]) },
  ];

  it('grid coordinates, row-major with the first axis slowest', () => {
    expect(gridCoords(axes, [3, 2], 0)).toEqual([
      { key: 'Delta', value: -1 },
      { key: 'kappa_b', value: 0 },
    ]);
    expect(gridCoords(axes, [3, 2], 5)).toEqual([
      { key: 'Delta', value: 1 },
      { key: 'kappa_b', value: 0.5 },
    ]);
    expect(gridCoords(axes, [3, 2], 6)).toBeUndefined();
    expect(gridCoords([], [], 0)).toBeUndefined();
  });

  it('parameters of a point: an alias axis replaces the concrete values it sets', () => {
    const base = { Delta_a: 0.5, Delta_b: 0.5, Delta_c: 0.5, kappa_b: 1, theta: '-pi/4' };
    const p = pointParams(three.schema, base, [
      { key: 'Delta', value: 1 },
      { key: 'kappa_b', value: 0.25 },
    ]);
    expect(p).toEqual({ theta: '-pi/4', Delta: 1, kappa_b: 0.25 });
    const r = resolveParams(three.schema, p);
    expect([r.Delta_a, r.Delta_b, r.Delta_c, r.kappa_b]).toEqual([1, 1, 1, 0.25]);
  });

  it('a new parameter set from a point: valid, unique, labelled', () => {
    const doc = exampleByName('loss-induced-nonreciprocity').build('2026-01-01T00:00:00.000Z');
    const study = doc.studies.find((s) => s.id === 'map-detuning-loss')!;
    const coords = [
      { key: 'Delta', value: 0.5 },
      { key: 'kappa_b', value: 1 },
    ];
    expect(coordsText(three.schema, coords)).toBe('Δ = 0.5κ, κ_b = κ');
    const a = newSetFromPoint(doc, study, three.schema, coords, new Date('2026-02-03T00:00:00Z'));
    expect(a.set.id).toBe('point-1');
    expect(a.set.name).toBe('Δ = 0.5κ, κ_b = κ (from Map over Δ and κ_b (θ = −π/4))');
    expect(a.label).toBe('New parameter set Δ = 0.5κ, κ_b = κ');
    expect(a.set.params).toMatchObject({ solver: 'quantum', Delta: 0.5, kappa_b: 1, theta: '-pi/4', J_ab: 'sqrt(2)/2' });
    expect(a.set.params.Delta_a).toBeUndefined();
    expect(a.set.notes).toContain('2026-02-03');
    expect(() => validateProject(a.doc)).not.toThrow();
    // the original is untouched; a second set from the same point gets a new id and name
    expect(doc.parameterSets).toHaveLength(4);
    const b = newSetFromPoint(a.doc, study, three.schema, coords);
    expect(b.set.id).toBe('point-2');
    expect(b.set.name).toBe(`${a.set.name} 2`);
    expect(() => validateProject(b.doc)).not.toThrow();
    expect(valueWithUnit(-0.785, 'rad')).toBe('−0.785 rad');
    expect(valueWithUnit(0, 'κ')).toBe('0');
  });
});

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

describe('the point report (real solver output)', () => {
  const base = { Delta: 0.5 };

  it('three-cavity quantum: both directions side by side, distributions, diagnostics without warnings', () => {
    const res = solvePoint({ model: 'three-cavity', params: base });
    const r = pointReport(three, res, 'rad/s', { isolation: res.scalars.isolation! });
    expect(r.columns).toEqual(['a→c', 'c→a']);
    const row = (k: string) => r.paired.find((x) => x.key === k)!;
    expect(row('a_to_c.T').label).toBe('T');
    expect(row('a_to_c.T').cells).toEqual([res.scalars['a_to_c.T'], res.scalars['c_to_a.T']]);
    expect(row('a_to_c.g2').label).toBe('g^{(2)}(0)');
    expect(row('a_to_c.mean_n').label).toBe('⟨n_{out}⟩');
    expect(row('a_to_c.P1').label).toBe('P_{out}(1)');
    expect(row('classical.a_to_c.T').label).toBe('T^{cl}');
    expect(row('n_a').cells[0]).toBeCloseTo((res.output as { a_to_c: { n_a: number } }).a_to_c.n_a, 15);
    expect(r.single.map((x) => x.key)).toEqual(['isolation', 'ratio', 'residual', 'fock']);
    expect(r.hasDistributions).toBe(true);
    expect(r.warnings).toEqual([]);
    const diag = new Map(r.diagnostics.map((x) => [x.key, x]));
    for (const k of ['method', 'dim', 'residual', 'residualAbs', 'minEigenvalue', 'traceError', 'hermiticityError', 'top_shell', 'iterations', 'setupMs', 'timeMs']) expect(diag.has(k)).toBe(true);
    expect(diag.get('method')!.cells).toEqual(['manifold-gmres', 'manifold-gmres']);
    expect(diag.get('residual')!.title).toContain('𝓛ρ = 0');
    const single = new Map(r.diagnosticsSingle.map((x) => [x.key, x]));
    expect(single.get('converged')!.cells).toEqual(['automatic, converged']);
    expect(single.get('fock')!.cells[0]).toMatch(/^K = \d+ total \(\d+\)$/);
    expect(single.get('total')!.cells).toEqual([res.timeMs]);
    expect(r.changes.map((c) => c.key)).toContain('c_to_a.g2');
    expect(r.changes.every((c) => !c.bad)).toBe(true);
    expect(r.changesTolerance).toBe(1e-6);
  });

  it('flags a top shell above 1e-6, a truncation that did not converge, a stored value that disagrees', () => {
    const res = solvePoint({ model: 'three-cavity', params: { ...base, basis: 'per-mode', fock: 2, convergence: 'check', Omega: 1 } });
    const r = pointReport(three, res, 'rad/s', { isolation: res.scalars.isolation! * 1.01 });
    const top = r.diagnostics.find((x) => x.key === 'top_shell')!;
    expect(top.bad).toEqual([true, true]);
    expect(r.warnings.some((w) => w.startsWith('Top-shell population') && w.includes('above 0.000001'))).toBe(true);
    expect(r.diagnosticsSingle.find((x) => x.key === 'converged')!.cells).toEqual(['fixed, not converged']);
    expect(r.warnings.some((w) => w.startsWith('The truncation is not converged'))).toBe(true);
    expect(r.changes.some((c) => c.bad)).toBe(true);
    expect(r.warnings.some((w) => w.startsWith('I: the study stored'))).toBe(true);
  });

  it('three-cavity classical and two-resonator: what their outputs hold', () => {
    const cl = pointReport(three, solvePoint({ model: 'three-cavity', params: { solver: 'classical' } }));
    expect(cl.paired.map((x) => x.key)).toEqual(['a_to_c.T']);
    expect(cl.diagnosticsSingle[0]!.cells).toEqual(['classical S-matrix']);
    expect(cl.hasDistributions).toBe(false);

    const res = solvePoint({ model: 'two-resonator', params: {} });
    const r = pointReport(two, res, 'rad/s');
    expect(r.columns).toEqual(['1→2', '2→1']);
    expect(r.paired.find((x) => x.key === 'S21.abs|S12.abs')!.cells).toEqual([res.scalars['S21.abs'], res.scalars['S12.abs']]);
    const k = r.paired.find((x) => x.key === 'kappa12_eff|kappa21_eff')!;
    expect(k.unit).toBe('rad/s');
    const single = new Map(r.diagnosticsSingle.map((x) => [x.key, x]));
    expect(single.get('method')!.cells).toEqual(['steady']);
    expect(single.get('loss')!.cells).toEqual(['nonlocal']);
    expect(single.get('solutions')!.cells).toEqual(['1 forward, 1 backward']);
    expect(single.get('stuck')!.cells).toEqual(['stuck (a₂ = 0 exactly)']);
    expect(single.has('band')).toBe(true);
    expect(r.single.map((x) => x.key)).toContain('isolation_dB');
    // in Hz: rates over 2π
    const hz = pointReport(two, res, 'Hz');
    const kh = hz.paired.find((x) => x.key === 'kappa12_eff|kappa21_eff')!;
    expect(kh.unit).toBe('Hz');
    expect(kh.cells[1]).toBeCloseTo((k.cells[1] as number) / TWO_PI, 6);
  });

  it('distributions: P and 𝒫 of both cavities, or their differences (linear axis)', () => {
    const res = solvePoint({ model: 'three-cavity', params: base });
    const out = res.output as { a_to_c: { P_c: number[]; poisson_c: number[] } };
    const dist = pointReport(three, res).distributions.find((d) => d.key === 'a_to_c')!;
    expect(dist.title).toBe('Driven at a (a→c)');
    const both = distributionSpec(dist, 'both', true);
    expect(both.series.map((s) => s.name)).toEqual(['P_{a}(m)', '𝒫_{a}(m)', 'P_{c}(m)', '𝒫_{c}(m)']);
    expect(both.logY).toBe(true);
    expect(both.categories).toHaveLength(out.a_to_c.P_c.length);
    expect(both.series[2]!.values[0]).toBe(out.a_to_c.P_c[0]);
    const diff = distributionSpec(dist, 'difference', true);
    expect(diff.logY).toBe(false);
    expect(diff.series.map((s) => s.name)).toEqual(['P_{a}(m) − 𝒫_{a}(m)', 'P_{c}(m) − 𝒫_{c}(m)']);
    expect(diff.series[1]!.values[1]).toBeCloseTo(out.a_to_c.P_c[1]! - out.a_to_c.poisson_c[1]!, 15);
  });
});

describe('small helpers', () => {
  it('formats table values', () => {
    expect(formatValue(0.97231585)).toBe('0.9723');
    expect(formatValue(72.867)).toBe('72.87');
    expect(formatValue(35)).toBe('35');
    expect(formatValue(3.2987e-16)).toBe('3.299×10⁻¹⁶');
    expect(formatValue(-2.36e-24, 2)).toBe('−2.4×10⁻²⁴');
    expect(formatValue(9.9999e-5, 2)).toBe('1×10⁻⁴');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(NaN)).toBe('—');
  });

  it('tells a click from a drag; finds the nearest point', () => {
    const g = pointerGuard();
    g.down(10, 10);
    expect(g.isClick(12, 11)).toBe(true);
    g.down(10, 10);
    expect(g.isClick(40, 10)).toBe(false);
    expect(nearestIndex([0, 1, 2, NaN, 4], 3.2)).toBe(4);
    expect(nearestIndex([NaN], 0)).toBe(-1);
  });
});
