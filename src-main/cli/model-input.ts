/**
 * The parameters a command line gives a model: `--set key=value` pairs and, for a model whose
 * parameters come from a structure (a JSON-text parameter, e.g. a user's cavity network), `--spec FILE.json` with that
 * structure. Nothing here knows a model: the structural parameter is the schema's JSON-text one.
 */
import { readFileSync } from 'node:fs';
import { ParameterError } from '../../src-core/errors.js';
import { getModel } from '../../src-core/models/registry.js';
import type { ModelDefinition, ModelPreset } from '../../src-core/models/model.js';
import type { ParamInput } from '../../src-core/models/params.js';
import { parseSets } from './args.js';

/** Largest spec file read (a network of 6 modes is a few kB). */
const MAX_SPEC_BYTES = 1_000_000;

export function modelInput(modelId: string, values: { set?: unknown; spec?: unknown }): ParamInput {
  const params = parseSets(values.set as string[] | undefined);
  if (values.spec === undefined) return params;
  const model = getModel(modelId);
  const key = model.schema.params.find((p) => p.kind === 'text')?.key;
  if (!key) throw new ParameterError('--spec', `the ${model.id} model has no structure to read from a file; give its parameters with --set`);
  if (params[key] !== undefined) throw new ParameterError('--spec', `give the ${key} either with --spec or with --set ${key}=…, not both`);
  const file = String(values.spec);
  let text: string;
  try {
    const buf = readFileSync(file);
    if (buf.length > MAX_SPEC_BYTES) throw new ParameterError('--spec', `${file} is ${buf.length} bytes; a spec is at most ${MAX_SPEC_BYTES}`);
    text = buf.toString('utf8');
  } catch (e) {
    if (e instanceof ParameterError) throw e;
    throw new ParameterError('--spec', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    JSON.parse(text);
  } catch (e) {
    throw new ParameterError('--spec', `${file} is not valid JSON: ${(e as Error).message}`);
  }
  return { ...params, [key]: text };
}

/** A preset of a model by id or name (case-insensitive), or a ParameterError naming `--preset` and the presets. */
function findPreset(model: ModelDefinition, name: string): ModelPreset {
  const presets = model.presets ?? [];
  const want = name.trim().toLowerCase();
  const p = presets.find((x) => x.id?.toLowerCase() === want) ?? presets.find((x) => x.name.toLowerCase() === want);
  if (!p) {
    throw new ParameterError('--preset', `${model.id} has no preset "${name}"; its presets: ${presets.map((x) => x.id ?? JSON.stringify(x.name)).join(', ') || 'none'}`);
  }
  return p;
}

/**
 * The parameters of a command with `--preset NAME` beside `--set` and `--spec`: the preset's values
 * (its structure included), then the `--set` values over them; a structure given both by the preset
 * and by `--spec` is refused.
 */
export function modelInputWithPreset(modelId: string, values: { set?: unknown; spec?: unknown; preset?: unknown }): ParamInput {
  if (values.preset === undefined) return modelInput(modelId, values);
  const model = getModel(modelId);
  const p = findPreset(model, String(values.preset));
  const key = model.schema.params.find((q) => q.kind === 'text')?.key;
  if (values.spec !== undefined && key !== undefined && p.values[key] !== undefined) {
    throw new ParameterError('--preset', `the preset "${String(values.preset)}" gives the ${key}, and so does --spec: give one of them`);
  }
  return { ...p.values, ...modelInput(modelId, values) };
}

/**
 * `nrlab models MODEL --preset NAME`: a preset by id or name (case-insensitive) — its structure as
 * a spec file to save and edit, or its `--set` flags when the model has no structure.
 */
export function presetText(model: ModelDefinition, name: string): string {
  const p = findPreset(model, name);
  const key = model.schema.params.find((q) => q.kind === 'text')?.key;
  const structure = key !== undefined ? p.values[key] : undefined;
  if (typeof structure === 'string') return JSON.stringify(JSON.parse(structure), null, 2);
  return Object.entries(p.values).map(([k, v]) => `--set ${k}=${String(v)}`).join(' ');
}
