/**
 * `--help` for every command of the dispatch table (enumerated from the code, so a command added
 * without its table entry or help fails here), with and without other (missing or wrong)
 * arguments, as `-h`, and as `nrlab help <command>`; the overview lists every command; the help,
 * the parser and the synopses come from one table per command and do not drift apart.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISPATCH, main } from '../../../src-main/cli/nrlab';
import { COMMANDS, specOf, type CommandName } from '../../../src-main/cli/commands';
import { parse } from '../../../src-main/cli/args';
import { flagsIn, optionLabel, parserOptions, type CommandSpec } from '../../../src-main/cli/spec';

const bin = path.resolve(__dirname, '../../../bin/nrlab.cjs');

function nrlab(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `main` in this process, its output captured (the exit code is the one bin/nrlab.cjs exits with). */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = process.stdout.write;
  const err = process.stderr.write;
  let stdout = '';
  let stderr = '';
  const capture = (append: (s: string) => void) =>
    ((s: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof s === 'string' ? s : Buffer.from(s).toString('utf8'));
      const cb = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture((s) => (stdout += s));
  process.stderr.write = capture((s) => (stderr += s));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

const commands = Object.keys(DISPATCH) as CommandName[];
/** Every command, and every subcommand as [command, sub]. */
const paths: [CommandName, string | undefined, CommandSpec][] = commands.flatMap((c) => [
  [c, undefined, specOf(c)] as [CommandName, undefined, CommandSpec],
  ...Object.entries(specOf(c).subcommands ?? {}).map(([sub, s]) => [c, sub, s] as [CommandName, string, CommandSpec]),
]);

/** The help of a command holds its synopsis, summary, every argument and every option of its table. */
function expectHelpOf(text: string, name: string, sub: string | undefined, spec: CommandSpec): void {
  expect(text.startsWith(`Usage:\n  nrlab ${name}${sub ? ` ${sub}` : ''}`), text.slice(0, 80)).toBe(true);
  expect(text).toContain(spec.summary);
  for (const a of spec.args ?? []) expect(text).toContain(a.name);
  for (const [opt, o] of Object.entries(spec.options)) expect(text, `--${opt}`).toContain(optionLabel(opt, o));
  for (const s of Object.keys(spec.subcommands ?? {})) expect(text).toMatch(new RegExp(`^  ${s} `, 'm'));
  expect(text).toContain('-h, --help');
  expect(text).toMatch(/Exit codes: 0 success, 1 computation failed, 2 usage or bad input/);
}

describe('nrlab <command> --help', () => {
  it('the dispatch table and the command table name the same commands', () => {
    expect(commands.sort()).toEqual(Object.keys(COMMANDS).sort());
    expect(commands.length).toBeGreaterThanOrEqual(20);
  });

  it.each(paths.map(([c, sub, spec]) => [sub ? `${c} ${sub}` : c, c, sub, spec] as const))('%s: --help, -h and "nrlab help" print its usage on stdout and exit 0, whatever else is on the line', async (_label, name, sub, spec) => {
    const words = sub ? [name, sub] : [name];
    for (const args of [
      [...words, '--help'],
      [...words, '-h'],
      // wrong or missing arguments do not stop the help
      [...words, '--no-such-option', 'extra', '--help'],
      [...words, '-h', '--set'],
      ['help', ...words],
    ]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr, args.join(' ')).toBe('');
      expectHelpOf(r.stdout, name, sub, spec);
    }
  });

  it('the real binary: "nrlab sweep --help" (once exit 2) and "nrlab add study -h" exit 0 with the usage', () => {
    const sweep = nrlab('sweep', '--help');
    expect(sweep.code).toBe(0);
    expect(sweep.stderr).toBe('');
    expectHelpOf(sweep.stdout, 'sweep', undefined, specOf('sweep'));
    const study = nrlab('add', 'study', 'no-such.nrlab', '--kind', 'nonsense', '-h');
    expect(study.code).toBe(0);
    expectHelpOf(study.stdout, 'add', 'study', COMMANDS.add.subcommands.study);
  });

  it('nrlab --help (and -h, help, no command) lists every command with its synopsis and one-line summary, and the exit codes', async () => {
    const texts = await Promise.all([run('--help'), run('-h'), run('help'), run()]);
    for (const r of texts) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(texts[0]!.stdout);
    }
    const text = texts[0]!.stdout;
    for (const c of commands) {
      expect(text).toMatch(new RegExp(`^  nrlab ${c}( |$)`, 'm'));
      expect(text).toContain(specOf(c).summary);
    }
    for (const code of [0, 1, 2, 129, 130, 141, 143]) expect(text).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
  });

  it('an unknown command for "nrlab help" is bad input naming the commands', async () => {
    const r = await run('help', 'frobnicate');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown command "frobnicate"; the commands: solve, sweep/);
  });
});

describe('one table per command: parser, help and synopsis agree', () => {
  it.each(paths.map(([c, sub, spec]) => [sub ? `${c} ${sub}` : c, spec] as const))('%s: every flag of its synopsis is an option of its table, and the parser takes every option of the table', (_label, spec) => {
    const own = new Set([...Object.keys(spec.options), ...Object.values(spec.subcommands ?? {}).flatMap((s) => Object.keys(s.options))]);
    for (const u of spec.usage) for (const f of flagsIn(u)) expect(own.has(f), `--${f} in "${u.slice(0, 60)}…"`).toBe(true);
    // the parser built from the table accepts each option (a value for string options)
    for (const [name, o] of Object.entries(spec.options)) {
      const argv = o.type === 'string' ? [`--${name}`, 'x'] : [`--${name}`];
      expect(parse(argv, parserOptions(spec.options)).values[name], `--${name}`).toEqual(o.type === 'string' ? (o.multiple ? ['x'] : 'x') : true);
    }
    // and refuses one that is not in the table, naming it
    expect(() => parse(['--not-in-the-table'], parserOptions(spec.options))).toThrow(/--not-in-the-table/);
  });

  it('options documented with a default or value name keep them in the help', async () => {
    // whitespace folded: the help wraps the meanings into a column
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    const r = flat((await run('export', '--help')).stdout);
    expect(r).toContain('--format csv|json|npz|h5|ipynb|py|svg|pdf|png a study: CSV');
    expect(r).toContain('--dpi N the PNG resolution (and heatmap rasters), 72–2400 (default: 600)');
    expect(r).toContain("--preset NAME a journal's column width and type sizes: aps-single, aps-double, nature-single, nature-double, custom (default: aps-single)");
    const sweep = flat((await run('sweep', '-h')).stdout);
    expect(sweep).toContain('--axis key=start:stop:count[:log] an axis of the grid, or key=v1,v2,… (one or two; the first varies slowest) (repeatable)');
    expect(sweep).toContain('--workers N solver worker threads, 1–256 (default: the number of cores)');
  });
});
