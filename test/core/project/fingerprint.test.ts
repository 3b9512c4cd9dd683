import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprintFromProvenance, fingerprintOf, hash64, resultFreshness, studyFingerprint, studyInputs } from '../../../src-core/project/fingerprint';
import { getModel } from '../../../src-core/models/registry';
import { resolveParams } from '../../../src-core/models/params';
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type ProjectDocument, type StoredResult, type Study } from '../../../src-core/project/types';

function doc(studies: Study[]): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 't',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    app: { name: 'NR Lab', version: 'test' },
    parameterSets: [{ id: 'set', name: 'Set', model: 'three-cavity', params: { theta: '-pi/4' } }],
    studies,
    figures: [],
  };
}

const sweep = (): Study => ({
  id: 'map',
  name: 'Map',
  kind: 'sweep',
  model: 'three-cavity',
  parameterSet: 'set',
  params: { kappa_b: 1 },
  axes: [{ key: 'Delta', start: -1, stop: 1, count: 5 }],
});

const result = (fingerprint?: string): StoredResult => ({
  id: 'r1',
  status: 'succeeded',
  provenance: { model: 'three-cavity', params: {}, solver: 'x', app: { name: 'NR Lab', version: 't' }, date: '2026-01-01T00:00:00Z', wallMs: 1 },
  ...(fingerprint ? { fingerprint } : {}),
});

describe('result fingerprints and staleness', () => {
  it('canonical JSON ignores key order; the hash separates near-identical strings', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
    expect(canonicalJson({ a: undefined, b: 0.1 })).toBe('{"b":0.1}');
    expect(hash64('{"theta":-0.7853981633974483}')).not.toBe(hash64('{"theta":-0.7053981633974483}'));
    expect(hash64('abc')).toMatch(/^[0-9a-f]{16}$/);
    expect(hash64('abc')).toBe(hash64('abc'));
  });

  it('a result is fresh for its inputs, stale after any edit that changes the numbers, fresh again when undone', () => {
    const s = sweep();
    const d = doc([s]);
    s.result = result(studyFingerprint(d, s));
    expect(resultFreshness(d, s)).toEqual({ state: 'fresh' });
    const edits: [string, (x: Study, dd: ProjectDocument) => void][] = [
      ['a parameter', (x) => (x.params.kappa_b = 1.5)],
      ['a solver setting', (x) => (x.params.solver = 'classical')],
      ['the truncation', (x) => (x.params.fock = 5)],
      ['the parameter set', (_x, dd) => (dd.parameterSets[0]!.params.theta = '-pi/3')],
      ['an axis range', (x) => (x.axes = [{ key: 'Delta', start: -1, stop: 2, count: 5 }])],
      ['an axis count', (x) => (x.axes = [{ key: 'Delta', start: -1, stop: 1, count: 6 }])],
      ['the kept quantities', (x) => (x.quantities = ['isolation'])],
      ['the model', (x) => ((x.model = 'two-resonator'), (x.params = {}), (x.axes = [{ key: 'kappa_1', values: [1, 2] }]))],
    ];
    for (const [what, edit] of edits) {
      const d2 = structuredClone(d);
      edit(d2.studies[0]!, d2);
      expect(resultFreshness(d2, d2.studies[0]!).state, what).toBe('stale');
    }
    // the same grid written as a list of its values, and an explicit default, are the same inputs
    const d3 = structuredClone(d);
    d3.studies[0]!.axes = [{ key: 'Delta', values: [-1, -0.5, 0, 0.5, 1] }];
    d3.studies[0]!.params.fock = resolveParams(getModel('three-cavity').schema, {}).fock!;
    expect(resultFreshness(d3, d3.studies[0]!).state).toBe('fresh');
    // invalid inputs cannot be the stored result's
    const d4 = structuredClone(d);
    d4.studies[0]!.params.kappa_b = -1;
    expect(resultFreshness(d4, d4.studies[0]!)).toMatchObject({ state: 'stale', reason: expect.stringMatching(/not valid/) });
    // a huge grid is refused before anything is allocated
    const d5 = structuredClone(d);
    d5.studies[0]!.axes = [{ key: 'Delta', start: -1, stop: 1, count: 1e9 }];
    expect(resultFreshness(d5, d5.studies[0]!).state).toBe('stale');
  });

  it('older results: derived from provenance where it records the inputs, otherwise unknown', () => {
    const s = sweep();
    const d = doc([s]);
    const inputs = studyInputs(d, s);
    s.result = {
      ...result(),
      quantities: inputs.quantities!.map((key) => ({ key, symbol: key, label: key, unit: '' })),
      provenance: { ...result().provenance, params: inputs.params },
    };
    expect(resultFreshness(d, s).state).toBe('unknown');
    const derived = fingerprintFromProvenance(s, s.result, [{ key: 'Delta', values: Float64Array.from([-1, -0.5, 0, 0.5, 1]) }]);
    expect(derived).toBe(studyFingerprint(d, s));
    // other stored axis values: the derived fingerprint is another one (stale)
    expect(fingerprintFromProvenance(s, s.result, [{ key: 'Delta', values: Float64Array.from([-2, -1, 0, 1, 2]) }])).not.toBe(studyFingerprint(d, s));
    const pt: Study = { id: 'p', name: 'P', kind: 'point', model: 'three-cavity', params: { fock: 3 } };
    const dp = doc([pt]);
    pt.result = { ...result(), provenance: { ...result().provenance, params: resolveParams(getModel('three-cavity').schema, { fock: 3 }) } };
    expect(fingerprintFromProvenance(pt, pt.result)).toBe(studyFingerprint(dp, pt));
    const sim: Study = { id: 's', name: 'S', kind: 'simulate', model: 'two-resonator', params: {}, simulate: { port: 1, input: 'gaussian', tEnd: 1e-5 } };
    sim.result = result();
    expect(fingerprintFromProvenance(sim, sim.result)).toBeUndefined();
    expect(fingerprintOf(studyInputs(doc([sim]), sim))).toMatch(/^h1:[0-9a-f]{16}$/);
  });
});
