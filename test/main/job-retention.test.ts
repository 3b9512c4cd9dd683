import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src-core/contract/rpc';
import { JobService } from '../../src-main/services/job-service';
import { SolverPool } from '../../src-main/services/solver-pool';

const workerFile = path.resolve(__dirname, '../../dist/main/solver-worker.cjs');

describe('finished sweeps kept for getJobResult: bounded by the memory their arrays take, not only by count', () => {
  const pool = new SolverPool({ workers: 1, workerFile });
  afterAll(() => pool.destroy());

  it('when a sweep starts, older finished jobs are dropped beyond the byte budget; the latest finished is always kept', async () => {
    // each small job: 200 points × 3 classical quantities × 8 bytes = 4,800 bytes; two fit in the budget
    const jobs = new JobService(pool, new EventBus(), { keepFinishedBytes: 10_000 });
    const sweep = async (count: number): Promise<string> => {
      const { job } = jobs.startSweep({ model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -2, stop: 2, count }] });
      expect((await jobs.wait(job.id)).status).toBe('succeeded');
      return job.id;
    };
    const ids: string[] = [];
    for (let k = 0; k < 4; k++) ids.push(await sweep(200));
    // the fourth start kept the two latest finished (2, 1) and dropped the first
    expect(() => jobs.result(ids[0]!)).toThrow(/no job/);
    for (const id of ids.slice(1)) expect(jobs.result(id).data.isolation!.length).toBe(200);
    const big = await sweep(1000); // 24,000 bytes: over the budget on its own
    expect(() => jobs.result(ids[1]!)).toThrow(/no job/);
    expect(jobs.result(big).data.isolation!.length).toBe(1000);
    const next = jobs.startSweep({ model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 5 }] }).job;
    // the big one is the latest finished: kept; everything older is over the budget
    expect(jobs.result(big).data.isolation!.length).toBe(1000);
    for (const id of ids.slice(2)) expect(() => jobs.result(id)).toThrow(/no job/);
    await jobs.wait(next.id);
  });
});
