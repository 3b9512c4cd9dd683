/**
 * Browser mode: the same renderer and the same services over a local WebSocket. Bound to
 * 127.0.0.1 only; every WebSocket needs the random per-launch token (constant-time compared), a
 * Host header naming this server (against DNS rebinding) and, when present, a same-origin Origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeMessage, encodeMessage } from '../../src-core/contract/codec.js';
import { serveTransport, type WireMessage, type WireTransport } from '../../src-core/contract/rpc.js';
import type { Backend } from '../services/backend.js';

export interface BrowserServerOptions {
  backend: Backend;
  /** Directory of the built renderer (index.html and assets). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); default: 24 random bytes, base64url. */
  token?: string;
}

export interface BrowserServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function allowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `${HOST}:${port}` || hostHeader === `localhost:${port}`;
}

function wsTransport(ws: WebSocket): WireTransport {
  return {
    send(msg: WireMessage) {
      if (ws.readyState === ws.OPEN) ws.send(encodeMessage(msg));
    },
    onMessage(cb) {
      const h = (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void => {
        if (!isBinary) return ws.close(1003, 'binary frames only');
        const buf = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer);
        let msg: WireMessage;
        try {
          msg = decodeMessage(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
        } catch {
          return ws.close(1007, 'malformed frame');
        }
        cb(msg);
      };
      ws.on('message', h);
      return () => ws.off('message', h);
    },
    onClose(cb) {
      ws.on('close', cb);
    },
  };
}

export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = path.resolve(opts.staticDir);
  await fs.access(path.join(root, 'index.html')).catch(() => {
    throw new Error(`the renderer is not built (no ${path.join(root, 'index.html')}); run "npm run build"`);
  });
  const dispatcher = opts.backend.dispatcher('browser');
  let port = 0;

  const server = http.createServer((req, res) => {
    if (!allowedHost(req.headers.host, port)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(root, `.${rel}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    fs.stat(file).then(
      (st) => {
        if (!st.isFile()) throw new Error('not a file');
        res.writeHead(200, {
          'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'content-length': st.size,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        });
        if (req.method === 'HEAD') res.end();
        else createReadStream(file).pipe(res);
      },
      () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
    );
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const origin = req.headers.origin;
    const originOk = origin === undefined || origin === `http://${HOST}:${port}` || origin === `http://localhost:${port}`;
    if (url.pathname !== '/ws' || !allowedHost(req.headers.host, port) || !originOk || !sameToken(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      serveTransport(dispatcher, opts.backend.bus, wsTransport(ws));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${port}/?token=${encodeURIComponent(token)}`;
  return {
    url,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
