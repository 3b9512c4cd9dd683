/**
 * `npm run bench`: measured figures for the closing notes, printed as ratios from one run.
 * Never part of `npm test` (timings are not test assertions).
 */
import { EventBus } from '../../src-core/contract/rpc.js';
import { getModel } from '../../src-core/models/registry.js';
import { resolveParams } from '../../src-core/models/params.js';
import { JobService } from '../services/job-service.js';
import { SolverPool } from '../services/solver-pool.js';

function timeIt(fn: () => void, minMs = 500): { perCallUs: number; calls: number } {
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    fn();
    calls++;
    t = performance.now();
  }
  return { perCallUs: ((t - t0) * 1000) / calls, calls };
}

async function sweepMs(workers: number, count: number): Promise<number> {
  const pool = new SolverPool({ workers });
  const jobs = new JobService(pool, new EventBus());
  // warm the workers up
  await jobs.wait(jobs.startSweep({ model: 'three-cavity', params: {}, axes: [{ key: 'Delta', start: -2, stop: 2, count: 1000 }] }).job.id);
  const t0 = performance.now();
  const { job } = jobs.startSweep({
    model: 'three-cavity',
    params: {},
    axes: [
      { key: 'Delta', start: -2, stop: 2, count },
      { key: 'kappa_b', start: 0, stop: 3, count },
    ],
  });
  const fin = await jobs.wait(job.id);
  const ms = performance.now() - t0;
  await pool.destroy();
  if (fin.status !== 'succeeded') throw new Error(`benchmark sweep ${fin.status}`);
  return ms;
}

async function main(): Promise<void> {
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  out('NR Lab benchmark (one run; ratios are what matter)');
  const m = getModel('three-cavity');
  const solve = m.createSolver();
  const v3 = resolveParams(m.schema, {});
  const v2 = resolveParams(m.schema, { cavities: 2 });
  const r3 = timeIt(() => solve(v3));
  const r2 = timeIt(() => solve(v2));
  out(`classical S-matrix, 3 cavities, in-process: ${r3.perCallUs.toFixed(2)} µs/point`);
  out(`classical S-matrix, 2 cavities, in-process: ${r2.perCallUs.toFixed(2)} µs/point`);
  const n = Number(process.env.NRLAB_BENCH_GRID ?? 1001);
  const t1 = await sweepMs(1, n);
  const t2 = await sweepMs(2, n);
  out(`${n}×${n} Δ×κ_b classical map on the pool: 1 worker ${(t1 / 1000).toFixed(2)} s, 2 workers ${(t2 / 1000).toFixed(2)} s`);
  out(`pool scaling 1 → 2 workers: ${(t1 / t2).toFixed(2)}×`);
  const ideal = (r3.perCallUs * n * n) / 1000 / 2;
  out(`2-worker map throughput vs ideal (2 × in-process rate): ${((100 * ideal) / t2).toFixed(0)}%`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
