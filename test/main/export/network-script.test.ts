/**
 * "Export as script" for the network model: networks neither seed paper contains are solved by the
 * app (the real worker pool), and the exported script — QuTiP `steadystate` for every direction,
 * numpy for the S-matrix, written from the stored network and parameters only — is run with the
 * system Python and compared column by column: T, g2, ⟨n⟩ and the cross-correlations to 1e-6
 * relative, g3 to 1e-4, the classical S-matrix to 1e-9, the truncation exactly.
 *
 * Needs /usr/bin/python3 with QuTiP 4.7+ (Debian: apt-get install -y python3-qutip python3-scipy)
 * and the built worker (npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalSpec } from '../../../src-core/models/network/spec';
import { presetById } from '../../../src-core/models/network/presets';
import type { NetworkSpec } from '../../../src-core/models/network/spec';
import type { Study } from '../../../src-core/project/types';
import { scriptHarness, type ColumnRule, type Tolerance } from '../../helpers/script-export';

const mode = (name: string, kappa: number, extra: Partial<NetworkSpec['modes'][number]> = {}): NetworkSpec['modes'][number] => ({ name, Delta: 0, kappa, U: 0, n_th: 0, kappa2: 0, ...extra });

/** Driven at the linear mode b, whose bath is thermal (n_th = 0.1), and read at both Kerr modes a and c (cross-correlation); back from a to b. */
const thermal: NetworkSpec = {
  modes: [mode('a', 1, { Delta: 0.4, U: 4 }), mode('b', 1.5, { Delta: -0.2, n_th: 0.1 }), mode('c', 0.8, { Delta: 0.3, U: 2 })],
  couplings: [
    { i: 'a', j: 'b', J: 0.6, phase: 0.4 },
    { i: 'b', j: 'c', J: 0.5, phase: 0 },
    { i: 'c', j: 'a', J: 0.3, phase: -1.1 },
  ],
  directions: [
    { drive: 'b', Omega: 0.2, phase: 0.7, outputs: ['a', 'c'] },
    { drive: 'a', Omega: 0.1, phase: 0, outputs: ['b'] },
  ],
};

/** A Kerr mode with two-photon loss coupled with a phase to a linear one, read both ways. */
const twoPhoton: NetworkSpec = {
  modes: [mode('a', 1, { Delta: 0.5, U: 3, kappa2: 0.5 }), mode('c', 1, { Delta: -0.3 })],
  couplings: [{ i: 'a', j: 'c', J: 0.7, phase: 0.3 }],
  directions: [
    { drive: 'a', Omega: 0.3, phase: 0, outputs: ['c'] },
    { drive: 'c', Omega: 0.3, phase: 0, outputs: ['a'] },
  ],
};

const net = (spec: NetworkSpec): string => canonicalSpec(spec);

const studies: Study[] = [
  {
    id: 'thermal-point',
    name: 'Thermal bath, drive at a linear mode, K = 4 total excitations',
    kind: 'point',
    model: 'network',
    params: { network: net(thermal), basis: 'total', fock: 4 },
  },
  {
    id: 'two-photon-sweep',
    name: 'Two-photon loss over κ₂, N = 5 per mode',
    kind: 'sweep',
    model: 'network',
    params: { network: net(twoPhoton), basis: 'per-mode', fock: 5 },
    axes: [{ key: 'a.kappa2', values: [0.2, 1, 3] }],
  },
  {
    id: 'ring-auto',
    name: 'Four-mode ring over the flux phase, automatic total truncation',
    kind: 'sweep',
    model: 'network',
    params: { network: net(presetById('ring-four')!.spec), basis: 'total', fock: 'auto', 'a.Omega': 0.02, 'c.Omega': 0.02 },
    axes: [{ key: 'd-a.phase', values: [0, Math.PI / 2] }],
  },
  {
    id: 'classical-map',
    name: 'Dimer with two auxiliaries, classical map over the phase and the detuning',
    kind: 'sweep',
    model: 'network',
    params: { network: net(presetById('dimer-two-auxiliaries')!.spec), solver: 'classical' },
    axes: [
      { key: 'a-c.phase', start: -Math.PI, stop: Math.PI, count: 5 },
      { key: 'Delta', values: [-1, 0, 0.5, 2] },
    ],
  },
];

const axisKeys = new Set(studies.flatMap((s) => (s.axes ?? []).map((a) => a.key)));

// QuTiP's direct steady state (sparse LU of the dim² × dim² Liouvillian) grows steeply with the
// dimension (~5 s at 70 states, minutes at 120), so the networks here are solved at 25 to 70 states.
// T, g2, ⟨n⟩ and the cross-correlations 1e-6 relative; g3 1e-4; probabilities relative to max(P, 1e-8);
// the classical S-matrix 1e-9; the axes and the truncation exactly; the residual is each solver's own
const tolerance = (c: string): Tolerance => {
  if (axisKeys.has(c) || c === 'fock') return 'exact';
  if (c === 'residual') return 'skip';
  if (c.endsWith('.g3')) return 1e-4;
  if (c.startsWith('classical.')) return 1e-9;
  return 1e-6;
};
// isolation and ratio are differences bounded by 1 (noise when the two are equal): their scale is 1
const rule = (c: string): ColumnRule => ({ floor: /\.P\d$/.test(c) ? 1e-8 : /\.(isolation|ratio)$/.test(c) ? 1 : c.startsWith('classical.') ? 1e-14 : 0 });

describe('the exported network script recomputes the stored studies (QuTiP, numpy)', () => {
  const h = scriptHarness(studies, 'Network script export checks');
  beforeAll(() => h.setup(), 120_000);
  afterAll(() => h.teardown());

  it('a thermal bath at a linear driven mode, two outputs and their cross-correlation, a fixed total K', () => {
    const r = h.check('thermal-point', tolerance, rule);
    expect(r.script).toMatch(/^FOCK_PER_POINT = \[4\]$/m);
    expect(r.script).toContain('qutip.enr_destroy');
    const cols = r.app.columns;
    for (const c of ['b->a.T', 'b->c.g2', 'b->c.g3', 'b->a,c.g2', 'a->b.T', 'b<->a.isolation', 'b<->a.ratio', 'classical.b->c.T', 'fock']) expect(cols).toContain(c);
    // the bath's own photons in b, not the drive's, dominate what is read there: T_{a→b} far above the
    // linear (classical, zero-temperature) transmission, which a passive network keeps ≤ 1
    const at = (c: string): number => r.py.rows[0]![cols.indexOf(c)]!;
    expect(at('classical.a->b.T')).toBeLessThanOrEqual(1);
    expect(at('a->b.T')).toBeGreaterThan(5);
  }, 600_000);

  it('two-photon loss κ₂ swept at a fixed per-mode truncation (qutip.tensor of qutip.destroy(5))', () => {
    const r = h.check('two-photon-sweep', tolerance, rule);
    expect(r.script).toContain('qutip.tensor(');
    // two-photon loss suppresses pairs: g2 of c→a (the Kerr mode read) falls as κ₂ grows
    const j = r.py.columns.indexOf('c->a.g2');
    const g2 = r.py.rows.map((row) => row[j]!);
    expect(g2[2]!).toBeLessThan(g2[0]!);
  }, 600_000);

  it('a four-mode ring over its flux at the stored automatic K, and the script repeats the automatic test to the same K', () => {
    expect(h.check('ring-auto', tolerance, rule).script).toMatch(/^FOCK_PER_POINT = \[3, 3\]$/m);
    // the same study with the stored truncations removed: the script's own test must pick the app's K
    const r = h.check('ring-auto', tolerance, rule, (script) => script.replace(/^FOCK_PER_POINT = .*$/m, 'FOCK_PER_POINT = None'));
    expect(r.script).toMatch(/^FOCK_PER_POINT = None$/m);
    const k = r.app.columns.indexOf('fock');
    expect(r.py.rows.map((row) => row[k])).toEqual(r.app.rows.map((row) => row[k]));
    // the flux makes the ring nonreciprocal: T differs both ways at φ = π/2
    const f = r.app.columns.indexOf('a->c.T');
    const b = r.app.columns.indexOf('c->a.T');
    expect(Math.abs(r.app.rows[1]![f]! - r.app.rows[1]![b]!)).toBeGreaterThan(0.01);
  }, 600_000);

  it('a classical 2-D map over a coupling phase and the detuning of every mode (numpy S-matrix, no QuTiP)', () => {
    const r = h.check('classical-map', tolerance, rule);
    expect(r.script).not.toContain('import qutip');
    expect(r.app.columns).toEqual(['a-c.phase', 'Delta', 'a->c.T', 'c->a.T', 'a<->c.isolation']);
    expect(r.app.rows).toHaveLength(20);
  }, 600_000);
});
