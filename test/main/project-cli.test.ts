import { spawnSync } from 'node:child_process';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectArchive } from '../../src-core/project/container';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../src-core/project/types';
import { SAVE_STEPS } from '../../src-main/services/safe-file';
import type { StudyAxis } from '../../src-core/studies/grid';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/nrlab.cjs');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-cli-data-'));

function nrlab(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir, ...env } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
const titleOf = (f: string): string => ProjectArchive.open(new Uint8Array(readFileSync(f))).doc.title;

describe('nrlab examples / new / info / run', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-cli-proj-'));

  it('lists the examples and creates a project from one', () => {
    const list = JSON.parse(nrlab(['examples', '--json']).stdout) as { name: string }[];
    expect(list.map((e) => e.name).sort()).toEqual(['loss-induced-nonreciprocity', 'nonlocal-loss-coupling']);
    const f = path.join(dir, 'seed000.nrlab');
    const r = nrlab(['new', '--example', 'loss-induced-nonreciprocity', '--out', f]);
    expect(r.code).toBe(0);
    const info = JSON.parse(nrlab(['info', f, '--json']).stdout);
    const figs = info.figures.map((x: { name: string }) => x.name);
    for (const n of ['fig2a', 'fig2f', 'fig3a', 'fig3c', 'fig4a', 'fig4c', 'fig5a', 'fig5c']) expect(figs).toContain(n);
    expect(info.studies.every((s: { result: unknown }) => s.result === null)).toBe(true);
    // refuses to overwrite without --force, and names unknown examples
    expect(nrlab(['new', '--example', 'loss-induced-nonreciprocity', '--out', f]).stderr).toMatch(/--out: .* exists; use --force/);
    const bad = nrlab(['new', '--example', 'nope', '--out', path.join(dir, 'x.nrlab')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/example: .*nope/);
  });

  it('runs one study headless, stores it in the project, and keeps the previous file as .bak', () => {
    const f = path.join(dir, 'seed003.nrlab');
    expect(nrlab(['new', '--example', 'nonlocal-loss-coupling', '--out', f]).code).toBe(0);
    const before = sha(f);
    // the smallest sweep of the example keeps the test short
    const size = (a: StudyAxis): number => ('values' in a ? a.values.length : a.count);
    const study = ProjectArchive.open(new Uint8Array(readFileSync(f)))
      .doc.studies.filter((s) => s.kind === 'sweep')
      .sort((x, y) => x.axes!.reduce((n, a) => n * size(a), 1) - y.axes!.reduce((n, a) => n * size(a), 1))[0]!;
    const r = nrlab(['run', f, '--study', study.name, '--progress']);
    expect(r.stderr).toMatch(new RegExp(`${study.name.replace(/[()]/g, '.')}: succeeded`));
    expect(r.code).toBe(0);
    expect(sha(`${f}.bak`)).toBe(before);
    const info = JSON.parse(nrlab(['info', f, '--json']).stdout);
    const stored = info.studies.find((s: { id: string }) => s.id === study.id).result;
    expect(stored.status).toBe('succeeded');
    expect(stored.done).toBe(stored.total);
    expect(stored.provenance).toMatchObject({ model: study.model, app: { name: 'NR Lab' } });
    // --out DIR writes a copy and leaves the original alone
    const outDir = path.join(dir, 'out');
    const now = sha(f);
    expect(nrlab(['run', f, '--study', study.name, '--out', outDir]).code).toBe(0);
    expect(sha(f)).toBe(now);
    expect(existsSync(path.join(outDir, 'seed003.nrlab'))).toBe(true);
    expect(nrlab(['run', f, '--study', 'no such study']).stderr).toMatch(/--study: no study "no such study"/);
  }, 120_000);

  it.each([
    ['an empty file', ''],
    ['a text file', 'not a project'],
    ['a truncated project', 'TRUNCATE'],
  ])('refuses %s with exit code 2 and a named reason, leaving it untouched', (_what, content) => {
    const f = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.nrlab`);
    if (content === 'TRUNCATE') {
      nrlab(['new', '--example', 'nonlocal-loss-coupling', '--out', f]);
      writeFileSync(f, readFileSync(f).subarray(0, 300));
    } else writeFileSync(f, content);
    const before = sha(f);
    for (const cmd of [['info', f], ['run', f]]) {
      const r = nrlab(cmd);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^nrlab: bad input: (file|project\.json): /);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(sha(f)).toBe(before);
    expect(existsSync(`${f}.bak`)).toBe(false);
  });
});

describe('a save killed at every step leaves the old or the new file, never a torn one', () => {
  it.each(SAVE_STEPS)('killed after "%s"', (step) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-crash-'));
    const f = path.join(dir, 'p.nrlab');
    expect(nrlab(['new', '--example', 'nonlocal-loss-coupling', '--out', f]).code).toBe(0);
    const oldTitle = titleOf(f);
    const oldHash = sha(f);
    const r = nrlab(['new', '--example', 'loss-induced-nonreciprocity', '--out', f, '--force'], { NRLAB_TEST_CRASH_AFTER: step });
    expect(r.signal).toBe('SIGKILL');
    // whatever the step, the file opens and is one of the two complete versions
    const title = titleOf(f);
    if (step === 'temp-written' || step === 'backup-written') {
      expect(sha(f)).toBe(oldHash);
      expect(title).toBe(oldTitle);
    } else expect(title).not.toBe(oldTitle);
    if (step !== 'temp-written') expect(sha(`${f}.bak`)).toBe(oldHash);
    // the next save works, and removes what the killed one left behind
    expect(nrlab(['new', '--example', 'loss-induced-nonreciprocity', '--out', f, '--force']).code).toBe(0);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

/**
 * The CLI as a child with little memory: a 256 MB JS heap and (on Linux) 2 GB of address space,
 * so a command that allocates from an unchecked size fails instead of taking the machine's memory.
 */
function nrlabBounded(args: string[]) {
  const node = [process.execPath, '--max-old-space-size=256', bin, ...args];
  const quoted = node.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r =
    process.platform === 'linux'
      ? spawnSync('/bin/sh', ['-c', `ulimit -v 2000000 && exec ${quoted}`], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir }, timeout: 60_000 })
      : spawnSync(node[0]!, node.slice(1), { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir }, timeout: 60_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A small project: a stored 5-point classical sweep ("Map"), and a point study not run yet ("Point"). */
function smallProject(edit: (doc: ProjectDocument) => void = () => undefined): Uint8Array {
  const archive = ProjectArchive.empty();
  const delta = Float64Array.from([-2, -1, 0, 1, 2]);
  const doc: ProjectDocument = {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Small',
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
        params: { solver: 'classical' },
        axes: [{ key: 'Delta', start: -2, stop: 2, count: 5 }],
        result: {
          id: 'r1',
          status: 'succeeded',
          shape: [5],
          axes: [{ key: 'Delta', values: archive.putArray('results/r1/axis0.f64', delta) }],
          arrays: Object.fromEntries(['a_to_c.T', 'c_to_a.T', 'isolation'].map((q, k) => [q, archive.putArray(`results/r1/q${k}.f64`, delta.map((d) => Math.cos(d + k)))])),
          quantities: ['a_to_c.T', 'c_to_a.T', 'isolation'].map((key) => ({ key, symbol: key, label: key, unit: '' })),
          failed: [],
          done: 5,
          total: 5,
          provenance: { model: 'three-cavity', params: { solver: 'classical' }, solver: 'classical', app: { name: 'NR Lab', version: 'test' }, date: '2026-01-01T00:00:00Z', wallMs: 1 },
        },
      },
      { id: 'pt', name: 'Point', kind: 'point', model: 'three-cavity', params: { solver: 'classical' } },
    ],
    figures: [],
  };
  edit(doc);
  return archive.toBytes(doc);
}

describe('bad input is refused before anything is allocated or computed (memory-bounded child processes)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-cli-limits-'));

  it('sweep --axis Delta=-2:2:1000000000 is refused from the count', () => {
    const r = nrlabBounded(['sweep', 'three-cavity', '--set', 'solver=classical', '--axis', 'Delta=-2:2:1000000000']);
    expect(r.stderr).toMatch(/^nrlab: bad input: --axis Delta: count is 1000000000 points; the limit is 5000000 per axis/);
    expect(r.code).toBe(2);
  });

  it('sweep over two axes whose product is beyond the limit is refused from the counts', () => {
    const r = nrlabBounded(['sweep', 'three-cavity', '--set', 'solver=classical', '--axis', 'Delta=-2:2:4000000', '--axis', 'kappa_b=0:1:4000000']);
    expect(r.stderr).toMatch(/^nrlab: bad input: axes: the grid has 16000000000000 points; the limit is 5000000 per study/);
    expect(r.code).toBe(2);
  });

  it('simulate --samples 1e9 is refused, naming the flag', () => {
    const r = nrlabBounded(['simulate', 'two-resonator', '--samples', '1e9']);
    expect(r.stderr).toMatch(/^nrlab: bad input: --samples: must be at most 1000000, got 1000000000/);
    expect(r.code).toBe(2);
  });

  it('2,000 nested parentheses in --set are refused naming the parameter, not a stack overflow', () => {
    const r = nrlabBounded(['solve', 'three-cavity', '--set', `Omega=${'('.repeat(2000)}1${')'.repeat(2000)}`]);
    expect(r.stderr).toMatch(/^nrlab: bad input: Omega: cannot read .* \(nested more than 100 levels deep\)/);
    expect(r.code).toBe(2);
  });

  it('info on a small project with an unrun study of count 1e9 is refused from the count', () => {
    const f = path.join(dir, 'huge-count.nrlab');
    writeFileSync(f, smallProject((d) => void (d.studies.push({ id: 'big', name: 'Big', kind: 'sweep', model: 'three-cavity', params: {}, axes: [{ key: 'Delta', start: -2, stop: 2, count: 1e9 }] }))));
    expect(readFileSync(f).length).toBeLessThan(20_000);
    const r = nrlabBounded(['info', f]);
    expect(r.stderr).toMatch(/^nrlab: bad input: studies\[2\] "Big"\.axes: axis Delta: count is 1000000000 points/);
    expect(r.code).toBe(2);
  });

  it('a stored result whose shape was edited to [1e9] is a clean refusal from info and export', () => {
    const f = path.join(dir, 'huge-shape.nrlab');
    const files = unzipSync(smallProject());
    const doc = JSON.parse(Buffer.from(files['project.json']!).toString('utf8'));
    doc.studies[0].result.shape = [1e9];
    writeFileSync(f, zipSync({ ...files, 'project.json': strToU8(JSON.stringify(doc)) }));
    for (const cmd of [['info', f], ['export', f, '--study', 'Map', '--format', 'csv']]) {
      const r = nrlabBounded(cmd);
      expect(r.stderr).toMatch(/^nrlab: bad input: studies\[0\] "Map"\.result\.shape\[0\]: is 1000000000; the limit is 5000000 points per axis/);
      expect(r.code).toBe(2);
    }
  });

  it('5,000 nesting levels in project.json: exit 2 naming the field', () => {
    const f = path.join(dir, 'deep.nrlab');
    const files = unzipSync(smallProject());
    const text = Buffer.from(files['project.json']!).toString('utf8').replace('"title":', `"extra": ${'['.repeat(5000)}1${']'.repeat(5000)}, "title":`);
    writeFileSync(f, zipSync({ ...files, 'project.json': strToU8(text) }));
    const r = nrlabBounded(['info', f]);
    expect(r.stderr).toMatch(/^nrlab: bad input: extra\[0\]\[0\]\[0\]\[0\]\[0\]…: nests objects and arrays more than 64 levels deep/);
    expect(r.code).toBe(2);
  });
});

describe('a damaged entry of another study is refused at open: nothing is computed and then lost', () => {
  it('info, export and run exit 2 naming the entry; run computes nothing; the file is unchanged', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-cli-damaged-'));
    const f = path.join(dir, 'p.nrlab');
    const bytes = smallProject();
    // one byte inside the deflated data of the Map study's "isolation" array
    const name = strToU8('results/r1/q2.f64');
    let local = -1;
    for (let p = 0; p < bytes.length && local < 0; p++) if (bytes[p] === 0x50 && bytes[p + 1] === 0x4b && bytes[p + 2] === 3 && bytes[p + 3] === 4 && name.every((b, i) => bytes[p + 30 + i] === b)) local = p;
    const data = local + 30 + name.length + (bytes[local + 28]! | (bytes[local + 29]! << 8));
    const damaged = bytes.slice();
    damaged[data + 3] = damaged[data + 3]! ^ 0x04;
    writeFileSync(f, damaged);
    const before = sha(f);
    for (const cmd of [['info', f, '--json'], ['export', f, '--study', 'Map', '--format', 'json'], ['run', f, '--study', 'Point']]) {
      const r = nrlab(cmd);
      expect(r.stderr).toMatch(/^nrlab: bad input: studies\[0\] "Map"\.result\.arrays\.isolation: "results\/r1\/q2\.f64" (is damaged|cannot be decompressed|inflates)/);
      expect(r.stderr).not.toMatch(/Point: /); // run stopped before computing the study
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(sha(f)).toBe(before);
    expect(existsSync(`${f}.bak`)).toBe(false);
    // the undamaged file runs and saves
    writeFileSync(f, bytes);
    const ok = nrlab(['run', f, '--study', 'Point']);
    expect(ok.stderr).toMatch(/Point: succeeded/);
    expect(ok.code).toBe(0);
  });
});
