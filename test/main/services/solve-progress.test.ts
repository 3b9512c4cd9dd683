/**
 * A single solve in the app (the point inspector) reports which truncation it is trying and can be
 * cancelled: solvePoint with a client-chosen solveId emits 'solve.stage' events and cancelSolve
 * ends it (the worker running it is terminated).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src-core/errors';
import { Backend } from '../../../src-main/services/backend';

const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');

describe('Backend: a long single solve', () => {
  const backend = new Backend({ workers: 1, workerFile, autosaveMs: 0 });
  afterAll(() => backend.close());

  it('reports its truncation and is cancelled on request; the pool serves the next solve', async () => {
    const h = backend.handlers('memory');
    const stages: string[] = [];
    const off = backend.bus.subscribe((name, p) => {
      if (name === 'solve.stage' && (p as { solveId: string }).solveId === 's1') stages.push((p as { text: string }).text);
    });
    // 8 levels per mode (dimension 512): many seconds of work
    const long = Promise.resolve(h.solvePoint({ model: 'three-cavity', params: { basis: 'per-mode', fock: 8, Omega: 1 }, solveId: 's1' })).catch((e: unknown) => e);
    await expect.poll(() => stages.length, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
    expect(stages[0]).toBe('truncation N = 8 (dimension 512)');
    expect(await h.cancelSolve({ solveId: 's1' })).toEqual({ cancelled: true });
    const err = await long;
    expect(err).toBeInstanceOf(CancelledError);
    off();
    // nothing left to cancel; the pool still answers
    expect(await h.cancelSolve({ solveId: 's1' })).toEqual({ cancelled: false });
    const ok = await h.solvePoint({ model: 'three-cavity', params: { solver: 'classical' } });
    expect(ok.scalars.isolation).toBeCloseTo(1, 12);
  }, 120_000);
});
