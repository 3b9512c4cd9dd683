/**
 * `nrlab continue <model> --vary PARAM=LO:HI`: every steady-state branch of a model over a range of
 * one parameter, by numerical continuation, each point with its linear stability (the model's
 * `continuation` hook through the registry; docs/continuation.md). JSON: one object with the
 * model, the varied parameter, the quantities' catalogue and the branches (arrays per quantity,
 * stability per point, folds, stability segments, why each end stopped); plain text: a summary
 * per branch (folds and stable/unstable ranges).
 */
import { ParameterError } from '../../src-core/errors.js';
import { unicodeText } from '../../src-core/figures/rich-text.js';
import { parseNumber } from '../../src-core/models/expression.js';
import { getModel, listModels, resolveModelParams } from '../../src-core/models/registry.js';
import { parse } from './args.js';
import { commandHelp, COMMANDS } from './commands.js';
import { parserOptions, wantsHelp } from './spec.js';
import { modelInputWithPreset } from './model-input.js';
import { toJson } from './output.js';
import { joinNegativeValues } from './trace-flags.js';

function wholeNumber(flag: string, v: unknown, lo: number, hi: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new ParameterError(flag, `must be a whole number from ${lo} to ${hi}, got "${String(v)}"`);
  return n;
}

export function cmdContinue(argv: string[], out: (text: string) => void): void {
  if (wantsHelp(argv)) {
    out(commandHelp('continue'));
    return;
  }
  const { values, positionals } = parse(joinNegativeValues(argv, ['--vary']), parserOptions(COMMANDS.continue.options));
  const id = positionals[0];
  if (id === undefined) throw new ParameterError('model', `"nrlab continue" needs a model; models with a continuation: ${listModels().filter((m) => m.continuation).map((m) => m.id).join(', ') || 'none'}`);
  if (positionals.length > 1) throw new ParameterError('arguments', `unexpected argument "${positionals[1]}"`);
  const model = getModel(id);
  const cont = model.continuation;
  if (!cont) throw new ParameterError('model', `the ${model.id} model has no continuation; models with one: ${listModels().filter((m) => m.continuation).map((m) => m.id).join(', ') || 'none'}`);
  if (values.vary === undefined) throw new ParameterError('--vary', `needed: PARAM=LO:HI with PARAM one of ${cont.parameters.join(', ')}`);
  const m = /^([^=]+)=([^:]+):([^:]+)$/.exec(String(values.vary).trim());
  if (!m) throw new ParameterError('--vary', `expected PARAM=LO:HI (e.g. omega=-2:6), got "${String(values.vary)}"`);
  const vary = m[1]!.trim();
  if (!cont.parameters.includes(vary)) throw new ParameterError('--vary', `cannot vary "${vary}"; the ${model.id} model continues in ${cont.parameters.join(', ')}`);
  const lo = parseNumber('--vary (lo)', m[2]!);
  const hi = parseNumber('--vary (hi)', m[3]!);
  if (!(lo < hi)) throw new ParameterError('--vary', `LO must be below HI, got ${lo}:${hi}`);
  const port = values.port === undefined ? 1 : wholeNumber('--port', values.port, 1, 64);
  const maxPoints = values.points === undefined ? undefined : wholeNumber('--points', values.points, 2, 100_000);
  const params = resolveModelParams(model, modelInputWithPreset(model.id, values));
  let r: ReturnType<typeof cont.run>;
  try {
    r = cont.run(params, { vary, lo, hi, port, ...(maxPoints !== undefined ? { maxPoints } : {}) });
  } catch (e) {
    // the run names its options; on the command line they are flags
    if (e instanceof ParameterError && ['vary', 'port', 'maxPoints'].includes(e.param ?? '')) {
      throw new ParameterError(e.param === 'maxPoints' ? '--points' : `--${e.param}`, e.reason ?? e.message);
    }
    throw e;
  }
  const fields = cont.fields(params, port);
  if (values.json) {
    out(
      toJson({
        model: model.id,
        vary,
        port,
        range: [lo, hi],
        params,
        fields: fields.map((f) => ({ key: f.key, label: f.label, unit: f.unit })),
        branches: r.branches.map((b) => ({
          label: b.label,
          p: Array.from(b.p),
          stable: b.stable,
          maxRe: Array.from(b.maxRe),
          values: Object.fromEntries(Object.entries(b.values).map(([k, v]) => [k, Array.from(v)])),
          folds: b.folds,
          segments: b.segments,
          ends: b.ends,
        })),
        notes: r.notes,
      }),
    );
    return;
  }
  const param = model.schema.params.find((p) => p.key === vary);
  const unit = param && 'unit' in param && param.unit ? ` ${String(param.unit)}` : '';
  const g = (v: number): string => Number(v.toPrecision(8)).toString();
  const lines = [`${model.title}: steady-state branches over ${lo} ≤ ${vary} ≤ ${hi}${unit} (port ${port} driven)`];
  r.branches.forEach((b, k) => {
    lines.push(`branch ${k + 1}${b.label ? ` (${b.label})` : ''}: ${b.p.length} points, ${vary} from ${g(Math.min(...b.p))} to ${g(Math.max(...b.p))}; ends: ${b.ends.join(', ')}`);
    for (const s of b.segments) lines.push(`  ${s.stable ? 'stable  ' : 'UNSTABLE'} ${vary} ${g(b.p[s.start]!)} … ${g(b.p[s.end]!)}`);
    for (const f of b.folds) lines.push(`  fold at ${vary} = ${g(f.p)}`);
  });
  if (!r.branches.length) lines.push('no branch found');
  for (const n of r.notes) lines.push(`note: ${unicodeText(n)}`);
  out(lines.join('\n'));
}
