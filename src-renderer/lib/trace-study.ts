/**
 * Studies whose result is arrays over one axis — the quantum dynamics of a model ('correlation':
 * g2(τ), 'spectrum': S(ω), 'pulse': ρ(t) under a pulse; see docs/dynamics.md) — as the renderer
 * edits and draws them: their settings form (generated from the model's `ModelInfo.runs[kind]
 * .settings`), the trace selection, the default panel of the study's tab, the per-trace numbers a
 * run stores, and the names of traces in words. Pure functions over documents, testable without
 * components; every edit returns a new document for one undoable `editProject` step.
 */
import type { ModelInfo, QuantitySpec, TraceKind, TraceRunInfo, TraceSetting } from '../../src-core/models/model';
import type { ParamInput } from '../../src-core/models/params';
import type { Panel, ProjectDocument, Study } from '../../src-core/project/types';
import { MAX_TRACE_SAMPLES } from '../../src-core/project/types';
import { findModel } from '../../src-core/models/registry';
import { DYNAMICS_KINDS, findTraceRun, isDynamicsKind, traceNamesAt as coreTraceNames, type DynamicsKind } from '../../src-core/project/trace-study';
import { parseNumber } from '../../src-core/models/expression';
import { ParameterError } from '../../src-core/errors';
import { formatParamValue, formatValue } from '../../src-core/figures/format';
import { TRACE_COLORS, traceDash } from '../../src-core/figures/chart/trace-curves';
import { cloneDoc } from './project-edit';

export { DYNAMICS_KINDS, isDynamicsKind, type DynamicsKind };

/** What a study of each kind is, in words (inspector headings, undo labels). */
export const DYNAMICS_NAMES: Record<DynamicsKind, { title: string; noun: string }> = {
  correlation: { title: 'Intensity correlation g2(τ)', noun: 'an intensity correlation g2(τ)' },
  spectrum: { title: 'Emission spectrum', noun: 'an emission spectrum' },
  pulse: { title: 'Pulse response', noun: 'a pulse response' },
};

/** The field a study of each kind shows first (in its tab). */
export const DEFAULT_FIELD: Record<DynamicsKind, string> = { correlation: 'g2', spectrum: 'S', pulse: 'flux' };

/** The model has runs of this kind (ModelInfo.dynamics lists it). */
export function hasDynamics(model: ModelInfo | undefined, kind: DynamicsKind): boolean {
  return !!model?.dynamics?.includes(kind) && !!model.runs?.[kind];
}

/** What the model's runs of this kind draw and take, or undefined when it has none. */
export function runInfoOf(model: ModelInfo | undefined, kind: TraceKind): TraceRunInfo | undefined {
  return model?.runs?.[kind];
}

/** A study's settings of its dynamics kind (absent fields: defaults). */
export function traceSettingsOf(study: Study): Record<string, unknown> {
  if (!isDynamicsKind(study.kind)) return {};
  return (study[study.kind] ?? {}) as Record<string, unknown>;
}

/**
 * The traces a run of this kind computes at these parameters: the model package's `tracesFor`
 * (a network's output pairs depend on its structure; src-core is bundled), else the names the
 * model describes at its defaults.
 */
export function traceNamesAt(model: ModelInfo | undefined, kind: DynamicsKind, params: ParamInput): string[] {
  const info = runInfoOf(model, kind);
  if (!model || !info) return [];
  const def = findModel(model.id);
  const run = def ? findTraceRun(def, kind) : undefined;
  // parameters that do not resolve keep the default list (the study's form names them)
  return def && run ? coreTraceNames(def, run, params) : info.traceNames;
}

/** The drive and read-out of a trace in words: 'a_to_c' and 'a->c' → 'a → c', the cross trace 'a->c,d' → 'a → c, d'. */
export function traceLabel(name: string): string {
  const m = /^(.+?)(?:_to_|->)(.+)$/.exec(name);
  if (!m) return name;
  const outs = m[2]!.split(',');
  return `${m[1]} → ${outs.join(', ')}`;
}

/** A cross-correlation trace (two outputs: 'a->c,d'). */
export function isCrossTrace(name: string): boolean {
  return /(?:_to_|->)[^,]+,/.test(name);
}

/** An axis or field title in paper notation with its unit: 'τ (1/κ)', 'g^{(2)}(τ)'. */
export function quantityTitle(q: Pick<QuantitySpec, 'symbol' | 'unit'>): string {
  return q.unit ? `${q.symbol} (${q.unit})` : q.symbol;
}

/** Number formatting of a setting's stored value in its text field. */
export function settingText(v: unknown): string {
  if (typeof v === 'number') return formatParamValue(v);
  if (typeof v === 'string') return v;
  return '';
}

/** Lower bounds of the settings (the project schema's): [bound, strict]. */
const LOWER: Record<string, Record<string, [number, boolean]>> = {
  correlation: { from: [0, false], to: [0, false], samples: [1, false] },
  spectrum: { samples: [1, false] },
  pulse: { amplitude: [0, false], t0: [0, false], width: [0, true], tEnd: [0, true], samples: [2, false] },
};

/**
 * The value of one setting as typed: '' → undefined (the default), a number (expressions as for
 * parameters: '10/3', '2*pi'), a whole number, or one of the choices. Errors name the setting by
 * its label.
 */
export function parseSetting(kind: DynamicsKind, setting: TraceSetting, text: string): number | string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const field = setting.label;
  if (setting.kind === 'choice') {
    const c = setting.choices?.find((x) => x.value === t || x.label === t);
    if (!c) throw new ParameterError(field, `must be one of ${(setting.choices ?? []).map((x) => x.value).join(', ')}, got "${t}"`);
    return c.value;
  }
  const v = parseNumber(field, t);
  if (!Number.isFinite(v)) throw new ParameterError(field, `must be a finite number, got "${t}"`);
  if (setting.kind === 'integer') {
    if (!Number.isInteger(v)) throw new ParameterError(field, `must be a whole number, got ${v}`);
    if (v > MAX_TRACE_SAMPLES) throw new ParameterError(field, `at most ${MAX_TRACE_SAMPLES.toLocaleString('en')}, got ${v}`);
  }
  const lo = LOWER[kind]?.[setting.key];
  if (lo && (lo[1] ? !(v > lo[0]) : !(v >= lo[0]))) throw new ParameterError(field, `must be ${lo[1] ? '>' : '≥'} ${lo[0]}, got ${v}`);
  return v;
}

function studyIn(doc: ProjectDocument, id: string): Study {
  const s = doc.studies.find((x) => x.id === id);
  if (!s) throw new ParameterError('study', `no study "${id}"`);
  return s;
}

/** The axis settings that an explicit `values` list replaces. */
const RANGE_KEYS = ['from', 'to', 'samples'];

/**
 * Set (or, with an empty text, reset to its default) one setting of a correlation, spectrum or
 * pulse study. Setting a range bound drops an explicit list of axis values (the two exclude each
 * other); a range whose start is not below its end is refused naming both.
 */
export function setTraceSetting(doc: ProjectDocument, studyId: string, settings: TraceSetting[], key: string, text: string): ProjectDocument {
  const next = cloneDoc(doc);
  const s = studyIn(next, studyId);
  const kind = s.kind;
  if (!isDynamicsKind(kind)) throw new ParameterError('kind', `the study "${s.name}" has no dynamics settings`);
  const setting = settings.find((x) => x.key === key);
  if (!setting) throw new ParameterError(key, `is not a setting of ${kind} runs`);
  const v = parseSetting(kind, setting, text);
  const cur = { ...((s[kind] ?? {}) as Record<string, unknown>) };
  if (v === undefined) delete cur[key];
  else cur[key] = v;
  if (kind !== 'pulse' && RANGE_KEYS.includes(key)) delete cur.values;
  const from = cur.from;
  const to = cur.to;
  if (typeof from === 'number' && typeof to === 'number' && !(from < to)) {
    const label = (k: string): string => settings.find((x) => x.key === k)?.label ?? k;
    throw new ParameterError(setting.label, `${label('from')} (${from}) must be below ${label('to')} (${to})`);
  }
  (s as unknown as Record<string, unknown>)[kind] = cur;
  return next;
}

/**
 * Choose the traces a study computes. Every one of `all` selected: the field is removed (absent
 * means all, so a network whose outputs change keeps computing all of them); none: refused.
 */
export function setTraceSelection(doc: ProjectDocument, studyId: string, selected: string[], all: string[]): ProjectDocument {
  const next = cloneDoc(doc);
  const s = studyIn(next, studyId);
  const kind = s.kind;
  if (!isDynamicsKind(kind)) throw new ParameterError('kind', `the study "${s.name}" has no traces to choose`);
  const want = new Set(selected);
  if (!want.size) throw new ParameterError('traces', 'choose at least one trace to compute');
  const cur = { ...((s[kind] ?? {}) as Record<string, unknown>) };
  if (all.every((n) => want.has(n))) delete cur.traces;
  else cur.traces = [...all.filter((n) => want.has(n)), ...selected.filter((n) => !all.includes(n))];
  (s as unknown as Record<string, unknown>)[kind] = cur;
  return next;
}

/** The traces of a study that are selected: its `traces`, or all of them when absent. */
export function selectedTraces(study: Study, all: string[]): string[] {
  const t = traceSettingsOf(study).traces;
  return Array.isArray(t) ? (t as string[]) : all;
}

/** The traces a stored result has for a field: keys '<trace>.<field>' of its arrays, in order. */
export function tracesInData(keys: Iterable<string>, field: string): string[] {
  const out: string[] = [];
  for (const k of keys) {
    if (k.endsWith(`.${field}`)) out.push(k.slice(0, -field.length - 1));
  }
  return out;
}

/**
 * The panel a study's tab draws by default: one field of every trace against the run's axis
 * (`{ kind: 'trace', x: <axis key> }`), titles in paper notation with units, a legend naming each
 * trace's drive and read-out.
 */
export function defaultTracePanel(study: Study, info: TraceRunInfo, traces: string[], field: string, logY = false): Panel {
  const f = info.traceFields.find((x) => x.key === field) ?? info.traceFields[0];
  const key = f?.key ?? field;
  return {
    study: study.id,
    kind: 'trace',
    x: info.axis.key,
    xLabel: quantityTitle(info.axis),
    yLabel: f ? quantityTitle(f) : key,
    logY,
    series: traces.map((t, k) => ({
      quantity: `${t}.${key}`,
      label: traceLabel(t),
      color: TRACE_COLORS[k % TRACE_COLORS.length]!,
      dash: traceDash(k, traces.length),
    })),
  };
}

/** One number a run stored for a trace, named for the inspector. */
export interface StoredNumber {
  key: string;
  /** Name in paper notation (rich text). */
  label: string;
  value: number;
  /** A physical result of the run (⟨n⟩, photons per pulse, min. eigenvalue of ρ), or how the integrator went. */
  group: 'value' | 'diagnostic';
}

/** Diagnostics that are results in their own right (positivity and trace of ρ(t_end)): shown with the values. */
const PROMINENT = new Set(['minEigenvalue', 'min_eigenvalue', 'traceError']);
/** How the integration went, wherever a run stores it: folded away with the diagnostics. */
const STATISTICS = new Set(['steps', 'rejected', 'evaluations', 'rtol', 'atol', 'm', 'tolerance', 'matvecs', 'errorEstimate', 'quadratureSteps', 'iterations', 'change', 'timeMs', 'topShell', 'krylovSteps']);

/** Names of the per-trace numbers the dynamics runs store (docs/dynamics.md); others show their key in words. */
const NUMBER_LABELS: Record<string, string> = {
  // what the runs store per trace (src-core/models/network/dynamics.ts)
  mean_n: '⟨n⟩',
  mean_n_tau: '⟨n⟩ of the output at τ',
  g2_0: 'g^{(2)}(0)',
  mean_a_re: 'Re ⟨a⟩',
  mean_a_im: 'Im ⟨a⟩',
  coherent: 'coherent part |⟨a⟩|^{2}',
  incoherent: 'incoherent part ⟨n⟩ − |⟨a⟩|^{2}',
  coherentFraction: 'coherent fraction |⟨a⟩|^{2}/⟨n⟩',
  coherent_fraction: 'coherent fraction |⟨a⟩|^{2}/⟨n⟩',
  photons: 'photons out per pulse',
  peakFlux: 'peak photon flux',
  amplitude: 'peak drive Ω',
  // the integrators' diagnostics
  minEigenvalue: 'min. eigenvalue of ρ(t_{end})',
  min_eigenvalue: 'min. eigenvalue of ρ(t_{end})',
  traceError: 'tr ρ(t_{end}) − 1',
  topShell: 'top-shell population (largest)',
  steps: 'steps',
  rejected: 'rejected steps',
  evaluations: '𝓛 evaluations',
  rtol: 'relative tolerance',
  atol: 'absolute tolerance',
  m: 'Krylov dimension',
  tolerance: 'tolerance',
  matvecs: 'matrix–vector products',
  errorEstimate: 'error estimate',
  quadratureSteps: 'quadrature steps',
  iterations: 'Lanczos iterations',
  change: 'last relative change',
  timeMs: 'time (ms)',
};

/** A stored key in words when it has no name: 'min_eig' → 'min eig', 'photonsOut' → 'photons out'. */
function words(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

function numbersIn(o: unknown, group: StoredNumber['group'], prefix = '', depth = 0): StoredNumber[] {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return [];
  const out: StoredNumber[] = [];
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number' && Number.isFinite(v)) out.push({ key, label: NUMBER_LABELS[k] ?? words(k), value: v, group: PROMINENT.has(k) ? 'value' : STATISTICS.has(k) ? 'diagnostic' : group });
    else if (depth < 1 && v && typeof v === 'object' && !Array.isArray(v)) out.push(...numbersIn(v, group, key, depth + 1));
  }
  return out;
}

/**
 * The numbers a run stored for each trace (⟨n⟩, coherent fraction, photons per pulse, min.
 * eigenvalue of ρ(t_end), integrator statistics), from a stored result's output: the run's own
 * per-trace numbers (`traces`: by trace name), the run statistics the study runner keeps by trace
 * (`diagnostics`), or a simulate-style list of traces with their diagnostics. Warnings: the
 * output's `warnings` and each trace's.
 */
export function storedTraceNumbers(output: unknown): { traces: { name: string; numbers: StoredNumber[] }[]; warnings: string[] } {
  const o = (output && typeof output === 'object' ? output : {}) as Record<string, unknown>;
  const byName = new Map<string, StoredNumber[]>();
  const warnings: string[] = [];
  const add = (name: string, nums: StoredNumber[]): void => {
    const have = byName.get(name) ?? [];
    for (const n of nums) if (!have.some((h) => h.key === n.key)) have.push(n);
    byName.set(name, have);
  };
  const warn = (w: unknown): void => {
    if (Array.isArray(w)) for (const x of w) if (typeof x === 'string' && !warnings.includes(x)) warnings.push(x);
  };
  warn(o.warnings);
  const list = o.traces;
  if (Array.isArray(list)) {
    for (const t of list as Record<string, unknown>[]) {
      const name = typeof t?.loss === 'string' ? t.loss : typeof t?.name === 'string' ? t.name : undefined;
      if (!name) continue;
      const { diagnostics, ...rest } = t;
      add(name, [...numbersIn(rest, 'value'), ...numbersIn(diagnostics, 'diagnostic')]);
      warn((diagnostics as Record<string, unknown> | undefined)?.warnings);
      warn(t.warnings);
    }
  } else if (list && typeof list === 'object') {
    for (const [name, v] of Object.entries(list as Record<string, unknown>)) {
      add(name, numbersIn(v, 'value'));
      warn((v as Record<string, unknown> | undefined)?.warnings);
    }
  }
  // per-trace objects at the top level, keyed by trace name ('a_to_c', 'a->c', 'a->c,d')
  for (const [k, v] of Object.entries(o)) {
    if (k === 'traces' || k === 'warnings' || k === 'diagnostics' || !/(_to_|->)/.test(k) || !v || typeof v !== 'object' || Array.isArray(v)) continue;
    add(k, numbersIn(v, 'value'));
    warn((v as Record<string, unknown>).warnings);
  }
  // the run statistics by trace, as the study runner stores them beside the run's own output
  const diag = o.diagnostics;
  if (diag && typeof diag === 'object' && !Array.isArray(diag)) {
    for (const [name, v] of Object.entries(diag as Record<string, unknown>)) {
      add(name, numbersIn(v, 'diagnostic'));
      warn((v as Record<string, unknown> | undefined)?.warnings);
    }
  }
  // a number stored both per trace and among its diagnostics keeps the first (per-trace) entry
  return { traces: [...byName.entries()].map(([name, numbers]) => ({ name, numbers })), warnings };
}

/**
 * The settings a stored run resolved (its output's `settings`: defaults filled in, e.g. the last
 * delay 10/κ_min as a number), as rows for the inspector: the label and unit of each of the run's
 * settings, then the traces. Empty when the output has none.
 */
export function storedRunSettings(output: unknown, settings: TraceSetting[]): { key: string; label: string; text: string; unit: string }[] {
  const o = (output && typeof output === 'object' ? (output as Record<string, unknown>).settings : undefined) as Record<string, unknown> | undefined;
  if (!o || typeof o !== 'object') return [];
  const rows: { key: string; label: string; text: string; unit: string }[] = [];
  for (const s of settings) {
    const v = o[s.key];
    if (v === undefined) continue;
    const c = s.choices?.find((x) => x.value === v);
    rows.push({ key: s.key, label: s.label, text: c ? c.label : typeof v === 'number' ? formatValue(v, 6) : String(v), unit: c ? '' : (s.unit ?? '') });
  }
  if (Array.isArray(o.values)) rows.push({ key: 'values', label: 'Axis', text: `an explicit list of ${o.values.length} values`, unit: '' });
  if (Array.isArray(o.traces)) rows.push({ key: 'traces', label: 'Traces', text: (o.traces as string[]).map(traceLabel).join('; '), unit: '' });
  return rows;
}
