import { describe, expect, it } from 'vitest';
import { canonicalSpec, parseNetworkSpec } from '../../../../src-core/models/network/spec';
import { presetById } from '../../../../src-core/models/network/presets';
import { getModel, resolveModelParams, schemaOf } from '../../../../src-core/models/registry';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument } from '../../../../src-core/project/types';
import { ProjectFileError, validateProject } from '../../../../src-core/project/validate';

function projectWith(network: string, extra: Record<string, number | string> = {}): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 't',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [{ id: 'n', name: 'Net', model: 'network', params: { network, ...extra } }],
    studies: [],
    figures: [],
  };
}

function problem(doc: ProjectDocument): string {
  try {
    validateProject(doc);
  } catch (e) {
    if (e instanceof ProjectFileError) return e.message;
    throw e;
  }
  return '';
}

describe('network parameters', () => {
  const ring = presetById('ring-four')!.spec;

  it('the schema follows the spec: its modes and couplings become dotted parameters with the spec values', () => {
    const schema = schemaOf(getModel('network'), { network: canonicalSpec(ring) });
    const keys = schema.params.map((p) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['a.Delta', 'b.kappa', 'd.n_th', 'c.kappa2', 'd-a.J', 'd-a.phase', 'a.Omega', 'c.Omega']));
    expect(keys).not.toContain('a-d.phase');
    const v = resolveModelParams(getModel('network'), { network: canonicalSpec(ring), Delta: 0.2 });
    expect(v['d-a.phase']).toBe(Math.PI / 2);
    for (const m of ring.modes) expect(v[`${m.name}.Delta`]).toBe(0.2);
  });

  it('a project file with a bad network in a parameter set is refused naming the field inside it', () => {
    const bad = JSON.parse(canonicalSpec(ring));
    bad.couplings[0].j = 'zz';
    expect(problem(projectWith(JSON.stringify(bad)))).toMatch(/parameterSets\[0\] "Net"\.params\.network\.couplings\[0\]\.j: no mode is named "zz"/);
    expect(problem(projectWith('{"modes":'))).toMatch(/params\.network: is not valid JSON/);
    expect(problem(projectWith(canonicalSpec(ring), { 'q.Delta': 1 }))).toMatch(/params\.q\.Delta: unknown parameter/);
    // too many modes: refused for what it is; a huge text: refused by the file's size limit on a value
    const seven = { modes: Array.from({ length: 7 }, (_, k) => ({ name: `m${k}`, kappa: 1 })), directions: [{ drive: 'm0', Omega: 0.1, outputs: ['m1'] }] };
    expect(problem(projectWith(JSON.stringify(seven)))).toMatch(/params\.network\.modes: must be a list of 1 to 6 modes, got 7/);
    const huge = { ...seven, modes: Array.from({ length: 20000 }, (_, k) => ({ name: `m${k}`, kappa: 1 })) };
    expect(problem(projectWith(JSON.stringify(huge)))).toMatch(/params\.network: must be a number or an expression string/);
  });

  it('the largest network (6 modes, every pair coupled, every mode driven and read) fits in a project file', () => {
    const modes = Array.from({ length: 6 }, (_, k) => ({ name: `mode_${k}_long`, Delta: -0.123456789012345, kappa: 1.23456789012345, U: 5.12345678901234, n_th: 0.123456789, kappa2: 0.123456789 }));
    const couplings = modes.flatMap((a, i) => modes.slice(i + 1).map((b) => ({ i: a.name, j: b.name, J: Math.SQRT1_2, phase: -Math.PI / 4 })));
    const directions = modes.map((m) => ({ drive: m.name, Omega: 0.1, outputs: modes.filter((x) => x !== m).map((x) => x.name) }));
    const text = canonicalSpec(parseNetworkSpec({ modes, couplings, directions }));
    expect(text.length).toBeGreaterThan(1000);
    expect(problem(projectWith(text))).toBe('');
    expect(problem(projectWith(canonicalSpec(ring)))).toBe('');
  });
});
