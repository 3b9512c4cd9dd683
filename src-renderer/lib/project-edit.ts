import type { ProjectSnapshot } from '../../src-core/contract/api';
import type { ParamSchema } from '../../src-core/models/params';
import { findModel } from '../../src-core/models/registry';
import type { ProjectDocument, Provenance, StoredResult, Study } from '../../src-core/project/types';
import { isListAxis, type StudyAxis } from '../../src-core/studies/grid';
import { formatCount, formatParamValue, formatSeconds } from '../../src-core/figures/format';
import { unicodeText } from '../../src-core/figures/rich-text';
import { figureStudyIds, needsConfirmation, resultFreshness, studyParams, type ResultFreshness } from '../../src-core/project/fingerprint';

/**
 * Edits of a project document as the renderer makes them: every edit is a whole new document
 * (a deep copy with one change) sent with `editProject` and a label for the Undo menu.
 */

export const cloneDoc = (doc: ProjectDocument): ProjectDocument => structuredClone(doc);

/** A stored parameter value as the user typed it: `-pi/4`, `0.5`, `auto`. */
export function paramText(v: unknown): string {
  if (typeof v === 'number') return formatParamValue(v);
  if (typeof v === 'string') return v;
  return '';
}

const PLAIN_NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** The value to store for a typed text: a number when it is a plain number, else the expression as typed. */
export function storedValue(text: string): number | string {
  const t = text.trim();
  if (PLAIN_NUMBER.test(t)) return Number(t);
  return t;
}

/** The symbol of a parameter in plain text for labels: kappa_b → κ_b. */
export function paramSymbol(schema: ParamSchema | undefined, key: string): string {
  const spec = schema?.params.find((p) => p.key === key);
  if (!spec) return key;
  return spec.kind === 'number' ? unicodeText(spec.symbol) : spec.label;
}

/** Set one parameter of a study (its own override). */
export function setStudyParam(doc: ProjectDocument, studyId: string, key: string, text: string): ProjectDocument {
  const next = cloneDoc(doc);
  const s = next.studies.find((x) => x.id === studyId);
  if (s) s.params = { ...s.params, [key]: storedValue(text) };
  return next;
}

/** Set one parameter of a parameter set. */
export function setSetParam(doc: ProjectDocument, setId: string, key: string, text: string): ProjectDocument {
  const next = cloneDoc(doc);
  const p = next.parameterSets.find((x) => x.id === setId);
  if (p) p.params = { ...p.params, [key]: storedValue(text) };
  return next;
}

/** Replace one axis of a study. */
export function setStudyAxis(doc: ProjectDocument, studyId: string, index: number, axis: StudyAxis): ProjectDocument {
  const next = cloneDoc(doc);
  const s = next.studies.find((x) => x.id === studyId);
  if (s?.axes?.[index]) s.axes[index] = axis;
  return next;
}

/** The icon of a study's kind (tree, inspector). */
export function studyIcon(s: Study): 'point' | 'wave' | 'flask' | 'correlation' | 'spectrum' | 'pulse' | 'grid' | 'line' | 'branches' {
  if (s.kind === 'point') return 'point';
  if (s.kind === 'continuation') return 'branches';
  if (s.kind === 'simulate') return 'wave';
  if (s.kind === 'optimize') return 'flask';
  if (s.kind === 'correlation' || s.kind === 'spectrum' || s.kind === 'pulse') return s.kind;
  return (s.axes?.length ?? 0) > 1 ? 'grid' : 'line';
}

/** What a study is, in words: '2-D sweep', 'Point solve', 'Emission spectrum' (plain text). */
export function studyKindText(s: Study): string {
  switch (s.kind) {
    case 'sweep':
      return `${s.axes?.length ?? 0}-D sweep`;
    case 'point':
      return 'Point solve';
    case 'optimize':
      return 'Optimisation';
    case 'simulate':
      return 'Time-domain simulation';
    case 'correlation':
      return 'Intensity correlation';
    case 'spectrum':
      return 'Emission spectrum';
    case 'pulse':
      return 'Pulse response';
    case 'continuation':
      return 'Steady-state branches';
  }
}

/** Points of a study's grid (1 for point and simulate studies). */
export function studyPoints(study: Study): number {
  if (study.kind !== 'sweep') return 1;
  return (study.axes ?? []).reduce((n, a) => n * (isListAxis(a) ? a.values.length : a.count), 1);
}

/** What one run of a study computes: '1,681 points', 'one solve', 'one time-domain run', 'an optimisation (≤ 200 evaluations)'. */
export function studyWork(study: Study): string {
  if (study.kind === 'sweep') return `${formatCount(studyPoints(study))} points`;
  if (study.kind === 'point') return 'one solve';
  if (study.kind === 'correlation') return 'one correlation run';
  if (study.kind === 'spectrum') return 'one spectrum run';
  if (study.kind === 'pulse') return 'one pulse run';
  if (study.kind === 'optimize') return `an optimisation over ${study.optimize?.vary.length ?? 0} ${study.optimize?.vary.length === 1 ? 'parameter' : 'parameters'}${study.optimize?.maxEvaluations ? ` (≤ ${formatCount(study.optimize.maxEvaluations)} evaluations)` : ''}`;
  if (study.kind === 'continuation') {
    const steps = study.continuation?.sweepSteps;
    const what = study.continuation?.vary === 'omega' ? ' over ω' : study.continuation?.vary === 'amplitude' ? ' over |s₊|' : '';
    return `every steady-state branch${what}${steps === 0 ? '' : ` and a ${steps ?? 81}-value up/down sweep`}`;
  }
  return 'one time-domain run';
}

/** A short description of an axis: 'Δ −2 … 2 (161)', 'κ_b ∈ {0, 1}'. */
export function axisSummary(axis: StudyAxis, symbol: string): string {
  if (isListAxis(axis)) return `${symbol} ∈ {${axis.values.map((v) => paramText(v)).join(', ')}}`;
  return `${symbol} ${paramText(axis.start)} … ${paramText(axis.stop)} (${formatCount(axis.count)}${axis.spacing === 'log' ? ', log' : ''})`;
}

/**
 * What running a study will cost, as far as the renderer can tell: the number of points and the
 * truncation the solver uses, and — when the study ran before with the same grid — a time from
 * that run's measured wall time.
 */
export function costEstimate(doc: ProjectDocument, study: Study, workers: number): { points: string; truncation: string; time: string } {
  const n = studyPoints(study);
  const params = studyParams(doc, study);
  const truncation = findModel(study.model)?.describeSolver(params) ?? '';
  let time = '';
  const r = study.result;
  const done = r?.done ?? (r?.status === 'succeeded' ? (r.total ?? n) : 0);
  if (r && r.status !== 'failed' && done > 0 && r.provenance.wallMs > 0) {
    const perPoint = (r.provenance.wallMs * (r.provenance.workers ?? workers)) / done;
    const ms = (perPoint * n) / Math.max(1, workers);
    time = `≈ ${formatSeconds(ms)} on ${workers} ${workers === 1 ? 'worker' : 'workers'} (from the last run)`;
  }
  return { points: studyWork(study), truncation, time };
}

/** The solver settings of a provenance as one line: 'basis total · fock auto'. */
export function truncationText(p: Provenance): string {
  const t = p.truncation;
  if (!t || Object.keys(t).length === 0) return '—';
  return Object.entries(t)
    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** A date as the user's locale prints it, with the time. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Badge of a study in the tree: not run, done, partial (cancelled), failed, or running. */
export type StudyState = 'none' | 'succeeded' | 'cancelled' | 'failed' | 'running';

export function studyState(snapshot: ProjectSnapshot, study: Study): StudyState {
  if (snapshot.running[study.id]) return 'running';
  return study.result?.status ?? 'none';
}

export function resultSummary(r: StoredResult | undefined): string {
  if (!r) return 'not run yet';
  const n = r.total !== undefined ? ` — ${formatCount(r.done ?? 0)} / ${formatCount(r.total)} points` : '';
  if (r.status === 'succeeded') return `completed${r.total !== undefined ? ` — ${formatCount(r.total)} points` : ''}`;
  if (r.status === 'cancelled') return `cancelled${n} (resumable)`;
  return `failed${n}`;
}

/** Freshness per document snapshot (every change brings a new document object): the tree, tabs and panels ask often. */
const freshnessCache = new WeakMap<ProjectDocument, WeakMap<Study, ResultFreshness>>();

/** Is the study's stored result still the answer to its inputs? (Decided in src-core: fingerprint.ts.) */
export function freshnessOf(doc: ProjectDocument, study: Study): ResultFreshness {
  let perDoc = freshnessCache.get(doc);
  if (!perDoc) freshnessCache.set(doc, (perDoc = new WeakMap()));
  let f = perDoc.get(study);
  if (!f) perDoc.set(study, (f = resultFreshness(doc, study)));
  return f;
}

/** A stale result (its inputs changed since the run) or an unverified one (inputs not recorded): shown marked. */
export function isMarkedStale(f: ResultFreshness): boolean {
  return needsConfirmation(f);
}

/** The word marking it: 'stale' or 'unverified' ('' when fresh or not run). */
export function staleWord(f: ResultFreshness): string {
  return f.state === 'stale' ? 'stale' : f.state === 'unknown' ? 'unverified' : '';
}

/** resultSummary with the stale mark: "completed — 72 points · stale". */
export function studySummary(doc: ProjectDocument, study: Study): string {
  const word = staleWord(freshnessOf(doc, study));
  return `${resultSummary(study.result)}${word ? ` · ${word}` : ''}`;
}

/** Studies drawn by a figure whose results are stale or unverified. */
export function staleStudiesOfFigure(doc: ProjectDocument, figureId: string): Study[] {
  return figureStudyIds(doc, figureId)
    .map((id) => doc.studies.find((s) => s.id === id))
    .filter((s): s is Study => !!s && isMarkedStale(freshnessOf(doc, s)));
}

/** The file name of a path (either separator). */
export function baseName(path: string | undefined): string {
  if (!path) return '';
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** The folder of a path, with its trailing separator ('' when none). */
export function dirName(path: string | undefined): string {
  if (!path) return '';
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(0, i + 1) : '';
}

/** A file name for a project title: 'Loss-induced (Li et al.)' → 'Loss-induced-Li-et-al.nrlab'. */
export function fileNameFor(title: string): string {
  const slug = title
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .slice(0, 60)
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${slug || 'project'}.nrlab`;
}
