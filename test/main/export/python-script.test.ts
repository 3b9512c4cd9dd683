/**
 * "Export as script": for small studies of each kind, the app's solver (the real worker pool, via
 * ProjectService) gives the numbers and the CSV export; the generated Python script is run with
 * the system Python (QuTiP, numpy, scipy) and its CSV is compared column by column.
 *
 * Needs /usr/bin/python3 with QuTiP and SciPy (Debian: apt-get install -y python3-qutip
 * python3-scipy; .ci/run installs them). Without them every test here fails and says so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSourceOf, formatNumber, parseExportCsv, studyToCsv, studyToPythonScript, type ParsedCsv } from '../../../src-core/export/index';
import { PY_COMMON } from '../../../src-core/export/python/common';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument, type Study } from '../../../src-core/project/types';
import { Backend } from '../../../src-main/services/backend';

const PYTHON = process.env.NRLAB_PYTHON ?? '/usr/bin/python3';
const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');
const MHZ = 2 * Math.PI * 1e6;

function requirePython(): string {
  const r = spawnSync(PYTHON, ['-c', 'import qutip, scipy, numpy; print(qutip.__version__, scipy.__version__, numpy.__version__)'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      `the script-export tests run the exported scripts with ${PYTHON}, which needs QuTiP, SciPy and numpy ` +
        `(Debian: apt-get install -y python3-qutip python3-scipy; .ci/run installs them): ${r.error ? r.error.message : r.stderr.trim()}`,
    );
  }
  return r.stdout.trim();
}

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

function doc(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Script export checks',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [],
    studies,
    figures: [],
  };
}

interface Deviation {
  column: string;
  /** Largest |app − script| / max(|app|, floor) over the rows. */
  rel: number;
  abs: number;
}

/**
 * How a column is compared: |app − script| / max(|app|, floor), after `linear` (dB → amplitude).
 * The floor is the scale below which a value is rounding noise of a difference (e.g. |S11| ≈ 1e-16
 * of a reflectionless port, or I = |T_{a→c} − T_{c→a}| of two equal transmissions).
 */
interface ColumnRule {
  floor: number;
  linear?: boolean;
}

/** Compare two parsed CSVs column by column; same columns, same rows, same special values. */
function compare(app: ParsedCsv, py: ParsedCsv, ruleOf: (column: string, scale: number) => ColumnRule): Deviation[] {
  expect(py.columns).toEqual(app.columns);
  expect(py.rows.length).toBe(app.rows.length);
  return app.columns.map((column, j) => {
    let scale = 0;
    for (const r of app.rows) if (r[j] !== null && Number.isFinite(r[j]!)) scale = Math.max(scale, Math.abs(r[j]!));
    const rule = ruleOf(column, scale);
    const f = (x: number): number => (rule.linear ? Math.pow(10, x / 20) : x);
    let rel = 0;
    let abs = 0;
    app.rows.forEach((r, i) => {
      const a = r[j]!;
      const b = py.rows[i]![j]!;
      expect(b === null, `row ${i + 1} ${column}: empty in one file only`).toBe(a === null);
      if (a === null || b === null) return;
      if (!Number.isFinite(a) || !Number.isFinite(b)) {
        expect(String(b), `row ${i + 1} ${column}`).toBe(String(a));
        return;
      }
      const d = Math.abs(f(a) - f(b));
      abs = Math.max(abs, Math.abs(a - b));
      if (d > 0) rel = Math.max(rel, d / Math.max(Math.abs(f(a)), rule.floor));
    });
    return { column, rel, abs };
  });
}

const report: { study: string; pythonSeconds: number; rows: number; deviations: Deviation[] }[] = [];

describe('exported Python scripts recompute the stored studies', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-export-script-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-export-data-'));
  const backend = new Backend({ workers: 2, workerFile, dataDir, autosaveMs: 0 });
  let projectId = '';
  let versions = '';

  beforeAll(async () => {
    versions = requirePython();
    const p = backend.projects.newProject();
    backend.projects.editProject(p.id, doc(), 'Studies');
    projectId = p.id;
    for (const s of studies) {
      const r = await backend.projects.runStudy(projectId, s.id).whenDone;
      expect(r.status, `${s.name}: ${JSON.stringify(r.output ?? r.failed)}`).toBe('succeeded');
    }
  }, 120_000);

  afterAll(async () => {
    await backend.close();
    if (report.length) {
      const lines = [`Python: ${PYTHON} (QuTiP, SciPy, numpy ${versions})`];
      for (const r of report) {
        lines.push(`${r.study}: ${r.rows} rows, Python run ${r.pythonSeconds.toFixed(2)} s`);
        for (const d of r.deviations) lines.push(`  ${d.column.padEnd(22)} max rel ${d.rel.toExponential(2)}  max abs ${d.abs.toExponential(2)}`);
      }
      console.log(lines.join('\n'));
    }
  });

  /** The app's CSV and the script's CSV of one study, and the script's wall time. */
  function run(studyId: string): { app: ParsedCsv; py: ParsedCsv; seconds: number; script: string } {
    const snap = backend.projects.snapshotOf(projectId);
    const src = exportSourceOf(snap.doc, backend.projects.studyResult(projectId, studyId));
    const opts = { exporter: { name: 'NR Lab', version: 'test' }, exportedAt: '2026-01-01T00:00:00.000Z' };
    const script = studyToPythonScript(src, opts);
    const file = path.join(dir, `${studyId}.py`);
    const out = path.join(dir, `${studyId}.csv`);
    const appFile = path.join(dir, `${studyId}.app.csv`); // beside the script's, for a look with diff
    const appCsv = studyToCsv(src, opts);
    writeFileSync(appFile, appCsv);
    writeFileSync(file, script);
    const t0 = performance.now();
    const r = spawnSync(PYTHON, [file, out, '--compare', appFile], { encoding: 'utf8', timeout: 600_000 });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`${file} failed (exit ${r.status}, ${r.signal ?? ''}):\n${r.stderr}`);
    expect(r.stderr).toMatch(/\[\d+\/\d+\]/); // progress on stderr
    // the script's own comparison lists every column
    expect(r.stderr).toContain(`deviation from ${appFile}`);
    for (const c of parseExportCsv(appCsv).columns) expect(r.stderr).toMatch(new RegExp(`^  ${c.replace(/\./g, '\\.')} +max relative`, 'm'));
    return { app: parseExportCsv(appCsv), py: parseExportCsv(readFileSync(out, 'utf8')), seconds, script };
  }

  let lastRun: { app: ParsedCsv; py: ParsedCsv } | undefined;

  function check(studyId: string, tolerance: (column: string) => number | 'exact' | 'skip', rule: (column: string, scale: number) => ColumnRule): Deviation[] {
    const { app, py, seconds } = run(studyId);
    lastRun = { app, py };
    const devs = compare(app, py, rule);
    report.push({ study: studies.find((s) => s.id === studyId)!.name, pythonSeconds: seconds, rows: app.rows.length, deviations: devs });
    for (const d of devs) {
      const tol = tolerance(d.column);
      if (tol === 'skip') continue;
      if (tol === 'exact') expect(d.abs, d.column).toBe(0);
      else expect(d.rel, `${studyId} ${d.column}: max relative deviation`).toBeLessThanOrEqual(tol);
    }
    return devs;
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
    const script = studyToPythonScript(exportSourceOf(backend.projects.snapshotOf(projectId).doc, backend.projects.studyResult(projectId, 'q-auto-two-cavity')));
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
    const last = report.at(-1)!;
    for (const d of last.deviations) if (d.column.endsWith('.abs')) expect(d.abs, d.column).toBeLessThan(1e-8);
  }, 600_000);

  it('two-resonator pulse: solve_ivp traces against the app\'s Runge–Kutta traces', () => {
    check('tr-pulse', (c) => (c === 't' ? 'exact' : 'skip'), (_c, scale) => ({ floor: scale }));
    // relative to each trace's peak: the app's fixed step, not the script, limits the agreement
    const last = report.at(-1)!;
    for (const d of last.deviations) if (d.column !== 't') expect(d.rel, d.column).toBeLessThan(1e-6);
  }, 600_000);

  it('two-resonator forward pulse at γ_k = κ: the friction holds a2 at exactly 0 in both', () => {
    check('tr-pulse-forward', (c) => (c === 't' || c.endsWith('.s2_out') || c.endsWith('.a2') ? 'exact' : 'skip'), (_c, scale) => ({ floor: scale }));
    const { app, py } = lastRun!;
    const j = app.columns.indexOf('nonlocal.s2_out');
    for (const rows of [app.rows, py.rows]) expect(rows.every((r) => r[j] === 0)).toBe(true);
    for (const d of report.at(-1)!.deviations) if (d.column !== 't') expect(d.rel, d.column).toBeLessThan(1e-6);
  }, 600_000);
});
