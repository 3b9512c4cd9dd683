import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src-core/contract/rpc';
import { JobService } from '../../src-main/services/job-service';
import { SolverPool } from '../../src-main/services/solver-pool';

const workerFile = path.resolve(__dirname, '../../dist/main/solver-worker.cjs');

describe('finished sweeps kept for getJobResult: bounded by the memory their arrays take, not only by count', () => {
  const pool = new SolverPool({ workers: 1, workerFile });
  afterAll(() => pool.destroy());

  it('older finished jobs are dropped beyond the byte budget; the latest is always kept', async () => {
    // each job: 200 points × 3 classical quantities × 8 bytes = 4,800 bytes
    const jobs = new JobService(pool, new EventBus(), { keepFinishedBytes: 10_000 });
    const ids: string[] = [];
    for (let k = 0; k < 4; k++) {
      const { job } = jobs.startSweep({ model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -2, stop: 2 + k, count: 200 }] });
      expect((await jobs.wait(job.id)).status).toBe('succeeded');
      ids.push(job.id);
    }
    // two jobs fit in 10,000 bytes: the two latest stay, the older two are gone
    expect(jobs.result(ids[3]!).data.isolation!.length).toBe(200);
    expect(jobs.result(ids[2]!).data.isolation!.length).toBe(200);
    for (const id of ids.slice(0, 2)) expect(() => jobs.result(id)).toThrow(/no job/);
    // a single result larger than the budget is still kept while it is the latest
    const big = jobs.startSweep({ model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 1000 }] }).job;
    await jobs.wait(big.id);
    expect(jobs.result(big.id).data.isolation!.length).toBe(1000);
    expect(() => jobs.result(ids[3]!)).toThrow(/no job/);
  });
});
