/**
 * Export from the app (previewFigure, exportFile): through the backend's dispatcher, as the
 * renderer calls it, on an open project with unsaved edits.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallArgs, CallName, CallResult } from '../../../src-core/contract/api';
import { parseExportCsv } from '../../../src-core/export/csv';
import { ProjectArchive } from '../../../src-core/project/container';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';
import { Backend } from '../../../src-main/services/backend';

const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-export-service-'));
const backend = new Backend({ workers: 1, workerFile, dataDir: mkdtempSync(path.join(os.tmpdir(), 'nrlab-data-')), autosaveMs: 0 });
const dispatcher = backend.dispatcher('memory');

async function call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
  const r = await dispatcher.handle(name, args);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as CallResult<K>;
}

const doc: ProjectDocument = {
  format: PROJECT_FORMAT,
  schemaVersion: PROJECT_SCHEMA_VERSION,
  title: 'Export service',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  app: { name: 'NR Lab', version: 'test' },
  parameterSets: [],
  studies: [
    { id: 'scan', name: 'Scan of Δ', kind: 'sweep', model: 'three-cavity', params: { solver: 'classical', theta: '-pi/4' }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 41 }], quantities: ['a_to_c.T', 'c_to_a.T'] },
    { id: 'later', name: 'Later', kind: 'sweep', model: 'three-cavity', params: {}, axes: [{ key: 'Delta', start: 0, stop: 1, count: 2 }] },
  ],
  figures: [
    { id: 'f1', name: 'Transmission', layout: { rows: 1, cols: 1 }, style: { preset: 'aps-single' }, panels: [{ study: 'scan', kind: 'line', x: 'Delta', yLabel: 'T' }] },
    { id: 'f2', name: 'Later figure', layout: { rows: 1, cols: 1 }, panels: [{ study: 'later', kind: 'line', x: 'Delta' }] },
  ],
};

let projectId = '';

beforeAll(async () => {
  const file = path.join(dir, 'p.nrlab');
  writeFileSync(file, ProjectArchive.empty().toBytes(doc));
  const snap = await backend.projects.openProject(file);
  projectId = snap.id;
  await backend.projects.runStudy(projectId, 'scan').whenDone;
}, 60_000);

afterAll(() => backend.close());

describe('export from the app', () => {
  it('previewFigure: the export SVG at the preset size, options applied; an unsaved edit shows', async () => {
    const p = await call('previewFigure', { projectId, figureId: 'f1' });
    expect(XMLValidator.validate(p.svg)).toBe(true);
    expect([p.widthPt, p.heightPt, p.fontPt]).toEqual([244.8, 183.6, 8]);
    // the preflight runs on every preview: a one-panel figure at 8 pt passes, a 5 pt one does not
    expect(p.findings).toEqual([]);
    expect(p.grid).toEqual({ rows: 1, cols: 1 });
    const small = await call('previewFigure', { projectId, figureId: 'f1', options: { fontPt: 5 } });
    expect(small.findings!.length).toBeGreaterThan(0);
    expect(small.findings!.every((f) => f.code === 'text-small')).toBe(true);
    expect(small.findings![0]!.message).toMatch(/is 5 pt at print size, under the 6 pt minimum: raise the font size \(now 5 pt\)/);
    const q = await call('previewFigure', { projectId, figureId: 'Transmission', options: { preset: 'nature-double', fontPt: 10 } });
    expect(q.widthPt).toBeCloseTo((183 / 25.4) * 72, 1);
    expect(q.fontPt).toBe(10);
    // the document as edited (not yet saved) is what is drawn
    const snap = backend.projects.snapshotOf(projectId);
    const edited = structuredClone(snap.doc);
    edited.figures[0]!.panels[0]!.yLabel = 'Transmission T';
    backend.projects.editProject(projectId, edited, 'Rename axis');
    const r = await call('previewFigure', { projectId, figureId: 'f1' });
    expect([...r.svg.matchAll(/>([^<]*)<\/text>/g)].map((m) => m[1]).join('')).toContain('Transmission T');
  });

  it('exportFile without a path returns the bytes (browser download); with a path writes the file', async () => {
    const pdf = await call('exportFile', { projectId, figureId: 'f1', format: 'pdf' });
    expect(pdf.fileName).toBe('Transmission.pdf');
    expect(pdf.mime).toBe('application/pdf');
    const bytes = Buffer.from(pdf.data!, 'base64');
    expect(bytes.length).toBe(pdf.bytes);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const out = path.join(dir, 'fig.png');
    const png = await call('exportFile', { projectId, figureId: 'f1', format: 'png', options: { dpi: 300 }, path: out });
    expect(png.path).toBe(out);
    expect(png.data).toBeUndefined();
    expect(readFileSync(out).readUInt32BE(16)).toBe(1020);
    const csvFile = path.join(dir, 'scan.csv');
    await call('exportFile', { projectId, studyId: 'scan', format: 'csv', path: csvFile });
    const csv = parseExportCsv(readFileSync(csvFile, 'utf8'));
    expect(csv.rows).toHaveLength(41);
    const py = await call('exportFile', { projectId, studyId: 'scan', format: 'py' });
    expect(py.fileName).toBe('Scan-of-Δ.py');
    expect(Buffer.from(py.data!, 'base64').toString('utf8')).toMatch(/^#!\/usr\/bin\/env python3/);
    const info = execFileSync('pdfinfo', ['-'], { input: bytes, encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+244.8 x 183.6 pts/);
    // binary data exports: base64 bytes intact (a zip of .npy files; HDF5's signature)
    const npz = await call('exportFile', { projectId, studyId: 'scan', format: 'npz' });
    expect(npz).toMatchObject({ fileName: 'Scan-of-Δ.npz', mime: 'application/octet-stream' });
    const entries = unzipSync(new Uint8Array(Buffer.from(npz.data!, 'base64')));
    expect(Object.keys(entries)).toContain('metadata.npy');
    const npy = Object.entries(entries).find(([k]) => !['metadata.npy', 'provenance.npy', 'params.npy'].includes(k) && !k.startsWith('Delta'))![1];
    expect(Buffer.from(npy.subarray(1, 6)).toString()).toBe('NUMPY');
    expect(new Float64Array(npy.slice(npy.length - 41 * 8).buffer)).toEqual(Float64Array.from(csv.rows.map((r) => r[1]!)));
    const h5File = path.join(dir, 'scan.h5');
    const h5 = await call('exportFile', { projectId, studyId: 'scan', format: 'h5', path: h5File });
    expect(h5.mime).toBe('application/x-hdf5');
    expect(readFileSync(h5File).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
    const nb = await call('exportFile', { projectId, studyId: 'scan', format: 'ipynb' });
    expect(JSON.parse(Buffer.from(nb.data!, 'base64').toString('utf8'))).toMatchObject({ nbformat: 4, metadata: { nrlab: { studyId: 'scan' } } });
  });

  it('bad requests are refused with the field named, and nothing is written', async () => {
    const cases: [CallName, unknown, RegExp][] = [
      ['previewFigure', { projectId, figureId: 'nope' }, /no figure "nope" in this project; it has: "Transmission", "Later figure"/],
      ['previewFigure', { projectId, figureId: 'f2' }, /figure "Later figure": panel 1 draws study "Later", which has no stored result yet: run it first/],
      ['previewFigure', { projectId, figureId: 'f1', options: { fontPt: 40 } }, /fontPt: must be between 5 and 14 pt, got 40/],
      ['previewFigure', { projectId, figureId: 'f1', options: { dpi: 'high' } }, /options\.dpi: must be a number/],
      ['exportFile', { projectId, figureId: 'f1', format: 'csv' }, /format: a figure exports as svg, pdf, png/],
      ['exportFile', { projectId, studyId: 'later', format: 'csv', path: path.join(dir, 'later.csv') }, /"Later" has no stored result yet/],
      ['exportFile', { projectId, format: 'pdf' }, /figureId: name a figure \(figureId\) or a study \(studyId\)/],
      ['exportFile', { projectId, figureId: 'f1', format: 'pdf', path: path.join(dir, 'no', 'such', 'dir', 'f.pdf') }, /path: cannot write .* \(its directory does not exist\)/],
      ['exportFile', { projectId, figureId: 'f1', format: 'pdf', path: path.join(dir, 'p.nrlab') }, /path: is the project file itself/],
    ];
    for (const [name, args, message] of cases) {
      const r = await dispatcher.handle(name, args);
      expect(r.ok, JSON.stringify(args)).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
    expect(existsSync(path.join(dir, 'later.csv'))).toBe(false);
    expect(ProjectArchive.open(readFileSync(path.join(dir, 'p.nrlab'))).doc.title).toBe('Export service');
  });
});
