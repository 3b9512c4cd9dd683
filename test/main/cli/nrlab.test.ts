import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(__dirname, '../../../bin/nrlab.cjs');

function nrlab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('nrlab CLI', () => {
  it('solve prints exactly the contract JSON on stdout', () => {
    const r = nrlab('solve', 'three-cavity', '--set', 'solver=classical', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).sort()).toEqual(['a_to_c', 'c_to_a', 'isolation']);
    // the paper's Fig. 2 point is the eq. 16 optimum
    expect(doc.a_to_c.T).toBeCloseTo(1, 12);
    expect(doc.c_to_a.T).toBeCloseTo(0, 12);
    expect(doc.isolation).toBeCloseTo(1, 12);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('accepts expressions and convenience keys; θ → −θ reverses the direction', () => {
    const r = JSON.parse(nrlab('solve', 'three-cavity', '--set', 'solver=classical', '--set', 'theta=pi/4', '--set', 'J=sqrt(2)/2', '--json').stdout);
    expect(r.a_to_c.T).toBeCloseTo(0, 12);
    expect(r.c_to_a.T).toBeCloseTo(1, 12);
  });

  it.each([
    [['solve', 'three-cavity', '--set', 'kappa_a=-1', '--json'], /kappa_a: must be ≥ 0.0001/],
    [['solve', 'three-cavity', '--set', 'kapa=1'], /kapa: unknown parameter/],
    [['solve', 'three-cavity', '--set', 'theta=pi/'], /theta: cannot read "pi\/" as a number/],
    [['solve', 'three-cavity', '--set', 'cavities=4'], /cavities: must be ≤ 3/],
    [['solve', 'three-cavity', '--set', 'solver=magic'], /solver: must be one of quantum, classical/],
    [['solve', 'four-cavity'], /model: unknown model "four-cavity"/],
    [['sweep', 'three-cavity', '--axis', 'Delta=1:2'], /--axis Delta: expected start:stop:count/],
    [['sweep', 'three-cavity'], /needs at least one --axis/],
    [['solve', 'three-cavity', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['serve', '--port', '99999'], /--port: must be an integer from 0 to 65535/],
  ])('bad input %j exits 2 naming the field, without a stack trace', (args, message) => {
    const r = nrlab(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('sweep writes the documented JSON: 2-D, row-major, first axis slowest', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-cli-'));
    const out = path.join(dir, 'map.json');
    const r = nrlab('sweep', 'three-cavity', '--axis', 'Delta=-1:1:3', '--axis', 'kappa_b=0:2:4', '--set', 'solver=classical', '--out', out, '--workers', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.model).toBe('three-cavity');
    expect(doc.axes.map((a: { key: string }) => a.key)).toEqual(['Delta', 'kappa_b']);
    expect(doc.axes[1].values).toEqual([0, 2 / 3, 4 / 3, 2]);
    expect(doc.shape).toEqual([3, 4]);
    expect(doc.failed).toEqual([]);
    for (const q of ['a_to_c.T', 'c_to_a.T', 'isolation']) expect(doc.data[q]).toHaveLength(12);
    // κ_b = 0 column (j = 0) is reciprocal at every Δ; index = i*4 + j
    for (let i = 0; i < 3; i++) expect(doc.data.isolation[i * 4]).toBeLessThan(1e-12);
    // Δ = 0 row, κ_b = 4/3: compare with a single solve
    const single = JSON.parse(nrlab('solve', 'three-cavity', '--set', 'solver=classical', '--set', 'Delta=0', '--set', 'kappa_b=4/3', '--json').stdout);
    expect(doc.data['a_to_c.T'][1 * 4 + 2]).toBeCloseTo(single.a_to_c.T, 14);
    expect(doc.diagnostics.points).toBe(12);
    expect(existsSync(out + '.tmp')).toBe(false);
  });

  it('sweep reports failed points as null with their reasons', () => {
    const r = nrlab('sweep', 'three-cavity', '--set', 'solver=classical', '--axis', 'Delta_b=-1:1:3', '--set', 'J=0', '--set', 'kappa_b=0');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.data['a_to_c.T'][1]).toBeNull();
    expect(doc.failed).toHaveLength(1);
    expect(doc.failed[0].index).toBe(1);
    expect(doc.failed[0].reason).toMatch(/singular/);
  });

  it('models lists the parameters with units and defaults', () => {
    const r = nrlab('models', 'three-cavity');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kappa_b\s+\[κ\]\s+default 1/);
    expect(r.stdout).toMatch(/theta\s+\[rad\]\s+default -0\.785398/);
  });
});

describe('nrlab CLI, quantum solver (the default)', () => {
  const fixtures = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/qutip/steady-states.json'), 'utf8')) as {
    cases: { name: string; a_to_c: Record<string, number>; c_to_a: Record<string, number> }[];
  };
  const fig2K4 = fixtures.cases.find((c) => c.name === 'fig2-K4')!;

  it('solve prints T, g2, g3, mean_n, P for both directions, isolation, ratio and diagnostics, matching QuTiP', () => {
    const r = nrlab('solve', 'three-cavity', '--set', 'fock=4', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const d of ['a_to_c', 'c_to_a'] as const) {
      for (const k of ['T', 'g2', 'g3', 'mean_n', 'P']) expect(doc[d]).toHaveProperty(k);
      for (const k of ['T', 'g2', 'mean_n']) expect(Math.abs(doc[d][k] / fig2K4[d][k]! - 1)).toBeLessThan(1e-6);
      expect(doc[d].P).toHaveLength(5);
      expect(doc.diagnostics[d].residual).toBeLessThanOrEqual(1e-10);
      expect(doc.diagnostics[d].minEigenvalue).toBeGreaterThan(-1e-12);
    }
    expect(doc.isolation).toBeCloseTo(Math.abs(doc.a_to_c.T - doc.c_to_a.T), 15);
    expect(doc.ratio).toBeGreaterThan(0.99);
    // the weak-drive (classical) value sits beside the quantum one
    expect(doc.classical.a_to_c.T).toBeCloseTo(1, 12);
    expect(doc.truncation).toMatchObject({ basis: 'total', fock: 4, dim: 35, mode: 'fixed' });
  });

  it('sweep returns every scalar on the grid', () => {
    const r = nrlab('sweep', 'three-cavity', '--axis', 'Delta=0:1:3', '--set', 'fock=3');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const k of ['a_to_c.T', 'a_to_c.g2', 'a_to_c.g3', 'a_to_c.mean_n', 'c_to_a.T', 'c_to_a.g2', 'isolation', 'ratio', 'residual']) {
      expect(doc.data[k]).toHaveLength(3);
      expect(doc.data[k].every((x: number | null) => typeof x === 'number')).toBe(true);
    }
  });

  it.each([
    [['--set', 'basis=per-mode', '--set', 'fock=12'], /fock: per-mode truncation 12 gives dimension 1728/],
    [['--set', 'kappa_b=0', '--set', 'J=0', '--set', 'fock=3'], /kappa_b: cavity b has no loss .* never decay/],
    [['--set', 'fock=two'], /fock: cannot read "two"/],
    [['--set', 'Omega=0'], /Omega: must be ≥ 0.0001/],
    [['--set', 'kappa_b=-1'], /kappa_b: must be ≥ 0/],
    [['--set', 'U_a=inf'], /U_a: cannot read "inf"/],
  ])('bad input %j exits 2 naming the parameter', (args, message) => {
    const r = nrlab('solve', 'three-cavity', ...(args as string[]), '--json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message as RegExp);
  });
});

describe('nrlab CLI, two-resonator model (seed 003)', () => {
  it('solve prints S-parameters with abs and phase, isolation (null when |S21| = 0) and diagnostics', () => {
    const r = nrlab('solve', 'two-resonator', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const k of ['S11', 'S21', 'S12', 'S22']) {
      expect(doc[k]).toHaveProperty('abs');
      expect(doc[k]).toHaveProperty('phase');
    }
    expect(doc.S21.abs).toBe(0); // γ_k = κ: exactly zero forward transmission
    expect(doc.isolation_dB).toBeNull();
    expect(doc.diagnostics).toMatchObject({ method: 'steady', loss: 'nonlocal', stuck: true });
  });

  it('finite isolation below γ_k = κ, and a frequency sweep on the sweep contract', () => {
    const r = JSON.parse(nrlab('solve', 'two-resonator', '--set', 'gamma_k=0.5*pi*1e6', '--json').stdout);
    expect(r.isolation_dB).toBeCloseTo(20 * Math.log10(r.S12.abs / r.S21.abs), 12);
    const s = JSON.parse(nrlab('sweep', 'two-resonator', '--axis', 'omega=4e6:8e6:5', '--axis', 'gamma_k=0:4e6:3').stdout);
    expect(s.shape).toEqual([5, 3]);
    expect(s.data['S12.abs']).toHaveLength(15);
    // γ_k = 0 column is reciprocal
    for (let i = 0; i < 5; i++) expect(s.data['S21.abs'][i * 3]).toBeCloseTo(s.data['S12.abs'][i * 3], 12);
  });

  it.each([
    [['--set', 'gamma_20=-1'], /gamma_20: must be ≥ 0/],
    [['--set', 'loss=magnetic'], /loss: must be one of/],
    [['--set', 'kappa=nan'], /kappa: cannot read "nan"/],
  ])('bad input %j exits 2 naming the parameter', (args, message) => {
    const r = nrlab('solve', 'two-resonator', ...(args as string[]), '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });
});

describe('nrlab simulate (seed 003 time traces)', () => {
  it('a Gaussian pulse from port 1 is not transmitted (γ_k = κ), for the nonlocal and the ideal system alike', () => {
    const r = nrlab('simulate', 'two-resonator', '--port', '1', '--input', 'gaussian', '--samples', '201', '--compare-ideal');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.t).toHaveLength(201);
    expect(doc.traces.map((t: { loss: string }) => t.loss)).toEqual(['nonlocal', 'ideal']);
    for (const t of doc.traces) {
      expect(Math.max(...t.s2_out)).toBe(0);
      expect(Math.max(...t.s1_out)).toBeGreaterThan(0.1);
    }
  });

  it('a pulse from port 2 is transmitted to port 1', () => {
    const doc = JSON.parse(nrlab('simulate', 'two-resonator', '--port', '2', '--input', 'rect', '--samples', '101').stdout);
    expect(Math.max(...doc.traces[0].s1_out)).toBeGreaterThan(0.1);
  });

  it.each([
    [['--port', '3'], /--port: must be 1 or 2/],
    [['--input', 'sawtooth'], /--input: must be gaussian, rect or cw/],
    [['--t-end=-1'], /--t-end: must be > 0/],
    [['--samples', '2', '--h', '1e-5'], /h: fixed step h = .* exceeds the stability limit/],
  ])('bad input %j exits 2', (args, message) => {
    const r = nrlab('simulate', 'two-resonator', ...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });
});

describe('nrlab sweep: shards, merge and resume', () => {
  const grid = ['--set', 'solver=classical', '--axis', 'Delta=-2:2:13', '--axis', 'kappa_b=0:3:11'];

  it('shards merged equal the unsharded map bit for bit', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-shard-'));
    const files = [1, 2, 3, 4].map((i) => {
      const f = path.join(dir, `s${i}.json`);
      expect(nrlab('sweep', 'three-cavity', ...grid, '--shard', `${i}/4`, '--out', f).code).toBe(0);
      return f;
    });
    const shard2 = JSON.parse(readFileSync(files[1]!, 'utf8'));
    expect(shard2.range).toEqual({ start: 35, end: 71 });
    expect(shard2.data.isolation).toHaveLength(36);
    const merged = path.join(dir, 'merged.json');
    const m = nrlab('merge', ...files.reverse(), '--out', merged);
    expect(m.code).toBe(0);
    const whole = JSON.parse(nrlab('sweep', 'three-cavity', ...grid).stdout);
    const joined = JSON.parse(readFileSync(merged, 'utf8'));
    expect(joined.data).toEqual(whole.data);
    expect(joined.range).toEqual({ start: 0, end: 143 });
    expect(joined.shape).toEqual([13, 11]);
  });

  it('merge refuses gaps, overlaps, different studies and broken files, naming the file and field', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-shard-'));
    const f = (name: string, ...args: string[]) => {
      const p = path.join(dir, name);
      nrlab('sweep', 'three-cavity', ...args, '--out', p);
      return p;
    };
    const a = f('a.json', ...grid, '--shard', '1/2');
    const other = f('o.json', '--set', 'solver=classical', '--set', 'theta=0.3', '--axis', 'Delta=-2:2:13', '--axis', 'kappa_b=0:3:11', '--shard', '2/2');
    expect(nrlab('merge', a).stderr).toMatch(/points 71…142 are in no file/);
    expect(nrlab('merge', a, a).stderr).toMatch(/overlaps another file/);
    expect(nrlab('merge', a, other).stderr).toMatch(/o\.json: params: differs from/);
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, readFileSync(a, 'utf8').slice(0, 200));
    const r = nrlab('merge', broken);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.json: not valid JSON .*truncated/);
    expect(nrlab('sweep', 'three-cavity', ...grid, '--shard', '5/4').stderr).toMatch(/--shard: i must be from 1 to N/);
  });

  it('a sweep interrupted with Ctrl+C writes its partial results; --resume completes them to the same numbers', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-resume-'));
    const out = path.join(dir, 'map.json');
    const big = ['--set', 'solver=classical', '--axis', 'Delta=-2:2:1000', '--axis', 'kappa_b=0:3:2000'];
    const child = spawn(process.execPath, [bin, 'sweep', 'three-cavity', ...big, '--out', out, '--progress'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // wait until a tenth of the map is done (whole chunks finished), then interrupt
        const pct = [...stderr.matchAll(/(\d+\.\d)% /g)].map((m) => Number(m[1]));
        if (pct.length > 0 && pct.at(-1)! >= 10 && pct.at(-1)! < 90) resolve();
      });
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    const partial = JSON.parse(readFileSync(out, 'utf8'));
    expect(partial.status).toBe('cancelled');
    const missing = partial.data.isolation.filter((v: number | null) => v === null).length;
    expect(missing).toBeGreaterThan(0);
    expect(missing).toBeLessThan(2_000_000);
    const resumed = path.join(dir, 'resumed.json');
    const r = nrlab('sweep', 'three-cavity', ...big, '--resume', out, '--out', resumed);
    expect(r.code).toBe(0);
    const whole = path.join(dir, 'whole.json');
    expect(nrlab('sweep', 'three-cavity', ...big, '--out', whole).code).toBe(0);
    expect(readFileSync(resumed, 'utf8').replace(/"diagnostics":.*$/s, '')).toBe(readFileSync(whole, 'utf8').replace(/"diagnostics":.*$/s, ''));
    // resuming from another study is refused
    expect(nrlab('sweep', 'three-cavity', '--set', 'solver=classical', '--axis', 'Delta=-2:2:10', '--resume', out).stderr).toMatch(/--resume: .* is a different study \((shape|axes) differs\)/);
  }, 300_000);
});

describe('nrlab sweep --keep', () => {
  it('stores only the quantities asked for; an unknown one is bad input naming --keep', () => {
    const doc = JSON.parse(nrlab('sweep', 'three-cavity', '--set', 'solver=classical', '--axis', 'Delta=-1:1:5', '--keep', 'isolation,c_to_a.T').stdout);
    expect(Object.keys(doc.data)).toEqual(['isolation', 'c_to_a.T']);
    const bad = nrlab('sweep', 'three-cavity', '--set', 'solver=classical', '--axis', 'Delta=-1:1:5', '--keep', 'isolation,T_magic');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--keep: "T_magic" is not a quantity/);
  });
});

describe('nrlab optimize', () => {
  it('finds the Fig. 2 optimum (Δ = 0.5κ, κ_b = κ) for isolation from a distant start, classically and quantum', () => {
    const cl = JSON.parse(
      nrlab('optimize', 'three-cavity', '--set', 'solver=classical', '--maximize', 'isolation', '--vary', 'Delta=-2:2', '--vary', 'kappa_b=0:3', '--start', 'Delta=-1.5', '--start', 'kappa_b=2.8', '--json').stdout,
    );
    expect(cl.optimum.Delta).toBeCloseTo(0.5, 5);
    expect(cl.optimum.kappa_b).toBeCloseTo(1, 5);
    expect(cl.value).toBeCloseTo(1, 10);
    expect(cl.history.length).toBe(cl.evaluations);
    // not a terminal: no progress unless asked for
    expect(nrlab('optimize', 'three-cavity', '--set', 'solver=classical', '--maximize', 'isolation', '--vary', 'Delta=-2:2', '--json').stderr).toBe('');
    const shown = nrlab('optimize', 'three-cavity', '--set', 'solver=classical', '--maximize', 'isolation', '--vary', 'Delta=-2:2', '--progress', '--json');
    const lines = shown.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\d+ of at most 500 evaluations, best \S+ at Delta=\S+$/);
    expect(Number(/best (\S+)/.exec(lines.at(-1)!)![1])).toBeCloseTo(JSON.parse(shown.stdout).value, 6);
    const q = JSON.parse(
      nrlab('optimize', 'three-cavity', '--set', 'fock=4', '--maximize', 'isolation', '--vary', 'Delta=-2:2', '--vary', 'kappa_b=0:3', '--start', 'Delta=-1.5', '--start', 'kappa_b=2.8', '--json').stdout,
    );
    expect(q.optimum.Delta).toBeCloseTo(0.5, 2);
    expect(q.optimum.kappa_b).toBeCloseTo(1, 1);
    expect(q.value).toBeGreaterThan(0.96);
  });

  it.each([
    [['--maximize', 'nonsense', '--vary', 'Delta=-2:2'], /objective: unknown quantity "nonsense"/],
    [['--maximize', 'isolation'], /needs at least one --vary/],
    [['--maximize', 'isolation', '--minimize', 'ratio', '--vary', 'Delta=-2:2'], /exactly one of --maximize/],
    [['--maximize', 'isolation', '--vary', 'solver=0:1'], /--vary solver: is not a numeric parameter/],
    [['--maximize', 'isolation', '--vary', 'kappa_b=-1:1'], /kappa_b: must be ≥ 0/],
    [['--maximize', 'isolation', '--vary', 'Delta=2:2'], /--vary Delta: needs finite bounds lo < hi/],
  ])('bad input %j exits 2', (args, message) => {
    const r = nrlab('optimize', 'three-cavity', ...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });
});

describe('nrlab analyze', () => {
  it('reports the extremum, a threshold region and a contour of a stored map', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-analyze-'));
    const f = path.join(dir, 'map.json');
    expect(nrlab('sweep', 'three-cavity', '--set', 'solver=classical', '--axis', 'Delta=-2:2:41', '--axis', 'kappa_b=0:3:31', '--out', f).code).toBe(0);
    const r = JSON.parse(nrlab('analyze', f, '--max', 'isolation', '--region', 'isolation>0.99', '--contour', 'isolation=0.9').stdout);
    expect(r['max isolation'].at).toEqual({ Delta: 0.5, kappa_b: 1 });
    expect(r['region isolation>0.99'].count).toBeGreaterThan(0);
    expect(r['contour isolation=0.9'].length).toBeGreaterThan(3);
    expect(nrlab('analyze', f, '--max', 'nope').stderr).toMatch(/--max: the file has no quantity "nope"/);
    expect(nrlab('analyze', f, '--width', 'isolation').stderr).toMatch(/--width: needs a 1-D sweep/);
  });
});
