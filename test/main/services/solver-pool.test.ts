import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, ParameterError } from '../../../src-core/errors';
import { SolverPool } from '../../../src-main/services/solver-pool';
import { solvePoint } from '../../../src-core/tasks/solver-tasks';

const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');

describe('SolverPool (real Piscina workers)', () => {
  const pool = new SolverPool({ workers: 2, workerFile });
  afterAll(() => pool.destroy());

  it('solves a point in a worker with the same numbers as in-process', async () => {
    const r = await pool.run({ kind: 'solve', request: { model: 'three-cavity', params: { solver: 'classical', theta: 0.3, Delta: -0.4 } } });
    expect(r.kind).toBe('solve');
    const local = solvePoint({ model: 'three-cavity', params: { solver: 'classical', theta: 0.3, Delta: -0.4 } });
    if (r.kind === 'solve') expect(r.response.scalars).toEqual(local.scalars);
  });

  it('a burst of many more tasks than threads and queue waits its turn: every one is answered, none fails with a full queue', async () => {
    const deltas = Array.from({ length: 60 }, (_, i) => -2 + i / 15);
    const out = await Promise.all(deltas.map((Delta) => pool.run({ kind: 'solve', request: { model: 'three-cavity', params: { solver: 'classical', Delta } } })));
    out.forEach((r, i) => {
      expect(r.kind).toBe('solve');
      if (r.kind === 'solve') expect(r.response.scalars).toEqual(solvePoint({ model: 'three-cavity', params: { solver: 'classical', Delta: deltas[i]! } }).scalars);
    });
  });

  it('carries a bad-input error across the thread with its parameter and reason', async () => {
    const err = await pool.run({ kind: 'solve', request: { model: 'three-cavity', params: { kappa_c: 0 } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as ParameterError).param).toBe('kappa_c');
    expect((err as ParameterError).reason).toMatch(/must be ≥ 0.0001/);
  });

  it('moves sweep chunks back as one transferred buffer and reports progress', async () => {
    const seen: number[] = [];
    const r = await pool.run(
      { kind: 'sweep-chunk', spec: { model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 400_000 }] }, start: 0, end: 400_000 },
      { onProgress: (d) => seen.push(d) },
    );
    if (r.kind !== 'sweep-chunk') throw new Error('wrong kind');
    const arrays = Object.values(r.chunk.data);
    expect(arrays).toHaveLength(3);
    expect(new Set(arrays.map((a) => a.buffer)).size).toBe(1);
    expect(arrays[0]!.length).toBe(400_000);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((d, i) => i === 0 || d >= seen[i - 1]!)).toBe(true);
    // each worker reports its own memory after a task (measured before the result buffer moves out)
    const st = pool.stats();
    expect(st.workerHeapBytes).toBeGreaterThan(1e6);
    expect(st.workerExternalBytes).toBeGreaterThanOrEqual(400_000 * 3 * 8);
  });

  it('aborts a running task (the worker is terminated) and keeps serving afterwards', async () => {
    const ac = new AbortController();
    let progressed = false;
    const p = pool.run(
      { kind: 'sweep-chunk', spec: { model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 5_000_000 }] }, start: 0, end: 5_000_000 },
      {
        signal: ac.signal,
        onProgress: () => {
          progressed = true;
          ac.abort();
        },
      },
    );
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(progressed).toBe(true);
    const again = await pool.run({ kind: 'solve', request: { model: 'three-cavity', params: {} } });
    expect(again.kind).toBe('solve');
  });
});
