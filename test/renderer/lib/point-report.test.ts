import { describe, expect, it } from 'vitest';
import { describeModel, getModel } from '../../../src-core/models/registry';
import { solvePoint } from '../../../src-core/tasks/solver-tasks';
import { distributionSpec, pointReport } from '../../../src-renderer/lib/point-report';

const three = describeModel(getModel('three-cavity'));
const two = describeModel(getModel('two-resonator'));
const TWO_PI = 2 * Math.PI;



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
