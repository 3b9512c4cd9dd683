/**
 * Issue 13's crashes of `nrlab serve`, each against the real server in a child process: after the
 * bad request or message the process must still run and still serve.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  callOver,
  closeFrameOf,
  closed,
  ensureRendererBuilt,
  frameWithHeader,
  httpGet,
  openWs,
  rawExchange,
  startServeChild,
  statusOf,
  upgradeRequest,
  wsFrame,
  type ServeChild,
} from '../../helpers/serve-child';

let s: ServeChild;

/** A fresh server when the previous test killed it (so that each test fails on its own). */
async function live(): Promise<ServeChild> {
  if (!s?.alive()) s = await startServeChild();
  return s;
}

/** Give a dying process a moment, then: it runs, and GET / still answers 200. */
async function expectStillServing(): Promise<void> {
  if (s.alive()) await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 300);
    s.child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
  expect(s.alive(), `the server exited; its stderr:\n${s.stderr()}`).toBe(true);
  expect((await httpGet(s.port, '/')).status).toBe(200);
}

beforeAll(() => ensureRendererBuilt());
beforeEach(async () => {
  await live();
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

describe('static requests without the token', () => {
  // '/.%2F' names the renderer's directory itself ('/.' alone is normalised to '/', index.html)
  it.each(['/assets', '/assets/', '/.%2F', '/%2e%2F'])('GET %s (a directory) answers 404 and the server lives', async (p) => {
    const answer = await rawExchange(s.port, [`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nConnection: close\r\n\r\n`], { waitMs: 1000 });
    await expectStillServing();
    expect(statusOf(answer)).toMatch(/^404/);
  });

  it('a request target that is not a URL path answers 400 and the server lives', async () => {
    const answer = await rawExchange(s.port, [`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nConnection: close\r\n\r\n`], { waitMs: 1000 });
    await expectStillServing();
    expect(statusOf(answer)).toMatch(/^400/);
  });

  it('an upgrade request whose target is not a URL path is refused and the server lives', async () => {
    const req = upgradeRequest(s.port, undefined).replace('GET /ws ', 'GET //[ ');
    const answer = await rawExchange(s.port, [req], { waitMs: 1000 });
    await expectStillServing();
    expect(statusOf(answer)).toMatch(/^40[03]/);
  });
});

describe('WebSocket messages with the token', () => {
  it.each([
    ['null', 'null'],
    ['a number', '42'],
    ['an array', '[1,2]'],
    ['a string', '"call"'],
    ['a call without an id', '{"t":"call","method":"getAppInfo"}'],
  ])('a message whose header is %s closes the connection with 1008 and a reason', async (_what, header) => {
    const ws = await openWs(s.port, s.token);
    ws.on('error', () => undefined);
    const done = closed(ws);
    ws.send(frameWithHeader(header));
    const c = await done;
    await expectStillServing();
    expect(c).not.toBe('timeout');
    expect(c).toMatchObject({ code: 1008 });
    expect((c as { reason: string }).reason).toMatch(/call/);
  });

  it('a call with a method that is not a string gets an error reply naming "method"; the connection stays usable', async () => {
    const ws = await openWs(s.port, s.token);
    const bad = await callOver(ws, 1, 7 as unknown as string, null);
    expect(bad).toMatchObject({ t: 'reply', id: 1, ok: false, error: { code: 'bad-input', param: 'method' } });
    const good = await callOver(ws, 2, 'getAppInfo', undefined);
    expect(good).toMatchObject({ t: 'reply', id: 2, ok: true, value: { transport: 'browser' } });
    ws.close();
    await expectStillServing();
  });

  it('a method that cannot be turned into a string ({"toString": 1}) gets an error reply, not an unhandled rejection', async () => {
    const ws = await openWs(s.port, s.token);
    const bad = await callOver(ws, 1, { toString: 1 } as unknown as string, null);
    expect(bad).toMatchObject({ t: 'reply', id: 1, ok: false, error: { code: 'bad-input', param: 'method' } });
    ws.close();
    await expectStillServing();
  });

  it('a frame announcing more than the size limit (16 MiB) closes with 1009 and the server lives', async () => {
    const frame = wsFrame(0x2, Buffer.alloc(0), { lengthOverride: 64n * 1024n * 1024n + 1n });
    const answer = await rawExchange(s.port, [upgradeRequest(s.port, s.token), frame], { waitMs: 1000 });
    await expectStillServing();
    expect(closeFrameOf(answer)).toMatchObject({ code: 1009 });
  });

  it('a frame just over 16 MiB is refused too (1009)', async () => {
    const frame = wsFrame(0x2, Buffer.alloc(0), { lengthOverride: 16n * 1024n * 1024n + 1n });
    const answer = await rawExchange(s.port, [upgradeRequest(s.port, s.token), frame], { waitMs: 1000 });
    await expectStillServing();
    expect(closeFrameOf(answer)).toMatchObject({ code: 1009 });
  });

  it('an unmasked client frame (a protocol error) closes with 1002 and the server lives', async () => {
    const frame = wsFrame(0x2, frameWithHeader('{"t":"call","id":1,"method":"getAppInfo"}'), { mask: false });
    const answer = await rawExchange(s.port, [upgradeRequest(s.port, s.token), frame], { waitMs: 1000 });
    await expectStillServing();
    expect(closeFrameOf(answer)).toMatchObject({ code: 1002 });
  });

  it('a reserved opcode closes with 1002 and the server lives', async () => {
    const answer = await rawExchange(s.port, [upgradeRequest(s.port, s.token), wsFrame(0x3, Buffer.from('x'))], { waitMs: 1000 });
    await expectStillServing();
    expect(closeFrameOf(answer)).toMatchObject({ code: 1002 });
  });
});
