import { EventBus } from './src-core/contract/rpc.js';
import { JobService } from './src-main/services/job-service.js';
import { SolverPool } from './src-main/services/solver-pool.js';
const qmap = async (workers: number, n: number): Promise<number> => {
  const pool = new SolverPool({ workers });
  const jobs = new JobService(pool, new EventBus());
  await jobs.wait(jobs.startSweep({ model: 'three-cavity', params: {}, axes: [{ key: 'Delta', start: 0, stop: 1, count: 4 }] }).job.id);
  const t0 = performance.now();
  const { job } = jobs.startSweep({ model: 'three-cavity', params: {}, axes: [{ key: 'Delta', start: -2, stop: 2, count: n }, { key: 'kappa_b', start: 0, stop: 3, count: n }] });
  await jobs.wait(job.id);
  const ms = performance.now() - t0;
  await pool.destroy();
  return ms;
};
(async () => {
  const w = Number(process.argv[2]);
  const c0 = process.cpuUsage();
  const ms = await qmap(w, Number(process.argv[3] ?? 31));
  const c = process.cpuUsage(c0);
  console.log(`workers ${w}: ${(ms / 1000).toFixed(2)} s wall, process CPU ${((c.user + c.system) / 1e6).toFixed(2)} s`);
})();
