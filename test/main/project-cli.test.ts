import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectArchive } from '../../src-core/project/container';
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
