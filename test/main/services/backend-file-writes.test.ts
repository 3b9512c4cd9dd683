/**
 * File writes from the API are limited to what the user chose. File access over the browser transport is limited to what the user chose: projects are opened
 * and saved only inside the workspace root (`nrlab serve --root`, default the folder it started
 * in), and exports are downloads, never files written on the server. Electron (and the in-memory
 * transport of tests) keep writing where the native dialog pointed.
 */
import { strToU8, zipSync } from 'fflate';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallArgs, CallName, CallResult } from '../../../src-core/contract/api';
import type { ErrorPayload } from '../../../src-core/errors';
import { ProjectArchive } from '../../../src-core/project/container';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';
import { Backend } from '../../../src-main/services/backend';

const workerFile = path.resolve(__dirname, '../../../dist/main/solver-worker.cjs');
const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'nrlab-confine-')));
const root = path.join(base, 'workspace');
const outside = path.join(base, 'outside');
mkdirSync(path.join(root, 'sub'), { recursive: true });
mkdirSync(outside);
const dataDir = path.join(base, 'data');

const doc: ProjectDocument = {
  format: PROJECT_FORMAT,
  schemaVersion: PROJECT_SCHEMA_VERSION,
  title: 'Confined',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  app: { name: 'NR Lab', version: 'test' },
  parameterSets: [],
  studies: [{ id: 's', name: 'S', kind: 'sweep', model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 3 }] }],
  figures: [{ id: 'f', name: 'Fig', layout: { rows: 1, cols: 1 }, panels: [{ study: 's', kind: 'line', x: 'Delta' }] }],
};
const projectBytes = ProjectArchive.empty().toBytes(doc);

const backend = new Backend({ workers: 1, workerFile, dataDir, autosaveMs: 0, workspaceRoot: root });
const browser = backend.dispatcher('browser');
const electron = backend.dispatcher('memory');

async function call<K extends CallName>(d: typeof browser, name: K, args: CallArgs<K>): Promise<CallResult<K>> {
  const r = await d.handle(name, args);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as CallResult<K>;
}

async function refusal(p: Promise<unknown>): Promise<ErrorPayload> {
  const e = (await p.then(
    () => undefined,
    (err: unknown) => err,
  )) as ErrorPayload | undefined;
  expect(e, 'expected a refusal').toBeDefined();
  return e!;
}

let projectId = '';

beforeAll(async () => {
  writeFileSync(path.join(root, 'in.nrlab'), projectBytes);
  writeFileSync(path.join(outside, 'out.nrlab'), projectBytes);
  writeFileSync(path.join(outside, 'notes.txt'), 'keep me');
  symlinkSync(outside, path.join(root, 'link-out'));
  symlinkSync(path.join(outside, 'out.nrlab'), path.join(root, 'alias.nrlab'));
  projectId = (await call(browser, 'openProject', { path: 'in.nrlab' })).id;
  await backend.projects.runStudy(projectId, 's').whenDone;
}, 60_000);

afterAll(() => backend.close());

describe('projects over the browser transport stay inside the workspace root', () => {
  it('opens a project by a path relative to the root, and answers with its real path', async () => {
    const s = await call(browser, 'getProject', { projectId });
    expect(s.path).toBe(path.join(root, 'in.nrlab'));
  });

  it.each([
    ['an absolute path outside', () => path.join(outside, 'out.nrlab')],
    ['a ../ escape', () => '../outside/out.nrlab'],
    ['a symlinked folder that leads outside', () => 'link-out/out.nrlab'],
    ['a symlinked file that leads outside', () => 'alias.nrlab'],
  ])('refuses to open %s, naming the root', async (_what, p) => {
    const e = await refusal(call(browser, 'openProject', { path: p() }));
    expect(e).toMatchObject({ code: 'bad-input', param: 'path' });
    expect(e.message).toContain(root);
  });

  it('refuses NUL bytes and files that are not .nrlab projects', async () => {
    expect(await refusal(call(browser, 'openProject', { path: 'in.nrlab\u0000.txt' }))).toMatchObject({ param: 'path', message: expect.stringMatching(/NUL/) });
    writeFileSync(path.join(root, 'data.csv'), 'a,b\n');
    expect(await refusal(call(browser, 'openProject', { path: 'data.csv' }))).toMatchObject({ param: 'path', message: expect.stringMatching(/\.nrlab/) });
  });

  it.each([
    ['an absolute path outside', () => path.join(outside, 'new.nrlab')],
    ['a ../ escape', () => 'sub/../../outside/new.nrlab'],
    ['a symlinked folder that leads outside', () => 'link-out/new.nrlab'],
    ['a symlinked file that leads outside', () => 'alias.nrlab'],
  ])('refuses to save to %s, naming the root; nothing is written', async (_what, p) => {
    const before = readFileSync(path.join(outside, 'out.nrlab'));
    const e = await refusal(call(browser, 'saveProject', { projectId, path: p() }));
    expect(e).toMatchObject({ code: 'bad-input', param: 'path' });
    expect(e.message).toContain(root);
    expect(existsSync(path.join(outside, 'new.nrlab'))).toBe(false);
    expect(readFileSync(path.join(outside, 'out.nrlab'))).toEqual(before);
  });

  it('saves inside the root (a subfolder, by a relative path)', async () => {
    const s = await call(browser, 'saveProject', { projectId, path: 'sub/copy.nrlab' });
    expect(s.path).toBe(path.join(root, 'sub', 'copy.nrlab'));
    expect(ProjectArchive.open(readFileSync(path.join(root, 'sub', 'copy.nrlab'))).doc.title).toBe('Confined');
  });

  it('a plain Save of a project whose file lies outside the root (opened before, e.g. recovered) is refused', async () => {
    const opened = await backend.projects.openProject(path.join(outside, 'out.nrlab'));
    const e = await refusal(call(browser, 'saveProject', { projectId: opened.id }));
    expect(e).toMatchObject({ param: 'path' });
    expect(e.message).toContain(root);
  });

  it('recentProjects lists only projects inside the root', async () => {
    await backend.projects.openProject(path.join(outside, 'out.nrlab'));
    const inBrowser = (await call(browser, 'recentProjects', undefined)).map((r) => r.path);
    const inElectron = (await call(electron, 'recentProjects', undefined)).map((r) => r.path);
    expect(inElectron).toContain(path.join(outside, 'out.nrlab'));
    expect(inBrowser).not.toContain(path.join(outside, 'out.nrlab'));
    expect(inBrowser).toContain(path.join(root, 'in.nrlab'));
  });

  it('chooseFile tells the browser client the root its paths are relative to', async () => {
    expect(await call(browser, 'chooseFile', { mode: 'save' })).toEqual({ supported: false, root });
  });
});

describe('exports over the browser transport are downloads', () => {
  it('exportFile without a path returns the bytes', async () => {
    const r = await call(browser, 'exportFile', { projectId, figureId: 'f', format: 'svg' });
    expect(r.path).toBeUndefined();
    expect(Buffer.from(r.data!, 'base64').toString()).toContain('<svg');
  });

  it('exportFile with a path is refused (param "path"), even inside the root, and writes nothing', async () => {
    const target = path.join(root, 'fig.svg');
    const e = await refusal(call(browser, 'exportFile', { projectId, figureId: 'f', format: 'svg', path: target }));
    expect(e).toMatchObject({ code: 'bad-input', param: 'path' });
    expect(e.message).toMatch(/download/);
    expect(existsSync(target)).toBe(false);
  });

  it('the desktop transport still writes where the save dialog pointed', async () => {
    const target = path.join(outside, 'fig.svg');
    const r = await call(electron, 'exportFile', { projectId, figureId: 'f', format: 'svg', path: target });
    expect(r.path).toBe(target);
    expect(readFileSync(target, 'utf8')).toContain('<svg');
  });
});

describe('in every mode', () => {
  it('exportFile writes only a file of the export\'s format (never over a .txt or a .nrlab)', async () => {
    const txt = path.join(outside, 'notes.txt');
    const proj = path.join(outside, 'out.nrlab');
    const before = readFileSync(proj);
    expect(await refusal(call(electron, 'exportFile', { projectId, studyId: 's', format: 'csv', path: txt }))).toMatchObject({ param: 'path', message: expect.stringMatching(/\.csv/) });
    expect(await refusal(call(electron, 'exportFile', { projectId, studyId: 's', format: 'py', path: proj }))).toMatchObject({ param: 'path', message: expect.stringMatching(/\.py/) });
    expect(readFileSync(txt, 'utf8')).toBe('keep me');
    expect(readFileSync(proj)).toEqual(before);
    const ok = await call(electron, 'exportFile', { projectId, studyId: 's', format: 'csv', path: path.join(outside, 'data.csv') });
    expect(readFileSync(ok.path!, 'utf8')).toContain('Delta');
  });

  it('saveProject never replaces a file that is not an NR Lab project', async () => {
    const cases: [string, Uint8Array | string][] = [
      ['notes.nrlab', 'plain text that happens to end in .nrlab'],
      ['other.nrlab', zipSync({ 'project.json': strToU8('{"format":"other-format"}') })],
      ['nojson.nrlab', zipSync({ 'readme.txt': strToU8('a zip, but no project in it') })],
    ];
    for (const [name, content] of cases) {
      const target = path.join(outside, name);
      writeFileSync(target, typeof content === 'string' ? Buffer.from(content, 'latin1') : content);
      const before = readFileSync(target);
      const e = await refusal(call(electron, 'saveProject', { projectId, path: target }));
      expect(e).toMatchObject({ code: 'bad-input', param: 'path' });
      expect(e.message).toMatch(/not an NR Lab project/);
      expect(readFileSync(target)).toEqual(before);
      expect(existsSync(`${target}.bak`)).toBe(false);
    }
  });

  it('saveProject replaces an existing NR Lab project (keeping the old one as .bak)', async () => {
    const target = path.join(outside, 'replace.nrlab');
    writeFileSync(target, projectBytes);
    const s = await call(electron, 'saveProject', { projectId, path: target });
    expect(s.path).toBe(target);
    expect(readFileSync(`${target}.bak`)).toEqual(Buffer.from(projectBytes));
    expect(ProjectArchive.open(readFileSync(target)).doc.studies[0]!.result).toBeDefined();
  });
});
