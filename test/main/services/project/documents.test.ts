/** A project study whose points are not converged in truncation stores and shows how many, and why. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../../src-core/project/types';
import { Backend } from '../../../../src-main/services/backend';

const workerFile = path.resolve(__dirname, '../../../../dist/main/solver-worker.cjs');

describe('stored results of unconverged points', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-warn-data-'));
  const backend = new Backend({ workers: 2, workerFile, dataDir, autosaveMs: 0 });
  afterAll(() => backend.close());

  it('a sweep study stores the count and the first reason, and they survive save and open', async () => {
    const ps = backend.projects;
    const p = ps.newProject();
    const doc: ProjectDocument = {
      format: PROJECT_FORMAT,
      schemaVersion: PROJECT_SCHEMA_VERSION,
      title: 'Warn',
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      app: { name: 'NR Lab', version: 'test' },
      parameterSets: [],
      studies: [{ id: 'drive', name: 'Drive', kind: 'sweep', model: 'three-cavity', params: { fock: 4 }, axes: [{ key: 'Omega', values: [0.1, 40, 50] }] }],
      figures: [],
    };
    ps.editProject(p.id, doc, 'Study');
    const r = await ps.runStudy(p.id, 'drive').whenDone;
    expect(r.status).toBe('succeeded');
    expect(r.warned?.count).toBe(2);
    expect(r.warned?.first.index).toBe(1);
    expect(r.warned?.first.reason).toMatch(/not converged: .*Omega = 40/);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'nrlab-warn-')), 'w.nrlab');
    await ps.saveProject(p.id, file);
    const again = await ps.openProject(file);
    expect(again.doc.studies[0]!.result?.warned?.count).toBe(2);
  });
});
