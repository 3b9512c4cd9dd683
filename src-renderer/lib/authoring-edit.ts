/**
 * The app's authoring edits that are not structural: a study's model, kind, axes and optimise
 * settings; a figure's layout, panels and series. Each returns a new document (the input is never
 * modified) for one undoable `editProject` step; the backend validates it as a file. Structural
 * edits (add, duplicate, rename, delete, move) are src-core/project/authoring.ts.
 */
import type { ModelInfo } from '../../src-core/contract/api';
import type { NumberParamSpec, ParamSchema } from '../../src-core/models/params';
import type { ContinuationSettings, Figure, OptimizeSettings, Panel, ProjectDocument, Study } from '../../src-core/project/types';
import { isListAxis, type StudyAxis } from '../../src-core/studies/grid';
import { parseNumber } from '../../src-core/models/expression';
import { ParameterError } from '../../src-core/errors';
import { deleteEffects, type DeleteEffects, type ItemKind } from '../../src-core/project/authoring';
import { formatCount, formatSeconds } from '../../src-core/figures/format';
import { unicodeText } from '../../src-core/figures/rich-text';
import { axisTitle, defaultAxisRange, numberSpecOf } from './study';
import { cloneDoc } from './project-edit';
import { modelAt } from './model-schema';
import { studyParams } from '../../src-core/project/fingerprint';
import { defaultTracePanel, DYNAMICS_KINDS, DYNAMICS_NAMES, DEFAULT_FIELD, hasDynamics, isDynamicsKind, traceNamesAt, type DynamicsKind } from './trace-study';

/** The kinds of study the editor offers (a sweep with one or two axes is shown as two kinds). */
export type StudyForm = 'point' | 'sweep1' | 'sweep2' | 'simulate' | 'optimize' | DynamicsKind | 'continuation';

/** The kinds offered, in order: `label` in plain text (option lists, messages), `rich` in paper notation where it differs. */
export const STUDY_FORMS: { value: StudyForm; label: string; rich?: string; noun: string }[] = [
  { value: 'point', label: 'Point', noun: 'a point solve' },
  { value: 'sweep1', label: '1-D sweep', noun: 'a 1-D sweep' },
  { value: 'sweep2', label: '2-D map', noun: 'a 2-D map' },
  { value: 'simulate', label: 'Simulate', noun: 'a time-domain simulation' },
  { value: 'optimize', label: 'Optimise', noun: 'an optimisation' },
  { value: 'correlation', label: 'g2(τ)', rich: 'g^{(2)}(τ)', noun: DYNAMICS_NAMES.correlation.noun },
  { value: 'spectrum', label: 'Spectrum', noun: DYNAMICS_NAMES.spectrum.noun },
  { value: 'pulse', label: 'Pulse', noun: DYNAMICS_NAMES.pulse.noun },
  { value: 'continuation', label: 'Branches', noun: 'a continuation of every steady-state branch' },
];

export function studyForm(s: Study): StudyForm {
  if (s.kind === 'sweep') return (s.axes?.length ?? 0) > 1 ? 'sweep2' : 'sweep1';
  return s.kind;
}

/**
 * Why the model cannot have a study of this form (undefined: it can): a time-domain simulation
 * needs a model with one, the dynamics kinds a model whose `ModelInfo.dynamics` lists them.
 */
export function formUnavailable(model: ModelInfo | undefined, form: StudyForm): string | undefined {
  if (!model) return 'The model is not available';
  if (form === 'simulate' && !canSimulate(model)) return `The model ${model.title} has no time-domain simulation`;
  if (form === 'continuation' && !model.continuation) return `The model ${model.title} has no continuation of its steady-state branches (classical networks have)`;
  if (isDynamicsKind(form) && !hasDynamics(model, form)) {
    const what = form === 'correlation' ? 'intensity correlations g2(τ)' : form === 'spectrum' ? 'emission spectra' : 'pulse runs';
    return `The model ${model.title} has no ${what} (only quantum models do)`;
  }
  return undefined;
}

/** The model has a time-domain simulation (ModelInfo.simulate, set by its package). */
export function canSimulate(model: ModelInfo | undefined): boolean {
  return (model as (ModelInfo & { simulate?: unknown }) | undefined)?.simulate === true;
}

/** A parameter an axis or the optimiser can vary: a continuous numeric parameter, or an alias of such. */
export interface VaryChoice {
  key: string;
  /** Title in paper notation with its unit ('κ_b/κ', 'θ (rad)'). */
  title: string;
  label: string;
}

export function continuousKeys(schema: ParamSchema): VaryChoice[] {
  const out: VaryChoice[] = [];
  for (const p of schema.params) {
    if (p.kind !== 'number' || p.integer) continue;
    out.push({ key: p.key, title: axisTitle(schema, p.key), label: p.label });
  }
  for (const a of schema.aliases) {
    const spec = numberSpecOf(schema, a.key);
    if (!spec || spec.integer) continue;
    out.push({ key: a.key, title: axisTitle(schema, a.key), label: aliasLabel(schema, a.sets) });
  }
  return out;
}

/** 'Detuning of a, b, c' for an alias of 'Detuning of a', 'Detuning of b', 'Detuning of c' (plain text). */
function aliasLabel(schema: ParamSchema, keys: string[]): string {
  const labels = keys.map((k) => schema.params.find((p) => p.key === k)?.label ?? k);
  const words = labels.map((l) => l.split(' '));
  const head = words[0]!.slice(0, -1).join(' ');
  if (head && words.every((w) => w.slice(0, -1).join(' ') === head)) return `${head} ${words.map((w) => w[w.length - 1]).join(', ')}`;
  return labels.join(', ');
}

const num = (key: string, text: string): number => parseNumber(key, text);

/** A first axis over `key`: the range defaultAxisRange suggests with `points` points (linear). */
export function defaultAxis(schema: ParamSchema, key: string, points: number): StudyAxis {
  const spec = numberSpecOf(schema, key);
  if (!spec) throw new ParameterError('axis', `"${key}" is not a numeric parameter of the model`);
  const r = defaultAxisRange(spec, String(points));
  return { key, start: num(key, r.start), stop: num(key, r.stop), count: points, spacing: 'linear' };
}

/** Change the form of an axis: linear or log range, or a list of values (from the current ones). */
export function axisAs(axis: StudyAxis, form: 'linear' | 'log' | 'list', spec?: NumberParamSpec): StudyAxis {
  if (form === 'list') {
    if (isListAxis(axis)) return axis;
    const n = Math.min(axis.count, 5);
    const values = Array.from({ length: n }, (_, i) => (n === 1 ? axis.start : axis.start + ((axis.stop - axis.start) * i) / (n - 1)));
    return { key: axis.key, values: values.map((v) => Number(v.toPrecision(6))) };
  }
  let start: number, stop: number, count: number;
  if (isListAxis(axis)) {
    start = Math.min(...axis.values);
    stop = Math.max(...axis.values);
    count = Math.max(axis.values.length, 2);
    if (start === stop) stop = start + 1;
  } else ({ start, stop, count } = axis);
  if (form === 'log') {
    // log spacing needs positive ends: keep the positive part, else a decade above the lower bound
    const floor = spec?.min !== undefined && spec.min > 0 ? spec.min : 1e-3;
    if (stop <= 0) stop = Math.max(1, floor * 1000);
    if (start <= 0) start = Math.max(floor, stop / 1000);
  }
  return { key: axis.key, start, stop, count, spacing: form };
}

function studyIn(doc: ProjectDocument, id: string): Study {
  const s = doc.studies.find((x) => x.id === id);
  if (!s) throw new ParameterError('study', `no study "${id}"`);
  return s;
}

/** Default settings of an optimise study: the first catalogue quantity maximised over the first continuous parameter. */
export function defaultOptimize(model: ModelInfo): OptimizeSettings {
  const q = model.quantities[0];
  const k = continuousKeys(model.schema)[0];
  if (!q || !k) throw new ParameterError('kind', `the model ${model.title} has no quantity or no continuous parameter to optimise`);
  const ax = defaultAxis(model.schema, k.key, 2) as { start: number; stop: number };
  return { objective: { quantity: q.key, goal: 'maximize' }, vary: [{ key: k.key, lo: ax.start, hi: ax.stop }] };
}

/**
 * Change a study's kind. A sweep keeps the axes it can (1-D takes the first; 2-D adds a second
 * over another parameter); other kinds drop the axes. The stored result stays (it shows stale).
 */
export function setStudyForm(doc: ProjectDocument, studyId: string, form: StudyForm, model: ModelInfo): ProjectDocument {
  const next = cloneDoc(doc);
  const s = studyIn(next, studyId);
  model = modelAt(model, studyParams(doc, s));
  const choices = continuousKeys(model.schema);
  if (form === 'simulate' && !canSimulate(model)) throw new ParameterError('kind', `the model ${model.title} has no time-domain simulation`);
  if (isDynamicsKind(form) && !hasDynamics(model, form)) throw new ParameterError('kind', formUnavailable(model, form)!.replace(/^The/, 'the'));
  if (form === 'sweep1' || form === 'sweep2') {
    const axes = (s.axes ?? []).slice(0, form === 'sweep1' ? 1 : 2);
    const want = form === 'sweep1' ? 1 : 2;
    const points = want === 1 ? 101 : 41;
    while (axes.length < want) {
      const used = new Set(axes.map((a) => a.key));
      const k = choices.find((c) => !used.has(c.key) && !model.schema.aliases.some((al) => al.key === c.key)) ?? choices.find((c) => !used.has(c.key));
      if (!k) throw new ParameterError('axes', `the model ${model.title} has no further continuous parameter for an axis`);
      axes.push(defaultAxis(model.schema, k.key, points));
    }
    s.kind = 'sweep';
    s.axes = axes;
    delete s.simulate;
    delete s.optimize;
    delete s.continuation;
    for (const k of DYNAMICS_KINDS) delete s[k];
    return next;
  }
  delete s.axes;
  if (form !== 'simulate') delete s.simulate;
  if (form !== 'optimize') delete s.optimize;
  // a dynamics study keeps its own settings only (absent: every setting at its default)
  for (const k of DYNAMICS_KINDS) if (k !== form) delete s[k];
  s.kind = form;
  if (form === 'simulate' && !s.simulate) s.simulate = { port: 1, input: 'gaussian', tEnd: 20e-6, width: 2e-6, t0: 8e-6, samples: 1001 };
  if (form === 'optimize' && !s.optimize) s.optimize = defaultOptimize(model);
  if (form !== 'continuation') delete s.continuation;
  if (form === 'continuation' && !s.continuation) s.continuation = defaultContinuation(model);
  return next;
}

/**
 * Default settings of a continuation study: its first continuation parameter (ω for a network)
 * over the range a sweep of it starts with (the resonances ± two linewidths), port 1, the sweep on.
 */
export function defaultContinuation(model: ModelInfo): ContinuationSettings {
  const key = model.continuation?.parameters[0];
  if (!key) throw new ParameterError('kind', formUnavailable(model, 'continuation')!.replace(/^The/, 'the'));
  const ax = defaultAxis(model.schema, key, 2) as { start: number; stop: number };
  const lo = key === 'amplitude' ? Math.max(ax.start, ax.stop * 1e-3) : ax.start;
  return { vary: key, from: lo, to: ax.stop, ...(model.continuation?.sweep ? {} : { sweepSteps: 0 }) };
}

/** Set a continuation study's settings (checked as a project file's are when the edit is applied). */
export function setContinuation(doc: ProjectDocument, studyId: string, settings: ContinuationSettings): ProjectDocument {
  const next = cloneDoc(doc);
  const s = studyIn(next, studyId);
  if (!(Number.isFinite(settings.from) && Number.isFinite(settings.to))) throw new ParameterError('continuation', 'the range must be finite numbers');
  if (!(settings.from < settings.to)) throw new ParameterError('continuation.to', `"to" (${settings.to}) must be above "from" (${settings.from})`);
  s.continuation = structuredClone(settings);
  return next;
}

/**
 * Change a study's model: its own parameters, parameter set, quantities and axes belong to the
 * old model and are reset (the axes to defaults of the new one); the kind is kept when it can be.
 */
export function setStudyModel(doc: ProjectDocument, studyId: string, model: ModelInfo): ProjectDocument {
  const base = cloneDoc(doc);
  const s = studyIn(base, studyId);
  if (s.model === model.id) return base;
  const form = studyForm(s);
  s.model = model.id;
  s.params = {};
  delete s.parameterSet;
  delete s.quantities;
  delete s.axes;
  delete s.optimize;
  delete s.continuation;
  // trace selections name the old model's outputs
  for (const k of DYNAMICS_KINDS) {
    const settings = s[k];
    if (settings) delete settings.traces;
  }
  const set = base.parameterSets.find((p) => p.model === model.id);
  if (set) s.parameterSet = set.id;
  const keep = formUnavailable(model, form) ? 'point' : form;
  if (keep === 'sweep1' || keep === 'sweep2') s.kind = 'point';
  return setStudyForm(base, studyId, keep, model);
}

/** Replace the axis at `index` (also to change its parameter). */
export function replaceAxis(doc: ProjectDocument, studyId: string, index: number, axis: StudyAxis): ProjectDocument {
  const next = cloneDoc(doc);
  const s = studyIn(next, studyId);
  if (!s.axes?.[index]) throw new ParameterError(`axes[${index}]`, 'no such axis');
  if (s.axes.some((a, i) => i !== index && a.key === axis.key)) throw new ParameterError(`axes[${index}].key`, `another axis already varies ${axis.key}`);
  s.axes[index] = axis;
  return next;
}

/** Set an optimise study's settings. */
export function setOptimize(doc: ProjectDocument, studyId: string, settings: OptimizeSettings): ProjectDocument {
  const next = cloneDoc(doc);
  const s = studyIn(next, studyId);
  if (!settings.vary.length) throw new ParameterError('optimize.vary', 'vary at least one parameter');
  if (settings.vary.length > 4) throw new ParameterError('optimize.vary', 'at most four parameters are varied');
  settings.vary.forEach((v, i) => {
    if (!(Number.isFinite(v.lo) && Number.isFinite(v.hi))) throw new ParameterError(`optimize.vary[${i}]`, 'the bounds must be finite numbers');
    if (!(v.lo < v.hi)) throw new ParameterError(`optimize.vary[${i}]`, `the lower bound (${v.lo}) must be below the upper one (${v.hi})`);
  });
  if (new Set(settings.vary.map((v) => v.key)).size !== settings.vary.length) throw new ParameterError('optimize.vary', 'each parameter is varied once');
  s.optimize = structuredClone(settings);
  return next;
}

/** Runs estimated longer than this ask before they start. */
export const CONFIRM_RUN_MS = 5 * 60_000;

/** The question to ask before a run estimated at `totalMs`, or undefined when it just runs. */
export function runConfirmation(totalMs: number | undefined, points: number, workers: number): string | undefined {
  if (totalMs === undefined || !(totalMs > CONFIRM_RUN_MS)) return undefined;
  return `This run computes ${formatCount(points)} points and is estimated to take ${formatSeconds(totalMs)} on ${workers} ${workers === 1 ? 'worker' : 'workers'}. Fewer points, a classical solver or a fixed truncation make it faster.`;
}

const WHAT: Record<ItemKind, string> = { set: 'parameter set', study: 'study', figure: 'figure' };

/** The confirmation text for deleting an item: what else changes (deleteEffects), and that Undo restores it. */
export function deleteMessage(doc: ProjectDocument, kind: ItemKind, id: string): string {
  const list: { id: string; name: string }[] = kind === 'set' ? doc.parameterSets : kind === 'study' ? doc.studies : doc.figures;
  const name = unicodeText(list.find((x) => x.id === id)?.name ?? id);
  const e: DeleteEffects = deleteEffects(doc, kind, id);
  const parts: string[] = [`Delete the ${WHAT[kind]} "${name}"?`];
  const study = kind === 'study' ? doc.studies.find((s) => s.id === id) : undefined;
  if (study?.result) parts.push('Its stored result is deleted with it.');
  if (e.detachedStudies.length) parts.push(`${e.detachedStudies.length === 1 ? 'The study' : 'The studies'} ${e.detachedStudies.map((n) => `"${unicodeText(n)}"`).join(', ')} ${e.detachedStudies.length === 1 ? 'uses' : 'use'} it and will keep its values as ${e.detachedStudies.length === 1 ? 'its' : 'their'} own.`);
  if (e.removedPanels.length) parts.push(`${e.removedPanels.length === 1 ? 'One figure panel draws' : `${e.removedPanels.length} figure panels draw`} it and ${e.removedPanels.length === 1 ? 'is' : 'are'} removed: ${e.removedPanels.map((p) => `${unicodeText(p.figure)} panel ${p.panel + 1}`).join(', ')}.`);
  if (e.removedSeries) parts.push(`${e.removedSeries === 1 ? 'One overlaid curve comes' : `${e.removedSeries} overlaid curves come`} from it and ${e.removedSeries === 1 ? 'is' : 'are'} removed.`);
  parts.push('Undo (Ctrl+Z) restores everything.');
  return parts.join(' ');
}

// ---- figures ----

function figureIn(doc: ProjectDocument, id: string): Figure {
  const f = doc.figures.find((x) => x.id === id);
  if (!f) throw new ParameterError('figure', `no figure "${id}"`);
  return f;
}

/** Set a figure's grid; it must hold its panels. */
export function setLayout(doc: ProjectDocument, figureId: string, rows: number, cols: number): ProjectDocument {
  const next = cloneDoc(doc);
  const f = figureIn(next, figureId);
  for (const [k, v] of [['rows', rows], ['cols', cols]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 6) throw new ParameterError(`layout.${k}`, `must be a whole number from 1 to 6, got ${v}`);
  }
  if (f.panels.length > rows * cols) throw new ParameterError('layout', `${f.panels.length} panels do not fit a ${rows} × ${cols} grid; remove panels first`);
  f.layout = { rows, cols };
  return next;
}

/** The quantities a study can draw: its stored result's, else what it keeps, else its model's catalogue. */
export function studyQuantities(study: Study, models: ModelInfo[], doc?: ProjectDocument): { key: string; symbol: string; label: string; unit: string }[] {
  const model = models.find((m) => m.id === study.model);
  const catalogue = model ? modelAt(model, doc ? studyParams(doc, study) : study.params).quantities : [];
  if (study.result?.quantities?.length) return study.result.quantities;
  if (study.quantities) return study.quantities.map((k) => catalogue.find((q) => q.key === k) ?? { key: k, symbol: k, label: k, unit: '' });
  return catalogue;
}

/** A new panel drawing `study`: a heatmap of its first quantity for a 2-D sweep, else a line of it against its first axis. */
export function newPanel(study: Study, models: ModelInfo[], doc?: ProjectDocument): Panel {
  if (isDynamicsKind(study.kind)) {
    const model = models.find((m) => m.id === study.model);
    const info = model?.runs?.[study.kind];
    if (!info) throw new ParameterError('panel.study', `the model of "${unicodeText(study.name)}" has no ${study.kind} runs to draw`);
    const traces = (study[study.kind]?.traces as string[] | undefined) ?? traceNamesAt(model, study.kind, doc ? studyParams(doc, study) : study.params);
    return defaultTracePanel(study, info, traces, DEFAULT_FIELD[study.kind]);
  }
  if (study.kind === 'continuation') return { study: study.id, kind: 'branches' };
  const q = studyQuantities(study, models)[0]?.key;
  if (!q) throw new ParameterError('panel.study', `the study "${unicodeText(study.name)}" yields no quantity to draw`);
  if (study.kind === 'sweep' && (study.axes?.length ?? 0) > 1) return { study: study.id, kind: 'heatmap', x: study.axes![0]!.key, quantity: q };
  if (study.kind === 'simulate') return { study: study.id, kind: 'trace', series: [{ quantity: q }] };
  return { study: study.id, kind: 'line', ...(study.axes?.[0] ? { x: study.axes[0].key } : {}), series: [{ quantity: q }] };
}

/** Add a panel (growing the grid by a row when it is full). */
export function addPanel(doc: ProjectDocument, figureId: string, panel: Panel): ProjectDocument {
  const next = cloneDoc(doc);
  const f = figureIn(next, figureId);
  f.panels.push(structuredClone(panel));
  if (f.panels.length > f.layout.rows * f.layout.cols) {
    if (f.layout.rows * f.layout.cols === 1 && f.panels.length === 2) f.layout = { rows: 1, cols: 2 };
    else f.layout = { rows: f.layout.rows + 1, cols: f.layout.cols };
  }
  return next;
}

export function removePanel(doc: ProjectDocument, figureId: string, index: number): ProjectDocument {
  const next = cloneDoc(doc);
  const f = figureIn(next, figureId);
  if (!f.panels[index]) throw new ParameterError(`panels[${index}]`, 'no such panel');
  f.panels.splice(index, 1);
  return next;
}

/** Move a panel by `delta` places in reading order. */
export function movePanel(doc: ProjectDocument, figureId: string, index: number, delta: number): ProjectDocument {
  const next = cloneDoc(doc);
  const f = figureIn(next, figureId);
  const to = index + delta;
  if (!f.panels[index] || to < 0 || to >= f.panels.length) throw new ParameterError(`panels[${index}]`, `cannot move to position ${to + 1}`);
  const [p] = f.panels.splice(index, 1);
  f.panels.splice(to, 0, p!);
  return next;
}

/**
 * Change fields of a panel; `undefined` in the patch removes a field. Changing the panel's study
 * keeps the series that name their own study.
 */
export function updatePanel(doc: ProjectDocument, figureId: string, index: number, patch: Partial<Record<keyof Panel, unknown>>): ProjectDocument {
  const next = cloneDoc(doc);
  const f = figureIn(next, figureId);
  const p = f.panels[index] as unknown as Record<string, unknown> | undefined;
  if (!p) throw new ParameterError(`panels[${index}]`, 'no such panel');
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === '') delete p[k];
    else p[k] = structuredClone(v);
  }
  const panel = p as unknown as Panel;
  if ((panel.kind === 'heatmap' || panel.kind === 'contour') && !panel.quantity) {
    const q = panel.series?.[0]?.quantity;
    if (q) panel.quantity = q;
  }
  if ((panel.kind === 'line' || panel.kind === 'bar' || panel.kind === 'trace') && !panel.series?.length && panel.quantity) panel.series = [{ quantity: panel.quantity }];
  return next;
}

/** A range typed as two numbers ('' for none): [lo, hi] or undefined; throws naming the field. */
export function parseRange(field: string, lo: string, hi: string): [number, number] | undefined {
  if (!lo.trim() && !hi.trim()) return undefined;
  const a = parseNumber(`${field} (from)`, lo);
  const b = parseNumber(`${field} (to)`, hi);
  if (!(a < b)) throw new ParameterError(field, `"from" (${a}) must be below "to" (${b})`);
  return [a, b];
}

/** Texts for the pair of range inputs. */
export function rangeTexts(r: [number, number] | undefined): [string, string] {
  return r ? [String(r[0]), String(r[1])] : ['', ''];
}

/**
 * Text for a native option list (which cannot show markup): "label (symbol)" with the symbol in
 * Unicode sub/superscripts, or the label alone when the symbol has no plain Unicode form.
 */
export function optionText(symbol: string, label: string): string {
  const u = unicodeText(symbol);
  const clean = !/[_^{}]/.test(u);
  const l = label.replace(/\s*\|.*\|\s*/g, ' ').trim();
  if (!l) return clean ? u : unicodeText(symbol).replace(/[_^{}]/g, '');
  return clean && u !== l ? `${l} (${u})` : l;
}
