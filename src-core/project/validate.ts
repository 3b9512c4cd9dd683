/**
 * Reading `project.json`: format and version check, migrations from older schema versions, the
 * JSON Schema (compiled by Ajv at build time into schema-validator.js, so this also runs under the
 * renderer's CSP), then the checks a schema cannot express (models, parameter values, axes,
 * references). Every problem names the path of the field, e.g.
 * `studies[2] "Fig. 2(c) map".axes[0].count: must be ≥ 1`.
 */
import type { ErrorObject } from 'ajv';
import { NrlabError, ParameterError } from '../errors.js';
import { findModel, resolveModelParams, simulatingModels } from '../models/registry.js';
import { planSweep } from '../studies/grid.js';
import { migrations } from './migrations.js';
import { optimizeProblems } from './optimize-study.js';
import { continuationProblems } from './continuation-study.js';
import { resultProblems, safeKeyProblem } from './result-checks.js';
import { DYNAMICS_KINDS, isDynamicsKind, traceStudyProblems } from './trace-study.js';
import validateSchema from './schema-validator.js';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from './types.js';

/** Deepest nesting of objects and arrays a project.json may have (NR Lab writes about 10). */
export const MAX_JSON_DEPTH = 64;

/** A project file that cannot be opened; `param` is the path of the first bad field. */
export class ProjectFileError extends NrlabError {
  readonly problems: string[];
  constructor(problems: { path: string; reason: string }[]) {
    const first = problems[0] ?? { path: 'file', reason: 'is not a valid NR Lab project' };
    const lines = problems.slice(0, 8).map((p) => `${p.path}: ${p.reason}`);
    if (problems.length > 8) lines.push(`… and ${problems.length - 8} more`);
    super('bad-input', problems.length > 1 ? `${problems.length} problems in the project file:\n${lines.join('\n')}` : lines[0]!, {
      param: first.path,
      reason: first.reason,
    });
    this.name = 'ProjectFileError';
    this.problems = lines;
  }
}

export interface ValidatedProject {
  doc: ProjectDocument;
  /** Opened from a newer schema version: may be viewed, not saved over. */
  readOnly: boolean;
  warnings: string[];
  /** Schema version the file had before migration. */
  fileVersion: number;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `studies[2] "Fig. 2 map".axes[0].count` from a JSON pointer, naming array elements that have a name. */
export function describePath(root: unknown, pointer: string): string {
  const segs = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  let node: unknown = root;
  for (const seg of segs) {
    if (Array.isArray(node) && /^\d+$/.test(seg)) {
      node = node[Number(seg)];
      const nm = isObj(node) && typeof node.name === 'string' ? ` "${node.name}"` : '';
      out += `[${seg}]${nm}`;
    } else {
      node = isObj(node) ? node[seg] : undefined;
      out += out ? `.${seg}` : seg;
    }
  }
  return out || 'project';
}

/**
 * The path of the first value nested deeper than MAX_JSON_DEPTH (searched without recursion, so
 * any depth is safe), or undefined. The path is shortened to its first levels.
 */
export function tooDeep(raw: unknown, max = MAX_JSON_DEPTH): string | undefined {
  interface Node {
    v: unknown;
    depth: number;
    key: string;
    up: Node | undefined;
  }
  const stack: Node[] = [{ v: raw, depth: 0, key: '', up: undefined }];
  while (stack.length) {
    const n = stack.pop()!;
    if (typeof n.v !== 'object' || n.v === null) continue;
    if (n.depth >= max) {
      const keys: string[] = [];
      for (let x: Node | undefined = n; x?.up; x = x.up) keys.push(x.key);
      keys.reverse();
      const shown = keys.slice(0, 6).map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
      return `${describePath(raw, shown)}${keys.length > 6 ? '…' : ''}`;
    }
    // only objects and arrays go on the stack (a long list of numbers costs nothing)
    if (Array.isArray(n.v)) {
      for (let i = n.v.length - 1; i >= 0; i--) if (typeof n.v[i] === 'object' && n.v[i] !== null) stack.push({ v: n.v[i], depth: n.depth + 1, key: String(i), up: n });
    } else {
      const keys = Object.keys(n.v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const v = (n.v as Json)[keys[i]!];
        if (typeof v === 'object' && v !== null) stack.push({ v, depth: n.depth + 1, key: keys[i]!, up: n });
      }
    }
  }
  return undefined;
}

function schemaProblems(raw: unknown, errors: ErrorObject[]): { path: string; reason: string }[] {
  // an axis is one of two forms: report only the errors of the form it resembles
  const keep = errors.filter((e) => {
    if (e.keyword === 'anyOf' && /\/axes\/\d+$/.test(e.instancePath)) return false;
    const m = /\/axes\/items\/anyOf\/(\d)\//.exec(e.schemaPath);
    if (m) {
      const axisPtr = /^(.*\/axes\/\d+)/.exec(e.instancePath)?.[1];
      let axisNode: unknown = raw;
      for (const s of (axisPtr ?? '').split('/').slice(1)) axisNode = Array.isArray(axisNode) ? axisNode[Number(s)] : isObj(axisNode) ? axisNode[s] : undefined;
      const isList = isObj(axisNode) && 'values' in axisNode;
      return m[1] === (isList ? '1' : '0');
    }
    // a parameter value: one message instead of one per alternative
    if (/\/params\/(additionalProperties|anyOf)/.test(e.schemaPath) && e.keyword !== 'anyOf') return false;
    return true;
  });
  const seen = new Set<string>();
  const out: { path: string; reason: string }[] = [];
  for (const e of keep) {
    let path = describePath(raw, e.instancePath);
    let reason = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      path = `${path === 'project' ? '' : `${path}.`}${(e.params as { missingProperty: string }).missingProperty}`;
      reason = 'is required';
    } else if (e.keyword === 'enum') {
      reason = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'anyOf' && /\/params\//.test(e.instancePath)) {
      reason = 'must be a number or an expression string';
    } else if (e.keyword === 'const') {
      reason = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    }
    const key = `${path}: ${reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, reason });
  }
  return out;
}

/** Checks beyond the schema: ids, references, models, parameters and axes. */
function semanticProblems(doc: ProjectDocument): { path: string; reason: string }[] {
  const problems: { path: string; reason: string }[] = [];
  const add = (path: string, reason: string): void => void problems.push({ path, reason });
  const uniq = (list: { id: string; name: string }[], what: string): void => {
    const ids = new Set<string>();
    const names = new Set<string>();
    list.forEach((x, i) => {
      if (ids.has(x.id)) add(`${what}[${i}] "${x.name}".id`, `"${x.id}" is used twice`);
      if (names.has(x.name)) add(`${what}[${i}] "${x.name}".name`, 'is used twice (names must be unique within a project)');
      ids.add(x.id);
      names.add(x.name);
    });
  };
  uniq(doc.parameterSets, 'parameterSets');
  uniq(doc.studies, 'studies');
  uniq(doc.figures, 'figures');
  const setIds = new Map(doc.parameterSets.map((p) => [p.id, p]));
  doc.parameterSets.forEach((p, i) => {
    const at = `parameterSets[${i}] "${p.name}"`;
    const model = findModel(p.model);
    if (!model) return add(`${at}.model`, `unknown model "${p.model}"`);
    try {
      resolveModelParams(model, p.params);
    } catch (e) {
      if (e instanceof ParameterError) add(`${at}.params.${e.param ?? ''}`, e.reason ?? e.message);
      else throw e;
    }
  });
  const studyIds = new Set(doc.studies.map((s) => s.id));
  doc.studies.forEach((s, i) => {
    const at = `studies[${i}] "${s.name}"`;
    const model = findModel(s.model);
    if (!model) return add(`${at}.model`, `unknown model "${s.model}"`);
    let params = s.params;
    if (s.parameterSet !== undefined) {
      const set = setIds.get(s.parameterSet);
      if (!set) return add(`${at}.parameterSet`, `no parameter set with id "${s.parameterSet}"`);
      if (set.model !== s.model) return add(`${at}.parameterSet`, `"${set.name}" is for model ${set.model}, the study uses ${s.model}`);
      params = { ...set.params, ...s.params };
    }
    try {
      if (s.kind === 'sweep') {
        if (!s.axes || s.axes.length === 0) return add(`${at}.axes`, 'a sweep needs one or two axes');
        const plan = planSweep(model, { params, axes: s.axes });
        const known = new Set(plan.quantities.map((q) => q.key));
        s.quantities?.forEach((q, k) => known.has(q) || add(`${at}.quantities[${k}]`, `"${q}" is not a quantity of ${s.model} here`));
      } else {
        if (s.axes && s.axes.length > 0) add(`${at}.axes`, `${s.kind === 'optimize' ? 'an' : 'a'} ${s.kind} study has no axes`);
        resolveModelParams(model, params);
        if (s.kind === 'simulate' && !s.simulate) add(`${at}.simulate`, 'is required for a simulate study');
        if (s.kind === 'simulate' && !model.simulate) add(`${at}.model`, `the ${model.id} model has no time-domain studies; models with them: ${simulatingModels().join(', ') || 'none'}`);
        if (s.kind === 'optimize') for (const p of optimizeProblems(model, params, s.optimize)) add(`${at}${p.path}`, p.reason);
        else if (s.optimize !== undefined) add(`${at}.optimize`, `a ${s.kind} study has no optimize settings`);
        if (s.kind === 'continuation') for (const p of continuationProblems(model, s.continuation, params)) add(`${at}${p.path}`, p.reason);
        else if (s.continuation !== undefined) add(`${at}.continuation`, `${s.kind === 'optimize' ? 'an' : 'a'} ${s.kind} study has no continuation settings`);
        if (isDynamicsKind(s.kind)) for (const p of traceStudyProblems(model, s.kind, params, s[s.kind])) add(`${at}${p.path}`, p.reason);
        for (const k of DYNAMICS_KINDS) if (k !== s.kind && s[k] !== undefined) add(`${at}.${k}`, `${s.kind === 'optimize' ? 'an' : 'a'} ${s.kind} study has no ${k} settings`);
      }
    } catch (e) {
      if (!(e instanceof ParameterError)) throw e;
      const param = e.param ?? '';
      const reason = e.reason ?? e.message;
      if (param.startsWith('--axis')) add(`${at}.axes`, `${param.slice(2)}: ${reason}`);
      else if (param === 'axes' || param.startsWith('axes[')) add(`${at}.${param}`, reason);
      else add(`${at}.params.${param}`, reason);
    }
  });
  doc.studies.forEach((s, i) => {
    if (!s.result) return;
    // the result belongs to the model it was computed with (the study's may have been edited since)
    const model = findModel(s.result.provenance.model) ?? findModel(s.model);
    if (model) problems.push(...resultProblems(s, model, s.parameterSet !== undefined ? { ...(setIds.get(s.parameterSet)?.params ?? {}), ...s.params } : s.params, `studies[${i}] "${s.name}".result`));
  });
  doc.figures.forEach((f, i) => {
    f.panels.forEach((p, k) => {
      const pat = `figures[${i}] "${f.name}".panels[${k}]`;
      for (const [field, key] of [['quantity', p.quantity], ['x', p.x], ...(p.series ?? []).map((se, j) => [`series[${j}].quantity`, se.quantity] as const)] as const) {
        const why = key === undefined ? undefined : safeKeyProblem(key);
        if (why) add(`${pat}.${field}`, why);
      }
      if (!studyIds.has(p.study)) add(`figures[${i}] "${f.name}".panels[${k}].study`, `no study with id "${p.study}"`);
      if (p.kind === 'schematic') {
        const st = doc.studies.find((x) => x.id === p.study);
        if (st && !findModel(st.model)?.structure) add(`${pat}.kind`, `a schematic draws a model's structure (a network's modes and couplings); the model of study "${st.name}" has none`);
      }
      p.series?.forEach((se, j) => {
        if (se.study !== undefined && !studyIds.has(se.study)) add(`figures[${i}] "${f.name}".panels[${k}].series[${j}].study`, `no study with id "${se.study}"`);
      });
      if (p.logZ && p.zRange && !(p.zRange[0] > 0 && p.zRange[1] > p.zRange[0])) add(`${pat}.zRange`, `a log colour scale (logZ) needs a positive range with min < max, got [${p.zRange[0]}, ${p.zRange[1]}]`);
      p.bands?.forEach((b, j) => {
        const at = `${pat}.bands[${j}]`;
        const fixed = b.x0 !== undefined || b.x1 !== undefined;
        if (fixed && (b.x0 === undefined || b.x1 === undefined)) add(at, 'a fixed band needs both x0 and x1');
        else if (!fixed && (b.quantity === undefined || b.withinDb === undefined)) add(at, 'a band is either fixed (x0, x1) or from the data (quantity and withinDb, e.g. 3 for a 3 dB band)');
        if (b.quantity !== undefined && safeKeyProblem(b.quantity)) add(`${at}.quantity`, safeKeyProblem(b.quantity)!);
        if (b.study !== undefined && !studyIds.has(b.study)) add(`${at}.study`, `no study with id "${b.study}"`);
      });
    });
    if (f.panels.length > f.layout.rows * f.layout.cols) {
      add(`figures[${i}] "${f.name}".layout`, `${f.panels.length} panels do not fit a ${f.layout.rows} × ${f.layout.cols} grid`);
    }
  });
  return problems;
}

/**
 * Validate (and migrate) a parsed `project.json`. Throws ProjectFileError naming every bad field;
 * never modifies `raw`.
 */
export function validateProject(raw: unknown): ValidatedProject {
  if (!isObj(raw)) throw new ProjectFileError([{ path: 'project.json', reason: 'must be a JSON object' }]);
  const deep = tooDeep(raw);
  if (deep !== undefined) {
    throw new ProjectFileError([{ path: deep, reason: `nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (damaged, or not an NR Lab project)` }]);
  }
  if (raw.format !== PROJECT_FORMAT) {
    throw new ProjectFileError([{ path: 'format', reason: `must be "${PROJECT_FORMAT}" (this is not an NR Lab project, or it is damaged)` }]);
  }
  const version = raw.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ProjectFileError([{ path: 'schemaVersion', reason: `must be a positive integer, got ${JSON.stringify(version)}` }]);
  }
  const warnings: string[] = [];
  let doc = structuredClone(raw) as Json;
  let readOnly = false;
  if (version > PROJECT_SCHEMA_VERSION) {
    readOnly = true;
    warnings.push(
      `This project was saved by a newer NR Lab (project schema ${version}; this version knows ${PROJECT_SCHEMA_VERSION}). It is open read-only: parts it does not understand are shown as far as possible, and it cannot be saved over. Use Save As to keep a copy in schema ${PROJECT_SCHEMA_VERSION}, or update NR Lab.`,
    );
  } else {
    for (let v = version; v < PROJECT_SCHEMA_VERSION; v++) {
      const step = migrations.get(v);
      if (!step) throw new ProjectFileError([{ path: 'schemaVersion', reason: `no migration from schema ${v} to ${v + 1}` }]);
      doc = step(doc);
      doc.schemaVersion = v + 1;
    }
    if (version < PROJECT_SCHEMA_VERSION) warnings.push(`Converted from project schema ${version} to ${PROJECT_SCHEMA_VERSION}; saving writes the new schema.`);
  }
  if (!validateSchema(doc)) {
    const problems = schemaProblems(doc, validateSchema.errors ?? []);
    if (readOnly) problems.unshift({ path: 'schemaVersion', reason: `${version} is newer than this NR Lab understands (${PROJECT_SCHEMA_VERSION}), and the file does not fit schema ${PROJECT_SCHEMA_VERSION}` });
    throw new ProjectFileError(problems);
  }
  const typed = doc as unknown as ProjectDocument;
  const problems = semanticProblems(typed);
  if (problems.length) throw new ProjectFileError(problems);
  return { doc: typed, readOnly, warnings, fileVersion: version };
}
