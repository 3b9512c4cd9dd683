/**
 * The network model's typed output and quantity catalogue. Keys follow the spec: an output pair
 * "a->c" (driven at a, read at c) has `a->c.T`, `a->c.g2`, …; a pair read both ways has
 * `a<->c.isolation` and `a<->c.ratio`; two outputs c, d of one direction have the cross-correlation
 * `a->c,d.g2`. The classical solver yields T and the isolation only.
 */
import type { SteadyStateDiagnostics } from '../../solvers/lindblad-steady-state.js';
import type { QuantitySpec } from '../model.js';
import type { NetworkPairResult, TruncationReport } from './quantum.js';
import { outputPairs, pairKey, reversePairs, type NetworkSpec } from './spec.js';

export interface NetworkClassicalOutput {
  /** T of every output pair, linear S-matrix. */
  T: Record<string, number>;
  isolation: Record<string, number>;
}

/**
 * One output pair of a quantum output ("a->c"): its statistics, and its direction's steady state —
 * every mode's mean photon number and distribution, the top-shell population and the diagnostics
 * (ρ itself is not kept).
 */
export interface NetworkDirectionOutput extends NetworkPairResult {
  drive: string;
  output: string;
  modes: { mean_n: Record<string, number>; P: Record<string, number[]> };
  top_shell: number;
  diagnostics: SteadyStateDiagnostics;
}

export interface NetworkQuantumOutput {
  /** Keyed by output pair ("a->c"). */
  directions: Record<string, NetworkDirectionOutput>;
  cross: Record<string, number>;
  reverse: Record<string, { isolation: number; ratio: number }>;
  truncation: TruncationReport;
  classical: NetworkClassicalOutput;
}

/** `network`: the spec as solved (the parameter values in place), canonical JSON. */
export type NetworkOutput = { solver: 'classical'; network: string; classical: NetworkClassicalOutput } | ({ solver: 'quantum'; network: string } & NetworkQuantumOutput);

/** "a->c" as the arrow shown in symbols and labels ("a→c"). */
export const arrowOf = (pair: string): string => pair.replace('<->', '↔').replace('->', '→');

/** The cross-correlation keys of a spec: every two outputs of one direction ("a->c,d"). */
export function crossKeys(spec: NetworkSpec): { key: string; drive: string; j: string; k: string }[] {
  const out: { key: string; drive: string; j: string; k: string }[] = [];
  for (const d of spec.directions) {
    for (let x = 0; x < d.outputs.length; x++) {
      for (let y = x + 1; y < d.outputs.length; y++) out.push({ key: `${pairKey(d.drive, d.outputs[x]!)},${d.outputs[y]!}`, drive: d.drive, j: d.outputs[x]!, k: d.outputs[y]! });
    }
  }
  return out;
}

const spec = (key: string, symbol: string, label: string, extra: Partial<QuantitySpec> = {}): QuantitySpec => ({ key, symbol, label, unit: '', scale: 'linear', ...extra });

/** The catalogue of a network for one solver. */
export function networkQuantities(net: NetworkSpec, solver: 'quantum' | 'classical'): QuantitySpec[] {
  const pairs = outputPairs(net);
  const keys = new Set(pairs.map((p) => p.key));
  const twin = (p: { drive: string; output: string }): Partial<QuantitySpec> => {
    const back = pairKey(p.output, p.drive);
    return keys.has(back) ? { twin: back } : {};
  };
  const out: QuantitySpec[] = [];
  for (const p of pairs) {
    const a = arrowOf(p.key);
    const on = { direction: p.key };
    const tw = (suffix: string): Partial<QuantitySpec> => ('twin' in twin(p) ? { twin: `${pairKey(p.output, p.drive)}.${suffix}` } : {});
    if (solver === 'classical') {
      out.push(spec(`${p.key}.T`, `T_{${a}}`, `Transmission ${a}`, { ...on, ...tw('T') }));
      continue;
    }
    const log = { ...on, scale: 'log' as const };
    out.push(
      spec(`${p.key}.T`, `T_{${a}}`, `Transmission ${a}`, { ...on, ...tw('T') }),
      spec(`${p.key}.g2`, `g^{(2)}_{${a}}(0)`, `Second-order correlation ${a}`, { ...log, ...tw('g2'), richLabel: `Second-order correlation g^{(2)}(0), ${a}` }),
      spec(`${p.key}.g3`, `g^{(3)}_{${a}}(0)`, `Third-order correlation ${a}`, { ...log, ...tw('g3'), richLabel: `Third-order correlation g^{(3)}(0), ${a}` }),
      spec(`${p.key}.mean_n`, `⟨n_{${p.output}}⟩_{${a}}`, `Mean photon number of ${p.output} (${a})`, { ...log, ...tw('mean_n'), richLabel: `Mean photon number ⟨n_{${p.output}}⟩ (${a})` }),
      spec(`${p.key}.P1`, `P_{${p.output}}(1)_{${a}}`, `One-photon probability of ${p.output} (${a})`, { ...log, ...tw('P1') }),
      spec(`${p.key}.P2`, `P_{${p.output}}(2)_{${a}}`, `Two-photon probability of ${p.output} (${a})`, { ...log, ...tw('P2') }),
    );
  }
  if (solver === 'quantum') {
    for (const c of crossKeys(net)) {
      out.push(spec(`${c.key}.g2`, `g^{(2)}_{${c.j}${c.k}}(0)`, `Cross-correlation of ${c.j} and ${c.k} (driven at ${c.drive})`, { scale: 'log', richLabel: `Cross-correlation g^{(2)}_{${c.j}${c.k}}(0), driven at ${c.drive}` }));
    }
  }
  for (const r of reversePairs(net)) {
    const f = arrowOf(r.forward);
    const b = arrowOf(r.backward);
    out.push(spec(`${r.key}.isolation`, `I_{${arrowOf(r.key)}}`, `Isolation between ${f} and ${b}`, { richLabel: `Isolation |T_{${f}} − T_{${b}}|` }));
    if (solver === 'quantum') {
      out.push(spec(`${r.key}.ratio`, `R_{${arrowOf(r.key)}}`, `Nonreciprocal ratio of the correlations ${f}, ${b}`, { richLabel: `Nonreciprocal ratio |(g^{(2)}_{${f}} − g^{(2)}_{${b}})/(g^{(2)}_{${f}} + g^{(2)}_{${b}})|` }));
    }
  }
  if (solver === 'quantum') {
    for (const p of pairs) {
      const a = arrowOf(p.key);
      out.push(spec(`classical.${p.key}.T`, `T^{cl}_{${a}}`, `Classical (weak-drive) transmission ${a}`, { direction: p.key, ...('twin' in twin(p) ? { twin: `classical.${pairKey(p.output, p.drive)}.T` } : {}) }));
    }
    out.push(spec('residual', 'max|𝓛ρ|', 'Steady-state residual (relative, worst direction)', { scale: 'log' }), spec('fock', 'K', 'Truncation used'));
  }
  return out;
}
