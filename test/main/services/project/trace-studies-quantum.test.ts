/**
 * Correlation, spectrum and pulse studies of the real quantum models (the three-cavity model of
 * seed 000 and a network) through the services, end to end: the study runner runs them on the
 * pool's task code, stores the axis and `<trace>.<field>` arrays of both directions, and the
 * exports carry them with the run's notes. Independent checks: g2_jj(0) of a correlation study
 * equals the steady-state solver's g2 of the point (another code path), ⟨n⟩ of the stored output
 * equals the point's mean photon number, g2(τ) → 1 at long delays, the photons of a pulse equal
 * ∫ flux dt of the stored flux (trapezoid), and runTrace returns what the study stored.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../src-core/contract/rpc';
import { CancelledError } from '../../../../src-core/errors';
import { parseExportCsv, studyToCsv } from '../../../../src-core/export/csv';
import { exportSourceOf } from '../../../../src-core/export/source';
import { resultFreshness } from '../../../../src-core/project/fingerprint';
import { getModel, resolveModelParams } from '../../../../src-core/models/registry';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../../src-core/project/types';
import { canonicalSpec, presetById } from '../../../../src-core/models/network/index';
import { runSolverTask, solvePoint, type SolverTask } from '../../../../src-core/tasks/solver-tasks';
import { Backend } from '../../../../src-main/services/backend';
import { JobService } from '../../../../src-main/services/job-service';
import { ProjectService } from '../../../../src-main/services/project-service';
import type { TaskRunner } from '../../../../src-main/services/solver-pool';

/** The solver pool's interface on this thread, with the task code the workers run. */
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

// κ_b = 1.25κ: the two-photon blockade point of seed 000; a small truncation keeps the test quick
const BASE = { fock: 3, kappa_b: 1.25, theta: '-pi/4' };

function projectDoc(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Quantum dynamics',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [{ id: 'base', name: 'Blockade', model: 'three-cavity', params: BASE }],
    studies: [
      { id: 'corr', name: 'g2(τ)', kind: 'correlation', model: 'three-cavity', parameterSet: 'base', params: {}, correlation: { values: [0, 0.5, 1, 2, 40] } },
      { id: 'spec', name: 'S(ω)', kind: 'spectrum', model: 'three-cavity', parameterSet: 'base', params: {}, spectrum: { from: -3, to: 3, samples: 13, traces: ['a_to_c'] } },
      { id: 'pulse', name: 'Pulse', kind: 'pulse', model: 'three-cavity', parameterSet: 'base', params: {}, pulse: { shape: 'gaussian', width: 1, t0: 3, tEnd: 10, samples: 101 } },
      { id: 'net', name: 'Network g2', kind: 'correlation', model: 'network', params: { fock: 3 }, correlation: { values: [0, 1] } },
    ],
    figures: [],
  };
}

describe('quantum dynamics studies of the three-cavity model and a network', () => {
  const bus = new EventBus();
  const pool = inProcessPool();
  const jobs = new JobService(pool, bus, { progressIntervalMs: 10 });
  const projects = new ProjectService(pool, jobs, bus, { dataDir: mkdtempSync(path.join(os.tmpdir(), 'nrlab-qdyn-')), autosaveMs: 0, watchMs: 0 });
  afterAll(() => projects.dispose());

  it('runs them, stores both directions, and the numbers agree with the steady-state solver', async () => {
    const p = projects.newProject();
    projects.editProject(p.id, projectDoc(), 'Add studies');
    const point = solvePoint({ model: 'three-cavity', params: BASE });

    const corr = await projects.runStudy(p.id, 'corr').whenDone;
    expect(corr.status, JSON.stringify(corr.output)).toBe('succeeded');
    expect(Object.keys(corr.arrays ?? {}).sort()).toEqual(['a_to_c.g2', 'c_to_a.g2', 'tau']);
    const d = projects.studyResult(p.id, 'corr').data;
    expect(Array.from(d.tau!)).toEqual([0, 0.5, 1, 2, 40]);
    for (const dir of ['a_to_c', 'c_to_a']) {
      const g2 = d[`${dir}.g2`]!;
      // g2_jj(0) is the steady state's g2(0): two codes, one number
      expect(Math.abs(g2[0]! - point.scalars[`${dir}.g2`]!) / point.scalars[`${dir}.g2`]!, dir).toBeLessThan(1e-6);
      // no correlation left after 40 lifetimes
      expect(g2[4], dir).toBeCloseTo(1, 6);
      const stored = (corr.output as { traces: Record<string, { mean_n: number }> }).traces[dir]!;
      expect(Math.abs(stored.mean_n - point.scalars[`${dir}.mean_n`]!) / point.scalars[`${dir}.mean_n`]!).toBeLessThan(1e-6);
    }
    // antibunched one way, bunched the other (nonreciprocal photon statistics, seed 000)
    expect(d['a_to_c.g2']![0]).toBeLessThan(0.5);
    expect(d['c_to_a.g2']![0]).toBeGreaterThan(1);
    let doc = projects.snapshotOf(p.id).doc;
    expect(resultFreshness(doc, doc.studies[0]!).state).toBe('fresh');

    const spec = await projects.runStudy(p.id, 'spec').whenDone;
    expect(spec.status).toBe('succeeded');
    expect(Object.keys(spec.arrays ?? {}).sort()).toEqual(['a_to_c.S', 'omega']);
    expect(spec.quantities?.find((q) => q.key === 'omega')).toMatchObject({ symbol: 'ω − ω_{L}', unit: 'κ' });
    const so = (spec.output as { traces: Record<string, { mean_n: number; coherentFraction: number }> }).traces.a_to_c!;
    expect(Math.abs(so.mean_n - point.scalars['a_to_c.mean_n']!) / so.mean_n).toBeLessThan(1e-6);
    expect(so.coherentFraction).toBeGreaterThan(0);
    expect(so.coherentFraction).toBeLessThan(1);

    const pulse = await projects.runStudy(p.id, 'pulse').whenDone;
    expect(pulse.status).toBe('succeeded');
    const q = projects.studyResult(p.id, 'pulse').data;
    const t = q.t!;
    expect(t.length).toBe(101);
    for (const dir of ['a_to_c', 'c_to_a']) {
      const flux = q[`${dir}.flux`]!;
      let trapezoid = 0;
      for (let i = 1; i < t.length; i++) trapezoid += 0.5 * (flux[i]! + flux[i - 1]!) * (t[i]! - t[i - 1]!);
      const photons = (pulse.output as { traces: Record<string, { photons: number; minEigenvalue: number }> }).traces[dir]!;
      // the integrator counts the photons with the state; the trapezoid of 101 samples agrees to its own error
      expect(Math.abs(trapezoid - photons.photons) / photons.photons, dir).toBeLessThan(2e-3);
      expect(q[`${dir}.photons`]![100]).toBe(photons.photons);
      expect(photons.minEigenvalue).toBeGreaterThan(-1e-10);
      // the drive is the Gaussian envelope of the model's Ω
      const peak = Math.max(...q[`${dir}.drive`]!);
      expect(q[`${dir}.drive`]![t.findIndex((x) => x >= 3)]).toBeCloseTo(peak, 12);
    }

    const net = await projects.runStudy(p.id, 'net').whenDone;
    expect(net.status, JSON.stringify(net.output)).toBe('succeeded');
    expect(Object.keys(net.arrays ?? {}).sort()).toEqual(['a->c.g2', 'c->a.g2', 'tau']);
    const np = solvePoint({ model: 'network', params: { fock: 3 } });
    const ng2 = projects.studyResult(p.id, 'net').data['a->c.g2']!;
    const key = Object.keys(np.scalars).find((k) => /^a->c\.g2$/.test(k));
    expect(key).toBeDefined();
    expect(Math.abs(ng2[0]! - np.scalars[key!]!) / np.scalars[key!]!).toBeLessThan(1e-6);

    // CSV: the axis, both directions, the run's notes (truncation, method) and per-trace numbers
    doc = projects.snapshotOf(p.id).doc;
    const csv = parseExportCsv(studyToCsv(exportSourceOf(doc, projects.studyResult(p.id, 'corr'))));
    expect(csv.columns).toEqual(['tau', 'a_to_c.g2', 'c_to_a.g2']);
    expect(csv.rows.map((r) => r[1])).toEqual(Array.from(d['a_to_c.g2']!));
    const notes = csv.comments.join('\n');
    expect(notes).toMatch(/truncation: total basis, K = 3 \(dimension 20, fixed\)/);
    expect(notes).toMatch(/method: quantum regression/);
    expect(notes).toMatch(/a_to_c: mean_n = [0-9.e-]+, g2_0 = /);
    expect(notes).toMatch(/study settings: values = \[0, 0\.5, 1, 2, 40\]/);
    const pcsv = parseExportCsv(studyToCsv(exportSourceOf(doc, projects.studyResult(p.id, 'pulse'))));
    expect(pcsv.columns.slice(0, 6)).toEqual(['t', 'a_to_c.drive', 'a_to_c.flux', 'a_to_c.n', 'a_to_c.g2', 'a_to_c.photons']);
    expect(pcsv.comments.join('\n')).toMatch(/method: Dormand–Prince 5\(4\)/);
    expect(pcsv.comments.join('\n')).toMatch(/a_to_c: photons = [0-9.e-]+, peakFlux = .*minEigenvalue = /);
    await projects.closeProject(p.id, true);
  }, 300_000);

  it('refuses trace names the model does not have, and kinds a model lacks', () => {
    const p = projects.newProject();
    const bad = (patch: (d: ProjectDocument) => void): string => {
      const d = projectDoc();
      patch(d);
      try {
        projects.editProject(p.id, d, 'Bad');
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(bad((d) => (d.studies[0]!.correlation = { traces: ['a->c'] }))).toMatch(/studies\[0\] "g2\(τ\)"\.correlation\.traces\[0\]: "a->c" is not a correlation trace of three-cavity here; it has a_to_c, c_to_a/);
    expect(bad((d) => (d.studies[3]!.correlation = { traces: ['a_to_c'] }))).toMatch(/studies\[3\] "Network g2"\.correlation\.traces\[0\]: "a_to_c" is not a correlation trace of network here; it has a->c, c->a/);
    expect(bad((d) => (d.studies[2]!.pulse = { amplitude: 0 }))).toMatch(/\.pulse\.amplitude: must be a positive number, got 0/);
    expect(bad((d) => Object.assign(d.studies[0]!, { model: 'two-resonator', parameterSet: undefined }))).toMatch(/\.kind: the two-resonator model has no correlation runs, so no correlation study; models with them: three-cavity, network/);
    void projects.closeProject(p.id, true);
  });
});

describe('a network read at two outputs: cross-correlation traces in a project', () => {
  const bus = new EventBus();
  const pool = inProcessPool();
  const jobs = new JobService(pool, bus, { progressIntervalMs: 10 });
  const projects = new ProjectService(pool, jobs, bus, { dataDir: mkdtempSync(path.join(os.tmpdir(), 'nrlab-qdyn-x-')), autosaveMs: 0, watchMs: 0 });
  afterAll(() => projects.dispose());

  it('stores and exports the cross traces a->c,d (their own comma kept), g2(0) equal to the steady state cross g2', async () => {
    const ring = presetById('ring-four')!.spec;
    const spec = canonicalSpec({ ...ring, directions: [{ ...ring.directions[0]!, outputs: ['c', 'd'] }, ring.directions[1]!] });
    const params = { network: spec, basis: 'total', fock: 3 };
    const cross = getModel('network').dynamics!.correlation!.tracesFor!(resolveModelParams(getModel('network'), params)).filter((n) => n.includes(','));
    expect(cross.length).toBe(2);
    const doc = projectDoc();
    doc.parameterSets = [];
    doc.studies = [{ id: 'x', name: 'Cross', kind: 'correlation', model: 'network', params, correlation: { values: [0, 1], traces: [cross[0]!, cross[1]!] } }];
    const p = projects.newProject();
    projects.editProject(p.id, doc, 'Cross');
    const r = await projects.runStudy(p.id, 'x').whenDone;
    expect(r.status, JSON.stringify(r.output)).toBe('succeeded');
    expect(Object.keys(r.arrays ?? {}).sort()).toEqual([...cross.map((c) => `${c}.g2`), 'tau'].sort());
    const steady = solvePoint({ model: 'network', params }).scalars;
    const key = Object.keys(steady).find((k) => k.includes(',') && k.endsWith('.g2'))!;
    const data = projects.studyResult(p.id, 'x').data;
    for (const c of cross) expect(Math.abs(data[`${c}.g2`]![0]! - steady[key]!) / steady[key]!).toBeLessThan(1e-9);
    const csv = parseExportCsv(studyToCsv(exportSourceOf(projects.snapshotOf(p.id).doc, projects.studyResult(p.id, 'x'))));
    expect(csv.columns).toEqual(['tau', ...cross.map((c) => `${c}.g2`)]);
    expect(csv.rows[1]![2]).toBe(data[`${cross[1]!}.g2`]![1]);
    // a cross trace is a correlation's only: a pulse study refuses it, naming the field
    const bad = structuredClone(projects.snapshotOf(p.id).doc);
    bad.studies.push({ id: 'y', name: 'Pulse', kind: 'pulse', model: 'network', params, pulse: { traces: [cross[0]!] } });
    expect(() => projects.editProject(p.id, bad, 'Bad')).toThrow(new RegExp(`studies\\[1\\] "Pulse"\\.pulse\\.traces\\[0\\]: "${cross[0]!.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}" is not a pulse trace of network here`));
    await projects.closeProject(p.id, true);
  }, 300_000);
});

const workerFile = path.resolve(__dirname, '../../../../dist/main/solver-worker.cjs');

describe('on the real solver pool (worker threads; the test setup builds them)', () => {
  const backend = new Backend({ workers: 1, workerFile, dataDir: mkdtempSync(path.join(os.tmpdir(), 'nrlab-qdyn-w-')), autosaveMs: 0, watchMs: 0 });
  afterAll(() => backend.close());

  it('runTrace and a correlation study run in a worker and give the in-thread numbers', async () => {
    const h = backend.handlers('memory');
    const settings = { values: [0, 0.5, 3] };
    const r = await h.runTrace({ model: 'three-cavity', kind: 'correlation', params: BASE, settings });
    const local = runSolverTask({ kind: 'simulate', model: 'three-cavity', request: { params: BASE, settings }, run: 'correlation' });
    if (local.kind !== 'simulate') throw new Error('unexpected');
    expect(r.traces.map((t) => t.name)).toEqual(local.output.traces.map((t) => t.loss));
    r.traces.forEach((t, k) => expect(Array.from(t.fields.g2!)).toEqual(Array.from(local.output.traces[k]!.fields.g2!)));
    const snap = backend.projects.newProject();
    const doc = projectDoc();
    doc.studies = [doc.studies[0]!];
    doc.studies[0]!.correlation = settings;
    backend.projects.editProject(snap.id, doc, 'One');
    const res = await backend.projects.runStudy(snap.id, 'corr').whenDone;
    expect(res.status).toBe('succeeded');
    expect(Array.from(backend.projects.studyResult(snap.id, 'corr').data['c_to_a.g2']!)).toEqual(Array.from(local.output.traces[1]!.fields.g2!));
    await backend.projects.closeProject(snap.id, true);
  }, 300_000);
});

describe('runTrace of the real models (the point inspector’s g2(τ) of both directions)', () => {
  const backend = new Backend({ runner: inProcessPool(), dataDir: mkdtempSync(path.join(os.tmpdir(), 'nrlab-qdyn-b-')), autosaveMs: 0, watchMs: 0 });
  const h = backend.handlers('memory');
  afterAll(() => backend.close());

  it('answers g2(τ) of both directions at the point, equal to a study’s and to the steady state at τ = 0', async () => {
    const r = await h.runTrace({ model: 'three-cavity', kind: 'correlation', params: BASE, settings: { values: [0, 1] } });
    expect(r.axis).toMatchObject({ key: 'tau', symbol: 'τ', unit: '1/κ' });
    expect(r.traces.map((t) => t.name)).toEqual(['a_to_c', 'c_to_a']);
    const point = solvePoint({ model: 'three-cavity', params: BASE });
    for (const t of r.traces) expect(Math.abs(t.fields.g2![0]! - point.scalars[`${t.name}.g2`]!) / point.scalars[`${t.name}.g2`]!).toBeLessThan(1e-6);
    expect(r.stored).toMatchObject({ kind: 'correlation', truncation: { fock: 3 } });
    await expect(Promise.resolve().then(() => h.runTrace({ model: 'three-cavity', kind: 'correlation', params: BASE, settings: { from: 2, to: 1 } }))).rejects.toMatchObject({ code: 'bad-input' });
  }, 120_000);
});
