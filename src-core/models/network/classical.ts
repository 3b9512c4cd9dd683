/**
 * The linear limit of a network: its scattering matrix S(ω) = −i√Γ(M − ωI)⁻¹√Γ − I (seed 000
 * eq. 12 generalised) at the drive frequency (ω = 0 in the frame rotating with the drive), and
 * T_{i→j} = |S_ji|² for every output pair. The coupling J e^{iφ} a_i a_j† + h.c. enters the
 * dynamical matrix as M[j][i] = J e^{iφ} and M[i][j] = J e^{−iφ}.
 */
import { scatteringSolver, transmission } from '../../solvers/scattering.js';
import type { CoupledModeNetwork } from '../../solvers/network.js';
import { outputPairs, reversePairs, type NetworkSpec } from './spec.js';

export function linearNetwork(spec: NetworkSpec): CoupledModeNetwork {
  const index = new Map(spec.modes.map((m, k) => [m.name, k]));
  return {
    modes: spec.modes.map((m) => ({ name: m.name, omega: m.Delta, kappa: m.kappa })),
    couplings: spec.couplings.map((c) => ({ p: index.get(c.j)!, q: index.get(c.i)!, re: c.J * Math.cos(c.phase), im: c.J * Math.sin(c.phase) })),
  };
}

export interface NetworkClassical {
  /** T of every output pair ("a->c"). */
  T: Record<string, number>;
  /** |T_f − T_b| of every pair read both ways ("a<->c"). */
  isolation: Record<string, number>;
}

/** A reusable evaluator (workspaces kept per network size). */
export function createNetworkClassical(): (spec: NetworkSpec) => NetworkClassical {
  const solve = scatteringSolver();
  return (spec) => {
    const net = linearNetwork(spec);
    const n = net.modes.length;
    const s = solve(net, 0);
    const index = new Map(spec.modes.map((m, k) => [m.name, k]));
    const T: Record<string, number> = {};
    for (const p of outputPairs(spec)) T[p.key] = transmission(s, n, index.get(p.drive)!, index.get(p.output)!);
    const isolation: Record<string, number> = {};
    for (const r of reversePairs(spec)) isolation[r.key] = Math.abs(T[r.forward]! - T[r.backward]!);
    return { T, isolation };
  };
}
