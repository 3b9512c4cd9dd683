/**
 * The table of every `nrlab` command: its synopsis, one-line summary, arguments and options (type,
 * value, default, meaning, what the shell completes). The commands parse their arguments with these
 * tables (`parserOptions`), `nrlab <command> --help` prints them (`commandHelp`), and
 * `nrlab completion bash|zsh` is generated from them (completion.ts): one list, so the parser, the
 * help and the completion cannot drift apart. The dispatch in nrlab.ts is typed by these names, so a
 * command cannot exist without its entry here.
 */
import { defaultModel } from '../../src-core/models/registry.js';
import { EXAMPLES } from '../../src-core/project/examples/index.js';
import { STUDY_KINDS } from '../../src-core/project/authoring.js';
import { EXPORT_FORMATS } from '../../src-core/export/index.js';
import { FIGURE_EXPORT_OPTIONS, FIGURE_FORMATS } from '../export/figure-export.js';
import { EXIT_LINE, EXIT_TABLE } from './exit-codes.js';
import { helpText, pick, type ArgSpec, type CommandSpec, type OptionSpec } from './spec.js';

type Options = Record<string, OptionSpec>;

const MODEL: ArgSpec = { name: '<model>', help: 'a model id ("nrlab models" lists them)', complete: { kind: 'model' } };
const PROJECT: ArgSpec = { name: 'FILE.nrlab', help: 'a project file', complete: { kind: 'file', pattern: '*.nrlab' } };
const JSON_FILE = { kind: 'file', pattern: '*.json' } as const;

const SET: OptionSpec = { type: 'string', multiple: true, value: 'key=value', help: 'a model parameter (values accept expressions: theta=-pi/4, J=sqrt(2)/2)' };
const SPEC: OptionSpec = { type: 'string', value: 'FILE', help: "the model's structure (a cavity network) as a JSON file", complete: JSON_FILE };
const PRESET: OptionSpec = { type: 'string', value: 'NAME', help: "a preset's parameters, by id or name (--set values apply over it; nrlab models MODEL lists them)" };
const JSON_OUT: OptionSpec = { type: 'boolean', help: 'one JSON object on stdout instead of text' };
const PROGRESS: OptionSpec = { type: 'boolean', help: 'progress on stderr also when it is not a terminal (one line per second)' };
const WORKERS: OptionSpec = { type: 'string', value: 'N', default: 'the number of cores', help: 'solver worker threads, 1–256' };
const TRACES: OptionSpec = { type: 'string', value: 'NAME,…', default: 'all (both directions)', help: 'the traces to compute (e.g. a_to_c, a network\'s "a->c" and cross "a->c,d")' };

/** The flags of a time-domain run's settings (`nrlab simulate`, `nrlab add study --kind simulate`). */
export const SIMULATE_FLAGS: Readonly<Options> = {
  port: { type: 'string', value: 'N', default: '1', help: 'the driven port' },
  input: { type: 'string', value: 'gaussian|rect|cw', default: 'gaussian', help: 'the input pulse', complete: { kind: 'choices', values: () => ['gaussian', 'rect', 'cw'] } },
  't-end': { type: 'string', value: 'S', help: 'the end time of the run' },
  width: { type: 'string', value: 'S', help: 'the pulse width' },
  t0: { type: 'string', value: 'S', help: "the pulse's centre (gaussian) or start (rect)" },
  samples: { type: 'string', value: 'N', help: 'the number of time samples' },
  'compare-ideal': { type: 'boolean', help: 'also run the ideal (local-loss) system for comparison' },
};

const DYNAMICS_COMMON: Options = { set: SET, spec: SPEC, preset: PRESET, traces: TRACES, json: JSON_OUT };

const DYNAMICS_DETAILS = `Every model with quantum dynamics has these commands (nrlab models MODEL lists them); a model
whose structure is a file (a cavity network) takes it with --spec FILE (nrlab models MODEL --preset NAME > spec.json),
or a preset's parameters directly with --preset NAME (id or name; --set values apply over it).
Output: a plain-text table, or with --json one object keyed by trace name, e.g.
  {"a_to_c":{"tau":[…],"g2":[…]},"c_to_a":{…},"run":{"model":…,"kind":…,"params":{…},"diagnostics":{…}}}
Conventions (units of κ, frames, normalisations): docs/dynamics.md.`;

/** Help text of `nrlab add` (the authoring commands, docs/authoring.md). */
export const AUTHORING_USAGE = `Authoring: build or change a project from the command line (each command edits FILE.nrlab in
place, safely: the previous version is kept as FILE.nrlab.bak; on bad input, exit 2 and the file
is left as it was). Items are named by their name, their id, or a unique id prefix (the short id).

  nrlab new --out FILE.nrlab                        an empty project
  nrlab add set FILE.nrlab [--name N] [--model M] [--set key=value]...
              a parameter set (default model: the first, three-cavity)
  nrlab add study FILE.nrlab [--name N] [--model M] [--from SET] [--set key=value]...
              [--kind point|sweep|simulate|optimize|correlation|spectrum|pulse|continuation]
              [--axis key=start:stop:count[:log] | --axis key=v1,v2,…]   (one or two: a sweep)
              [--quantity Q[,Q…]]...                                        (the quantities kept)
              [--maximize Q | --minimize Q] [--vary key=lo:hi]... [--max-evaluations N]
                                                                            (an optimize study)
              [--port 1|2] [--input gaussian|rect|cw] [--t-end S] [--width S] [--t0 S]
              [--samples N] [--compare-ideal]                               (a simulate study)
              [--tau from:to:samples | --tau v1,v2,…] [--samples N]         (a correlation study:
                                                                            g2(τ), τ ≥ 0 in 1/κ)
              [--omega from:to:samples | --omega v1,v2,…] [--samples N]     (a spectrum study:
                                                                            S(ω), ω − drive in κ)
              [--pulse SHAPE[:amplitude=A,t0=T,width=W]] [--t-end T] [--samples N]
              [--initial vacuum|steady]                                     (a pulse study; SHAPE
                                                                            on|off|rect|gaussian,
                                                                            times in 1/κ)
              [--continue PARAM=LO:HI] [--port N] [--sweep-steps N] [--points N]
                                           (a continuation study: every steady-state branch
                                           over LO…HI with its stability, and the up/down
                                           time-domain sweep of N values, default 81, 0: none)
              [--traces NAME[,NAME…]]      the traces of a correlation, spectrum or pulse study
                                           (default all: both directions; e.g. a_to_c, or a
                                           network's a->c and cross a->c,d)
              The kind follows from the flags when --kind is not given (--axis: sweep,
              --maximize/--minimize: optimize, --tau: correlation, --omega: spectrum, --pulse or
              --initial: pulse, --continue: continuation, --t-end: simulate, else point). Settings not given take the run's
              defaults (see docs/dynamics.md). --from takes the parameters of a set; --set
              overrides them.
  nrlab add figure FILE.nrlab [--name N] [--title T] [--layout RxC] --panel SPEC [--panel SPEC]...
              SPEC is one panel, filled into the RxC grid in reading order (default: near-square):
                X:Q@STUDY[,Q@STUDY…]   curves of quantity Q against the sweep axis X; several
                                       series overlay (from one or several studies, same axis)
                map:Q@STUDY            a heatmap of Q over a 2-D sweep
                branches:F@STUDY       the S-curve of field F (e.g. S21.abs, a.r1.abs) of a
                                       continuation study: stable solid, unstable dashed,
                                       turning points and the up/down sweeps marked
                contour:Q@STUDY        contour lines of Q over a 2-D sweep
                t:TRACE@STUDY          a time trace of a simulate or pulse study (e.g.
                                       nonlocal.s2_out, a_to_c.flux)
                tau:TRACE@STUDY        g2(τ) of a correlation study (e.g. a_to_c.g2)
                omega:TRACE@STUDY      S(ω) of a spectrum study (e.g. c_to_a.S)
                evaluation:best@STUDY  an optimize study's convergence: best (so far), value
                                       (each evaluation) or param.KEY against the evaluations
              optionally followed by ;label=TEXT ;logx ;logy (e.g. 'Delta:a_to_c.T@Sweep;label=(a);logy').
              A study whose name holds , ; or @ is named by its id (study-2) or short id.
  nrlab rename set|study|figure FILE.nrlab REF NEW_NAME
  nrlab duplicate set|study|figure FILE.nrlab REF [NEW_NAME]
              a copy placed after the original (a duplicated study has no result)
  nrlab delete set|study|figure FILE.nrlab REF
              studies using a deleted set keep its values; panels drawing a deleted study go
  nrlab run FILE.nrlab --figure NAME                run exactly the studies a figure draws

Quantity keys are listed by "nrlab solve MODEL --json" and "nrlab info FILE.nrlab --json".
Example:
  nrlab new --out demo.nrlab
  nrlab add set demo.nrlab --name Base --model three-cavity --set solver=classical
  nrlab add study demo.nrlab --name 'T vs Delta' --from Base --axis Delta=-3:3:61 --quantity a_to_c.T,c_to_a.T
  nrlab add study demo.nrlab --name 'Strong loss' --from Base --set kappa_b=2 --axis Delta=-3:3:61
  nrlab add study demo.nrlab --name Map --from Base --axis Delta=-3:3:41 --axis theta=-pi:pi:41
  nrlab add figure demo.nrlab --name Fig1 --layout 1x2 --panel 'Delta:a_to_c.T@T vs Delta,a_to_c.T@Strong loss' --panel map:isolation@Map
  nrlab run demo.nrlab --figure Fig1
  nrlab export demo.nrlab --figure Fig1 --format pdf --preset aps-single --out fig1.pdf`;

const NAME: OptionSpec = { type: 'string', value: 'N', default: 'a fresh one', help: 'the name' };
const NOTES: OptionSpec = { type: 'string', value: 'TEXT', help: 'free-form notes' };
const MODEL_OPT: OptionSpec = { type: 'string', value: 'M', default: defaultModel().id, help: 'the model', complete: { kind: 'model' } };

const ADD_STUDY_OPTIONS: Options = {
  name: NAME,
  title: { type: 'string', value: 'T', help: 'a title' },
  model: { ...MODEL_OPT, default: "the --from set's, else three-cavity" },
  from: { type: 'string', value: 'SET', help: 'the parameter set whose values the study takes (by name, id or short id)' },
  set: SET,
  kind: { type: 'string', value: STUDY_KINDS.join('|'), default: 'from the flags', help: 'the kind of study', complete: { kind: 'choices', values: () => STUDY_KINDS } },
  axis: { type: 'string', multiple: true, value: 'key=start:stop:count[:log]', help: 'an axis of a sweep (or key=v1,v2,…; one or two)' },
  quantity: { type: 'string', multiple: true, value: 'Q[,Q…]', default: 'all', help: 'the quantities kept' },
  maximize: { type: 'string', value: 'Q', help: 'an optimize study that maximizes Q' },
  minimize: { type: 'string', value: 'Q', help: 'an optimize study that minimizes Q' },
  vary: { type: 'string', multiple: true, value: 'key=lo:hi', help: 'a parameter an optimize study varies' },
  'max-evaluations': { type: 'string', value: 'N', help: "an optimize study's evaluation budget" },
  ...SIMULATE_FLAGS,
  port: { type: 'string', value: 'N', default: '1', help: 'the driven port (a simulate or continuation study)' },
  samples: { type: 'string', value: 'N', help: 'the number of samples (a simulate, correlation, spectrum or pulse study)' },
  't-end': { type: 'string', value: 'T', help: 'the end time (a simulate or pulse study)' },
  tau: { type: 'string', value: 'from:to:samples', help: 'a correlation study: the delays τ ≥ 0 in 1/κ (or v1,v2,…)' },
  omega: { type: 'string', value: 'from:to:samples', help: 'a spectrum study: ω = emitted − drive frequency in κ (or v1,v2,…)' },
  pulse: { type: 'string', value: 'SHAPE[:amplitude=A,t0=T,width=W]', help: 'a pulse study: SHAPE on|off|rect|gaussian, times in 1/κ', complete: { kind: 'choices', values: () => ['on', 'off', 'rect', 'gaussian'] } },
  initial: { type: 'string', value: 'vacuum|steady', help: "a pulse study's initial state", complete: { kind: 'choices', values: () => ['vacuum', 'steady'] } },
  traces: TRACES,
  continue: { type: 'string', value: 'PARAM=LO:HI', help: 'a continuation study over LO…HI' },
  'sweep-steps': { type: 'string', value: 'N', default: '81', help: "a continuation study's up/down time-domain sweep (0: none)" },
  points: { type: 'string', value: 'N', help: 'a continuation study: the most points per branch and direction' },
  notes: NOTES,
};

/** `rename|duplicate|delete set|study|figure FILE REF [NAME]`: the same three subcommands, no options. */
function itemEdit(cmd: 'rename' | 'duplicate' | 'delete'): CommandSpec {
  const what = { set: 'parameter set', study: 'study', figure: 'figure' } as const;
  const subs: Record<string, CommandSpec> = {};
  for (const [kind, noun] of Object.entries(what)) {
    const args: ArgSpec[] = [PROJECT, { name: 'REF', help: `the ${noun}: its name, id or short id` }];
    if (cmd === 'rename') args.push({ name: 'NEW_NAME', help: 'its new name' });
    if (cmd === 'duplicate') args.push({ name: 'NEW_NAME', help: "the copy's name", optional: true });
    const tail = cmd === 'rename' ? ' REF NEW_NAME' : cmd === 'duplicate' ? ' REF [NEW_NAME]' : ' REF';
    subs[kind] = { summary: `${cmd === 'rename' ? 'rename' : cmd === 'duplicate' ? 'copy' : 'delete'} a ${noun} of a project`, usage: [`${cmd} ${kind} FILE.nrlab${tail}`], args, options: {} };
  }
  const summary = {
    rename: 'rename a parameter set, study or figure of a project',
    duplicate: 'copy a parameter set, study or figure (placed after the original; a copied study has no result)',
    delete: 'delete a parameter set, study or figure (studies using a deleted set keep its values; panels drawing a deleted study go)',
  }[cmd];
  return {
    summary,
    usage: [`${cmd} set|study|figure FILE.nrlab REF${cmd === 'rename' ? ' NEW_NAME' : cmd === 'duplicate' ? ' [NEW_NAME]' : ''}`],
    options: {},
    subcommands: subs,
    details: 'The file is edited in place, safely (the previous version is kept as FILE.nrlab.bak); on bad input it is left as it was. "nrlab add --help" documents the authoring commands.',
  };
}

const EXPORT_STUDY_OPTIONS: Options = {
  study: { type: 'string', value: 'NAME', help: 'the study whose stored result to export, by name or id' },
  format: { type: 'string', value: [...EXPORT_FORMATS, ...FIGURE_FORMATS].join('|'), default: 'from the --out extension', help: 'a study: CSV (with provenance comments), JSON, NumPy npz, HDF5 (h5), a Python script (py) or Jupyter notebook (ipynb) that recomputes it; a figure: svg, pdf or png', complete: { kind: 'choices', values: () => [...EXPORT_FORMATS, ...FIGURE_FORMATS] } },
  out: { type: 'string', value: 'FILE', default: 'stdout', help: 'the file to write (atomically)', complete: { kind: 'file' } },
  figure: FIGURE_EXPORT_OPTIONS.figure!,
  'allow-stale': { type: 'boolean', help: 'export results whose inputs changed since the run' },
};

/** The commands, in the order `nrlab --help` lists them. */
export const COMMANDS = {
  solve: {
    summary: 'one parameter point of a model: every quantity (text, or the result contract as JSON)',
    usage: ['solve <model> [--set key=value]... [--spec FILE] [--json] [--progress]'],
    args: [MODEL],
    options: { set: SET, spec: SPEC, json: JSON_OUT, progress: { type: 'boolean', help: "the steps of an automatic truncation on stderr (shown on a terminal anyway)" } },
  },
  sweep: {
    summary: 'a 1-D or 2-D grid of points on the solver pool, JSON (sharded, resumable)',
    usage: [
      `sweep <model> --axis key=start:stop:count[:log] | key=v1,v2,… [--axis …] [--set key=value]... [--out FILE]
              [--keep Q1,Q2,…] [--workers N] [--progress] [--shard i/N] [--resume FILE]`,
    ],
    args: [MODEL],
    options: {
      axis: { type: 'string', multiple: true, value: 'key=start:stop:count[:log]', help: 'an axis of the grid, or key=v1,v2,… (one or two; the first varies slowest)' },
      set: SET,
      spec: SPEC,
      out: { type: 'string', value: 'FILE', default: 'stdout', help: 'write the sweep document to FILE (atomically)', complete: JSON_FILE },
      keep: { type: 'string', value: 'Q1,Q2,…', default: 'all', help: 'the quantities to store' },
      workers: WORKERS,
      progress: PROGRESS,
      json: { type: 'boolean', help: 'accepted for symmetry: the output is JSON anyway' },
      shard: { type: 'string', value: 'i/N', help: 'compute only slice i of N of the grid (for batch job arrays; join with nrlab merge)' },
      resume: { type: 'string', value: 'FILE', help: 'continue a cancelled or partial result of the same study', complete: JSON_FILE },
    },
  },
  merge: {
    summary: 'join the shard files of one study (--shard i/N) into one sweep document',
    usage: ['merge FILES… [--out FILE]'],
    args: [{ name: 'FILES', help: 'the shard files', repeat: true, complete: JSON_FILE }],
    options: { out: { type: 'string', value: 'FILE', default: 'stdout', help: 'write the merged document to FILE', complete: JSON_FILE } },
  },
  analyze: {
    summary: 'derived metrics of a stored sweep: extremum, threshold region, 2-D contour, peak width',
    usage: ["analyze FILE [--max Q] [--min Q] [--region 'Q>level'] [--contour Q=level] [--width Q[@fraction]]"],
    args: [{ name: 'FILE', help: 'a sweep document (nrlab sweep --out)', complete: JSON_FILE }],
    options: {
      max: { type: 'string', multiple: true, value: 'Q', help: 'the largest value of quantity Q and where' },
      min: { type: 'string', multiple: true, value: 'Q', help: 'the smallest value of quantity Q and where' },
      region: { type: 'string', multiple: true, value: "'Q>level'", help: 'where Q is above (or, with <, below) a level' },
      contour: { type: 'string', multiple: true, value: 'Q=level', help: 'the contour line of Q at a level (a 2-D map)' },
      width: { type: 'string', multiple: true, value: 'Q[@fraction]', help: "a peak's full width at a fraction of its height, default 0.5 (a 1-D sweep)" },
      json: { type: 'boolean', help: 'accepted for symmetry: the output is JSON anyway' },
    },
  },
  optimize: {
    summary: 'the optimum of one quantity over 1–4 parameters (Nelder–Mead with restarts, on the pool)',
    usage: [
      `optimize <model> --maximize|--minimize QUANTITY --vary key=lo:hi [--vary …]
              [--start key=value]... [--set key=value]... [--max-evaluations N] [--progress] [--json]`,
    ],
    args: [MODEL],
    options: {
      maximize: { type: 'string', value: 'Q', help: 'the quantity to maximize' },
      minimize: { type: 'string', value: 'Q', help: 'the quantity to minimize' },
      vary: { type: 'string', multiple: true, value: 'key=lo:hi', help: 'a parameter to vary within lo…hi' },
      start: { type: 'string', multiple: true, value: 'key=value', default: 'the middle of each range', help: 'where the search starts' },
      set: SET,
      spec: SPEC,
      'max-evaluations': { type: 'string', value: 'N', help: 'the evaluation budget, 10–100000' },
      workers: WORKERS,
      json: JSON_OUT,
      progress: PROGRESS,
    },
  },
  simulate: {
    summary: 'time traces of the outputs for a pulse or CW input (Fig. 5), JSON on stdout',
    usage: [
      `simulate <model> [--port N] [--input gaussian|rect|cw] [--t-end S] [--width S]
              [--t0 S] [--samples N] [--h S] [--compare-ideal] [--set key=value]... [--spec FILE]`,
    ],
    args: [{ ...MODEL, help: 'a model with time-domain runs (two-resonator, tcmt-network)', complete: { kind: 'model', having: 'simulate' } }],
    options: {
      set: SET,
      ...SIMULATE_FLAGS,
      h: { type: 'string', value: 'S', help: 'the integrator step' },
      spec: SPEC,
      json: { type: 'boolean', help: 'accepted for symmetry: the output is JSON anyway' },
    },
  },
  correlate: {
    summary: 'g2(τ) of each output from the steady state (quantum models)',
    usage: [
      `correlate <model> [--tau FROM:TO:COUNT | --tau T1,T2,…] [--traces NAME,…]
              [--set key=value]... [--spec FILE] [--preset NAME] [--json]`,
    ],
    args: [{ ...MODEL, help: 'a model with correlation runs', complete: { kind: 'model', having: 'correlation' } }],
    options: { tau: { type: 'string', value: 'FROM:TO:COUNT', default: '0 … 10/κ with the smallest κ, 201 samples', help: 'the delays τ ≥ 0 in units of 1/κ, or a list T1,T2,…' }, ...DYNAMICS_COMMON },
    details: `g2(τ) of each output from the steady state (and a network's cross-correlations), both driving
directions unless --traces names some.\n${DYNAMICS_DETAILS}`,
  },
  spectrum: {
    summary: 'the incoherent emission spectrum S(ω) of each output and its coherent fraction (quantum models)',
    usage: [
      `spectrum <model> [--omega FROM:TO:COUNT | --omega W1,W2,…] [--traces NAME,…]
              [--set key=value]... [--spec FILE] [--preset NAME] [--json]`,
    ],
    args: [{ ...MODEL, help: 'a model with spectrum runs', complete: { kind: 'model', having: 'spectrum' } }],
    options: { omega: { type: 'string', value: 'FROM:TO:COUNT', default: 'symmetric about 0, 1001 samples', help: 'ω = emitted − drive frequency in units of κ, or a list W1,W2,…' }, ...DYNAMICS_COMMON },
    details: DYNAMICS_DETAILS,
  },
  evolve: {
    summary: 'ρ(t) under a drive pulse: output flux, ⟨n⟩, equal-time g2, photons per pulse (quantum models)',
    usage: [
      `evolve <model> [--pulse SHAPE[:t0=…,width=…,amplitude=…]] [--t-end T] [--samples N]
              [--initial vacuum|steady] [--traces NAME,…] [--set key=value]... [--spec FILE]
              [--preset NAME] [--json]`,
    ],
    args: [{ ...MODEL, help: 'a model with pulse runs', complete: { kind: 'model', having: 'pulse' } }],
    options: {
      pulse: { type: 'string', value: 'SHAPE[:t0=…,width=…,amplitude=…]', default: 'gaussian', help: 'the drive pulse, SHAPE gaussian|rect|on|off', complete: { kind: 'choices', values: () => ['gaussian', 'rect', 'on', 'off'] } },
      't-end': { type: 'string', value: 'T', help: 'the end time in units of 1/κ' },
      samples: { type: 'string', value: 'N', help: 'the number of time samples, ≥ 2' },
      initial: { type: 'string', value: 'vacuum|steady', help: 'the initial state', complete: { kind: 'choices', values: () => ['vacuum', 'steady'] } },
      ...DYNAMICS_COMMON,
    },
    details: DYNAMICS_DETAILS,
  },
  continue: {
    summary: 'every steady-state branch over a parameter range, with stability and folds (classical models with a continuation)',
    usage: [
      `continue <model> --vary PARAM=LO:HI [--port N] [--points N]
              [--set key=value]... [--spec FILE] [--preset NAME] [--json]`,
    ],
    args: [{ ...MODEL, help: 'a model with a continuation (e.g. tcmt-network)', complete: { kind: 'model', having: 'continuation' } }],
    options: {
      vary: { type: 'string', value: 'PARAM=LO:HI', help: 'the parameter to continue in and its range (e.g. omega=-2:6, amplitude=0.1:4)' },
      port: { type: 'string', value: 'N', default: '1', help: 'the driven port' },
      points: { type: 'string', value: 'N', default: '1001', help: 'the most points per branch and direction' },
      set: SET,
      spec: SPEC,
      preset: PRESET,
      json: JSON_OUT,
    },
    details: `By pseudo-arclength continuation: each point's stability, the folds, S-parameters and fields.
Output: a summary per branch, or with --json one object
  {"model","vary","port","fields":[{key,label,unit}],"branches":[{"label","p":[…],"stable":[…],
   "maxRe":[…],"values":{"S21.abs":[…],…},"folds":[{"p","values"}],"segments":[…],"ends":[…,…]}],"notes":[…]}
Method and accuracy: docs/continuation.md.`,
  },
  serve: {
    summary: 'the app in a browser (127.0.0.1 only); projects open and save only inside --root',
    usage: ['serve [--port N] [--root DIR] [--open] [--workers N]'],
    options: {
      port: { type: 'string', value: 'N', default: 'a free one', help: 'the port to listen on, 0–65535' },
      root: { type: 'string', value: 'DIR', default: 'the current folder', help: 'projects are opened and saved only inside DIR', complete: { kind: 'dir' } },
      open: { type: 'boolean', help: 'open the app in the default browser' },
      workers: WORKERS,
    },
    details: 'Ctrl+C (or SIGTERM) stops the server; that is its normal end (exit 0).',
  },
  models: {
    summary: "list the models, or one model's parameters, quantities, presets and runs",
    usage: ['models [<model>] [--preset NAME]'],
    args: [{ ...MODEL, help: 'a model id', optional: true }],
    options: { preset: { type: 'string', value: 'NAME', help: "a preset of the model: its structure as a spec file (> spec.json), or its --set flags" } },
  },
  examples: {
    summary: "list the example projects (the papers' figures)",
    usage: ['examples [--json]'],
    options: { json: JSON_OUT },
  },
  new: {
    summary: 'a new project file, empty or from an example',
    usage: ['new [--example NAME] --out FILE.nrlab [--force]'],
    options: {
      example: { type: 'string', value: 'NAME', default: 'an empty project', help: 'the example to start from ("nrlab examples")', complete: { kind: 'choices', values: () => EXAMPLES.map((e) => e.name) } },
      out: { type: 'string', value: 'FILE.nrlab', help: 'the file to create (required)', complete: { kind: 'file', pattern: '*.nrlab' } },
      force: { type: 'boolean', help: 'replace an existing file (its previous version is kept as .bak)' },
    },
  },
  info: {
    summary: 'what a project holds: parameter sets, studies with their results, figures',
    usage: ['info FILE.nrlab [--json]'],
    args: [PROJECT],
    options: { json: JSON_OUT },
  },
  add: {
    summary: 'add a parameter set, a study or a figure to a project',
    usage: ['add set|study|figure FILE.nrlab …'],
    options: {},
    subcommands: {
      set: {
        summary: 'add a parameter set (default model: the first, three-cavity)',
        usage: ['add set FILE.nrlab [--name N] [--model M] [--set key=value]... [--notes TEXT]'],
        args: [PROJECT],
        options: { name: NAME, model: MODEL_OPT, set: SET, notes: NOTES },
      },
      study: {
        summary: 'add a study: point, sweep, simulate, optimize, correlation, spectrum, pulse or continuation',
        usage: ['add study FILE.nrlab [--name N] [--model M] [--from SET] [--set key=value]... [--kind KIND] [settings of the kind]'],
        args: [PROJECT],
        options: ADD_STUDY_OPTIONS,
        details: 'The kind follows from the flags when --kind is not given (--axis: sweep, --maximize/--minimize: optimize, --tau: correlation, --omega: spectrum, --pulse or --initial: pulse, --continue: continuation, --t-end: simulate, else point). "nrlab add --help" has the forms of each kind.',
      },
      figure: {
        summary: 'add a figure of panels drawn from studies',
        usage: ['add figure FILE.nrlab [--name N] [--title T] [--caption TEXT] [--layout RxC] --panel SPEC [--panel SPEC]...'],
        args: [PROJECT],
        options: {
          name: NAME,
          title: { type: 'string', value: 'T', help: "the figure's title" },
          caption: { type: 'string', value: 'TEXT', help: "the figure's caption" },
          layout: { type: 'string', value: 'RxC', default: 'near-square', help: 'the grid of panels, e.g. 2x3' },
          panel: { type: 'string', multiple: true, value: 'SPEC', help: "a panel, e.g. 'Delta:a_to_c.T@Sweep;logy' or map:isolation@Map (\"nrlab add --help\" lists the forms)" },
        },
      },
    },
    details: AUTHORING_USAGE,
  },
  rename: itemEdit('rename'),
  duplicate: itemEdit('duplicate'),
  delete: itemEdit('delete'),
  run: {
    summary: "run a project's studies and store the results in it (saved safely, locked while it runs)",
    usage: ['run FILE.nrlab [--study NAME]... [--figure NAME]... [--out DIR] [--resume] [--workers N] [--progress]'],
    args: [PROJECT],
    options: {
      study: { type: 'string', multiple: true, value: 'NAME', default: 'every study', help: 'a study to run, by name, id or short id' },
      figure: { type: 'string', multiple: true, value: 'NAME', help: 'run the studies a figure draws' },
      out: { type: 'string', value: 'DIR', default: 'the file itself, with a .bak', help: 'save the results in a copy in DIR', complete: { kind: 'dir' } },
      resume: { type: 'boolean', help: 'continue studies that were cancelled (Ctrl+C, SIGTERM) from their stored partial results' },
      workers: WORKERS,
      progress: PROGRESS,
    },
    details: 'A file changed by another program meanwhile is left as it was: the results go to a copy beside it (exit 1). Cancelled by a signal, the results so far are stored; resume with --resume.',
  },
  export: {
    summary: "a stored study's data (CSV, JSON, NumPy npz, HDF5), a Python script or Jupyter notebook that recomputes it, or a figure (PDF, SVG, PNG)",
    usage: [
      'export FILE.nrlab --study NAME [--format csv|json|npz|h5|ipynb|py] [--out FILE] [--allow-stale]',
      `export FILE.nrlab --figure NAME [--format svg|pdf|png] [--out FILE]
              [--preset aps-single|aps-double|nature-single|nature-double] [--width L --height L]
              [--font sans|serif] [--font-size PT] [--line-width PT] [--dpi N] [--grayscale] [--allow-stale]
              [--keep-layout] [--force]`,
    ],
    args: [PROJECT],
    // the study form's options, then the figure form's others (--format and --out are shared)
    options: { ...EXPORT_STUDY_OPTIONS, ...Object.fromEntries(Object.entries(FIGURE_EXPORT_OPTIONS).filter(([k]) => !(k in EXPORT_STUDY_OPTIONS))) },
    details: `Study data: CSV with provenance comments (header row first, Python-safe names, nan at failed
points), JSON, NumPy npz and HDF5 (every quantity in the grid's shape, NaN where a point failed, the
axes, provenance as JSON; binary formats need --out), a standalone Python script (QuTiP / numpy /
scipy) that recomputes the study and writes the same CSV, or a Jupyter notebook of that script that
loads and plots the numbers (docs/python.md).
A figure is publication-ready: vector PDF (fonts embedded) or SVG, or PNG (600 dpi, in pHYs);
panels reflow for the width (2×3 → 3×2 or 6×1) unless --keep-layout; a preflight (text size, plot
size, overlaps, fonts) refuses with exit 2 unless --force. A stale result (inputs changed since the
run) is exported only with --allow-stale.`,
  },
  completion: {
    summary: 'a shell completion script for bash or zsh (commands, options, files, models, choices)',
    usage: ['completion bash|zsh'],
    args: [{ name: '<shell>', help: 'bash or zsh', complete: { kind: 'choices', values: () => ['bash', 'zsh'] } }],
    options: {},
    details: `Load it in the current shell:
  source <(nrlab completion bash)        # bash; or save it in ~/.local/share/bash-completion/completions/nrlab
  source <(nrlab completion zsh)         # zsh, after compinit; or save it as _nrlab in a folder of $fpath
See docs/cli.md.`,
  },
  help: {
    summary: "the list of commands, or a command's help",
    usage: ['help [<command> [SUBCOMMAND]]'],
    args: [{ name: '<command>', help: 'a command', optional: true, complete: { kind: 'command' } }],
    options: {},
  },
  version: {
    summary: "the program's version (also nrlab --version)",
    usage: ['version'],
    options: {},
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

/** The table of a command (typed loosely, for code that walks every command). */
export function specOf(name: CommandName): CommandSpec {
  return COMMANDS[name] as CommandSpec;
}

/** The study-data options of `nrlab export` (the figure form parses FIGURE_EXPORT_OPTIONS). */
export const EXPORT_STUDY_FLAGS = pick(COMMANDS.export.options, Object.keys(EXPORT_STUDY_OPTIONS));

/**
 * The help of a command, or of one of its subcommands when the first argument names one
 * (`nrlab add study --help`).
 */
export function commandHelp(name: CommandName, rest: readonly string[] = []): string {
  const spec = specOf(name);
  const sub = rest.find((a) => !a.startsWith('-'));
  if (spec.subcommands && sub !== undefined && Object.prototype.hasOwnProperty.call(spec.subcommands, sub)) return helpText([name, sub], spec.subcommands[sub]!, EXIT_LINE);
  return helpText([name], spec, EXIT_LINE);
}

/** `nrlab --help`: every command with its synopsis and a one-line summary, then the exit codes. */
export function overview(version: string): string {
  const lines = [
    `nrlab ${version} — loss-engineered nonreciprocity workbench`,
    '',
    'Usage: nrlab <command> [arguments] [options]',
    '       nrlab <command> --help   (or nrlab help <command>): its arguments and options',
    '',
    'Commands:',
  ];
  for (const name of COMMAND_NAMES) {
    const spec = specOf(name);
    for (const u of spec.usage) lines.push(`  nrlab ${u}`);
    lines.push(`              ${spec.summary}`);
  }
  lines.push(
    '  nrlab --version | --help',
    '',
    'Values accept expressions: --set theta=-pi/4 --set J=sqrt(2)/2',
    'Shell completion: source <(nrlab completion bash), or zsh (docs/cli.md)',
    '',
    'Exit codes (every command):',
    ...EXIT_TABLE.map((e) => `  ${String(e.code).padEnd(4)} ${e.meaning}`),
  );
  return lines.join('\n');
}
