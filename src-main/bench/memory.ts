/**
 * Memory over a long study: does anything grow per point (main process or workers)? Samples the
 * process's resident set (main thread and worker threads) and the main heap while a study runs,
 * and fits the growth per point over the part after warm-up.
 */
import { EventBus } from '../../src-core/contract/rpc.js';
import type { SweepRequest } from '../../src-core/contract/api.js';
import { JobService } from '../services/job-service.js';
import { SolverPool } from '../services/solver-pool.js';

export interface MemorySample {
  done: number;
  rssMB: number;
  /** Main thread's JS heap and its ArrayBuffers. */
  heapMB: number;
  arrayBuffersMB: number;
  /** Worker threads' JS heaps and off-heap memory (as reported after their latest task). */
  workerHeapMB: number;
  workerExternalMB: number;
}

export interface MemoryReport {
  points: number;
  wallMs: number;
  samples: MemorySample[];
  /** Least-squares slope of RSS against points done, over the samples after the first 20 %. */
  rssBytesPerPoint: number;
  heapBytesPerPoint: number;
  arrayBuffersBytesPerPoint: number;
  workerHeapBytesPerPoint: number;
  /** Worker heaps (a GC sawtooth): lowest and highest over 20–60 % and over 60–100 % of the study. */
  workerHeapRangeMB: { early: [number, number]; late: [number, number] };
  /** Main thread heap at 20 % and at the end. */
  heapAt20MB: number;
  heapEndMB: number;
  /** RSS at 20 % and at the end. */
  rssAt20MB: number;
  rssEndMB: number;
}

function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

export async function memoryOverStudy(req: SweepRequest, workers: number, sampleMs = 200): Promise<MemoryReport> {
  const pool = new SolverPool({ workers });
  const jobs = new JobService(pool, new EventBus());
  try {
    const samples: MemorySample[] = [];
    const t0 = performance.now();
    const { job } = jobs.startSweep(req);
    const take = (): void => {
      const snap = jobs.snapshot(job.id);
      const m = process.memoryUsage();
      const w = pool.stats();
      samples.push({
        done: snap.done,
        rssMB: m.rss / 1e6,
        heapMB: m.heapUsed / 1e6,
        arrayBuffersMB: m.arrayBuffers / 1e6,
        workerHeapMB: w.workerHeapBytes / 1e6,
        workerExternalMB: w.workerExternalBytes / 1e6,
      });
    };
    const timer = setInterval(take, sampleMs);
    const fin = await jobs.wait(job.id);
    clearInterval(timer);
    take();
    if (fin.status !== 'succeeded') throw new Error(`memory study ${fin.status}`);
    const late = samples.filter((s) => s.done >= 0.2 * fin.total);
    const first = late[0] ?? samples[0]!;
    const range = (lo: number, hi: number): [number, number] => {
      const w = samples.filter((x) => x.done >= lo * fin.total && x.done <= hi * fin.total && x.workerHeapMB > 0).map((x) => x.workerHeapMB);
      return w.length ? [Math.min(...w), Math.max(...w)] : [NaN, NaN];
    };
    const last = samples.at(-1)!;
    return {
      points: fin.total,
      wallMs: performance.now() - t0,
      samples,
      rssBytesPerPoint: slope(late.map((s) => s.done), late.map((s) => s.rssMB * 1e6)),
      heapBytesPerPoint: slope(late.map((s) => s.done), late.map((s) => s.heapMB * 1e6)),
      arrayBuffersBytesPerPoint: slope(late.map((s) => s.done), late.map((s) => s.arrayBuffersMB * 1e6)),
      workerHeapBytesPerPoint: slope(late.map((s) => s.done), late.map((s) => s.workerHeapMB * 1e6)),
      workerHeapRangeMB: { early: range(0.2, 0.6), late: range(0.6, 1) },
      heapAt20MB: first.heapMB,
      heapEndMB: last.heapMB,
      rssAt20MB: first.rssMB,
      rssEndMB: last.rssMB,
    };
  } finally {
    await pool.destroy();
  }
}
