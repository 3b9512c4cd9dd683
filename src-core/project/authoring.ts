/**
 * Authoring a project document: add, duplicate, rename and delete parameter sets, studies and
 * figures. One implementation for the app (each edit is one undoable `editProject` step) and the
 * command line (`nrlab add …`). Every function returns a new document and never modifies its
 * input; a bad request is a ParameterError naming the field and why. The document each function
 * returns passes `validateProject` (checked before it is returned).
 *
 * Ids of new items are short and readable (`set-1`, `study-3`, `figure-2`: the smallest number not
 * in use); items are found by id, by exact name, or by a unique id prefix (`findItem`).
 */
import { ParameterError, shown } from '../errors.js';
import { getModel, listModels } from '../models/registry.js';
import type { ParamInput } from '../models/params.js';
import type { StudyAxis } from '../studies/grid.js';
import { DYNAMICS_KINDS, isTraceKind, traceKindProblem } from './trace-study.js';
import type { AxisSamplesSettings, ContinuationSettings, Figure, OptimizeSettings, Panel, ParameterSet, ProjectDocument, PulseSettings, SimulateSettings, Study } from './types.js';
import { ProjectFileError, validateProject } from './validate.js';

export type ItemKind = 'set' | 'study' | 'figure';

interface Named {
  id: string;
  name: string;
}

const ID_PREFIX: Record<ItemKind, string> = { set: 'set', study: 'study', figure: 'figure' };
const WHAT: Record<ItemKind, string> = { set: 'parameter set', study: 'study', figure: 'figure' };
/** Longest name (as the project schema allows ids and names). */
export const MAX_NAME_LENGTH = 200;

function listOf(doc: ProjectDocument, kind: ItemKind): Named[] {
  return kind === 'set' ? doc.parameterSets : kind === 'study' ? doc.studies : doc.figures;
}

const clone = (doc: ProjectDocument): ProjectDocument => structuredClone(doc);

/** The smallest `<kind>-N` not used as an id. */
export function nextId(doc: ProjectDocument, kind: ItemKind): string {
  const used = new Set(listOf(doc, kind).map((x) => x.id));
  for (let n = 1; ; n++) {
    const id = `${ID_PREFIX[kind]}-${n}`;
    if (!used.has(id)) return id;
  }
}

/** `base` if no item of this kind has that name, else `base 2`, `base 3`, … */
export function uniqueName(doc: ProjectDocument, kind: ItemKind, base: string): string {
  const used = new Set(listOf(doc, kind).map((x) => x.name));
  if (!used.has(base)) return base;
  const stem = base.replace(/ \d+$/, '');
  for (let n = 2; ; n++) {
    const name = `${stem} ${n}`;
    if (!used.has(name)) return name;
  }
}

/** A name as typed: trimmed, non-empty, not too long, no control characters, unique among its kind. */
export function checkName(doc: ProjectDocument, kind: ItemKind, name: unknown, except?: string, field = 'name'): string {
  if (typeof name !== 'string') throw new ParameterError(field, `must be text, got ${shown(name)}`);
  const t = name.trim();
  if (!t) throw new ParameterError(field, `a ${WHAT[kind]} needs a name`);
  if (t.length > MAX_NAME_LENGTH) throw new ParameterError(field, `is ${t.length} characters long; at most ${MAX_NAME_LENGTH}`);
  if (/[\u0000-\u001f\u007f]/.test(t)) throw new ParameterError(field, 'must not contain control characters (line breaks, tabs)');
  const clash = listOf(doc, kind).find((x) => x.name === t && x.id !== except);
  if (clash) throw new ParameterError(field, `another ${WHAT[kind]} is already called "${t}" (names are unique within a project)`);
  return t;
}

/**
 * The item a user means by `ref`: its id, its exact name, or a prefix of exactly one id (the
 * short id). Throws a ParameterError naming `field` and the items that exist.
 */
export function findItem<K extends ItemKind>(doc: ProjectDocument, kind: K, ref: unknown, field: string = kind): K extends 'set' ? ParameterSet : K extends 'study' ? Study : Figure {
  type Out = K extends 'set' ? ParameterSet : K extends 'study' ? Study : Figure;
  const list = listOf(doc, kind);
  const known = (): string => (list.length ? `; the project has ${list.map((x) => (x.id === x.name ? `"${x.id}"` : `"${x.name}" (${x.id})`)).join(', ')}` : `; the project has no ${WHAT[kind]}s`);
  if (typeof ref !== 'string' || !ref) throw new ParameterError(field, `must name a ${WHAT[kind]} by name or id, got ${shown(ref)}${known()}`);
  const exact = list.find((x) => x.id === ref) ?? list.find((x) => x.name === ref);
  if (exact) return exact as Out;
  const byPrefix = list.filter((x) => x.id.startsWith(ref));
  if (byPrefix.length === 1) return byPrefix[0] as Out;
  if (byPrefix.length > 1) throw new ParameterError(field, `"${ref}" matches several ${WHAT[kind]} ids (${byPrefix.map((x) => x.id).join(', ')}); give more of the id or the name`);
  throw new ParameterError(field, `no ${WHAT[kind]} "${ref}"${known()}`);
}

/**
 * The document, checked as a file would be (everywhere, the renderer included: the schema is
 * precompiled); a problem is reported as a ParameterError naming its path.
 */
function checked(doc: ProjectDocument): ProjectDocument {
  try {
    validateProject(doc);
  } catch (e) {
    if (e instanceof ProjectFileError) throw new ParameterError(e.param ?? 'project', e.reason ?? e.message);
    throw e;
  }
  return doc;
}

function modelOf(id: unknown, field = 'model'): string {
  if (id === undefined) {
    const first = listModels()[0];
    if (!first) throw new ParameterError(field, 'no model is registered');
    return first.id;
  }
  return getModel(id as string).id;
}

export interface NewParameterSet {
  name?: string;
  model?: string;
  params?: ParamInput;
  notes?: string;
}

/** Add a parameter set (default: the first model's defaults, named "Parameters"). */
export function addParameterSet(doc: ProjectDocument, init: NewParameterSet = {}): { doc: ProjectDocument; id: string } {
  const model = modelOf(init.model);
  const next = clone(doc);
  const id = nextId(next, 'set');
  const name = init.name === undefined ? uniqueName(next, 'set', 'Parameters') : checkName(next, 'set', init.name);
  const set: ParameterSet = { id, name, model, params: { ...(init.params ?? {}) } };
  if (init.notes) set.notes = init.notes;
  next.parameterSets.push(set);
  return { doc: checked(next), id };
}

/** Every study kind, as `addStudy` and `nrlab add study --kind` take them. */
export const STUDY_KINDS: readonly Study['kind'][] = ['point', 'sweep', 'simulate', 'optimize', 'correlation', 'spectrum', 'pulse', 'continuation'];

/** A new study's default name by kind (then "… 2", "… 3"). */
const DEFAULT_NAMES: Record<'simulate' | 'correlation' | 'spectrum' | 'pulse' | 'continuation', string> = { simulate: 'Time domain', correlation: 'Correlation', spectrum: 'Spectrum', pulse: 'Pulse', continuation: 'Branches' };

export interface NewStudy {
  name?: string;
  title?: string;
  kind?: Study['kind'];
  /** Default: the parameter set's model, else the first registered model. */
  model?: string;
  /** Parameter set by id, name or short id. */
  parameterSet?: string;
  params?: ParamInput;
  axes?: StudyAxis[];
  quantities?: string[];
  simulate?: SimulateSettings;
  /** A correlation study's τ samples and traces (absent: the run's defaults). */
  correlation?: AxisSamplesSettings;
  /** A spectrum study's ω samples and traces (absent: the run's defaults). */
  spectrum?: AxisSamplesSettings;
  /** A pulse study's drive envelope, run length, initial state and traces (absent: the run's defaults). */
  pulse?: PulseSettings;
  /** An optimize study's objective, varied parameters with bounds, and evaluation limit. */
  optimize?: OptimizeSettings;
  /** A continuation study's varied parameter and range, port, and time-domain sweep. */
  continuation?: ContinuationSettings;
  notes?: string;
}

/**
 * Add a study. A sweep needs one or two axes; a point, simulate, optimize, correlation, spectrum or
 * pulse study none; an optimize study needs its settings (objective and 1–4 varied parameters); a
 * correlation, spectrum or pulse study's settings are optional (the run's defaults) and its model
 * must have runs of that kind. The model, the
 * parameters, the axes and the quantities are checked as a project file's are.
 */
export function addStudy(doc: ProjectDocument, init: NewStudy = {}): { doc: ProjectDocument; id: string } {
  const next = clone(doc);
  const set = init.parameterSet !== undefined ? findItem(next, 'set', init.parameterSet, 'parameterSet') : undefined;
  const model = modelOf(init.model ?? set?.model);
  if (set && set.model !== model) throw new ParameterError('parameterSet', `"${set.name}" is a parameter set of model ${set.model}, the study uses ${model}`);
  const kind = init.kind ?? (init.axes?.length ? 'sweep' : 'point');
  if (!STUDY_KINDS.includes(kind)) throw new ParameterError('kind', `must be ${STUDY_KINDS.slice(0, -1).join(', ')} or ${STUDY_KINDS[STUDY_KINDS.length - 1]}, got ${shown(kind)}`);
  // a trace study's model must have runs of its kind; no study carries another kind's settings
  if (isTraceKind(kind)) {
    const why = traceKindProblem(getModel(model), kind);
    if (why) throw new ParameterError('kind', why);
  }
  for (const k of DYNAMICS_KINDS) if (k !== kind && init[k] !== undefined) throw new ParameterError(k, `${kind === 'optimize' ? 'an' : 'a'} ${kind} study has no ${k} settings`);
  if (kind === 'optimize' && !init.optimize) throw new ParameterError('optimize', 'an optimize study needs an objective and the parameters it varies');
  if (kind !== 'optimize' && init.optimize) throw new ParameterError('optimize', `a ${kind} study has no optimize settings`);
  if (kind === 'continuation' && !init.continuation) throw new ParameterError('continuation', 'a continuation study needs the parameter it varies and its range');
  if (kind !== 'continuation' && init.continuation) throw new ParameterError('continuation', `${kind === 'optimize' ? 'an' : 'a'} ${kind} study has no continuation settings`);
  if (kind === 'sweep' && !init.axes?.length) throw new ParameterError('axes', 'a sweep needs one or two axes');
  if (kind !== 'sweep' && init.axes?.length) throw new ParameterError('axes', `${kind === 'optimize' ? 'an' : 'a'} ${kind} study has no axes`);
  if (init.axes && init.axes.length > 2) throw new ParameterError('axes', `a study has one or two axes, got ${init.axes.length}`);
  const id = nextId(next, 'study');
  const name = init.name === undefined ? uniqueName(next, 'study', kind === 'sweep' ? (init.axes!.length === 2 ? 'Map' : 'Sweep') : kind === 'point' ? 'Point' : kind === 'optimize' ? 'Optimum' : DEFAULT_NAMES[kind]) : checkName(next, 'study', init.name);
  const study: Study = { id, name, kind, model, params: { ...(init.params ?? {}) } };
  if (init.title) study.title = init.title;
  if (set) study.parameterSet = set.id;
  if (init.axes?.length) study.axes = structuredClone(init.axes);
  if (init.quantities?.length) study.quantities = [...init.quantities];
  if (init.simulate) study.simulate = { ...init.simulate };
  for (const k of DYNAMICS_KINDS) if (init[k] !== undefined) Object.assign(study, { [k]: structuredClone(init[k]) });
  if (init.optimize) study.optimize = structuredClone(init.optimize);
  if (init.continuation) study.continuation = structuredClone(init.continuation);
  if (init.notes) study.notes = init.notes;
  next.studies.push(study);
  return { doc: checked(next), id };
}

export interface NewFigure {
  name?: string;
  title?: string;
  caption?: string;
  /** Default: the smallest near-square grid that holds the panels (one panel: 1 × 1). */
  layout?: { rows: number; cols: number };
  /** Panels; `study` and `series[].study` may be given by name or short id. */
  panels?: Panel[];
  style?: Figure['style'];
}

/** A near-square grid for n panels: 1→1×1, 2→1×2, 3→1×3, 4→2×2, 5–6→2×3, 7–9→3×3, … */
export function gridFor(n: number): { rows: number; cols: number } {
  if (n <= 3) return { rows: 1, cols: Math.max(1, n) };
  const cols = Math.ceil(Math.sqrt(n));
  return { rows: Math.ceil(n / cols), cols };
}

const LAYOUT_MAX = 6;

function checkLayout(layout: unknown, panels: number): { rows: number; cols: number } {
  const l = layout as { rows?: unknown; cols?: unknown };
  for (const k of ['rows', 'cols'] as const) {
    const v = l?.[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > LAYOUT_MAX) throw new ParameterError(`layout.${k}`, `must be a whole number from 1 to ${LAYOUT_MAX}, got ${shown(v)}`);
  }
  const out = { rows: l.rows as number, cols: l.cols as number };
  if (panels > out.rows * out.cols) throw new ParameterError('layout', `${panels} panels do not fit a ${out.rows} × ${out.cols} grid`);
  return out;
}

/**
 * Panels with their study references resolved to ids (name or short id accepted). In a panel that
 * overlays curves from several studies, a curve without a label is labelled with its study's name
 * (two curves of T_{a→c} from two studies would otherwise share one legend entry).
 */
function resolvePanels(doc: ProjectDocument, panels: Panel[]): Panel[] {
  return panels.map((p, i) => {
    const out: Panel = structuredClone(p);
    const main = findItem(doc, 'study', p.study, `panels[${i}].study`);
    out.study = main.id;
    const studies = p.series?.map((s, j) => (s.study === undefined ? main : findItem(doc, 'study', s.study, `panels[${i}].series[${j}].study`)));
    const overlay = new Set(studies?.map((s) => s.id)).size > 1;
    out.series = p.series?.map((s, j) => {
      const st = studies![j]!;
      const label = s.label ?? (overlay ? st.name : undefined);
      return { ...s, ...(s.study === undefined ? {} : { study: st.id }), ...(label === undefined ? {} : { label }) };
    });
    if (out.series === undefined) delete out.series;
    return out;
  });
}

/** Add a figure (default: an empty 1 × 1 figure named "Figure"). */
export function addFigure(doc: ProjectDocument, init: NewFigure = {}): { doc: ProjectDocument; id: string } {
  const next = clone(doc);
  const panels = resolvePanels(next, init.panels ?? []);
  const layout = checkLayout(init.layout ?? gridFor(panels.length), panels.length);
  const id = nextId(next, 'figure');
  const name = init.name === undefined ? uniqueName(next, 'figure', 'Figure') : checkName(next, 'figure', init.name);
  const fig: Figure = { id, name, layout, panels };
  if (init.title) fig.title = init.title;
  if (init.caption) fig.caption = init.caption;
  if (init.style) fig.style = { ...init.style };
  next.figures.push(fig);
  return { doc: checked(next), id };
}

/**
 * Duplicate an item under a new name (default "<name> copy"), placed right after it. A duplicated
 * study has no result: a result belongs to the run that made it.
 */
export function duplicateItem(doc: ProjectDocument, kind: ItemKind, ref: string, name?: string): { doc: ProjectDocument; id: string } {
  const next = clone(doc);
  const src = findItem(next, kind, ref) as Named;
  const list = listOf(next, kind);
  const id = nextId(next, kind);
  const copy = structuredClone(src) as Named & { result?: unknown };
  copy.id = id;
  copy.name = name === undefined ? uniqueName(next, kind, `${src.name} copy`) : checkName(next, kind, name);
  delete copy.result;
  list.splice(list.indexOf(src) + 1, 0, copy);
  return { doc: checked(next), id };
}

/** Rename an item; the new name must be unique among its kind. */
export function renameItem(doc: ProjectDocument, kind: ItemKind, ref: string, name: string): ProjectDocument {
  const next = clone(doc);
  const item = findItem(next, kind, ref) as Named;
  item.name = checkName(next, kind, name, item.id);
  return checked(next);
}

/** What deleting an item changes besides removing it. */
export interface DeleteEffects {
  /** Studies that used a deleted parameter set: they keep its values as their own. */
  detachedStudies: string[];
  /** Figure panels (figure name, panel index) removed because they drew a deleted study. */
  removedPanels: { figure: string; panel: number }[];
  /** Overlay series removed because they came from a deleted study. */
  removedSeries: number;
}

/** What `deleteItem` would change besides the item itself (for a confirmation). */
export function deleteEffects(doc: ProjectDocument, kind: ItemKind, ref: string): DeleteEffects {
  return deleteItem(doc, kind, ref).effects;
}

/**
 * Delete an item. Studies using a deleted parameter set keep its values as their own parameters;
 * figure panels drawing a deleted study are removed, as are overlay series taken from it.
 */
export function deleteItem(doc: ProjectDocument, kind: ItemKind, ref: string): { doc: ProjectDocument; effects: DeleteEffects } {
  const next = clone(doc);
  const item = findItem(next, kind, ref) as Named;
  const effects: DeleteEffects = { detachedStudies: [], removedPanels: [], removedSeries: 0 };
  if (kind === 'set') {
    const set = item as ParameterSet;
    for (const s of next.studies) {
      if (s.parameterSet !== set.id) continue;
      s.params = { ...set.params, ...s.params };
      delete s.parameterSet;
      effects.detachedStudies.push(s.name);
    }
    next.parameterSets = next.parameterSets.filter((x) => x !== set);
  } else if (kind === 'study') {
    for (const f of next.figures) {
      const kept: Panel[] = [];
      f.panels.forEach((p, i) => {
        if (p.study === item.id) {
          effects.removedPanels.push({ figure: f.name, panel: i });
          return;
        }
        if (p.series?.some((s) => s.study === item.id)) {
          const before = p.series.length;
          p.series = p.series.filter((s) => s.study !== item.id);
          effects.removedSeries += before - p.series.length;
        }
        kept.push(p);
      });
      f.panels = kept;
    }
    next.studies = next.studies.filter((x) => x !== item);
  } else {
    next.figures = next.figures.filter((x) => x !== item);
  }
  return { doc: checked(next), effects };
}

/** Move an item to a new position among its kind (0 = first). */
export function moveItem(doc: ProjectDocument, kind: ItemKind, ref: string, to: number): ProjectDocument {
  const next = clone(doc);
  const list = listOf(next, kind);
  const item = findItem(next, kind, ref) as Named;
  if (!Number.isInteger(to) || to < 0 || to >= list.length) throw new ParameterError('position', `must be a whole number from 0 to ${list.length - 1}, got ${shown(to)}`);
  list.splice(list.indexOf(item), 1);
  list.splice(to, 0, item);
  return next;
}
