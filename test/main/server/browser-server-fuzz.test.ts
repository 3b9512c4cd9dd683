/**
 * Fuzzing `nrlab serve` (the real server, in a child process, so a crash is the child exiting):
 * over a thousand random and malformed HTTP requests and WebSocket messages, with and without
 * the token; afterwards the process still runs, GET / answers 200 and a call still answers.
 *
 * Seeded: NRLAB_FUZZ_SEED=<n> replays a run (the seed is in every failure message).
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../../src-core/contract/api';
import { callOver, closed, ensureRendererBuilt, frameWithHeader, httpGet, openWs, rawExchange, startServeChild, upgradeRequest, wsFrame, type ServeChild } from '../../helpers/serve-child';
import { prng } from '../../helpers/prng';

const SEED = Number(process.env.NRLAB_FUZZ_SEED ?? 20261206);

const rnd = prng(SEED);
const int = (n: number): number => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));

async function inBatches<T>(items: T[], width: number, run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(run));
}

let s: ServeChild;

beforeAll(async () => {
  ensureRendererBuilt();
  s = await startServeChild();
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

function expectAlive(what: string): void {
  expect(s.alive(), `seed ${SEED}: the server exited after ${what}; stderr:\n${s.stderr()}`).toBe(true);
}

// ------------------------------------------------------------------ HTTP

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'PROPFIND', 'G\u00e9T', 'GET GET', '', 'get', 'X'.repeat(300)];
const PATHS = [
  '/', '/index.html', '/assets', '/assets/', '/.', '/..', '/.%2F', '/%2e%2e/', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/../../etc/passwd', '/%00', '/index.html%00.js',
  '/%', '/%zz', '/%E0%A4%A', '/%C0%AE%C0%AE/', '/ws', '/ws?token=', '/ws?token=%', '//', '//[', '*', 'http://evil/', 'http://127.0.0.1/index.html', '/?token=x',
  '/assets/../index.html', '/assets/%2e%2e/index.html', '/nope', '/\\..\\..\\', '/a'.repeat(2000), `/${'%41'.repeat(3000)}`, '/favicon.ico', '/index.html/', '/index.html/.',
];

function randomPath(): string {
  if (rnd() < 0.7) return pick(PATHS);
  const chars = 'abc./%0129AF\\?#&=~:@!$\'()*+,;[]{}|^` \t\u00e9';
  return `/${Array.from({ length: int(40) }, () => chars[int(chars.length)]).join('')}`;
}

function randomHost(port: number): string | undefined {
  return pick([`127.0.0.1:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, '', `127.0.0.1:${port}\u0000`, undefined, 'x'.repeat(500)]);
}

/** One raw HTTP exchange: mostly plausible requests with one thing wrong, some pure garbage. */
function randomHttp(port: number): { chunks: (string | Buffer)[]; halfClose: boolean } {
  const kind = rnd();
  if (kind < 0.1) return { chunks: [bytes(1 + int(2000))], halfClose: rnd() < 0.5 };
  if (kind < 0.15) return { chunks: [`${pick(METHODS)} ${randomPath()}\r\n\r\n`], halfClose: rnd() < 0.5 };
  // mostly one thing wrong at a time: a GET with this server's Host reaches the file lookup
  const host = rnd() < 0.6 ? `127.0.0.1:${port}` : randomHost(port);
  const method = rnd() < 0.6 ? 'GET' : pick(METHODS);
  const version = rnd() < 0.7 ? 'HTTP/1.1' : pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'FOO', '']);
  const lines = [`${method} ${randomPath()} ${version}`];
  if (host !== undefined) lines.push(`Host: ${host}`);
  const extras = [
    'Connection: close', 'Connection: close', 'Connection: keep-alive', `X-Big: ${'a'.repeat(20_000 + int(60_000))}`, 'Content-Length: 5', 'Content-Length: -1', 'Content-Length: 99999999999',
    'Transfer-Encoding: chunked', 'Transfer-Encoding: gzip, chunked', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: x',
    'Origin: http://evil.example', 'Range: bytes=0-1', 'Range: bytes=9999999-', 'Expect: 100-continue', 'Bad Header: x', ': empty', 'X-Null: a\u0000b', 'Host: second.example',
  ];
  for (let i = int(4); i > 0; i--) lines.push(pick(extras));
  const head = `${lines.join('\r\n')}\r\n\r\n`;
  const body = rnd() < 0.3 ? [bytes(int(300))] : [];
  // pipelined: the same request again, or a second one
  const pipelined = rnd() < 0.2 ? [`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`] : [];
  // split at a random byte: the parser sees the request in pieces
  const whole = Buffer.concat([Buffer.from(head, 'latin1'), ...body, ...pipelined.map((p) => Buffer.from(p))]);
  const cut = int(whole.length);
  return { chunks: rnd() < 0.3 ? [whole.subarray(0, cut), whole.subarray(cut)] : [whole], halfClose: rnd() < 0.3 };
}

// ------------------------------------------------------------------ WebSocket

const HUGE = 'x'.repeat(1 << 20);

/** Hostile values for any argument: wrong types, empty, huge, prototype keys, deep nesting. */
function hostileValue(depth = 0): unknown {
  const deep = (n: number): unknown => {
    let v: unknown = 0;
    for (let i = 0; i < n; i++) v = [v];
    return v;
  };
  const options: (() => unknown)[] = [
    () => null,
    () => ({}),
    () => [],
    () => '',
    () => HUGE,
    () => pick([0, -1, 1e300, -1e300, 2 ** 53, 1.5, 1e-320]),
    () => true,
    () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown,
    () => ({ toString: 1, valueOf: 1 }),
    () => deep(pick([10, 300])),
    () => 'three-cavity',
    () => '../../../../etc/passwd',
    () => 'x.nrlab\u0000.txt',
    () => ({ model: 'three-cavity', params: { Omega: {} } }),
  ];
  if (depth < 2) {
    options.push(() => {
      const o: Record<string, unknown> = {};
      for (const k of ['projectId', 'studyId', 'figureId', 'jobId', 'path', 'doc', 'label', 'model', 'params', 'axes', 'format', 'options', 'example', 'id', 'resume', 'discard', 'mode', 'kind', '__proto__']) {
        if (rnd() < 0.4) Object.defineProperty(o, k, { value: hostileValue(depth + 1), enumerable: true });
      }
      return o;
    });
  }
  return pick(options)();
}

/** A malformed message: not a frame, a text frame, a header that is not a call, a bad buffer list. */
function malformedWsPayload(projectId: string): { payload: Buffer; binary: boolean } {
  const r = rnd();
  if (r < 0.15) return { payload: bytes(int(200)), binary: true };
  if (r < 0.25) return { payload: Buffer.from(pick(['hello', '{"t":"call","id":1,"method":"getAppInfo"}', '\u00e9'])), binary: false };
  if (r < 0.35) {
    // a header length beyond the frame
    const b = bytes(8 + int(16));
    b.writeUInt32LE(0xfffffff0 - int(1000), 0);
    return { payload: b, binary: true };
  }
  const header = pick([
    'null', '0', '[]', '[1,2,3]', '"call"', 'true', '{}', '{"t":"call"}', '{"t":"call","id":"1","method":"getAppInfo"}', '{"t":"call","id":-1,"method":"getAppInfo"}',
    '{"t":"call","id":1.5,"method":"getAppInfo"}', '{"t":"reply","id":1,"ok":true}', '{"t":"event","name":"job.progress"}', '{"t":"call","id":1,"method":null}', '{"t":"call","id":1,"method":"__proto__"}',
    '{"t":"call","id":1,"method":"constructor"}', '{"t":"call","id":1,"method":"getAppInfo","args":{"$ta":"f64","i":0}}', '{"t":"call","id":1,"method":"getAppInfo","args":{"$ta":"f64","i":"__proto__"}}', '{', '',
    // nesting deeper than a recursive reviver or validator can follow
    `{"t":"call","id":1,"method":"${pick(CALL_NAMES)}","args":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
    `{"t":"call","id":1,"method":"editProject","args":{"projectId":"${projectId}","label":"x","doc":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`,
  ]);
  const meta = pick(['[]', '[]', '[8]', '[-8]', '[1e300]', '{}', 'null', '[3]', '["8"]', 'x']);
  return { payload: frameWithHeader(header, meta), binary: true };
}

interface Ids {
  projectId: string;
  studyId: string;
  figureId: string;
  doc: unknown;
}

const sweepReq = (): Record<string, unknown> => ({ model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 5 }] });

/** Valid arguments of each call (on the real open project), the starting point of a mutation. */
function template(method: string, ids: Ids): unknown {
  const { projectId, studyId, figureId } = ids;
  const t: Record<string, () => unknown> = {
    solvePoint: () => ({ model: 'three-cavity', params: { solver: 'classical', Delta: 0.5 } }),
    startSweep: sweepReq,
    estimateSweep: sweepReq,
    cancelJob: () => ({ jobId: 'job-1' }),
    resumeJob: () => ({ jobId: 'job-1' }),
    getJobResult: () => ({ jobId: 'job-1' }),
    optimize: () => ({ model: 'three-cavity', params: { solver: 'classical' }, vary: [{ key: 'Delta', lo: -1, hi: 1 }], objective: { quantity: 'isolation', goal: 'maximize' } }),
    newProject: () => ({ example: 'loss-induced-nonreciprocity' }),
    openProject: () => ({ path: 'missing.nrlab' }),
    getProject: () => ({ projectId }),
    saveProject: () => ({ projectId, path: 'fuzz.nrlab' }),
    editProject: () => ({ projectId, doc: JSON.parse(JSON.stringify(ids.doc)) as unknown, label: 'fuzz' }),
    undo: () => ({ projectId }),
    redo: () => ({ projectId }),
    closeProject: () => ({ projectId: 'not-this-one', discard: true }),
    runStudy: () => ({ projectId, studyId: 'no-such-study' }),
    studyResult: () => ({ projectId, studyId }),
    recoverProject: () => ({ id: 'no-such-recovery' }),
    discardRecovery: () => ({ id: 'no-such-recovery' }),
    chooseFile: () => ({ mode: 'save', title: 'x' }),
    previewFigure: () => ({ projectId, figureId, options: { preset: 'aps-single' } }),
    exportFile: () => ({ projectId, figureId, format: 'svg' }),
  };
  return Object.hasOwn(t, method) ? t[method]!() : undefined;
}

/** Every object inside `v` with the key path to it (for picking a place to mutate). */
function objectsIn(v: unknown, out: Record<string, unknown>[] = [], depth = 0): Record<string, unknown>[] {
  if (typeof v !== 'object' || v === null || depth > 6) return out;
  out.push(v as Record<string, unknown>);
  for (const x of Object.values(v)) objectsIn(x, out, depth + 1);
  return out;
}

/** A call to any call name: its valid arguments with one to three fields replaced, removed or added hostile. */
function hostileCall(ids: Ids): { method: string; args: unknown } {
  const method = rnd() < 0.97 ? pick(CALL_NAMES) : pick(['nope', 'hasOwnProperty', 'toString', '']);
  const args = template(method, ids);
  if (args === undefined || rnd() < 0.1) return { method, args: hostileValue() };
  const places = objectsIn(args);
  for (let n = 1 + int(3); n > 0; n--) {
    const o = pick(places);
    const keys = Object.keys(o);
    const r = rnd();
    const key = r < 0.7 && keys.length ? pick(keys) : pick(['__proto__', 'constructor', 'extra', 'toString']);
    if (r < 0.1) delete o[key];
    // defineProperty: a literal own "__proto__" key, as JSON.parse makes it on the server
    else Object.defineProperty(o, key, { value: hostileValue(), enumerable: true, writable: true, configurable: true });
  }
  return { method, args };
}

/** Raw-socket WebSocket abuse: bad frames after a valid (or tokenless) upgrade. */
function randomRawWs(port: number, token: string): (string | Buffer)[] {
  const up = upgradeRequest(port, rnd() < 0.8 ? token : pick([undefined, 'wrong', '', token.slice(1)]));
  const frames: Buffer[] = [];
  for (let i = 1 + int(3); i > 0; i--) {
    const r = rnd();
    if (r < 0.2) frames.push(wsFrame(0x2, frameWithHeader('{"t":"call","id":1,"method":"getAppInfo"}'), { mask: false }));
    else if (r < 0.35) frames.push(wsFrame(pick([0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf]), bytes(int(20))));
    else if (r < 0.5) frames.push(wsFrame(0x2, Buffer.alloc(0), { lengthOverride: pick([16n * 1024n * 1024n + 1n, 64n * 1024n * 1024n + 1n, 2n ** 62n, 2n ** 63n + 5n]) }));
    else if (r < 0.6) frames.push(wsFrame(0x2, bytes(int(50)), { rsv: 1 + int(7) }));
    else if (r < 0.7) frames.push(wsFrame(0x1, Buffer.from([0xff, 0xfe, 0xc3])));
    else if (r < 0.78) frames.push(wsFrame(0x9, bytes(200))); // a control frame over 125 bytes
    else if (r < 0.85) frames.push(wsFrame(0x2, frameWithHeader('null'), { fin: false }), wsFrame(0x2, bytes(10)));
    else if (r < 0.92) frames.push(wsFrame(0x8, Buffer.from([0x03, 0xe7]))); // close with code 999
    else frames.push(bytes(1 + int(64)));
  }
  return [up, ...frames];
}

describe(`nrlab serve under fuzzing (seed ${SEED})`, () => {
  it('survives 700 random and malformed HTTP requests, answering each with a status or a close', async () => {
    const cases = Array.from({ length: 700 }, () => randomHttp(s.port));
    let answered = 0;
    await inBatches(cases, 24, async (c) => {
      const out = await rawExchange(s.port, c.chunks, { waitMs: 250, halfClose: c.halfClose });
      const status = out.toString('latin1', 0, 12);
      if (/^HTTP\/1\.1 [1-5]\d\d/.test(status)) answered++;
      else expect(out.length, `seed ${SEED}: not an HTTP answer: ${JSON.stringify(out.toString('latin1', 0, 80))}`).toBe(0);
    });
    expectAlive('the HTTP requests');
    expect(answered).toBeGreaterThan(350);
  }, 60_000);

  it('survives 250 raw WebSocket abuses (bad frames, opcodes, lengths over the limit, no token)', async () => {
    const cases = Array.from({ length: 250 }, () => randomRawWs(s.port, s.token));
    await inBatches(cases, 16, (c) => rawExchange(s.port, c, { waitMs: 250 }));
    expectAlive('the raw WebSocket frames');
  }, 60_000);

  it('closes the connection with a reason (or answers) for 150 malformed messages with the token', async () => {
    const setup = await openWs(s.port, s.token);
    const created = await callOver(setup, 1, 'newProject', { example: 'loss-induced-nonreciprocity' });
    setup.close();
    const projectId = created.t === 'reply' && created.ok ? (created.value as { id: string }).id : 'none';
    const cases = Array.from({ length: 150 }, () => malformedWsPayload(projectId));
    await inBatches(cases, 10, async ({ payload, binary }) => {
      const ws = await openWs(s.port, s.token);
      ws.on('error', () => undefined);
      const end = closed(ws, 10_000);
      const reply = new Promise<'reply'>((resolve) => ws.once('message', () => resolve('reply')));
      ws.send(payload, { binary });
      const outcome = await Promise.race([end, reply]);
      ws.terminate();
      if (outcome === 'reply') return;
      expect(outcome, `seed ${SEED}: ${JSON.stringify(payload.toString('latin1', 0, 60))}`).not.toBe('timeout');
      expect([1002, 1003, 1007, 1008, 1009]).toContain((outcome as { code: number }).code);
      expect((outcome as { reason: string }).reason).not.toBe('');
    });
    expectAlive('the malformed messages');
  }, 60_000);

  it('answers 300 calls with hostile arguments (every call name) with a result or an error reply', async () => {
    const setup = await openWs(s.port, s.token);
    const created = await callOver(setup, 1, 'newProject', { example: 'loss-induced-nonreciprocity' });
    setup.close();
    expect(created).toMatchObject({ ok: true });
    const snap = (created as { value: { id: string; doc: { studies: { id: string }[]; figures: { id: string }[] } } }).value;
    const ids: Ids = { projectId: snap.id, studyId: snap.doc.studies[0]!.id, figureId: snap.doc.figures[0]!.id, doc: snap.doc };
    const internal: string[] = [];
    for (let round = 0; round < 10; round++) {
      const ws = await openWs(s.port, s.token);
      ws.setMaxListeners(64);
      const calls = Array.from({ length: 30 }, (_, i) => ({ id: round * 100 + i, ...hostileCall(ids) }));
      const replies = await Promise.all(calls.map((c) => callOver(ws, c.id, c.method, c.args, 30_000)));
      replies.forEach((r, i) => {
        expect(r.t, `seed ${SEED}: ${calls[i]!.method}`).toBe('reply');
        if (r.t === 'reply' && !r.ok && r.error.code === 'internal') internal.push(`${calls[i]!.method}: ${r.error.message}`);
      });
      ws.close();
      expectAlive(`hostile calls, round ${round}`);
    }
    // hostile input is bad input, named as such: never an internal error (a TypeError from inside a handler)
    expect([...new Set(internal)].map((m) => m.slice(0, 300)), `seed ${SEED}`).toEqual([]);
  }, 60_000);

  it('afterwards: still running, GET / is 200, and getAppInfo answers over a new socket', async () => {
    expectAlive('the fuzzing');
    const page = await httpGet(s.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="app"');
    const ws: WebSocket = await openWs(s.port, s.token);
    const info = await callOver(ws, 7, 'getAppInfo', undefined);
    expect(info).toMatchObject({ t: 'reply', id: 7, ok: true, value: { name: 'NR Lab', transport: 'browser' } });
    ws.close();
  });
});
