/**
 * The precompiled project validator (src-core/project/schema-validator.js, generated at build time
 * by scripts/gen-project-validator.mjs) against Ajv compiling the current schema.ts at run time,
 * the reference: on a document that uses every property of the schema and on thousands of damaged
 * copies of it, both give the same verdict and the same error objects (which validate.ts turns into
 * the messages naming a field). A generated module that disagrees with the current schema (stale,
 * or generated with other options) fails here. The module also has to load and run where code
 * generation is off and nothing can be required, as under the renderer's Content-Security-Policy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { PROJECT_JSON_SCHEMA } from '../../../src-core/project/schema';
import validateSchema from '../../../src-core/project/schema-validator.js';
import { prng } from '../../helpers/prng';

type Schema = Record<string, unknown>;
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A value that fits `schema`, with every property the schema names present. */
function sample(schema: Schema, rnd: () => number): Json {
  if (Array.isArray(schema.anyOf)) return sample(schema.anyOf[Math.floor(rnd() * schema.anyOf.length)] as Schema, rnd);
  if ('const' in schema) return schema.const as Json;
  if (Array.isArray(schema.enum)) return schema.enum[Math.floor(rnd() * schema.enum.length)] as Json;
  switch (schema.type) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) out[k] = sample(v, rnd);
      if (typeof schema.additionalProperties === 'object') out.extra_key = sample(schema.additionalProperties as Schema, rnd);
      return out;
    }
    case 'array': {
      const n = Math.max(1, Number(schema.minItems ?? 0));
      return Array.from({ length: n }, () => sample((schema.items ?? {}) as Schema, rnd));
    }
    case 'string': {
      const pattern = schema.pattern as string | undefined;
      if (pattern?.startsWith('^results/')) return 'results/r1/q0.f64';
      return 'x'.repeat(Math.max(Number(schema.minLength ?? 0), 12));
    }
    case 'integer':
    case 'number':
      return Math.max(Number(schema.minimum ?? 1), Number(schema.exclusiveMinimum ?? 0) + 1, 1);
    case 'boolean':
      return true;
    default:
      return { any: 1 };
  }
}

/** Every JSON pointer in `doc` (the root excluded). */
function pointers(doc: Json, at = ''): string[] {
  if (typeof doc !== 'object' || doc === null) return [];
  const keys = Array.isArray(doc) ? doc.map((_, i) => String(i)) : Object.keys(doc);
  return keys.flatMap((k) => {
    const p = `${at}/${k}`;
    return [p, ...pointers((doc as Record<string, Json>)[k]!, p)];
  });
}

/** A copy of `doc` with the value at `pointer` replaced (or removed when `value` is undefined). */
function withValue(doc: Json, pointer: string, value: Json | undefined): Json {
  const copy = structuredClone(doc);
  const segs = pointer.split('/').slice(1);
  const last = segs.pop()!;
  const parent = segs.reduce<Json>((node, s) => (node as Record<string, Json>)[s]!, copy) as Record<string, Json>;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

/** Every number the schema gives for `keywords`, e.g. all maxLength limits. */
function limits(schema: unknown, keywords: string[], out = new Set<number>()): Set<number> {
  if (typeof schema !== 'object' || schema === null) return out;
  for (const [k, v] of Object.entries(schema)) {
    if (keywords.includes(k) && typeof v === 'number') out.add(v);
    else limits(v, keywords, out);
  }
  return out;
}

// wrong types, each limit of the schema and its neighbours, too long in UTF-16 units but not in
// code points, a path outside results/, and missing. Arrays of numbers at a large item limit (a
// trace study's 100 000 listed samples) are put only where the document holds an array of numbers:
// elsewhere each of their items is an error of its own (300 000 error objects per copy, minutes).
const EMOJI = '\u{1F600}';
const LARGE = 1000;
const arrayOf = (k: number): Json[] => Array.from({ length: k }, () => 1);
const itemLimits = [...limits(PROJECT_JSON_SCHEMA, ['minItems', 'maxItems'])].flatMap((n) => [n - 1, n, n + 1].filter((k) => k >= 0));
const around = (n: number): number[] => [n - 1, n - 0.5, n, n + 0.5, n + 1];
const DAMAGE: (Json | undefined)[] = [
  null, 'text', true, {}, 2 ** 40, EMOJI.repeat(300), 'results/../x.f64', undefined,
  ...[...limits(PROJECT_JSON_SCHEMA, ['minimum', 'maximum', 'exclusiveMinimum'])].flatMap(around),
  ...[...limits(PROJECT_JSON_SCHEMA, ['minLength', 'maxLength'])].filter((n) => n <= 10_000).flatMap((n) => [n, n + 1].map((k) => 'x'.repeat(k))),
  ...itemLimits.filter((k) => k <= LARGE).map(arrayOf),
];
const LARGE_ARRAYS = itemLimits.filter((k) => k > LARGE).map(arrayOf);

/** The reference: the same schema compiled by Ajv now, with the options the project validator needs (every error reported). */
const reference = new Ajv({ allErrors: true, strict: false }).compile(PROJECT_JSON_SCHEMA);

function verdicts(doc: unknown): { generated: [boolean, ErrorObject[]]; runtime: [boolean, ErrorObject[]] } {
  const ok = validateSchema(doc);
  const generated: [boolean, ErrorObject[]] = [ok, structuredClone(validateSchema.errors ?? [])];
  const okRef = reference(doc);
  return { generated, runtime: [okRef, structuredClone(reference.errors ?? [])] };
}

describe('precompiled project schema validator', () => {
  const rnd = prng(15);
  const docs = Array.from({ length: 3 }, () => sample(PROJECT_JSON_SCHEMA as unknown as Schema, rnd));

  it('accepts a document using every property of the schema, as Ajv does', () => {
    for (const doc of docs) {
      const { generated, runtime } = verdicts(doc);
      expect(runtime).toEqual([true, []]);
      expect(generated).toEqual(runtime);
    }
  });

  it('gives the same verdict and error objects as a run-time compile on every damaged copy', () => {
    let compared = 0;
    let refused = 0;
    const messages = new Set<string>();
    for (const doc of docs) {
      for (const pointer of pointers(doc)) {
        const at = pointer.split('/').slice(1).reduce<Json>((node, k) => (node as Record<string, Json>)[k]!, doc);
        for (const value of Array.isArray(at) && at.every((x) => typeof x === 'number') ? [...DAMAGE, ...LARGE_ARRAYS] : DAMAGE) {
          const bad = withValue(doc, pointer, value);
          const { generated, runtime } = verdicts(bad);
          expect(generated, `${pointer} = ${JSON.stringify(value)?.slice(0, 40)}`).toEqual(runtime);
          compared++;
          if (!runtime[0]) refused++;
          for (const e of runtime[1]) messages.add(e.keyword);
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
    expect(LARGE_ARRAYS.length, 'the large item limits are exercised').toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(compared / 2);
    // every kind of check the schema makes was exercised
    for (const k of ['type', 'required', 'enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'anyOf', 'not']) expect(messages).toContain(k);
  });

  it('counts string length in code points (its bundled ucs2length), as Ajv does', () => {
    const doc = docs[0] as Record<string, Json>;
    // 300 astral characters: 600 UTF-16 units, 300 code points; the title may have 500
    expect(validateSchema({ ...doc, title: EMOJI.repeat(300) })).toBe(true);
    expect(validateSchema({ ...doc, title: EMOJI.repeat(501) })).toBe(false);
    expect(validateSchema.errors?.[0]).toMatchObject({ instancePath: '/title', keyword: 'maxLength', message: 'must NOT have more than 500 characters' });
  });

  it('loads and runs with code generation from strings disabled and nothing to require (the renderer CSP)', () => {
    const file = path.resolve(__dirname, '../../../src-core/project/schema-validator.js');
    const source = readFileSync(file, 'utf8');
    const exported = /export\s*\{([^}]*)\};?\s*$/.exec(source);
    expect(exported, 'the module ends with one export list').not.toBeNull();
    const script = `${source.slice(0, exported!.index)}\nglobalThis.__exports = { ${exported![1]!.replace(/(\w+) as (\w+)/g, '$2: $1')} };`;
    const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
    vm.runInContext(script, context);
    // the context really forbids eval / new Function
    expect(() => vm.runInContext('new Function("return 1")', context)).toThrow(/Code generation from strings disallowed/);
    const inVm = (context as { __exports: { default: typeof validateSchema } }).__exports.default;
    const bad = withValue(docs[0]!, '/studies/0/axes/0/count', 0);
    expect(inVm(bad)).toBe(false);
    expect(JSON.parse(JSON.stringify(inVm.errors))).toEqual(verdicts(bad).runtime[1]);
    expect(inVm(docs[0])).toBe(true);
  });
});
