/**
 * `nrlab correlate|spectrum|evolve <model>`: the quantum dynamics of a model's steady state and
 * under pulses (docs/dynamics.md) — g2(τ), the emission spectrum S(ω) and ρ(t) under a pulse. Each
 * command is one run of the model's trace kind through the registry
 * (`traceRunOf(model, kind).run({ params, settings })`), so the numbers printed are the run's own.
 *
 * Output: `--json` prints one object keyed by trace name (`"a_to_c"`, a network's `"a->c"` and
 * `"a->c,d"`), each holding the axis array, the trace's fields and its stored numbers (coherent
 * fraction, photons per pulse, …), plus one key `"run"` with the model, kind, axis, resolved
 * parameters, the per-trace diagnostics and the rest of the stored output. Without `--json`: a
 * plain-text table. Settings errors of the run name the setting; they are shown as the flag.
 */
import { NrlabError, ParameterError } from '../../src-core/errors.js';
import { unicodeText } from '../../src-core/figures/rich-text.js';
import { parseNumber } from '../../src-core/models/expression.js';
import type { AxisSamplesInput, PulseSettingsInput, PulseShape, SimulationOutput, TraceKind } from '../../src-core/models/model.js';
import { getModel, listModels, resolveModelParams, traceAxisOf, traceKindsOf, traceRunOf } from '../../src-core/models/registry.js';
import { parse } from './args.js';
import { commandHelp, COMMANDS } from './commands.js';
import { parserOptions, wantsHelp, type ParserOptions } from './spec.js';
import { modelInputWithPreset } from './model-input.js';
import { toJson } from './output.js';

/** The three commands and the trace kind each runs. */
export const DYNAMICS_COMMANDS = { correlate: 'correlation', spectrum: 'spectrum', evolve: 'pulse' } as const satisfies Record<string, TraceKind>;
export type DynamicsCommand = keyof typeof DYNAMICS_COMMANDS;

export function isDynamicsCommand(cmd: string | undefined): cmd is DynamicsCommand {
  return cmd !== undefined && Object.prototype.hasOwnProperty.call(DYNAMICS_COMMANDS, cmd);
}

const PULSE_SHAPES = ['gaussian', 'rect', 'on', 'off'] as const satisfies readonly PulseShape[];
const PULSE_KEYS = ['t0', 'width', 'amplitude'] as const;
const INITIAL_STATES = ['vacuum', 'steady'] as const;

/**
 * Samples of an axis from its flag: `FROM:TO:COUNT` (COUNT evenly spaced values, FROM < TO) or a
 * comma-separated list; values accept expressions (pi/2). `min`: the smallest value allowed.
 */
export function parseAxisSamples(flag: string, text: string, min?: { value: number; why: string }): AxisSamplesInput {
  const src = text.trim();
  const check = (v: number): number => {
    if (min !== undefined && v < min.value) throw new ParameterError(flag, `${min.why}, got ${v}`);
    return v;
  };
  if (src.includes(':')) {
    const parts = src.split(':');
    if (parts.length !== 3) throw new ParameterError(flag, `expected FROM:TO:COUNT (e.g. 0:10:201) or a list V1,V2,…, got "${text}"`);
    const from = check(parseNumber(`${flag} (from)`, parts[0]!));
    const to = check(parseNumber(`${flag} (to)`, parts[1]!));
    const count = Number(parts[2]!.trim());
    if (!Number.isInteger(count) || count < 2) throw new ParameterError(flag, `the count must be an integer ≥ 2, got "${parts[2]!.trim()}"`);
    if (!(to > from)) throw new ParameterError(flag, `FROM must be below TO, got ${from}:${to}`);
    return { from, to, samples: count };
  }
  const items = src.split(',');
  if (items.some((s) => s.trim() === '')) throw new ParameterError(flag, `expected FROM:TO:COUNT or a list V1,V2,… without empty entries, got "${text}"`);
  return { values: items.map((s, k) => check(parseNumber(`${flag} (value ${k + 1})`, s))) };
}

/** `--pulse SHAPE[:key=value,…]` with keys t0, width, amplitude. */
export function parsePulse(text: string): Pick<PulseSettingsInput, 'shape' | 't0' | 'width' | 'amplitude'> {
  const src = text.trim();
  const colon = src.indexOf(':');
  const shape = (colon < 0 ? src : src.slice(0, colon)).trim();
  if (!(PULSE_SHAPES as readonly string[]).includes(shape)) {
    throw new ParameterError('--pulse', `unknown shape "${shape}"; expected one of ${PULSE_SHAPES.join(', ')}, optionally with :t0=…,width=…,amplitude=…`);
  }
  const out: Pick<PulseSettingsInput, 'shape' | 't0' | 'width' | 'amplitude'> = { shape: shape as PulseShape };
  if (colon < 0) return out;
  for (const item of src.slice(colon + 1).split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ParameterError('--pulse', `expected key=value after "${shape}:", got "${item.trim()}"`);
    const key = item.slice(0, eq).trim();
    if (!(PULSE_KEYS as readonly string[]).includes(key)) throw new ParameterError('--pulse', `unknown key "${key}"; the keys are ${PULSE_KEYS.join(', ')}`);
    const k = key as (typeof PULSE_KEYS)[number];
    if (out[k] !== undefined) throw new ParameterError('--pulse', `${key} is given twice`);
    const v = parseNumber(`--pulse ${key}`, item.slice(eq + 1));
    if (k === 'width' && !(v > 0)) throw new ParameterError('--pulse', `width must be > 0, got ${v}`);
    if (k === 't0' && v < 0) throw new ParameterError('--pulse', `t0 must be ≥ 0 (the run starts at t = 0), got ${v}`);
    out[k] = v;
  }
  return out;
}

/** The flag a run's setting comes from (its ParameterError names the setting, possibly with a path or index). */
function flagOfSetting(cmd: DynamicsCommand, param: string): string | undefined {
  const leaf = param.replace(/\[\d+\]/g, '').split('.').at(-1) ?? param;
  const axisFlag = cmd === 'correlate' ? '--tau' : cmd === 'spectrum' ? '--omega' : undefined;
  const map: Record<string, string | undefined> = {
    from: axisFlag,
    to: axisFlag,
    values: axisFlag,
    samples: axisFlag ?? '--samples',
    traces: '--traces',
    shape: '--pulse',
    t0: '--pulse',
    width: '--pulse',
    amplitude: '--pulse',
    tEnd: '--t-end',
    initial: '--initial',
  };
  return map[leaf];
}

function num(v: unknown): boolean {
  return typeof v === 'number' || v === null;
}

/** The stored output of a run that belongs to one trace (an object under its name), if any. */
function storedOfTrace(stored: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const direct = stored[name];
  if (direct && typeof direct === 'object' && !Array.isArray(direct)) return direct as Record<string, unknown>;
  const traces = stored.traces;
  if (traces && typeof traces === 'object' && !Array.isArray(traces)) {
    const t = (traces as Record<string, unknown>)[name];
    if (t && typeof t === 'object') return t as Record<string, unknown>;
  }
  return undefined;
}

/** The JSON document of a run: one object per trace (axis, fields, its stored numbers) and `run`. */
export function dynamicsDocument(kind: TraceKind, axisKey: string, r: SimulationOutput): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  const diagnostics: Record<string, unknown> = {};
  const rest: Record<string, unknown> = { ...r.stored };
  for (const tr of r.traces) {
    const own = storedOfTrace(r.stored, tr.loss);
    const entry: Record<string, unknown> = { [axisKey]: r.t, ...tr.fields };
    if (own) {
      // a stored number named like a field (the pulse's photons: N_out(t) as a field, its final value stored) gets the suffix _total
      for (const [k, v] of Object.entries(own)) if (num(v)) entry[k in tr.fields || k === axisKey ? `${k}_total` : k] = v;
      delete rest[tr.loss];
    }
    doc[tr.loss] = entry;
    diagnostics[tr.loss] = tr.diagnostics;
  }
  if (rest.traces && typeof rest.traces === 'object' && !Array.isArray(rest.traces) && r.traces.every((t) => (rest.traces as Record<string, unknown>)[t.loss] !== undefined)) {
    delete rest.traces;
  }
  doc.run = { model: r.model, kind, axis: axisKey, params: r.params, diagnostics, ...(Object.keys(rest).length ? { stored: rest } : {}) };
  return doc;
}

/** A number for the table: 8 significant digits, right-aligned. */
function cell(x: number, width: number): string {
  const s = Number.isFinite(x) ? (x === 0 ? '0' : Math.abs(x) >= 1e-4 && Math.abs(x) < 1e6 ? String(Number(x.toPrecision(8))) : x.toExponential(7)) : 'NaN';
  return s.padStart(width);
}

/** The plain-text report: the stored numbers of each trace, then one row per axis value. */
export function dynamicsTable(modelTitle: string, kind: TraceKind, r: SimulationOutput, axis: { symbol: string; unit: string }, fieldSymbols: Record<string, string>): string {
  const lines: string[] = [];
  const what = kind === 'correlation' ? 'intensity correlation g⁽²⁾(τ) from the steady state' : kind === 'spectrum' ? 'incoherent emission spectrum S(ω)' : 'response to a drive pulse';
  lines.push(`${modelTitle}: ${what}`);
  for (const tr of r.traces) {
    const own = storedOfTrace(r.stored, tr.loss);
    const nums = own ? Object.entries(own).filter(([, v]) => typeof v === 'number') : [];
    if (nums.length) lines.push(`  ${tr.loss}: ${nums.map(([k, v]) => `${k} = ${Number((v as number).toPrecision(8))}`).join(', ')}`);
  }
  const heads = [`${unicodeText(axis.symbol)}${axis.unit ? ` [${unicodeText(axis.unit)}]` : ''}`];
  const cols: Float64Array[] = [r.t];
  for (const tr of r.traces) {
    for (const [field, values] of Object.entries(tr.fields)) {
      heads.push(`${tr.loss} ${unicodeText(fieldSymbols[field] ?? field)}`);
      cols.push(values);
    }
  }
  const width = Math.max(14, ...heads.map((h) => h.length + 1));
  lines.push(heads.map((h) => h.padStart(width)).join(' '));
  for (let i = 0; i < r.t.length; i++) lines.push(cols.map((c) => cell(c[i]!, width)).join(' '));
  return lines.join('\n');
}

/** Options of one command, from its table (commands.ts; all share --set, --spec, --preset, --traces, --json). */
function optionsOf(cmd: DynamicsCommand): ParserOptions {
  return parserOptions(COMMANDS[cmd].options);
}

/** The run's settings from the flags (syntax and plain ranges here; the run checks the rest). */
export function settingsFromFlags(cmd: DynamicsCommand, values: Record<string, unknown>): AxisSamplesInput | PulseSettingsInput {
  let settings: AxisSamplesInput | PulseSettingsInput;
  if (cmd === 'correlate') {
    settings = values.tau === undefined ? {} : parseAxisSamples('--tau', String(values.tau), { value: 0, why: 'τ must be ≥ 0 (the delay after the first photon)' });
  } else if (cmd === 'spectrum') {
    settings = values.omega === undefined ? {} : parseAxisSamples('--omega', String(values.omega));
  } else {
    const p: PulseSettingsInput = values.pulse === undefined ? {} : parsePulse(String(values.pulse));
    if (values['t-end'] !== undefined) {
      const t = parseNumber('--t-end', String(values['t-end']));
      if (!(t > 0)) throw new ParameterError('--t-end', `must be > 0, got ${t}`);
      p.tEnd = t;
    }
    if (values.samples !== undefined) {
      const n = Number(String(values.samples).trim());
      if (!Number.isInteger(n) || n < 2) throw new ParameterError('--samples', `must be an integer ≥ 2, got "${String(values.samples)}"`);
      p.samples = n;
    }
    if (values.initial !== undefined) {
      const s = String(values.initial);
      if (!(INITIAL_STATES as readonly string[]).includes(s)) throw new ParameterError('--initial', `must be one of ${INITIAL_STATES.join(', ')}, got "${s}"`);
      p.initial = s as PulseSettingsInput['initial'];
    }
    settings = p;
  }
  return settings;
}

/**
 * Run one of the commands: parse, run through the registry, print. Bad input throws a
 * ParameterError naming the flag (the caller exits 2).
 */
/**
 * Numeric flags take the next word as their value even when it starts with "-" (`--omega -5:5:1001`,
 * `--t-end -3` reaching the range check), which Node's parseArgs would otherwise call ambiguous.
 */
function joinValues(argv: string[], options: ReturnType<typeof optionsOf>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    const next = argv[i + 1];
    if (name !== undefined && VALUE_FLAGS.has(name) && options[name] !== undefined && next !== undefined && next.startsWith('-')) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

const VALUE_FLAGS = new Set(['tau', 'omega', 'pulse', 't-end', 'samples']);

export function cmdDynamics(cmd: DynamicsCommand, argv: string[], out: (text: string) => void, err: (text: string) => void): void {
  if (wantsHelp(argv)) {
    out(commandHelp(cmd));
    return;
  }
  const options = optionsOf(cmd);
  const { values, positionals } = parse(joinValues(argv, options), options);
  const kind = DYNAMICS_COMMANDS[cmd];
  const id = positionals[0];
  if (id === undefined) {
    const having = listModels().filter((m) => traceKindsOf(m).includes(kind)).map((m) => m.id);
    throw new ParameterError('model', `"nrlab ${cmd}" needs a model; models with ${kind} runs: ${having.join(', ') || 'none'}`);
  }
  if (positionals.length > 1) throw new ParameterError('arguments', `unexpected argument "${positionals[1]}"`);
  const model = getModel(id);
  const run = traceRunOf(model, kind);
  const settings = settingsFromFlags(cmd, values);
  const params = modelInputWithPreset(model.id, values);
  if (values.traces !== undefined) {
    const want = String(values.traces).split(',').map((s) => s.trim());
    if (want.some((s) => s === '')) throw new ParameterError('--traces', `expected trace names separated by commas, got "${String(values.traces)}"`);
    const known = run.tracesFor ? run.tracesFor(resolveModelParams(model, params)) : run.traceNames;
    const unknown = want.filter((t) => !known.includes(t));
    if (unknown.length) throw new ParameterError('--traces', `unknown trace ${unknown.map((t) => `"${t}"`).join(', ')}; the ${kind} traces of this model: ${known.join(', ')}`);
    settings.traces = [...new Set(want)];
  }
  let r: SimulationOutput;
  try {
    r = run.run({ params, settings });
  } catch (e) {
    // the run names its settings; here they are flags (parameters keep their names: --set key=…)
    const param = (e as NrlabError).param;
    if (e instanceof NrlabError && e.code === 'bad-input' && param) {
      const flag = flagOfSetting(cmd, param);
      // a flag that carries several settings says which one (--tau samples: …, --pulse width: …)
      const several = flag === '--tau' || flag === '--omega' || flag === '--pulse';
      if (flag) throw new ParameterError(several ? `${flag} ${param.replace(/\[\d+\]/g, '').split('.').at(-1)}` : flag, `${(e as NrlabError).reason ?? e.message}`);
    }
    throw e;
  }
  // what the run says about its trustworthiness (truncation, positivity) goes to stderr, as for nrlab solve
  const warnings = r.stored.warnings;
  if (Array.isArray(warnings)) for (const w of warnings) err(`nrlab: warning: ${String(w)}`);
  const axis = traceAxisOf(run);
  if (values.json) {
    out(toJson(dynamicsDocument(kind, axis.key, r)));
    return;
  }
  const symbols = Object.fromEntries(run.traceFields.map((f) => [f.key, f.symbol]));
  out(dynamicsTable(model.title, kind, r, axis, symbols));
}
