/**
 * The three-cavity model's typed output and quantity catalogue. The classical solver yields T in
 * both directions and the isolation; the quantum solver adds photon statistics per direction, the
 * truncation it used and the steady-state diagnostics.
 */
import type { QuantitySpec } from '../model.js';
import type { SteadyStateDiagnostics } from '../../solvers/lindblad-steady-state.js';
import type { DirectionResult, TruncationReport } from './quantum.js';

export type ThreeCavityDirection = 'a_to_c' | 'c_to_a';
export const DIRECTIONS: readonly ThreeCavityDirection[] = ['a_to_c', 'c_to_a'];
export const ARROW: Record<ThreeCavityDirection, string> = { a_to_c: 'a→c', c_to_a: 'c→a' };

/** The classical (weak-drive) S-matrix output. */
export interface ThreeCavityClassicalOutput {
  a_to_c: { T: number };
  c_to_a: { T: number };
  isolation: number;
}

/** One driving direction of the quantum output (the steady state ρ itself is not kept). */
export type ThreeCavityDirectionOutput = Omit<DirectionResult, 'diagnostics' | 'rho'>;

/** The quantum (Lindblad steady state) output. */
export interface ThreeCavityQuantumOutput {
  a_to_c: ThreeCavityDirectionOutput;
  c_to_a: ThreeCavityDirectionOutput;
  isolation: number;
  ratio: number;
  classical: ThreeCavityClassicalOutput;
  truncation: TruncationReport;
  diagnostics: Record<ThreeCavityDirection, SteadyStateDiagnostics>;
}

export type ThreeCavityOutput = ThreeCavityClassicalOutput | ThreeCavityQuantumOutput;

export function isQuantumOutput(o: ThreeCavityOutput): o is ThreeCavityQuantumOutput {
  return 'truncation' in o;
}

const spec = (key: string, symbol: string, label: string, extra: Partial<QuantitySpec> = {}): QuantitySpec => ({ key, symbol, label, unit: '', scale: 'linear', ...extra });

const ISOLATION = spec('isolation', 'I', 'Isolation (difference of the transmissions)', { richLabel: 'Isolation |T_{a→c} − T_{c→a}|' });

/** The same key in the other direction. */
const other = (key: string): string => (key.includes('a_to_c') ? key.replace('a_to_c', 'c_to_a') : key.replace('c_to_a', 'a_to_c'));
/** Directional quantities name their twin. */
const twinned = (list: QuantitySpec[]): QuantitySpec[] => list.map((q) => (q.direction ? { ...q, twin: other(q.key) } : q));

export const CLASSICAL_QUANTITIES: QuantitySpec[] = twinned([
  spec('a_to_c.T', 'T_{a→c}', 'Transmission a→c', { direction: 'a_to_c' }),
  spec('c_to_a.T', 'T_{c→a}', 'Transmission c→a', { direction: 'c_to_a' }),
  ISOLATION,
]);

function direction(d: ThreeCavityDirection, out: string): QuantitySpec[] {
  const arrow = ARROW[d];
  const on = { direction: d };
  const log = { direction: d, scale: 'log' as const };
  return [
    spec(`${d}.T`, `T_{${arrow}}`, `Transmission ${arrow}`, on),
    spec(`${d}.g2`, `g^{(2)}_{${arrow}}(0)`, `Second-order correlation ${arrow}`, { ...log, richLabel: `Second-order correlation g^{(2)}(0), ${arrow}` }),
    spec(`${d}.g3`, `g^{(3)}_{${arrow}}(0)`, `Third-order correlation ${arrow}`, { ...log, richLabel: `Third-order correlation g^{(3)}(0), ${arrow}` }),
    spec(`${d}.mean_n`, `⟨${out}^†${out}⟩_{${arrow}}`, `Mean photon number of ${out} (${arrow})`, { ...log, richLabel: `Mean photon number ⟨${out}^†${out}⟩ (${arrow})` }),
    spec(`${d}.P1`, `P_{${out}}(1)_{${arrow}}`, `One-photon probability of ${out} (${arrow})`, log),
    spec(`${d}.P2`, `P_{${out}}(2)_{${arrow}}`, `Two-photon probability of ${out} (${arrow})`, log),
    spec(`${d}.P3`, `P_{${out}}(3)_{${arrow}}`, `Three-photon probability of ${out} (${arrow})`, log),
  ];
}

export const QUANTUM_QUANTITIES: QuantitySpec[] = twinned([
  ...direction('a_to_c', 'c'),
  ...direction('c_to_a', 'a'),
  ISOLATION,
  spec('ratio', 'R', 'Nonreciprocal ratio of the correlations', { richLabel: 'Nonreciprocal ratio |(g^{(2)}_{a→c} − g^{(2)}_{c→a})/(g^{(2)}_{a→c} + g^{(2)}_{c→a})|' }),
  spec('classical.a_to_c.T', 'T^{cl}_{a→c}', 'Classical (weak-drive) transmission a→c', { direction: 'a_to_c' }),
  spec('classical.c_to_a.T', 'T^{cl}_{c→a}', 'Classical (weak-drive) transmission c→a', { direction: 'c_to_a' }),
  spec('residual', 'max|𝓛ρ|', 'Steady-state residual (relative, worst direction)', { scale: 'log' }),
  spec('fock', 'K', 'Truncation used'),
]);
