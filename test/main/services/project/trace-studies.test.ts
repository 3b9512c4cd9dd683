/**
 * Correlation, spectrum and pulse studies through the services, with a toy model whose dynamics
 * are closed forms (test/helpers/test-dynamics-model.ts; the real quantum models are checked in
 * trace-studies-quantum.test.ts): the study runner runs each kind on the pool, stores the axis
 * (tau, omega, t) and every `<trace>.<field>` with its catalogue entry and the run's stored output,
 * the result is fresh until its settings change, a run can be cancelled and a bad setting is a
 * failed result naming it; CSV and JSON exports carry the axis first, a column per trace field and
 * the notes; the runTrace call runs one point on the pool, crosses the browser transport's binary codec intact, is
 * cancelled through cancelSolve, and refuses bad requests naming the field.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceRunResponse } from '../../../../src-core/contract/api';
import { connectTransport, EventBus, serveTransport } from '../../../../src-core/contract/rpc';
import { CancelledError } from '../../../../src-core/errors';
import { parseExportCsv, studyToCsv } from '../../../../src-core/export/csv';
import { exportSourceOf } from '../../../../src-core/export/source';
import { defaultTracePanel } from '../../../../src-core/figures/presets';
import { studyToJson } from '../../../../src-core/export/json';
import { registerModel, unregisterModel } from '../../../../src-core/models/registry';
import { resultFreshness } from '../../../../src-core/project/fingerprint';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../../src-core/project/types';
import { runSolverTask, type SolverTask } from '../../../../src-core/tasks/solver-tasks';
import { Backend } from '../../../../src-main/services/backend';
import { JobService } from '../../../../src-main/services/job-service';
import { ProjectService } from '../../../../src-main/services/project-service';
import type { TaskRunner } from '../../../../src-main/services/solver-pool';
import { memoryPair } from '../../../helpers/memory-transport';
import { TEST_DYNAMICS_ID, testDynamicsModel } from '../../../helpers/test-dynamics-model';

type RunOpts = { signal?: AbortSignal; onProgress?: (d: number) => void; onStage?: (t: string) => void };

/**
 * The solver pool's interface on this thread, with the workers' task code. `hold` makes the next
 * task wait until it is aborted (to cancel it mid-run); every task is recorded.
 */
function inProcessPool(): TaskRunner & { tasks: SolverTask[]; hold: boolean } {
  const pool = {
    workers: 1,
    tasks: [] as SolverTask[],
    hold: false,
    async run(task: SolverTask, opts: RunOpts = {}) {
      pool.tasks.push(task);
      if (opts.signal?.aborted) throw new CancelledError();
      if (pool.hold) {
        pool.hold = false;
        await new Promise<void>((_, reject) => opts.signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true }));
      }
      await Promise.resolve();
      return runSolverTask(task, opts.onProgress, opts.onStage);
    },
    destroy: async () => undefined,
  };
  return pool;
}

/** The toy's closed forms (see the helper's comment), computed here independently of its code. */
const KAPPA = 2 + 0.5 + 1; // κ_1 + κ_2 + κ_0 of the project's parameters below
const g2Ref = (name: string, tau: number): number => (name === 'a->b,c' ? 1 - Math.exp(-KAPPA * tau) : 1 + (name === 'a->b' ? 1 : 0.5) * Math.exp(-KAPPA * tau));

function projectDoc(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Dynamics',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [{ id: 'base', name: 'Base', model: TEST_DYNAMICS_ID, params: { kappa_1: 2, kappa_2: 0.5, kappa_0: 1 } }],
    studies: [
      { id: 'corr', name: 'Correlation', kind: 'correlation', model: TEST_DYNAMICS_ID, parameterSet: 'base', params: {}, correlation: { from: 0, to: 2, samples: 21 } },
      { id: 'spec', name: 'Spectrum', kind: 'spectrum', model: TEST_DYNAMICS_ID, parameterSet: 'base', params: { Delta: 0.5 }, spectrum: { values: [-1, 0, 0.5, 2], traces: ['b->a'] } },
      { id: 'pulse', name: 'Pulse', kind: 'pulse', model: TEST_DYNAMICS_ID, parameterSet: 'base', params: {}, pulse: { shape: 'rect', amplitude: 0.2, t0: 1, width: 2, tEnd: 5, samples: 51 } },
      { id: 'dflt', name: 'Defaults', kind: 'correlation', model: TEST_DYNAMICS_ID, parameterSet: 'base', params: {} },
    ],
    figures: [],
  };
}

beforeAll(() => registerModel(testDynamicsModel));
afterAll(() => unregisterModel(TEST_DYNAMICS_ID));

describe('correlation, spectrum and pulse studies in a project', () => {
  const bus = new EventBus();
  const pool = inProcessPool();
  const jobs = new JobService(pool, bus, { progressIntervalMs: 10 });
  const projects = new ProjectService(pool, jobs, bus, { dataDir: mkdtempSync(path.join(os.tmpdir(), 'nrlab-dyn-')), autosaveMs: 0, watchMs: 0 });
  afterAll(() => projects.dispose());

  it('runs each kind on the pool and stores the axis and every <trace>.<field> with its catalogue', async () => {
    const p = projects.newProject();
    projects.editProject(p.id, projectDoc(), 'Add studies');
    pool.tasks.length = 0;
    const corr = await projects.runStudy(p.id, 'corr').whenDone;
    expect(corr.status).toBe('succeeded');
    // one pool task of kind 'simulate' carrying the trace kind and the study's settings
    expect(pool.tasks).toEqual([{ kind: 'simulate', model: TEST_DYNAMICS_ID, request: { params: { kappa_1: 2, kappa_2: 0.5, kappa_0: 1 }, settings: { from: 0, to: 2, samples: 21 } }, run: 'correlation' }]);
    expect(Object.keys(corr.arrays ?? {}).sort()).toEqual(['a->b,c.g2', 'a->b.g2', 'b->a.g2', 'tau']);
    expect(corr.quantities?.map((q) => [q.key, q.symbol, q.unit])).toEqual([
      ['tau', 'τ', '1/κ'],
      ['a->b.g2', 'g^{(2)}(τ)', ''],
      ['b->a.g2', 'g^{(2)}(τ)', ''],
      ['a->b,c.g2', 'g^{(2)}(τ)', ''],
    ]);
    expect(corr.shape).toBeUndefined();
    // the run's stored output and each trace's diagnostics are the result's output
    expect(corr.output).toEqual({ 'a->b': { mean_n: 0.1, g2_0: 2 }, 'b->a': { mean_n: 0.05, g2_0: 1.5 }, 'a->b,c': { mean_n: 0.05, g2_0: 0 }, diagnostics: { 'a->b': { krylovSteps: 3 }, 'b->a': { krylovSteps: 3 }, 'a->b,c': { krylovSteps: 3 } } });
    expect(corr.provenance.params).toMatchObject({ kappa_1: 2, kappa_2: 0.5, kappa_0: 1, Delta: 0 });

    const data = projects.studyResult(p.id, 'corr').data;
    expect(data.tau!.length).toBe(21);
    for (const name of ['a->b', 'b->a', 'a->b,c']) {
      const g2 = data[`${name}.g2`]!;
      data.tau!.forEach((tau, i) => {
        expect(tau).toBeCloseTo((2 * i) / 20, 14);
        expect(g2[i]).toBeCloseTo(g2Ref(name, tau), 14);
      });
    }
    // the stored result is fresh, and stale once its settings change
    let doc = projects.snapshotOf(p.id).doc;
    expect(resultFreshness(doc, doc.studies[0]!).state).toBe('fresh');
    const edited = structuredClone(doc);
    edited.studies[0]!.correlation = { from: 0, to: 3, samples: 21 };
    doc = projects.editProject(p.id, edited, 'Longer τ').doc;
    expect(resultFreshness(doc, doc.studies[0]!).state).toBe('stale');

    const spec = await projects.runStudy(p.id, 'spec').whenDone;
    expect(spec.status).toBe('succeeded');
    expect(Object.keys(spec.arrays ?? {}).sort()).toEqual(['b->a.S', 'omega']);
    const s = projects.studyResult(p.id, 'spec').data;
    expect(Array.from(s.omega!)).toEqual([-1, 0, 0.5, 2]);
    s.omega!.forEach((w, i) => expect(s['b->a.S']![i]).toBeCloseTo((0.5 * KAPPA) / ((KAPPA / 2) ** 2 + (w - 0.5) ** 2), 14));

    const pulse = await projects.runStudy(p.id, 'pulse').whenDone;
    expect(pulse.status).toBe('succeeded');
    expect(Object.keys(pulse.arrays ?? {}).sort()).toEqual(['a->b.drive', 'a->b.flux', 'a->b.g2', 'a->b.n', 'b->a.drive', 'b->a.flux', 'b->a.g2', 'b->a.n', 't']);
    expect(pulse.warned).toBeUndefined();
    const q = projects.studyResult(p.id, 'pulse').data;
    q.t!.forEach((t, i) => {
      const drive = t >= 1 && t < 3 ? 0.2 : 0;
      expect(q['a->b.drive']![i]).toBeCloseTo(drive, 14);
      expect(q['b->a.flux']![i]).toBeCloseTo(0.5 * drive * drive, 14);
    });
    // the run's warnings are counted on the result (all of them in its output)
    const long = structuredClone(projects.snapshotOf(p.id).doc);
    long.studies[2]!.pulse = { tEnd: 200, samples: 11 };
    projects.editProject(p.id, long, 'Long pulse');
    const warned = await projects.runStudy(p.id, 'pulse').whenDone;
    expect(warned.warned).toEqual({ count: 1, first: { index: 0, reason: 'toy: a long run' } });
    expect(warned.output).toMatchObject({ warnings: ['toy: a long run'] });
    await projects.closeProject(p.id, true);
  });

  it('exports CSV and JSON with the axis first, a column per trace field and the notes', async () => {
    const p = projects.newProject();
    projects.editProject(p.id, projectDoc(), 'Add studies');
    await projects.runStudy(p.id, 'corr').whenDone;
    await projects.runStudy(p.id, 'pulse').whenDone;
    await projects.runStudy(p.id, 'spec').whenDone;
    const doc = projects.snapshotOf(p.id).doc;

    const csvText = studyToCsv(exportSourceOf(doc, projects.studyResult(p.id, 'corr')));
    const csv = parseExportCsv(csvText);
    expect(csv.columns).toEqual(['tau', 'a->b.g2', 'b->a.g2', 'a->b,c.g2']);
    expect(csv.rows.length).toBe(21);
    for (const row of csv.rows) {
      const [tau, ab, ba, cross] = row as number[];
      expect(ab).toBeCloseTo(g2Ref('a->b', tau!), 14);
      expect(ba).toBeCloseTo(g2Ref('b->a', tau!), 14);
      expect(cross).toBeCloseTo(g2Ref('a->b,c', tau!), 14);
    }
    const notes = csv.comments.join('\n');
    expect(notes).toMatch(/study: Correlation \(id corr, correlation\)/);
    expect(notes).toMatch(/tau: 21 samples from 0 to 2 1\/κ \(the delay τ after the first photon, in the steady state\)/);
    expect(notes).toMatch(/a->b\.g2: g\^\{\(2\)\}\(τ\) — Intensity correlation \(a->b\)/);
    expect(notes).toMatch(/study settings: from = 0, to = 2, samples = 21/);
    expect(notes).toMatch(/toy correlation: 3 stored entries/); // the run's own notes, from its stored output as it returned it
    expect(notes).toMatch(/a->b run statistics: krylovSteps = 3/);
    // the axis is no parameter: not listed as sweeping one
    expect(notes).not.toMatch(/swept by axis/);

    const pulseCsv = parseExportCsv(studyToCsv(exportSourceOf(doc, projects.studyResult(p.id, 'pulse'))));
    expect(pulseCsv.columns).toEqual(['t', 'a->b.drive', 'a->b.flux', 'a->b.n', 'a->b.g2', 'b->a.drive', 'b->a.flux', 'b->a.n', 'b->a.g2']);
    const pnotes = pulseCsv.comments.join('\n');
    // photons per pulse: ∫ flux dt of the rectangle (trapezoid on the samples, as the toy integrates)
    expect(pnotes).toMatch(/a->b: [0-9.e-]+ photons per pulse/);
    const photons = Number(/a->b: ([0-9.e-]+) photons per pulse/.exec(pnotes)![1]);
    expect(photons).toBeCloseTo(0.5 * 0.04 * 2, 2);
    expect(pnotes).toMatch(/study settings: shape = rect, amplitude = 0\.2, t0 = 1, width = 2, tEnd = 5, samples = 51/);

    const json = JSON.parse(studyToJson(exportSourceOf(doc, projects.studyResult(p.id, 'spec')))) as {
      axes: Record<string, number[]>;
      quantities: { key: string; symbol: string; unit: string }[];
      data: Record<string, number[]>;
      settings: unknown;
      output: Record<string, unknown>;
      solver: string[];
    };
    expect(json.axes).toEqual({ omega: [-1, 0, 0.5, 2] });
    expect(json.quantities).toEqual([{ key: 'b->a.S', symbol: 'S(ω)', label: 'Emission spectrum (incoherent) (b->a)', unit: '1/κ' }]);
    expect(json.data['b->a.S']![1]).toBeCloseTo((0.5 * KAPPA) / ((KAPPA / 2) ** 2 + 0.25), 14);
    expect(json.settings).toEqual({ values: [-1, 0, 0.5, 2], traces: ['b->a'] });
    expect(json.output).toMatchObject({ 'b->a': { coherent_fraction: 0.125 } });
    expect(json.solver.join('\n')).toMatch(/ω > 0 is bluer than the drive|coherent part is a δ-peak/);
    await projects.closeProject(p.id, true);
  });

  it('a run with the run’s defaults, a cancelled run and a failed one are stored as such', async () => {
    const p = projects.newProject();
    projects.editProject(p.id, projectDoc(), 'Add studies');
    // no settings: the run's defaults (201 samples of τ up to 10/κ)
    const d = await projects.runStudy(p.id, 'dflt').whenDone;
    expect(d.status).toBe('succeeded');
    const tau = projects.studyResult(p.id, 'dflt').data.tau!;
    expect(tau.length).toBe(201);
    expect(tau[200]).toBeCloseTo(10 / KAPPA, 14);

    // cancelled while on the pool: through cancelStudy and through cancelJob's run id (the app's way)
    pool.hold = true;
    const { snapshot, whenDone } = projects.runStudy(p.id, 'corr');
    const runId = snapshot.running.corr!;
    expect(runId).toMatch(/^correlation:/);
    expect(projects.cancelRun(runId)).toMatchObject({ id: runId, kind: 'run', status: 'cancelled' });
    const c = await whenDone;
    expect(c.status).toBe('cancelled');
    expect(c.arrays).toBeUndefined();
    expect(projects.snapshotOf(p.id).running.corr).toBeUndefined();
    pool.hold = true;
    const again = projects.runStudy(p.id, 'spec');
    expect(projects.cancelStudy(p.id, 'spec')).toBe(true);
    expect((await again.whenDone).status).toBe('cancelled');
    expect(projects.cancelStudy(p.id, 'spec')).toBe(false);

    // a setting the project refuses names its field; one only the run can judge (from beyond the
    // default end 10/κ) is stored as a failed result with the run's reason, naming the setting
    const doc = structuredClone(projects.snapshotOf(p.id).doc);
    doc.studies[2]!.pulse = { tEnd: 5, samples: 1 } as never;
    expect(() => projects.editProject(p.id, doc, 'Bad samples')).toThrow(/studies\[2\] "Pulse"\.pulse\.samples: must be >= 2/);
    const late = structuredClone(projects.snapshotOf(p.id).doc);
    late.studies[3]!.correlation = { from: 50 };
    projects.editProject(p.id, late, 'Late τ');
    const failed = await projects.runStudy(p.id, 'dflt').whenDone;
    expect(failed.status).toBe('failed');
    expect(failed.arrays).toBeUndefined();
    expect(failed.output).toMatchObject({ error: { code: 'bad-input', param: 'to', message: expect.stringMatching(/must be greater than from \(50\)/) } });
    await projects.closeProject(p.id, true);
  });

  it('a study of a kind its model lacks is refused naming kind', () => {
    const p = projects.newProject();
    const doc = projectDoc();
    doc.studies.push({ id: 'x', name: 'X', kind: 'spectrum', model: 'two-resonator', params: {} });
    expect(() => projects.editProject(p.id, doc, 'Add')).toThrow(/studies\[4\] "X"\.kind: the two-resonator model has no spectrum runs, so no spectrum study; models with them: .*test-dynamics/);
    void projects.closeProject(p.id, true);
  });
});

describe('runTrace: one trace run at one point', () => {
  const pool = inProcessPool();
  const backend = new Backend({ runner: pool, dataDir: mkdtempSync(path.join(os.tmpdir(), 'nrlab-dyn-b-')), autosaveMs: 0, watchMs: 0 });
  const h = backend.handlers('memory');
  afterAll(() => backend.close());

  it('runs on the pool and answers the axis, every trace’s fields and the stored output', async () => {
    pool.tasks.length = 0;
    const r = await h.runTrace({ model: TEST_DYNAMICS_ID, kind: 'correlation', params: { kappa_1: 2, kappa_2: 0.5, kappa_0: 1 }, settings: { values: [0, 0.5, 1] } });
    expect(pool.tasks).toEqual([{ kind: 'simulate', model: TEST_DYNAMICS_ID, request: { params: { kappa_1: 2, kappa_2: 0.5, kappa_0: 1 }, settings: { values: [0, 0.5, 1] } }, run: 'correlation' }]);
    expect(r).toMatchObject({ model: TEST_DYNAMICS_ID, kind: 'correlation', axis: { key: 'tau', symbol: 'τ', unit: '1/κ' }, stored: { 'a->b': { mean_n: 0.1 } } });
    expect(r.values).toBeInstanceOf(Float64Array);
    expect(Array.from(r.values)).toEqual([0, 0.5, 1]);
    expect(r.traces.map((t) => t.name)).toEqual(['a->b', 'b->a', 'a->b,c']);
    for (const t of r.traces) t.fields.g2!.forEach((g, i) => expect(g).toBeCloseTo(g2Ref(t.name, r.values[i]!), 14));
    expect(r.timeMs).toBeGreaterThanOrEqual(0);

    // over the browser transport (every message through the binary codec), as the renderer calls it
    const [server, client] = memoryPair();
    serveTransport(backend.dispatcher('memory'), backend.bus, server);
    const { api, dispose } = connectTransport(client);
    const v: TraceRunResponse = await api.runTrace({ model: TEST_DYNAMICS_ID, kind: 'correlation', params: { kappa_1: 2, kappa_2: 0.5, kappa_0: 1 }, settings: { values: [0, 0.5, 1] } });
    dispose();
    expect(v.values).toBeInstanceOf(Float64Array);
    expect(Array.from(v.values)).toEqual(Array.from(r.values));
    expect(v.traces[2]!.fields.g2).toBeInstanceOf(Float64Array);
    expect(Array.from(v.traces[2]!.fields.g2!)).toEqual(Array.from(r.traces[2]!.fields.g2!));
    expect(v.stored).toEqual(r.stored);

    // the other kinds: omega and t axes
    const s = await h.runTrace({ model: TEST_DYNAMICS_ID, kind: 'spectrum', params: {}, settings: { from: -1, to: 1, samples: 5 } });
    expect(s.axis.key).toBe('omega');
    expect(Array.from(s.values)).toEqual([-1, -0.5, 0, 0.5, 1]);
    const pl = await h.runTrace({ model: TEST_DYNAMICS_ID, kind: 'pulse', params: {}, settings: { tEnd: 4, samples: 5, traces: ['b->a'] } });
    expect(pl.axis.key).toBe('t');
    expect(pl.traces.map((t) => [t.name, Object.keys(t.fields)])).toEqual([['b->a', ['drive', 'flux', 'n', 'g2']]]);
  });

  it('is cancelled through cancelSolve by its solveId', async () => {
    pool.hold = true;
    const running = h.runTrace({ model: TEST_DYNAMICS_ID, kind: 'correlation', params: {}, solveId: 'inspect-1' });
    await Promise.resolve();
    expect(await h.cancelSolve({ solveId: 'inspect-1' })).toEqual({ cancelled: true });
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect(await h.cancelSolve({ solveId: 'inspect-1' })).toEqual({ cancelled: false });
  });

  it('refuses bad requests naming the field', async () => {
    const call = (args: unknown): Promise<unknown> => Promise.resolve().then(() => h.runTrace(args as never));
    await expect(call(null)).rejects.toMatchObject({ param: 'request' });
    await expect(call({ model: 'nope', kind: 'correlation', params: {} })).rejects.toMatchObject({ param: 'model', message: expect.stringMatching(/unknown model "nope"/) });
    await expect(call({ model: TEST_DYNAMICS_ID, kind: 'sweep', params: {} })).rejects.toMatchObject({ param: 'kind', message: expect.stringMatching(/must be one of simulate, correlation, spectrum, pulse, got "sweep"/) });
    await expect(call({ model: 'two-resonator', kind: 'pulse', params: {} })).rejects.toMatchObject({ param: 'model', message: expect.stringMatching(/the two-resonator model has no pulse runs; models with them: .*test-dynamics/) });
    await expect(call({ model: TEST_DYNAMICS_ID, kind: 'pulse', params: [] })).rejects.toMatchObject({ param: 'params' });
    await expect(call({ model: TEST_DYNAMICS_ID, kind: 'pulse', params: {}, settings: 3 })).rejects.toMatchObject({ param: 'settings' });
    // the run's own checks name the setting
    await expect(call({ model: TEST_DYNAMICS_ID, kind: 'correlation', params: {}, settings: { from: 2, to: 1 } })).rejects.toMatchObject({ param: 'to' });
  });
});

describe('figures of trace studies through the export pipeline', () => {
  const pool = inProcessPool();
  const backend = new Backend({ runner: pool, dataDir: mkdtempSync(path.join(os.tmpdir(), 'nrlab-dyn-f-')), autosaveMs: 0, watchMs: 0 });
  const h = backend.handlers('memory');
  afterAll(() => backend.close());

  it('previews and exports a figure of the default panels of each kind (SVG, PDF, PNG)', async () => {
    const snap = backend.projects.newProject();
    const doc = projectDoc();
    const panels = doc.studies.slice(0, 3).map((s) => defaultTracePanel(doc, s)!);
    doc.figures.push({ id: 'f', name: 'Dynamics', layout: { rows: 1, cols: 3 }, style: { preset: 'aps-double' }, panels });
    backend.projects.editProject(snap.id, doc, 'Figure');
    for (const id of ['corr', 'spec', 'pulse']) expect((await backend.projects.runStudy(snap.id, id).whenDone).status).toBe('succeeded');
    const p = await h.previewFigure({ projectId: snap.id, figureId: 'f' });
    const runs = [...p.svg.matchAll(/>([^<]*)<\/text>/g)].map((m) => m[1]!);
    // the axis titles with their units, drawn as rich text (runs: no raw markup), and the legends' directions
    const text = runs.join('').replace(/\s+/g, '');
    for (const t of ['g(2)(τ)τ(1/κ)', 'S(ω)(1/κ)ω−ωL(κ)', 't(1/κ)', 'a→bb→aa→b,c']) expect(text, t).toContain(t);
    expect(runs.join(' ')).not.toMatch(/_\{|\^\{|ω_L|_to_|->/);
    for (const format of ['svg', 'pdf', 'png'] as const) {
      const r = await h.exportFile({ projectId: snap.id, figureId: 'f', format });
      expect(r.bytes, format).toBeGreaterThan(1000);
    }
    await backend.projects.closeProject(snap.id, true);
  });
});
