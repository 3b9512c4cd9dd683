import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { prng } from '../../../helpers/prng';
import { ParameterError } from '../../../../src-core/errors';
import { canonicalSpec, outputPairs, parseNetworkSpec, reversePairs } from '../../../../src-core/models/network/spec';
import { PRESETS } from '../../../../src-core/models/network/presets';

const base = () => ({
  modes: [
    { name: 'a', Delta: 0.5, kappa: 1, U: 5 },
    { name: 'c', Delta: 0.5, kappa: 1, U: 5 },
  ],
  couplings: [{ i: 'a', j: 'c', J: 0.7, phase: -0.785 }],
  directions: [
    { drive: 'a', Omega: 0.1, outputs: ['c'] },
    { drive: 'c', Omega: 0.1, outputs: ['a'] },
  ],
});

function refused(edit: (s: ReturnType<typeof base>) => unknown, field: string, why: RegExp): void {
  const s = base();
  edit(s);
  let err: unknown;
  try {
    parseNetworkSpec(s);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ParameterError);
  expect((err as ParameterError).param).toBe(field);
  expect((err as ParameterError).reason).toMatch(why);
}

describe('network spec', () => {
  it('fills defaults and round-trips through its canonical JSON', () => {
    const s = parseNetworkSpec(base());
    expect(s.modes[0]).toEqual({ name: 'a', Delta: 0.5, kappa: 1, U: 5, n_th: 0, kappa2: 0 });
    expect(s.directions[0]!.phase).toBe(0);
    expect(parseNetworkSpec(canonicalSpec(s))).toEqual(s);
    expect(outputPairs(s).map((p) => p.key)).toEqual(['a->c', 'c->a']);
    expect(reversePairs(s)).toEqual([{ key: 'a<->c', forward: 'a->c', backward: 'c->a' }]);
  });

  it('every preset is a valid spec', () => {
    for (const p of PRESETS) expect(parseNetworkSpec(canonicalSpec(p.spec))).toEqual(p.spec);
  });

  it('refuses bad specs naming the field and why', () => {
    refused((s) => (s.couplings[0]!.j = 'x'), 'network.couplings[0].j', /no mode is named "x"; the modes are a, c/);
    refused((s) => (s.couplings[0]!.j = 'a'), 'network.couplings[0].j', /couples mode "a" to itself/);
    refused((s) => s.couplings.push({ i: 'c', j: 'a', J: 1, phase: 0 }), 'network.couplings[1]', /couples c and a again/);
    refused((s) => (s.modes[1]!.kappa = -1), 'network.modes[1].kappa', /must be within 0/);
    refused((s) => (s.modes[1]!.name = 'a'), 'network.modes[1].name', /already the name of modes\[0\]/);
    refused((s) => (s.modes[1]!.name = '1c'), 'network.modes[1].name', /must start with a letter/);
    refused((s) => ((s.modes[0] as Record<string, unknown>).Kappa = 1), 'network.modes[0].Kappa', /unknown field/);
    refused((s) => (s.directions[0]!.outputs = ['q']), 'network.directions[0].outputs[0]', /no mode is named "q"/);
    refused((s) => (s.directions[0]!.Omega = 0), 'network.directions[0].Omega', /must be within 0.0001/);
    refused((s) => s.directions.push({ drive: 'a', Omega: 0.2, outputs: ['c'] }), 'network.directions[2]', /repeats directions\[0\]/);
    refused((s) => (s.modes = []), 'network.modes', /1 to 6 modes/);
    refused((s) => (s.modes = Array.from({ length: 7 }, (_, k) => ({ name: `m${k}`, Delta: 0, kappa: 1, U: 0 }))), 'network.modes', /1 to 6 modes, got 7/);
    // no loss anywhere: singular
    refused((s) => s.modes.forEach((m) => (m.kappa = 0)), 'network.directions[0].drive', /no loss/);
    refused(
      (s) => {
        s.modes.forEach((m) => (m.kappa = 0));
        s.directions = [];
      },
      'network.directions',
      /at least one direction/,
    );
    // a lossless mode nothing couples to: its states never decay
    refused((s) => s.modes.push({ name: 'd', Delta: 0, kappa: 0, U: 1 }), 'network.modes[2].kappa', /"d" has no loss and no nonzero coupling/);
    refused((s) => (s.directions[1]!.outputs = ['a', 'a']), 'network.directions[1].outputs[1]', /listed twice/);
  });

  it('a lossless mode coupled to a lossy one is fine (loss reaches it)', () => {
    const s = base();
    s.modes.push({ name: 'd', Delta: 0, kappa: 0, U: 1 });
    s.couplings.push({ i: 'c', j: 'd', J: 0.3, phase: 0 });
    expect(parseNetworkSpec(s).modes[2]!.kappa).toBe(0);
  });

  it('refuses what is not a spec: text that is not JSON, a list, null', () => {
    expect(() => parseNetworkSpec('{modes:')).toThrow(/network: is not valid JSON/);
    expect(() => parseNetworkSpec([])).toThrow(/network: must be an object/);
    expect(() => parseNetworkSpec(null)).toThrow(/network: must be an object/);
  });
});

describe('the published JSON schema (docs/network-spec.schema.json)', () => {
  const schema = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../docs/network-spec.schema.json'), 'utf8'));
  const check = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('accepts every preset and the issue’s example', () => {
    for (const p of PRESETS) expect(check(JSON.parse(canonicalSpec(p.spec))), JSON.stringify(check.errors)).toBe(true);
    expect(check(base())).toBe(true);
  });

  it('the app refuses everything the schema refuses (the app checks more: names, loss reaching every mode)', () => {
    const rand = prng(7);
    type Raw = { modes: Record<string, unknown>[]; couplings: Record<string, unknown>[]; directions: Record<string, unknown>[] };
    const damage: ((s: Raw) => void)[] = [
      (s) => (s.modes[0]!.kappa = -rand()),
      (s) => (s.modes[0]!.name = '9x'),
      (s) => (s.modes[1]!.U = 'big'),
      (s) => (s.couplings[0]!.J = null),
      (s) => delete s.couplings[0]!.J,
      (s) => (s.directions[0]!.Omega = 0),
      (s) => (s.directions[0]!.outputs = []),
      (s) => (s.directions[0]!.extra = 1),
      (s) => (s.modes = []),
      (s) => ((s as unknown as Record<string, unknown>).directions = 'a->c'),
      (s) => (s.modes[0]!.n_th = 11),
    ];
    for (const d of damage) {
      const s = base() as unknown as Raw;
      d(s);
      expect(check(s)).toBe(false);
      expect(() => parseNetworkSpec(s)).toThrow(ParameterError);
    }
  });
});
