#!/usr/bin/env node
// Starts the desktop app. The Electron binary is fetched on first start (npm installs run with
// ignore-scripts, see .npmrc); where it cannot be downloaded, say so and point at browser mode.
//   node scripts/start-electron.mjs [--ensure-only]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));

function electronPath() {
  try {
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

let bin = electronPath();
let reason = '';
if (!bin) {
  process.stderr.write('Fetching the Electron runtime (first start only)…\n');
  const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  bin = r.status === 0 ? electronPath() : undefined;
  if (!bin) reason = (r.stderr || '').split('\n').find((l) => l.trim()) ?? `installer exited with ${r.status}`;
}
if (!bin) {
  process.stderr.write(
    `\nThe Electron runtime could not be downloaded on this machine (${reason}), so the desktop window cannot open.\n` +
      'Use the same app in your browser instead:  npm run serve\n',
  );
  process.exit(1);
}
if (process.argv.includes('--ensure-only')) process.exit(0);
const child = spawn(bin, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
