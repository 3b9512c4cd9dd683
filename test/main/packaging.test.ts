import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultWorkerFile } from '../../src-main/services/solver-pool';

const root = path.resolve(__dirname, '../..');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder configuration', () => {
  it("is valid against electron-builder's own schema", () => {
    const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('targets Linux AppImage + deb, Windows nsis, macOS dmg, and associates .nrlab files', () => {
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
    expect((config.mac as { target: string[] }).target).toEqual(['dmg']);
    expect((config.fileAssociations as { ext: string }[]).map((f) => f.ext)).toContain('nrlab');
  });

  it('unpacks the solver worker and Piscina from asar, where the pool looks for them', () => {
    const unpack = config.asarUnpack as string[];
    expect(unpack).toContain('dist/main/solver-worker.cjs');
    expect(unpack).toContain('node_modules/piscina/**');
    expect(defaultWorkerFile('/opt/NR Lab/resources/app.asar/dist/main')).toBe(
      path.join('/opt/NR Lab/resources/app.asar.unpacked/dist/main', 'solver-worker.cjs'),
    );
    expect(defaultWorkerFile('/work/nrlab/dist/main')).toBe(path.join('/work/nrlab/dist/main', 'solver-worker.cjs'));
  });

  it('the entry points it packages exist after the build', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect((config.extraMetadata as { main: string }).main).toBe(pkg.main);
    for (const f of ['dist/main/electron-main.cjs', 'dist/main/preload.cjs', 'dist/main/solver-worker.cjs', 'dist/main/cli.cjs']) {
      expect(existsSync(path.join(root, f)), f).toBe(true);
    }
  });

  it('the sandboxed preload requires nothing but electron (everything else is bundled)', () => {
    const src = readFileSync(path.join(root, 'dist/main/preload.cjs'), 'utf8');
    const required = [...src.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(src).toContain('exposeInMainWorld("nrlab"');
    expect(src).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\)/);
  });

  it('the window is created with contextIsolation and sandbox on and no node integration', () => {
    const src = readFileSync(path.join(root, 'dist/main/electron-main.cjs'), 'utf8');
    expect(src).toMatch(/contextIsolation:\s*true/);
    expect(src).toMatch(/sandbox:\s*true/);
    expect(src).toMatch(/nodeIntegration:\s*false/);
  });
});
