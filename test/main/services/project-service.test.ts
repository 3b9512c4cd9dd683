import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConflictError, ParameterError } from '../../../src-core/errors';
import { resultFreshness } from '../../../src-core/project/fingerprint';
import { ProjectArchive } from '../../../src-core/project/container';
import { ProjectFileError } from '../../../src-core/project/validate';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';
import { solvePoint } from '../../../src-core/tasks/solver-tasks';
import { getModel } from '../../../src-core/models/registry';
import { planSweep } from '../../../src-core/studies/grid';
import { Backend } from '../../../src-main/services/backend';

const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

function smallDoc(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Small',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [{ id: 'fig2', name: 'Fig. 2', model: 'three-cavity', params: { theta: '-pi/4' } }],
    studies: [
      {
        id: 'map',
        name: 'Map',
        kind: 'sweep',
        model: 'three-cavity',
        parameterSet: 'fig2',
        params: { solver: 'quantum', fock: 3 },
        axes: [
          { key: 'Delta', start: -1, stop: 1, count: 6 },
          { key: 'kappa_b', values: [0.5, 1, 1.5] },
        ],
      },
      { id: 'pt', name: 'Point', kind: 'point', model: 'three-cavity', parameterSet: 'fig2', params: { fock: 4 } },
      { id: 'sim', name: 'Pulse', kind: 'simulate', model: 'two-resonator', params: {}, simulate: { port: 1, input: 'gaussian', tEnd: 60e-6, samples: 101 } },
    ],
    figures: [{ id: 'f', name: 'fig', layout: { rows: 1, cols: 1 }, panels: [{ study: 'map', kind: 'heatmap', quantity: 'isolation' }] }],
  };
}

describe('ProjectService', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-data-'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-proj-'));
  const backend = new Backend({ workers: 2, workerFile, dataDir, autosaveMs: 0 });
  const ps = backend.projects;
  afterAll(() => backend.close());

  it('edits are undoable and mark the project dirty; saving keeps the previous version as .bak', async () => {
    const p = ps.newProject();
    expect(p.dirty).toBe(false);
    const doc = smallDoc();
    const e1 = ps.editProject(p.id, doc, 'Add studies');
    expect(e1.dirty).toBe(true);
    // a new empty project is clean: undoing back to it is clean again
    expect(ps.undo(p.id).dirty).toBe(false);
    expect(ps.redo(p.id).dirty).toBe(true);
    expect(e1.undoLabel).toBe('Add studies');
    const e2 = ps.editProject(p.id, { ...e1.doc, title: 'Renamed' }, 'Rename');
    expect(e2.doc.title).toBe('Renamed');
    expect(ps.undo(p.id).doc.title).toBe('Small');
    expect(ps.redo(p.id).doc.title).toBe('Renamed');
    expect(() => ps.editProject(p.id, { ...e2.doc, studies: [{ ...e2.doc.studies[0]!, params: { kappa_b: -1 } }] }, 'Bad')).toThrow(/studies\[0\] "Map"\.params\.kappa_b: must be ≥ 0/);
    await expect(ps.saveProject(p.id)).rejects.toThrow(/not been saved yet/);
    const file = path.join(dir, 'a.nrlab');
    const saved = await ps.saveProject(p.id, file);
    expect(saved.dirty).toBe(false);
    expect(existsSync(`${file}.bak`)).toBe(false);
    const first = sha(file);
    // undoing back to the saved state is clean again (no ●); redo is a change again
    expect(ps.editProject(p.id, { ...saved.doc, title: 'Changed' }, 'Title').dirty).toBe(true);
    expect(ps.undo(p.id).dirty).toBe(false);
    expect(ps.redo(p.id).dirty).toBe(true);
    expect(ps.undo(p.id).dirty).toBe(false);
    // an edit that puts back the saved content is clean too
    ps.editProject(p.id, { ...saved.doc, title: 'Changed' }, 'Title');
    expect(ps.editProject(p.id, { ...saved.doc }, 'Title back').dirty).toBe(false);
    ps.editProject(p.id, { ...saved.doc, notes: 'second version' }, 'Notes');
    await ps.saveProject(p.id);
    expect(sha(`${file}.bak`)).toBe(first);
    expect((await ps.recentProjects())[0]!.path).toBe(file);
    await expect(ps.closeProject(p.id)).resolves.toEqual({ closed: true });
  });

  it('runs sweep, point and simulate studies, stores them with provenance, and a re-run reproduces them', async () => {
    const p = ps.newProject();
    ps.editProject(p.id, smallDoc(), 'Studies');
    for (const s of ['map', 'pt', 'sim']) {
      const r = await ps.runStudy(p.id, s).whenDone;
      expect(r.status).toBe('succeeded');
    }
    const file = path.join(dir, 'run.nrlab');
    await ps.saveProject(p.id, file);
    await ps.closeProject(p.id);

    const again = await ps.openProject(file);
    const map = again.doc.studies.find((s) => s.id === 'map')!.result!;
    expect(map.provenance).toMatchObject({ model: 'three-cavity', solver: 'quantum', truncation: { fock: 3 }, app: { name: 'NR Lab' } });
    expect(map.provenance.params.theta).toBeCloseTo(-Math.PI / 4, 15);
    const stored = ps.studyResult(again.id, 'map');
    const plan = planSweep(getModel('three-cavity'), { params: {}, axes: smallDoc().studies[0]!.axes! });
    expect(stored.axes.map((a) => Array.from(a.values))).toEqual(plan.axes.map((a) => Array.from(a.values)));
    // an independent in-process solve at one grid point gives the stored number exactly
    const D = stored.axes[0]!.values[4]!;
    const direct = solvePoint({ model: 'three-cavity', params: { ...map.provenance.params, Delta_a: D, Delta_b: D, Delta_c: D, kappa_b: 1.5 } });
    expect(stored.data.isolation![4 * 3 + 2]).toBe(direct.scalars.isolation);
    // "re-run" from the recorded provenance reproduces every number bit for bit
    const before = Array.from(stored.data['c_to_a.g2']!);
    await ps.runStudy(again.id, 'map').whenDone;
    expect(Array.from(ps.studyResult(again.id, 'map').data['c_to_a.g2']!)).toEqual(before);
    const pt = again.doc.studies.find((s) => s.id === 'pt')!.result!;
    expect((pt.output as { scalars: Record<string, number> }).scalars.isolation).toBeGreaterThan(0.9);
    const sim = ps.studyResult(again.id, 'sim');
    expect(sim.data.t).toHaveLength(101);
    expect(Math.max(...sim.data['nonlocal.s1_out']!)).toBeGreaterThan(0.1);
    await ps.closeProject(again.id, true);
  });

  it('a cancelled study keeps its partial result and resumes to the uninterrupted answer', async () => {
    const p = ps.newProject();
    const doc = smallDoc();
    doc.studies = [{ ...doc.studies[0]!, params: { solver: 'quantum', fock: 4 }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 24 }, { key: 'kappa_b', values: [0.5, 1, 1.5] }] }];
    doc.figures = [];
    ps.editProject(p.id, doc, 'Study');
    const full = await ps.runStudy(p.id, 'map').whenDone;
    const want = Array.from(ps.studyResult(p.id, 'map').data.isolation!);
    expect(full.status).toBe('succeeded');
    const { snapshot, whenDone } = ps.runStudy(p.id, 'map');
    await new Promise((r) => setTimeout(r, 60));
    backend.jobs.cancel(snapshot.running.map!);
    const partial = await whenDone;
    expect(partial.status).toBe('cancelled');
    expect(partial.done).toBeLessThan(partial.total!);
    const resumed = await ps.runStudy(p.id, 'map', true).whenDone;
    expect(resumed.status).toBe('succeeded');
    expect(Array.from(ps.studyResult(p.id, 'map').data.isolation!)).toEqual(want);
    // the stored provenance is the whole result's: every point, both runs, their total time
    expect(resumed.total).toBe(72);
    expect(resumed.done).toBe(72);
    const runs = resumed.provenance.runs!;
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ date: partial.provenance.date, points: partial.done, wallMs: partial.provenance.wallMs });
    expect(runs[1]!.points).toBe(72 - partial.done!);
    expect(runs[1]!.app.name).toBe('NR Lab');
    expect(runs[1]!.workers).toBe(2);
    expect(resumed.provenance.wallMs).toBe(runs[0]!.wallMs + runs[1]!.wallMs);
    expect(resumed.provenance.date).toBe(runs[0]!.date);
    await ps.closeProject(p.id, true);
  });

  it('a scratch sweep saved as a study keeps its numbers, is fresh, undoable, and equals a run of the study', async () => {
    const p = ps.newProject();
    const req = { model: 'three-cavity', params: { theta: '-pi/4', solver: 'quantum', fock: 3 }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 5 }, { key: 'kappa_b', values: [0.5, 1.5] }] };
    const { job } = backend.jobs.startSweep(req);
    expect(() => ps.saveSweepAsStudy(p.id, job.id)).toThrow(/still (queued|running)/);
    await backend.jobs.wait(job.id);
    const want = Array.from(backend.jobs.result(job.id).data['a_to_c.g2']!);
    const { snapshot, studyId } = ps.saveSweepAsStudy(p.id, job.id, 'Scratch map');
    const study = snapshot.doc.studies.find((s) => s.id === studyId)!;
    expect(study).toMatchObject({ name: 'Scratch map', kind: 'sweep', model: 'three-cavity', params: req.params, axes: req.axes });
    expect(study.result).toMatchObject({ status: 'succeeded', done: 10, total: 10, provenance: { model: 'three-cavity' } });
    expect(resultFreshness(snapshot.doc, study).state).toBe('fresh');
    expect(snapshot.dirty).toBe(true);
    expect(Array.from(ps.studyResult(p.id, studyId).data['a_to_c.g2']!)).toEqual(want);
    // running the saved study reproduces the scratch numbers bit for bit
    await ps.runStudy(p.id, studyId).whenDone;
    expect(Array.from(ps.studyResult(p.id, studyId).data['a_to_c.g2']!)).toEqual(want);
    // a name in use is refused naming the field; an unknown job names the job id
    expect(() => ps.saveSweepAsStudy(p.id, job.id, 'Scratch map')).toThrow(ParameterError);
    expect(() => ps.saveSweepAsStudy(p.id, 'job-nope')).toThrow(/jobId|job-nope/);
    // one undoable step
    const undone = ps.undo(p.id);
    expect(undone.doc.studies.some((s) => s.id === studyId)).toBe(false);
    await ps.closeProject(p.id, true);
  });

  it('refuses to close unsaved work without discard', async () => {
    const p = ps.newProject();
    ps.editProject(p.id, { ...p.doc, title: 'x' }, 'Rename');
    await expect(ps.closeProject(p.id)).rejects.toThrow(ParameterError);
    await expect(ps.closeProject(p.id)).rejects.toThrow(/^discard: the project has unsaved changes/);
    await ps.closeProject(p.id, true);
  });

  it('a failed open names the problem and leaves the file exactly as it was', async () => {
    const cases: [string, Uint8Array | string][] = [
      ['empty.nrlab', ''],
      ['text.nrlab', '{"format":"nrlab-project"}'],
      ['truncated.nrlab', readFileSync(path.join(dir, 'run.nrlab')).subarray(0, 2000)],
    ];
    for (const [name, content] of cases) {
      const f = path.join(dir, name);
      writeFileSync(f, content);
      const before = sha(f);
      const e = await ps.openProject(f).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ProjectFileError);
      expect(sha(f)).toBe(before);
    }
    await expect(ps.openProject(path.join(dir, 'missing.nrlab'))).rejects.toThrow(/^path: .*missing\.nrlab does not exist/);
  });

  it('autosaves unsaved work; after a crash the next session offers it and recovers it', async () => {
    const p = ps.newProject('loss-induced-nonreciprocity');
    const file = path.join(dir, 'rec.nrlab');
    await ps.saveProject(p.id, file);
    ps.editProject(p.id, { ...ps.snapshotOf(p.id).doc, notes: 'unsaved thoughts' }, 'Notes');
    expect(await ps.autosave()).toBe(1);
    expect(await ps.autosave()).toBe(0); // nothing new since
    // a second session on the same data dir (the first one "crashed": never closed)
    const other = new Backend({ workers: 1, workerFile, dataDir, autosaveMs: 0 });
    try {
      const list = await other.projects.recoverableProjects();
      const item = list.find((r) => r.id === p.id)!;
      expect(item).toMatchObject({ title: p.doc.title, path: file });
      const rec = await other.projects.recoverProject(item.id);
      expect(rec.dirty).toBe(true);
      expect(rec.path).toBe(file);
      expect(rec.doc.notes).toBe('unsaved thoughts');
      expect(rec.warnings.at(-1)).toMatch(/Recovered unsaved work/);
      await other.projects.saveProject(rec.id);
      expect(await other.projects.recoverableProjects()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('a save over a file another program changed is refused and keeps the work; overwrite, reload and the disk check work', async () => {
    const file = path.join(dir, 'conflict.nrlab');
    const mine = ps.newProject();
    ps.editProject(mine.id, smallDoc(), 'Studies');
    await ps.saveProject(mine.id, file);
    // another program (a second session: the CLI, another window) saves the same file
    const other = new Backend({ workers: 1, workerFile, dataDir, autosaveMs: 0, watchMs: 0 });
    try {
      const theirs = await other.projects.openProject(file);
      other.projects.editProject(theirs.id, { ...theirs.doc, notes: 'theirs' }, 'Notes');
      await other.projects.saveProject(theirs.id);
    } finally {
      await other.close();
    }
    const theirBytes = sha(file);
    ps.editProject(mine.id, { ...ps.snapshotOf(mine.id).doc, notes: 'mine' }, 'Notes');
    const e = await ps.saveProject(mine.id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConflictError);
    expect((e as ConflictError).code).toBe('conflict');
    expect((e as Error).message).toMatch(/changed by another program.*Nothing was written/);
    expect(sha(file)).toBe(theirBytes);
    const refused = ps.snapshotOf(mine.id);
    expect(refused).toMatchObject({ dirty: true, changedOnDisk: true });
    expect(refused.doc.notes).toBe('mine');
    // Overwrite (explicit) replaces theirs
    const over = await ps.saveProject(mine.id, undefined, { overwrite: true });
    expect(over.changedOnDisk).toBeUndefined();
    expect(ProjectArchive.open(new Uint8Array(readFileSync(file))).doc.notes).toBe('mine');
    // the same content written again (only the time changes) is no conflict
    writeFileSync(file, readFileSync(file));
    expect(await ps.checkDisk(mine.id)).toEqual([]);
    // a change on disk is noticed without a save, and Reload reads it (dropping unsaved edits)
    const ext = ProjectArchive.open(new Uint8Array(readFileSync(file)));
    writeFileSync(file, ext.archive.toBytes({ ...ext.doc, notes: 'external' }));
    ps.editProject(mine.id, { ...ps.snapshotOf(mine.id).doc, title: 'unsaved title' }, 'Rename');
    expect(await ps.checkDisk()).toContain(mine.id);
    expect(ps.snapshotOf(mine.id).changedOnDisk).toBe(true);
    const reloaded = await ps.reloadProject(mine.id);
    expect(reloaded).toMatchObject({ dirty: false, doc: { notes: 'external', title: 'Small' } });
    expect(reloaded.changedOnDisk).toBeUndefined();
    expect(reloaded.undoLabel).toBeUndefined();
    ps.editProject(mine.id, { ...reloaded.doc, notes: 'after reload' }, 'Notes');
    await expect(ps.saveProject(mine.id)).resolves.toMatchObject({ dirty: false });
    // Save As to another file is always possible
    await expect(ps.saveProject(mine.id, path.join(dir, 'conflict-copy.nrlab'))).resolves.toMatchObject({ path: path.join(dir, 'conflict-copy.nrlab') });
    await ps.closeProject(mine.id, true);
  });

  it('a result is stale once its inputs change, fresh again after undo; export refuses a stale one without confirmation', async () => {
    const p = ps.newProject();
    ps.editProject(p.id, smallDoc(), 'Studies');
    const r = await ps.runStudy(p.id, 'pt').whenDone;
    expect(r.fingerprint).toMatch(/^h1:/);
    const fresh = ps.snapshotOf(p.id);
    const pt = (d: ProjectDocument) => d.studies.find((s) => s.id === 'pt')!;
    expect(resultFreshness(fresh.doc, pt(fresh.doc)).state).toBe('fresh');
    const edited = structuredClone(fresh.doc);
    pt(edited).params = { fock: 5 };
    const after = ps.editProject(p.id, edited, 'Truncation');
    expect(resultFreshness(after.doc, pt(after.doc)).state).toBe('stale');
    await expect(backend.exports.export({ projectId: p.id, studyId: 'pt', format: 'json' })).rejects.toThrow(/^allowStale: "Point" is stale/);
    const ok = await backend.exports.export({ projectId: p.id, studyId: 'pt', format: 'json', allowStale: true });
    expect(ok.warnings[0]).toMatch(/"Point" is stale/);
    const undone = ps.undo(p.id);
    expect(resultFreshness(undone.doc, pt(undone.doc)).state).toBe('fresh');
    expect((await backend.exports.export({ projectId: p.id, studyId: 'pt', format: 'json' })).warnings).toEqual([]);
    // an older file (results without fingerprints): derived from provenance at open
    await ps.runStudy(p.id, 'map').whenDone;
    const file = path.join(dir, 'legacy.nrlab');
    await ps.saveProject(p.id, file);
    await ps.closeProject(p.id, true);
    const o = ProjectArchive.open(new Uint8Array(readFileSync(file)));
    for (const s of o.doc.studies) delete s.result?.fingerprint;
    writeFileSync(file, o.archive.toBytes(o.doc));
    const legacy = await ps.openProject(file);
    expect(resultFreshness(legacy.doc, pt(legacy.doc)).state).toBe('fresh');
    expect(resultFreshness(legacy.doc, legacy.doc.studies.find((s) => s.id === 'map')!).state).toBe('fresh');
    const edited2 = structuredClone(legacy.doc);
    edited2.studies.find((s) => s.id === 'map')!.axes![1] = { key: 'kappa_b', values: [0.5, 1, 2] };
    const after2 = ps.editProject(legacy.id, edited2, 'Axes');
    expect(resultFreshness(after2.doc, after2.doc.studies.find((s) => s.id === 'map')!).state).toBe('stale');
    await ps.closeProject(legacy.id, true);
  });
});
