/**
 * Project commands of the CLI: `nrlab examples`, `nrlab new`, `nrlab info`, `nrlab run`.
 * A project file that cannot be opened is bad input (exit 2), and is never modified.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { JobSnapshot, OptimizeProgress } from '../../src-core/contract/api.js';
import { ConflictError, ParameterError } from '../../src-core/errors.js';
import { EXAMPLES } from '../../src-core/project/examples/index.js';
import { figureStudyIds, resultFreshness, type ResultFreshness } from '../../src-core/project/fingerprint.js';
import { findItem } from '../../src-core/project/authoring.js';
import type { StoredResult } from '../../src-core/project/types.js';
import { Backend } from '../services/backend.js';
import { acquireProjectLock } from '../services/project-lock.js';
import { parse, parseWorkers } from './args.js';
import { COMMANDS } from './commands.js';
import { EXIT } from './exit-codes.js';
import { parserOptions } from './spec.js';
import { progressLine } from './output.js';
import { onInterrupt, type Interrupt } from './signals.js';
import { checkWritable, whyUnwritable } from '../export/write-out.js';

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const err = (text: string): void => void process.stderr.write(`${text}\n`);

export function cmdExamples(argv: string[]): void {
  const { values } = parse(argv, parserOptions(COMMANDS.examples.options));
  if (values.json) {
    out(JSON.stringify(EXAMPLES.map(({ name, title, description }) => ({ name, title, description }))));
    return;
  }
  for (const e of EXAMPLES) out(`${e.name.padEnd(30)} ${e.title}\n${' '.repeat(31)}${e.description}`);
}

/** `nrlab new --example NAME --out FILE [--force]`: a new project file from an example (or empty). */
export async function cmdNew(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, parserOptions(COMMANDS.new.options));
  if (positionals.length) throw new ParameterError('arguments', `unexpected argument "${positionals[0]}"`);
  const file = values.out as string | undefined;
  if (!file) throw new ParameterError('--out', 'the file to create is required (e.g. --out my-study.nrlab)');
  if (!file.endsWith('.nrlab')) throw new ParameterError('--out', `project files end in .nrlab, got "${path.basename(file)}"`);
  if (!values.force) {
    const exists = await fs.stat(file).then(
      () => true,
      () => false,
    );
    if (exists) throw new ParameterError('--out', `${file} exists; use --force to replace it (its previous version is kept as ${path.basename(file)}.bak)`);
  }
  await checkWritable(file);
  const backend = new Backend({ workers: 1, autosaveMs: 0 });
  try {
    const snap = backend.projects.newProject(values.example as string | undefined);
    const saved = await backend.projects.saveProject(snap.id, file);
    err(`created ${saved.path} (${saved.doc.studies.length} studies, ${saved.doc.figures.length} figures)`);
  } finally {
    await backend.close();
  }
}

const when = (iso: string): string => iso.slice(0, 19).replace('T', ' ');

function describeResult(r: StoredResult | undefined, fresh?: ResultFreshness): string {
  if (!r) return 'not run';
  const pts = r.total !== undefined ? ` ${r.done ?? 0}/${r.total} points` : '';
  const failed = `${r.failed?.length ? `, ${r.failed.length} failed` : ''}${r.warned ? `, ${r.warned.count} not converged` : ''}`;
  const runs = r.provenance.runs?.length ?? 0;
  const mark = fresh?.state === 'stale' ? 'STALE (inputs changed since the run), ' : fresh?.state === 'unknown' ? 'UNVERIFIED (inputs not recorded), ' : '';
  const o = r.output as { objective?: { goal: string; quantity: string }; value?: number; optimum?: Record<string, number>; evaluations?: number; converged?: boolean } | undefined;
  const found =
    o?.objective && typeof o.value === 'number'
      ? `, ${o.objective.goal} ${o.objective.quantity} = ${o.value} at ${Object.entries(o.optimum ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')} (${o.evaluations ?? '?'} evaluations, ${o.converged ? 'converged' : 'not converged'})`
      : '';
  return `${mark}${r.status}${pts}${failed}${found}, ${when(r.provenance.date)}, ${(r.provenance.wallMs / 1000).toFixed(1)} s${runs > 1 ? ` in ${runs} runs` : ''}`;
}

/** One line per run of a result made in several runs (a resumed sweep). */
function runLines(r: StoredResult | undefined): string[] {
  const runs = r?.provenance.runs ?? [];
  if (runs.length < 2) return [];
  return runs.map((x, i) => `run ${i + 1}: ${when(x.date)}, ${x.points} points, ${(x.wallMs / 1000).toFixed(1)} s${x.workers ? ` on ${x.workers} workers` : ''}, ${x.app.name} ${x.app.version}`);
}

/** `nrlab info <project> [--json]`: what a project holds. */
export async function cmdInfo(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, parserOptions(COMMANDS.info.options));
  const file = positionals[0];
  if (!file) throw new ParameterError('arguments', '"nrlab info" needs a project file');
  const backend = new Backend({ workers: 1, autosaveMs: 0 });
  try {
    const snap = await backend.projects.openProject(file);
    const d = snap.doc;
    if (values.json) {
      out(
        JSON.stringify({
          title: d.title,
          schemaVersion: d.schemaVersion,
          readOnly: snap.readOnly,
          warnings: snap.warnings,
          parameterSets: d.parameterSets.map((p) => p.name),
          studies: d.studies.map((s) => {
            const f = resultFreshness(d, s);
            const result = s.result
              ? { status: s.result.status, freshness: f.state, ...(f.reason ? { freshnessReason: f.reason } : {}), done: s.result.done, total: s.result.total, provenance: s.result.provenance }
              : null;
            return { id: s.id, name: s.name, kind: s.kind, model: s.model, result };
          }),
          figures: d.figures.map((f) => ({ id: f.id, name: f.name, panels: f.panels.length })),
        }),
      );
      return;
    }
    out(`${d.title} (project schema ${d.schemaVersion}${snap.readOnly ? ', read-only' : ''})`);
    for (const w of snap.warnings) out(`warning: ${w}`);
    out(`Parameter sets: ${d.parameterSets.map((p) => p.name).join('; ') || 'none'}`);
    out('Studies:');
    const w = Math.max(0, ...d.studies.map((s) => s.name.length));
    // the kind column is 8 wide, wider when a kind is longer (correlation)
    const kw = Math.max(8, ...d.studies.map((s) => s.kind.length));
    for (const s of d.studies) {
      out(`  ${s.name.padEnd(w)}  ${s.kind.padEnd(kw)} ${s.model.padEnd(14)} ${describeResult(s.result, resultFreshness(d, s))}`);
      for (const line of runLines(s.result)) out(`  ${' '.repeat(w)}    ${line}`);
    }
    out(`Figures: ${d.figures.map((f) => f.name).join(', ') || 'none'}`);
  } finally {
    await backend.close();
  }
}

/** Save the project beside `target` as `<name>.conflict-<time>.nrlab` (else in the data dir's recovery folder). */
async function saveRecoveryCopy(backend: Backend, projectId: string, target: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `${path.basename(target, '.nrlab')}.conflict-${stamp}.nrlab`;
  try {
    return (await backend.projects.saveProject(projectId, path.join(path.dirname(target), name))).path!;
  } catch {
    const dir = path.join(backend.projects.dataDirectory, 'recovery');
    await fs.mkdir(dir, { recursive: true });
    return (await backend.projects.saveProject(projectId, path.join(dir, name))).path!;
  }
}

/**
 * `nrlab run <project> [--study NAME]… [--figure NAME]… [--out DIR] [--resume]`: run studies
 * (all, the named ones, or those the figures draw; by name, id or short id) headless on the pool,
 * store their results in the project and save it safely (in place with a .bak, or a copy in DIR).
 */
export async function cmdRun(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, parserOptions(COMMANDS.run.options));
  const file = positionals[0];
  if (!file) throw new ParameterError('arguments', '"nrlab run" needs a project file');
  if (positionals.length > 1) throw new ParameterError('arguments', `unexpected argument "${positionals[1]}"`);
  const tty = process.stderr.isTTY === true;
  const showProgress = Boolean(values.progress) || tty;
  let target = path.resolve(file);
  if (values.out !== undefined) {
    const dir = path.resolve(values.out as string);
    await fs.mkdir(dir, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
      throw new ParameterError('--out', `cannot create directory ${dir} (${whyUnwritable(e)})`);
    });
    target = path.join(dir, path.basename(file));
  }
  // the results are saved at the end: refuse an unwritable target before computing them
  if (values.out !== undefined) await checkWritable(target);
  const workers = parseWorkers(values.workers as string | undefined);
  // held for the whole run: a second run on the same file refuses at once (exit 2, naming this one)
  const lock = await acquireProjectLock(target, `nrlab run ${path.basename(file)}`);
  const backend = new Backend({ workers, autosaveMs: 0, watchMs: 0 });
  let failures = 0;
  let cancelled = false;
  let conflict = false;
  let interrupt: Interrupt | undefined;
  let lastKind: string | undefined;
  try {
    const snap = await backend.projects.openProject(file);
    if (snap.readOnly && target === snap.path) throw new ParameterError('project', 'was written by a newer NR Lab; run it with --out DIR to write a copy');
    if (values.out === undefined) await checkWritable(target, 'project');
    // --study and --figure name items by name, id or short id; no selection: every study
    const named = ((values.study as string[] | undefined) ?? []).map((w) => findItem(snap.doc, 'study', w, '--study').id);
    for (const ref of (values.figure as string[] | undefined) ?? []) {
      const fig = findItem(snap.doc, 'figure', ref, '--figure');
      const ids = figureStudyIds(snap.doc, fig.id);
      if (!ids.length) throw new ParameterError('--figure', `"${fig.name}" draws no study yet (it has no panels)`);
      named.push(...ids);
    }
    const selected = values.study === undefined && values.figure === undefined ? undefined : new Set(named);
    // in the project's order, each once
    const studies = snap.doc.studies.filter((s) => !selected || selected.has(s.id));
    let current: string | undefined;
    // SIGINT, SIGTERM (a batch time limit) and SIGHUP cancel: the results so far are stored and
    // saved (a second signal waits for the save); the exit status is 128 + the signal number
    interrupt = onInterrupt(() => {
      cancelled = true;
      if (current) backend.projects.cancelStudy(snap.id, current);
    });
    let lastLine = 0;
    let runId: string | undefined;
    let best = '';
    const off = backend.bus.subscribe((name, p) => {
      if (!showProgress) return;
      // an optimize study: the best value so far, after its evaluations
      if (name === 'optimize.progress' && (p as OptimizeProgress).runId === runId) {
        const o = p as OptimizeProgress;
        best = `  best ${o.best.toPrecision(8)} at ${Object.entries(o.bestAt).map(([k, v]) => `${k}=${v.toPrecision(6)}`).join(' ')}`;
        return;
      }
      if (name !== 'job.progress') return;
      const s = p as JobSnapshot;
      if (s.id !== runId) return;
      const line = `${progressLine(s.done, s.total, s.etaMs)}${s.kind === 'optimize' ? ` evaluations (at most)${best}` : ''}`;
      if (tty) process.stderr.write(`\r${line}`);
      else if (Date.now() - lastLine >= 1000) {
        lastLine = Date.now();
        process.stderr.write(`${line}\n`);
      }
    });
    try {
      for (const [i, s] of studies.entries()) {
        if (cancelled) break;
        if (showProgress) err(`[${i + 1}/${studies.length}] ${s.name} (${s.kind}, ${s.model})`);
        const { snapshot, whenDone } = backend.projects.runStudy(snap.id, s.id, values.resume === true);
        current = s.id;
        lastKind = s.kind;
        runId = snapshot.running[s.id];
        const r = await whenDone;
        current = undefined;
        if (showProgress && tty) process.stderr.write('\n');
        if (r.status !== 'succeeded') failures++;
        err(`${s.name}: ${describeResult(r)}`);
        if (r.status === 'failed' && r.output && typeof r.output === 'object' && 'error' in r.output) {
          err(`  ${(r.output as { error: { message: string } }).error.message}`);
        }
      }
    } finally {
      off();
    }
    try {
      const saved = await backend.projects.saveProject(snap.id, target);
      err(`saved ${saved.path}`);
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      conflict = true;
      const copy = await saveRecoveryCopy(backend, snap.id, target);
      err(`nrlab: conflict: ${target} was changed by another program while this run computed; it was left as that program wrote it. The results of this run are saved in ${copy}`);
    }
  } finally {
    interrupt?.dispose();
    await backend.close();
    await lock.release();
  }
  if (conflict) return EXIT.failed;
  if (cancelled) {
    err(`nrlab: cancelled; the results so far are stored (${lastKind === 'optimize' ? 'an optimize study keeps the best point it found; running it again starts a new search' : 'run again with --resume to continue'})`);
    return interrupt?.exitCode ?? EXIT.failed;
  }
  return failures > 0 ? EXIT.failed : EXIT.ok;
}
