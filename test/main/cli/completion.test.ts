/**
 * `nrlab completion bash|zsh`, run in the real shells: the bash script is sourced in `bash -c` and
 * its completion function `_nrlab` called with COMP_WORDS/COMP_CWORD as bash sets them (split at
 * = and :), in a folder with known files; the zsh script is sourced in `zsh -f -c` and `_nrlab`
 * called with words/CURRENT, the completion system's builtins (compadd, _files, compset, compdef)
 * replaced by recorders, so what it offers is checked without a terminal. The expected candidates
 * come from the command table and the model registry, and from hand-picked cases.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, COMMANDS, specOf } from '../../../src-main/cli/commands';
import { completionScript } from '../../../src-main/cli/completion';
import { listModels, traceKindsOf } from '../../../src-core/models/registry';
import { EXAMPLES } from '../../../src-core/project/examples/index';

const bin = path.resolve(__dirname, '../../../bin/nrlab.cjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-completion-'));
for (const f of ['a.nrlab', 'b.nrlab', 'sweep.json', 'notes.txt']) writeFileSync(path.join(dir, f), '');
mkdirSync(path.join(dir, 'sub'));

const has = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const HAS_ZSH = has('zsh');

const bashFile = path.join(dir, 'nrlab.bash');
const zshFile = path.join(dir, '_nrlab');

beforeAll(() => {
  // the scripts as the installed command prints them
  for (const [shell, file] of [
    ['bash', bashFile],
    ['zsh', zshFile],
  ] as const) {
    const r = spawnSync(process.execPath, [bin, 'completion', shell], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(completionScript(shell));
    writeFileSync(file, r.stdout);
  }
});

/**
 * bash: what `_nrlab` puts in COMPREPLY for a command line (words as typed; bash's own split at
 * = and : is applied here as bash applies it). The last word is the one being completed.
 */
function bash(...typed: string[]): string[] {
  const words = typed.flatMap((w) => w.split(/([=:])/).filter((x) => x !== ''));
  if (typed[typed.length - 1] === '') words.push('');
  const script = `source ${JSON.stringify(bashFile)}; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _nrlab; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const out = execFileSync('bash', ['-c', script, 'bash', ...words], { cwd: dir, encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '');
}

/** zsh: the calls `_nrlab` makes to the completion system (compadd's words, or _files and its glob). */
function zsh(...typed: string[]): string[] {
  const script = `
    compadd() { while [[ $1 == -* ]]; do [[ $1 == -- ]] && { shift; break; }; shift; done; print -rl -- "$@"; }
    _files() { print -r -- "_files\${*:+ $*}"; }
    compset() { print -r -- "compset $*"; }
    compdef() { :; }
    source ${JSON.stringify(zshFile)}
    words=("$@"); CURRENT=$#; PREFIX="\${words[-1]}"
    _nrlab`;
  const out = execFileSync('zsh', ['-f', '-c', script, 'zsh', ...typed], { cwd: dir, encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '' && !l.startsWith('compset '));
}

const sorted = (a: readonly string[]): string[] => [...a].sort();
const models = (pick: (m: ReturnType<typeof listModels>[number]) => boolean = () => true) => listModels().filter(pick).map((m) => m.id);
const optionsOf = (spec: { options: Record<string, unknown> }): string[] => [...Object.keys(spec.options).map((o) => `--${o}`), '--help'];

describe.each([
  ['bash', bash, true],
  ['zsh', zsh, HAS_ZSH],
] as const)('%s completion', (shell, complete, available) => {
  const it_ = available ? it : it.skip;
  /** Files as the shell offers them: bash lists them (directories too), zsh calls _files with the glob. */
  const files = (glob: string | undefined, names: string[]): string[] => (shell === 'bash' ? sorted(names) : [`_files${glob ? ` -g ${glob}` : ''}`]);

  it_('the script passes the shell\'s syntax check', () => {
    const r = spawnSync(shell, ['-n', shell === 'bash' ? bashFile : zshFile], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // sourced, it registers _nrlab for the command nrlab
    if (shell === 'bash') expect(execFileSync('bash', ['-c', `source ${JSON.stringify(bashFile)}; complete -p nrlab`], { encoding: 'utf8' }).trim()).toBe('complete -F _nrlab nrlab');
  });

  it_('the commands, from the dispatch table, and the top-level flags', () => {
    expect(complete('nrlab', '')).toEqual(COMMAND_NAMES);
    expect(complete('nrlab', 'se')).toEqual(['serve']);
    expect(complete('nrlab', 's')).toEqual(['solve', 'sweep', 'simulate', 'spectrum', 'serve']);
    expect(complete('nrlab', '--')).toEqual(['--help', '--version']);
  });

  it_("each command's options, from its table", () => {
    for (const name of COMMAND_NAMES) {
      expect(complete('nrlab', name, '--'), name).toEqual(optionsOf(specOf(name)));
    }
    for (const [sub, spec] of Object.entries(COMMANDS.add.subcommands)) expect(complete('nrlab', 'add', sub, 'x.nrlab', '--'), `add ${sub}`).toEqual(optionsOf(spec));
    expect(complete('nrlab', 'sweep', 'three-cavity', '--o')).toEqual(['--out']);
    expect(complete('nrlab', 'export', 'a.nrlab', '--fo')).toEqual(['--format', '--font', '--font-size', '--force']);
  });

  it_('subcommands, then their arguments', () => {
    expect(complete('nrlab', 'add', '')).toEqual(['set', 'study', 'figure']);
    expect(complete('nrlab', 'delete', 'st')).toEqual(['study']);
    expect(complete('nrlab', 'rename', 'set', '')).toEqual(files('*.nrlab', ['a.nrlab', 'b.nrlab', 'sub']));
    // REF and NEW_NAME are free text
    expect(complete('nrlab', 'rename', 'set', 'a.nrlab', '')).toEqual([]);
    expect(complete('nrlab', 'help', '')).toEqual(COMMAND_NAMES);
    expect(complete('nrlab', 'help', 'duplicate', '')).toEqual(['set', 'study', 'figure']);
    expect(complete('nrlab', 'completion', '')).toEqual(['bash', 'zsh']);
  });

  it_('model ids where a command takes a model, narrowed to the models that have the run', () => {
    expect(complete('nrlab', 'solve', '')).toEqual(models());
    expect(complete('nrlab', 'models', '')).toEqual(models());
    expect(complete('nrlab', 'simulate', '')).toEqual(models((m) => Boolean(m.simulate)));
    expect(complete('nrlab', 'continue', '')).toEqual(models((m) => Boolean(m.continuation)));
    expect(complete('nrlab', 'correlate', '')).toEqual(models((m) => traceKindsOf(m).includes('correlation')));
    expect(complete('nrlab', 'evolve', '')).toEqual(models((m) => traceKindsOf(m).includes('pulse')));
    expect(complete('nrlab', 'simulate', '')).toEqual(['two-resonator', 'tcmt-network']);
    expect(complete('nrlab', 'sweep', 'three')).toEqual(['three-cavity']);
    // options with values before the model are skipped over; after the model nothing more is positional
    expect(complete('nrlab', 'sweep', '--set', 'kappa_b=1', '--workers', '2', 't')).toEqual(['three-cavity', 'two-resonator', 'tcmt-network']);
    expect(complete('nrlab', 'sweep', '--axis', 'Delta=-2:2:41', '--json', 'tw')).toEqual(['two-resonator']);
    expect(complete('nrlab', 'sweep', 'three-cavity', '')).toEqual([]);
    expect(complete('nrlab', 'add', 'study', 'a.nrlab', '--model', 'tcmt')).toEqual(['tcmt-network']);
  });

  it_('the values of choice options', () => {
    expect(complete('nrlab', 'export', 'a.nrlab', '--format', '')).toEqual(['csv', 'json', 'npz', 'h5', 'ipynb', 'py', 'svg', 'pdf', 'png']);
    expect(complete('nrlab', 'export', 'a.nrlab', '--format', 'p')).toEqual(['py', 'pdf', 'png']);
    expect(complete('nrlab', 'export', 'a.nrlab', '--format=p')).toEqual(['py', 'pdf', 'png']);
    expect(complete('nrlab', 'export', 'a.nrlab', '--font', '')).toEqual(['sans', 'serif']);
    expect(complete('nrlab', 'export', 'a.nrlab', '--preset', 'n')).toEqual(['nature-single', 'nature-double']);
    expect(complete('nrlab', 'add', 'study', 'a.nrlab', '--kind', 'c')).toEqual(['correlation', 'continuation']);
    expect(complete('nrlab', 'evolve', 'three-cavity', '--initial', '')).toEqual(['vacuum', 'steady']);
    expect(complete('nrlab', 'simulate', 'two-resonator', '--input', '')).toEqual(['gaussian', 'rect', 'cw']);
    expect(complete('nrlab', 'new', '--example', '')).toEqual(EXAMPLES.map((e) => e.name));
    // a value without choices offers nothing (not the options, not files)
    expect(complete('nrlab', 'sweep', 'three-cavity', '--workers', '')).toEqual([]);
    expect(complete('nrlab', 'solve', 'three-cavity', '--set', '')).toEqual([]);
  });

  it_('files for arguments and options that take files: projects, sweep documents, any file, folders', () => {
    expect(sorted(complete('nrlab', 'info', ''))).toEqual(files('*.nrlab', ['a.nrlab', 'b.nrlab', 'sub']));
    expect(sorted(complete('nrlab', 'run', 'a'))).toEqual(shell === 'bash' ? ['a.nrlab'] : files('*.nrlab', []));
    expect(sorted(complete('nrlab', 'analyze', ''))).toEqual(files('*.json', ['sweep.json', 'sub']));
    expect(sorted(complete('nrlab', 'merge', 'sweep.json', ''))).toEqual(files('*.json', ['sweep.json', 'sub']));
    expect(sorted(complete('nrlab', 'sweep', 'three-cavity', '--out', ''))).toEqual(files('*.json', ['sweep.json', 'sub']));
    expect(sorted(complete('nrlab', 'solve', 'network', '--spec', ''))).toEqual(files('*.json', ['sweep.json', 'sub']));
    expect(sorted(complete('nrlab', 'export', 'a.nrlab', '--out', ''))).toEqual(files(undefined, ['a.nrlab', 'b.nrlab', 'sweep.json', 'notes.txt', 'sub', 'nrlab.bash', '_nrlab']));
    expect(sorted(complete('nrlab', 'new', '--out='))).toEqual(files('*.nrlab', ['a.nrlab', 'b.nrlab', 'sub']));
    expect(sorted(complete('nrlab', 'serve', '--root', ''))).toEqual(shell === 'bash' ? ['sub'] : ['_files -/']);
    expect(sorted(complete('nrlab', 'run', 'a.nrlab', '--out', ''))).toEqual(shell === 'bash' ? ['sub'] : ['_files -/']);
  });

  if (shell === 'zsh') it_('zsh for real: compinit loads _nrlab from $fpath, and Tab completes typed lines (in a pty)', () => {
    // an interactive zsh in a pty types each line and Tab, then ^X dumps the edited line to a file
    const work = mkdtempSync(path.join(os.tmpdir(), 'nrlab-zpty-'));
    const driver = path.join(work, 'drive.zsh');
    const result = path.join(work, 'lines.txt');
    writeFileSync(
      driver,
      `zmodload zsh/zpty
dir=$1 out=$2; shift 2
zpty z zsh -f -i
zpty -w z "PS1='> '; fpath=(\${(q)dir} \\$fpath); autoload -Uz compinit; compinit -u -D -d /dev/null; nrlab() { :; }; dump() { print -r -- \\"\\$BUFFER\\" >> \${(q)out}; BUFFER=''; print -n DU''MPED; }; zle -N dump; bindkey '^X' dump"
for line in "$@"; do
  zpty -w -n z "$line"$'\\t\\x18'
  zpty -r z chunk '*DUMPED*' || exit 1
done
zpty -d z
`,
    );
    const cases: [string, string][] = [
      ['nrlab sw', 'nrlab sweep '],
      ['nrlab add st', 'nrlab add study '],
      ['nrlab simulate tc', 'nrlab simulate tcmt-network '],
      ['nrlab info a', 'nrlab info a.nrlab '],
      // only projects: notes.txt is not offered
      ['nrlab info n', 'nrlab info n'],
      ['nrlab export a.nrlab --format=s', 'nrlab export a.nrlab --format=svg '],
      ['nrlab export a.nrlab --preset aps-d', 'nrlab export a.nrlab --preset aps-double '],
      ['nrlab sweep three-cavity --out sw', 'nrlab sweep three-cavity --out sweep.json '],
      ['nrlab serve --root s', 'nrlab serve --root sub/'],
    ];
    execFileSync('zsh', ['-f', driver, dir, result, ...cases.map(([typed]) => typed)], { cwd: dir, timeout: 60_000 });
    expect(readFileSync(result, 'utf8').split('\n').slice(0, -1)).toEqual(cases.map(([, want]) => want));
  }, 90_000);
});

it('an unknown shell is bad input naming the argument', () => {
  const r = spawnSync(process.execPath, [bin, 'completion', 'fish'], { encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/<shell>: must be bash or zsh, got "fish"/);
});
