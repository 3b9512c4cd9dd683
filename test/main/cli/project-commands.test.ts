import { spawn, spawnSync } from 'node:child_process';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectArchive } from '../../../src-core/project/container';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';
import { SAVE_STEPS } from '../../../src-main/services/safe-file';
import type { StudyAxis } from '../../../src-core/studies/grid';

const root = path.resolve(__dirname, '../../..');
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

function raceDoc(): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Race',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [],
    studies: [
      { id: 'slow', name: 'Slow', kind: 'sweep', model: 'three-cavity', params: { solver: 'quantum', fock: 5 }, axes: [{ key: 'Delta', start: -2, stop: 2, count: 80 }] },
      { id: 'quick', name: 'Quick', kind: 'sweep', model: 'three-cavity', params: { solver: 'classical' }, axes: [{ key: 'Delta', start: -1, stop: 1, count: 5 }] },
      { id: 'pt', name: 'Point', kind: 'point', model: 'three-cavity', params: { solver: 'classical' } },
    ],
    figures: [{ id: 'f', name: 'fig', layout: { rows: 1, cols: 1 }, panels: [{ study: 'quick', kind: 'line', x: 'Delta', series: [{ quantity: 'isolation' }] }] }],
  };
}

const openDoc = (f: string) => ProjectArchive.open(new Uint8Array(readFileSync(f)));

describe('two writers on one project', () => {
  it('a second run refuses at once while the first holds the lock; a file changed meanwhile is not overwritten, the results go to a named copy', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-race-'));
    const f = path.join(dir, 'race.nrlab');
    writeFileSync(f, ProjectArchive.empty().toBytes(raceDoc()));
    const a = spawn(process.execPath, [bin, 'run', f, '--study', 'Slow', '--workers', '1', '--progress'], { env: { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir } });
    let aErr = '';
    const aDone = new Promise<number | null>((resolve) => a.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      a.stderr.on('data', (d: Buffer) => {
        aErr += d.toString();
        if (aErr.includes('[1/1] Slow')) resolve();
      });
    });
    // the second run: refused at once, naming the first
    const b = nrlab(['run', f, '--study', 'Quick']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(new RegExp(`^nrlab: bad input: project: race\\.nrlab is in use by "nrlab run race\\.nrlab" \\(pid ${a.pid} on `));
    expect(b.stderr).not.toMatch(/saved/);
    // another program writes the file while the first run computes
    const ext = openDoc(f);
    writeFileSync(f, ext.archive.toBytes({ ...ext.doc, notes: 'written by someone else' }));
    const theirs = sha(f);
    const code = await aDone;
    expect(aErr).not.toMatch(/^saved /m);
    const copy = /results of this run are saved in (\S+\.nrlab)/.exec(aErr)?.[1];
    expect(aErr).toMatch(/nrlab: conflict: .*race\.nrlab was changed by another program/);
    expect(code).toBe(1);
    // the other program's version is intact, and the computed result is in the copy
    expect(sha(f)).toBe(theirs);
    expect(path.dirname(copy!)).toBe(dir);
    expect(path.basename(copy!)).toMatch(/^race\.conflict-.*\.nrlab$/);
    const kept = openDoc(copy!).doc.studies.find((s) => s.id === 'slow')!.result!;
    expect(kept).toMatchObject({ status: 'succeeded', done: 80, total: 80 });
    expect(existsSync(`${f}.lock`)).toBe(false);
    // a lock left by a process that is gone is taken over
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(`${f}.lock`, JSON.stringify({ pid: dead, host: os.hostname(), since: new Date().toISOString(), command: 'nrlab run race.nrlab' }));
    const c = nrlab(['run', f, '--study', 'Quick']);
    expect(c.stderr).toMatch(/^saved /m);
    expect(c.code).toBe(0);
    expect(existsSync(`${f}.lock`)).toBe(false);
    expect(openDoc(f).doc.notes).toBe('written by someone else');
  }, 120_000);

  it('info and export mark a result whose inputs changed as stale; export needs --allow-stale; info lists every run', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-stale-'));
    const f = path.join(dir, 'stale.nrlab');
    writeFileSync(f, ProjectArchive.empty().toBytes(raceDoc()));
    expect(nrlab(['run', f, '--study', 'Quick', '--study', 'Point']).code).toBe(0);
    const fresh = JSON.parse(nrlab(['info', f, '--json']).stdout);
    expect(fresh.studies.find((s: { id: string }) => s.id === 'quick').result.freshness).toBe('fresh');
    expect(nrlab(['export', f, '--study', 'Quick', '--format', 'csv']).code).toBe(0);
    // the study is edited after its run (as the app does), the result kept
    const o = openDoc(f);
    o.doc.studies.find((s) => s.id === 'quick')!.params.kappa_b = 2;
    const pt = o.doc.studies.find((s) => s.id === 'pt')!.result!;
    pt.provenance.runs = [
      { date: '2026-01-01T10:00:00.000Z', app: { name: 'NR Lab', version: '0.1.0' }, workers: 4, points: 2625, wallMs: 80_000 },
      { date: '2026-01-02T09:00:00.000Z', app: { name: 'NR Lab', version: '0.1.1' }, workers: 8, points: 696, wallMs: 29_000 },
    ];
    writeFileSync(f, o.archive.toBytes(o.doc));
    const info = JSON.parse(nrlab(['info', f, '--json']).stdout);
    const quick = info.studies.find((s: { id: string }) => s.id === 'quick').result;
    expect(quick.freshness).toBe('stale');
    expect(quick.freshnessReason).toMatch(/changed since it was run/);
    expect(info.studies.find((s: { id: string }) => s.id === 'pt').result.provenance.runs).toHaveLength(2);
    const text = nrlab(['info', f]).stdout;
    expect(text).toMatch(/Quick .*STALE/);
    expect(text).not.toMatch(/Point .*STALE/);
    expect(text).toMatch(/run 1: 2026-01-01 10:00:00, 2625 points, 80\.0 s on 4 workers, NR Lab 0\.1\.0/);
    expect(text).toMatch(/run 2: 2026-01-02 09:00:00, 696 points, 29\.0 s on 8 workers, NR Lab 0\.1\.1/);
    for (const args of [
      ['--study', 'Quick', '--format', 'csv'],
      ['--figure', 'fig', '--format', 'svg'],
    ]) {
      const refused = nrlab(['export', f, ...args]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/warning: "Quick" is stale/);
      expect(refused.stderr).toMatch(/--allow-stale: not given/);
      expect(refused.stdout).toBe('');
      const allowed = nrlab(['export', f, ...args, '--allow-stale']);
      expect(allowed.code).toBe(0);
      expect(allowed.stderr).toMatch(/warning: "Quick" is stale/);
      expect(allowed.stdout.length).toBeGreaterThan(100);
    }
  }, 120_000);
});
