/**
 * Named networks to start from: the two systems of seed 000 (whose numbers equal the three-cavity
 * model's) and two of the family's next members. Rates in units of κ.
 */
import type { NetworkSpec } from './spec.js';

export interface NetworkPreset {
  /** Short id for the CLI (`nrlab models network --preset seed-three-cavity`). */
  id: string;
  /** Plain text (Unicode, no markup). */
  name: string;
  description: string;
  spec: NetworkSpec;
}

const J = Math.SQRT2 / 2;
const kerr = (name: string, Delta = 0.5): NetworkSpec['modes'][number] => ({ name, Delta, kappa: 1, U: 5, n_th: 0, kappa2: 0 });
const linear = (name: string, kappa: number, Delta = 0.5): NetworkSpec['modes'][number] => ({ name, Delta, kappa, U: 0, n_th: 0, kappa2: 0 });
const both = (x: string, y: string, Omega = 0.1): NetworkSpec['directions'] => [
  { drive: x, Omega, phase: 0, outputs: [y] },
  { drive: y, Omega, phase: 0, outputs: [x] },
];

export const PRESETS: readonly NetworkPreset[] = [
  {
    id: 'seed-three-cavity',
    name: 'Seed 000: three cavities (Fig. 2)',
    description: 'Kerr cavities a and c coupled directly (phase −π/4) and through the lossy linear cavity b (loss κ); Δ = 0.5κ, U = 5κ, Ω = 0.1κ: the three-cavity model’s Fig. 2 point',
    spec: {
      modes: [kerr('a'), linear('b', 1), kerr('c')],
      couplings: [
        { i: 'a', j: 'c', J, phase: -Math.PI / 4 },
        { i: 'a', j: 'b', J, phase: 0 },
        { i: 'c', j: 'b', J, phase: 0 },
      ],
      directions: both('a', 'c'),
    },
  },
  {
    id: 'seed-two-cavity',
    name: 'Seed 000: two cavities (Fig. 2a, d)',
    description: 'Kerr cavities a and c coupled directly with phase θ = −π/4, without the lossy cavity b: reciprocal',
    spec: {
      modes: [kerr('a'), kerr('c')],
      couplings: [{ i: 'a', j: 'c', J, phase: -Math.PI / 4 }],
      directions: both('a', 'c'),
    },
  },
  {
    id: 'ring-four',
    name: 'Four-mode ring with a phase',
    description: 'Kerr modes a and c on opposite corners of a ring closed through linear modes b (lossy, 2κ) and d (0.5κ); the phase π/2 on d–a threads a synthetic flux, and with the unequal losses the ring transmits c→a about three times better than a→c',
    spec: {
      modes: [kerr('a'), linear('b', 2), kerr('c'), linear('d', 0.5)],
      couplings: [
        { i: 'a', j: 'b', J: 0.5, phase: 0 },
        { i: 'b', j: 'c', J: 0.5, phase: 0 },
        { i: 'c', j: 'd', J: 0.5, phase: 0 },
        { i: 'd', j: 'a', J: 0.5, phase: Math.PI / 2 },
      ],
      directions: both('a', 'c'),
    },
  },
  {
    id: 'dimer-two-auxiliaries',
    name: 'Dimer with two lossy auxiliaries',
    description: 'Kerr modes a and c coupled directly and through two lossy linear auxiliaries b1 (κ) and b2 (2κ) with opposite coupling phases',
    spec: {
      modes: [kerr('a'), kerr('c'), linear('b1', 1), linear('b2', 2)],
      couplings: [
        { i: 'a', j: 'c', J: 0.5, phase: -Math.PI / 4 },
        { i: 'a', j: 'b1', J: 0.5, phase: 0 },
        { i: 'c', j: 'b1', J: 0.5, phase: Math.PI / 4 },
        { i: 'a', j: 'b2', J: 0.5, phase: 0 },
        { i: 'c', j: 'b2', J: 0.5, phase: -Math.PI / 4 },
      ],
      directions: both('a', 'c'),
    },
  },
];

export function presetById(id: string): NetworkPreset | undefined {
  return PRESETS.find((p) => p.id === id);
}
