/**
 * The command-line forms of a trace run's settings, shared by `nrlab add study --kind
 * correlation|spectrum|pulse` and `nrlab correlate|spectrum|evolve`:
 *
 * - samples of an axis (`--tau`, `--omega`): `from:to:samples` (evenly spaced, both ends
 *   included) or an explicit list `v1,v2,…`;
 * - a pulse (`--pulse`): `SHAPE` or `SHAPE:key=value,…` with SHAPE one of on, off, rect, gaussian
 *   and keys amplitude (alias amp), t0, width;
 * - a trace list (`--traces`): `name,name,…`.
 *
 * Every error is a ParameterError naming the flag and saying what was expected.
 */
import { ParameterError, shown } from '../../src-core/errors.js';
import type { PulseSettingsInput, PulseShape } from '../../src-core/models/model.js';
import { MAX_TRACE_SAMPLES } from '../../src-core/project/types.js';

/** The shapes `--pulse` accepts. */
export const PULSE_SHAPES: readonly PulseShape[] = ['on', 'off', 'rect', 'gaussian'];

function number(flag: string, text: string, what: string): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw new ParameterError(flag, `${what} must be a finite number, got ${shown(t)}`);
  return v;
}

/**
 * `from:to:samples` or `v1,v2,…` (a single value is a list of one). The range needs from < to
 * and a whole number of samples from 1 to MAX_TRACE_SAMPLES; a list at most that many values.
 */
export function parseSamples(flag: string, text: string): { from: number; to: number; samples: number } | { values: number[] } {
  if (typeof text !== 'string' || text.trim() === '') throw new ParameterError(flag, 'expected from:to:samples (e.g. 0:10:201) or a list v1,v2,…');
  if (text.includes(':')) {
    const parts = text.split(':');
    if (parts.length !== 3) throw new ParameterError(flag, `expected from:to:samples (e.g. 0:10:201), got ${shown(text)}`);
    const from = number(flag, parts[0]!, 'from');
    const to = number(flag, parts[1]!, 'to');
    const samples = number(flag, parts[2]!, 'the number of samples');
    if (!Number.isInteger(samples) || samples < 1 || samples > MAX_TRACE_SAMPLES) {
      throw new ParameterError(flag, `the number of samples must be a whole number from 1 to ${MAX_TRACE_SAMPLES}, got ${shown(parts[2]!.trim())}`);
    }
    if (!(from < to)) throw new ParameterError(flag, `from must be less than to, got ${from}:${to}`);
    return { from, to, samples };
  }
  const items = text.split(',');
  if (items.length > MAX_TRACE_SAMPLES) throw new ParameterError(flag, `lists ${items.length} values; the limit is ${MAX_TRACE_SAMPLES}`);
  return { values: items.map((s, k) => number(flag, s, `value ${k + 1}`)) };
}

/**
 * `SHAPE` or `SHAPE:key=value,…` (keys amplitude|amp, t0, width) into pulse settings. Amplitude
 * and width must be > 0, t0 ≥ 0; a key given twice is refused.
 */
export function parsePulse(text: string): PulseSettingsInput {
  const flag = '--pulse';
  if (typeof text !== 'string' || text.trim() === '') throw new ParameterError(flag, `expected SHAPE or SHAPE:key=value,… with SHAPE one of ${PULSE_SHAPES.join(', ')}`);
  const colon = text.indexOf(':');
  const shape = (colon < 0 ? text : text.slice(0, colon)).trim();
  if (!(PULSE_SHAPES as readonly string[]).includes(shape)) throw new ParameterError(flag, `the shape must be one of ${PULSE_SHAPES.join(', ')}, got ${shown(shape)}`);
  const out: PulseSettingsInput = { shape: shape as PulseShape };
  if (colon < 0) return out;
  const rest = text.slice(colon + 1);
  if (rest.trim() === '') throw new ParameterError(flag, `expected key=value,… after "${shape}:" (keys amplitude, t0, width)`);
  const seen = new Set<string>();
  for (const item of rest.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ParameterError(flag, `expected key=value (keys amplitude, t0, width), got ${shown(item.trim())}`);
    const raw = item.slice(0, eq).trim();
    const key = raw === 'amp' ? 'amplitude' : raw;
    if (key !== 'amplitude' && key !== 't0' && key !== 'width') throw new ParameterError(flag, `unknown key ${shown(raw)}; the keys are amplitude, t0, width`);
    if (seen.has(key)) throw new ParameterError(flag, `${key} is given twice`);
    seen.add(key);
    const v = number(flag, item.slice(eq + 1), key);
    if (key === 't0' ? !(v >= 0) : !(v > 0)) throw new ParameterError(flag, `${key} must be ${key === 't0' ? '≥ 0' : 'positive'}, got ${v}`);
    out[key] = v;
  }
  return out;
}

/**
 * `name,name,…` (at least one, none twice) into a trace list. A network's cross-correlation trace
 * has a comma of its own (`a->c,d`: output c at 0, d at τ): a piece without an arrow that follows
 * one with an arrow continues it, so `a->c,d,b->d` is the two traces `a->c,d` and `b->d`.
 */
export function parseTraces(flag: string, text: string): string[] {
  const names: string[] = [];
  for (const raw of typeof text === 'string' ? text.split(',') : []) {
    const s = raw.trim();
    const prev = names[names.length - 1];
    if (s !== '' && !s.includes('->') && prev?.includes('->')) names[names.length - 1] = `${prev},${s}`;
    else names.push(s);
  }
  if (!names.length || names.some((s) => s === '')) throw new ParameterError(flag, `expected trace names separated by commas (e.g. a_to_c,c_to_a), got ${shown(text)}`);
  const twice = names.find((s, k) => names.indexOf(s) !== k);
  if (twice !== undefined) throw new ParameterError(flag, `${shown(twice)} is listed twice`);
  return names;
}

/** `--initial vacuum|steady`. */
export function parseInitial(text: string): 'vacuum' | 'steady' {
  if (text !== 'vacuum' && text !== 'steady') throw new ParameterError('--initial', `must be vacuum or steady, got ${shown(text)}`);
  return text;
}

/**
 * `--omega -5:5:1001` as `--omega=-5:5:1001`: node's argument parser takes a value that starts
 * with a dash for an option, so a flag among `flags` (e.g. ['tau', 'omega']) followed by a
 * negative number (a dash, then a digit or a point) gets it joined. Other arguments are unchanged.
 */
export function joinNegativeValues(argv: string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    if (flags.some((f) => a === `--${f}`) && next !== undefined && /^-[0-9.]/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
