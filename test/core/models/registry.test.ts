/**
 * Model packages as the plug-in point: no consumer outside src-core/models (and the examples)
 * names a model id in code, every package's quantity catalogue is complete and unambiguous, the
 * registry adds and removes packages, and the layers below the models do not import them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src-core/errors';
import { describeModel, defaultModel, findModel, getModel, listModels, registerModel, unregisterModel } from '../../../src-core/models/registry';
import { resolveParams } from '../../../src-core/models/params';
import { directionalPair } from '../../../src-core/models/report';
import { runSimulation } from '../../../src-core/tasks/simulate';
import { ProjectFileError, validateProject } from '../../../src-core/project/validate';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../src-core/project/types';
import { testCavityModel, TEST_MODEL_ID } from '../../helpers/test-cavity-model';

const ROOT = path.resolve(__dirname, '../../..');
const ROOTS = ['src-core', 'src-main', 'src-renderer'];
/** Where a model may be named (and branched on): the packages themselves and the example projects. */
const OWNERS = ['src-core/models/', 'src-core/project/examples/'];
/** Benchmarks may name the model their workload runs on, never branch on one. */
const NAMING_ONLY = ['src-main/bench/'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|vue|mts|cts)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * Lines of `text` that write one of `ids` as a string literal ('id', "id" or `id`), and of those
 * the ones that compare or switch on it. A literal in a comment counts too: the scan is
 * deliberately blunt, so a branch cannot hide behind a formatting trick.
 */
export function modelIdLiterals(text: string, ids: string[]): { line: number; text: string; branches: boolean }[] {
  const lit = new RegExp(`(['"\`])(${ids.map(escape).join('|')})\\1`);
  const branch = new RegExp(`(===?|!==?)\\s*(['"\`])(${ids.map(escape).join('|')})\\2|(['"\`])(${ids.map(escape).join('|')})\\4\\s*(===?|!==?)|\\bcase\\s+(['"\`])(${ids.map(escape).join('|')})\\7`);
  const hits: { line: number; text: string; branches: boolean }[] = [];
  text.split('\n').forEach((t, k) => {
    if (lit.test(t)) hits.push({ line: k + 1, text: t.trim(), branches: branch.test(t) });
  });
  return hits;
}

describe('no consumer branches on a model id', () => {
  const ids = listModels().map((m) => m.id);

  it('the scan finds a literal id and a branch on it, and not the word in prose or a template', () => {
    expect(ids).toEqual(expect.arrayContaining(['three-cavity', 'two-resonator']));
    const code = [
      "if (model === 'three-cavity') run();",
      'const x = s.model !== "two-resonator";',
      "switch (id) { case 'two-resonator': break; }",
      "const MODEL = 'three-cavity';",
      "if ('three-cavity' == m) run();",
      '// the two-resonator model stores traces',
      'const t = `the ${model.id} model`;',
    ].join('\n');
    const hits = modelIdLiterals(code, ids);
    expect(hits.map((h) => h.line)).toEqual([1, 2, 3, 4, 5]);
    expect(hits.map((h) => h.branches)).toEqual([true, true, true, false, true]);
  });

  it('src-core, src-main and src-renderer write no model id outside the model packages and the examples (benchmarks: naming only)', () => {
    const problems: string[] = [];
    for (const root of ROOTS) {
      for (const file of sourceFiles(path.join(ROOT, root))) {
        const rel = path.relative(ROOT, file).split(path.sep).join('/');
        if (OWNERS.some((o) => rel.startsWith(o))) continue;
        const naming = NAMING_ONLY.some((o) => rel.startsWith(o));
        for (const h of modelIdLiterals(readFileSync(file, 'utf8'), ids)) {
          if (!naming || h.branches) problems.push(`${rel}:${h.line}: ${h.text}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('quantity catalogues', () => {
  const cases: { id: string; params: Record<string, string | number> }[] = [
    { id: 'three-cavity', params: { fock: 3 } },
    { id: 'three-cavity', params: { solver: 'classical' } },
    { id: 'two-resonator', params: {} },
    { id: 'two-resonator', params: { loss: 'kerr' } },
  ];

  it.each(cases)('$id $params: every scalar the solver yields is catalogued, labels are unique and plain, hints are valid', ({ id, params }) => {
    const m = getModel(id);
    const values = resolveParams(m.schema, params);
    const catalogue = m.quantities(values);
    const r = m.createSolver()(values);
    expect(Object.keys(r.scalars).sort()).toEqual(catalogue.map((q) => q.key).sort());
    const labels = catalogue.map((q) => q.label);
    expect(new Set(labels).size).toBe(labels.length);
    // a symbol is shared only by the same quantity in another unit (|S21| and |S21| in dB)
    const symbols = catalogue.map((q) => `${q.symbol} [${q.unit}]`);
    expect(new Set(symbols).size).toBe(symbols.length);
    for (const q of catalogue) {
      // labels are plain text: no markup (`_{`, `^{`) and no formula (|…|); the rich label carries those
      expect(q.label, q.key).not.toMatch(/[_^][{\p{L}\d]|\|/u);
      expect(q.label, q.key).not.toMatch(/·log|log10/);
      expect(['linear', 'log', undefined]).toContain(q.scale);
      if (q.direction !== undefined) expect(typeof q.direction).toBe('string');
      // a quantity the solver gave a negative value is marked signed
      const v = r.scalars[q.key]!;
      if (Number.isFinite(v) && v < 0) expect(q.signed, `${q.key} = ${v}`).toBe(true);
    }
  });

  it('directional quantities name one of the two directions of their model', () => {
    for (const m of listModels()) {
      const catalogue = m.quantities(resolveParams(m.schema, {}));
      const dirs = new Set(catalogue.map((q) => q.direction).filter((d) => d !== undefined));
      expect(dirs.size, m.id).toBe(2);
    }
    // the three-cavity quantities of one direction have their twin in the other
    const tc = getModel('three-cavity').quantities(resolveParams(getModel('three-cavity').schema, {}));
    for (const q of tc.filter((x) => x.direction === 'a_to_c')) {
      const twin = tc.find((x) => x.key === q.key.replace('a_to_c', 'c_to_a'));
      expect(twin?.direction, q.key).toBe('c_to_a');
      expect(q.twin).toBe(twin!.key);
    }
  });

  it('twins are mutual, in the other direction and in the same unit; pairs list the forward one first', () => {
    for (const m of listModels()) {
      const catalogue = m.quantities(resolveParams(m.schema, {}));
      for (const q of catalogue.filter((x) => x.twin !== undefined)) {
        const t = catalogue.find((x) => x.key === q.twin);
        expect(t, `${m.id} ${q.key}`).toBeDefined();
        expect(t!.twin).toBe(q.key);
        expect(t!.direction).not.toBe(q.direction);
        expect(t!.unit).toBe(q.unit);
      }
    }
    const tr = getModel('two-resonator').quantities({});
    expect(directionalPair(tr, 'S12.dB')).toEqual(['S21.dB', 'S12.dB']);
    expect(directionalPair(tr, 'kappa12_eff')).toEqual(['kappa12_eff', 'kappa21_eff']);
    expect(directionalPair(tr, 'isolation_dB')).toBeUndefined();
    const tc = getModel('three-cavity').quantities(resolveParams(getModel('three-cavity').schema, {}));
    expect(directionalPair(tc, 'classical.c_to_a.T')).toEqual(['classical.a_to_c.T', 'classical.c_to_a.T']);
  });
});

describe('the registry', () => {
  afterEach(() => {
    if (findModel(TEST_MODEL_ID)) unregisterModel(TEST_MODEL_ID);
  });

  it('lists the built-in packages with the first as the default, and describes each for clients', () => {
    expect(defaultModel().id).toBe(listModels()[0]!.id);
    for (const m of listModels()) {
      const info = describeModel(m);
      expect(info.simulate === true).toBe(m.simulate !== undefined);
      expect(info.scriptRequirements).toBe(m.scriptRequirements);
      // presets resolve against the schema (they are parameter input like any other)
      for (const p of m.presets ?? []) {
        expect(() => resolveParams(m.schema, p.values), `${m.id}: ${p.name}`).not.toThrow();
        // shown as they are: plain Unicode, no markup
        expect(`${p.name} ${p.description}`, `${m.id}: ${p.name}`).not.toMatch(/[_^][{\p{L}\d]/u);
      }
      expect(JSON.parse(JSON.stringify(info))).toEqual(info);
    }
    expect(describeModel(getModel('two-resonator')).simulate).toBe(true);
    expect(describeModel(getModel('three-cavity')).simulate).toBeUndefined();
  });

  it('adds and removes a package at run time; ids are unique and built-ins stay', () => {
    expect(findModel(TEST_MODEL_ID)).toBeUndefined();
    registerModel(testCavityModel);
    expect(getModel(TEST_MODEL_ID)).toBe(testCavityModel);
    expect(listModels().at(-1)!.id).toBe(TEST_MODEL_ID);
    expect(() => registerModel(testCavityModel)).toThrow(/model\.id.*already registered/);
    expect(() => registerModel({ ...testCavityModel, id: 'Bad Id' })).toThrow(ParameterError);
    expect(() => unregisterModel('three-cavity')).toThrow(/built-in/);
    expect(unregisterModel(TEST_MODEL_ID)).toBe(true);
    expect(unregisterModel(TEST_MODEL_ID)).toBe(false);
    expect(() => getModel(TEST_MODEL_ID)).toThrow(/unknown model "test-cavity"; known models: three-cavity, two-resonator/);
  });

  it('a model without time-domain runs refuses to simulate, naming the models that have them', () => {
    expect(() => runSimulation('three-cavity', { params: {}, settings: {} })).toThrow(/three-cavity model has no time-domain runs; models with them: two-resonator, tcmt-network/);
    const doc: ProjectDocument = {
      format: PROJECT_FORMAT,
      schemaVersion: PROJECT_SCHEMA_VERSION,
      title: 't',
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      app: { name: 'NR Lab', version: 'test' },
      parameterSets: [],
      studies: [{ id: 's', name: 'Pulse', kind: 'simulate', model: 'three-cavity', params: {}, simulate: { port: 1, input: 'gaussian', tEnd: 1 } }],
      figures: [],
    };
    let problems: string[] = [];
    try {
      validateProject(doc);
    } catch (e) {
      if (!(e instanceof ProjectFileError)) throw e;
      problems = e.problems;
    }
    expect(problems).toEqual(['studies[0] "Pulse".model: the three-cavity model has no time-domain studies; models with them: two-resonator, tcmt-network']);
  });
});

describe('layers below the models do not import them (issue 15)', () => {
  const imports = (rel: string): string[] => [...readFileSync(path.join(ROOT, rel), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);

  it('the registry imports nothing from the contract; solvers import nothing from the models', () => {
    expect(imports('src-core/models/registry.ts').filter((s) => s.includes('contract'))).toEqual([]);
    // every file, in subfolders too (solvers/preconditioners/)
    const files = sourceFiles(path.join(ROOT, 'src-core/solvers'));
    expect(files.some((f) => f.includes(`${path.sep}preconditioners${path.sep}`))).toBe(true);
    for (const file of files) {
      const rel = path.relative(ROOT, file);
      expect(imports(rel).filter((s) => s.includes('/models/')), rel).toEqual([]);
    }
  });

  it('model packages import nothing from the layers above them (studies, figures, export, project, contract, tasks)', () => {
    const above = /\/(studies|figures|export|project|contract|tasks)\//;
    for (const file of sourceFiles(path.join(ROOT, 'src-core/models'))) {
      const rel = path.relative(ROOT, file);
      expect(imports(rel).filter((s) => above.test(s)), rel).toEqual([]);
    }
  });
});
