/**
 * Presets of the tcmt-network model: seed 003's two-resonator system in each of its loss modes
 * (the same numbers as the two-resonator model's defaults: γ_10 = γ_20 = 0.5e6 1/s, κ = π·1e6 rad/s,
 * γ_i = √(γ_i0² + κ²), ω_1 = ω_2 = ω = 2π·1e6 rad/s, γ_k = κ, γ_nl = 1e6, I_sat = 1, |s_+| = 1), a
 * three-resonator chain whose nonlocal term references a non-neighbour, and a bistable Kerr resonator.
 */
import type { TcmtSpec } from './spec.js';

export interface TcmtPreset {
  id: string;
  name: string;
  description: string;
  spec: TcmtSpec;
}

const KAPPA = Math.PI * 1e6;
const W0 = 2 * Math.PI * 1e6;
const G0 = 0.5e6;
const G = Math.hypot(G0, KAPPA);

function seed003(losses2: TcmtSpec['resonators'][number]['losses'], coupling: TcmtSpec['couplings'][number] = { i: 'r1', j: 'r2', kappa_ij: KAPPA, kappa_ji: KAPPA }): TcmtSpec {
  return {
    resonators: [
      { name: 'r1', omega: W0, gamma: G, gamma0: G0, chi: 0, losses: [] },
      { name: 'r2', omega: W0, gamma: G, gamma0: G0, chi: 0, losses: losses2 },
    ],
    couplings: [coupling],
    ports: ['r1', 'r2'],
    input: { omega: W0, amplitude: 1, port: 1 },
  };
}

export const TCMT_PRESETS: TcmtPreset[] = [
  {
    id: 'seed003-nonlocal',
    name: 'Seed 003, nonlocal loss (Fig. 3)',
    description: "two resonators, nonlocal loss γₖ|a₁|/|a₂| on resonator 2 with γₖ = κ: S₂₁ = 0 exactly on resonance (the paper's setting)",
    spec: seed003([{ kind: 'nonlocal', gamma: KAPPA, reference: 'r1' }]),
  },
  { id: 'seed003-linear', name: 'Seed 003, linear (reciprocal)', description: 'the same two resonators without the nonlocal loss: |S₂₁| = |S₁₂|', spec: seed003([]) },
  {
    id: 'seed003-ideal',
    name: 'Seed 003, ideal nonreciprocal coupling',
    description: 'κ₁₂ = 0, κ₂₁ = κ given directly (Fig. 5a)',
    spec: seed003([], { i: 'r1', j: 'r2', kappa_ij: 0, kappa_ji: KAPPA }),
  },
  { id: 'seed003-kerr', name: 'Seed 003, local Kerr-like loss', description: 'local loss γₙₗ|a₂|² on resonator 2 (γₙₗ = 1e6) for comparison (Fig. 6)', spec: seed003([{ kind: 'kerr', gamma: 1e6 }]) },
  {
    id: 'seed003-saturable',
    name: 'Seed 003, local saturable loss',
    description: 'local loss γₙₗ/(1 + |a₂|²/Pₛₐₜ) on resonator 2 (γₙₗ = 1e6, Pₛₐₜ = 1) for comparison (Fig. 6)',
    spec: seed003([{ kind: 'saturable', gamma: 1e6, P_sat: 1 }]),
  },
  {
    id: 'chain3-nonlocal',
    name: 'Three-resonator chain, nonlocal loss on r3 referencing r1',
    description: 'r1 – r2 – r3 in a chain (normalised units, κ = 1); r3 has a nonlocal loss γₖ|a₁|/|a₃| referencing r1, which it is not coupled to; ports at r1 and r3',
    spec: {
      resonators: [
        { name: 'r1', omega: 0, gamma: 1, gamma0: 0.2, chi: 0, losses: [] },
        { name: 'r2', omega: 0, gamma: 0, gamma0: 0.2, chi: 0, losses: [] },
        { name: 'r3', omega: 0, gamma: 1, gamma0: 0.2, chi: 0, losses: [{ kind: 'nonlocal', gamma: 0.5, reference: 'r1' }] },
      ],
      couplings: [
        { i: 'r1', j: 'r2', kappa_ij: 1, kappa_ji: 1 },
        { i: 'r2', j: 'r3', kappa_ij: 1, kappa_ji: 1 },
      ],
      ports: ['r1', 'r3'],
      input: { omega: 0, amplitude: 1, port: 1 },
    },
  },
  {
    id: 'kerr-bistable',
    name: 'Bistable Kerr resonator',
    description: 'one resonator (γ = γ₀ = 0.5, normalised units) with a Kerr shift χ|a|² (χ = 1), driven 3 above resonance with |s_+| = 2: three steady states, two stable',
    spec: {
      resonators: [{ name: 'r1', omega: 0, gamma: 0.5, gamma0: 0.5, chi: 1, losses: [] }],
      couplings: [],
      ports: ['r1'],
      input: { omega: 3, amplitude: 2, port: 1 },
    },
  },
];
