import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ParameterError } from '../../src-core/errors.js';
import type { ParamInput } from '../../src-core/models/params.js';

/** Options every command understands; unknown options are rejected by parseArgs (strict). */
export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>): { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const m = err instanceof Error ? err.message : String(err);
    throw new ParameterError('arguments', m.replace(/\. To specify a positional.*$/s, ''));
  }
}

/** `--set key=value` pairs into parameter input (values are parsed by the model schema). */
export function parseSets(sets: string[] | undefined): ParamInput {
  const out: ParamInput = {};
  for (const s of sets ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new ParameterError('--set', `expected key=value, got "${s}"`);
    out[s.slice(0, eq).trim()] = s.slice(eq + 1).trim();
  }
  return out;
}

export function parseWorkers(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new ParameterError('--workers', `must be an integer from 1 to 256, got "${v}"`);
  return n;
}

export function parsePort(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ParameterError('--port', `must be an integer from 0 to 65535, got "${v}"`);
  return n;
}
