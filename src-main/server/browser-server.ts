/**
 * Browser mode: the same renderer and the same services over a local WebSocket. Bound to
 * 127.0.0.1 only; every WebSocket needs the random per-launch token (constant-time compared), a
 * Host header naming this server (against DNS rebinding) and, when present, a same-origin Origin.
 * Nothing a client sends ends the process: every request is answered (4xx for anything but a file
 * of the renderer) or its connection closed, every socket has an error listener, and a WebSocket
 * message that is too large, malformed or not a call closes the connection with a code and reason.
 * What the API may do to files over this transport is limited by Backend (see workspace.ts).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream';
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
/**
 * The largest WebSocket message a client may send (16 MiB). The renderer's largest calls are
 * project edits (the document without its result arrays: kilobytes); big data only flows from
 * the server. A frame announcing more is refused before it is read: closed with 1009.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

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
    close(code, reason) {
      ws.close(code, reason);
    },
  };
}

/** The request target as a URL (path and query); undefined when it is not a path ("*", "//[", absolute forms). */
function requestPath(raw: string | undefined): URL | undefined {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//')) return undefined;
  try {
    return new URL(raw, `http://${HOST}`);
  } catch {
    return undefined;
  }
}

const SECURITY_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

function answer(res: http.ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...SECURITY_HEADERS, ...extra }).end(text);
}

/**
 * One static request: a file of the renderer's directory, or 4xx. Answers every failure itself
 * (the returned promise does not reject): a request must never end the process.
 */
async function serveStatic(root: string, port: number, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  res.on('error', () => res.destroy());
  if (!allowedHost(req.headers.host, port)) return answer(res, 403, 'forbidden host');
  if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
  const url = requestPath(req.url);
  if (!url) return answer(res, 400, 'bad request target');
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return answer(res, 400, 'bad percent-encoding');
  }
  if (rel.includes('\0')) return answer(res, 400, 'NUL in path');
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(root + path.sep)) return answer(res, 404, 'not found');
  let size: number;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return answer(res, 404, 'not found');
    size = st.size;
  } catch {
    return answer(res, 404, 'not found');
  }
  if (req.method === 'HEAD') {
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': size, ...SECURITY_HEADERS }).end();
    return;
  }
  const stream = createReadStream(file);
  // open before answering: a file removed since the stat is still a clean 404
  const opened = await new Promise<boolean>((resolve) => {
    stream.once('open', () => resolve(true));
    stream.once('error', () => resolve(false));
  });
  if (!opened) {
    stream.destroy();
    return answer(res, 404, 'not found');
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': size, ...SECURITY_HEADERS });
  // a read error or a client gone mid-file ends both streams (the client sees a short body)
  pipeline(stream, res, () => undefined);
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
    serveStatic(root, port, req, res).catch(() => {
      // never reached (serveStatic answers every failure itself); a last guard against a crash
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  // malformed HTTP (bad request line, header overflow, a reset mid-request): answer and drop it
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
    setTimeout(() => socket.destroy(), 1000).unref();
  });
  server.on('error', (e) => process.stderr.write(`nrlab serve: server error: ${e.message}\n`));

  // no compression: a small compressed frame must not inflate past the limit in memory
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  wss.on('error', () => undefined); // only re-emitted server errors (none with noServer); never fatal
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
      setTimeout(() => socket.destroy(), 1000).unref();
    };
    const target = requestPath(req.url);
    if (target === undefined) return refuse('400 Bad Request');
    const origin = req.headers.origin;
    const originOk = origin === undefined || origin === `http://${HOST}:${port}` || origin === `http://localhost:${port}`;
    if (target.pathname !== '/ws' || !allowedHost(req.headers.host, port) || !originOk || !sameToken(target.searchParams.get('token'), token)) {
      return refuse('403 Forbidden');
    }
    try {
      wss.handleUpgrade(req, socket, head, (ws) => {
        // protocol errors (unmasked or oversized frames, bad opcodes, invalid UTF-8): ws closes the
        // connection with the matching code (1002, 1009, 1007); without a listener they would be fatal
        ws.on('error', () => undefined);
        serveTransport(dispatcher, opts.backend.bus, wsTransport(ws));
      });
    } catch {
      socket.destroy();
    }
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
