/**
 * A sweep keeps only the scalars (SolveHooks.scalarsOnly): the two-resonator model then leaves out
 * its output's 3 dB band scan (2001 frequencies per point), and every scalar is the same as a
 * point solve's. A sweep evaluated through the plan gives exactly the point solves' scalars.
 */
import { describe, expect, it } from 'vitest';
import { getModel, resolveModelParams } from '../../../../src-core/models/registry';
import { planSweep } from '../../../../src-core/studies/grid';
import { evaluateSweepRange } from '../../../../src-core/studies/sweep';

const model = getModel('two-resonator');
const base = { loss: 'nonlocal', kappa: 'pi*1e6', gamma_10: 5e5, gamma_20: 5e5 };

describe('scalars-only solves of the two-resonator model', () => {
  it('leave out the band and keep every scalar', () => {
    const solve = model.createSolver();
    for (const [loss, gk] of [['nonlocal', 1e6], ['nonlocal', 4e6], ['kerr', 1e6], ['linear', 0]] as const) {
      const v = resolveModelParams(model, { ...base, loss, gamma_k: gk });
      const full = solve(v);
      const lean = solve(v, { scalarsOnly: true });
      expect((full.output as { band?: unknown }).band).toBeDefined();
      expect((lean.output as { band?: unknown }).band).toBeUndefined();
      expect(lean.scalars).toEqual(full.scalars);
    }
  });

  it('a sweep gives the point solves’ scalars exactly', () => {
    const plan = planSweep(model, { params: base, axes: [{ key: 'gamma_k', start: 0, stop: 4e6, count: 9 }] });
    const chunk = evaluateSweepRange(plan, 0, 9);
    const solve = model.createSolver();
    for (let k = 0; k < 9; k++) {
      const s = solve(resolveModelParams(model, { ...base, gamma_k: 5e5 * k })).scalars;
      for (const q of plan.quantities) expect(chunk.data[q.key]![k]).toBe(s[q.key]);
    }
  });
});
