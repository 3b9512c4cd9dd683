import { describe, expect, it } from 'vitest';
import type { Handlers, WireTransport } from '../../../src-core/contract/rpc';
import { withUnusedHandlers } from '../../helpers/handlers';
import { Dispatcher, EventBus, connectTransport, serveTransport } from '../../../src-core/contract/rpc';
import { memoryPair } from '../../helpers/memory-transport';
import { ParameterError, NrlabError } from '../../../src-core/errors';
import { CALL_NAMES } from '../../../src-core/contract/api';

function fakeHandlers(bus: EventBus): Handlers {
  return withUnusedHandlers({
    getAppInfo: () => ({ name: 'NR Lab', version: 't', workers: 3, transport: 'memory' }),
    listModels: () => [],
    solvePoint: (req) => {
      if (req.model !== 'm') throw new ParameterError('model', `unknown model "${req.model}"`);
      return { model: 'm', params: {}, output: { x: 1 }, scalars: { x: 1 }, timeMs: 0 };
    },
    startSweep: () => {
      const data = new Float64Array([1, NaN, 3]);
      bus.emit('job.data', { jobId: 'j', start: 0, end: 3, data: { q: data }, failed: [{ index: 1, reason: 'r' }] });
      throw new Error('boom');
    },
    cancelJob: ({ jobId }) => ({ id: jobId, kind: 'sweep', model: 'm', status: 'cancelled', done: 1, total: 2, progress: 0.5, failedPoints: 0, startedAt: 0 }),
    resumeJob: () => {
      throw new NrlabError('bad-input', 'nothing to resume', { param: 'jobId' });
    },
    optimize: () => {
      throw new NrlabError('bad-input', 'not here', { param: 'objective' });
    },
    getJobResult: () => {
      throw new NrlabError('computation', 'no result');
    },
  });
}

describe('transport-independent dispatch', () => {
  it('round-trips every call through the codec and rebuilds typed errors with their parameter', async () => {
    const bus = new EventBus();
    const [server, client] = memoryPair();
    serveTransport(new Dispatcher(fakeHandlers(bus)), bus, server);
    const { api } = connectTransport(client);
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    expect((await api.getAppInfo()).workers).toBe(3);
    expect((await api.cancelJob({ jobId: 'x' })).status).toBe('cancelled');
    const err = await api.solvePoint({ model: 'nope', params: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as ParameterError).param).toBe('model');
    expect((err as ParameterError).reason).toContain('unknown model');
    const comp = await api.getJobResult({ jobId: 'j' }).catch((e: unknown) => e);
    expect((comp as NrlabError).code).toBe('computation');
  });

  it('streams events with typed arrays intact (NaN preserved) and unsubscribes', async () => {
    const bus = new EventBus();
    const [server, client] = memoryPair();
    serveTransport(new Dispatcher(fakeHandlers(bus)), bus, server);
    const { api } = connectTransport(client);
    const got: Float64Array[] = [];
    const off = api.on('job.data', (e) => got.push(e.data.q!));
    const internal = await api.startSweep({ model: 'm', params: {}, axes: [] }).catch((e: unknown) => e);
    expect((internal as NrlabError).code).toBe('internal');
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toHaveLength(1);
    expect(got[0]).toBeInstanceOf(Float64Array);
    expect(Array.from(got[0]!)).toEqual([1, NaN, 3]);
    off();
    await api.startSweep({ model: 'm', params: {}, axes: [] }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toHaveLength(1);
  });

  it('rejects calls and events outside the contract', async () => {
    const d = new Dispatcher(fakeHandlers(new EventBus()));
    const r = await d.handle('__proto__', {});
    expect(r.ok).toBe(false);
    const r2 = await d.handle('constructor', {});
    expect(r2.ok).toBe(false);
    const [, client] = memoryPair();
    const { api } = connectTransport(client);
    expect(() => api.on('job.secret' as never, () => undefined)).toThrow(/unknown event/);
  });

  it('fails pending calls when the connection is lost, instead of hanging', async () => {
    let close: () => void = () => undefined;
    const t: WireTransport = { send: () => undefined, onMessage: () => () => undefined, onClose: (cb) => (close = cb) };
    const { api } = connectTransport(t);
    const p = api.getAppInfo();
    close();
    await expect(p).rejects.toThrow(/connection .* lost/);
  });
});

describe('errors across the Electron contextBridge', () => {
  it('the preload form rejects with plain payloads, which the renderer rebuilds into typed errors', async () => {
    const { createApi, withRebuiltErrors } = await import('../../../src-core/contract/rpc');
    const d = new Dispatcher(fakeHandlers(new EventBus()));
    const preloadApi = createApi((m, a) => d.handle(m, a), () => () => undefined, { rejectWith: 'payload' });
    const raw = await preloadApi.solvePoint({ model: 'nope', params: {} }).catch((e: unknown) => e);
    // what crosses the bridge: a plain, structured-cloneable object with the field and reason
    expect(raw).not.toBeInstanceOf(Error);
    expect(structuredClone(raw)).toMatchObject({ code: 'bad-input', param: 'model', reason: expect.stringContaining('unknown model') });
    const err = await withRebuiltErrors(preloadApi).solvePoint({ model: 'nope', params: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as ParameterError).param).toBe('model');
  });
});
