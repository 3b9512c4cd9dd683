/**
 * Optimize studies end to end in the main process: run on the pool from a project, the stored
 * result (best value and parameters, evaluation history) checked against the closed-form zero of
 * the classical three-cavity transmission c→a and against a dense sweep; progress events,
 * cancel, save and reopen, staleness, CSV/JSON export.
 *
 * Closed form (classical limit, eq. 12 of seed 000): the c→a amplitude is proportional to the
 * cofactor J_ab·J_bc − (Δ_b − iκ_b/2)·J_ac·e^{−iθ}, which vanishes exactly when
 * J_ac = J_ab·J_bc / |Δ_b − iκ_b/2| and θ = arg(Δ_b − iκ_b/2). With J_ab = J_bc = 1/√2,
 * κ_b = 1 and Δ_b = √3/2: |Δ_b − iκ_b/2| = 1, so J_ac* = 1/2 and θ* = −π/6.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobSnapshot, OptimizeProgress } from '../../../src-core/contract/api';
import { exportSourceOf, parseExportCsv, studyToCsv, studyToJsonDocument } from '../../../src-core/export/index';
import { addParameterSet, addStudy } from '../../../src-core/project/authoring';
import { resultFreshness } from '../../../src-core/project/fingerprint';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type OptimizeOutput, type ProjectDocument } from '../../../src-core/project/types';
import { Backend } from '../../../src-main/services/backend';

const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');

function empty(): ProjectDocument {
  const now = '2026-12-07T00:00:00.000Z';
  return { format: PROJECT_FORMAT, schemaVersion: PROJECT_SCHEMA_VERSION, title: 'Optimize', created: now, modified: now, app: { name: 'NR Lab', version: 'test' }, parameterSets: [], studies: [], figures: [] };
}

/** A project with the closed-form case as a parameter set, a 1-D and a 2-D optimize study and a dense scan. */
function project(): ProjectDocument {
  let doc = addParameterSet(empty(), { name: 'Isolator', model: 'three-cavity', params: { solver: 'classical', kappa_b: 1, Delta_b: 'sqrt(3)/2', J_ac: 0.5 } }).doc;
  doc = addStudy(doc, { name: 'theta*', parameterSet: 'Isolator', kind: 'optimize', optimize: { objective: { quantity: 'c_to_a.T', goal: 'minimize' }, vary: [{ key: 'theta', lo: -1.5, hi: 0.5 }], maxEvaluations: 400 } }).doc;
  doc = addStudy(doc, {
    name: 'theta*, J_ac*',
    parameterSet: 'Isolator',
    kind: 'optimize',
    optimize: { objective: { quantity: 'c_to_a.T', goal: 'minimize' }, vary: [{ key: 'theta', lo: -1.2, hi: 0.2 }, { key: 'J_ac', lo: 0.1, hi: 1 }], maxEvaluations: 2000 },
  }).doc;
  doc = addStudy(doc, { name: 'Scan', parameterSet: 'Isolator', axes: [{ key: 'theta', start: -1.5, stop: 0.5, count: 2001 }], quantities: ['c_to_a.T'] }).doc;
  doc = addStudy(doc, { name: 'Peak', parameterSet: 'Isolator', kind: 'optimize', optimize: { objective: { quantity: 'c_to_a.T', goal: 'maximize' }, vary: [{ key: 'theta', lo: -1.5, hi: 0.5 }] } }).doc;
  return doc;
}

describe('optimize studies on the pool', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-opt-data-'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-opt-'));
  const backend = new Backend({ workers: 2, workerFile, dataDir, autosaveMs: 0, watchMs: 0 });
  const ps = backend.projects;
  afterAll(() => backend.close());
  const snap = ps.newProject();
  ps.editProject(snap.id, project(), 'Build');
  const id = (name: string): string => ps.snapshotOf(snap.id).doc.studies.find((s) => s.name === name)!.id;

  it('finds θ* = −π/6 (the closed-form zero of T c→a), agrees with a dense scan, streams progress and stores the history', async () => {
    const events: { name: string; p: unknown }[] = [];
    const off = backend.bus.subscribe((name, p) => void events.push({ name, p }));
    const { snapshot, whenDone } = ps.runStudy(snap.id, id('theta*'));
    const runId = snapshot.running[id('theta*')]!;
    expect(runId).toMatch(/^optimize:/);
    const r = await whenDone;
    off();
    expect(r.status).toBe('succeeded');
    const out = r.output as OptimizeOutput;
    expect(out.objective).toEqual({ quantity: 'c_to_a.T', goal: 'minimize' });
    expect(out.optimum.theta).toBeCloseTo(-Math.PI / 6, 6);
    expect(out.value).toBeLessThan(1e-12);
    expect(out.bestParams.theta).toBe(out.optimum.theta);
    expect(out.bestParams.J_ac).toBe(0.5);
    expect(out.converged).toBe(true);
    expect(out.evaluations).toBeLessThanOrEqual(400);

    // progress: job snapshots of kind optimize under the run id, and the best so far
    const jobs = events.filter((e) => e.name === 'job.progress' && (e.p as JobSnapshot).id === runId).map((e) => e.p as JobSnapshot);
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((j) => j.kind === 'optimize' && j.total === 400 && j.done <= j.total)).toBe(true);
    const best = events.filter((e) => e.name === 'optimize.progress' && (e.p as OptimizeProgress).runId === runId).map((e) => e.p as OptimizeProgress);
    expect(best.at(-1)!.evaluations).toBe(out.evaluations);
    expect(best.at(-1)!.best).toBe(out.value);
    expect(events.some((e) => e.name === 'job.finished' && (e.p as JobSnapshot).id === runId && (e.p as JobSnapshot).status === 'succeeded')).toBe(true);

    // the history: one entry per evaluation; best is the running minimum of value; θ within bounds
    const stored = ps.studyResult(snap.id, id('theta*'));
    const n = out.evaluations;
    for (const k of ['evaluation', 'value', 'best', 'param.theta']) expect(stored.data[k]!.length).toBe(n);
    let min = Infinity;
    for (let i = 0; i < n; i++) {
      expect(stored.data.evaluation![i]).toBe(i + 1);
      min = Math.min(min, stored.data.value![i]!);
      expect(stored.data.best![i]).toBe(min);
      expect(stored.data['param.theta']![i]).toBeGreaterThanOrEqual(-1.5);
      expect(stored.data['param.theta']![i]).toBeLessThanOrEqual(0.5);
    }
    expect(stored.data.best![n - 1]).toBe(out.value);

    // a dense scan (step 1e-3) puts the minimum at the same θ, and no scanned point is lower
    const scan = await ps.runStudy(snap.id, id('Scan')).whenDone;
    expect(scan.status).toBe('succeeded');
    const s = ps.studyResult(snap.id, id('Scan'));
    const T = s.data['c_to_a.T']!;
    let k = 0;
    for (let i = 1; i < T.length; i++) if (T[i]! < T[k]!) k = i;
    expect(Math.abs(s.axes[0]!.values[k]! - out.optimum.theta!)).toBeLessThanOrEqual(1e-3);
    expect(out.value).toBeLessThanOrEqual(T[k]!);
  });

  it('finds both coordinates of the closed-form zero (θ*, J_ac*) = (−π/6, 1/2) over two parameters, and the largest T c→a of a scan', async () => {
    const r = await ps.runStudy(snap.id, id('theta*, J_ac*')).whenDone;
    const out = r.output as OptimizeOutput;
    expect(r.status).toBe('succeeded');
    expect(out.optimum.theta).toBeCloseTo(-Math.PI / 6, 4);
    expect(out.optimum.J_ac).toBeCloseTo(0.5, 4);
    expect(out.value).toBeLessThan(1e-8);

    // maximising: the best is the running maximum, and no scanned θ gives more
    const peak = await ps.runStudy(snap.id, id('Peak')).whenDone;
    const p = peak.output as OptimizeOutput;
    const scan = ps.studyResult(snap.id, id('Scan')).data['c_to_a.T']!;
    const scanMax = Math.max(...scan);
    expect(p.value).toBeGreaterThanOrEqual(scanMax - 1e-12);
    expect(p.value).toBeLessThanOrEqual(1 + 1e-12); // passive: transmission never exceeds 1
    const h = ps.studyResult(snap.id, id('Peak')).data;
    for (let i = 1; i < h.best!.length; i++) expect(h.best![i]).toBeGreaterThanOrEqual(h.best![i - 1]!);
  });

  it('saves and reopens with the result fresh; editing the bounds makes it stale; the base value of a varied parameter does not', async () => {
    const file = path.join(dir, 'opt.nrlab');
    await ps.saveProject(snap.id, file);
    const other = new Backend({ workers: 1, workerFile, dataDir, autosaveMs: 0, watchMs: 0 });
    try {
      const re = await other.projects.openProject(file);
      const st = re.doc.studies.find((s) => s.name === 'theta*')!;
      expect(resultFreshness(re.doc, st).state).toBe('fresh');
      const data = other.projects.studyResult(re.id, st.id).data;
      expect(data['param.theta']!.length).toBe((st.result!.output as OptimizeOutput).evaluations);
      const moved = structuredClone(re.doc);
      const ms = moved.studies.find((s) => s.id === st.id)!;
      ms.params = { ...ms.params, theta: 0.1 };
      expect(resultFreshness(moved, ms).state).toBe('fresh');
      ms.optimize!.vary[0]!.hi = 0.4;
      expect(resultFreshness(moved, ms).state).toBe('stale');
    } finally {
      await other.close();
    }
  });

  it('exports the history as CSV (evaluation rows, value, best, θ) and JSON (with the optimum)', () => {
    const doc = ps.snapshotOf(snap.id).doc;
    const src = exportSourceOf(doc, ps.studyResult(snap.id, id('theta*')));
    const out = src.result.output as OptimizeOutput;
    const csv = parseExportCsv(studyToCsv(src));
    expect(csv.columns).toEqual(['evaluation', 'value', 'best', 'param.theta']);
    expect(csv.rows).toHaveLength(out.evaluations);
    expect(csv.rows.at(-1)![2]).toBe(out.value);
    expect(csv.comments.join('\n')).toMatch(/objective: minimize c_to_a\.T/);
    expect(csv.comments.join('\n')).toMatch(/theta +=.*varied by the search/);
    const json = studyToJsonDocument(src) as { axes: Record<string, number[]>; data: Record<string, (number | null)[]>; output: OptimizeOutput; settings: unknown };
    expect(json.axes.evaluation).toHaveLength(out.evaluations);
    expect(json.output.optimum.theta).toBe(out.optimum.theta);
    expect(json.settings).toEqual(doc.studies.find((s) => s.name === 'theta*')!.optimize);
  });

  it('cancels a running optimize study: the best point so far is stored as cancelled, well short of the limit', async () => {
    // the quantum solver at a fixed truncation: each evaluation is a real solve
    const doc = addStudy(ps.snapshotOf(snap.id).doc, {
      name: 'Slow',
      kind: 'optimize',
      model: 'three-cavity',
      params: { fock: 6 },
      optimize: { objective: { quantity: 'a_to_c.g2', goal: 'minimize' }, vary: [{ key: 'Delta', lo: -2, hi: 2 }, { key: 'U', lo: 1, hi: 10 }], maxEvaluations: 100_000 },
    });
    const st = doc.doc.studies.find((s) => s.id === doc.id)!;
    expect(st.optimize!.objective.quantity).toBe('a_to_c.g2');
    ps.editProject(snap.id, doc.doc, 'Add slow');
    const { snapshot, whenDone } = ps.runStudy(snap.id, doc.id);
    const runId = snapshot.running[doc.id]!;
    await new Promise<void>((resolve) => {
      const off = backend.bus.subscribe((name, p) => {
        if (name === 'optimize.progress' && (p as OptimizeProgress).runId === runId && (p as OptimizeProgress).evaluations >= 5) {
          off();
          resolve();
        }
      });
    });
    expect(ps.cancelStudy(snap.id, doc.id)).toBe(true);
    const r = await whenDone;
    expect(r.status).toBe('cancelled');
    const out = r.output as OptimizeOutput;
    expect(out.evaluations).toBeGreaterThanOrEqual(5);
    expect(out.evaluations).toBeLessThan(1000);
    expect(out.converged).toBe(false);
    const h = ps.studyResult(snap.id, doc.id).data;
    expect(h.value!.length).toBe(out.evaluations);
    expect(Math.min(...h.value!)).toBe(out.value);
    expect(ps.snapshotOf(snap.id).running[doc.id]).toBeUndefined();
  });
});
