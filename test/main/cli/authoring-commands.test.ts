/**
 * Building a project from a script with the built CLI: the README's "Build a project from a
 * script" commands run as written (nrlab new / add / run --figure / export), and bad input exits 2
 * naming the flag while the file stays byte for byte as it was.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExportCsv } from '../../../src-core/export/csv';
import { ProjectArchive } from '../../../src-core/project/container';
import type { OptimizeOutput, ProjectDocument } from '../../../src-core/project/types';

const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'bin/nrlab.cjs');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-author-data-'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-author-'));

function nrlab(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');
const docOf = (f: string): ProjectDocument => ProjectArchive.open(new Uint8Array(readFileSync(f))).doc;

/** Words of a shell command line: single and double quotes group (no escapes or expansions in the README's commands). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The commands of the README's "Build a project from a script" example. */
function readmeCommands(): string[][] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Build a project from a script'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split('\n')
    .filter((l) => l.startsWith('nrlab '))
    .map((l) => words(l).slice(1));
}

describe('nrlab new / add / run --figure / export, as the README shows', () => {
  const f = path.join(dir, 'demo.nrlab');

  it('builds the project, runs the figure’s studies only, exports it as PDF, and finds the optimum', () => {
    const cmds = readmeCommands();
    expect(cmds.length).toBeGreaterThanOrEqual(10);
    const results: Record<string, ReturnType<typeof nrlab>> = {};
    for (const args of cmds) {
      const r = nrlab(args);
      results[args.join(' ')] = r;
      expect(r.code, `nrlab ${args.join(' ')}\n${r.stderr}`).toBe(0);
      // a figure export passes the journal preflight (it would exit 2 otherwise): no finding printed
      if (args[0] === 'export' && args.includes('--figure')) expect(r.stderr).not.toMatch(/^preflight: /m);
      // the figure's studies run; the optimize study (not in the figure) not yet
      if (args[0] === 'run' && args.includes('--figure')) {
        const doc = docOf(f);
        const byName = new Map(doc.studies.map((s) => [s.name, s]));
        for (const n of ['T vs Delta', 'Strong loss', 'Map']) expect(byName.get(n)!.result?.status).toBe('succeeded');
        expect(byName.get('Best theta')!.result).toBeUndefined();
      }
    }
    const doc = docOf(f);
    expect(doc.parameterSets.map((s) => [s.id, s.name])).toEqual([['set-1', 'Base']]);
    expect(doc.studies.map((s) => [s.id, s.kind, s.parameterSet])).toEqual([
      ['study-1', 'sweep', 'set-1'],
      ['study-2', 'sweep', 'set-1'],
      ['study-3', 'sweep', 'set-1'],
      ['study-4', 'optimize', 'set-1'],
    ]);
    expect(doc.studies[0]!.quantities).toEqual(['a_to_c.T', 'c_to_a.T']);
    expect(doc.studies[1]!.params).toEqual({ kappa_b: '2' });
    // the figure: one panel overlays two studies, the other is a map
    const fig = doc.figures[0]!;
    expect(fig.layout).toEqual({ rows: 1, cols: 2 });
    expect(fig.panels[0]).toEqual({ study: 'study-1', kind: 'line', x: 'Delta', series: [{ quantity: 'a_to_c.T', label: 'T vs Delta' }, { quantity: 'a_to_c.T', study: 'study-2', label: 'Strong loss' }], label: '(a)' });
    expect(fig.panels[1]).toEqual({ study: 'study-3', kind: 'heatmap', quantity: 'isolation', label: '(b)' });
    const pdf = readFileSync(path.join(dir, 'fig1.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // the optimum: T c→a vanishes at θ = −π/4 for the default three-cavity parameters (the seed's perfect isolation)
    const best = doc.studies[3]!.result!;
    expect(best.status).toBe('succeeded');
    const out = best.output as OptimizeOutput;
    expect(out.optimum.theta).toBeCloseTo(-Math.PI / 4, 6);
    expect(out.value).toBeLessThan(1e-12);
    // its convergence: the history against the evaluations, labelled in words and the objective's symbol
    expect(doc.figures[1]!.panels[0]).toEqual({
      study: 'study-4',
      kind: 'trace',
      x: 'evaluation',
      series: [
        { quantity: 'value', label: 'Each evaluation' },
        { quantity: 'best', label: 'Best so far' },
      ],
      xLabel: 'Evaluation',
      yLabel: 'T_{c→a}',
      logY: true,
    });
    expect(readFileSync(path.join(dir, 'convergence.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const csv = parseExportCsv(readFileSync(path.join(dir, 'best-theta.csv'), 'utf8'));
    expect(csv.columns).toEqual(['evaluation', 'value', 'best', 'param.theta']);
    expect(csv.rows).toHaveLength(out.evaluations);
  }, 300_000);

  it('bad input exits 2 naming the flag and why, and leaves the file byte for byte as it was', () => {
    expect(existsSync(f)).toBe(true);
    const before = sha(f);
    const cases: [string[], RegExp][] = [
      [['add', 'figure', f, '--panel', 'Delta:a_to_c.T@Nope'], /--panel 1: no study "Nope"; the project has "T vs Delta" \(study-1\)/],
      [['add', 'figure', f, '--layout', '2by3', '--panel', 'map:isolation@Map'], /--layout: expected ROWSxCOLS, e.g. 2x3, got "2by3"/],
      [['add', 'figure', f, '--layout', '1x1', '--panel', 'map:isolation@Map', '--panel', 'map:isolation@Map'], /--layout: 2 panels do not fit a 1 × 1 grid/],
      [['add', 'figure', f, '--panel', 'map:isolation@T vs Delta'], /--panel 1: a map panel needs a 2-D sweep; "T vs Delta" is a 1-D sweep/],
      [['add', 'figure', f, '--panel', 'evaluation:a_to_c.T@Best theta'], /--panel 1: "a_to_c\.T" is not in the history of "Best theta"; it has value, best, param\.theta/],
      [['add', 'figure', f, '--panel', 'Delta:g2@T vs Delta'], /--panel 1: "g2" is not a quantity of study "T vs Delta"; it has a_to_c\.T, c_to_a\.T/],
      [['add', 'study', f, '--name', 'Map', '--axis', 'Delta=0:1:3'], /--name: another study is already called "Map"/],
      [['add', 'study', f, '--kind', 'sweep'], /--axis: a sweep needs one or two axes/],
      [['add', 'study', f, '--minimize', 'c_to_a.T'], /--vary: an optimize study needs the parameters it varies/],
      [['add', 'study', f, '--from', 'Base', '--minimize', 'c_to_a.g2', '--vary', 'theta=-1:0'], /--maximize\/--minimize: "c_to_a\.g2" is not a quantity of three-cavity here/],
      [['add', 'study', f, '--from', 'Base', '--minimize', 'c_to_a.T', '--vary', 'kappa_b=-1:1'], /--vary kappa_b: -1 is outside the range of kappa_b: must be ≥ 0/],
      [['add', 'study', f, '--from', 'Nope', '--axis', 'Delta=0:1:3'], /--from: no parameter set "Nope"/],
      [['add', 'study', f, '--axis', 'Delta=0:1:3', '--quantity', 'nope'], /--quantity: "nope" is not a quantity of three-cavity here/],
      [['add', 'study', f, '--kind', 'loop'], /--kind: must be one of point, sweep, simulate, optimize, correlation, spectrum, pulse, continuation, got "loop"/],
      [['rename', 'study', f, 'Nope', 'X'], /REF: no study "Nope"/],
      [['rename', 'study', f, 'study-1', 'Map'], /NEW_NAME: another study is already called "Map"/],
      [['run', f, '--figure', 'Nope'], /--figure: no figure "Nope"; the project has "Fig1" \(figure-1\)/],
    ];
    for (const [args, message] of cases) {
      const r = nrlab(args);
      expect(r.code, `nrlab ${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^nrlab: bad input: /);
      expect(r.stderr, `nrlab ${args.join(' ')}`).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(sha(f), `nrlab ${args.join(' ')} changed the file`).toBe(before);
    }
  }, 300_000);

  it('renames, duplicates and deletes by name, id or short id; deleting a study drops its panels', () => {
    const g = path.join(dir, 'edit.nrlab');
    expect(nrlab(['new', '--out', g]).code).toBe(0);
    expect(nrlab(['add', 'set', g, '--name', 'P', '--set', 'solver=classical']).code).toBe(0);
    expect(nrlab(['add', 'study', g, '--from', 'P', '--axis', 'Delta=-1:1:5']).code).toBe(0);
    expect(nrlab(['add', 'study', g, '--from', 'P', '--axis', 'Delta=-1:1:5', '--axis', 'theta=-1:1:3']).code).toBe(0);
    expect(nrlab(['add', 'figure', g, '--panel', 'Delta:isolation@Sweep', '--panel', 'map:isolation@study-2']).code).toBe(0);
    let doc = docOf(g);
    expect(doc.studies.map((s) => s.name)).toEqual(['Sweep', 'Map']);
    expect(doc.figures[0]).toMatchObject({ name: 'Figure', layout: { rows: 1, cols: 2 } });
    const ren = nrlab(['rename', 'study', g, 'study-1', 'Line']);
    expect(ren.stderr).toMatch(/renamed study "Sweep" \(study-1\) to "Line"/);
    expect(nrlab(['duplicate', 'study', g, 'Line']).stderr).toMatch(/duplicated study "Line" as "Line copy" \(study-3\)/);
    expect(nrlab(['duplicate', 'figure', g, 'figure-1', 'Second']).code).toBe(0);
    doc = docOf(g);
    expect(doc.studies.map((s) => [s.id, s.name])).toEqual([
      ['study-1', 'Line'],
      ['study-3', 'Line copy'],
      ['study-2', 'Map'],
    ]);
    expect(doc.figures.map((x) => x.name)).toEqual(['Figure', 'Second']);
    const del = nrlab(['delete', 'study', g, 'study-2']);
    expect(del.stderr).toMatch(/deleted study "Map" \(study-2\); 2 figure panels removed/);
    const delSet = nrlab(['delete', 'set', g, 'P']);
    expect(delSet.stderr).toMatch(/deleted parameter set "P" \(set-1\); 2 studies keep its values as their own/);
    doc = docOf(g);
    expect(doc.parameterSets).toEqual([]);
    expect(doc.studies.every((s) => s.params.solver === 'classical' && s.parameterSet === undefined)).toBe(true);
    expect(doc.figures.map((x) => x.panels.length)).toEqual([1, 1]);
  }, 300_000);

  it('nrlab add --help documents every command and panel form', () => {
    const r = nrlab(['add', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['nrlab add set', 'nrlab add study', 'nrlab add figure', '--kind point|sweep|simulate|optimize', '--maximize Q | --minimize Q', '--vary key=lo:hi', '--layout RxC', 'X:Q@STUDY[,Q@STUDY…]', 'map:Q@STUDY', 'evaluation:best@STUDY', 'nrlab rename', 'nrlab duplicate', 'nrlab delete', 'nrlab run FILE.nrlab --figure NAME']) {
      expect(r.stdout).toContain(s);
    }
    expect(nrlab(['--help']).stdout).toMatch(/nrlab add set\|study\|figure FILE\.nrlab/);
  }, 60_000);

  it('nrlab run streams an optimize study\'s progress; SIGINT stops it and saves the best point so far as cancelled (exit 130)', async () => {
    const g = path.join(dir, 'slow.nrlab');
    expect(nrlab(['new', '--out', g]).code).toBe(0);
    // the quantum solver at a fixed truncation: every evaluation is a real solve, far from the limit
    const add = nrlab(['add', 'study', g, '--name', 'Slow', '--model', 'three-cavity', '--set', 'fock=6', '--minimize', 'a_to_c.g2', '--vary', 'Delta=-2:2', '--vary', 'U=1:10', '--max-evaluations', '100000']);
    expect(add.code, add.stderr).toBe(0);
    const child = spawn(process.execPath, [bin, 'run', g, '--progress', '--workers', '1'], { cwd: dir, env: { ...process.env, FORCE_COLOR: '0', NRLAB_DATA_DIR: dataDir } });
    let stderr = '';
    const started = new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/ [1-9]\d*\/100000 evaluations \(at most\)\s+best \S+ at Delta=\S+ U=\S+/.test(stderr)) resolve();
      }),
    );
    child.stdout.resume();
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await started;
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    expect(stderr).toMatch(/Slow: cancelled, minimize a_to_c\.g2 = \S+ at Delta=\S+ U=\S+ \(\d+ evaluations, not converged\)/);
    const st = docOf(g).studies[0]!;
    expect(st.result!.status).toBe('cancelled');
    const out = st.result!.output as OptimizeOutput;
    expect(out.evaluations).toBeGreaterThan(0);
    expect(out.evaluations).toBeLessThan(100_000);
    expect(out.optimum.Delta).toBeGreaterThanOrEqual(-2);
    expect(out.optimum.U).toBeLessThanOrEqual(10);
  }, 300_000);
});
