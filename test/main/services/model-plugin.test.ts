/**
 * The plug-in point, end to end: a model package registered only here (a two-port linear cavity,
 * test/helpers/test-cavity-model.ts) works through the real consumers without an edit anywhere
 * else — described to clients, parameters resolved and refused by name, swept by the job
 * service, run as point, sweep and simulate studies of a project (validation, fingerprints,
 * storage), exported as CSV and JSON, reported by the point inspector, estimated by the study
 * editor. Solver-pool workers are threads with their own registry, so the services run here on
 * an in-process pool that calls the same task code (src-core/tasks/solver-tasks.ts) the workers
 * call; see docs/models.md for how a model reaches the workers.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, ParameterError } from '../../../src-core/errors';
import { EventBus } from '../../../src-core/contract/rpc';
import { describeModel, getModel, listModels, registerModel, unregisterModel } from '../../../src-core/models/registry';
import { resolveParams } from '../../../src-core/models/params';
import { runSolverTask, solvePoint, type SolverTask } from '../../../src-core/tasks/solver-tasks';
import { exportSourceOf, parseExportCsv, studyToCsv, studyToJson, studyToPythonScript } from '../../../src-core/export/index';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';
import { JobService } from '../../../src-main/services/job-service';
import { ProjectService } from '../../../src-main/services/project-service';
import type { TaskRunner } from '../../../src-main/services/solver-pool';
import { pointReport } from '../../../src-renderer/lib/point-report';
import { costEstimate } from '../../../src-renderer/lib/project-edit';
import { scriptLibrary } from '../../../src-renderer/lib/export-options';
import { testCavityModel, TEST_MODEL_ID } from '../../helpers/test-cavity-model';

/** The solver pool's interface, running each task on this thread with the task code the workers run. */
function inProcessPool(): TaskRunner {
  return {
    workers: 1,
    async run(task: SolverTask, opts: { signal?: AbortSignal; onProgress?: (d: number) => void; onStage?: (t: string) => void } = {}) {
      if (opts.signal?.aborted) throw new CancelledError();
      await Promise.resolve();
      return runSolverTask(task, opts.onProgress, opts.onStage);
    },
    destroy: async () => undefined,
  };
}

/** Independent references: the Lorentzian of input-output theory, and the equation of motion integrated numerically. */
const lorentzian = (k1: number, k2: number, k0: number, d: number): number => (k1 * k2) / (((k0 + k1 + k2) / 2) ** 2 + d * d);

/** |√κ2 a(t)|² at time t from rest, integrating da/dt = −(κ/2 + iΔ)a + √κ1 with classical RK4. */
function rk4Transmission(k1: number, k2: number, k0: number, d: number, tEnd: number, steps = 4000): number {
  const half = (k0 + k1 + k2) / 2;
  const f = (re: number, im: number): [number, number] => [-half * re + d * im + Math.sqrt(k1), -half * im - d * re];
  let re = 0;
  let im = 0;
  const h = tEnd / steps;
  for (let i = 0; i < steps; i++) {
    const a = f(re, im);
    const b = f(re + (h / 2) * a[0], im + (h / 2) * a[1]);
    const c = f(re + (h / 2) * b[0], im + (h / 2) * b[1]);
    const e = f(re + h * c[0], im + h * c[1]);
    re += (h / 6) * (a[0] + 2 * b[0] + 2 * c[0] + e[0]);
    im += (h / 6) * (a[1] + 2 * b[1] + 2 * c[1] + e[1]);
  }
  return k2 * (re * re + im * im);
}

function projectDoc(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Plug-in',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [{ id: 'over', name: 'Over-coupled', model: TEST_MODEL_ID, params: { kappa_1: 2, kappa_2: 0.5, kappa_0: 0.25 } }],
    studies: [
      { id: 'scan', name: 'Scan', kind: 'sweep', model: TEST_MODEL_ID, parameterSet: 'over', params: {}, axes: [{ key: 'Delta', start: -3, stop: 3, count: 13 }, { key: 'kappa_0', values: [0, 1] }] },
      { id: 'pt', name: 'Point', kind: 'point', model: TEST_MODEL_ID, parameterSet: 'over', params: { Delta: 0.5 } },
      { id: 'ring', name: 'Ring-up', kind: 'simulate', model: TEST_MODEL_ID, parameterSet: 'over', params: {}, simulate: { port: 1, input: 'cw', tEnd: 8, samples: 81 } },
    ],
    figures: [{ id: 'f', name: 'T map', layout: { rows: 1, cols: 1 }, panels: [{ study: 'scan', kind: 'heatmap', quantity: 'T' }] }],
  };
}

describe('a model package registered only in tests works through every consumer', () => {
  const bus = new EventBus();
  const pool = inProcessPool();
  const jobs = new JobService(pool, bus, { progressIntervalMs: 10 });
  const projects = new ProjectService(pool, jobs, bus, { dataDir: mkdtempSync(path.join(os.tmpdir(), 'nrlab-plugin-')), autosaveMs: 0, watchMs: 0 });

  beforeAll(() => registerModel(testCavityModel));
  afterAll(() => {
    projects.dispose();
    unregisterModel(TEST_MODEL_ID);
  });

  it('is listed and described to clients with its quantity catalogue, presets and abilities', () => {
    const info = listModels().map(describeModel).find((m) => m.id === TEST_MODEL_ID);
    expect(info).toBeDefined();
    expect(info!.quantities.map((q) => q.key)).toEqual(['T', 'R', 'A', 'T_dB']);
    expect(info!.quantities.find((q) => q.key === 'T_dB')).toMatchObject({ unit: 'dB', signed: true });
    expect(info!.presets?.[0]?.name).toBe('Critically coupled');
    expect(info!.simulate).toBe(true);
    expect(info!.scriptRequirements).toBeUndefined();
  });

  it('resolves parameters and refuses bad ones by name', () => {
    const m = getModel(TEST_MODEL_ID);
    expect(resolveParams(m.schema, { Delta: '2*0.25' })).toMatchObject({ Delta: 0.5, kappa_1: 1 });
    expect(() => resolveParams(m.schema, { kappa_1: 0 })).toThrow(ParameterError);
    expect(() => resolveParams(m.schema, { kappa_1: 0 })).toThrow(/kappa_1.*must be > 0/);
    expect(() => solvePoint({ model: TEST_MODEL_ID, params: { nope: 1 } })).toThrow(/nope.*unknown parameter/);
  });

  it('a point solve agrees with the Lorentzian, conserves energy, and the critically coupled preset reflects nothing', () => {
    for (const [k1, k2, k0, d] of [[1, 1, 0.5, 0], [2, 0.5, 0.25, 0.7], [0.3, 1.2, 0, -2]] as const) {
      const r = solvePoint({ model: TEST_MODEL_ID, params: { kappa_1: k1, kappa_2: k2, kappa_0: k0, Delta: d } });
      expect(r.scalars.T).toBeCloseTo(lorentzian(k1, k2, k0, d), 14);
      expect(r.scalars.T! + r.scalars.R! + r.scalars.A!).toBeCloseTo(1, 14);
    }
    const crit = solvePoint({ model: TEST_MODEL_ID, params: testCavityModel.presets![0]!.values });
    expect(crit.scalars.R).toBeLessThan(1e-28);
  });

  it('sweeps through the job service; the transmission follows the integrated equation of motion', async () => {
    const { job } = jobs.startSweep({ model: TEST_MODEL_ID, params: { kappa_0: 0.2 }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 9 }] });
    const fin = await jobs.wait(job.id);
    expect(fin.status).toBe('succeeded');
    const res = jobs.result(job.id);
    const T = res.data.T!;
    expect(T.length).toBe(9);
    for (let i = 0; i < 9; i++) {
      const d = -2 + 0.5 * i;
      // 60 lifetimes from rest: the transient has decayed to e^-66 of the steady state
      expect(T[i]).toBeCloseTo(rk4Transmission(1, 1, 0.2, d, 60 / 1.1), 9);
    }
  });

  it('runs point, sweep and simulate studies of a project, stores them, and exports CSV and JSON', async () => {
    const p = projects.newProject();
    const snap = projects.editProject(p.id, projectDoc(), 'Add studies');
    expect(snap.doc.studies.map((s) => s.model)).toEqual([TEST_MODEL_ID, TEST_MODEL_ID, TEST_MODEL_ID]);
    // study validation goes through the package: a bad parameter is named
    expect(() => projects.editProject(p.id, { ...snap.doc, studies: [{ ...snap.doc.studies[1]!, params: { kappa_2: -1 } }] }, 'Bad')).toThrow(/studies\[0\] "Point"\.params\.kappa_2: must be ≥ 0/);

    const scan = await projects.runStudy(p.id, 'scan').whenDone;
    expect(scan.status).toBe('succeeded');
    const pt = await projects.runStudy(p.id, 'pt').whenDone;
    expect(pt.status).toBe('succeeded');
    const ring = await projects.runStudy(p.id, 'ring').whenDone;
    expect(ring.status).toBe('succeeded');
    expect(Object.keys(ring.arrays ?? {}).sort()).toEqual(['linear.a', 'linear.s2_out', 't']);

    const doc = projects.snapshotOf(p.id).doc;
    // CSV of the sweep: one row per grid point, T against the Lorentzian
    const csv = parseExportCsv(studyToCsv(exportSourceOf(doc, projects.studyResult(p.id, 'scan'))));
    expect(csv.columns).toEqual(['Delta', 'kappa_0', 'T', 'R', 'A', 'T_dB']);
    expect(csv.rows.length).toBe(26);
    for (const row of csv.rows) {
      const [d, k0, T, R, A] = row as number[];
      expect(T).toBeCloseTo(lorentzian(2, 0.5, k0!, d!), 12);
      expect(T! + R! + A!).toBeCloseTo(1, 12);
    }
    // the notes of the CSV come from the package
    expect(csv.comments.join('\n')).toMatch(/closed form, exact to rounding/);
    // JSON of the point
    const json = JSON.parse(studyToJson(exportSourceOf(doc, projects.studyResult(p.id, 'pt')))) as { quantities: { key: string; label: string }[]; data: Record<string, number[]>; output: { output: { T: number; a: { re: number } } } };
    expect(json.quantities.map((q) => [q.key, q.label])).toEqual(testCavityModel.quantities({}).map((q) => [q.key, q.label]));
    expect(json.data.T![0]).toBeCloseTo(lorentzian(2, 0.5, 0.25, 0.5), 14);
    // the typed output is stored as the package made it
    expect(json.output.output.T).toBe(json.data.T![0]);
    expect(json.output.output.a.re).toBeGreaterThan(0);
    // the simulate study: the ring-up settles at the steady transmission, as the ODE does
    const sim = projects.studyResult(p.id, 'ring');
    const out2 = sim.data['linear.s2_out']!;
    const t = sim.data.t!;
    const last = out2[out2.length - 1]!;
    expect(last * last).toBeCloseTo(rk4Transmission(2, 0.5, 0.25, 0, t[t.length - 1]!), 9);
    const simCsv = parseExportCsv(studyToCsv(exportSourceOf(doc, sim)));
    expect(simCsv.columns).toEqual(['t', 'linear.a', 'linear.s2_out']);
    expect(simCsv.comments.join('\n')).toMatch(/ring-up from an empty cavity \(closed form\)/);
    // no script generator: refused with a reason naming the model
    expect(() => studyToPythonScript(exportSourceOf(doc, projects.studyResult(p.id, 'scan')))).toThrow(/no script export for model "test-cavity"; scripts exist for three-cavity, two-resonator/);
    // the study editor's estimate describes the package's solver; the export dialog names no library
    expect(costEstimate(doc, doc.studies[0]!, 2)).toMatchObject({ points: '26 points', truncation: 'closed form (steady state of a linear cavity)' });
    expect(scriptLibrary(doc.studies[0]!)).toBe('');
    await projects.closeProject(p.id, true);
  });

  it('the point inspector reports it from its own rows, in the display unit chosen', () => {
    const info = describeModel(getModel(TEST_MODEL_ID));
    const res = solvePoint({ model: TEST_MODEL_ID, params: { kappa_1: 1.5, Delta: 0 } });
    const r = pointReport(info, res, 'rad/s', { T: 0.5 });
    expect(r.single.map((x) => x.key)).toEqual(['T', 'R', 'A', 'T_dB']);
    expect(r.single.find((x) => x.key === 'T_dB')).toMatchObject({ label: 'T', unit: 'dB' });
    expect(r.warnings[0]).toMatch(/^T: the study stored 0\.500000 here/);
    expect(r.warnings).toContain('Critically coupled: nothing is reflected.');
    expect(r.diagnosticsSingle.at(-1)?.key).toBe('total');
  });

  it('once unregistered, it is an unknown model again for every consumer', () => {
    unregisterModel(TEST_MODEL_ID);
    try {
      expect(() => solvePoint({ model: TEST_MODEL_ID, params: {} })).toThrow(/unknown model "test-cavity"/);
      expect(() => jobs.startSweep({ model: TEST_MODEL_ID, params: {}, axes: [{ key: 'Delta', start: 0, stop: 1, count: 2 }] })).toThrow(/unknown model/);
    } finally {
      registerModel(testCavityModel);
    }
  });
});
