import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import os from 'node:os';
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

  it('one instance: a second start hands its .nrlab file to the running app; one data directory with the CLI', () => {
    const src = readFileSync(path.join(root, 'dist/main/electron-main.cjs'), 'utf8');
    expect(src).toContain('requestSingleInstanceLock()');
    expect(src).toMatch(/on\("second-instance"/);
    // the data directory is the CLI's and browser mode's (defaultDataDir), not Electron's userData
    expect(src).not.toContain('getPath("userData")');
    expect(src).toContain('NRLAB_DATA_DIR');
  });

  it('the window is created with contextIsolation and sandbox on and no node integration', () => {
    const src = readFileSync(path.join(root, 'dist/main/electron-main.cjs'), 'utf8');
    expect(src).toMatch(/contextIsolation:\s*true/);
    expect(src).toMatch(/sandbox:\s*true/);
    expect(src).toMatch(/nodeIntegration:\s*false/);
  });

  it('builds a deb: a maintainer and a homepage, no native rebuild, nothing bundled shipped again, no bench', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    // electron-builder's deb target refuses to build without both
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author.email).toMatch(/@/);
    expect((config.linux as { maintainer?: string }).maintainer).toMatch(/<.+@.+>/);
    expect(config.npmRebuild).toBe(false);
    const files = config.files as string[];
    expect(files).toContain('!dist/main/bench.cjs');
    expect(files).toContain('!dist/**/*.map');
  });

  it('ships as dependencies exactly the modules the bundles load at run time', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'electron']);
    const required = new Set<string>();
    for (const f of ['electron-main.cjs', 'preload.cjs', 'solver-worker.cjs', 'cli.cjs']) {
      const src = readFileSync(path.join(root, 'dist/main', f), 'utf8');
      // require() and import() (h5wasm is ESM, imported at run time); a require inside a string, as in
      // Ajv's generated code, loads nothing
      for (const m of src.matchAll(/(?<!['"`])(?:require|import)\(["']([^"'.][^"']*)["']\)/g)) {
        const name = m[1]!.startsWith('@') ? m[1]!.split('/').slice(0, 2).join('/') : m[1]!.split('/')[0]!;
        if (!builtins.has(m[1]!) && !builtins.has(name)) required.add(name);
      }
    }
    const deps = new Set(Object.keys(pkg.dependencies));
    for (const r of required) expect(deps.has(r), `${r} is loaded by a bundle but is not a dependency`).toBe(true);
    // a dependency no bundle loads (vue, echarts: bundled) would be shipped twice in app.asar
    for (const d of deps) expect(required.has(d), `${d} is a dependency but no bundle loads it`).toBe(true);
  });

  it('the desktop app and the command line have different names: /usr/bin/nr-lab and /usr/bin/nrlab', () => {
    expect((config.linux as { executableName: string }).executableName).toBe('nr-lab');
    const deb = config.deb as { afterInstall: string; afterRemove: string };
    const install = readFileSync(path.join(root, deb.afterInstall), 'utf8');
    const remove = readFileSync(path.join(root, deb.afterRemove), 'utf8');
    // electron-builder's own steps stay (the app's link, chrome-sandbox, MIME and desktop databases)
    for (const step of ["/usr/bin/${executable}", 'chrome-sandbox', 'update-desktop-database']) expect(install).toContain(step);
    expect(install).toContain("ln -sf '/opt/${sanitizedProductName}/resources/cli/nrlab' '/usr/bin/nrlab'");
    expect(remove).toContain('rm -f /usr/bin/nrlab');
    const extra = config.extraResources as { from: string; to: string }[];
    expect(extra).toContainEqual({ from: 'assets/cli', to: 'cli' });
    for (const e of extra) expect(existsSync(path.join(root, e.from)), e.from).toBe(true);
    // the scripts are valid shell
    for (const f of [deb.afterInstall, deb.afterRemove, 'assets/cli/nrlab']) execFileSync('bash', ['-n', path.join(root, f)]);
  });

  it("the installed app's command line runs the bundled CLI with the app's runtime in Node mode", () => {
    // an installed layout: /opt/NR Lab/{nr-lab, resources/{app.asar, cli}} and /usr/bin/nrlab -> …/cli/nrlab,
    // with Node standing in for the app's runtime (ELECTRON_RUN_AS_NODE=1 makes Electron a Node)
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-install-'));
    try {
      const opt = path.join(dir, 'opt', 'NR Lab');
      const res = path.join(opt, 'resources');
      mkdirSync(path.join(res, 'cli'), { recursive: true });
      mkdirSync(path.join(dir, 'bin'));
      symlinkSync(process.execPath, path.join(opt, 'nr-lab'));
      // app.asar: the packaged files (here the checkout, which holds dist/main and node_modules)
      symlinkSync(root, path.join(res, 'app.asar'));
      for (const f of readdirSync(path.join(root, 'assets/cli'))) copyFileSync(path.join(root, 'assets/cli', f), path.join(res, 'cli', f));
      execFileSync('chmod', ['+x', path.join(res, 'cli', 'nrlab')]);
      symlinkSync(path.join(res, 'cli', 'nrlab'), path.join(dir, 'bin', 'nrlab'));
      const version = execFileSync(path.join(dir, 'bin', 'nrlab'), ['--version'], { encoding: 'utf8' });
      expect(version).toMatch(/\d+\.\d+\.\d+/);
      const solved = JSON.parse(execFileSync(path.join(dir, 'bin', 'nrlab'), ['solve', 'three-cavity', '--set', 'solver=classical', '--json'], { encoding: 'utf8' })) as Record<string, unknown>;
      expect(JSON.stringify(solved)).toContain('a_to_c');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
