/**
 * Memory budgets at the service level: the solver pool admits tasks by their estimated memory
 * against a budget for the whole pool (queuing the rest, refusing one that alone exceeds it), and
 * the job service keeps finished sweeps within a byte budget, oldest released first.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-core/contract/rpc';
import { NrlabError } from '../../../src-core/errors';
import { steadyStateMemoryBytes } from '../../../src-core/solvers/lindblad-steady-state';
import { basisDimension } from '../../../src-core/quantum/fock';
import { solvePoint, taskMemoryBytes } from '../../../src-core/tasks/solver-tasks';
import { JobService } from '../../../src-main/services/job-service';
import { SolverPool } from '../../../src-main/services/solver-pool';

const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');

describe('SolverPool memory budget', () => {
  it('estimates a quantum solve from its truncation (the steady-state solver\'s own figure)', () => {
    const est = taskMemoryBytes({ kind: 'solve', request: { model: 'three-cavity', params: { fock: 8 } } });
    expect(est).toBeGreaterThanOrEqual(steadyStateMemoryBytes(basisDimension('total', 3, 8)));
    const sweep = taskMemoryBytes({ kind: 'sweep-chunk', spec: { model: 'three-cavity', params: {}, axes: [{ key: 'fock', values: [3, 9] }] }, start: 0, end: 2 });
    expect(sweep).toBeGreaterThanOrEqual(steadyStateMemoryBytes(basisDimension('total', 3, 9)));
  });

  it('refuses a task that alone exceeds the budget, naming the truncation and the budget', async () => {
    const pool = new SolverPool({ workers: 2, workerFile, memoryBudgetBytes: 10e6 });
    try {
      const err = await pool.run({ kind: 'solve', request: { model: 'three-cavity', params: { fock: 8 } } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NrlabError);
      expect((err as NrlabError).code).toBe('bad-input');
      expect((err as NrlabError).param).toBe('fock');
      expect((err as Error).message).toMatch(/memory budget/);
      expect((err as Error).message).toMatch(/10 MB/);
    } finally {
      await pool.destroy();
    }
  });

  it('runs tasks that do not fit together one after the other, with the right results', async () => {
    const params = { fock: 6 };
    const one = taskMemoryBytes({ kind: 'solve', request: { model: 'three-cavity', params } });
    // room for one such task, not two, although there are two workers
    const pool = new SolverPool({ workers: 2, workerFile, memoryBudgetBytes: 1.5 * one });
    try {
      let maxRunning = 0;
      const watch = setInterval(() => (maxRunning = Math.max(maxRunning, pool.stats().admitted)), 1);
      const tasks = [0.1, 0.2, 0.3].map((Omega) => pool.run({ kind: 'solve', request: { model: 'three-cavity', params: { ...params, Omega } } }));
      const s = pool.stats();
      expect(s.admitted).toBe(1);
      expect(s.waiting).toBe(2);
      expect(s.admittedBytes).toBeLessThanOrEqual(s.memoryBudgetBytes);
      const results = await Promise.all(tasks);
      clearInterval(watch);
      expect(maxRunning).toBe(1);
      [0.1, 0.2, 0.3].forEach((Omega, i) => {
        const r = results[i]!;
        if (r.kind !== 'solve') throw new Error('not a solve');
        expect(r.response.scalars['a_to_c.T']).toBe(solvePoint({ model: 'three-cavity', params: { ...params, Omega } }).scalars['a_to_c.T']);
      });
      expect(pool.stats().admittedBytes).toBe(0);
    } finally {
      await pool.destroy();
    }
  });
});

describe('JobService keeps finished sweeps within a byte budget', () => {
  it('releases the oldest finished results first; getJobResult of a released job says so and what to do', async () => {
    const pool = new SolverPool({ workers: 2, workerFile });
    try {
      // each sweep holds 3 quantities × 1000 points × 8 bytes = 24 kB; room for two
      const jobs = new JobService(pool, new EventBus(), { keepFinishedBytes: 50_000 });
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { job } = jobs.startSweep({ model: 'three-cavity', params: { solver: 'classical', theta: 0.1 * i }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 1000 }] });
        await jobs.wait(job.id);
        ids.push(job.id);
      }
      expect(jobs.result(ids[3]!).data.isolation).toHaveLength(1000);
      expect(jobs.result(ids[2]!).data.isolation).toHaveLength(1000);
      for (const old of [ids[0]!, ids[1]!]) {
        let err: unknown;
        try {
          jobs.result(old);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(NrlabError);
        expect((err as Error).message).toMatch(/released/);
        expect((err as Error).message).toMatch(/run the study again/);
      }
      expect(jobs.finishedBytes()).toBeLessThanOrEqual(50_000);
      // an unknown job is still an unknown job
      expect(() => jobs.result('job-999')).toThrow(/no job "job-999"/);
    } finally {
      await pool.destroy();
    }
  });

  it('keeps the newest finished result even when it alone exceeds the budget (its owner has yet to read it)', async () => {
    const pool = new SolverPool({ workers: 2, workerFile });
    try {
      const jobs = new JobService(pool, new EventBus(), { keepFinishedBytes: 1000 });
      const { job } = jobs.startSweep({ model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 1000 }] });
      await jobs.wait(job.id);
      expect(jobs.result(job.id).data.isolation).toHaveLength(1000);
    } finally {
      await pool.destroy();
    }
  });
});
