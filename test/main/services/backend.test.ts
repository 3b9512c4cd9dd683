import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OptimizeProgress } from '../../../src-core/contract/api';
import { connectTransport, serveTransport } from '../../../src-core/contract/rpc';
import { memoryPair } from '../../helpers/memory-transport';
import { Backend } from '../../../src-main/services/backend';

const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');

describe('Backend: study cost estimate', () => {
  const backend = new Backend({ workers: 2, workerFile, autosaveMs: 0 });
  afterAll(() => backend.close());

  it('counts the points, scales with the truncation, and names a bad axis', async () => {
    const h = backend.handlers('memory');
    const axes = [
      { key: 'Delta', start: -2, stop: 2, count: 101 },
      { key: 'kappa_b', values: [0.5, 1, 1.5] },
    ];
    const small = await h.estimateSweep({ model: 'three-cavity', params: { fock: 3 }, axes });
    const big = await h.estimateSweep({ model: 'three-cavity', params: { fock: 6 }, axes });
    expect(small).toMatchObject({ points: 303, workers: 2 });
    expect(small.totalMs).toBeCloseTo((303 * small.pointMs) / 2, 9);
    expect(big.pointMs).toBeGreaterThan(10 * small.pointMs); // dim 84 vs dim 20
    await expect(Promise.resolve().then(() => h.estimateSweep({ model: 'three-cavity', params: {}, axes: [{ key: 'kappa_b', start: -1, stop: 1, count: 3 }] }))).rejects.toThrow(
      /--axis kappa_b \(start\): must be ≥ 0/,
    );
  });

  it('lists the quantities a study can keep at its parameters (the quantum solver has more than the classical one)', async () => {
    const h = backend.handlers('memory');
    const axes = [{ key: 'Delta', start: -2, stop: 2, count: 5 }];
    const quantum = await h.estimateSweep({ model: 'three-cavity', params: {}, axes, quantities: ['isolation'] });
    const classical = await h.estimateSweep({ model: 'three-cavity', params: { solver: 'classical' }, axes });
    expect(quantum.available?.map((q) => q.key)).toContain('c_to_a.g2');
    expect(classical.available?.map((q) => q.key)).toEqual(['a_to_c.T', 'c_to_a.T', 'isolation']);
  });
});

describe('Backend: optimisation over the contract', () => {
  const backend = new Backend({ workers: 2, workerFile, progressIntervalMs: 0 });
  afterAll(() => backend.close());

  it("streams 'optimize.progress' events for its runId, ending at the optimum it returns", async () => {
    const [server, client] = memoryPair();
    serveTransport(backend.dispatcher('memory'), backend.bus, server);
    const { api } = connectTransport(client);
    const seen: OptimizeProgress[] = [];
    api.on('optimize.progress', (p) => seen.push(p));
    const r = await api.optimize({
      model: 'three-cavity',
      params: { solver: 'classical' },
      vary: [{ key: 'Delta', lo: -2, hi: 2 }, { key: 'kappa_b', lo: 0, hi: 3 }],
      objective: { quantity: 'isolation', goal: 'maximize' },
      start: [-1.5, 2.8],
      runId: 'run-7',
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // the Fig. 2 optimum (eqs. 16–17): Δ = κ/2, κ_b = κ, where the isolation is 1
    expect(r.optimum.Delta).toBeCloseTo(0.5, 4);
    expect(r.optimum.kappa_b).toBeCloseTo(1, 4);
    expect(seen.length).toBe(r.evaluations);
    expect(seen.every((p) => p.runId === 'run-7' && p.maxEvaluations >= r.evaluations)).toBe(true);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.evaluations).toBe(seen[i - 1]!.evaluations + 1);
      expect(seen[i]!.best).toBeGreaterThanOrEqual(seen[i - 1]!.best);
    }
    const last = seen.at(-1)!;
    expect(last.best).toBe(r.value);
    expect(last.bestAt).toEqual(r.optimum);
    // the reported best is the model's value there, not a bookkeeping artefact
    const there = await api.solvePoint({ model: 'three-cavity', params: { solver: 'classical', ...last.bestAt } });
    expect(there.scalars.isolation).toBe(last.best);
  });
});
