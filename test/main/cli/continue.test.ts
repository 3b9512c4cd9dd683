/**
 * nrlab continue: every branch of a model over a parameter range from the command line, the same
 * branches as the model's continuation hook, the bistable Kerr resonator's folds at the closed form,
 * and bad input exiting 2 naming the flag.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getModel, resolveModelParams } from '../../../src-core/models/registry';

const bin = path.resolve(__dirname, '../../../bin/nrlab.cjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-continue-'));

function nrlab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The single Kerr resonator (g = γ + γ0 = 1, 2γ = 1, χ = 1): its steady states satisfy
 * n((ω − χn)² + g²) = 2γ s² with n = |a|², a cubic in n; the folds in ω at fixed s are where that
 * cubic has a double root (its discriminant vanishes), found here by bisection.
 */
function kerrFoldsInOmega(s: number): number[] {
  const disc = (w: number): number => {
    // discriminant of a n³ + b n² + c n + d
    const a = 1, b = -2 * w, c = w * w + 1, d = -s * s;
    return 18 * a * b * c * d - 4 * b ** 3 * d + b * b * c * c - 4 * a * c ** 3 - 27 * a * a * d * d;
  };
  const roots: number[] = [];
  const N = 20000;
  for (let k = 0; k < N; k++) {
    let lo = -2 + (8 * k) / N;
    let hi = -2 + (8 * (k + 1)) / N;
    if (disc(lo) * disc(hi) > 0) continue;
    for (let it = 0; it < 200; it++) {
      const mid = (lo + hi) / 2;
      if (disc(lo) * disc(mid) <= 0) hi = mid;
      else lo = mid;
    }
    roots.push((lo + hi) / 2);
  }
  return roots;
}

describe('nrlab continue', () => {
  const kerr = path.join(dir, 'kerr.json');
  writeFileSync(kerr, nrlab('models', 'tcmt-network', '--preset', 'kerr-bistable').stdout);

  it('the bistable Kerr resonator in ω: one branch, stable–unstable–stable, folds where the cubic has a double root', () => {
    const r = nrlab('continue', 'tcmt-network', '--spec', kerr, '--vary', 'omega=-2:6', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.vary).toBe('omega');
    expect(doc.branches).toHaveLength(1);
    const b = doc.branches[0];
    expect(b.segments.map((s: { stable: boolean }) => s.stable)).toEqual([true, false, true]);
    const want = kerrFoldsInOmega(2).sort((x, y) => x - y);
    const got = b.folds.map((f: { p: number }) => f.p).sort((x: number, y: number) => x - y);
    expect(got).toHaveLength(2);
    got.forEach((p: number, k: number) => expect(Math.abs(p - want[k]!) / Math.abs(want[k]!)).toBeLessThan(1e-8));
    // every point is a steady state: |S11| from the field as the catalogue says
    expect(b.values['S11.abs']).toHaveLength(b.p.length);
    expect(b.ends).toEqual(['bound', 'bound']);
  });

  it('prints the same branches as the model hook, and a readable summary without --json', () => {
    const spec = nrlab('models', 'tcmt-network', '--preset', 'kerr-bistable').stdout;
    const model = getModel('tcmt-network');
    const direct = model.continuation!.run(resolveModelParams(model, { spec, omega: 3 }), { vary: 'amplitude', lo: 0.1, hi: 4, port: 1 });
    const r = nrlab('continue', 'tcmt-network', '--spec', kerr, '--set', 'omega=3', '--vary', 'amplitude=0.1:4', '--json');
    const doc = JSON.parse(r.stdout);
    expect(doc.branches.map((b: { p: number[] }) => b.p)).toEqual(direct.branches.map((b) => Array.from(b.p)));
    const t = nrlab('continue', 'tcmt-network', '--spec', kerr, '--set', 'omega=3', '--vary', 'amplitude=0.1:4');
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/branch 1: \d+ points/);
    expect(t.stdout).toMatch(/UNSTABLE amplitude/);
    expect(t.stdout.match(/fold at amplitude = /g)).toHaveLength(2);
  });

  it('refuses bad input naming the flag (exit 2)', () => {
    const cases: [string[], RegExp][] = [
      [['continue', 'tcmt-network', '--spec', kerr], /--vary: needed/],
      [['continue', 'tcmt-network', '--spec', kerr, '--vary', 'phase=0:1'], /--vary: cannot vary "phase"/],
      [['continue', 'tcmt-network', '--spec', kerr, '--vary', 'omega=5:1'], /--vary: LO must be below HI/],
      [['continue', 'tcmt-network', '--spec', kerr, '--vary', 'omega'], /--vary: expected PARAM=LO:HI/],
      [['continue', 'tcmt-network', '--spec', kerr, '--vary', 'amplitude=0:1'], /--vary: .*start above 0/],
      [['continue', 'tcmt-network', '--spec', kerr, '--vary', 'omega=0:1', '--port', '3'], /--port: must be a port/],
      [['continue', 'tcmt-network', '--spec', kerr, '--vary', 'omega=0:1', '--points', '1'], /--points: must be a whole number/],
      [['continue', 'two-resonator', '--vary', 'omega=0:1'], /no continuation; models with one: tcmt-network/],
      [['continue'], /needs a model/],
    ];
    for (const [args, msg] of cases) {
      const r = nrlab(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    }
  });
});
