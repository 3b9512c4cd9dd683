/**
 * "Export as script": for small studies of each kind, the app's solver (the real worker pool, via
 * ProjectService) gives the numbers and the CSV export; the generated Python script is run with
 * the system Python (QuTiP, numpy, scipy) and its CSV is compared column by column.
 *
 * Needs /usr/bin/python3 with QuTiP and SciPy (Debian: apt-get install -y python3-qutip
 * python3-scipy; .ci/run installs them). Without them every test here fails and says so.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber, type ParsedCsv } from '../../../src-core/export/index';
import { PY_COMMON } from '../../../src-core/export/python/common';
import type { Study } from '../../../src-core/project/types';
import { PYTHON, scriptHarness, type ColumnRule, type Deviation, type Tolerance } from '../../helpers/script-export';

const MHZ = 2 * Math.PI * 1e6;

const studies: Study[] = [
  {
    id: 'q-sweep',
    name: 'Quantum sweep, N = 4 per mode',
    kind: 'sweep',
    model: 'three-cavity',
    params: { basis: 'per-mode', fock: 4, theta: '-pi/4' },
    axes: [{ key: 'Delta', start: -1, stop: 1, count: 5 }],
  },
  {
    id: 'q-point-auto',
    name: 'Quantum point, automatic total truncation',
    kind: 'point',
    model: 'three-cavity',
    params: { basis: 'total', fock: 'auto', Omega: 0.3, kappa_b: 1.25 },
  },
  {
    id: 'cl-map',
    name: 'Classical map',
    kind: 'sweep',
    model: 'three-cavity',
    params: { solver: 'classical' },
    axes: [
      { key: 'Delta', start: -2, stop: 2, count: 9 },
      { key: 'kappa_b', values: [0, 0.5, 1, 2.5] },
    ],
  },
  {
    id: 'tr-spectrum',
    name: 'Two resonators, nonlocal loss, spectrum',
    kind: 'sweep',
    model: 'two-resonator',
    params: { kappa: 0.3e6, loss: 'nonlocal' },
    axes: [
      { key: 'omega', start: 0.5 * MHZ, stop: 1.5 * MHZ, count: 11 },
      { key: 'gamma_k', values: [0, 0.1e6, 0.25e6, 0.3e6, 0.5e6] },
    ],
  },
  {
    id: 'tr-kerr',
    name: 'Two resonators, Kerr-like loss, input amplitude',
    kind: 'sweep',
    model: 'two-resonator',
    params: { kappa: 3e6, loss: 'kerr', gamma_nl: 1e6 },
    axes: [{ key: 'amplitude', start: 1e-2, stop: 1e4, count: 25, spacing: 'log' }],
  },
  {
    id: 'tr-saturable',
    name: 'Two resonators, saturable loss, bistable',
    kind: 'sweep',
    model: 'two-resonator',
    params: { kappa: 1e6, loss: 'saturable', gamma_nl: 1e8, I_sat: 1 },
    axes: [
      { key: 'amplitude', start: 1e4, stop: 1e5, count: 11, spacing: 'log' },
      { key: 'omega', values: [MHZ, 1.02 * MHZ] },
    ],
  },
  {
    id: 'q-auto-two-cavity',
    name: 'Quantum sweep, two cavities, automatic per-mode truncation (not stored)',
    kind: 'sweep',
    model: 'three-cavity',
    params: { cavities: 2, basis: 'per-mode', fock: 'auto', theta: 0.3, U: 3 },
    axes: [{ key: 'Omega', values: [0.05, 0.3, 0.6] }],
    quantities: ['a_to_c.T', 'a_to_c.g2', 'a_to_c.g3', 'c_to_a.T', 'c_to_a.g2', 'isolation', 'ratio'],
  },
  {
    id: 'tr-time-domain',
    name: 'Two resonators, CW time domain',
    kind: 'sweep',
    model: 'two-resonator',
    params: { method: 'time-domain' },
    axes: [
      { key: 'kappa', values: [1e6, 3e6] },
      { key: 'gamma_k', values: [0, 1.5e6, 4e6] },
    ],
    quantities: ['S21.abs', 'S12.abs', 'S11.abs', 'S22.abs'],
  },
  {
    id: 'tr-pulse',
    name: 'Gaussian pulse, backward, compared with the ideal system',
    kind: 'simulate',
    model: 'two-resonator',
    params: { kappa: 0.3e6 },
    simulate: { port: 2, input: 'gaussian', tEnd: 20e-6, width: 2e-6, t0: 8e-6, samples: 201, compareIdeal: true },
  },
  {
    id: 'tr-pulse-forward',
    name: 'Rectangular pulse, forward, nonlocal loss at γ_k = κ',
    kind: 'simulate',
    model: 'two-resonator',
    params: { kappa: 0.3e6 },
    simulate: { port: 1, input: 'rect', tEnd: 30e-6, width: 10e-6, t0: 2e-6, samples: 151 },
  },
];

describe('exported Python scripts recompute the stored studies', () => {
  const h = scriptHarness(studies, 'Script export checks');
  beforeAll(() => h.setup(), 120_000);
  afterAll(() => h.teardown());

  let lastRun: { app: ParsedCsv; py: ParsedCsv } | undefined;

  function check(studyId: string, tolerance: (column: string) => Tolerance, rule: (column: string, scale: number) => ColumnRule): Deviation[] {
    const r = h.check(studyId, tolerance, rule);
    lastRun = r;
    return r.deviations;
  }

  // the QuTiP fixtures' tolerances: T, g2, mean_n 1e-6 relative; g3 1e-4; probabilities 1e-6 or 1e-14 absolute
  const quantumTol = (c: string): number | 'exact' | 'skip' => {
    if (c === 'Delta' || c === 'fock') return 'exact';
    if (c === 'residual') return 'skip';
    if (c.endsWith('.g3')) return 1e-4;
    if (c.startsWith('classical.')) return 1e-9;
    return 1e-6;
  };
  // I = |T_{a→c} − T_{c→a}| and R = |(g2 − g2')/(g2 + g2')| are differences bounded by 1: their scale is 1
  // (two cavities are reciprocal, I and R are rounding noise there); T ≤ 1 also for vanishing classical T
  const quantumRule = (c: string): ColumnRule => ({ floor: /\.P\d$/.test(c) ? 1e-8 : c === 'isolation' || c === 'ratio' ? 1 : c.startsWith('classical.') ? 1e-14 : 0 });

  it("writes numbers exactly as NR Lab's CSV does (JavaScript's shortest round-trip form)", () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const xs = [0, -0, 1, -1, 0.1, 0.5, 1 / 3, 123, 1e21, 1e-7, 1.5e-7, 1e-6, 123456789012345680000, 1.2345e22, 5e-324, Number.MAX_VALUE, Infinity, -Infinity, NaN, 2 ** 53, 0.000001234, 6.02214076e23];
    for (let i = 0; i < 400; i++) xs.push((rand() - 0.5) * Math.pow(10, Math.floor(rand() * 60) - 30));
    const code = `import math, os, sys, time\nimport numpy as np\n${PY_COMMON}\nfor line in sys.stdin.read().split():\n    print(fmt(float(line)))\n`;
    const r = spawnSync(PYTHON, ['-c', code], { input: xs.map((x) => (Number.isNaN(x) ? 'nan' : String(x))).join('\n'), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(xs.map(formatNumber));
  });

  it('three-cavity quantum sweep at N = 4 per mode (QuTiP steadystate)', () => {
    const devs = check('q-sweep', quantumTol, quantumRule);
    expect(devs.map((d) => d.column)).toContain('a_to_c.g2');
    // each solver's own residual max|𝓛ρ| (relative) is at its acceptance level
    const { app, py } = lastRun!;
    const j = app.columns.indexOf('residual');
    for (const rows of [app.rows, py.rows]) for (const r of rows) expect(r[j]).toBeLessThanOrEqual(1e-10);
  }, 600_000);

  it('three-cavity quantum point with the automatic total-excitation truncation (qutip.enr_destroy)', () => {
    check('q-point-auto', quantumTol, quantumRule);
  }, 600_000);

  it('three-cavity quantum sweep, two cavities, where the script repeats the automatic truncation test', () => {
    const script = h.scriptOf('q-auto-two-cavity');
    expect(script).toMatch(/^FOCK_PER_POINT = None$/m);
    check('q-auto-two-cavity', quantumTol, quantumRule);
  }, 600_000);

  it('three-cavity classical map (numpy S-matrix)', () => {
    check('cl-map', (c) => (c === 'Delta' || c === 'kappa_b' ? 'exact' : 1e-9), (c) => ({ floor: c === 'isolation' ? 1 : 1e-14 }));
  }, 600_000);

  // seed 003: 1e-9 relative. |S| ≤ 1 and S11 = √(2γ1)a1/s − 1 is known to ~1e-16 absolute only (a
  // reflectionless port cancels), so S-parameters and efficiencies are compared relative to
  // max(|S|, 1e-6), dB values as amplitudes; isolation in dB relative to max(|I|, 1 dB); other
  // columns (rad/s, rad) relative to max(|x|, 1e-14 of the column's largest value).
  const seed003Tol = (c: string): number | 'exact' => (c === 'solutions' || c === 'omega' || c === 'gamma_k' || c === 'amplitude' || c === 'kappa' ? 'exact' : 1e-9);
  const seed003Rule = (c: string, scale: number): ColumnRule =>
    c === 'isolation_dB' ? { floor: 1 } : c.endsWith('.dB') ? { floor: 1e-6, linear: true } : c.endsWith('.abs') || c.startsWith('eta') ? { floor: 1e-6 } : { floor: 1e-14 * scale };

  it('two-resonator spectrum with nonlocal loss, free and stuck (γ_k ≥ κ)', () => {
    check('tr-spectrum', seed003Tol, seed003Rule);
  }, 600_000);

  it('two-resonator Kerr-like loss over the input amplitude', () => {
    check('tr-kerr', seed003Tol, seed003Rule);
  }, 600_000);

  it('two-resonator saturable loss where it is bistable (three steady states)', () => {
    check('tr-saturable', seed003Tol, seed003Rule);
    const { app } = lastRun!;
    expect(Math.max(...app.rows.map((r) => r[app.columns.indexOf('solutions')]!))).toBe(4);
  }, 600_000);

  it('two-resonator S-parameters from CW runs in the time domain (both settle to 1e-10)', () => {
    check('tr-time-domain', (c) => (c === 'kappa' || c === 'gamma_k' ? 'exact' : 'skip'), () => ({ floor: 1 }));
    const last = h.report.at(-1)!;
    for (const d of last.deviations) if (d.column.endsWith('.abs')) expect(d.abs, d.column).toBeLessThan(1e-8);
  }, 600_000);

  it('two-resonator pulse: solve_ivp traces against the app\'s Runge–Kutta traces', () => {
    check('tr-pulse', (c) => (c === 't' ? 'exact' : 'skip'), (_c, scale) => ({ floor: scale }));
    // relative to each trace's peak: the app's fixed step, not the script, limits the agreement
    const last = h.report.at(-1)!;
    for (const d of last.deviations) if (d.column !== 't') expect(d.rel, d.column).toBeLessThan(1e-6);
  }, 600_000);

  it('two-resonator forward pulse at γ_k = κ: the friction holds a2 at exactly 0 in both', () => {
    check('tr-pulse-forward', (c) => (c === 't' || c.endsWith('.s2_out') || c.endsWith('.a2') ? 'exact' : 'skip'), (_c, scale) => ({ floor: scale }));
    const { app, py } = lastRun!;
    const j = app.columns.indexOf('nonlocal.s2_out');
    for (const rows of [app.rows, py.rows]) expect(rows.every((r) => r[j] === 0)).toBe(true);
    for (const d of h.report.at(-1)!.deviations) if (d.column !== 't') expect(d.rel, d.column).toBeLessThan(1e-6);
  }, 600_000);
});
