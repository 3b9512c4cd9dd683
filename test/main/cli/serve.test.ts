/**
 * `nrlab serve` flags of issue 13: --root (the workspace root of browser mode) and --open (a
 * launcher file for the browser, so the token is on no command line).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { callOver, ensureRendererBuilt, openWs, repoRoot, startServeChild } from '../../helpers/serve-child';

const bin = path.join(repoRoot, 'bin', 'nrlab.cjs');
const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'nrlab-serve-cli-')));

beforeAll(() => ensureRendererBuilt());

describe('nrlab serve --root', () => {
  it('a missing folder or a file is bad input (exit 2) naming --root', () => {
    const file = path.join(tmp, 'file.txt');
    writeFileSync(file, 'x');
    for (const [dir, why] of [
      [path.join(tmp, 'missing'), /does not exist/],
      [file, /is not a folder/],
    ] as const) {
      const r = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--root', dir], { encoding: 'utf8', env: { ...process.env, NRLAB_DATA_DIR: tmp } });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--root: /);
      expect(r.stderr).toMatch(why);
    }
  });

  it('confines saving over the WebSocket to the root, and tells the client the root', async () => {
    const root = path.join(tmp, 'ws-root');
    mkdirSync(root);
    const s = await startServeChild({ args: ['--root', root] });
    try {
      for (let i = 0; i < 100 && !s.stderr().includes(root); i++) await new Promise((r) => setTimeout(r, 20));
      expect(s.stderr()).toContain(root);
      const ws = await openWs(s.port, s.token);
      const created = await callOver(ws, 1, 'newProject', {});
      const projectId = (created as { value: { id: string } }).value.id;
      const chosen = await callOver(ws, 2, 'chooseFile', { mode: 'save' });
      expect(chosen).toMatchObject({ ok: true, value: { supported: false, root } });
      const outside = await callOver(ws, 3, 'saveProject', { projectId, path: path.join(tmp, 'escaped.nrlab') });
      expect(outside).toMatchObject({ ok: false, error: { param: 'path' } });
      expect(existsSync(path.join(tmp, 'escaped.nrlab'))).toBe(false);
      const inside = await callOver(ws, 4, 'saveProject', { projectId, path: 'kept.nrlab' });
      expect(inside).toMatchObject({ ok: true, value: { path: path.join(root, 'kept.nrlab') } });
      ws.close();
    } finally {
      await s.stop();
    }
  });
});

describe('nrlab serve --open', () => {
  it('starts the browser on a launcher file: the token is on no command line; the file is 0600 and removed on exit', async () => {
    // stand-ins for xdg-open / open that record their arguments and the file's mode
    const fakeBin = path.join(tmp, 'bin');
    mkdirSync(fakeBin);
    const record = path.join(tmp, 'opened.txt');
    for (const name of ['xdg-open', 'open']) {
      writeFileSync(path.join(fakeBin, name), `#!/bin/sh\nprintf '%s\\n' "$*" > "${record}.tmp"\nstat -c %a "$1" >> "${record}.tmp" 2>/dev/null || stat -f %Lp "$1" >> "${record}.tmp"\nmv "${record}.tmp" "${record}"\n`);
      chmodSync(path.join(fakeBin, name), 0o755);
    }
    const s = await startServeChild({ args: ['--open'], env: { PATH: `${fakeBin}${path.delimiter}${process.env.PATH ?? ''}` } });
    let argv = '';
    let file = '';
    try {
      for (let i = 0; i < 200 && !existsSync(record); i++) await new Promise((r) => setTimeout(r, 25));
      const [args, mode] = readFileSync(record, 'utf8').trim().split('\n');
      argv = args!;
      file = argv.trim();
      expect(argv).not.toContain(s.token);
      expect(argv).not.toContain('token=');
      expect(mode).toBe('600');
      expect(readFileSync(file, 'utf8')).toContain(s.url);
    } finally {
      await s.stop();
    }
    expect(file).not.toBe('');
    expect(existsSync(file)).toBe(false);
  });
});
