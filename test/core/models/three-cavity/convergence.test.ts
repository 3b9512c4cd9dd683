/**
 * A three-cavity result whose Fock truncation is not converged is flagged (converged: false with
 * the reason, and a warning in the solve response and per sweep), never a bare number; the
 * automatic truncation reports each truncation it tries and stops at its limits with a clear error.
 */
import { describe, expect, it } from 'vitest';
import { ComputationError } from '../../../../src-core/errors';
import { getModel } from '../../../../src-core/models/registry';
import { TOP_SHELL_LIMIT } from '../../../../src-core/models/three-cavity/quantum';
import { planSweep } from '../../../../src-core/studies/grid';
import { evaluateSweepRange } from '../../../../src-core/studies/sweep';
import { solvePoint } from '../../../../src-core/tasks/solver-tasks';

type Dir = { top_shell: number; g2: number };
type Out = { a_to_c: Dir; c_to_a: Dir; truncation: { converged: boolean; reason?: string; checked: string } };
const solve = (params: Record<string, string | number>) => {
  const r = solvePoint({ model: 'three-cavity', params });
  return { r, out: r.output as unknown as Out };
};

describe('three-cavity truncation verdict', () => {
  it('per-mode N = 2 (g2 = 0 by construction) is flagged: top shell above the limit, with the reason and a warning', () => {
    const { r, out } = solve({ basis: 'per-mode', fock: 2 });
    // two levels per mode hold no pair: g2 is exactly 0, while the converged value is not
    expect(out.a_to_c.g2).toBe(0);
    const top = Math.max(out.a_to_c.top_shell, out.c_to_a.top_shell);
    expect(top).toBeGreaterThan(TOP_SHELL_LIMIT);
    expect(out.truncation.converged).toBe(false);
    expect(out.truncation.checked).toBe('top-shell');
    expect(out.truncation.reason).toMatch(/top shell/);
    expect(out.truncation.reason).toContain(top.toExponential(1));
    expect(r.warnings?.join(' ')).toMatch(/not converged/);
    // a truncation whose top shell is below the limit is not flagged, and g2 is then the real one
    const big = solve({ basis: 'per-mode', fock: 5 });
    expect(Math.max(big.out.a_to_c.top_shell, big.out.c_to_a.top_shell)).toBeLessThan(TOP_SHELL_LIMIT);
    expect(big.out.truncation.converged).toBe(true);
    expect(big.r.warnings).toBeUndefined();
    expect(big.out.a_to_c.g2).toBeGreaterThan(0.005);
  });

  it('Omega = 50 at K = 6 (3.5 % in the top shell) is flagged, naming Omega', () => {
    const { r, out } = solve({ Omega: 50, fock: 6 });
    expect(out.a_to_c.top_shell).toBeGreaterThan(0.01);
    expect(out.truncation.converged).toBe(false);
    expect(out.truncation.reason).toMatch(/Omega = 50/);
    expect(r.warnings).toHaveLength(1);
  });

  it('a checked truncation that changes by more than the tolerance is flagged with the change', () => {
    const { out } = solve({ Omega: 1, fock: 3, convergence: 'check' });
    expect(out.truncation.checked).toBe('next-truncation');
    expect(out.truncation.converged).toBe(false);
    expect(out.truncation.reason).toMatch(/changes by .*tolerance/);
  });

  it('the automatic truncation reports each truncation it tries and stops with a clear error when convergence is out of reach', () => {
    const stages: string[] = [];
    let err: unknown;
    try {
      solvePoint({ model: 'three-cavity', params: { Omega: 50 } }, { onStage: (s) => stages.push(s) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ComputationError);
    const m = (err as Error).message;
    expect(m).toMatch(/automatic truncation stopped at K = \d+ \(dimension \d+\)/);
    expect(m).toMatch(/Omega = 50/);
    expect(m).toMatch(/limit K ≤ \d+/);
    expect(m).toMatch(/lower Omega|set fock/);
    expect(stages[0]).toBe('truncation K = 3 (dimension 20)');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[1]).toBe('truncation K = 4 (dimension 35)');
  });

  it('a sweep counts its points computed with a warning and keeps the first reason', () => {
    const plan = planSweep(getModel('three-cavity'), { params: { fock: 4 }, axes: [{ key: 'Omega', values: [0.1, 50, 40] }] });
    const chunk = evaluateSweepRange(plan, 0, 3);
    expect(chunk.failed).toEqual([]);
    expect(chunk.warned?.count).toBe(2);
    expect(chunk.warned?.first.index).toBe(1);
    expect(chunk.warned?.first.reason).toMatch(/Omega = 50/);
  });
});
