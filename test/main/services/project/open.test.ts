/**
 * Fuzzing the project file: a small project with stored results (a 2-D sweep, a point solve, a
 * time-domain run), damaged in ≥ 300 ways — single-bit flips spread over the whole file,
 * truncations at many lengths, and edits of project.json re-zipped with valid CRCs (shapes,
 * lengths, keys, encodings, failed indices, counts, nesting). `info --json` and `export --format
 * json` of every study must exit 2 naming an entry or field, or exit 0 with exactly the output of
 * the undamaged file; never anything else, never a crash, and the file is never modified.
 * The commands run in-process through the CLI's `main` (fast); a sample also runs as real child
 * processes.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../../src-core/project/types';
import { Backend } from '../../../../src-main/services/backend';
import { main } from '../../../../src-main/cli/nrlab';
import { fflateInflater, inflateEntry, readZipDirectory, type ZipEntry } from '../../../../src-core/project/zip-reader';
import { nativeInflater } from '../../../../src-main/services/native-inflate';
import { prng } from '../../../helpers/prng';

const root = path.resolve(__dirname, '../../../..');
const bin = path.join(root, 'bin/nrlab.cjs');
const workerFile = path.join(root, 'dist/main/solver-worker.cjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-fuzz-'));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-fuzz-data-'));
const file = path.join(dir, 'fuzz.nrlab');
const STUDIES = ['Map', 'Point', 'Pulse'];

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
/** The one line of an export that is not data: who made it (the app version) and when. */
const normal = (text: string): string => text.replace(/^ "exported": \{.*\}(,?)$/m, ' "exported": <by, at>$1');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** One CLI command in this process, its output captured. */
async function run(args: string[]): Promise<Outcome> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((s: string | Uint8Array) => ((stdout += typeof s === 'string' ? s : Buffer.from(s).toString('utf8')), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((stderr += typeof s === 'string' ? s : Buffer.from(s).toString('utf8')), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** The same command as a real child process. */
function spawnRun(args: string[]): Promise<Outcome & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
}

const COMMANDS: string[][] = [['info', file, '--json'], ...STUDIES.map((s) => ['export', file, '--study', s, '--format', 'json'])];

function smallDoc(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Fuzz',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [],
    studies: [
      {
        id: 'map',
        name: 'Map',
        kind: 'sweep',
        model: 'three-cavity',
        params: { solver: 'classical', theta: '-pi/4' },
        axes: [
          { key: 'Delta', start: -1, stop: 1, count: 4 },
          { key: 'kappa_b', values: [0.5, 1, 1.5] },
        ],
      },
      { id: 'pt', name: 'Point', kind: 'point', model: 'three-cavity', params: { solver: 'classical' } },
      { id: 'sim', name: 'Pulse', kind: 'simulate', model: 'two-resonator', params: {}, simulate: { port: 1, input: 'gaussian', tEnd: 60e-6, samples: 24 } },
    ],
    figures: [{ id: 'f', name: 'fig', layout: { rows: 1, cols: 1 }, panels: [{ study: 'map', kind: 'heatmap', quantity: 'isolation' }] }],
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

/** Rename an own key (also to names like __proto__, which plain assignment would not create). */
function renameKey(obj: Doc, from: string, to: string): void {
  Object.defineProperty(obj, to, { value: obj[from], enumerable: true, configurable: true, writable: true });
  delete obj[from];
}

/** Edits of project.json that make it inconsistent or invalid (each must be refused), and a few harmless ones. */
function jsonEdits(): { name: string; edit: (d: Doc) => void; harmless?: true }[] {
  const map = (d: Doc): Doc => d.studies[0].result;
  const sim = (d: Doc): Doc => d.studies[2].result;
  const firstKey = (r: Doc): string => Object.keys(r.arrays)[0]!;
  const edits: { name: string; edit: (d: Doc) => void; harmless?: true }[] = [];
  for (const shape of [[1e9], [0], [-1], [12], [4], [3, 4], [4, 3, 1], [4, 3.5], [2, 6], [1e9, 1e9], [], '4', null]) {
    edits.push({ name: `shape ${JSON.stringify(shape)}`, edit: (d) => (map(d).shape = shape) });
  }
  for (const delta of [1, -1, 1e9, -1e9]) {
    edits.push({ name: `an array length ${delta > 0 ? '+' : ''}${delta}`, edit: (d) => (map(d).arrays[firstKey(map(d))].length += delta) });
    edits.push({ name: `an axis length ${delta > 0 ? '+' : ''}${delta}`, edit: (d) => (map(d).axes[1].values.length += delta) });
    edits.push({ name: `a trace length ${delta > 0 ? '+' : ''}${delta}`, edit: (d) => (sim(d).arrays[firstKey(sim(d))].length += delta) });
  }
  edits.push({ name: 'an array length of 0.5', edit: (d) => (map(d).arrays[firstKey(map(d))].length = 0.5) });
  edits.push({ name: 'the time array shorter than the traces', edit: (d) => (sim(d).arrays.t.length -= 1) });
  for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'a b', '', 'isolation2', '0']) {
    edits.push({ name: `an array key ${JSON.stringify(key)}`, edit: (d) => (renameKey(map(d).arrays, firstKey(map(d)), key), (map(d).quantities[0].key = key)) });
    edits.push({ name: `a trace key ${JSON.stringify(key)}`, edit: (d) => renameKey(sim(d).arrays, firstKey(sim(d)), key) });
  }
  edits.push({ name: 'an array key renamed only in arrays', edit: (d) => renameKey(map(d).arrays, firstKey(map(d)), 'isolation2') });
  edits.push({ name: 'a quantity key renamed only in quantities', edit: (d) => (map(d).quantities[0].key = 'c_to_a.T2') });
  edits.push({ name: 'a quantity listed twice', edit: (d) => map(d).quantities.push(map(d).quantities[0]) });
  edits.push({ name: 'an axis key __proto__', edit: (d) => (map(d).axes[0].key = '__proto__') });
  edits.push({ name: 'an axis key of no parameter', edit: (d) => (map(d).axes[0].key = 'Deltaa') });
  edits.push({ name: 'a trace of another loss model', edit: (d) => renameKey(sim(d).arrays, firstKey(sim(d)), 'bogus.input') });
  edits.push({ name: 'a point scalar __proto__', edit: (d) => Object.defineProperty(d.studies[1].result.output.scalars, '__proto__', { value: 1, enumerable: true }) });
  edits.push({ name: 'a point scalar constructor', edit: (d) => (d.studies[1].result.output.scalars.constructor = 2) });
  edits.push({ name: 'a point result with arrays', edit: (d) => (d.studies[1].result.arrays = map(d).arrays) });
  for (const enc of ['f32', '', null, 5, 'F64LE', 'f64be']) edits.push({ name: `encoding ${JSON.stringify(enc)}`, edit: (d) => (map(d).arrays[firstKey(map(d))].encoding = enc) });
  for (const index of [1e9, 12, 13, -1, 1.5, '3', null]) edits.push({ name: `a failed index ${JSON.stringify(index)}`, edit: (d) => (map(d).failed = [{ index, reason: 'edited' }]) });
  edits.push({ name: 'more failed points than the grid has', edit: (d) => (map(d).failed = Array.from({ length: 13 }, (_, i) => ({ index: i % 12, reason: 'x' }))) });
  edits.push({ name: 'failed is not a list', edit: (d) => (map(d).failed = 'x') });
  for (const [field, v] of [['total', 1e9], ['total', 13], ['done', 13], ['done', -1], ['done', 11], ['done', 0], ['total', 11], ['done', 2.5]] as const) {
    edits.push({ name: `${field} ${v}`, edit: (d) => (map(d)[field] = v) });
  }
  for (const count of [1e9, 0, -1, 1e7, 2.5, 'four']) edits.push({ name: `an axis count ${JSON.stringify(count)}`, edit: (d) => (d.studies[0].axes[0].count = count) });
  edits.push({ name: 'a list axis of 10^7 values (as a count of another study)', edit: (d) => d.studies.push({ id: 'x', name: 'X', kind: 'sweep', model: 'three-cavity', params: {}, axes: [{ key: 'Delta', start: 0, stop: 1, count: 3e6 }, { key: 'kappa_b', start: 0, stop: 1, count: 3e6 }] }) });
  for (const delta of [1, -1, 2 ** 32]) edits.push({ name: `crc32 ${delta > 0 ? '+' : ''}${delta}`, edit: (d) => (map(d).arrays[firstKey(map(d))].crc32 += delta) });
  for (const entry of ['results/zz/q0.f64', 'project.json', '../q0.f64', 'results/r/../../x.f64']) edits.push({ name: `entry ${entry}`, edit: (d) => (map(d).arrays[firstKey(map(d))].entry = entry) });
  edits.push({ name: 'status "done"', edit: (d) => (map(d).status = 'done') });
  edits.push({ name: 'a sample count of 1e9', edit: (d) => (d.studies[2].simulate.samples = 1e9) });
  edits.push({ name: 'an expression nested 400 deep (within the 1,000-character limit)', edit: (d) => (d.studies[0].params.theta = `${'('.repeat(400)}1${')'.repeat(400)}`) });
  edits.push({ name: 'a panel quantity constructor', edit: (d) => (d.figures[0].panels[0].quantity = 'constructor') });
  edits.push({ name: 'provenance params __proto__', edit: (d) => Object.defineProperty(map(d).provenance.params, '__proto__', { value: { polluted: 1 }, enumerable: true }) });
  // harmless: the same content written differently
  edits.push({ name: 'indented differently', edit: () => undefined, harmless: true });
  edits.push({ name: 'keys in another order', edit: (d) => Object.assign(d, Object.fromEntries(Object.entries(d).reverse())), harmless: true });
  edits.push({ name: 'an unknown top-level field', edit: (d) => (d.fromTheFuture = { a: [1, 2] }), harmless: true });
  return edits;
}

describe('project file fuzzing: exit 2 naming what is wrong, or the original output; never wrong data, never a crash', () => {
  let original: Uint8Array;
  const baseline: string[] = [];
  const savedEnv = process.env.NRLAB_DATA_DIR;

  beforeAll(async () => {
    process.env.NRLAB_DATA_DIR = dataDir;
    const backend = new Backend({ workers: 1, workerFile, dataDir, autosaveMs: 0 });
    try {
      const p = backend.projects.newProject();
      backend.projects.editProject(p.id, smallDoc(), 'Add studies');
      for (const s of ['map', 'pt', 'sim']) {
        const r = await backend.projects.runStudy(p.id, s).whenDone;
        expect(r.status).toBe('succeeded');
      }
      await backend.projects.saveProject(p.id, file);
    } finally {
      await backend.close();
    }
    original = new Uint8Array(readFileSync(file));
    expect(original.length).toBeLessThan(20_000);
    for (const cmd of COMMANDS) {
      const r = await run(cmd);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      baseline.push(normal(r.stdout));
    }
  }, 60_000);

  afterAll(() => {
    if (savedEnv === undefined) delete process.env.NRLAB_DATA_DIR;
    else process.env.NRLAB_DATA_DIR = savedEnv;
  });

  /** Every variant: bit flips, truncations, JSON edits. */
  function variants(): { name: string; bytes: Uint8Array; harmless?: true }[] {
    const rnd = prng(13);
    const out: { name: string; bytes: Uint8Array; harmless?: true }[] = [];
    const flips = 170;
    for (let i = 0; i < flips; i++) {
      const pos = Math.min(original.length - 1, Math.floor(((i + rnd()) * original.length) / flips));
      const bit = Math.floor(rnd() * 8);
      const b = original.slice();
      b[pos] = b[pos]! ^ (1 << bit);
      out.push({ name: `bit ${bit} of byte ${pos} flipped`, bytes: b });
    }
    const cuts = new Set([0, 1, 4, 21, 22, 30, original.length - 1, original.length - 2, original.length - 21, original.length - 22, original.length - 23]);
    while (cuts.size < 60) cuts.add(Math.floor(rnd() * original.length));
    for (const n of cuts) out.push({ name: `truncated to ${n} bytes`, bytes: original.slice(0, n) });
    const files = unzipSync(original);
    for (const { name, edit, harmless } of jsonEdits()) {
      const doc = JSON.parse(strFromU8(files['project.json']!));
      edit(doc);
      const text = JSON.stringify(doc, null, harmless ? 3 : 1);
      out.push({ name: `project.json: ${name}`, bytes: zipSync({ ...files, 'project.json': strToU8(text) }), ...(harmless ? { harmless } : {}) });
    }
    return out;
  }

  /** A refusal names what is wrong: `<entry or field path>: <reason>`. */
  const problem = /^nrlab: bad input: (\d+ problems in the project file:\n)?\S[^\n]*?: \S/;

  it('≥ 300 variants, in-process: each command exits 2 with a named problem, or 0 with the original output; the file is never modified', async () => {
    const all = variants();
    expect(all.length).toBeGreaterThanOrEqual(300);
    const tally = { refused: 0, same: 0 };
    const failures: string[] = [];
    for (const v of all) {
      writeFileSync(file, v.bytes);
      const hash = sha(v.bytes);
      let refused = 0;
      for (const [k, cmd] of COMMANDS.entries()) {
        const r = await run(cmd);
        if (r.code === 2 && problem.test(r.stderr) && !/\n\s+at /.test(r.stderr) && r.stdout === '') refused++;
        else if (r.code === 0 && normal(r.stdout) === baseline[k]) tally.same++;
        else failures.push(`${v.name}: ${cmd[0]} ${cmd[3] ?? ''} → exit ${r.code}, stderr ${JSON.stringify(r.stderr.slice(0, 300))}${r.code === 0 ? ' (different output)' : ''}`);
      }
      tally.refused += refused;
      if (v.harmless && refused) failures.push(`${v.name}: a harmless edit was refused`);
      if (sha(new Uint8Array(readFileSync(file))) !== hash) failures.push(`${v.name}: the file was modified`);
    }
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
    // most variants are damage: refused; the ones that open are byte-for-byte harmless (ZIP timestamps, attributes)
    expect(tally.refused).toBeGreaterThan(tally.same);
  }, 120_000);

  it('a sample of 20 variants as real child processes: exit 2 or the original output, never a crash', async () => {
    const all = variants();
    const rnd = prng(7);
    const picks = Array.from({ length: 20 }, (_, i) => all[Math.floor(((i + rnd()) * all.length) / 20)]!);
    const results: string[] = [];
    for (let i = 0; i < picks.length; i += 4) {
      // each variant in its own file; four children at a time
      const batch = picks.slice(i, i + 4).map(async (v, j) => {
        const f = path.join(dir, `child-${i + j}.nrlab`);
        writeFileSync(f, v.bytes);
        const k = (i + j) % COMMANDS.length;
        const cmd = COMMANDS[k]!.map((a) => (a === file ? f : a));
        const r = await spawnRun(cmd);
        const want = baseline[k]!.split(file).join(f);
        const ok = r.signal === null && ((r.code === 2 && problem.test(r.stderr) && r.stdout === '') || (r.code === 0 && normal(r.stdout) === want));
        if (!ok) results.push(`${v.name}: ${cmd[0]} → exit ${r.code} signal ${r.signal}: ${r.stderr.slice(0, 300)}`);
        if (sha(new Uint8Array(readFileSync(f))) !== sha(v.bytes)) results.push(`${v.name}: the file was modified`);
      });
      await Promise.all(batch);
    }
    expect(results, results.join('\n')).toEqual([]);
  }, 120_000);
});

describe("the app's decompressor (Node's zlib) and the built-in one (fflate) agree", () => {
  const bomb = zipSync({ 'a.bin': [new Uint8Array(20_000_000), { level: 9 }], 'b.txt': strToU8('x'.repeat(5000)) });
  const entries = readZipDirectory(bomb, 10);
  const a = entries.find((e) => e.name === 'a.bin')!;
  const b = entries.find((e) => e.name === 'b.txt')!;
  const why = (entry: ZipEntry, inflater: typeof nativeInflater, bytes = bomb): string => {
    try {
      return `ok ${inflateEntry(bytes, entry, inflater).length}`;
    } catch (e) {
      return (e as Error).message.replace(/\(.*; damaged or truncated\)/, '(…)');
    }
  };
  it.each([
    ['an intact entry', b, undefined],
    ['a bomb: 20 MB declared as 1,000 bytes', { ...a, size: 1000 }, undefined],
    ['a declared size one byte short', { ...b, size: 4999 }, undefined],
    ['a declared size one byte long', { ...b, size: 5001 }, undefined],
    ['compressed data cut short', { ...b, compressedSize: 3 }, undefined],
    ['a wrong CRC', { ...b, crc: b.crc ^ 1 }, undefined],
  ] as [string, ZipEntry, undefined][])('%s', (_what, entry) => {
    const expected = why(entry, fflateInflater);
    expect(why(entry, nativeInflater)).toBe(expected);
    if (entry.size === 1000) expect(expected).toMatch(/"a\.bin" inflates to more than its declared 1000 bytes/);
  });
});
