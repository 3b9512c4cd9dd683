/**
 * Authoring commands of the CLI, so projects can be built by scripts:
 * `nrlab add set|study|figure FILE …`, `nrlab rename|duplicate|delete set|study|figure FILE REF …`.
 * Each opens the file under the project lock, makes one edit with the authoring core
 * (src-core/project/authoring.ts: the document is checked as a project file is), and saves it
 * with the safe save path (atomic, with a .bak). Bad input exits 2 naming the flag and why, and
 * the file is then never modified.
 */
import path from 'node:path';
import { ParameterError, shown } from '../../src-core/errors.js';
import { parseNumber } from '../../src-core/models/expression.js';
import { getModel, resolveModelParams, traceAxisOf, traceRunOf } from '../../src-core/models/registry.js';
import { addFigure, addParameterSet, addStudy, deleteItem, duplicateItem, findItem, renameItem, STUDY_KINDS, type ItemKind, type NewStudy } from '../../src-core/project/authoring.js';
import { isDynamicsKind, isTraceKind, selectedTraces, traceNamesAt, type DynamicsKind } from '../../src-core/project/trace-study.js';
import { studyParams } from '../../src-core/project/fingerprint.js';
import { MAX_EVALUATIONS, MAX_TRACE_SAMPLES, MIN_EVALUATIONS, type AxisSamplesSettings, type ContinuationSettings, type OptimizeSettings, type Panel, type ProjectDocument, type PulseSettings, type SimulateSettings, type Study } from '../../src-core/project/types.js';
import { parseAxis, planSweep } from '../../src-core/studies/grid.js';
import { Backend } from '../services/backend.js';
import { acquireProjectLock } from '../services/project-lock.js';
import { parse, parseSets } from './args.js';
import { AUTHORING_USAGE, commandHelp, COMMANDS } from './commands.js';
import { parserOptions, wantsHelp } from './spec.js';
import { joinNegativeValues, parseInitial, parsePulse, parseSamples, parseTraces } from './trace-flags.js';

const err = (text: string): void => void process.stderr.write(`${text}\n`);

/** The help of `nrlab add` (its text lives with the command table, commands.ts). */
export { AUTHORING_USAGE };

const ITEM_KINDS: readonly ItemKind[] = ['set', 'study', 'figure'];

function itemKind(word: string | undefined, cmd: string): ItemKind {
  if (!ITEM_KINDS.includes(word as ItemKind)) throw new ParameterError('arguments', `"nrlab ${cmd}" needs what to ${cmd}: set, study or figure, got ${word === undefined ? 'nothing' : shown(word)} (see "nrlab add --help")`);
  return word as ItemKind;
}

function needFile(file: string | undefined, cmd: string): string {
  if (!file) throw new ParameterError('arguments', `"nrlab ${cmd}" needs a project file (FILE.nrlab)`);
  if (!file.endsWith('.nrlab')) throw new ParameterError('arguments', `project files end in .nrlab, got "${path.basename(file)}"`);
  return file;
}

/** The command-line flag a field of the authoring core corresponds to (for error messages). */
function flagOf(param: string, flags: Record<string, string>): string {
  for (const [re, flag] of Object.entries(flags)) if (new RegExp(re).test(param)) return flag;
  return param;
}

/** Run an authoring edit; a ParameterError from the core is re-labelled with the flag it came from. */
function mapped<T>(flags: Record<string, string>, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof ParameterError)) throw e;
    const param = e.param ?? '';
    // a structural parameter's field keeps its path: --set spec.couplings[0].kappa
    const set = /(?:^|\.)params\.([A-Za-z_][A-Za-z0-9_]*(?:(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*))/.exec(param);
    const flag = set ? `--set ${set[1]}` : flagOf(param, flags);
    throw new ParameterError(flag, e.reason ?? e.message);
  }
}

/**
 * Open FILE under the project lock, apply `edit` to its document, and save it safely. Nothing is
 * written when the edit throws.
 */
async function editFile(file: string, command: string, edit: (doc: ProjectDocument) => { doc: ProjectDocument; message: string }): Promise<void> {
  const lock = await acquireProjectLock(path.resolve(file), `nrlab ${command}`);
  const backend = new Backend({ workers: 1, autosaveMs: 0, watchMs: 0 });
  try {
    const snap = await backend.projects.openProject(file);
    if (snap.readOnly) throw new ParameterError('project', 'was written by a newer NR Lab; it cannot be edited by this version');
    const { doc, message } = edit(snap.doc);
    backend.projects.editProject(snap.id, doc, command);
    await backend.projects.saveProject(snap.id);
    err(message);
  } finally {
    await backend.close();
    await lock.release();
  }
}

/** `--vary key=lo:hi` (values accept expressions: `theta=-pi:0`). */
export function parseVary(text: string): { key: string; lo: number; hi: number } {
  const m = /^([^=]+)=(.+)$/.exec(text);
  const parts = m ? m[2]!.split(':') : [];
  if (!m || parts.length !== 2) throw new ParameterError('--vary', `expected key=lo:hi, got "${text}"`);
  const key = m[1]!.trim();
  return { key, lo: parseNumber(`--vary ${key} (lo)`, parts[0]!.trim()), hi: parseNumber(`--vary ${key} (hi)`, parts[1]!.trim()) };
}

/** `--layout RxC`, e.g. 2x3. */
export function parseLayout(text: string): { rows: number; cols: number } {
  const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/i.exec(text);
  if (!m) throw new ParameterError('--layout', `expected ROWSxCOLS, e.g. 2x3, got "${text}"`);
  return { rows: Number(m[1]), cols: Number(m[2]) };
}

async function addSet(file: string, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, parserOptions(COMMANDS.add.subcommands.set.options));
  if (positionals.length) throw new ParameterError('arguments', `unexpected argument "${positionals[0]}"`);
  const params = parseSets(values.set as string[] | undefined);
  await editFile(file, 'add set', (doc) => {
    const r = mapped({ '^name': '--name', '^model': '--model' }, () =>
      addParameterSet(doc, {
        ...(values.name !== undefined ? { name: values.name as string } : {}),
        ...(values.model !== undefined ? { model: values.model as string } : {}),
        params,
        ...(values.notes !== undefined ? { notes: values.notes as string } : {}),
      }),
    );
    const set = r.doc.parameterSets.find((s) => s.id === r.id)!;
    return { doc: r.doc, message: `added parameter set "${set.name}" (${set.id}, ${set.model})` };
  });
}

const STUDY_FLAGS: Record<string, string> = {
  '^name': '--name',
  '^model': '--model',
  '^parameterSet': '--from',
  '\\.parameterSet$': '--from',
  '^kind': '--kind',
  '^axes|\\.axes': '--axis',
  '^quantities|\\.quantities': '--quantity',
  '\\.optimize\\.objective': '--maximize/--minimize',
  '\\.optimize\\.vary': '--vary',
  '\\.optimize\\.maxEvaluations': '--max-evaluations',
  '^optimize|\\.optimize': '--vary',
  '\\.simulate': '--t-end',
  '\\.(correlation|spectrum|pulse)\\.traces': '--traces',
  '\\.correlation': '--tau',
  '\\.spectrum': '--omega',
  '\\.pulse\\.tEnd': '--t-end',
  '\\.pulse\\.samples': '--samples',
  '\\.pulse\\.initial': '--initial',
  '\\.pulse': '--pulse',
  '\\.continuation\\.sweepSteps': '--sweep-steps',
  '\\.continuation\\.maxPoints': '--points',
  '\\.continuation\\.port': '--port',
  '^continuation|\\.continuation': '--continue',
  '\\.model$': '--model',
};

async function addStudyCmd(file: string, argvIn: string[]): Promise<void> {
  // negative numbers after --tau/--omega (e.g. --omega -5:5:1001) are values, not options
  const argv = joinNegativeValues(argvIn, ['tau', 'omega', 'continue']);
  const { values, positionals } = parse(argv, parserOptions(COMMANDS.add.subcommands.study.options));
  if (positionals.length) throw new ParameterError('arguments', `unexpected argument "${positionals[0]}"`);
  const params = parseSets(values.set as string[] | undefined);
  const axes = ((values.axis as string[] | undefined) ?? []).map(parseAxis);
  const quantities = ((values.quantity as string[] | undefined) ?? []).flatMap((q) => q.split(',').map((x) => x.trim())).filter((q) => q !== '');
  const vary = ((values.vary as string[] | undefined) ?? []).map(parseVary);
  const goal = values.maximize !== undefined ? 'maximize' : values.minimize !== undefined ? 'minimize' : undefined;
  if (values.maximize !== undefined && values.minimize !== undefined) throw new ParameterError('--maximize', 'give one of --maximize QUANTITY or --minimize QUANTITY, not both');
  const KINDS = STUDY_KINDS;
  if (values.kind !== undefined && !(KINDS as readonly string[]).includes(values.kind as string)) throw new ParameterError('--kind', `must be one of ${KINDS.join(', ')}, got ${shown(values.kind)}`);
  const inferred: Study['kind'] | undefined =
    values.tau !== undefined ? 'correlation' : values.omega !== undefined ? 'spectrum' : values.pulse !== undefined || values.initial !== undefined ? 'pulse' : values.continue !== undefined ? 'continuation' : undefined;
  const simFlags = (['port', 'input', 't-end', 'width', 't0', 'samples', 'compare-ideal'] as const).filter((f) => values[f] !== undefined);
  const kind: Study['kind'] = (values.kind as Study['kind'] | undefined) ?? (axes.length ? 'sweep' : goal || vary.length ? 'optimize' : (inferred ?? (simFlags.length ? 'simulate' : 'point')));
  // the flags a trace study of the quantum dynamics takes: its own, and --t-end/--samples it shares with simulate
  const dynFlags = TRACE_FLAGS[kind as DynamicsKind] ?? [];
  for (const f of ['tau', 'omega', 'pulse', 'initial', 'traces'] as const) {
    if (values[f] !== undefined && !dynFlags.includes(f)) throw new ParameterError(`--${f}`, `belongs to ${f === 'traces' ? 'a correlation, spectrum or pulse' : f === 'tau' ? 'a correlation' : f === 'omega' ? 'a spectrum' : 'a pulse'} study, not ${kind === 'optimize' ? 'an' : 'a'} ${kind} study`);
  }
  // each kind's own flags, and no other kind's
  if (kind === 'sweep' && !axes.length) throw new ParameterError('--axis', 'a sweep needs one or two axes (--axis key=start:stop:count or --axis key=v1,v2,…)');
  if (kind !== 'sweep' && axes.length) throw new ParameterError('--axis', `${kind === 'optimize' ? 'an' : 'a'} ${kind} study has no axes (axes make a sweep)`);
  if (axes.length > 2) throw new ParameterError('--axis', `a sweep has one or two axes, got ${axes.length}`);
  if (kind !== 'sweep' && quantities.length) throw new ParameterError('--quantity', 'chooses the quantities a sweep keeps; a point study keeps all, an optimize study its objective (--maximize/--minimize)');
  if (kind === 'optimize') {
    if (!goal) throw new ParameterError('--maximize', 'an optimize study needs its objective: --maximize QUANTITY or --minimize QUANTITY');
    if (!vary.length) throw new ParameterError('--vary', 'an optimize study needs the parameters it varies: --vary key=lo:hi (1 to 4 of them)');
  } else {
    if (goal) throw new ParameterError(values.maximize !== undefined ? '--maximize' : '--minimize', `belongs to an optimize study, not a ${kind} study`);
    if (vary.length) throw new ParameterError('--vary', `belongs to an optimize study, not a ${kind} study`);
    if (values['max-evaluations'] !== undefined) throw new ParameterError('--max-evaluations', `belongs to an optimize study, not a ${kind} study`);
  }
  // a continuation study's own flags (it shares --port with simulate)
  for (const f of ['continue', 'sweep-steps', 'points'] as const) {
    if (values[f] !== undefined && kind !== 'continuation') throw new ParameterError(`--${f}`, `belongs to a continuation study, not ${kind === 'optimize' ? 'an' : 'a'} ${kind} study`);
  }
  let continuation: ContinuationSettings | undefined;
  if (kind === 'continuation') {
    const spec = values.continue as string | undefined;
    if (spec === undefined) throw new ParameterError('--continue', 'a continuation study needs the parameter it varies and its range: --continue PARAM=LO:HI (e.g. omega=-2:6)');
    const m = /^([^=]+)=([^:]+):([^:]+)$/.exec(spec.trim());
    if (!m) throw new ParameterError('--continue', `expected PARAM=LO:HI (e.g. omega=-2:6), got "${spec}"`);
    continuation = { vary: m[1]!.trim(), from: parseNumber('--continue (lo)', m[2]!), to: parseNumber('--continue (hi)', m[3]!) };
    const whole = (f: string): number | undefined => {
      if (values[f] === undefined) return undefined;
      const n = Number(values[f]);
      if (!Number.isInteger(n)) throw new ParameterError(`--${f}`, `must be a whole number, got ${shown(values[f])}`);
      return n;
    };
    const port = whole('port');
    const steps = whole('sweep-steps');
    const points = whole('points');
    if (port !== undefined) continuation.port = port;
    if (steps !== undefined) continuation.sweepSteps = steps;
    if (points !== undefined) continuation.maxPoints = points;
  }
  const foreignSim = simFlags.filter((f) => !dynFlags.includes(f) && !(kind === 'continuation' && f === 'port'));
  if (kind !== 'simulate' && foreignSim.length) {
    const f = foreignSim[0]!;
    const hint = kind === 'pulse' && (f === 't0' || f === 'width') ? ` (a pulse's ${f} is part of --pulse SHAPE:${f}=…)` : '';
    throw new ParameterError(`--${f}`, `belongs to a simulate study, not ${kind === 'optimize' ? 'an' : 'a'} ${kind} study${hint}`);
  }
  const dynamics = isDynamicsKind(kind) ? traceSettingsFromFlags(kind, values) : undefined;
  let optimize: OptimizeSettings | undefined;
  if (kind === 'optimize') {
    optimize = { objective: { quantity: (values.maximize ?? values.minimize) as string, goal: goal! }, vary };
    if (values['max-evaluations'] !== undefined) {
      const n = Number(values['max-evaluations']);
      optimize.maxEvaluations = n;
      if (!(Number.isInteger(n) && n >= MIN_EVALUATIONS && n <= MAX_EVALUATIONS)) {
        throw new ParameterError('--max-evaluations', `must be a whole number from ${MIN_EVALUATIONS} to ${MAX_EVALUATIONS}, got ${shown(values['max-evaluations'])}`);
      }
    }
  }
  let simulate: SimulateSettings | undefined;
  if (kind === 'simulate') {
    if (values['t-end'] === undefined) throw new ParameterError('--t-end', 'a simulate study needs its end time in seconds (e.g. --t-end 2e-5)');
    const num = (f: string): number | undefined => (values[f] === undefined ? undefined : parseNumber(`--${f}`, String(values[f])));
    const port = values.port === undefined ? 1 : Number(values.port);
    if (!(Number.isInteger(port) && port >= 1 && port <= 64)) throw new ParameterError('--port', `must be a port number from 1 to 64 (the model checks it against its ports), got ${shown(values.port)}`);
    const input = (values.input as string | undefined) ?? 'gaussian';
    if (!['gaussian', 'rect', 'cw'].includes(input)) throw new ParameterError('--input', `must be gaussian, rect or cw, got ${shown(input)}`);
    simulate = { port, input: input as SimulateSettings['input'], tEnd: num('t-end')! };
    for (const [f, k] of [['width', 'width'], ['t0', 't0'], ['samples', 'samples']] as const) {
      const v = num(f);
      if (v !== undefined) simulate[k] = v;
    }
    if (simulate.tEnd <= 0) throw new ParameterError('--t-end', `must be positive, got ${simulate.tEnd}`);
    if (simulate.width !== undefined && simulate.width <= 0) throw new ParameterError('--width', `must be positive, got ${simulate.width}`);
    if (simulate.samples !== undefined && !(Number.isInteger(simulate.samples) && simulate.samples >= 2 && simulate.samples <= 1_000_000)) {
      throw new ParameterError('--samples', `must be a whole number from 2 to 1000000, got ${simulate.samples}`);
    }
    if (values['compare-ideal']) simulate.compareIdeal = true;
  }
  await editFile(file, 'add study', (doc) => {
    const init: NewStudy = {
      kind,
      params,
      ...(values.name !== undefined ? { name: values.name as string } : {}),
      ...(values.title !== undefined ? { title: values.title as string } : {}),
      ...(values.model !== undefined ? { model: values.model as string } : {}),
      ...(values.from !== undefined ? { parameterSet: values.from as string } : {}),
      ...(axes.length ? { axes } : {}),
      ...(quantities.length ? { quantities } : {}),
      ...(optimize ? { optimize } : {}),
      ...(continuation ? { continuation } : {}),
      ...(simulate ? { simulate } : {}),
      ...(dynamics && Object.keys(dynamics).length && isDynamicsKind(kind) ? { [kind]: dynamics } : {}),
      ...(values.notes !== undefined ? { notes: values.notes as string } : {}),
    };
    const r = mapped(STUDY_FLAGS, () => {
      try {
        return addStudy(doc, init);
      } catch (e) {
        // a problem of one varied parameter names it: --vary theta
        const m = e instanceof ParameterError ? /\.optimize\.vary\[(\d+)\]/.exec(e.param ?? '') : null;
        const key = m ? vary[Number(m[1])]?.key : undefined;
        if (key !== undefined) throw new ParameterError(`--vary ${key}`, (e as ParameterError).reason ?? (e as Error).message);
        throw e;
      }
    });
    const s = r.doc.studies.find((x) => x.id === r.id)!;
    const what = s.kind === 'continuation' ? `continuation over ${s.continuation!.vary} = ${s.continuation!.from} … ${s.continuation!.to}` : isDynamicsKind(s.kind) ? `${s.kind}${s[s.kind]?.traces ? ` of ${s[s.kind]!.traces!.join(' and ')}` : ', every trace'}` : s.kind === 'sweep' ? `${s.axes!.length}-D sweep over ${s.axes!.map((a) => a.key).join(' × ')}` : s.kind === 'optimize' ? `optimize: ${s.optimize!.objective.goal} ${s.optimize!.objective.quantity} over ${s.optimize!.vary.map((v) => v.key).join(', ')}` : s.kind;
    return { doc: r.doc, message: `added study "${s.name}" (${s.id}, ${what}, ${s.model})` };
  });
}

/** The flags of each quantum-dynamics study kind (those it shares with simulate included). */
const TRACE_FLAGS: Record<DynamicsKind, readonly string[]> = {
  correlation: ['tau', 'samples', 'traces'],
  spectrum: ['omega', 'samples', 'traces'],
  pulse: ['pulse', 't-end', 'samples', 'initial', 'traces'],
};

/**
 * A correlation, spectrum or pulse study's settings from its flags (absent ones: the run's
 * defaults). --samples alone sets the number of samples of the default range; with a --tau or
 * --omega range it is refused (the range has its own). The settings' sanity (τ ≥ 0, t0 < t-end,
 * trace names of the model) is the authoring core's, reported under the flag.
 */
function traceSettingsFromFlags(kind: DynamicsKind, values: Record<string, unknown>): AxisSamplesSettings | PulseSettings {
  const traces = values.traces !== undefined ? { traces: parseTraces('--traces', String(values.traces)) } : {};
  const samples = values.samples !== undefined ? parseNumber('--samples', String(values.samples)) : undefined;
  if (kind === 'pulse') {
    const out: PulseSettings = values.pulse !== undefined ? parsePulse(String(values.pulse)) : {};
    if (values['t-end'] !== undefined) {
      const tEnd = parseNumber('--t-end', String(values['t-end']));
      if (!(tEnd > 0)) throw new ParameterError('--t-end', `must be positive (in units of 1/κ), got ${tEnd}`);
      out.tEnd = tEnd;
    }
    if (samples !== undefined) {
      if (!(Number.isInteger(samples) && samples >= 2 && samples <= MAX_TRACE_SAMPLES)) throw new ParameterError('--samples', `must be a whole number from 2 to ${MAX_TRACE_SAMPLES}, got ${samples}`);
      out.samples = samples;
    }
    if (values.initial !== undefined) out.initial = parseInitial(String(values.initial));
    return { ...out, ...traces };
  }
  const flag = kind === 'correlation' ? '--tau' : '--omega';
  const axis = values[flag.slice(2)];
  const spec = axis !== undefined ? parseSamples(flag, String(axis)) : {};
  if (samples !== undefined) {
    if ('values' in spec || 'samples' in spec) throw new ParameterError('--samples', `${flag} already gives the samples; give the number in ${flag} from:to:samples`);
    if (!(Number.isInteger(samples) && samples >= 1 && samples <= MAX_TRACE_SAMPLES)) throw new ParameterError('--samples', `must be a whole number from 1 to ${MAX_TRACE_SAMPLES}, got ${samples}`);
  }
  return { ...spec, ...(samples !== undefined ? { samples } : {}), ...traces };
}

/** The quantities a study yields (its kept ones for a sweep; the history's for an optimize study). */
function studyQuantities(doc: ProjectDocument, s: Study): string[] {
  const model = getModel(s.model);
  const params = studyParams(doc, s);
  if (s.kind === 'sweep') return planSweep(model, { params, axes: s.axes ?? [], ...(s.quantities ? { quantities: s.quantities } : {}) }).quantities.map((q) => q.key);
  return model.quantities(resolveModelParams(model, params)).map((q) => q.key);
}

/** One `--panel` spec: `X:Q@STUDY[,Q@STUDY…]`, `map:Q@STUDY`, `contour:Q@STUDY`, `t:TRACE@STUDY`, then `;label=…;logx;logy`. */
export function parsePanel(doc: ProjectDocument, spec: string, index: number): Panel {
  const flag = `--panel ${index + 1}`;
  const [main = '', ...opts] = spec.split(';');
  const colon = main.indexOf(':');
  if (colon <= 0) throw new ParameterError(flag, `expected X:QUANTITY@STUDY[,QUANTITY@STUDY…] or map:QUANTITY@STUDY, got "${spec}"`);
  const x = main.slice(0, colon).trim();
  // a network's cross-correlation trace has a comma of its own (a->c,d.g2@STUDY): a piece
  // without @ continues into the next one
  const items: string[] = [];
  let pending = '';
  for (const piece of main.slice(colon + 1).split(',')) {
    pending = pending ? `${pending},${piece}` : piece;
    if (pending.includes('@')) {
      items.push(pending);
      pending = '';
    }
  }
  if (pending) items.push(pending);
  const series = items
    .map((item) => {
      const at = item.lastIndexOf('@');
      if (at <= 0 || at === item.length - 1) throw new ParameterError(flag, `each series is QUANTITY@STUDY, got "${item.trim()}"`);
      const quantity = item.slice(0, at).trim();
      const ref = item.slice(at + 1).trim();
      const study = findItem(doc, 'study', ref, flag);
      return { quantity, study };
    });
  const first = series[0]!.study;
  // simulate studies draw time traces, optimize studies their history (both: arrays against an x array)
  const kind: Panel['kind'] = x === 'map' ? 'heatmap' : x === 'contour' ? 'contour' : x === 'branches' || first.kind === 'continuation' ? 'branches' : isTraceKind(first.kind) || first.kind === 'optimize' ? 'trace' : 'line';
  for (const { quantity, study } of series) {
    if (kind === 'branches') {
      // an S-curve: one field of a continuation study's branches (the sweep overlaid)
      if (study.kind !== 'continuation') throw new ParameterError(flag, `"${study.name}" is a ${study.kind} study; a branches panel draws a continuation study`);
      if (x !== 'branches') throw new ParameterError(flag, `a continuation study is drawn as its branches: use branches:FIELD@STUDY, got "${x}"`);
      if (series.length > 1 && study.id !== first.id) throw new ParameterError(flag, 'a branches panel draws one continuation study');
      let keys: string[] = [];
      try {
        const model = getModel(study.model);
        keys = model.continuation?.fields(resolveModelParams(model, studyParams(doc, study)), study.continuation?.port ?? 1).map((f) => f.key) ?? [];
      } catch {
        keys = [];
      }
      if (keys.length && !keys.includes(quantity)) throw new ParameterError(flag, `"${quantity}" is not a field of the branches of "${study.name}"; it has ${keys.join(', ')}`);
      continue;
    }
    if (kind === 'heatmap' || kind === 'contour') {
      if (series.length > 1) throw new ParameterError(flag, `a ${x} panel shows one quantity of one study, got ${series.length}`);
      if (study.kind !== 'sweep' || study.axes?.length !== 2) throw new ParameterError(flag, `a ${x} panel needs a 2-D sweep; "${study.name}" is ${study.kind === 'sweep' ? 'a 1-D sweep' : `a ${study.kind} study`}`);
    } else if (kind === 'trace' && first.kind === 'optimize') {
      if (study.kind !== 'optimize') throw new ParameterError(flag, `"${study.name}" is a ${study.kind} study; a convergence panel overlays optimize studies only`);
      if (x !== 'evaluation') throw new ParameterError(flag, `an optimize study is drawn against its evaluations: use evaluation:best@STUDY, got "${x}"`);
      const keys = ['value', 'best', ...(study.optimize?.vary.map((v) => `param.${v.key}`) ?? [])];
      if (!keys.includes(quantity)) throw new ParameterError(flag, `"${quantity}" is not in the history of "${study.name}"; it has ${keys.join(', ')}`);
    } else if (kind === 'trace' && isDynamicsKind(first.kind)) {
      // g2(τ), S(ω) or a pulse's response: `<trace>.<field>` of studies of the same kind, against its axis
      if (study.kind !== first.kind) throw new ParameterError(flag, `"${study.name}" is a ${study.kind} study; this panel overlays ${first.kind} studies only`);
      const model = getModel(study.model);
      const run = traceRunOf(model, study.kind);
      const axis = traceAxisOf(run).key;
      if (x !== axis) throw new ParameterError(flag, `a ${study.kind} study is drawn against ${axis}: use ${axis}:TRACE.FIELD@STUDY, got "${x}"`);
      const names = selectedTraces(traceNamesAt(model, run, studyParams(doc, study)), study[study.kind]);
      const keys = names.flatMap((n) => run.traceFields.map((f) => `${n}.${f.key}`));
      if (!keys.includes(quantity)) throw new ParameterError(flag, `"${quantity}" is not a trace of "${study.name}"; it has ${keys.join(', ')}`);
    } else if (kind === 'trace') {
      if (study.kind !== 'simulate') throw new ParameterError(flag, `"${study.name}" is a ${study.kind} study; a time-trace panel overlays simulate studies only`);
      if (x !== 't') throw new ParameterError(flag, `a simulate study is drawn against time: use t:TRACE@STUDY, got "${x}"`);
    } else {
      if (study.kind !== 'sweep') throw new ParameterError(flag, `"${study.name}" is a ${study.kind} study; a curve needs a sweep with the axis ${x}`);
      if (!study.axes?.some((a) => a.key === x)) throw new ParameterError(flag, `"${study.name}" has no axis "${x}"; its axes are ${study.axes?.map((a) => a.key).join(', ')}`);
    }
    if (kind !== 'trace') {
      let known: string[];
      try {
        known = studyQuantities(doc, study);
      } catch {
        known = [];
      }
      if (known.length && !known.includes(quantity)) throw new ParameterError(flag, `"${quantity}" is not a quantity of study "${study.name}"; it has ${known.join(', ')}`);
    }
  }
  const panel: Panel = { study: first.id, kind };
  if (kind === 'branches') panel.series = series.map(({ quantity }) => ({ quantity }));
  else if (kind === 'heatmap' || kind === 'contour') panel.quantity = series[0]!.quantity;
  else {
    panel.x = x;
    panel.series = series.map(({ quantity, study }) => (study.id === first.id ? { quantity } : { quantity, study: study.id }));
  }
  if (first.kind === 'optimize' && kind === 'trace') {
    panel.xLabel = 'Evaluation';
    const several = new Set(series.map((x) => x.study.id)).size > 1;
    const names: Record<string, string> = { value: 'each evaluation', best: 'best so far' };
    panel.series = series.map(({ quantity, study }) => {
      const what = names[quantity] ?? quantity.slice('param.'.length);
      const label = several ? `${study.name}: ${what}` : what.charAt(0).toUpperCase() + what.slice(1);
      return study.id === first.id ? { quantity, label } : { quantity, study: study.id, label };
    });
    const o = first.optimize!.objective;
    if (series.every((x) => x.quantity === 'value' || x.quantity === 'best')) {
      // the objective's symbol in paper notation (drawn as rich text), as the model's catalogue gives it
      try {
        const model = getModel(first.model);
        const q = model.quantities(resolveModelParams(model, studyParams(doc, first))).find((x) => x.key === o.quantity);
        if (q) panel.yLabel = q.symbol;
      } catch {
        // parameters that do not resolve: the figure's default label
      }
    }
  }
  for (const o of opts.map((t) => t.trim()).filter((t) => t !== '')) {
    if (o.startsWith('label=')) panel.label = o.slice(6);
    else if (o === 'logx') panel.logX = true;
    else if (o === 'logy') panel.logY = true;
    else throw new ParameterError(flag, `unknown panel option "${o}"; options are label=TEXT, logx, logy`);
  }
  return panel;
}

async function addFigureCmd(file: string, argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, parserOptions(COMMANDS.add.subcommands.figure.options));
  if (positionals.length) throw new ParameterError('arguments', `unexpected argument "${positionals[0]}"`);
  const specs = (values.panel as string[] | undefined) ?? [];
  const layout = values.layout !== undefined ? parseLayout(values.layout as string) : undefined;
  await editFile(file, 'add figure', (doc) => {
    const panels = specs.map((s, i) => parsePanel(doc, s, i));
    const r = mapped({ '^name': '--name', '^layout': '--layout', '^panels|\\.panels': '--panel' }, () =>
      addFigure(doc, {
        panels,
        ...(layout ? { layout } : {}),
        ...(values.name !== undefined ? { name: values.name as string } : {}),
        ...(values.title !== undefined ? { title: values.title as string } : {}),
        ...(values.caption !== undefined ? { caption: values.caption as string } : {}),
      }),
    );
    const f = r.doc.figures.find((x) => x.id === r.id)!;
    return { doc: r.doc, message: `added figure "${f.name}" (${f.id}, ${f.layout.rows}×${f.layout.cols}, ${f.panels.length} panel${f.panels.length === 1 ? '' : 's'})` };
  });
}

/** `nrlab add set|study|figure FILE …` */
export async function cmdAdd(argv: string[]): Promise<void> {
  const [what, file, ...rest] = argv;
  if (what === 'help' || wantsHelp(argv)) {
    process.stdout.write(`${commandHelp('add', argv)}\n`);
    return;
  }
  const kind = itemKind(what, 'add');
  const f = needFile(file, 'add');
  if (kind === 'set') return addSet(f, rest);
  if (kind === 'study') return addStudyCmd(f, rest);
  return addFigureCmd(f, rest);
}

const WHAT: Record<ItemKind, string> = { set: 'parameter set', study: 'study', figure: 'figure' };

/** `nrlab rename|duplicate|delete set|study|figure FILE REF [NAME]` */
export async function cmdEditItem(cmd: 'rename' | 'duplicate' | 'delete', argv: string[]): Promise<void> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${commandHelp(cmd, argv)}\n`);
    return;
  }
  const { positionals } = parse(argv, parserOptions(COMMANDS[cmd].options));
  const [what, file, ref, name, extra] = positionals;
  const kind = itemKind(what, cmd);
  const f = needFile(file, cmd);
  if (ref === undefined) throw new ParameterError('arguments', `"nrlab ${cmd} ${kind}" needs the ${WHAT[kind]} (name, id or short id)`);
  if (cmd === 'rename' && name === undefined) throw new ParameterError('arguments', `"nrlab rename ${kind}" needs the new name`);
  if ((cmd === 'delete' && name !== undefined) || extra !== undefined) throw new ParameterError('arguments', `unexpected argument "${cmd === 'delete' ? name : extra}"`);
  const flags = { '^name': 'NEW_NAME', [`^${kind}$`]: 'REF' };
  await editFile(f, `${cmd} ${kind}`, (doc) => {
    const item = mapped(flags, () => findItem(doc, kind, ref));
    if (cmd === 'rename') {
      const next = mapped(flags, () => renameItem(doc, kind, item.id, name!));
      return { doc: next, message: `renamed ${WHAT[kind]} "${item.name}" (${item.id}) to "${name!.trim()}"` };
    }
    if (cmd === 'duplicate') {
      const r = mapped(flags, () => duplicateItem(doc, kind, item.id, name));
      const copy = (kind === 'set' ? r.doc.parameterSets : kind === 'study' ? r.doc.studies : r.doc.figures).find((x) => x.id === r.id)!;
      return { doc: r.doc, message: `duplicated ${WHAT[kind]} "${item.name}" as "${copy.name}" (${copy.id})` };
    }
    const r = mapped(flags, () => deleteItem(doc, kind, item.id));
    const e = r.effects;
    const notes = [
      ...(e.detachedStudies.length ? [`${e.detachedStudies.length} stud${e.detachedStudies.length === 1 ? 'y keeps' : 'ies keep'} its values as their own`] : []),
      ...(e.removedPanels.length ? [`${e.removedPanels.length} figure panel${e.removedPanels.length === 1 ? '' : 's'} removed`] : []),
      ...(e.removedSeries ? [`${e.removedSeries} overlay series removed`] : []),
    ];
    return { doc: r.doc, message: `deleted ${WHAT[kind]} "${item.name}" (${item.id})${notes.length ? `; ${notes.join('; ')}` : ''}` };
  });
}
