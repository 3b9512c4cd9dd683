import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeMessage, encodeMessage } from '../../../src-core/contract/codec';
import { connectTransport, type WireTransport } from '../../../src-core/contract/rpc';
import { ParameterError } from '../../../src-core/errors';
import { startBrowserServer, type BrowserServer } from '../../../src-main/server/browser-server';
import { Backend } from '../../../src-main/services/backend';

const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');

function get(port: number, urlPath: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openWs(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function clientTransport(ws: WebSocket): WireTransport {
  return {
    send: (m) => ws.send(encodeMessage(m)),
    onMessage: (cb) => {
      const h = (d: Buffer) => cb(decodeMessage(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)));
      ws.on('message', h);
      return () => ws.off('message', h);
    },
    onClose: (cb) => ws.on('close', cb),
  };
}

describe('browser-mode server', () => {
  let backend: Backend;
  let server: BrowserServer;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-static-'));

  beforeAll(async () => {
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>NR Lab</title>');
    writeFileSync(path.join(os.tmpdir(), 'nrlab-secret.txt'), 'secret');
    backend = new Backend({ workers: 1, workerFile });
    server = await startBrowserServer({ backend, staticDir: dir, port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await backend.close();
  });

  it('listens on 127.0.0.1 only, with a long random token in the URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the renderer, and nothing outside its directory', async () => {
    expect((await get(server.port, '/')).body).toContain('NR Lab');
    expect((await get(server.port, '/../nrlab-secret.txt')).status).toBe(404);
    expect((await get(server.port, '/%2e%2e/nrlab-secret.txt')).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(server.port, '/', `evil.example:${server.port}`)).status).toBe(403);
  });

  it('refuses WebSockets without the right token or from another origin', async () => {
    const base = `ws://127.0.0.1:${server.port}/ws`;
    await expect(openWs(base)).rejects.toThrow(/403/);
    await expect(openWs(`${base}?token=wrong`)).rejects.toThrow(/403/);
    await expect(openWs(`${base}?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('serves the contract over the socket with the token: solve, typed errors, events', async () => {
    const ws = await openWs(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const { api } = connectTransport(clientTransport(ws));
    const info = await api.getAppInfo();
    expect(info.transport).toBe('browser');
    const r = await api.solvePoint({ model: 'three-cavity', params: { solver: 'classical' } });
    expect(r.scalars['a_to_c.T']).toBeCloseTo(1, 12);
    const err = await api.solvePoint({ model: 'three-cavity', params: { theta: 'pi/' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as ParameterError).param).toBe('theta');
    const finished = new Promise((resolve) => api.on('job.finished', resolve));
    const { job } = await api.startSweep({ model: 'three-cavity', params: {}, axes: [{ key: 'Delta', start: 0, stop: 1, count: 11 }] });
    expect(((await finished) as { id: string }).id).toBe(job.id);
    const res = await api.getJobResult({ jobId: job.id });
    expect(res.data['isolation']).toBeInstanceOf(Float64Array);
    expect(res.data['isolation']!.length).toBe(11);
    ws.close();
  });
});
