/**
 * All steady-state branches by continuation (branches.ts) against the SciPy references
 * (test/fixtures/scipy/tcmt.json: every fsolve state at fixed points) and invariants: where the
 * parameter equals a reference point, the branches cross it exactly as many times as SciPy has
 * states there, at those states, with their stability; folds are points where the Jacobian is
 * singular; S-curves in the amplitude show the bistable window between two folds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../../src-core/errors';
import { continueBranches, type TcmtBranch } from '../../../../src-core/models/tcmt-network/branches';
import { jacobian, parseTcmtSpec, rhs, tcmtSystem } from '../../../../src-core/models/tcmt-network/index';
import { newtonSteady } from '../../../../src-core/models/tcmt-network/steady';

interface RefState { a: [number, number][]; stuck: string[]; stable: boolean }
interface RefCase { name: string; spec: unknown; points: { omega: number; amplitude: number; port: number; states: RefState[] }[] }
const doc = JSON.parse(readFileSync(path.resolve(__dirname, '../../../fixtures/scipy/tcmt.json'), 'utf8')) as { cases: RefCase[] };
const byName = (n: string): RefCase => doc.cases.find((c) => c.name === n)!;

/** Every crossing of p = at by a branch: the branch, the stuck set and the state polished there by Newton. */
function crossings(sys: ReturnType<typeof tcmtSystem>, branches: TcmtBranch[], vary: 'omega' | 'amplitude', at: number, drive: { omega: number; amplitude: number; port: number }) {
  const out: { x: Float64Array; stable: boolean; stuck: string[] }[] = [];
  for (const b of branches) {
    for (let k = 0; k + 1 < b.points.length; k++) {
      const a = b.points[k]!;
      const c = b.points[k + 1]!;
      if (!((a.p - at) * (c.p - at) <= 0) || a.p === c.p) continue;
      if (k + 1 < b.points.length - 1 && c.p === at) continue; // counted once
      const t = (at - a.p) / (c.p - a.p);
      const guess = a.x.map((v, i) => v + t * (c.x[i]! - v));
      const d = vary === 'omega' ? { ...drive, omega: at } : { ...drive, amplitude: at };
      const stuck = b.stuck.map((nm) => sys.names.indexOf(nm));
      const s = newtonSteady(sys, d, guess, stuck);
      expect(s, `Newton from the branch's interpolation at ${at}`).not.toBeNull();
      out.push({ x: s!.x, stable: s!.stable, stuck: b.stuck });
    }
  }
  return out;
}

function compare(name: string, vary: 'omega' | 'amplitude', lo: number, hi: number) {
  const c = byName(name);
  const sys = tcmtSystem(parseTcmtSpec(c.spec));
  for (const p of c.points) {
    const drive = { omega: p.omega, amplitude: p.amplitude, port: p.port };
    const at = vary === 'omega' ? p.omega : p.amplitude;
    if (at < lo || at > hi) continue;
    const branches = continueBranches(sys, drive, { vary, lo, hi });
    const got = crossings(sys, branches, vary, at, drive);
    const scale = Math.max(...p.states.flatMap((s) => s.a.map(([re, im]) => Math.hypot(re, im))));
    expect(got.length, `${name} at ${vary} = ${at}: the branches cross it as often as SciPy has states`).toBe(p.states.length);
    for (const want of p.states) {
      const hit = got.find((g) => want.a.every(([re, im], i) => Math.hypot(g.x[2 * i]! - re, g.x[2 * i + 1]! - im) <= 1e-8 * scale));
      expect(hit, `${name}: SciPy's state at ${at} lies on a branch`).toBeDefined();
      expect(hit!.stable).toBe(want.stable);
      expect([...hit!.stuck].sort()).toEqual([...want.stuck].sort());
    }
  }
}

describe('tcmt-network: every branch by continuation', () => {
  it('the bistable Kerr resonator in ω: three states at the bistable points, the middle one unstable, two folds with a singular Jacobian', () => {
    compare('kerr-bistable', 'omega', -2, 6);
    const c = byName('kerr-bistable');
    const sys = tcmtSystem(parseTcmtSpec(c.spec));
    const branches = continueBranches(sys, { omega: 3, amplitude: 2, port: 1 }, { vary: 'omega', lo: -2, hi: 6 });
    const folds = branches.flatMap((b) => b.folds);
    expect(folds.length).toBe(2);
    const J = new Float64Array(4);
    const F = new Float64Array(2);
    for (const f of folds) {
      const d = { omega: f.p, amplitude: 2, port: 1 };
      rhs(sys, d, f.x, F);
      expect(Math.hypot(F[0]!, F[1]!)).toBeLessThan(1e-9);
      jacobian(sys, d, f.x, J);
      // a fold: det ∂F/∂x = 0 (relative to the rates squared, here ~1)
      expect(Math.abs(J[0]! * J[3]! - J[1]! * J[2]!)).toBeLessThan(1e-7);
    }
    // the unstable segment lies between the folds
    const unstable = branches.flatMap((b) => b.segments.filter((s) => !s.stable).map((s) => [b.points[s.start]!.p, b.points[s.end]!.p]));
    expect(unstable.length).toBe(1);
    const [fa, fb] = folds.map((f) => f.p).sort((a, b) => a - b);
    expect(Math.min(...unstable[0]!)).toBeGreaterThanOrEqual(fa! - 1e-6);
    expect(Math.max(...unstable[0]!)).toBeLessThanOrEqual(fb! + 1e-6);
  });

  it('the bistable Kerr resonator in the amplitude: an S-curve with two folds at ω = 3', () => {
    compare('kerr-bistable', 'amplitude', 0.1, 4);
    const sys = tcmtSystem(parseTcmtSpec(byName('kerr-bistable').spec));
    const branches = continueBranches(sys, { omega: 3, amplitude: 2, port: 1 }, { vary: 'amplitude', lo: 0.1, hi: 4 });
    expect(branches.length).toBe(1);
    expect(branches[0]!.folds.length).toBe(2);
    expect(branches[0]!.segments.map((s) => s.stable)).toEqual([true, false, true]);
  });

  it('seed 003 with nonlocal loss in ω: the stuck branch (S21 = 0) and the free ones, matching SciPy at its points', () => {
    const W0 = 2 * Math.PI * 1e6;
    const K = Math.PI * 1e6;
    compare('seed003-nonlocal', 'omega', W0 - 2 * K, W0 + 2 * K);
  });

  it('the three-resonator chain, the ring and the Kerr-like seed 003 in ω agree with SciPy at its points', () => {
    compare('chain3-nonlocal', 'omega', -3, 3);
    compare('ring4-saturable-kerr', 'omega', -2, 2);
    const W0 = 2 * Math.PI * 1e6;
    const K = Math.PI * 1e6;
    compare('seed003-kerr', 'omega', W0 - 2 * K, W0 + 2 * K);
  });

  it('bad ranges and options are refused naming them', () => {
    const sys = tcmtSystem(parseTcmtSpec(byName('kerr-bistable').spec));
    const d = { omega: 3, amplitude: 2, port: 1 };
    const bad: [Parameters<typeof continueBranches>[2], string][] = [
      [{ vary: 'omega', lo: 2, hi: 1 }, 'vary'],
      [{ vary: 'amplitude', lo: 0, hi: 1 }, 'vary'],
      [{ vary: 'phase' as 'omega', lo: 0, hi: 1 }, 'vary'],
      [{ vary: 'omega', lo: 0, hi: 1, maxPoints: 1 }, 'maxPoints'],
      [{ vary: 'omega', lo: 0, hi: Infinity }, 'vary'],
      // beyond what a run from rest can seed (steps of 1/ω, |a|² overflowing): refused, not 'unstable'
      [{ vary: 'omega', lo: -1e300, hi: 1e300 }, 'vary'],
      [{ vary: 'amplitude', lo: 1e-3, hi: 1e300 }, 'vary'],
    ];
    for (const [o, field] of bad) {
      try {
        continueBranches(sys, d, o);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ParameterError);
        expect((e as ParameterError).param).toBe(field);
      }
    }
  });
});
