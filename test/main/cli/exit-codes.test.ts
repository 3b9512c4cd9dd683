/**
 * The exit codes are the same for every command (src-main/cli/exit-codes.ts, README "Exit codes"):
 * 0 success, 1 a computation failed, 2 usage or bad input (naming the field), 128 + the signal
 * after a cancelling signal, 141 when stdout's reader went away. Every command of the dispatch
 * table is checked for 2 on an unknown option (and on a missing argument where it needs one); the
 * signal codes of sweep and run are tested under real signals in signals.test.ts (129, 130, 143)
 * and authoring-commands.test.ts (run, 130); here one more per code, and the README's table
 * against the code's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISPATCH, main } from '../../../src-main/cli/nrlab';
import { specOf, type CommandName } from '../../../src-main/cli/commands';
import { EXIT, EXIT_TABLE } from '../../../src-main/cli/exit-codes';

const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'bin/nrlab.cjs');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-exit-data-'));
const env = { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir };

function nrlab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** `main` in this process with its output captured (its result is the code bin/nrlab.cjs exits with). */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = process.stdout.write;
  const err = process.stderr.write;
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((s: string | Uint8Array) => ((stdout += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((stderr += String(s)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

const commands = Object.keys(DISPATCH) as CommandName[];

/** The words that reach a command's own options: a subcommand and a project file where it has them. */
function lead(name: CommandName): string[] {
  const spec = specOf(name);
  const sub = Object.keys(spec.subcommands ?? {})[0];
  return sub ? [name, sub, 'x.nrlab'] : [name];
}

describe('exit codes', () => {
  it('0: success', () => {
    const r = nrlab('solve', 'three-cavity', '--set', 'solver=classical', '--json');
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout).isolation).toBeCloseTo(1, 12);
  });

  it('1: a computation that fails (a lossless mode resonant and decoupled from the ports: S is undefined)', () => {
    const r = nrlab('solve', 'three-cavity', '--set', 'solver=classical', '--set', 'J=0', '--set', 'kappa_b=0', '--set', 'Delta_b=0');
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^nrlab: computation failed: .*singular/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each(commands)('2: "nrlab %s" with an unknown option is bad input naming it', async (name) => {
    const r = await run(...lead(name), '--no-such-option');
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^nrlab: bad input: .*--no-such-option/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  // the commands whose first argument is required (a model, a file, a subcommand, a shell)
  const needing = commands.filter((c) => specOf(c).subcommands || (specOf(c).args?.length && !specOf(c).args![0]!.optional));
  it.each(needing)('2: "nrlab %s" without its argument is bad input saying what it needs', async (name) => {
    expect(needing.length).toBeGreaterThan(10);
    const r = await run(name);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^nrlab: bad input: .*(needs|must be)/);
  });

  it('2: an unknown command; the real binary exits with it', () => {
    const r = nrlab('frobnicate');
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe('nrlab: bad input: unknown command "frobnicate"; run "nrlab --help"\n');
  });

  it('130: SIGINT cancels a sweep, which writes its partial results', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-exit-'));
    const out = path.join(dir, 'map.json');
    const child = spawn(process.execPath, [bin, 'sweep', 'three-cavity', '--set', 'solver=classical', '--axis', 'Delta=-2:2:1000', '--axis', 'kappa_b=0:3:1500', '--workers', '2', '--out', out, '--progress'], { env });
    let stderr = '';
    const started = new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/\[[#.]+\]\s+\d+\.\d% [1-9]\d*\//.test(stderr)) resolve();
      }),
    );
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await started;
    child.kill('SIGINT');
    expect(await exit).toBe(EXIT.sigint);
    expect(JSON.parse(readFileSync(out, 'utf8')).status).toBe('cancelled');
  }, 120_000);

  it('141: the reader of stdout is gone before the output is written: ends quietly', async () => {
    const child = spawn(process.execPath, [bin, 'completion', 'bash'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(EXIT.sigpipe);
    expect(stderr).toBe('');
  });

  it('the README documents exactly the codes of the table, and the signal codes are 128 + the signal number', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Exit codes'));
    const rows = [...section.slice(0, section.indexOf('\n\n', section.indexOf('|'))).matchAll(/^\| (\d+) +\|/gm)].map((m) => Number(m[1]));
    expect(rows).toEqual(EXIT_TABLE.map((e) => e.code));
    expect(new Set(rows)).toEqual(new Set(Object.values(EXIT)));
    const signal = { SIGHUP: 1, SIGINT: 2, SIGPIPE: 13, SIGTERM: 15 } as const;
    for (const [name, n] of Object.entries(signal)) expect(os.constants.signals[name as keyof typeof signal]).toBe(n);
    expect([EXIT.sighup, EXIT.sigint, EXIT.sigpipe, EXIT.sigterm]).toEqual([128 + 1, 128 + 2, 128 + 13, 128 + 15]);
  });
});
