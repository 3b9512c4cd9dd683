#!/usr/bin/env node
// Builds the main-process bundles (esbuild) and the renderer (vite) into dist/, after generating
// the project schema's precompiled validator (scripts/gen-project-validator.mjs) and the WebAssembly
// kernels (scripts/gen-wasm-kernels.mjs), which both use.
// Incremental: a part is rebuilt only when a source it depends on is newer than its stamp.
//   node scripts/build.mjs [--main-only] [--quiet] [--force]
import { build as esbuild } from 'esbuild';
import { existsSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VALIDATOR_PATH, VALIDATOR_INPUTS, generateProjectValidator } from './gen-project-validator.mjs';
import { WASM_PATH, WASM_INPUTS, generateWasmKernels } from './gen-wasm-kernels.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const force = args.has('--force');
const log = (m) => quiet || process.stderr.write(`${m}\n`);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

function newest(paths) {
  let t = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules') walk(path.join(p, e));
    } else t = Math.max(t, st.mtimeMs);
  };
  for (const p of paths) walk(path.join(root, p));
  return t;
}

function stale(stamp, inputs) {
  const f = path.join(root, stamp);
  return force || !existsSync(f) || statSync(f).mtimeMs < newest(inputs);
}

function touch(stamp) {
  mkdirSync(path.dirname(path.join(root, stamp)), { recursive: true });
  writeFileSync(path.join(root, stamp), new Date().toISOString());
}

async function generateValidator() {
  if (!stale(VALIDATOR_PATH, VALIDATOR_INPUTS)) return;
  const wrote = await generateProjectValidator();
  if (!wrote) utimesSync(path.join(root, VALIDATOR_PATH), new Date(), new Date()); // up to date: newer than its inputs now
  log(`${VALIDATOR_PATH}: ${wrote ? 'generated' : 'up to date'}`);
}

async function generateWasm() {
  if (!stale(WASM_PATH, WASM_INPUTS)) return;
  const wrote = await generateWasmKernels();
  if (!wrote) utimesSync(path.join(root, WASM_PATH), new Date(), new Date());
  log(`${WASM_PATH}: ${wrote ? 'generated' : 'up to date'}`);
}

async function buildMain() {
  const stamp = 'dist/main/.stamp';
  if (!stale(stamp, ['src-core', 'src-main', 'package.json', 'scripts/build.mjs'])) return;
  const t0 = Date.now();
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'error',
    // playwright-core (dev only, for the bench's UI measurement) is loaded from node_modules at run time
    // pdfkit reads its data files from its own folder, and resvg loads a native module: both stay in node_modules
    // h5wasm (HDF5 export) is ESM that finds its embedded library through import.meta: loaded with import() at run time
    external: ['electron', 'piscina', 'ws', 'playwright-core', 'pdfkit', 'fontkit', '@resvg/resvg-js', 'h5wasm'],
    define: { __NRLAB_VERSION__: JSON.stringify(pkg.version) },
  };
  await esbuild({
    ...common,
    entryPoints: {
      cli: 'src-main/cli/nrlab.ts',
      'solver-worker': 'src-main/workers/solver-worker.ts',
      'electron-main': 'src-main/electron/main.ts',
      preload: 'src-main/electron/preload.ts',
      bench: 'src-main/bench/bench.ts',
    },
    outdir: path.join(root, 'dist/main'),
    outExtension: { '.js': '.cjs' },
    absWorkingDir: root,
  });
  touch(stamp);
  log(`built dist/main in ${Date.now() - t0} ms`);
}

async function buildRenderer() {
  const stamp = 'dist/renderer/.stamp';
  if (!stale(stamp, ['src-core', 'src-renderer', 'assets', 'package.json', 'scripts/build.mjs'])) return;
  const t0 = Date.now();
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'src-renderer/vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
  touch(stamp);
  log(`built dist/renderer in ${Date.now() - t0} ms`);
}

try {
  await generateValidator();
  await generateWasm();
  await buildMain();
  if (!args.has('--main-only')) await buildRenderer();
} catch (err) {
  process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
