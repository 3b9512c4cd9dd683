/**
 * The shape of a command's table (src-main/cli/commands.ts): its arguments and options with type,
 * value name, default and meaning. One table per command feeds the argument parser
 * (`parserOptions`), the `--help` text (`helpText`) and the shell completion (completion.ts), so
 * the three cannot drift apart. This module imports nothing of the CLI (no cycles).
 */
import type { ParseArgsConfig } from 'node:util';

/** What the shell offers for an argument or an option's value. */
export type Completion =
  /** files; `pattern` (e.g. '*.nrlab') narrows them, directories are always offered */
  | { kind: 'file'; pattern?: string }
  | { kind: 'dir' }
  /** model ids: all, or those with a time-domain run, a continuation, or a trace kind */
  | { kind: 'model'; having?: 'simulate' | 'continuation' | 'correlation' | 'spectrum' | 'pulse' }
  /** fixed values (evaluated when the completion script is generated) */
  | { kind: 'choices'; values: () => readonly string[] }
  /** the CLI's command names (`nrlab help <command>`) */
  | { kind: 'command' };

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** may be given several times */
  multiple?: boolean;
  /** the value's name in the help (`FILE`, `key=value`); string options only */
  value?: string;
  /** the default, as the help shows it */
  default?: string;
  /** what the option means (one sentence) */
  help: string;
  complete?: Completion;
}

export interface ArgSpec {
  /** as the help shows it: `<model>`, `FILE.nrlab` */
  name: string;
  help: string;
  complete?: Completion;
  optional?: boolean;
  /** the last argument may repeat (`FILES…`) */
  repeat?: boolean;
}

export interface CommandSpec {
  /** one line for `nrlab --help` */
  summary: string;
  /** the synopsis: one entry per form, each without the leading "nrlab " (continuation lines indented) */
  usage: readonly string[];
  args?: readonly ArgSpec[];
  options: Readonly<Record<string, OptionSpec>>;
  /** `nrlab add set|study|figure …`: the first argument picks one */
  subcommands?: Readonly<Record<string, CommandSpec>>;
  /** more text after the options (formats, examples) */
  details?: string;
}

export type ParserOptions = NonNullable<ParseArgsConfig['options']>;

/** The table as node:util parseArgs options. */
export function parserOptions(options: Readonly<Record<string, OptionSpec>>): ParserOptions {
  const out: ParserOptions = {};
  for (const [name, o] of Object.entries(options)) out[name] = o.multiple ? { type: o.type, multiple: true } : { type: o.type };
  return out;
}

/** Some options of a table, in the order given (a command with several forms parses each form's own). */
export function pick(options: Readonly<Record<string, OptionSpec>>, names: readonly string[]): Record<string, OptionSpec> {
  const out: Record<string, OptionSpec> = {};
  for (const n of names) {
    const o = options[n];
    if (!o) throw new Error(`no option --${n} in the table`);
    out[n] = o;
  }
  return out;
}

/** `-h` / `--help` among the arguments (before a `--` that ends the options). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** `--name VALUE` as the help's left column. */
export function optionLabel(name: string, o: OptionSpec): string {
  return o.type === 'boolean' ? `--${name}` : `--${name} ${o.value ?? 'VALUE'}`;
}

const COLUMN = 30;
const WIDTH = 100;

/** Words wrapped to `width` columns, each line after the first indented by `indent`. */
function wrap(text: string, first: number, indent: number, width = WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  let room = width - first;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = width - indent;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.length ? lines : [''];
}

/** Two columns: the label, then the meaning wrapped beside it (or below a label too long for the column). */
function row(label: string, meaning: string): string {
  const pad = ' '.repeat(COLUMN);
  const text = wrap(meaning, COLUMN, COLUMN);
  const head = `  ${label}`;
  if (head.length < COLUMN - 1) return [head.padEnd(COLUMN) + text[0], ...text.slice(1).map((l) => pad + l)].join('\n');
  return [head, ...text.map((l) => pad + l)].join('\n');
}

/** The meaning of an option with its repeatability and default. */
export function optionMeaning(o: OptionSpec): string {
  const notes = [o.multiple ? 'repeatable' : '', o.default !== undefined ? `default: ${o.default}` : ''].filter(Boolean);
  return `${o.help}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

/**
 * The help of a command (`nrlab sweep --help`), or of a subcommand (`nrlab add study --help`,
 * `path` = ['add', 'study']): synopsis, summary, arguments, options from the table, details, and
 * the exit codes line.
 */
export function helpText(path: readonly string[], spec: CommandSpec, exitCodes: string): string {
  const lines: string[] = ['Usage:'];
  for (const u of spec.usage) lines.push(`  nrlab ${u}`);
  lines.push('', spec.summary);
  if (spec.subcommands) {
    lines.push('', 'Subcommands (nrlab ' + path.join(' ') + ' SUBCOMMAND --help for each one\'s options):');
    for (const [name, sub] of Object.entries(spec.subcommands)) lines.push(row(name, sub.summary));
  }
  if (spec.args?.length) {
    lines.push('', 'Arguments:');
    for (const a of spec.args) lines.push(row(`${a.name}${a.repeat ? '…' : ''}`, `${a.help}${a.optional ? ' (optional)' : ''}`));
  }
  lines.push('', 'Options:');
  for (const [name, o] of Object.entries(spec.options)) lines.push(row(optionLabel(name, o), optionMeaning(o)));
  lines.push(row('-h, --help', 'this help'));
  if (spec.details) lines.push('', spec.details.replace(/^\n+|\n+$/g, ''));
  lines.push('', exitCodes);
  return lines.join('\n');
}

/** Every `--flag` a text mentions (to check hand-written synopses against the table). */
export function flagsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!))];
}
