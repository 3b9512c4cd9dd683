/**
 * `nrlab correlate|spectrum|evolve`: the printed numbers are the registry run's own (same code
 * path, compared exactly), the JSON shape is the documented one, the physics holds where it has an
 * independent answer (g2(0) equals the steady state's g2 of `nrlab solve`, g2(τ → ∞) → 1, the
 * drive is the pulse's closed form, a constantly driven steady state stays put, photons per pulse
 * are the integral of the flux, ⟨n⟩ and the coherent fraction agree with the steady state), and
 * bad input exits 2 naming the flag.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getModel, resolveModelParams, traceRunOf } from '../../../src-core/models/registry.js';
import type { ParamInput } from '../../../src-core/models/params.js';
import { dynamicsDocument, parseAxisSamples, parsePulse, settingsFromFlags } from '../../../src-main/cli/dynamics-commands.js';

const bin = path.resolve(__dirname, '../../../bin/nrlab.cjs');

function nrlab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]): Record<string, Record<string, unknown>> {
  const r = nrlab(...args, '--json');
  expect(r.stderr, r.stderr).not.toMatch(/bad input|failed|error/);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
}

/** A small truncation of the seed model (total excitations ≤ 3: dimension 20). */
const SMALL = ['--set', 'basis=total', '--set', 'fock=3'];
const SMALL_PARAMS: ParamInput = { basis: 'total', fock: 3 };

const linspace = (a: number, b: number, n: number): number[] => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

describe('flag parsing (no model involved)', () => {
  it('reads FROM:TO:COUNT and lists, with expressions', () => {
    expect(parseAxisSamples('--tau', '0:10:201')).toEqual({ from: 0, to: 10, samples: 201 });
    expect(parseAxisSamples('--omega', '-pi:pi:3')).toEqual({ from: -Math.PI, to: Math.PI, samples: 3 });
    expect(parseAxisSamples('--tau', '0, 0.5,1/4')).toEqual({ values: [0, 0.5, 0.25] });
    expect(parsePulse('gaussian:t0=6,width=2')).toEqual({ shape: 'gaussian', t0: 6, width: 2 });
    expect(parsePulse('rect:amplitude=0.2, width=3')).toEqual({ shape: 'rect', amplitude: 0.2, width: 3 });
    expect(parsePulse('on')).toEqual({ shape: 'on' });
    expect(settingsFromFlags('evolve', { pulse: 'off:t0=2', 't-end': '20', samples: '11', initial: 'steady' })).toEqual({ shape: 'off', t0: 2, tEnd: 20, samples: 11, initial: 'steady' });
    expect(settingsFromFlags('correlate', {})).toEqual({});
  });

  it.each([
    [() => parseAxisSamples('--tau', '5:0:10'), /^--tau: FROM must be below TO, got 5:0/],
    [() => parseAxisSamples('--tau', '0:10:1'), /^--tau: the count must be an integer ≥ 2/],
    [() => parseAxisSamples('--tau', '0:10:2.5'), /^--tau: the count must be an integer ≥ 2/],
    [() => parseAxisSamples('--omega', 'a:b'), /^--omega: expected FROM:TO:COUNT/],
    [() => parseAxisSamples('--omega', '1,,2'), /^--omega: expected .* without empty entries/],
    [() => parseAxisSamples('--omega', '1,x'), /^--omega \(value 2\): cannot read "x" as a number/],
    [() => settingsFromFlags('correlate', { tau: '-1,2' }), /^--tau: τ must be ≥ 0.*got -1/],
    [() => settingsFromFlags('correlate', { tau: '-1:2:3' }), /^--tau: τ must be ≥ 0/],
    [() => parsePulse('square'), /^--pulse: unknown shape "square"; expected one of gaussian, rect, on, off/],
    [() => parsePulse('gaussian:width=-1'), /^--pulse: width must be > 0, got -1/],
    [() => parsePulse('gaussian:sigma=1'), /^--pulse: unknown key "sigma"/],
    [() => parsePulse('gaussian:t0'), /^--pulse: expected key=value/],
    [() => parsePulse('gaussian:t0=1,t0=2'), /^--pulse: t0 is given twice/],
    [() => settingsFromFlags('evolve', { 't-end': '0' }), /^--t-end: must be > 0/],
    [() => settingsFromFlags('evolve', { samples: '1' }), /^--samples: must be an integer ≥ 2/],
    [() => settingsFromFlags('evolve', { initial: 'thermal' }), /^--initial: must be one of vacuum, steady/],
  ])('bad flag %#: a ParameterError naming the flag', (f, message) => {
    expect(f).toThrow(message);
  });

  it('the JSON document: one object per trace with the axis, its fields and its own stored numbers; the rest under "run"', () => {
    const t = Float64Array.from([0, 1]);
    const doc = dynamicsDocument('spectrum', 'omega', {
      model: 'm',
      t,
      traces: [
        { loss: 'x->y', fields: { S: Float64Array.from([1, 2]) }, diagnostics: { krylov: 3 } },
        { loss: 'y->x', fields: { S: Float64Array.from([3, 4]) }, diagnostics: { krylov: 4 } },
      ],
      stored: { 'x->y': { coherent_fraction: 0.5, label: 'not a number' }, 'y->x': { coherent_fraction: 0.25 }, solver: 'krylov' },
      params: { a: 1 },
    });
    expect(Object.keys(doc)).toEqual(['x->y', 'y->x', 'run']);
    expect(doc['x->y']).toEqual({ omega: t, S: Float64Array.from([1, 2]), coherent_fraction: 0.5 });
    expect(doc.run).toEqual({ model: 'm', kind: 'spectrum', axis: 'omega', params: { a: 1 }, diagnostics: { 'x->y': { krylov: 3 }, 'y->x': { krylov: 4 } }, stored: { solver: 'krylov' } });
  });
});

describe('nrlab correlate', () => {
  it('prints the run of the registry, exactly, keyed by trace; g2(0) is nrlab solve\'s g2; g2(τ → ∞) → 1', () => {
    const doc = json('correlate', 'three-cavity', '--tau', '0:10:201', ...SMALL);
    expect(Object.keys(doc).sort()).toEqual(['a_to_c', 'c_to_a', 'run']);
    const run = traceRunOf(getModel('three-cavity'), 'correlation').run({ params: SMALL_PARAMS, settings: { from: 0, to: 10, samples: 201 } });
    expect(run.traces.map((t) => t.loss).sort()).toEqual(['a_to_c', 'c_to_a']);
    for (const tr of run.traces) {
      const entry = doc[tr.loss]!;
      expect(entry.tau).toEqual(Array.from(run.t));
      expect(entry.g2).toEqual(Array.from(tr.fields.g2!));
      expect(doc.run!.diagnostics).toHaveProperty(tr.loss);
    }
    expect(doc.a_to_c!.tau).toHaveLength(201);
    expect((doc.a_to_c!.tau as number[])[200]).toBe(10);
    expect(doc.run).toMatchObject({ model: 'three-cavity', kind: 'correlation', axis: 'tau' });
    for (const dir of ['a_to_c', 'c_to_a']) expect(doc[dir]!.g2_0).toBe((doc[dir]!.g2 as number[])[0]);

    const solved = JSON.parse(nrlab('solve', 'three-cavity', ...SMALL, '--json').stdout) as Record<string, { g2: number }>;
    for (const dir of ['a_to_c', 'c_to_a']) {
      const g2 = doc[dir]!.g2 as number[];
      // the same steady state through two code paths
      expect(Math.abs(g2[0]! - solved[dir]!.g2) / solved[dir]!.g2).toBeLessThan(1e-8);
    }
    // blockade in the transmitting direction: antibunched at 0, and uncorrelated long after
    expect((doc.a_to_c!.g2 as number[])[0]).toBeLessThan(0.1);
    const late = json('correlate', 'three-cavity', '--tau', '0,40,60', ...SMALL);
    for (const dir of ['a_to_c', 'c_to_a']) {
      const g2 = late[dir]!.g2 as number[];
      expect(g2[1]).toBeCloseTo(1, 6);
      expect(g2[2]).toBeCloseTo(1, 6);
    }
  });

  it('--traces picks the traces; the plain-text table has one row per τ and no markup', () => {
    const one = json('correlate', 'three-cavity', '--tau', '0:2:5', '--traces', 'c_to_a', ...SMALL);
    expect(Object.keys(one).sort()).toEqual(['c_to_a', 'run']);
    const r = nrlab('correlate', 'three-cavity', '--tau', '0:2:5', ...SMALL);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const header = lines.findIndex((l) => /a_to_c/.test(l) && /c_to_a/.test(l));
    expect(header).toBeGreaterThan(0);
    expect(lines.length - header - 1).toBe(5);
    expect(r.stdout).not.toMatch(/[_^]\{/);
    const row = lines[header + 1]!.trim().split(/\s+/).map(Number);
    const g2 = one.c_to_a!.g2 as number[];
    expect(row[0]).toBe(0);
    // the table shows 8 significant digits of the same numbers
    expect(Math.abs(row[2]! - g2[0]!) / g2[0]!).toBeLessThan(1e-7);
  });

  it('a network: its traces (and cross-correlations) keyed "a->c", equal to the run', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-dyn-'));
    const spec = path.join(dir, 'spec.json');
    const preset = nrlab('models', 'network', '--preset', 'seed-three-cavity');
    expect(preset.code).toBe(0);
    writeFileSync(spec, preset.stdout);
    const doc = json('correlate', 'network', '--spec', spec, '--tau', '0:4:9', ...SMALL);
    const m = getModel('network');
    const params: ParamInput = { ...SMALL_PARAMS, network: preset.stdout };
    const run = traceRunOf(m, 'correlation');
    const names = run.tracesFor ? run.tracesFor(resolveModelParams(m, params)) : run.traceNames;
    expect(names.every((n) => n.includes('->'))).toBe(true);
    expect(Object.keys(doc).filter((k) => k !== 'run').sort()).toEqual([...names].sort());
    const r = run.run({ params, settings: { from: 0, to: 4, samples: 9 } });
    for (const tr of r.traces) expect(doc[tr.loss]!.g2).toEqual(Array.from(tr.fields.g2!));
    // a preset by id is the same structure as its spec file
    expect(json('correlate', 'network', '--preset', 'seed-three-cavity', '--tau', '0:4:9', ...SMALL)).toEqual(doc);
    // the seed as a network is the seed model: same g2(τ) in the same directions
    const seed = json('correlate', 'three-cavity', '--tau', '0:4:9', ...SMALL);
    for (const [net, three] of [['a->c', 'a_to_c'], ['c->a', 'c_to_a']] as const) {
      const a = doc[net]!.g2 as number[];
      const b = seed[three]!.g2 as number[];
      a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-9));
    }
  });
});

describe('nrlab spectrum', () => {
  it('prints the run exactly with each trace\'s stored numbers; ⟨n⟩ and the coherent fraction agree with the steady state', () => {
    const doc = json('spectrum', 'three-cavity', '--omega', '-5:5:101', ...SMALL);
    expect(Object.keys(doc).sort()).toEqual(['a_to_c', 'c_to_a', 'run']);
    const run = traceRunOf(getModel('three-cavity'), 'spectrum').run({ params: SMALL_PARAMS, settings: { from: -5, to: 5, samples: 101 } });
    const solved = JSON.parse(nrlab('solve', 'three-cavity', ...SMALL, '--json').stdout) as Record<string, { mean_n: number }>;
    for (const tr of run.traces) {
      const entry = doc[tr.loss]!;
      expect(entry.omega).toEqual(Array.from(run.t));
      expect(entry.S).toEqual(Array.from(tr.fields.S!));
      // the stored numbers of the trace sit beside its arrays: ⟨n⟩ is the steady state's, split into |⟨a⟩|² and the rest
      expect(Math.abs((entry.mean_n as number) - solved[tr.loss]!.mean_n) / solved[tr.loss]!.mean_n).toBeLessThan(1e-8);
      const n = entry.mean_n as number;
      const coherent = entry.coherent as number;
      expect(coherent).toBeCloseTo((entry.mean_a_re as number) ** 2 + (entry.mean_a_im as number) ** 2, 15);
      expect(Math.abs(coherent + (entry.incoherent as number) - n)).toBeLessThan(1e-15 * Math.max(1, n));
      expect(entry.coherentFraction as number).toBeCloseTo(coherent / n, 12);
      expect(entry.coherentFraction as number).toBeGreaterThan(0);
      expect(entry.coherentFraction as number).toBeLessThanOrEqual(1 + 1e-12);
      // the incoherent spectrum is ≥ 0 (to rounding)
      const S = entry.S as number[];
      const peak = Math.max(...S);
      expect(peak).toBeGreaterThan(0);
      expect(Math.min(...S)).toBeGreaterThan(-1e-9 * peak);
    }
  });

  it('ω lists work and give the same values as the range at the same points', () => {
    const a = json('spectrum', 'three-cavity', '--omega', '-1:1:5', '--traces', 'a_to_c', ...SMALL);
    const b = json('spectrum', 'three-cavity', '--omega', '-1,-0.5,0,0.5,1', '--traces', 'a_to_c', ...SMALL);
    expect(b.a_to_c!.omega).toEqual([-1, -0.5, 0, 0.5, 1]);
    const sa = a.a_to_c!.S as number[];
    (b.a_to_c!.S as number[]).forEach((v, i) => expect(Math.abs(v - sa[i]!)).toBeLessThan(1e-12 * Math.max(...sa)));
  });
});

describe('nrlab evolve', () => {
  it('a Gaussian pulse: the run exactly; drive = amplitude·exp(−(t−t0)²/2w²); flux = κ⟨n⟩; photons = ∫ flux dt', () => {
    const doc = json('evolve', 'three-cavity', '--pulse', 'gaussian:t0=6,width=2,amplitude=0.1', '--t-end', '20', '--samples', '401', ...SMALL);
    expect(Object.keys(doc).sort()).toEqual(['a_to_c', 'c_to_a', 'run']);
    const run = traceRunOf(getModel('three-cavity'), 'pulse').run({ params: SMALL_PARAMS, settings: { shape: 'gaussian', t0: 6, width: 2, amplitude: 0.1, tEnd: 20, samples: 401 } });
    for (const tr of run.traces) {
      const e = doc[tr.loss]!;
      expect(e.t).toEqual(Array.from(run.t));
      for (const f of ['drive', 'flux', 'n', 'g2', 'photons']) expect(e[f], f).toEqual(Array.from(tr.fields[f]!, (x) => (Number.isFinite(x) ? x : null)));
      const t = e.t as number[];
      expect(t[0]).toBe(0);
      expect(t[400]).toBe(20);
      const drive = e.drive as number[];
      t.forEach((ti, i) => expect(Math.abs(drive[i]! - 0.1 * Math.exp(-((ti - 6) ** 2) / 8))).toBeLessThan(1e-15));
      // κ_a = κ_c = 1 at these parameters: the flux is ⟨n⟩
      const n = e.n as number[];
      const flux = e.flux as number[];
      n.forEach((v, i) => expect(flux[i]).toBeCloseTo(v, 15));
      // photons out so far N_out(t) and per pulse: the trapezoid of the printed flux agrees with the
      // integrator's to the trapezoid's resolution (h = 0.05/κ against a pulse of width 2/κ)
      const photons = e.photons as number[];
      const total = e.photons_total as number;
      expect(photons[400]).toBe(total);
      let trap = 0;
      for (let i = 1; i < t.length; i++) {
        trap += ((flux[i]! + flux[i - 1]!) / 2) * (t[i]! - t[i - 1]!);
        if (i % 50 === 0) expect(Math.abs(trap - photons[i]!)).toBeLessThan(1e-3 * total);
      }
      expect(Math.abs(trap - total) / total).toBeLessThan(1e-3);
      // positivity is reported
      expect(e.minEigenvalue as number).toBeGreaterThan(-1e-10);
      expect(doc.run!.diagnostics).toHaveProperty(tr.loss);
    }
  });

  it('from the steady state under the constant drive nothing moves: ⟨n⟩(t) is nrlab solve\'s mean_n', () => {
    const doc = json('evolve', 'three-cavity', '--pulse', 'on:t0=0', '--initial', 'steady', '--t-end', '5', '--samples', '11', ...SMALL);
    const solved = JSON.parse(nrlab('solve', 'three-cavity', ...SMALL, '--json').stdout) as Record<string, { mean_n: number }>;
    for (const dir of ['a_to_c', 'c_to_a']) {
      for (const v of doc[dir]!.n as number[]) expect(Math.abs(v - solved[dir]!.mean_n) / solved[dir]!.mean_n).toBeLessThan(1e-6);
    }
  });
});

describe('bad input exits 2 naming the flag, without a stack trace', () => {
  it.each([
    [['correlate', 'three-cavity', '--tau', '5:0:10'], /--tau: FROM must be below TO/],
    [['correlate', 'three-cavity', '--tau', '-1,2'], /--tau: τ must be ≥ 0/],
    [['spectrum', 'three-cavity', '--omega', 'a:b'], /--omega: expected FROM:TO:COUNT/],
    [['evolve', 'three-cavity', '--pulse', 'square'], /--pulse: unknown shape "square"/],
    [['evolve', 'three-cavity', '--pulse', 'gaussian:width=-1'], /--pulse: width must be > 0/],
    [['correlate', 'three-cavity', '--traces', 'a_to_b'], /--traces: unknown trace "a_to_b"; the correlation traces of this model: a_to_c, c_to_a/],
    [['correlate', 'two-resonator'], /model: the two-resonator model has no correlation runs/],
    [['spectrum', 'two-resonator'], /model: the two-resonator model has no spectrum runs/],
    [['evolve', 'two-resonator'], /model: the two-resonator model has no pulse runs/],
    [['correlate'], /"nrlab correlate" needs a model; models with correlation runs: .*three-cavity/],
    [['correlate', 'three-cavity', '--set', 'kapa=1'], /kapa: unknown parameter/],
    [['correlate', 'three-cavity', '--omega', '0:1:3'], /Unknown option '--omega'/],
    [['evolve', 'three-cavity', '--t-end', '-3'], /--t-end: must be > 0/],
    // the run's own checks, shown as the flag (and the setting it carries)
    [['correlate', 'three-cavity', '--tau', '0:10:200000'], /--tau samples: is 200000; the limit is 100000/],
    [['evolve', 'three-cavity', '--pulse', 'gaussian:amplitude=0'], /--pulse amplitude: must be > 0, got 0/],
    [['correlate', 'network', '--preset', 'no-such'], /--preset: network has no preset "no-such"; its presets: seed-three-cavity/],
    [['correlate', 'network', '--preset', 'ring-four', '--spec', 'x.json'], /--preset: the preset "ring-four" gives the network, and so does --spec: give one of them/],
  ])('%j', (args, message) => {
    const r = nrlab(...(args as string[]));
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('each command has --help; nrlab --help lists them', () => {
    for (const cmd of ['correlate', 'spectrum', 'evolve']) {
      const r = nrlab(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`nrlab ${cmd} <model>`);
    }
    const all = nrlab('--help').stdout;
    for (const cmd of ['correlate', 'spectrum', 'evolve']) expect(all).toContain(`nrlab ${cmd} <model>`);
  });

  it('nrlab models names the dynamics commands of a model that has them, and none otherwise', () => {
    expect(nrlab('models', 'three-cavity').stdout).toMatch(/Quantum dynamics: nrlab correlate three-cavity \(correlation\); nrlab spectrum three-cavity \(spectrum\); nrlab evolve three-cavity \(pulse\)/);
    expect(nrlab('models', 'two-resonator').stdout).toMatch(/Quantum dynamics: none/);
  });
});

// the axis of the command is the run's: evenly spaced from FROM to TO
describe('axis samples', () => {
  it('--tau FROM:TO:COUNT gives COUNT evenly spaced delays', () => {
    const doc = json('correlate', 'three-cavity', '--tau', '0:3:7', '--traces', 'a_to_c', ...SMALL);
    (doc.a_to_c!.tau as number[]).forEach((v, i) => expect(v).toBeCloseTo(linspace(0, 3, 7)[i]!, 14));
  });
});
