/**
 * `nrlab export`: the built CLI (bin/nrlab.cjs, built by the global setup) on a small project
 * whose studies it ran itself. NRLAB_DATA_DIR is a temporary directory.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseExportCsv } from '../../../src-core/export/csv';
import { TCMT_PRESETS } from '../../../src-core/models/tcmt-network/presets';
import { canonicalTcmtSpec } from '../../../src-core/models/tcmt-network/spec';
import { ProjectArchive } from '../../../src-core/project/container';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';

const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'bin/nrlab.cjs');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-export-cli-data-'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-export-cli-'));
const project = path.join(dir, 'small.nrlab');
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

function nrlab(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const doc: ProjectDocument = {
  format: PROJECT_FORMAT,
  schemaVersion: PROJECT_SCHEMA_VERSION,
  title: 'Export CLI project',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  app: { name: 'NR Lab', version: 'test' },
  parameterSets: [{ id: 'fig2', name: 'Fig. 2', model: 'three-cavity', params: { theta: '-pi/4' } }],
  studies: [
    {
      id: 'map',
      name: 'Map',
      kind: 'sweep',
      model: 'three-cavity',
      parameterSet: 'fig2',
      params: { solver: 'classical' },
      axes: [
        { key: 'Delta', start: -1, stop: 1, count: 5 },
        { key: 'kappa_b', values: [0, 1] },
      ],
    },
    { id: 'pt', name: 'Point', kind: 'point', model: 'two-resonator', params: { kappa: 0.3e6 } },
    { id: 'net', name: 'Network', kind: 'point', model: 'tcmt-network', params: { spec: canonicalTcmtSpec(TCMT_PRESETS.find((p) => p.id === 'chain3-nonlocal')!.spec) } },
    { id: 'later', name: 'Later', kind: 'sweep', model: 'three-cavity', params: {}, axes: [{ key: 'Delta', start: 0, stop: 1, count: 2 }] },
  ],
  figures: [{ id: 'f', name: 'fig', layout: { rows: 1, cols: 1 }, panels: [{ study: 'map', kind: 'heatmap', quantity: 'isolation' }] }],
};

describe('nrlab export', () => {
  beforeAll(() => {
    writeFileSync(project, ProjectArchive.empty().toBytes(doc));
    const r = nrlab(['run', project, '--study', 'Map', '--study', 'Point', '--study', 'Network', '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('writes a study\'s CSV to --out atomically, with its provenance in the comments', () => {
    const before = sha(project);
    const out = path.join(dir, 'map.csv');
    writeFileSync(out, 'an older export');
    const r = nrlab(['export', project, '--study', 'Map', '--format', 'csv', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/wrote CSV of "Map" to .*map\.csv/);
    const csv = parseExportCsv(readFileSync(out, 'utf8'));
    expect(csv.columns).toEqual(['Delta', 'kappa_b', 'a_to_c.T', 'c_to_a.T', 'isolation']);
    expect(csv.rows).toHaveLength(10);
    const comments = csv.comments.join('\n');
    for (const want of ['project: Export CLI project', `project file: ${project}`, 'study: Map (id map, sweep)', 'model: three-cavity', 'theta       = -0.7853981633974483', 'solver: classical', 'computed by: NR Lab', 'exported by: NR Lab', 'Delta: 5 points from -1 to 1']) {
      expect(comments).toContain(want);
    }
    // κ_b = 0 is reciprocal, κ_b = κ at Δ = κ/2 the eq. 16 optimum
    for (const row of csv.rows.filter((x) => x[1] === 0)) expect(row[4]).toBeLessThan(1e-12);
    expect(csv.rows.find((x) => x[0] === 0.5 && x[1] === 1)![2]).toBeCloseTo(1, 12);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(sha(project)).toBe(before); // exporting never writes the project
  });

  it('writes JSON to stdout, with the same numbers as the CSV; the format follows the --out extension', () => {
    const r = nrlab(['export', project, '--study', 'map', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.study).toMatchObject({ id: 'map', name: 'Map', status: 'succeeded' });
    expect(j.axes).toEqual({ Delta: [-1, -0.5, 0, 0.5, 1], kappa_b: [0, 1] });
    expect(j.shape).toEqual([5, 2]);
    expect(j.provenance.params.theta).toBe(-Math.PI / 4);
    const out = path.join(dir, 'map.json');
    expect(nrlab(['export', project, '--study', 'Map', '--out', out]).code).toBe(0);
    const csv = parseExportCsv(readFileSync(path.join(dir, 'map.csv'), 'utf8'));
    expect(JSON.parse(readFileSync(out, 'utf8')).data.isolation).toEqual(csv.rows.map((x) => x[4]));

    const pt = JSON.parse(nrlab(['export', project, '--study', 'Point', '--format', 'json']).stdout);
    expect(pt.output.output.S12.abs).toBe(pt.data['S12.abs'][0]);
    expect(pt.shape).toEqual([]);
  });

  it('writes the Python script, executable, for a referee to run', () => {
    const out = path.join(dir, 'map.py');
    const r = nrlab(['export', project, '--study', 'Map', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('#!/usr/bin/env python3\n')).toBe(true);
    expect(text).toContain('# Project: Export CLI project');
    expect(text).toMatch(/^AXES = \[\["Delta", \[-1, -0\.5, 0, 0\.5, 1\]\], \["kappa_b", \[0, 1\]\]\]$/m);
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o111).not.toBe(0);
    const two = nrlab(['export', project, '--study', 'Point', '--format', 'py']);
    expect(two.code).toBe(0);
    expect(two.stdout).toContain('Nonreciprocal coupling induced by nonlocal loss engineering');
    // a tcmt-network study: its spec embedded, the numpy/scipy steady states (test/main/export/tcmt-script.test.ts runs it)
    const net = nrlab(['export', project, '--study', 'Network', '--format', 'py']);
    expect(net.code, net.stderr).toBe(0);
    expect(net.stdout).toContain('# Study: Network (id net, point, model tcmt-network)');
    expect(net.stdout).toMatch(/^SPEC = \{$/m);
    expect(net.stdout).toContain('"reference": "r1"');
    expect(net.stdout).toContain('from scipy.optimize import fsolve');
  });

  it.each([
    [['export'], /arguments: "nrlab export" needs a project file/],
    [['export', 'missing.nrlab', '--study', 'Map', '--format', 'csv'], /path: .*missing\.nrlab does not exist/],
    [['export', 'PROJECT', '--format', 'csv'], /--study: name the study to export; small\.nrlab has: "Map", "Point", "Network", "Later"/],
    [['export', 'PROJECT', '--study', 'Nope', '--format', 'csv'], /--study: no study "Nope" in small\.nrlab; it has: "Map", "Point", "Network", "Later"/],
    [['export', 'PROJECT', '--study', 'Later', '--format', 'csv'], /--study: "Later" has no stored result yet: run it first/],
    [['export', 'PROJECT', '--study', 'Map', '--format', 'xlsx'], /--format: must be one of csv, json, npz, h5, ipynb, py, got "xlsx"/],
    [['export', 'PROJECT', '--study', 'Map', '--out', 'x.txt'], /--format: give the format/],
    [['export', 'PROJECT', '--study', 'Map'], /--format: give the format/],
    [['export', 'PROJECT', '--study', 'Map', '--format', 'csv', '--out', 'DIR/no/such/dir/x.csv'], /--out: cannot write .*x\.csv \(its directory does not exist\)/],
    [['export', 'PROJECT', '--study', 'Map', '--format', 'csv', '--out', 'DIR'], /--out: cannot write .* \(it is a directory\)/],
    [['export', 'PROJECT', '--study', 'Map', '--format', 'csv', '--out', 'PROJECT'], /--out: is the project file itself/],
    [['export', 'PROJECT', '--study', 'Map', '--format', 'csv', '--bogus'], /Unknown option '--bogus'/],
    [['export', 'PROJECT', 'extra', '--study', 'Map', '--format', 'csv'], /unexpected argument "extra"/],
    [['export', 'PROJECT', '--study', 'Map', '--figure', 'fig'], /--figure: give either --study \(data\) or --figure, not both/],
    [['export', 'PROJECT', '--figure', ''], /--figure: name the figure/],
  ])('bad input %j exits 2 naming the flag, writing nothing', (args, message) => {
    const before = sha(project);
    const r = nrlab((args as string[]).map((a) => a.replace('PROJECT', project).replace('DIR', dir)));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^nrlab: bad input: /);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(sha(project)).toBe(before);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(path.join(dir, 'x.csv'))).toBe(false);
  });

  it('refuses a damaged project file with exit code 2', () => {
    const bad = path.join(dir, 'bad.nrlab');
    writeFileSync(bad, 'not a project');
    const r = nrlab(['export', bad, '--study', 'Map', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nrlab: bad input: file: /);
  });

  it('routes --figure to figure export (its own options; see export-figure.test.ts)', () => {
    const r = nrlab(['export', project, '--figure', 'fig', '--format', 'svg', '--out', path.join(dir, 'fig.svg'), '--width', '3.4']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/wrote SVG of figure "fig" \(3\.40 × 2\.55 in\)/);
    expect(readFileSync(path.join(dir, 'fig.svg'), 'utf8')).toMatch(/<svg [^>]*width="244.8pt"/);
  });

  it('is listed in --help', () => {
    const r = nrlab(['--help']);
    expect(r.stdout).toMatch(/nrlab export FILE\.nrlab --study NAME \[--format csv\|json\|npz\|h5\|ipynb\|py\] \[--out FILE\]/);
    expect(r.stdout).toMatch(/nrlab export FILE\.nrlab --figure NAME/);
  });
});
