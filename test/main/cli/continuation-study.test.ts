/**
 * A continuation study from the command line, end to end: `nrlab add study --continue`, `nrlab run`
 * (on the solver pool), the CSV export (branch points, then the sweeps) read back against the
 * continuation hook, a branches figure exported as SVG with its dashed unstable stretch, and bad
 * flags exiting 2 naming the flag without touching the file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExportCsv } from '../../../src-core/export/csv';
import { getModel, resolveModelParams } from '../../../src-core/models/registry';
import { canonicalTcmtSpec, TCMT_PRESETS } from '../../../src-core/models/tcmt-network';

const bin = path.resolve(__dirname, '../../../bin/nrlab.cjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-contstudy-'));
const file = path.join(dir, 'p.nrlab');

function nrlab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('continuation study via the CLI', () => {
  const spec = canonicalTcmtSpec(TCMT_PRESETS.find((p) => p.id === 'kerr-bistable')!.spec);

  it('adds, runs and exports a continuation study with its sweep', () => {
    expect(nrlab('new', '--out', file).code).toBe(0);
    expect(nrlab('add', 'set', file, '--name', 'kerr', '--model', 'tcmt-network', '--set', `spec=${spec}`).code).toBe(0);
    const add = nrlab('add', 'study', file, '--name', 'S', '--from', 'kerr', '--continue', 'omega=-2:6', '--sweep-steps', '21');
    expect(add.code).toBe(0);
    expect(add.stdout + add.stderr).toMatch(/added study "S" \(study-1, continuation over omega = -2 … 6, tcmt-network\)/);
    const run = nrlab('run', file);
    expect(run.code, run.stderr).toBe(0);
    const out = path.join(dir, 's.csv');
    expect(nrlab('export', file, '--study', 'S', '--format', 'csv', '--out', out).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/# branch 0: rows 1–\d+; ends: bound, bound; folds at omega = 4\.06\d+, 2\.72\d+/);
    const csv = parseExportCsv(text);
    const col = (k: string): (number | null)[] => {
      const j = csv.columns.indexOf(k);
      expect(j, k).toBeGreaterThanOrEqual(0);
      return csv.rows.map((r) => r[j]!);
    };
    const model = getModel('tcmt-network');
    const direct = model.continuation!.run(resolveModelParams(model, { spec }), { vary: 'omega', lo: -2, hi: 6, port: 1 });
    const n = direct.branches[0]!.p.length;
    expect(csv.rows).toHaveLength(n + 2 * 21);
    expect(col('omega').slice(0, n)).toEqual(Array.from(direct.branches[0]!.p));
    expect(col('a.r1.abs').slice(0, n)).toEqual(Array.from(direct.branches[0]!.values['a.r1.abs']!));
    expect(col('sweep').slice(n)).toEqual([...Array(21).fill(1), ...Array(21).fill(-1)]);
    expect(col('branch').slice(n).every((v) => v === null || Number.isNaN(v))).toBe(true);
  });

  it('draws a branches figure with its unstable stretch dashed', () => {
    expect(nrlab('add', 'figure', file, '--name', 'F', '--panel', 'branches:a.r1.abs@S').code).toBe(0);
    const out = path.join(dir, 'f.svg');
    const r = nrlab('export', file, '--figure', 'F', '--format', 'svg', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/stroke-dasharray/);
    for (const word of ['stable', 'unstable', 'turning point', 'up sweep', 'down sweep']) expect(svg).toContain(word);
  });

  it('refuses bad flags with exit 2 naming them, leaving the file as it was', () => {
    const before = readFileSync(file);
    const cases: [string[], RegExp][] = [
      [['--continue', 'omega=6:-2'], /--continue.*greater than from/],
      [['--continue', 'chi=0:1'], /--continue.*must be one of omega, amplitude/],
      [['--continue', 'omega'], /--continue: expected PARAM=LO:HI/],
      [['--continue', 'omega=-2:6', '--sweep-steps', '1'], /--sweep-steps/],
      [['--continue', 'omega=-2:6', '--port', '3'], /--port/],
      [['--sweep-steps', '5'], /--sweep-steps: belongs to a continuation study/],
    ];
    for (const [flags, why] of cases) {
      const r = nrlab('add', 'study', file, '--from', 'kerr', ...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr, flags.join(' ')).toMatch(why);
    }
    const three = nrlab('add', 'study', file, '--model', 'three-cavity', '--continue', 'Delta=-2:2');
    expect(three.code).toBe(2);
    expect(three.stderr).toMatch(/no continuation/);
    expect(readFileSync(file).equals(before)).toBe(true);
    writeFileSync(path.join(dir, 'done'), '');
  });
});
