/** The tcmt-network spec: bad specs are refused with the field path and the reason; good ones round-trip. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../../src-core/errors';
import { getModel, resolveModelParams, schemaOf } from '../../../../src-core/models/registry';
import { TCMT_PRESETS, canonicalTcmtSpec, parseTcmtSpec } from '../../../../src-core/models/tcmt-network/index';

const good = () => ({
  resonators: [
    { name: 'r1', omega: 0, gamma: 1, gamma0: 0.1 },
    { name: 'r2', omega: 0, gamma: 1, gamma0: 0.1, losses: [{ kind: 'nonlocal', gamma: 1, reference: 'r1' }] },
    { name: 'r3', omega: 0.5, gamma: 0, gamma0: 0.3, losses: [{ kind: 'saturable', gamma: 1, P_sat: 2 }] },
  ],
  couplings: [{ i: 'r1', j: 'r2', kappa: 1 }],
  ports: ['r1', 'r2'],
});

function errorOf(spec: unknown): ParameterError {
  try {
    parseTcmtSpec(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(ParameterError);
    return e as ParameterError;
  }
  throw new Error('accepted a bad spec');
}

type Spec = ReturnType<typeof good> & Record<string, unknown>;
const bad: [string, (s: Spec) => unknown, string, RegExp][] = [
  ['unknown reference', (s) => ((s.resonators[2] as Record<string, unknown>).losses = [{ kind: 'nonlocal', gamma: 1, reference: 'r9' }]), 'spec.resonators[2].losses[0].reference', /no resonator is named "r9"/],
  ['self reference', (s) => ((s.resonators[1] as Record<string, unknown>).losses = [{ kind: 'nonlocal', gamma: 1, reference: 'r2' }]), 'spec.resonators[1].losses[0].reference', /another resonator/],
  ['unknown loss kind', (s) => ((s.resonators[0] as Record<string, unknown>).losses = [{ kind: 'quadratic', gamma: 1 }]), 'spec.resonators[0].losses[0].kind', /linear, kerr, saturable or nonlocal/],
  ['negative loss', (s) => ((s.resonators[0] as Record<string, unknown>).gamma0 = -1), 'spec.resonators[0].gamma0', /≥ 0/],
  ['P_sat of 0', (s) => ((s.resonators[2] as Record<string, unknown>).losses = [{ kind: 'saturable', gamma: 1, P_sat: 0 }]), 'spec.resonators[2].losses[0].P_sat', /> 0/],
  ['string number', (s) => ((s.resonators[0] as Record<string, unknown>).omega = '1'), 'spec.resonators[0].omega', /finite number/],
  ['duplicate name', (s) => ((s.resonators[1] as Record<string, unknown>).name = 'r1'), 'spec.resonators[1].name', /used by another/],
  ['self coupling', (s) => (s.couplings = [{ i: 'r1', j: 'r1', kappa: 1 }]), 'spec.couplings[0].j', /not coupled to itself/],
  ['coupled twice', (s) => (s.couplings = [{ i: 'r1', j: 'r2', kappa: 1 }, { i: 'r2', j: 'r1', kappa: 2 }]), 'spec.couplings[1]', /already coupled/],
  ['kappa and a pair', (s) => (s.couplings = [{ i: 'r1', j: 'r2', kappa: 1, kappa_ij: 0 } as never]), 'spec.couplings[0].kappa', /not both/],
  ['half a pair', (s) => (s.couplings = [{ i: 'r1', j: 'r2', kappa_ij: 0 } as never]), 'spec.couplings[0].kappa_ji', /required/],
  ['port without loss', (s) => (s.ports = ['r1', 'r3']), 'spec.resonators[2].gamma', /has a port/],
  ['port twice', (s) => (s.ports = ['r1', 'r1']), 'spec.ports[1]', /already has a port/],
  ['unknown field', (s) => (s.resonator = []), 'spec.resonator', /unknown field/],
  ['too many resonators', (s) => (s.resonators = Array.from({ length: 9 }, (_, k) => ({ name: `r${k}`, omega: 0, gamma: 1 })) as never), 'spec.resonators', /1 to 8/],
  ['bad input port', (s) => (s.input = { port: 3 }), 'spec.input.port', /1 … 2/],
];

describe('tcmt-network spec errors name the field', () => {
  it.each(bad)('%s', (_n, edit, param, why) => {
    const s = good() as Spec;
    edit(s);
    const e = errorOf(s);
    expect(e.param).toBe(param);
    expect(e.reason).toMatch(why);
  });

  it('not JSON names spec', () => {
    expect(errorOf('{"resonators": [').param).toBe('spec');
  });

  it('through the registry: the schema of a bad spec throws the same error', () => {
    const m = getModel('tcmt-network');
    const s = good() as Spec;
    s.ports = ['r1', 'r3'];
    expect(() => schemaOf(m, { spec: JSON.stringify(s) })).toThrow(/spec\.resonators\[2\]\.gamma/);
  });

  it('a good spec: defaults written out, canonical text round-trips, drive parameters default to its input', () => {
    const spec = parseTcmtSpec(good());
    expect(spec.resonators[0]!.chi).toBe(0);
    expect(spec.couplings[0]).toEqual({ i: 'r1', j: 'r2', kappa_ij: 1, kappa_ji: 1 });
    expect(spec.input).toEqual({ omega: 0, amplitude: 1, port: 1 });
    const text = canonicalTcmtSpec(spec);
    expect(canonicalTcmtSpec(parseTcmtSpec(text))).toBe(text);
    const m = getModel('tcmt-network');
    const v = resolveModelParams(m, { spec: JSON.stringify({ ...good(), input: { omega: 0.7, amplitude: 3 } }) });
    expect([v.omega, v.amplitude]).toEqual([0.7, 3]);
    expect(m.quantities(v).map((q) => q.key)).toEqual(['S11.abs', 'S11.dB', 'S21.abs', 'S21.dB', 'absorbed_1', 'solutions_1', 'S12.abs', 'S12.dB', 'S22.abs', 'S22.dB', 'absorbed_2', 'solutions_2', 'isolation_12']);
  });
});

describe('the published JSON schema (docs/tcmt-network-spec.schema.json)', () => {
  const schema = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../docs/tcmt-network-spec.schema.json'), 'utf8'));
  const check = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('accepts every preset and the format doc’s example', () => {
    for (const p of TCMT_PRESETS) expect(check(JSON.parse(canonicalTcmtSpec(p.spec))), `${p.id}: ${JSON.stringify(check.errors)}`).toBe(true);
    expect(check(good())).toBe(true);
  });

  it('the app refuses everything the schema refuses', () => {
    const damage: ((s: Spec) => void)[] = [
      (s) => ((s.resonators[0] as Record<string, unknown>).gamma = -1),
      (s) => ((s.resonators[0] as Record<string, unknown>).name = '9x'),
      (s) => ((s.resonators[1] as Record<string, unknown>).losses = [{ kind: 'nonlocal', gamma: 1 }]),
      (s) => ((s.resonators[2] as Record<string, unknown>).losses = [{ kind: 'saturable', gamma: 1, P_sat: 0 }]),
      (s) => (s.couplings = [{ i: 'r1', j: 'r2' } as never]),
      (s) => (s.ports = []),
      (s) => (s.extra = 1),
      (s) => (s.input = { amplitude: 0 }),
    ];
    for (const d of damage) {
      const s = good() as Spec;
      d(s);
      expect(check(s)).toBe(false);
      expect(() => parseTcmtSpec(s)).toThrow(ParameterError);
    }
  });
});
