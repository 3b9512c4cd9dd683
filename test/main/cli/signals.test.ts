/**
 * The CLI under signals and broken outputs, as a batch system sees it: SIGTERM (SLURM's time
 * limit), SIGHUP (a closed terminal) and SIGINT cancel `sweep` and `run`, write the partial
 * results (resumable) and exit 128 + the signal number; a second signal while writing waits for the
 * file; an unwritable --out is refused before computing; a closed stdout pipe ends quietly.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toErrorPayload } from '../../../src-core/errors';

const bin = path.resolve(__dirname, '../../../bin/nrlab.cjs');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-sig-data-'));
const env = { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir };

function nrlab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function start(args: string[]): { child: ChildProcessWithoutNullStreams; stderr: () => string; waitFor: (re: RegExp) => Promise<void>; exit: Promise<{ code: number | null; signal: string | null }> } {
  const child = spawn(process.execPath, [bin, ...args], { env });
  let err = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of [...waiters]) {
      if (w.re.test(err)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  child.stdout.resume();
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stderr: () => err,
    waitFor: (re) => (re.test(err) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ re, resolve }))),
    exit,
  };
}

// a classical map big enough to be interrupted after its progress has started (it completes in seconds)
const BIG = ['--set', 'solver=classical', '--axis', 'Delta=-2:2:1000', '--axis', 'kappa_b=0:3:1500', '--workers', '2'];
const progressStarted = /\[[#.]+\]\s+\d+\.\d% [1-9]\d*\//;

describe('nrlab sweep under signals', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('%s cancels, writes the partial results (resumable) and exits %i', async (signal, exitCode) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-sig-'));
    const out = path.join(dir, 'map.json');
    const p = start(['sweep', 'three-cavity', ...BIG, '--out', out, '--progress']);
    await p.waitFor(progressStarted);
    p.child.kill(signal);
    const { code } = await p.exit;
    expect(code).toBe(exitCode);
    expect(p.stderr()).toMatch(new RegExp(`${signal}`));
    const partial = JSON.parse(readFileSync(out, 'utf8'));
    expect(partial.status).toBe('cancelled');
    const missing = partial.data.isolation.filter((v: number | null) => v === null).length;
    expect(missing).toBeGreaterThan(0);
    if (signal !== 'SIGTERM') return;
    // resumable: --resume completes it
    const resumed = path.join(dir, 'resumed.json');
    const r = nrlab('sweep', 'three-cavity', ...BIG, '--resume', out, '--out', resumed);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(resumed, 'utf8'));
    expect(doc.status).toBe('succeeded');
    expect(doc.data.isolation.filter((v: number | null) => v === null).length).toBe(0);
  }, 120_000);

  it('a second signal while the partial results are written does not tear or lose the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-sig2-'));
    const out = path.join(dir, 'map.json');
    const p = start(['sweep', 'three-cavity', ...BIG, '--out', out, '--progress']);
    await p.waitFor(progressStarted);
    p.child.kill('SIGTERM');
    await p.waitFor(/SIGTERM/);
    p.child.kill('SIGTERM');
    p.child.kill('SIGINT');
    const { code, signal } = await p.exit;
    expect(signal).toBeNull();
    expect(code).toBe(143);
    expect(JSON.parse(readFileSync(out, 'utf8')).status).toBe('cancelled');
  }, 120_000);
});

describe('nrlab run under SIGTERM', () => {
  it('stores the results so far and exits 143, naming --resume', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-sigrun-'));
    const f = path.join(dir, 'p.nrlab');
    expect(nrlab('new', '--example', 'loss-induced-nonreciprocity', '--out', f).code).toBe(0);
    const p = start(['run', f, '--progress', '--workers', '2']);
    await p.waitFor(progressStarted);
    p.child.kill('SIGTERM');
    const { code } = await p.exit;
    expect(code).toBe(143);
    expect(p.stderr()).toMatch(/--resume/);
    const info = JSON.parse(nrlab('info', f, '--json').stdout) as { studies: { result: { status: string } | null }[] };
    expect(info.studies.some((s) => s.result?.status === 'cancelled')).toBe(true);
  }, 120_000);
});

describe('nrlab --out is checked before computing', () => {
  it.each([
    [['sweep', 'three-cavity', '--set', 'solver=classical', '--axis', 'Delta=-1:1:3'], 'its directory does not exist'],
    [['merge', 'whatever.json'], 'its directory does not exist'],
  ])('%j --out /missing/dir/x.json exits 2 naming --out and why', (args, why) => {
    const missing = path.join(mkdtempSync(path.join(os.tmpdir(), 'nrlab-out-')), 'missing', 'dir', 'x.json');
    const r = nrlab(...(args as string[]), '--out', missing);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out');
    expect(r.stderr).toContain(why);
    expect(r.stderr).not.toMatch(/undefined/);
    expect(existsSync(missing)).toBe(false);
  });

  it('an --out that is a directory is refused before the sweep runs', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-out-'));
    const r = nrlab('sweep', 'three-cavity', '--set', 'solver=classical', '--axis', 'Delta=-1:1:3', '--out', dir, '--progress');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out: .*is a directory/);
    // nothing was computed: no progress line
    expect(r.stderr).not.toMatch(/%/);
  });

  it('a Node error keeps its message in the top-level printer', () => {
    // Node's errors carry a string `code` too; they are not error payloads whose fields can be spread
    const e = Object.assign(new Error("ENOENT: no such file or directory, open '/x'"), { code: 'ENOENT' });
    const p = toErrorPayload(e);
    expect(p.message).toBe("ENOENT: no such file or directory, open '/x'");
    expect(p.code).toBe('internal');
  });
});

describe('nrlab output into a closed pipe', () => {
  it('exits quietly on EPIPE (status 0 or 141, nothing on stderr)', async () => {
    const child = spawn(process.execPath, [bin, 'sweep', 'three-cavity', '--set', 'solver=classical', '--axis', 'Delta=-1:1:200000', '--workers', '1'], { env });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect([0, 141]).toContain(code);
    expect(err).toBe('');
  }, 60_000);
});
