/**
 * The CLI never exits 0 with unconverged numbers or nulls without saying so on stderr; the
 * automatic truncation shows each step with --progress and stops with a clear message.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(__dirname, '../../../bin/nrlab.cjs');
function nrlab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('nrlab warnings on unconverged results', () => {
  it('solve with a truncation that cuts off population: converged false in the JSON, a warning on stderr', () => {
    const r = nrlab('solve', 'three-cavity', '--set', 'basis=per-mode', '--set', 'fock=2', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.truncation.converged).toBe(false);
    expect(doc.truncation.reason).toMatch(/top shell/);
    expect(r.stderr).toMatch(/nrlab: warning: the truncation is not converged: .*top shell/);
    // a converged one is quiet
    const ok = nrlab('solve', 'three-cavity', '--set', 'fock=5', '--json');
    expect(JSON.parse(ok.stdout).truncation.converged).toBe(true);
    expect(ok.stderr).toBe('');
  });

  it('sweep counts the unconverged points on stderr', () => {
    const r = nrlab('sweep', 'three-cavity', '--set', 'fock=4', '--axis', 'Omega=0.1,40,50', '--workers', '1');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/nrlab: warning: 2 of 3 points are not converged .*point 1: .*Omega = 40/);
    expect(JSON.parse(r.stdout).diagnostics.warned).toBe(2);
  });

  it('the automatic truncation shows its steps with --progress and stops at its limits with a clear message', () => {
    const r = nrlab('solve', 'three-cavity', '--set', 'Omega=50', '--progress', '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/solving: truncation K = 3 \(dimension 20\)\nsolving: truncation K = 4 \(dimension 35\)/);
    expect(r.stderr).toMatch(/computation failed: the automatic truncation stopped at K = \d+ .*Omega = 50 .*lower Omega/);
  });
});
