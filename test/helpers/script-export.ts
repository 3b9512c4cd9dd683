/**
 * Running exported Python scripts against the app: a project of studies solved by the real worker
 * pool (ProjectService), each study's CSV export and generated script, the script run with the
 * system Python (QuTiP, numpy, scipy) and its CSV compared column by column with the app's.
 *
 * Needs /usr/bin/python3 with QuTiP and SciPy (Debian: apt-get install -y python3-qutip
 * python3-scipy; .ci/run installs them), and the built worker (npm run build).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { exportSourceOf, parseExportCsv, studyToCsv, studyToPythonScript, type ParsedCsv } from '../../src-core/export/index';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument, type Study } from '../../src-core/project/types';
import { Backend } from '../../src-main/services/backend';

export const PYTHON = process.env.NRLAB_PYTHON ?? '/usr/bin/python3';
const workerFile = path.resolve(__dirname, '../../dist/main/solver-worker.cjs');

/** The versions of QuTiP, SciPy and numpy; throws, saying what to install, when they are missing. */
export function requirePython(): string {
  const r = spawnSync(PYTHON, ['-c', 'import qutip, scipy, numpy; print(qutip.__version__, scipy.__version__, numpy.__version__)'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      `the script-export tests run the exported scripts with ${PYTHON}, which needs QuTiP, SciPy and numpy ` +
        `(Debian: apt-get install -y python3-qutip python3-scipy; .ci/run installs them): ${r.error ? r.error.message : r.stderr.trim()}`,
    );
  }
  return r.stdout.trim();
}

export interface Deviation {
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
export interface ColumnRule {
  floor: number;
  linear?: boolean;
}

/** Compare two parsed CSVs column by column; same columns, same rows, same special values. */
export function compareCsv(app: ParsedCsv, py: ParsedCsv, ruleOf: (column: string, scale: number) => ColumnRule): Deviation[] {
  expect(py.columns).toEqual(app.columns);
  // the header rows too: the scripts' csv_names is the app's rule (names.ts)
  expect(py.names).toEqual(app.names);
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

/** A column's tolerance: largest relative deviation, exact equality, or not compared. */
export type Tolerance = number | 'exact' | 'skip';

/** One study's run: the app's and the script's CSV, the script, its wall time and the deviations. */
export interface ScriptRun {
  app: ParsedCsv;
  py: ParsedCsv;
  script: string;
  seconds: number;
  deviations: Deviation[];
}

/**
 * A project of `studies` solved by the app's worker pool; `check` exports a study's script, runs
 * it with `--compare` against the app's CSV and asserts every column within its tolerance.
 */
export function scriptHarness(studies: Study[], title: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-export-script-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-export-data-'));
  const backend = new Backend({ workers: 2, workerFile, dataDir, autosaveMs: 0 });
  const report: { study: string; pythonSeconds: number; rows: number; deviations: Deviation[] }[] = [];
  let projectId = '';
  let versions = '';

  const doc = (): ProjectDocument => ({
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [],
    studies,
    figures: [],
  });

  /** Solve every study in the app (the beforeAll of a suite). */
  async function setup(): Promise<void> {
    versions = requirePython();
    const p = backend.projects.newProject();
    backend.projects.editProject(p.id, doc(), 'Studies');
    projectId = p.id;
    for (const s of studies) {
      const r = await backend.projects.runStudy(projectId, s.id).whenDone;
      expect(r.status, `${s.name}: ${JSON.stringify(r.output ?? r.failed)}`).toBe('succeeded');
    }
  }

  /** Close the pool and print the deviations (the afterAll of a suite). */
  async function teardown(): Promise<void> {
    await backend.close();
    if (report.length) {
      const lines = [`Python: ${PYTHON} (QuTiP, SciPy, numpy ${versions})`];
      for (const r of report) {
        lines.push(`${r.study}: ${r.rows} rows, Python run ${r.pythonSeconds.toFixed(2)} s`);
        for (const d of r.deviations) lines.push(`  ${d.column.padEnd(22)} max rel ${d.rel.toExponential(2)}  max abs ${d.abs.toExponential(2)}`);
      }
      console.log(lines.join('\n'));
    }
  }

  /** The generated script of a solved study. */
  function scriptOf(studyId: string): string {
    const src = exportSourceOf(backend.projects.snapshotOf(projectId).doc, backend.projects.studyResult(projectId, studyId));
    return studyToPythonScript(src, { exporter: { name: 'NR Lab', version: 'test' }, exportedAt: '2026-01-01T00:00:00.000Z' });
  }

  /** The app's CSV and the script's CSV of one study, and the script's wall time. */
  function run(studyId: string, edit: (script: string) => string = (x) => x): Omit<ScriptRun, 'deviations'> {
    const snap = backend.projects.snapshotOf(projectId);
    const src = exportSourceOf(snap.doc, backend.projects.studyResult(projectId, studyId));
    const opts = { exporter: { name: 'NR Lab', version: 'test' }, exportedAt: '2026-01-01T00:00:00.000Z' };
    const script = edit(studyToPythonScript(src, opts));
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
    for (const c of parseExportCsv(appCsv).columns) expect(r.stderr).toMatch(new RegExp(`^  ${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +max relative`, 'm'));
    return { app: parseExportCsv(appCsv), py: parseExportCsv(readFileSync(out, 'utf8')), seconds, script };
  }

  /** Run a study's script (changed by `edit`, if given) and assert every column within `tolerance` (compared by `rule`). */
  function check(studyId: string, tolerance: (column: string) => Tolerance, rule: (column: string, scale: number) => ColumnRule, edit?: (script: string) => string): ScriptRun {
    const r = run(studyId, edit);
    const deviations = compareCsv(r.app, r.py, rule);
    report.push({ study: studies.find((s) => s.id === studyId)!.name, pythonSeconds: r.seconds, rows: r.app.rows.length, deviations });
    for (const d of deviations) {
      const tol = tolerance(d.column);
      if (tol === 'skip') continue;
      if (tol === 'exact') expect(d.abs, d.column).toBe(0);
      else expect(d.rel, `${studyId} ${d.column}: max relative deviation`).toBeLessThanOrEqual(tol);
    }
    return { ...r, deviations };
  }

  return { setup, teardown, check, scriptOf, backend, report };
}
