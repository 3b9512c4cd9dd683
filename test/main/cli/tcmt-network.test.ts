/** The tcmt-network model on the command line: nrlab models --preset, solve --spec, simulate --spec, bad specs exit 2 naming the field. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { solvePoint } from '../../../src-core/tasks/solver-tasks';

const bin = path.resolve(__dirname, '../../../bin/nrlab.cjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-tcmt-'));

function nrlab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function specFile(name: string, spec: unknown): string {
  const f = path.join(dir, name);
  writeFileSync(f, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return f;
}

describe('nrlab with the tcmt-network model', () => {
  it('solves a preset printed as a spec file with the app’s numbers; seed 003 isolates forward (S21 = 0 exactly)', () => {
    const p = nrlab('models', 'tcmt-network', '--preset', 'seed003-nonlocal');
    expect(p.code, p.stderr).toBe(0);
    const file = specFile('seed.json', p.stdout);
    const r = nrlab('solve', 'tcmt-network', '--spec', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const ref = solvePoint({ model: 'tcmt-network', params: { spec: p.stdout } }).output as { ports: { S: Record<string, { abs: number }> }[] };
    expect(out.ports[0].S.S21.abs).toBe(0);
    expect(out.ports[1].S.S12.abs).toBe(ref.ports[1]!.S.S12!.abs);
    expect(out.ports[1].S.S12.abs).toBeGreaterThan(0.1);
  });

  it('simulates a spec file (--spec) driven at port 2', () => {
    const file = specFile('chain.json', nrlab('models', 'tcmt-network', '--preset', 'chain3-nonlocal').stdout);
    const r = nrlab('simulate', 'tcmt-network', '--spec', file, '--port', '2', '--samples', '11');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.port).toBe(2);
    const tr = doc.traces[0];
    for (const f of ['input', 's1_out', 's2_out', 'a1', 'a2', 'a3']) expect(Object.keys(tr[f]).length).toBe(11);
  });

  it.each([
    ['unknown reference', { resonators: [{ name: 'a', omega: 0, gamma: 1, losses: [{ kind: 'nonlocal', gamma: 1, reference: 'zz' }] }], ports: ['a'] }, /spec\.resonators\[0\]\.losses\[0\]\.reference: no resonator is named "zz"/],
    ['port without loss', { resonators: [{ name: 'a', omega: 0, gamma: 0 }], ports: ['a'] }, /spec\.resonators\[0\]\.gamma: resonator a has a port/],
  ])('a bad spec (%s) exits 2 naming the field', (_n, spec, why) => {
    const r = nrlab('solve', 'tcmt-network', '--spec', specFile(`bad-${_n.replace(/\W/g, '')}.json`, spec));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a bad port exits 2 naming --port', () => {
    const file = specFile('seed2.json', nrlab('models', 'tcmt-network', '--preset', 'seed003-linear').stdout);
    const r = nrlab('simulate', 'tcmt-network', '--spec', file, '--port', '3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port: must be a port number 1 … 2/);
  });
});

describe('a simulate study of a larger network', () => {
  it('stores a trace for every resonator and port of its own spec (not the default spec’s), and drives a port above 2', async () => {
    const { readFileSync } = await import('node:fs');
    // three resonators in a chain, a port on each: fields a1…a3 and s1_out…s3_out
    const spec = {
      resonators: ['r1', 'r2', 'r3'].map((name) => ({ name, omega: 0, gamma: 0.5, gamma0: 0.1, chi: 0, losses: [] })),
      couplings: [{ i: 'r1', j: 'r2', kappa: 0.4 }, { i: 'r2', j: 'r3', kappa: 0.4 }],
      ports: ['r1', 'r2', 'r3'],
      input: { omega: 0, amplitude: 1, port: 1 },
    };
    const file = path.join(dir, 'sim3.nrlab');
    expect(nrlab('new', '--out', file).code).toBe(0);
    const add = nrlab('add', 'study', file, '--name', 'T', '--model', 'tcmt-network', '--set', `spec=${JSON.stringify(spec)}`, '--port', '3', '--t-end', '40', '--input', 'rect', '--width', '10', '--t0', '2', '--samples', '201');
    expect(add.code, add.stderr).toBe(0);
    const run = nrlab('run', file);
    expect(run.code, run.stderr).toBe(0);
    const out = path.join(dir, 'sim3.csv');
    expect(nrlab('export', file, '--study', 'T', '--format', 'csv', '--out', out).code).toBe(0);
    const header = readFileSync(out, 'utf8').split('\n').find((l) => !l.startsWith('#'))!;
    const cols = header.split(',');
    // the header row: NR Lab's keys made safe for Python (network.a1 → network_a1)
    for (const k of ['network_a1', 'network_a2', 'network_a3', 'network_s1_out', 'network_s2_out', 'network_s3_out']) expect(cols).toContain(k);
    // driven at port 3: resonator 3 responds first and most
    const rows = readFileSync(out, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).slice(1).map((l) => l.split(',').map(Number));
    const peak = (k: string): number => Math.max(...rows.map((r) => r[cols.indexOf(k)]!));
    expect(peak('network_a3')).toBeGreaterThan(peak('network_a1'));
    expect(peak('network_a1')).toBeGreaterThan(0);
  });
});

describe('a bad spec given with --set', () => {
  it('exits 2 naming the field path inside the spec', () => {
    const file = path.join(dir, 'badspec.nrlab');
    expect(nrlab('new', '--out', file).code).toBe(0);
    const r = nrlab('add', 'set', file, '--model', 'tcmt-network', '--set', 'spec={"resonators":[{"name":"r1","omega":0,"gamma":0.5},{"name":"r2","omega":0,"gamma":0.5}],"couplings":[{"i":"r1","j":"r2"}],"ports":["r1"]}');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--set spec\.couplings\[0\]\.kappa: is required/);
  });
});
