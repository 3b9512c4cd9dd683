/**
 * The real `nrlab serve` in a child process, so that a crash of the server shows as the child
 * exiting (an in-process server would take the test runner down with it, or hide the crash).
 * Started on a free port in its own working directory and data folder; the URL it prints gives
 * the port and the token. Raw TCP and WebSocket helpers for talking to it badly.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { decodeMessage, encodeMessage } from '../../src-core/contract/codec';
import type { WireMessage } from '../../src-core/contract/rpc';

export const repoRoot = path.resolve(__dirname, '../..');

/** dist/renderer is built by a full build only (the unit tests' global setup builds the main bundles). */
export function ensureRendererBuilt(): void {
  if (!existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: repoRoot, stdio: 'inherit' });
  }
}

export interface ServeChild {
  child: ChildProcess;
  port: number;
  token: string;
  url: string;
  /** The workspace (the child's working directory) and its data folder. */
  cwd: string;
  dataDir: string;
  /** Everything the child wrote to stderr. */
  stderr(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

export function startServeChild(opts: { args?: string[]; cwd?: string; env?: Record<string, string> } = {}): Promise<ServeChild> {
  const cwd = opts.cwd ?? mkdtempSync(path.join(os.tmpdir(), 'nrlab-serve-ws-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-serve-data-'));
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'nrlab.cjs'), 'serve', '--port', '0', '--workers', '1', ...(opts.args ?? [])], {
    cwd,
    env: { ...process.env, NRLAB_DATA_DIR: dataDir, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    if (!alive()) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`nrlab serve printed no URL within 30 s; stderr: ${err}`));
    }, 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), token: decodeURIComponent(m[2]!), url: m[0], cwd, dataDir, stderr: () => err, alive, stop });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`nrlab serve exited (${code ?? signal}); stderr: ${err}`));
    });
  });
}

/** Write raw bytes to the server; resolves with whatever came back once the server closes (or after `waitMs`). */
export function rawExchange(port: number, chunks: (string | Buffer)[], opts: { waitMs?: number; halfClose?: boolean } = {}): Promise<Buffer> {
  return new Promise((resolve) => {
    const got: Buffer[] = [];
    const sock = net.connect(port, '127.0.0.1');
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(Buffer.concat(got));
    };
    const timer = setTimeout(finish, opts.waitMs ?? 300);
    sock.on('data', (d: Buffer) => got.push(d));
    sock.on('error', finish);
    sock.on('close', finish);
    sock.on('connect', () => {
      for (const c of chunks) sock.write(c);
      if (opts.halfClose) sock.end();
    });
  });
}

/** A plain GET: status and body. */
export function httpGet(port: number, urlPath: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, headers: { host }, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket to /ws with the token (or `token`); resolves once open. */
export function openWs(port: number, token: string | undefined, opts: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`, opts);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** Resolves with the close code and reason of `ws` (or 'timeout'). */
export function closed(ws: WebSocket, ms = 5000): Promise<{ code: number; reason: string } | 'timeout'> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) return resolve({ code: 1006, reason: '' });
    const timer = setTimeout(() => resolve('timeout'), ms);
    ws.once('close', (code: number, reason: Buffer) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString() });
    });
  });
}

/** Send one wire message over `ws` and wait for the reply with its id. */
export function callOver(ws: WebSocket, id: number, method: string, args: unknown, ms = 10_000): Promise<WireMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error(`no reply to ${method} (#${id}) within ${ms} ms`));
    }, ms);
    const onMessage = (d: Buffer): void => {
      const m = decodeMessage(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
      if (m.t === 'reply' && m.id === id) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(m);
      }
    };
    ws.on('message', onMessage);
    ws.send(encodeMessage({ t: 'call', id, method, args }));
  });
}

/** A frame of the codec with `header` as its JSON header (no buffers): lets a test send any header. */
export function frameWithHeader(headerJson: string, meta = '[]'): Buffer {
  const head = Buffer.from(`${meta}\n${headerJson}`);
  const out = Buffer.alloc(Math.ceil((4 + head.length) / 8) * 8);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  return out;
}

/** The raw bytes of a WebSocket upgrade request for /ws (with the token, when given). */
export function upgradeRequest(port: number, token: string | undefined): string {
  return [
    `GET /ws${token === undefined ? '' : `?token=${encodeURIComponent(token)}`} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    '',
    '',
  ].join('\r\n');
}

/** One WebSocket frame, masked (as a client must) unless `mask` is false; `lengthOverride` fakes the length field. */
export function wsFrame(opcode: number, payload: Buffer, opts: { mask?: boolean; fin?: boolean; lengthOverride?: bigint; rsv?: number } = {}): Buffer {
  const mask = opts.mask ?? true;
  const len = opts.lengthOverride ?? BigInt(payload.length);
  const parts: Buffer[] = [];
  const b0 = ((opts.fin ?? true) ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | (opcode & 0x0f);
  if (len < 126n) parts.push(Buffer.from([b0, (mask ? 0x80 : 0) | Number(len)]));
  else if (len < 65536n) {
    const h = Buffer.alloc(4);
    h[0] = b0;
    h[1] = (mask ? 0x80 : 0) | 126;
    h.writeUInt16BE(Number(len), 2);
    parts.push(h);
  } else {
    const h = Buffer.alloc(10);
    h[0] = b0;
    h[1] = (mask ? 0x80 : 0) | 127;
    h.writeBigUInt64BE(len, 2);
    parts.push(h);
  }
  if (mask) {
    const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
    parts.push(key);
    const masked = Buffer.from(payload);
    for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!;
    parts.push(masked);
  } else parts.push(payload);
  return Buffer.concat(parts);
}

/** The status line of an HTTP answer ('' when none came). */
export function statusOf(answer: Buffer): string {
  const s = answer.toString('latin1');
  return s.startsWith('HTTP/1.1 ') ? s.slice(9, s.indexOf('\r\n')) : '';
}

/** The close frame the server sent after a 101 answer: its code and reason (undefined when none). */
export function closeFrameOf(answer: Buffer): { code: number; reason: string } | undefined {
  const end = answer.indexOf('\r\n\r\n');
  if (end < 0 || !answer.toString('latin1', 0, 12).includes('101')) return undefined;
  let off = end + 4;
  while (off + 2 <= answer.length) {
    const opcode = answer[off]! & 0x0f;
    let len = answer[off + 1]! & 0x7f;
    let p = off + 2;
    if (len === 126) {
      len = answer.readUInt16BE(p);
      p += 2;
    } else if (len === 127) {
      len = Number(answer.readBigUInt64BE(p));
      p += 8;
    }
    if (opcode === 0x8) return { code: len >= 2 ? answer.readUInt16BE(p) : 1005, reason: answer.toString('utf8', p + 2, p + len) };
    off = p + len;
  }
  return undefined;
}
