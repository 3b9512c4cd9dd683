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
