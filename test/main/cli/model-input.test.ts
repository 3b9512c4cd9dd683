/** The command line of a model with a structure (the network): --spec FILE, --preset, dotted keys, bad specs. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { solvePoint } from '../../../src-core/tasks/solver-tasks';

const bin = path.resolve(__dirname, '../../../bin/nrlab.cjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-net-'));

function nrlab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function specFile(name: string, spec: unknown): string {
  const f = path.join(dir, name);
  writeFileSync(f, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return f;
}

describe('nrlab with the network model', () => {
  it('prints a preset as a spec file; solving it with --spec and dotted --set gives the app’s numbers, per direction "a->c"', () => {
    const p = nrlab('models', 'network', '--preset', 'dimer-two-auxiliaries');
    expect(p.code).toBe(0);
    const file = specFile('dimer.json', p.stdout);
    const r = nrlab('solve', 'network', '--spec', file, '--set', 'a.Delta=0.3', '--set', 'a-c.phase=-0.5', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const ref = solvePoint({ model: 'network', params: { network: p.stdout, 'a.Delta': 0.3, 'a-c.phase': -0.5 } }).output as Record<string, Record<string, Record<string, unknown>>>;
    for (const key of ['a->c', 'c->a']) {
      const d = out.directions[key];
      for (const q of ['T', 'g2', 'g3', 'mean_n']) expect(d[q]).toBe(ref.directions![key]![q]);
      expect(d.P).toEqual(ref.directions![key]!.P);
      expect(d.diagnostics.residual).toBeLessThan(1e-10);
    }
    // the values were applied: the spec solved is the preset with a.Delta and the a–c phase changed
    const solved = JSON.parse(out.network);
    expect(solved.modes[0].Delta).toBe(0.3);
    expect(solved.couplings[0].phase).toBe(-0.5);
  });

  it('sweeps a dotted key', () => {
    const file = specFile('two.json', nrlab('models', 'network', '--preset', 'seed-two-cavity').stdout);
    const r = nrlab('sweep', 'network', '--spec', file, '--axis', 'a-c.phase=-3.14:3.14:5', '--set', 'solver=classical');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.axes[0].key).toBe('a-c.phase');
    expect(doc.data['a->c.T']).toHaveLength(5);
    // two cavities with one coupling are reciprocal at any phase
    doc.data['a->c.T'].forEach((t: number, i: number) => expect(t).toBeCloseTo(doc.data['c->a.T'][i], 12));
  });

  it.each([
    ['unknown mode', { modes: [{ name: 'a', kappa: 1 }], couplings: [{ i: 'a', j: 'q', J: 1 }], directions: [{ drive: 'a', Omega: 0.1, outputs: ['a'] }] }, /network\.couplings\[0\]\.j: no mode is named "q"/],
    ['self-coupling', { modes: [{ name: 'a', kappa: 1 }], couplings: [{ i: 'a', j: 'a', J: 1 }], directions: [{ drive: 'a', Omega: 0.1, outputs: ['a'] }] }, /network\.couplings\[0\]\.j: couples mode "a" to itself/],
    ['negative loss', { modes: [{ name: 'a', kappa: -1 }], directions: [{ drive: 'a', Omega: 0.1, outputs: ['a'] }] }, /network\.modes\[0\]\.kappa: must be within 0/],
    ['no loss anywhere', { modes: [{ name: 'a', kappa: 0 }, { name: 'b', kappa: 0 }], couplings: [{ i: 'a', j: 'b', J: 1 }], directions: [{ drive: 'a', Omega: 0.1, outputs: ['b'] }] }, /network\.directions\[0\]\.drive: mode "a" has no loss/],
    ['not JSON', '{"modes": [', /--spec: .* is not valid JSON/],
  ])('a bad spec (%s) exits 2 naming the field', (_name, spec, why) => {
    const r = nrlab('solve', 'network', '--spec', specFile(`bad-${_name.replace(/\W/g, '')}.json`, spec));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a network too large for memory exits 2 naming fock', () => {
    const modes = Array.from({ length: 6 }, (_, k) => ({ name: `m${k}`, kappa: 1, U: 1 }));
    const r = nrlab('solve', 'network', '--spec', specFile('big.json', { modes, directions: [{ drive: 'm0', Omega: 0.1, outputs: ['m5'] }] }), '--set', 'fock=30');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fock: .*dimension \d+.*GB/);
  });

  it('a sweep that drives a port to zero loss names the parameter; --spec on a model without structure is refused', () => {
    const file = specFile('two2.json', nrlab('models', 'network', '--preset', 'seed-two-cavity').stdout);
    const r = nrlab('solve', 'network', '--spec', file, '--set', 'c.kappa=0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/c\.kappa: mode "c" has no loss/);
    const t = nrlab('solve', 'three-cavity', '--spec', file);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--spec: the three-cavity model has no structure/);
    expect(nrlab('models', 'network', '--preset', 'nope').stderr).toMatch(/--preset: network has no preset "nope"; its presets: seed-three-cavity, seed-two-cavity, ring-four, dimer-two-auxiliaries/);
  });
});
