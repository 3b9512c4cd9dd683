import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-core/contract/rpc';
import { getModel } from '../../../src-core/models/registry';
import { resolveParams } from '../../../src-core/models/params';
import { JobService } from '../../../src-main/services/job-service';
import { SolverPool } from '../../../src-main/services/solver-pool';

const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');

/** Coarse sweeps (SweepRequest.coarse): the live preview's cheaper solve, reported in the header. */
describe('coarse sweeps for live exploration', () => {
  const pool = new SolverPool({ workers: 2, workerFile });
  afterAll(() => pool.destroy());
  const m = getModel('three-cavity');
  const axes = [{ key: 'Delta', start: -1, stop: 1, count: 5 }];

  it('apply the model’s overrides (truncation 3, no convergence test): the values of a direct solve at K = 3, which differ from the exact ones', async () => {
    const jobs = new JobService(pool, new EventBus());
    const { job, header } = jobs.startSweep({ model: 'three-cavity', params: { kappa_b: 1.3, Omega: 1 }, axes, coarse: true });
    expect(header.coarse).toEqual({ fock: 3, convergence: 'none' });
    expect(header.params.fock).toBe(3);
    expect((await jobs.wait(job.id)).status).toBe('succeeded');
    const coarse = jobs.result(job.id).data;
    const exact = jobs.startSweep({ model: 'three-cavity', params: { kappa_b: 1.3, Omega: 1 }, axes });
    expect(exact.header.coarse).toBeUndefined();
    expect(exact.header.params.fock).toBe('auto');
    await jobs.wait(exact.job.id);
    const ex = jobs.result(exact.job.id).data;
    const solve = m.createSolver();
    let maxDiff = 0;
    for (let i = 0; i < 5; i++) {
      const Delta = -1 + (2 * i) / 4;
      const want = solve(resolveParams(m.schema, { kappa_b: 1.3, Omega: 1, Delta, fock: 3, convergence: 'none' }));
      expect(coarse['a_to_c.T']![i]).toBe(want.scalars['a_to_c.T']);
      expect(coarse['c_to_a.g2']![i]).toBe(want.scalars['c_to_a.g2']);
      maxDiff = Math.max(maxDiff, Math.abs(coarse['a_to_c.g2']![i]! - ex['a_to_c.g2']![i]!));
    }
    // an approximation, not the exact answer under another name (a strong drive: Ω = κ needs more than 3 photons)
    expect(maxDiff).toBeGreaterThan(1e-6);
  });

  it('keep a smaller fixed truncation, and leave the classical solver as it is (only fewer points make it cheaper)', () => {
    const jobs = new JobService(pool, new EventBus());
    expect(jobs.startSweep({ model: 'three-cavity', params: { fock: 2 }, axes, coarse: true }).header.coarse).toEqual({ fock: 2, convergence: 'none' });
    expect(jobs.startSweep({ model: 'three-cavity', params: { basis: 'per-mode', fock: 6 }, axes, coarse: true }).header.coarse).toEqual({ fock: 3, convergence: 'none' });
    const cl = jobs.startSweep({ model: 'three-cavity', params: { solver: 'classical' }, axes, coarse: true });
    expect(cl.header.coarse).toEqual({});
    expect(cl.header.params.solver).toBe('classical');
    // a model without a coarse solve: the same parameters
    expect(jobs.startSweep({ model: 'two-resonator', params: {}, axes: [{ key: 'gamma_k', start: 0, stop: 1, count: 3 }], coarse: true }).header.coarse).toEqual({});
  });

  it('cancel with drain: no chunk starts after it, nothing is reported after the cancelled event, and the pool keeps serving', async () => {
    const bus = new EventBus();
    const events: { name: string; jobId: string }[] = [];
    bus.subscribe((name, payload) => events.push({ name, jobId: (payload as { jobId?: string; id?: string }).jobId ?? (payload as { id: string }).id }));
    const jobs = new JobService(pool, bus, { progressIntervalMs: 10 });
    const { job } = jobs.startSweep({ model: 'three-cavity', params: {}, axes: [{ key: 'Delta', start: -2, stop: 2, count: 400 }] });
    await new Promise((r) => setTimeout(r, 30));
    const snap = jobs.cancel(job.id, true);
    expect(snap.status).toBe('cancelled');
    const at = events.length;
    // the chunks that were running finish in their workers; their results are dropped
    const next = jobs.startSweep({ model: 'three-cavity', params: { solver: 'classical' }, axes });
    expect((await jobs.wait(next.job.id)).status).toBe('succeeded');
    expect(events.slice(at).filter((e) => e.jobId === job.id)).toEqual([]);
    expect(jobs.snapshot(job.id).done).toBeLessThan(400);
  });

  it('refuse a coarse flag that is not a boolean, naming the field', () => {
    const jobs = new JobService(pool, new EventBus());
    expect(() => jobs.startSweep({ model: 'three-cavity', params: {}, axes, coarse: 'yes' as unknown as boolean })).toThrow(/coarse.*true or false/);
  });
});
