/**
 * An in-memory backend for component tests: the real contract layer (Dispatcher, EventBus,
 * createApi, so errors cross it exactly as over IPC / WebSocket) over hand-written handlers.
 * Sweeps are planned with src-core's real planSweep (so bad input is rejected as in the app) but
 * never computed: the test emits 'job.progress' / 'job.data' / 'job.finished' itself.
 */
import { base64, encodePng } from '../../src-core/figures/png';
import { withUnusedHandlers } from './handlers';
import type {
  ChooseFileRequest,
  ChooseFileResponse,
  ExportFileRequest,
  ExportFileResponse,
  FigureExportOptions,
  FigurePreview,
  JobSnapshot,
  NrlabApi,
  ProjectSnapshot,
  RecentProject,
  RecoverableProject,
  SolveRequest,
  SolveResponse,
  StoredStudyResult,
  SweepDataEvent,
  SweepHeader,
  SweepRequest,
} from '../../src-core/contract/api';
import { Dispatcher, EventBus, createApi, type Handlers } from '../../src-core/contract/rpc';
import { ConflictError, ParameterError } from '../../src-core/errors';
import { figureStudyIds, staleResults, staleWarnings, studyFingerprint, studyParams } from '../../src-core/project/fingerprint';
import { figureSize } from '../../src-core/figures/presets';
import { describeModel, getModel, listModels } from '../../src-core/models/registry';
import { EXAMPLES, exampleByName } from '../../src-core/project/examples/index';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument, type RunRecord, type StoredResult } from '../../src-core/project/types';
import { validateProject } from '../../src-core/project/validate';
import { planSweep } from '../../src-core/studies/grid';
import { solvePoint } from '../../src-core/tasks/solver-tasks';
import type { FailedPoint } from '../../src-core/studies/sweep';

/** One open project of the fake backend. */
interface FakeOpen {
  id: string;
  path?: string;
  doc: ProjectDocument;
  dirty: boolean;
  readOnly: boolean;
  warnings: string[];
  undo: { doc: ProjectDocument; label: string }[];
  redo: { doc: ProjectDocument; label: string }[];
  running: Record<string, string>;
  /** Another program wrote the file (externalWrite): save refuses without overwrite. */
  changedOnDisk?: boolean;
}

/**
 * The project side of the fake backend: open projects with undo/redo and dirty state as the real
 * ProjectService keeps them (documents checked with the real validateProject), "files" a test
 * puts in `files` (a document, or an error to throw when opened), stored results a test provides
 * with `storeResult`, and studies that run as fake jobs the test drives.
 */
export interface FakeProjects {
  /** path → document (opened) or error (thrown by openProject). */
  files: Map<string, ProjectDocument | Error>;
  recent: RecentProject[];
  recoverable: RecoverableProject[];
  /** Answers of chooseFile: none (browser mode) unless a test plays Electron's native dialog. */
  native?: (req: ChooseFileRequest) => ChooseFileResponse;
  /** Every project the fake holds open. */
  open: Map<string, FakeOpen>;
  /** The project opened or created last. */
  last(): FakeOpen;
  snapshot(projectId: string): ProjectSnapshot;
  /** Files exportFile wrote (path → what was exported). */
  exported: Map<string, ExportFileRequest>;
  /** Answer previewFigure with this instead of the fake drawing (e.g. to hold it pending or fail). */
  onPreview?: (req: { projectId: string; figureId: string; options?: FigureExportOptions }) => FigurePreview | Promise<FigurePreview>;
  /** Store a result for a study (arrays by quantity, axes for sweeps) and announce the change. */
  storeResult(
    projectId: string,
    studyId: string,
    r: { axes?: { key: string; values: number[] }[]; data?: Record<string, number[]>; status?: StoredResult['status']; output?: unknown; done?: number; runs?: RunRecord[] },
  ): void;
  /** End a running sweep study: store what its job holds (the data the test sent) and announce it. */
  finishStudy(projectId: string, studyId: string, status?: StoredResult['status']): void;
  /** Another program writes a file: projects open on it are flagged changedOnDisk, as the real backend's disk check does. */
  externalWrite(path: string, doc: ProjectDocument): void;
}

export interface FakeBackend {
  api: NrlabApi;
  projects: FakeProjects;
  bus: EventBus;
  calls: { method: string; args: unknown }[];
  sweeps: SweepRequest[];
  /** The snapshot of the last started job, as the backend sees it. */
  job(): JobSnapshot;
  progress(done: number, extra?: Partial<JobSnapshot>): void;
  /** A data event for grid indices [start, end); `failed` points are sent as NaN with their reasons. */
  data(start: number, end: number, fill: (i: number) => Record<string, number>, failed?: FailedPoint[]): void;
  finish(status: 'succeeded' | 'failed' | 'cancelled', extra?: Partial<JobSnapshot>): void;
  /** Make the next startSweep throw this (after validation). */
  failNextStart(err: Error): void;
  /** Answer solvePoint with this instead of the real solver (e.g. to hold it pending, or to fake a warning). */
  onSolve(hook: ((req: SolveRequest) => SolveResponse | Promise<SolveResponse>) | undefined): void;
}

const clone = <T>(v: T): T => structuredClone(v);

/** A small valid project of the three-cavity model: a 1-D sweep, a 2-D sweep, a point study and a figure of each. */
export function smallProject(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Small test project',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [{ id: 'base', name: 'Base point', model: 'three-cavity', params: { solver: 'classical', kappa_b: 1, theta: '-pi/4' } }],
    studies: [
      { id: 'scan', name: 'Detuning scan', kind: 'sweep', model: 'three-cavity', parameterSet: 'base', params: {}, axes: [{ key: 'Delta', start: -2, stop: 2, count: 5 }] },
      {
        id: 'map',
        name: 'Map',
        kind: 'sweep',
        model: 'three-cavity',
        parameterSet: 'base',
        params: {},
        axes: [
          { key: 'Delta', start: -1, stop: 1, count: 3 },
          { key: 'kappa_b', values: [0, 1] },
        ],
      },
      { id: 'pt', name: 'Photon statistics', kind: 'point', model: 'three-cavity', parameterSet: 'base', params: { solver: 'quantum' } },
    ],
    figures: [
      {
        id: 'fig-line',
        name: 'figline',
        title: 'Transmission',
        layout: { rows: 1, cols: 1 },
        panels: [
          {
            study: 'scan',
            kind: 'line',
            x: 'Delta',
            series: [
              { quantity: 'a_to_c.T', label: 'T_{a→c}', color: '#d62728', dash: 'solid' },
              { quantity: 'c_to_a.T', label: 'T_{c→a}', color: '#1f77b4', dash: 'dash' },
            ],
            xLabel: 'Δ/κ',
            yLabel: 'T',
            yRange: [0, 1],
          },
        ],
      },
      {
        id: 'fig-map',
        name: 'figmap',
        title: 'Isolation map',
        layout: { rows: 1, cols: 2 },
        panels: [
          { study: 'map', kind: 'heatmap', quantity: 'isolation', x: 'Delta', colorbarLabel: '𝓘' },
          { study: 'map', kind: 'line', x: 'Delta', series: [{ quantity: 'a_to_c.T' }] },
        ],
      },
      {
        id: 'fig-bar',
        name: 'figbar',
        layout: { rows: 1, cols: 1 },
        panels: [{ study: 'pt', kind: 'bar', series: [{ quantity: 'a_to_c.P_c', label: 'P_{c}(m)' }, { quantity: 'a_to_c.poisson_c', label: '𝒫_{c}(m)' }], logY: true }],
      },
    ],
  };
}

/** The backend's file name for an item's name. */
function fileNameOf(name: string, ext: string): string {
  return `${name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'export'}.${ext}`;
}

const LIMITS = { fontPt: [5, 14, 'pt'], lineWidthPt: [0.25, 4, 'pt'], dpi: [72, 2400, 'dpi'], widthIn: [1, 20, 'in'], heightIn: [0.5, 20, 'in'] } as const;

/**
 * A figure "drawn" for export as the real backend answers: its size from the preset (over the
 * figure's style), the same checks of the options' ranges, and the same error for a panel whose
 * study has no stored result. The SVG is a labelled box of that size.
 */
export function fakePreview(doc: ProjectDocument, figureId: string, options: FigureExportOptions = {}): FigurePreview {
  for (const [k, [lo, hi, unit]] of Object.entries(LIMITS)) {
    const v = options[k as keyof typeof LIMITS];
    if (v !== undefined && (!Number.isFinite(v) || v < lo || v > hi)) throw new ParameterError(k, `must be between ${lo} and ${hi} ${unit}, got ${v}`);
  }
  if (options.preset === 'custom' && options.widthIn === undefined) throw new ParameterError('widthIn', 'a custom size needs a width');
  const f = doc.figures.find((x) => x.id === figureId);
  if (!f) throw new ParameterError('figureId', `no figure "${figureId}" in this project`);
  const warnings: string[] = [];
  f.panels.forEach((p, i) => {
    const s = doc.studies.find((x) => x.id === p.study);
    const name = `panel (${String.fromCharCode(97 + i)})`;
    if (!s?.result) throw new ParameterError('figureId', `figure "${f.name}": ${name} draws study "${s?.name ?? p.study}", which has no stored result yet: run it first`);
    if (s.result.status === 'cancelled') warnings.push(`${name}: study "${s.name}" was cancelled; only the points computed are drawn`);
  });
  const { dpi: _dpi, grayscale, ...style } = options;
  void _dpi;
  const size = figureSize(f.layout, { ...(f.style ?? {}), ...style });
  const ink = grayscale ? '#555555' : '#d62728';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.widthPt}pt" height="${size.heightPt}pt" viewBox="0 0 ${size.widthPt} ${size.heightPt}">` +
    `<rect width="${size.widthPt}" height="${size.heightPt}" fill="#fff"/><text x="10" y="20" font-size="${size.fontPt}" fill="${ink}">${f.name}</text></svg>`;
  // a stand-in raster: one pixel in the ink's colour
  const rgb = [1, 3, 5].map((i) => parseInt(ink.slice(i, i + 2), 16));
  const png = base64(encodePng(1, 1, new Uint8Array([...rgb, 255])));
  return { svg, png, pngWidth: 1, pngHeight: 1, widthPt: size.widthPt, heightPt: size.heightPt, fontPt: size.fontPt, warnings };
}

function createFakeProjects(bus: EventBus, jobs: { start: (req: SweepRequest) => { job: JobSnapshot; header: SweepHeader }; result: (jobId: string) => { job: JobSnapshot; header: SweepHeader; data: Record<string, Float64Array>; failed: FailedPoint[] } }): { projects: FakeProjects; handlers: Partial<Handlers> } {
  const open = new Map<string, FakeOpen>();
  const files = new Map<string, ProjectDocument | Error>();
  const arrays = new Map<string, StoredStudyResult>();
  const recent: RecentProject[] = [];
  const recoverable: RecoverableProject[] = [];
  const exported = new Map<string, ExportFileRequest>();
  let next = 1;
  let lastId = '';
  let resultNo = 1;

  const snapshot = (id: string): ProjectSnapshot => {
    const o = open.get(id);
    if (!o) throw new ParameterError('projectId', `no open project with id "${id}"`);
    return {
      id: o.id,
      ...(o.path ? { path: o.path } : {}),
      doc: clone(o.doc),
      dirty: o.dirty,
      readOnly: o.readOnly,
      warnings: [...o.warnings],
      ...(o.undo.length ? { undoLabel: o.undo.at(-1)!.label } : {}),
      ...(o.redo.length ? { redoLabel: o.redo.at(-1)!.label } : {}),
      running: { ...o.running },
      ...(o.changedOnDisk ? { changedOnDisk: true } : {}),
    };
  };
  const changed = (o: FakeOpen): ProjectSnapshot => {
    const s = snapshot(o.id);
    bus.emit('project.changed', s);
    return s;
  };
  const add = (doc: ProjectDocument, init: Partial<FakeOpen> = {}): ProjectSnapshot => {
    const o: FakeOpen = { id: `p${next++}`, doc: clone(doc), dirty: false, readOnly: false, warnings: [], undo: [], redo: [], running: {}, ...init };
    open.set(o.id, o);
    lastId = o.id;
    return snapshot(o.id);
  };
  const get = (id: string): FakeOpen => {
    const o = open.get(id);
    if (!o) throw new ParameterError('projectId', `no open project with id "${id}"`);
    return o;
  };
  const remember = (path: string, title: string): void => {
    const i = recent.findIndex((r) => r.path === path);
    if (i >= 0) recent.splice(i, 1);
    recent.unshift({ path, title, openedAt: '2026-02-03T10:20:00.000Z' });
  };
  const ref = (entry: string, length: number) => ({ entry, length, encoding: 'f64le' as const, crc32: 0 });

  function store(projectId: string, studyId: string, r: Parameters<FakeProjects['storeResult']>[2]): void {
    const o = get(projectId);
    const study = o.doc.studies.find((s) => s.id === studyId);
    if (!study) throw new Error(`no study ${studyId}`);
    const id = `r-${resultNo++}`;
    const axes = r.axes ?? [];
    const shape = axes.map((a) => a.values.length);
    const total = shape.reduce((a, b) => a * b, 1);
    const result: StoredResult = {
      id,
      status: r.status ?? 'succeeded',
      ...(axes.length ? { shape, axes: axes.map((a, k) => ({ key: a.key, values: ref(`results/${id}/axis${k}.f64`, a.values.length) })) } : {}),
      ...(r.data ? { arrays: Object.fromEntries(Object.entries(r.data).map(([q, v], k) => [q, ref(`results/${id}/q${k}.f64`, v.length)])) } : {}),
      ...(r.data && axes.length
        ? { quantities: Object.keys(r.data).map((k) => ({ key: k, symbol: getModel(study.model).quantities({ solver: 'quantum' } as never).find((q) => q.key === k)?.symbol ?? k, label: k, unit: '' })) }
        : {}),
      ...(axes.length ? { failed: [], done: r.done ?? total, total } : {}),
      ...(r.output !== undefined ? { output: r.output } : {}),
      // the fingerprint of the study's inputs now, as the real backend records at the start of a run
      ...(studyFingerprint(o.doc, study) ? { fingerprint: studyFingerprint(o.doc, study)! } : {}),
      provenance: {
        model: study.model,
        params: { solver: 'classical', basis: 'total', fock: 'auto' },
        solver: 'classical',
        truncation: { basis: 'total', fock: 'auto' },
        app: { name: 'NR Lab', version: '0.0.0-test' },
        date: '2026-02-03T10:00:00.000Z',
        wallMs: r.runs ? r.runs.reduce((t, x) => t + x.wallMs, 0) : 1234,
        workers: 3,
        platform: 'test',
        ...(r.runs ? { runs: r.runs } : {}),
      },
    };
    study.result = result;
    arrays.set(`${projectId}:${studyId}`, {
      studyId,
      result: clone(result),
      axes: axes.map((a) => ({ key: a.key, values: Float64Array.from(a.values) })),
      data: Object.fromEntries(Object.entries(r.data ?? {}).map(([q, v]) => [q, Float64Array.from(v)])),
    });
    delete o.running[studyId];
    o.dirty = true;
    changed(o);
  }

  const handlers: Partial<Handlers> = {
    listExamples: () => EXAMPLES.map(({ name, title, description }) => ({ name, title, description })),
    newProject: (args) => {
      const ex = args?.example;
      const doc: ProjectDocument = ex
        ? exampleByName(ex).build('2026-01-01T00:00:00.000Z')
        : { format: PROJECT_FORMAT, schemaVersion: PROJECT_SCHEMA_VERSION, title: 'Untitled project', created: 'x', modified: 'x', app: { name: 'NR Lab', version: 'test' }, parameterSets: [], studies: [], figures: [] };
      return add(doc, { dirty: ex !== undefined });
    },
    openProject: ({ path }) => {
      for (const o of open.values()) if (o.path === path) return snapshot(o.id);
      const f = files.get(path);
      if (f === undefined) throw new ParameterError('path', `${path} does not exist`);
      if (f instanceof Error) throw f;
      validateProject(clone(f));
      const s = add(f, { path });
      remember(path, f.title);
      return s;
    },
    getProject: ({ projectId }) => snapshot(get(projectId).id),
    saveProject: ({ projectId, path, overwrite }) => {
      const o = get(projectId);
      const target = path ?? o.path;
      if (!target) throw new ParameterError('path', 'this project has not been saved yet: choose a file (Save As)');
      if (target === o.path && o.changedOnDisk && overwrite !== true) {
        changed(o);
        throw new ConflictError(target, `${target} was changed by another program since it was opened or last saved here (e.g. by "nrlab run"); saving now would lose that version. Nothing was written: reload it, save yours under another name, or overwrite it.`);
      }
      if (!target.endsWith('.nrlab')) throw new ParameterError('path', `project files end in .nrlab, got ${target}`);
      const existing = files.get(target);
      if (existing instanceof Error) throw existing;
      files.set(target, clone(o.doc));
      o.path = target;
      o.dirty = false;
      o.changedOnDisk = false;
      o.readOnly = false;
      remember(target, o.doc.title);
      return changed(o);
    },
    reloadProject: ({ projectId }) => {
      const o = get(projectId);
      if (!o.path) throw new ParameterError('projectId', 'this project has never been saved: there is no file to reload');
      const f = files.get(o.path);
      if (f === undefined || f instanceof Error) throw f ?? new ParameterError('path', `${o.path} does not exist`);
      Object.assign(o, { doc: clone(f), dirty: false, changedOnDisk: false, undo: [], redo: [] });
      return changed(o);
    },
    editProject: ({ projectId, doc, label }) => {
      const o = get(projectId);
      if (!label) throw new ParameterError('label', 'an edit needs a label for the Undo menu');
      validateProject(clone(doc));
      o.undo.push({ doc: o.doc, label });
      o.redo = [];
      o.doc = clone(doc);
      o.dirty = true;
      return changed(o);
    },
    undo: ({ projectId }) => {
      const o = get(projectId);
      const e = o.undo.pop();
      if (!e) throw new ParameterError('undo', 'nothing to undo');
      o.redo.push({ doc: o.doc, label: e.label });
      o.doc = e.doc;
      o.dirty = true;
      return changed(o);
    },
    redo: ({ projectId }) => {
      const o = get(projectId);
      const e = o.redo.pop();
      if (!e) throw new ParameterError('redo', 'nothing to redo');
      o.undo.push({ doc: o.doc, label: e.label });
      o.doc = e.doc;
      o.dirty = true;
      return changed(o);
    },
    closeProject: ({ projectId, discard }) => {
      const o = get(projectId);
      if (o.dirty && discard !== true) throw new ParameterError('discard', 'the project has unsaved changes: save it, or close with discard');
      open.delete(projectId);
      return { closed: true as const };
    },
    runStudy: ({ projectId, studyId }) => {
      const o = get(projectId);
      const study = o.doc.studies.find((s) => s.id === studyId);
      if (!study) throw new ParameterError('studyId', `no study "${studyId}"`);
      if (o.running[studyId]) throw new ParameterError('studyId', `"${study.name}" is already running`);
      if (study.kind === 'sweep') {
        const { job } = jobs.start({ model: study.model, params: studyParams(o.doc, study), axes: study.axes ?? [] });
        o.running[studyId] = job.id;
      } else o.running[studyId] = `${study.kind}:run-${next++}`;
      return changed(o);
    },
    studyResult: ({ projectId, studyId }) => {
      const r = arrays.get(`${projectId}:${studyId}`);
      if (!r) throw new ParameterError('studyId', `"${studyId}" has no stored result yet: run it first`);
      return { ...r, axes: r.axes.map((a) => ({ key: a.key, values: Float64Array.from(a.values) })), data: Object.fromEntries(Object.entries(r.data).map(([k, v]) => [k, Float64Array.from(v)])) };
    },
    recentProjects: () => recent.map((r) => ({ ...r })),
    estimateSweep: (req) => {
      const model = getModel(req.model);
      const plan = planSweep(model, { params: req.params, axes: req.axes });
      const pointMs = model.pointCostMs(plan.base);
      const workers = 3;
      return { points: plan.total, pointMs, workers, totalMs: (plan.total * pointMs) / workers, available: model.quantities(plan.base) };
    },
    recoverableProjects: () => recoverable.map((r) => ({ ...r })),
    recoverProject: ({ id }) => {
      const i = recoverable.findIndex((r) => r.id === id);
      if (i < 0) throw new ParameterError('id', `no recoverable project "${id}"`);
      const r = recoverable.splice(i, 1)[0]!;
      const doc = { ...smallProject(), title: r.title };
      return add(doc, { dirty: true, warnings: ['Recovered unsaved work: save it to keep it.'], ...(r.path ? { path: r.path } : {}) });
    },
    discardRecovery: ({ id }) => {
      const i = recoverable.findIndex((r) => r.id === id);
      if (i >= 0) recoverable.splice(i, 1);
      return { discarded: true as const };
    },
    chooseFile: (req) => projects.native?.(req) ?? { supported: false },
    previewFigure: (req) => projects.onPreview?.(req) ?? fakePreview(get(req.projectId).doc, req.figureId, req.options),
    exportFile: (req) => {
      const o = get(req.projectId);
      // the real ExportService's check: stale or unverified results only with allowStale
      const stale = staleResults(o.doc, req.figureId !== undefined ? figureStudyIds(o.doc, req.figureId) : req.studyId !== undefined ? [req.studyId] : []);
      if (stale.length && req.allowStale !== true) throw new ParameterError('allowStale', `${staleWarnings(stale).join('; ')}. Re-run it, or confirm that you want to export it anyway`);
      let body: string;
      let fileName: string;
      let mime: string;
      let warnings: string[] = [];
      if (req.figureId !== undefined) {
        if (!['svg', 'pdf', 'png'].includes(req.format)) throw new ParameterError('format', `a figure exports as svg, pdf, png, got "${req.format}"`);
        const p = fakePreview(o.doc, req.figureId, req.options);
        const f = o.doc.figures.find((x) => x.id === req.figureId)!;
        body = req.format === 'svg' ? p.svg : `${req.format === 'pdf' ? '%PDF-1.7' : 'PNG'} ${p.widthPt}x${p.heightPt}`;
        fileName = fileNameOf(f.name, req.format);
        mime = { svg: 'image/svg+xml', pdf: 'application/pdf', png: 'image/png' }[req.format as 'svg' | 'pdf' | 'png'];
        warnings = p.warnings;
      } else if (req.studyId !== undefined) {
        if (!['csv', 'json', 'py'].includes(req.format)) throw new ParameterError('format', `a study exports as csv, json or py, got "${req.format}"`);
        const study = o.doc.studies.find((x) => x.id === req.studyId);
        if (!study) throw new ParameterError('studyId', `no study "${req.studyId}" in this project`);
        if (!study.result) throw new ParameterError('studyId', `"${study.name}" has no stored result yet: run it first`);
        body = `# ${study.name} as ${req.format}\n`;
        fileName = fileNameOf(study.name, req.format);
        mime = { csv: 'text/csv', json: 'application/json', py: 'text/x-python' }[req.format as 'csv' | 'json' | 'py'];
      } else throw new ParameterError('figureId', 'name a figure (figureId) or a study (studyId) to export');
      const bytes = new TextEncoder().encode(body);
      const res: ExportFileResponse = { fileName, mime, bytes: bytes.length, warnings };
      if (req.path !== undefined) {
        if (req.path === o.path) throw new ParameterError('path', 'is the project file itself; choose another file');
        exported.set(req.path, clone(req));
        return { ...res, path: req.path };
      }
      return { ...res, data: Buffer.from(bytes).toString('base64') };
    },
    getJobResult: ({ jobId }) => {
      const r = jobs.result(jobId);
      return { ...r, diagnostics: { solver: '', points: r.job.total, computed: r.job.done, failed: 0, workers: 3, chunks: 1, wallMs: 1 } };
    },
  };

  const projects: FakeProjects = {
    files,
    exported,
    recent,
    recoverable,
    open,
    last: () => get(lastId),
    snapshot,
    storeResult: store,
    externalWrite(path, doc) {
      files.set(path, clone(doc));
      for (const o of open.values()) {
        if (o.path !== path) continue;
        o.changedOnDisk = true;
        changed(o);
      }
    },
    finishStudy(projectId, studyId, status = 'succeeded') {
      const o = get(projectId);
      const jobId = o.running[studyId];
      if (!jobId) throw new Error(`${studyId} is not running`);
      const r = jobs.result(jobId);
      const first = Object.values(r.data)[0];
      store(projectId, studyId, {
        axes: r.header.axes.map((a) => ({ key: a.key, values: Array.from(a.values) })),
        data: Object.fromEntries(Object.entries(r.data).map(([k, v]) => [k, Array.from(v)])),
        status,
        done: first ? first.filter((v) => !Number.isNaN(v)).length : 0,
      });
    },
  };
  return { projects, handlers };
}

export function createFakeBackend(opts: { workers?: number } = {}): FakeBackend {
  const bus = new EventBus();
  const calls: { method: string; args: unknown }[] = [];
  const sweeps: SweepRequest[] = [];
  let current: JobSnapshot | undefined;
  let nextError: Error | undefined;
  let solveHook: ((req: SolveRequest) => SolveResponse | Promise<SolveResponse>) | undefined;
  let nextId = 1;
  /** Every job's header and data so far (what getJobResult answers). */
  const jobData = new Map<string, { header: SweepHeader; data: Record<string, Float64Array>; failed: FailedPoint[] }>();

  const startJob = (req: SweepRequest): { job: JobSnapshot; header: SweepHeader } => {
    const model = getModel(req.model);
    const plan = planSweep(model, { params: req.params, axes: req.axes });
    current = {
      id: `job-${nextId++}`,
      kind: 'sweep',
      model: model.id,
      status: 'running',
      done: 0,
      total: plan.total,
      progress: 0,
      failedPoints: 0,
      startedAt: 1_000_000,
    };
    const header: SweepHeader = { model: model.id, params: plan.base, axes: plan.axes.map((a) => ({ key: a.key, values: a.values })), shape: plan.shape, quantities: plan.quantities, range: { start: 0, end: plan.total } };
    jobData.set(current.id, { header, data: Object.fromEntries(plan.quantities.map((q) => [q.key, new Float64Array(plan.total).fill(NaN)])), failed: [] });
    return { job: { ...current }, header };
  };
  const fakeProjects = createFakeProjects(bus, {
    start: startJob,
    result: (jobId) => {
      const d = jobData.get(jobId);
      const j = current?.id === jobId ? current : undefined;
      if (!d || !j) throw new ParameterError('jobId', `no job "${jobId}"`);
      return { job: { ...j }, header: d.header, data: d.data, failed: d.failed };
    },
  });

  const handlers: Handlers = withUnusedHandlers({
    ...fakeProjects.handlers,
    getAppInfo: () => ({ name: 'NR Lab', version: '0.0.0-test', workers: opts.workers ?? 3, transport: 'memory' }),
    listModels: () => listModels().map(describeModel),
    // the real solver of one point (src-core), as the worker pool runs it
    solvePoint: (req) => (solveHook ? solveHook(req) : solvePoint(req)),
    startSweep: (req) => {
      sweeps.push(req);
      planSweep(getModel(req.model), { params: req.params, axes: req.axes });
      if (nextError) {
        const e = nextError;
        nextError = undefined;
        throw e;
      }
      return startJob(req);
    },
    cancelJob: ({ jobId }) => {
      if (!current || current.id !== jobId) throw new Error(`no job ${jobId}`);
      if (current.status === 'running') {
        current.status = 'cancelled';
        current.finishedAt = current.startedAt + 500;
        bus.emit('job.finished', { ...current });
      }
      return { ...current };
    },
    // as the real JobService: a new job computing only the points the cancelled one lacks
    resumeJob: ({ jobId }) => {
      const old = jobData.get(jobId);
      if (!old || !current || current.id !== jobId || current.status !== 'cancelled') throw new ParameterError('jobId', `job "${jobId}" cannot be resumed`);
      const first = Object.values(old.data)[0]!;
      const lacking = first.filter((v) => Number.isNaN(v)).length - old.failed.length;
      current = { ...current, id: `job-${nextId++}`, status: 'running', done: 0, total: lacking, progress: 0, failedPoints: 0, startedAt: 2_000_000 };
      delete current.finishedAt;
      jobData.set(current.id, { header: old.header, data: Object.fromEntries(Object.entries(old.data).map(([k, v]) => [k, Float64Array.from(v)])), failed: [...old.failed] });
      return { job: { ...current }, header: old.header };
    },
    optimize: () => {
      throw new Error('not used by the renderer tests');
    },
  });
  const dispatcher = new Dispatcher(handlers);
  const api = createApi(
    (method, args) => {
      calls.push({ method, args });
      return dispatcher.handle(method, args);
    },
    (listener) => bus.subscribe((name, payload) => listener(name, payload)),
  );

  const job = (): JobSnapshot => {
    if (!current) throw new Error('no sweep was started');
    return current;
  };

  return {
    api,
    projects: fakeProjects.projects,
    bus,
    calls,
    sweeps,
    job,
    progress(done, extra = {}) {
      const j = job();
      j.done = done;
      j.progress = done / j.total;
      Object.assign(j, extra);
      bus.emit('job.progress', { ...j });
    },
    data(start, end, fill, failed = []) {
      const j = job();
      const data: Record<string, Float64Array> = {};
      const bad = new Set(failed.map((f) => f.index));
      for (let i = start; i < end; i++) {
        for (const [k, v] of Object.entries(fill(i))) {
          (data[k] ??= new Float64Array(end - start))[i - start] = bad.has(i) ? NaN : v;
        }
      }
      const ev: SweepDataEvent = { jobId: j.id, start, end, data, failed };
      const held = jobData.get(j.id);
      if (held) {
        for (const [k, v] of Object.entries(data)) held.data[k]?.set(v, start);
        held.failed.push(...failed);
      }
      bus.emit('job.data', ev);
    },
    finish(status, extra = {}) {
      const j = job();
      j.status = status;
      j.finishedAt = j.startedAt + 1234;
      Object.assign(j, extra);
      bus.emit('job.finished', { ...j });
    },
    failNextStart(err) {
      nextError = err;
    },
    onSolve(hook) {
      solveHook = hook;
    },
  };
}
