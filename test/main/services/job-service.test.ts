import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobSnapshot, NrlabEvents } from '../../../src-core/contract/api';
import { EventBus } from '../../../src-core/contract/rpc';
import { ParameterError } from '../../../src-core/errors';
import { getModel } from '../../../src-core/models/registry';
import { resolveParams } from '../../../src-core/models/params';
import { JobService } from '../../../src-main/services/job-service';
import { SolverPool } from '../../../src-main/services/solver-pool';

const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');

function record(bus: EventBus) {
  const events: { name: keyof NrlabEvents; at: number; payload: unknown }[] = [];
  bus.subscribe((name, payload) => events.push({ name, at: Date.now(), payload }));
  return events;
}

describe('JobService sweeps on the pool', () => {
  const pool = new SolverPool({ workers: 2, workerFile });
  afterAll(() => pool.destroy());

  it('a 2-D map equals point-by-point evaluation, row-major with the first axis slowest', async () => {
    const bus = new EventBus();
    const jobs = new JobService(pool, bus);
    const { job, header } = jobs.startSweep({
      model: 'three-cavity',
      params: { solver: 'classical', theta: 'pi/4' },
      axes: [
        { key: 'Delta', start: -1, stop: 1, count: 7 },
        { key: 'kappa_b', start: 0, stop: 2, count: 5 },
      ],
    });
    expect(header.shape).toEqual([7, 5]);
    const fin = await jobs.wait(job.id);
    expect(fin.status).toBe('succeeded');
    const res = jobs.result(job.id);
    const m = getModel('three-cavity');
    const solve = m.createSolver();
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 5; j++) {
        const Delta = -1 + (2 * i) / 6;
        const kb = (2 * j) / 4;
        const want = solve(resolveParams(m.schema, { solver: 'classical', theta: Math.PI / 4, Delta, kappa_b: kb }));
        expect(res.data['a_to_c.T']![i * 5 + j]).toBe(want.scalars['a_to_c.T']);
        expect(res.data['c_to_a.T']![i * 5 + j]).toBe(want.scalars['c_to_a.T']);
      }
    }
    expect(res.diagnostics.computed).toBe(35);
  });

  it('cuts the last two chunks per worker in four, so the workers finish together; chunks tile the grid in order', async () => {
    const bus = new EventBus();
    const events = record(bus);
    const jobs = new JobService(pool, bus);
    const { job } = jobs.startSweep({ model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -3, stop: 3, count: 6400 }] });
    await jobs.wait(job.id);
    const spans = events
      .filter((e) => e.name === 'job.data')
      .map((e) => e.payload as { start: number; end: number })
      .sort((a, b) => a.start - b.start);
    let at = 0;
    for (const s of spans) {
      expect(s.start).toBe(at);
      at = s.end;
    }
    expect(at).toBe(6400);
    const sizes = spans.map((s) => s.end - s.start);
    // 2 workers × 16 chunks of 200 points, the last 4 of them in 16 chunks of 50
    expect(sizes.slice(0, -16).every((n) => n === 200)).toBe(true);
    expect(sizes.slice(-16)).toEqual(new Array(16).fill(50));
  });

  it('streams data and debounced progress; finished event comes last', async () => {
    const bus = new EventBus();
    const events = record(bus);
    // an interval far longer than the run: after the first broadcast, nothing until the job ends,
    // whatever the machine's speed — the data of every chunk still arrives, flushed at the end
    const jobs = new JobService(pool, bus, { progressIntervalMs: 600_000 });
    const { job } = jobs.startSweep({ model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -3, stop: 3, count: 600_000 }] });
    await jobs.wait(job.id);
    const progress = events.filter((e) => e.name === 'job.progress');
    const data = events.filter((e) => e.name === 'job.data');
    expect(data.length).toBeGreaterThan(1);
    expect(progress.length).toBeLessThanOrEqual(2);
    const covered = data.reduce((s, e) => s + ((e.payload as { end: number; start: number }).end - (e.payload as { start: number }).start), 0);
    expect(covered).toBe(600_000);
    expect(events.at(-1)!.name).toBe('job.finished');
    const last = progress.at(-1)!.payload as JobSnapshot;
    expect(last.progress).toBe(1);
  });

  it('cancel stops the study at once and keeps the partial results', async () => {
    const bus = new EventBus();
    const jobs = new JobService(pool, bus, { progressIntervalMs: 50 });
    const { job } = jobs.startSweep({ model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -3, stop: 3, count: 4_000_000 }] });
    await new Promise<void>((resolve) => {
      const off = bus.subscribe((name, p) => {
        if (name === 'job.progress' && (p as JobSnapshot).done > 0) {
          off();
          resolve();
        }
      });
    });
    const snap = jobs.cancel(job.id);
    expect(snap.status).toBe('cancelled');
    expect(snap.done).toBeGreaterThan(0);
    expect(snap.done).toBeLessThan(4_000_000);
    const res = jobs.result(job.id);
    const finite = res.data['a_to_c.T']!.reduce((n, v) => n + (Number.isFinite(v) ? 1 : 0), 0);
    expect(finite).toBe(snap.done);
    // the pool is free again for the next study
    const next = jobs.startSweep({ model: 'three-cavity', params: {}, axes: [{ key: 'Delta', start: 0, stop: 1, count: 3 }] });
    expect((await jobs.wait(next.job.id)).status).toBe('succeeded');
  });

  it('records a point where S is undefined as failed, with its reason, and computes the rest', async () => {
    const bus = new EventBus();
    const jobs = new JobService(pool, bus);
    // b decoupled and lossless: at Δ_b = 0 it is a dark mode on resonance and M − ωI is singular
    const { job } = jobs.startSweep({
      model: 'three-cavity',
      params: { solver: 'classical', J: 0, kappa_b: 0 },
      axes: [{ key: 'Delta_b', start: -1, stop: 1, count: 5 }],
    });
    const fin = await jobs.wait(job.id);
    expect(fin.status).toBe('succeeded');
    expect(fin.failedPoints).toBe(1);
    const res = jobs.result(job.id);
    expect(res.failed).toEqual([{ index: 2, reason: expect.stringMatching(/singular/) }]);
    expect(Number.isNaN(res.data['a_to_c.T']![2])).toBe(true);
    expect([0, 1, 3, 4].every((i) => Number.isFinite(res.data['a_to_c.T']![i]))).toBe(true);
  });

  it('rejects bad axes before starting, naming the axis', () => {
    const jobs = new JobService(pool, new EventBus());
    const bad = (axes: never) => () => jobs.startSweep({ model: 'three-cavity', params: {}, axes });
    expect(bad([{ key: 'kappa_a', start: -1, stop: 1, count: 5 }] as never)).toThrow(/--axis kappa_a \(start\): must be ≥ 0.0001/);
    expect(bad([{ key: 'solver', start: 0, stop: 1, count: 2 }] as never)).toThrow(ParameterError);
    expect(bad([{ key: 'Delta', start: 0, stop: 1, count: 2.5 }] as never)).toThrow(/count must be a positive integer/);
    expect(bad([{ key: 'Delta', start: 0, stop: 1, count: 3000 }, { key: 'Delta_a', start: 0, stop: 1, count: 3 }] as never)).toThrow(
      /already set by another axis/,
    );
    expect(bad([{ key: 'Delta', start: 0, stop: 1, count: 3000 }, { key: 'kappa_b', start: 0, stop: 1, count: 3000 }] as never)).toThrow(/limit is/);
  });
});

describe('JobService: resume and shards', () => {
  const pool = new SolverPool({ workers: 2, workerFile });
  afterAll(() => pool.destroy());
  const req = { model: 'three-cavity', params: { solver: 'classical', theta: 0.4 }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 300 }, { key: 'kappa_b', start: 0, stop: 3, count: 3000 }] };

  it('cancel mid-study, then resume: the same numbers as an uninterrupted run, bit for bit', async () => {
    const bus = new EventBus();
    const jobs = new JobService(pool, bus, { progressIntervalMs: 20 });
    const full = jobs.startSweep(req);
    await jobs.wait(full.job.id);
    const reference = jobs.result(full.job.id).data;

    const { job } = jobs.startSweep(req);
    await new Promise<void>((resolve) => {
      const off = bus.subscribe((name, p) => {
        if (name === 'job.progress' && (p as JobSnapshot).done > 0) {
          off();
          resolve();
        }
      });
    });
    const cut = jobs.cancel(job.id);
    expect(cut.status).toBe('cancelled');
    expect(cut.done).toBeLessThan(900_000);
    const resumed = jobs.resume(job.id);
    expect(resumed.job.total).toBe(900_000 - cut.done);
    expect((await jobs.wait(resumed.job.id)).status).toBe('succeeded');
    const got = jobs.result(resumed.job.id).data;
    for (const k of Object.keys(reference)) expect(Buffer.compare(Buffer.from(got[k]!.buffer), Buffer.from(reference[k]!.buffer))).toBe(0);
  });

  it('a shard computes exactly its slice of the grid', async () => {
    const jobs = new JobService(pool, new EventBus());
    const small = { ...req, axes: [{ key: 'Delta', start: -2, stop: 2, count: 7 }, { key: 'kappa_b', start: 0, stop: 3, count: 5 }] };
    const { job, header } = jobs.startSweep({ ...small, range: { start: 10, end: 23 } });
    expect(header.range).toEqual({ start: 10, end: 23 });
    expect(job.total).toBe(13);
    await jobs.wait(job.id);
    const iso = jobs.result(job.id).data['isolation']!;
    for (let i = 0; i < 35; i++) expect(Number.isFinite(iso[i]!)).toBe(i >= 10 && i < 23);
    expect(() => jobs.startSweep({ ...small, range: { start: 30, end: 40 } })).toThrow(/range: must be integers with 0 ≤ start ≤ end ≤ 35/);
  });

  it('resume refuses a job that is still running', () => {
    const jobs = new JobService(pool, new EventBus());
    const { job } = jobs.startSweep(req);
    expect(() => jobs.resume(job.id)).toThrow(/still running; cancel it first/);
    jobs.cancel(job.id);
  });
});

describe('JobService: a crashing worker', () => {
  it('is replaced, its chunk retried once, and no completed point is lost', async () => {
    const { mkdtempSync, writeFileSync, existsSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-crash-'));
    const marker = path.join(dir, 'crashed');
    // a worker that dies (the thread exits) the first time it is given a chunk starting at or after point 300
    const crashing = path.join(dir, 'crash-worker.cjs');
    writeFileSync(
      crashing,
      `const fs = require('node:fs');
const real = require(${JSON.stringify(workerFile)});
module.exports = function (input) {
  if (input.task.kind === 'sweep-chunk' && input.task.start >= 300 && !fs.existsSync(${JSON.stringify(marker)})) {
    fs.writeFileSync(${JSON.stringify(marker)}, 'x');
    process.exit(1);
  }
  return (real.default || real)(input);
};`,
    );
    const pool = new SolverPool({ workers: 2, workerFile: crashing });
    try {
      const jobs = new JobService(pool, new EventBus());
      const req = { model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 1000 }] };
      const { job } = jobs.startSweep(req);
      const fin = await jobs.wait(job.id);
      expect(existsSync(marker)).toBe(true);
      expect(fin.status).toBe('succeeded');
      expect(fin.failedPoints).toBe(0);
      const got = jobs.result(job.id).data['a_to_c.T']!;
      // every point computed, and equal to a run on a healthy pool
      const healthy = new SolverPool({ workers: 1, workerFile });
      const ref = new JobService(healthy, new EventBus());
      const r2 = ref.startSweep(req);
      await ref.wait(r2.job.id);
      expect(Array.from(got)).toEqual(Array.from(ref.result(r2.job.id).data['a_to_c.T']!));
      await healthy.destroy();
    } finally {
      await pool.destroy();
    }
  });

  it('that runs out of memory is replaced, its chunk retried, and the study completes', async () => {
    const { mkdtempSync, writeFileSync, existsSync } = await import('node:fs');
    const os = await import('node:os');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-oom-'));
    const marker = path.join(dir, 'oom');
    // the first chunk from point 300 on fills the worker's (small) heap until V8 gives up
    const hungry = path.join(dir, 'oom-worker.cjs');
    writeFileSync(
      hungry,
      `const fs = require('node:fs');
const real = require(${JSON.stringify(workerFile)});
module.exports = function (input) {
  if (input.task.kind === 'sweep-chunk' && input.task.start >= 300 && !fs.existsSync(${JSON.stringify(marker)})) {
    fs.writeFileSync(${JSON.stringify(marker)}, 'x');
    const hoard = [];
    for (;;) hoard.push({ a: [1, 2, 3], b: 'x'.repeat(64) + hoard.length });
  }
  return (real.default || real)(input);
};`,
    );
    const pool = new SolverPool({ workers: 2, workerFile: hungry, workerHeapMb: 48 });
    try {
      const jobs = new JobService(pool, new EventBus());
      const req = { model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 1000 }] };
      const fin = await jobs.wait(jobs.startSweep(req).job.id);
      expect(existsSync(marker)).toBe(true);
      expect(fin.status).toBe('succeeded');
      expect(fin.failedPoints).toBe(0);
      const got = jobs.result(fin.id).data['a_to_c.T']!;
      expect(got.every((v) => Number.isFinite(v))).toBe(true);
    } finally {
      await pool.destroy();
    }
  }, 60_000);
});
