/**
 * `nrlab` — the command-line face of NR Lab. Requested output goes to stdout, progress and
 * messages to stderr. Exit codes: 0 success, 2 bad input, 1 computation failure, 128 + the signal
 * number after a cancelling signal (see ./signals.ts), 141 when stdout's reader is gone.
 *
 * Why one file of ~530 lines: it is the usage text (50 lines), the dispatch table and one short
 * parse-and-call function per model-level command (solve, sweep, simulate, serve, optimize,
 * analyze, merge, models), each over a service or a src-core task; the project and authoring
 * commands already live in project-commands.ts and authoring-commands.ts. The model commands share
 * the output helpers and argument checks at the top, and read best next to the usage they implement.
 */
import path from 'node:path';
import { NrlabError, ParameterError, toErrorPayload } from '../../src-core/errors.js';
import { getModel, listModels, simulatingModels, traceKindsOf } from '../../src-core/models/registry.js';
import { parseAxis } from '../../src-core/studies/grid.js';
import { solvePoint } from '../../src-core/tasks/solver-tasks.js';
import { parseNumber } from '../../src-core/models/expression.js';
import { resolveParams } from '../../src-core/models/params.js';
import { runSimulation, type SimulateSettingsInput } from '../../src-core/tasks/simulate.js';
import { startBrowserServer } from '../server/browser-server.js';
import { Backend } from '../services/backend.js';
import { Workspace } from '../services/workspace.js';
import { optimize } from '../services/optimizer.js';
import { APP_VERSION } from '../services/version.js';
import { parse, parsePort, parseSets, parseWorkers, SIMULATE_OPTIONS } from './args.js';
import { modelInput, presetText } from './model-input.js';
import { progressLine, toJson } from './output.js';
import { onInterrupt } from './signals.js';
import { mergeDocs, priorFromDoc, readSweepDoc, sameStudy, shardRange, sweepDocument, type SweepDoc } from './sweep-files.js';
import { planSweep } from '../../src-core/studies/grid.js';
import { contour, extremum, peakWidth, region } from '../../src-core/studies/metrics.js';
import { openInBrowser } from './open.js';
import { cmdExamples, cmdInfo, cmdNew, cmdRun } from './project-commands.js';
import { cmdAdd, cmdEditItem } from './authoring-commands.js';
import { cmdExport } from '../export/export-command.js';
import { cmdDynamics, DYNAMICS_COMMANDS, DYNAMICS_USAGE, isDynamicsCommand } from './dynamics-commands.js';
import { cmdContinue, CONTINUE_USAGE } from './continue-command.js';
import { checkWritable, writeExportFile } from '../export/write-out.js';

const USAGE = `nrlab ${APP_VERSION} — loss-engineered nonreciprocity workbench

Usage:
  nrlab solve <model> [--set key=value]... [--json] [--progress]
  nrlab sweep <model> --axis key=start:stop:count[:log] | key=v1,v2,… [--axis …] [--set key=value]... [--out FILE]
              [--keep Q1,Q2,…] [--workers N] [--progress] [--shard i/N] [--resume FILE]
  nrlab merge FILES… [--out FILE]      join the shard files of one study
  nrlab analyze FILE [--max Q] [--min Q] [--region 'Q>level'] [--contour Q=level] [--width Q[@fraction]]
              derived metrics of a stored sweep (extremum, threshold region, 2-D contour, peak width)
  nrlab optimize <model> --maximize|--minimize QUANTITY --vary key=lo:hi [--vary …]
              [--start key=value]... [--set key=value]... [--max-evaluations N] [--progress] [--json]
  nrlab simulate two-resonator|tcmt-network [--port N] [--input gaussian|rect|cw] [--t-end S] [--width S]
              [--t0 S] [--samples N] [--h S] [--compare-ideal] [--set key=value]... [--spec FILE]
              time traces of the outputs (Fig. 5), JSON on stdout
  ${DYNAMICS_USAGE.correlate}
  ${DYNAMICS_USAGE.spectrum}
  ${DYNAMICS_USAGE.evolve}
              (quantum models; "nrlab correlate --help" and docs/dynamics.md)
  ${CONTINUE_USAGE}
  nrlab serve [--port N] [--root DIR] [--open] [--workers N]
              the app in a browser; projects open and save only inside DIR (default: the current folder)
  nrlab models [<model>]          list models, or one model's parameters
  nrlab examples [--json]         list the example projects (the papers' figures)
  nrlab new [--example NAME] --out FILE.nrlab [--force]
  nrlab info FILE.nrlab [--json]  what a project holds: studies, results, figures
  nrlab add set|study|figure FILE.nrlab …         add a parameter set, a study (point, sweep,
              simulate, optimize) or a figure; "nrlab add --help" documents every flag
  nrlab rename|duplicate|delete set|study|figure FILE.nrlab REF [NAME]
  nrlab run FILE.nrlab [--study NAME]... [--figure NAME]... [--out DIR] [--resume] [--workers N] [--progress]
              run a project's studies (all, the named ones, or those a figure draws) and store the
              results in it (saved safely, with a .bak; the file is locked while it runs; changed
              by another program meanwhile → a copy); studies and figures by name, id or short id
  nrlab export FILE.nrlab --study NAME [--format csv|json|npz|h5|ipynb|py] [--out FILE] [--allow-stale]
              a stored study's data (CSV with provenance comments, JSON, NumPy npz, HDF5), a
              standalone Python script (QuTiP / numpy / scipy) that recomputes it and writes the
              same CSV columns, or a Jupyter notebook of that script that loads and plots the
              numbers (docs/python.md)
  nrlab export FILE.nrlab --figure NAME [--format svg|pdf|png] [--out FILE]
              [--preset aps-single|aps-double|nature-single|nature-double] [--width L --height L]
              [--font sans|serif] [--font-size PT] [--line-width PT] [--dpi N] [--grayscale] [--allow-stale]
              [--keep-layout] [--force]
              a figure, publication-ready: vector PDF (fonts embedded) or SVG, or PNG (600 dpi, in pHYs);
              panels reflow for the width (2×3 → 3×2 or 6×1) unless --keep-layout; a preflight
              (text size, plot size, overlaps, fonts) refuses with exit 2 unless --force
              (a stale result — inputs changed since the run — is exported only with --allow-stale)
  nrlab --version | --help

Values accept expressions: --set theta=-pi/4 --set J=sqrt(2)/2
Exit codes: 0 success, 2 bad input, 1 computation failure; sweep and run cancelled by SIGINT, SIGTERM
or SIGHUP write their partial results and exit 130, 143 or 129; a closed output pipe ends with 141.`;

class UsageError extends NrlabError {
  constructor(message: string) {
    super('bad-input', message);
  }
}

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Write to stdout and wait until it is flushed (a large document into a pipe). */
function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`, () => resolve()));
}

function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

function needModel(positionals: string[], cmd: string): string {
  const id = positionals[0];
  if (!id) throw new UsageError(`"nrlab ${cmd}" needs a model; known models: ${listModels().map((m) => m.id).join(', ')}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  return getModel(id).id;
}

async function cmdSolve(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { set: { type: 'string', multiple: true }, spec: { type: 'string' }, json: { type: 'boolean' }, progress: { type: 'boolean' } });
  const model = needModel(positionals, 'solve');
  // the steps of an automatic truncation as they start, on a terminal or with --progress (Ctrl+C / SIGTERM end the process)
  const show = values.progress === true || process.stderr.isTTY === true;
  const r = solvePoint({ model, params: modelInput(model, values) }, show ? { onStage: (s) => err(`solving: ${s}`) } : undefined);
  for (const w of r.warnings ?? []) err(`nrlab: warning: ${w}`);
  if (values.json) {
    out(toJson(r.output));
    return;
  }
  const m = getModel(model);
  const qs = m.quantities(r.params);
  const w = Math.max(...qs.map((q) => q.symbol.length));
  out(`${m.title} (solver: ${String(r.params.solver)})`);
  for (const q of qs) out(`  ${q.symbol.padEnd(w)}  ${r.scalars[q.key]}`);
}

async function cmdSweep(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    set: { type: 'string', multiple: true },
    spec: { type: 'string' },
    axis: { type: 'string', multiple: true },
    out: { type: 'string' },
    workers: { type: 'string' },
    progress: { type: 'boolean' },
    json: { type: 'boolean' },
    shard: { type: 'string' },
    resume: { type: 'string' },
    keep: { type: 'string' },
  });
  const model = needModel(positionals, 'sweep');
  const keep = values.keep === undefined ? undefined : String(values.keep).split(',').map((q) => q.trim()).filter((q) => q !== '');
  const axes = ((values.axis as string[] | undefined) ?? []).map(parseAxis);
  if (axes.length === 0) throw new UsageError('"nrlab sweep" needs at least one --axis key=start:stop:count');
  const params = modelInput(model, values);
  const showProgress = Boolean(values.progress) || process.stderr.isTTY === true;
  if (values.out !== undefined) await checkWritable(values.out as string);
  const backend = new Backend({ workers: parseWorkers(values.workers as string | undefined) });
  try {
    let plan;
    try {
      plan = planSweep(getModel(model), { params, axes, ...(keep ? { quantities: keep } : {}) });
    } catch (e) {
      if (e instanceof ParameterError && e.param?.startsWith('quantities')) throw new ParameterError('--keep', e.reason ?? e.message);
      throw e;
    }
    const range = values.shard !== undefined ? shardRange(values.shard as string, plan.total) : undefined;
    let prior;
    if (values.resume !== undefined) {
      // continue from a stored (cancelled or partial) result of the same study and slice
      const stored = await readSweepDoc(values.resume as string);
      const requested = JSON.parse(
        toJson({ model, params: plan.base, axes: plan.axes, shape: plan.shape, quantities: plan.quantities, range: range ?? { start: 0, end: plan.total } }),
      ) as SweepDoc;
      const diff = sameStudy(requested, stored) ?? (JSON.stringify(requested.range) !== JSON.stringify(stored.range) ? 'range (shard)' : undefined);
      if (diff) throw new NrlabError('bad-input', `--resume: ${values.resume as string} is a different study (${diff} differs)`, { param: '--resume' });
      prior = priorFromDoc(stored);
    }
    const { job } = backend.jobs.startSweep({ model, params, axes, ...(range ? { range } : {}), ...(keep ? { quantities: keep } : {}) }, prior);
    // On a terminal the bar redraws in place; in a log (--progress without a TTY) one line per second.
    const tty = process.stderr.isTTY === true;
    let lastLine = 0;
    const off = showProgress
      ? backend.bus.subscribe((name, p) => {
          if (name !== 'job.progress') return;
          const s = p as { done: number; total: number; progress: number; etaMs?: number };
          const line = progressLine(Math.round(s.progress * s.total), s.total, s.etaMs);
          if (tty) process.stderr.write(`\r${line}`);
          else if (Date.now() - lastLine >= 1000 || s.progress === 1) {
            lastLine = Date.now();
            process.stderr.write(`${line}\n`);
          }
        })
      : undefined;
    // SIGINT, SIGTERM (a batch time limit) and SIGHUP cancel; the partial results are written
    // (resumable with --resume) and a second signal waits for them
    const interrupt = onInterrupt(() => {
      try {
        backend.jobs.cancel(job.id);
      } catch {
        // finished meanwhile
      }
    });
    try {
      const final = await backend.jobs.wait(job.id);
      off?.();
      if (showProgress && tty) process.stderr.write('\n');
      if (final.status === 'failed') throw final.error ? new NrlabError(final.error.code, final.error.message) : new Error('the sweep failed');
      const doc = toJson(sweepDocument(backend.jobs.result(job.id)));
      if (values.out) {
        await writeExportFile(values.out as string, `${doc}\n`);
        err(`wrote ${path.resolve(values.out as string)}`);
      } else await writeOut(doc);
      const diag = backend.jobs.result(job.id).diagnostics;
      if (diag.failed > 0) err(`nrlab: warning: ${diag.failed} of ${diag.points} points failed (null in the output, reasons under "failed")`);
      if (diag.warned) {
        err(`nrlab: warning: ${diag.warned} of ${diag.points} points are not converged (their numbers are flagged; first, point ${diag.firstWarning?.index}: ${diag.firstWarning?.reason ?? ''})`);
      }
      if (final.status === 'cancelled') {
        err(`cancelled: partial results written${values.out ? `; continue with --resume ${values.out as string}` : ''}`);
        return interrupt.exitCode ?? 1;
      }
      return 0;
    } finally {
      interrupt.dispose();
    }
  } finally {
    await backend.close();
  }
}

/** Time traces of a model's outputs for a pulse or CW input (models with time-domain runs, e.g. seed 003, Fig. 5). */
function cmdSimulate(argv: string[]): void {
  const { values, positionals } = parse(argv, {
    set: { type: 'string', multiple: true },
    ...SIMULATE_OPTIONS,
    h: { type: 'string' },
    spec: { type: 'string' },
    json: { type: 'boolean' },
  });
  const model = needModel(positionals, 'simulate');
  if (!getModel(model).simulate) throw new UsageError(`"nrlab simulate" supports the models with time-domain runs: ${simulatingModels().join(', ')}`);
  const num = (flag: string): number | undefined => (values[flag] === undefined ? undefined : parseNumber(`--${flag}`, String(values[flag])));
  const settings: SimulateSettingsInput = {
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
    ...(values.input !== undefined ? { input: values.input as string } : {}),
  };
  for (const [flag, key] of [['t-end', 'tEnd'], ['width', 'width'], ['t0', 't0'], ['samples', 'samples'], ['h', 'h']] as const) {
    const v = num(flag);
    if (v !== undefined) settings[key] = v;
  }
  if (values['compare-ideal']) settings.compareIdeal = true;
  const flagOf: Record<string, string> = { port: '--port', input: '--input', tEnd: '--t-end', width: '--width', t0: '--t0', samples: '--samples', h: '--h' };
  try {
    const r = runSimulation(model, { params: modelInput(model, values), settings });
    out(toJson({ model: r.model, ...r.stored, params: r.params, t: r.t, traces: r.traces.map((tr) => ({ loss: tr.loss, ...tr.fields, diagnostics: tr.diagnostics })) }));
  } catch (e) {
    // settings are CLI flags here
    if (e instanceof ParameterError && e.param && flagOf[e.param]) throw new ParameterError(flagOf[e.param]!, e.reason ?? e.message);
    throw e;
  }
}

async function cmdServe(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { port: { type: 'string' }, open: { type: 'boolean' }, workers: { type: 'string' }, root: { type: 'string' } });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const port = parsePort(values.port as string | undefined);
  const workspace = new Workspace((values.root as string | undefined) ?? process.cwd(), '--root');
  const backend = new Backend({ workers: parseWorkers(values.workers as string | undefined), workspaceRoot: workspace.root });
  const staticDir = path.join(__dirname, '..', 'renderer');
  let server;
  try {
    server = await startBrowserServer({ backend, staticDir, port: port ?? 0 });
  } catch (e) {
    await backend.close();
    const m = e instanceof Error ? e.message : String(e);
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new NrlabError('bad-input', `--port: port ${port} is already in use`, { param: '--port' });
    throw new NrlabError('internal', m);
  }
  out(server.url);
  err(`NR Lab is serving on 127.0.0.1 only, with ${backend.pool.workers} solver workers. Open the URL above (it carries this launch's access token). Ctrl+C stops.`);
  err(`Projects are opened and saved inside ${workspace.root} (--root); exports are downloads.`);
  // the browser gets a launcher file, not the URL: a command line is visible to other users (ps)
  const launcher = values.open ? openInBrowser(server.url) : undefined;
  const removeLauncher = (): void => launcher?.dispose();
  process.once('exit', removeLauncher);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  removeLauncher();
  await server.close();
  await backend.close();
}

/** Find the optimum of one quantity over 1–4 parameters (Nelder–Mead with restarts, on the pool). */
async function cmdOptimize(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    set: { type: 'string', multiple: true },
    spec: { type: 'string' },
    vary: { type: 'string', multiple: true },
    start: { type: 'string', multiple: true },
    maximize: { type: 'string' },
    minimize: { type: 'string' },
    'max-evaluations': { type: 'string' },
    workers: { type: 'string' },
    json: { type: 'boolean' },
    progress: { type: 'boolean' },
  });
  const model = needModel(positionals, 'optimize');
  if ((values.maximize === undefined) === (values.minimize === undefined)) throw new UsageError('give exactly one of --maximize QUANTITY or --minimize QUANTITY');
  const vary = ((values.vary as string[] | undefined) ?? []).map((text) => {
    const m = /^([^=]+)=([^:]+):([^:]+)$/.exec(text);
    if (!m) throw new NrlabError('bad-input', `--vary: expected key=lo:hi, got "${text}"`, { param: '--vary' });
    return { key: m[1]!.trim(), lo: parseNumber(`--vary ${m[1]} (lo)`, m[2]!), hi: parseNumber(`--vary ${m[1]} (hi)`, m[3]!) };
  });
  if (vary.length === 0) throw new UsageError('"nrlab optimize" needs at least one --vary key=lo:hi');
  const starts = parseSets(values.start as string[] | undefined);
  for (const k of Object.keys(starts)) if (!vary.some((v) => v.key === k)) throw new NrlabError('bad-input', `--start: ${k} is not among the --vary parameters`, { param: '--start' });
  const start = Object.keys(starts).length ? vary.map((v) => (starts[v.key] !== undefined ? parseNumber(`--start ${v.key}`, String(starts[v.key])) : (v.lo + v.hi) / 2)) : undefined;
  let maxEval: number | undefined;
  if (values['max-evaluations'] !== undefined) {
    maxEval = Number(values['max-evaluations']);
    if (!Number.isInteger(maxEval) || maxEval < 10 || maxEval > 100_000) {
      throw new NrlabError('bad-input', `--max-evaluations: must be an integer from 10 to 100000, got "${String(values['max-evaluations'])}"`, { param: '--max-evaluations' });
    }
  }
  const backend = new Backend({ workers: parseWorkers(values.workers as string | undefined) });
  try {
    const tty = process.stderr.isTTY === true;
    const show = tty || values.progress === true;
    let lastShown = 0;
    let unshown: string | undefined;
    const showLine = (line: string): void => void process.stderr.write(tty ? `\r${line}   ` : `${line}\n`);
    const r = await optimize(
      backend.pool,
      {
        model,
        params: modelInput(model, values),
        vary,
        objective: values.maximize !== undefined ? { quantity: values.maximize as string, goal: 'maximize' } : { quantity: values.minimize as string, goal: 'minimize' },
        ...(start ? { start } : {}),
        ...(maxEval ? { maxEvaluations: maxEval } : {}),
      },
      (p) => {
        if (!show) return;
        const at = Object.entries(p.bestAt).map(([k, v]) => `${k}=${v.toPrecision(6)}`).join(' ');
        unshown = `${p.evaluations} of at most ${p.maxEvaluations} evaluations, best ${p.best.toPrecision(8)} at ${at}`;
        const now = performance.now();
        if (now - lastShown < 100) return;
        lastShown = now;
        showLine(unshown);
        unshown = undefined;
      },
    );
    if (unshown) showLine(unshown);
    if (tty && show) process.stderr.write('\n');
    if (values.json) out(toJson(r));
    else {
      out(`${r.objective.goal} ${r.objective.quantity} = ${r.value} at ${Object.entries(r.optimum).map(([k, v]) => `${k}=${v}`).join(' ')}`);
      out(`${r.evaluations} evaluations, ${r.restarts} restarts, ${r.converged ? 'converged' : 'not converged'}`);
    }
  } finally {
    await backend.close();
  }
}

/** Derived metrics of a stored sweep. */
async function cmdAnalyze(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    max: { type: 'string', multiple: true },
    min: { type: 'string', multiple: true },
    region: { type: 'string', multiple: true },
    contour: { type: 'string', multiple: true },
    width: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('"nrlab analyze" needs one sweep file');
  const doc = await readSweepDoc(positionals[0]!);
  const { data } = priorFromDoc(doc);
  const axes = { keys: doc.axes.map((a) => a.key), values: doc.axes.map((a) => Float64Array.from(a.values)) };
  const q = (flag: string, key: string): Float64Array => {
    const v = data[key];
    if (!v) throw new NrlabError('bad-input', `--${flag}: the file has no quantity "${key}"; it has ${Object.keys(data).join(', ')}`, { param: `--${flag}` });
    return v;
  };
  const report: Record<string, unknown> = { file: positionals[0], model: doc.model };
  for (const k of (values.max as string[] | undefined) ?? []) report[`max ${k}`] = extremum(q('max', k), axes, 'max') ?? null;
  for (const k of (values.min as string[] | undefined) ?? []) report[`min ${k}`] = extremum(q('min', k), axes, 'min') ?? null;
  for (const r of (values.region as string[] | undefined) ?? []) {
    const m = /^([^<>]+)([<>])(.+)$/.exec(r);
    if (!m) throw new NrlabError('bad-input', `--region: expected Q>level or Q<level, got "${r}"`, { param: '--region' });
    report[`region ${r}`] = region(q('region', m[1]!.trim()), axes, m[2] as '<' | '>', parseNumber('--region', m[3]!));
  }
  for (const c of (values.contour as string[] | undefined) ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(c);
    if (!m) throw new NrlabError('bad-input', `--contour: expected Q=level, got "${c}"`, { param: '--contour' });
    if (axes.keys.length !== 2) throw new NrlabError('bad-input', '--contour: needs a 2-D map', { param: '--contour' });
    report[`contour ${c}`] = contour(q('contour', m[1]!.trim()), axes, parseNumber('--contour', m[2]!));
  }
  for (const w of (values.width as string[] | undefined) ?? []) {
    const [key, frac] = w.split('@');
    if (axes.keys.length !== 1) throw new NrlabError('bad-input', '--width: needs a 1-D sweep', { param: '--width' });
    report[`width ${w}`] = peakWidth(q('width', key!.trim()), axes.values[0]!, frac === undefined ? 0.5 : parseNumber('--width', frac));
  }
  out(toJson(report));
}

/** Join the shard files of one study into one document (SLURM job arrays and the like). */
async function cmdMerge(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, { out: { type: 'string' } });
  if (positionals.length === 0) throw new UsageError('"nrlab merge" needs the shard files: nrlab merge FILES… --out FILE');
  if (values.out !== undefined) await checkWritable(values.out as string);
  const docs = [];
  for (const file of positionals) docs.push({ file, doc: await readSweepDoc(file) });
  const merged = toJson(mergeDocs(docs));
  if (values.out) {
    await writeExportFile(values.out as string, `${merged}\n`);
    err(`merged ${docs.length} files into ${path.resolve(values.out as string)}`);
  } else out(merged);
}

function cmdModels(argv: string[]): void {
  const { values, positionals } = parse(argv, { preset: { type: 'string' } });
  if (positionals.length === 0) {
    if (values.preset !== undefined) throw new UsageError('--preset needs a model: nrlab models MODEL --preset NAME');
    for (const m of listModels()) out(`${m.id.padEnd(16)} ${m.title}`);
    return;
  }
  const m = getModel(positionals[0]!);
  if (values.preset !== undefined) {
    out(presetText(m, String(values.preset)));
    return;
  }
  out(`${m.id}: ${m.title}\n${m.description}\n${m.reference}\n\nParameters (--set key=value):`);
  for (const p of m.schema.params) {
    if (p.kind === 'choice') out(`  ${p.key.padEnd(10)} ${p.choices.map((c) => c.value).join('|').padEnd(12)} default ${p.default}  ${p.description}`);
    else if (p.kind === 'text') out(`  ${p.key.padEnd(10)} ${'JSON'.padEnd(12)} ${p.description}`);
    else {
      const range = `${p.min !== undefined ? (p.minExclusive ? '>' : '≥') + p.min : ''}${p.max !== undefined ? ` ≤${p.max}` : ''}`;
      out(`  ${p.key.padEnd(10)} ${(p.unit ? `[${p.unit}]` : '').padEnd(12)} default ${p.default === 'auto' ? 'auto' : Number(p.default.toPrecision(6))}  ${p.description}${range ? ` (${range})` : ''}`);
    }
  }
  out('Convenience keys:');
  for (const a of m.schema.aliases) out(`  ${a.key.padEnd(10)} ${a.description}`);
  out('Quantities at the defaults (key, unit, name):');
  for (const q of m.quantities(resolveParams(m.schema, {}))) {
    const hints = [q.scale === 'log' ? 'log scale' : '', q.signed ? 'signed' : ''].filter(Boolean).join(', ');
    out(`  ${q.key.padEnd(20)} ${(q.unit ? `[${q.unit}]` : '').padEnd(8)} ${q.label}${hints ? ` (${hints})` : ''}`);
  }
  if (m.presets?.length) {
    out('Presets:');
    for (const p of m.presets) {
      const structural = m.schema.params.some((q) => q.kind === 'text' && p.values[q.key] !== undefined);
      const sets = structural ? `nrlab models ${m.id} --preset ${p.id ?? JSON.stringify(p.name)} > spec.json; then --spec spec.json` : Object.entries(p.values).map(([k, v]) => `--set ${k}=${String(v)}`).join(' ');
      out(`  ${p.name}: ${p.description}${sets ? `\n      ${sets}` : ''}`);
    }
  }
  out(m.simulate ? `Time-domain runs: nrlab simulate ${m.id}` : 'Time-domain runs: none');
  const dynamics = Object.entries(DYNAMICS_COMMANDS).filter(([, kind]) => traceKindsOf(m).includes(kind));
  out(dynamics.length ? `Quantum dynamics: ${dynamics.map(([cmd, kind]) => `nrlab ${cmd} ${m.id} (${kind})`).join('; ')}` : 'Quantum dynamics: none');
}

/**
 * A reader that closed its end of the pipe (`nrlab sweep … | head -1`) wants no more output:
 * end quietly with the status of a process ended by SIGPIPE (141), as `yes | head` does.
 */
export const EPIPE_EXIT = 141;
let pipeGuard = false;
function guardStdout(): void {
  if (pipeGuard) return;
  pipeGuard = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EPIPE_EXIT);
    throw e;
  });
}

export async function main(argv: string[]): Promise<number> {
  guardStdout();
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'solve':
        await cmdSolve(rest);
        return 0;
      case 'sweep':
        return await cmdSweep(rest);
      case 'serve':
        await cmdServe(rest);
        return 0;
      case 'simulate':
        cmdSimulate(rest);
        return 0;
      case 'correlate':
      case 'spectrum':
      case 'evolve':
        if (isDynamicsCommand(cmd)) cmdDynamics(cmd, rest, out, err);
        return 0;
      case 'continue':
        cmdContinue(rest, out);
        return 0;
      case 'merge':
        await cmdMerge(rest);
        return 0;
      case 'optimize':
        await cmdOptimize(rest);
        return 0;
      case 'analyze':
        await cmdAnalyze(rest);
        return 0;
      case 'models':
        cmdModels(rest);
        return 0;
      case 'examples':
        cmdExamples(rest);
        return 0;
      case 'new':
        await cmdNew(rest);
        return 0;
      case 'info':
        await cmdInfo(rest);
        return 0;
      case 'run':
        return await cmdRun(rest);
      case 'add':
        await cmdAdd(rest);
        return 0;
      case 'rename':
      case 'duplicate':
      case 'delete':
        await cmdEditItem(cmd, rest);
        return 0;
      case 'export':
        return await cmdExport(rest);
      case '--version':
      case 'version':
        out(APP_VERSION);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command "${cmd}"; run "nrlab --help"`);
    }
  } catch (e) {
    const p = toErrorPayload(e);
    if (p.code === 'bad-input') {
      err(`nrlab: bad input: ${p.message}`);
      return 2;
    }
    if (p.code === 'cancelled') {
      err('nrlab: cancelled');
      return 1;
    }
    // a Node error without a message of its own (rare) still says what it was
    if (!p.message) p.message = (e as NodeJS.ErrnoException)?.code ?? String(e);
    err(`nrlab: ${p.code === 'computation' ? 'computation failed' : 'error'}: ${p.message}`);
    return 1;
  }
}
