/**
 * The tcmt-network model's typed output and quantity catalogue: per driven port p, the S-parameters
 * S_qp at every port q of the state reached from rest (|S|, dB), the absorbed fraction
 * 1 − Σ_q|S_qp|², and the number of steady states found; per port pair the isolation.
 */
import type { QuantitySpec } from '../model.js';
import type { TcmtSpec } from './spec.js';

/** One S-parameter: modulus, phase (rad) and 20·log10 of the modulus. */
export interface SParameter {
  abs: number;
  phase: number;
  dB: number;
}

export interface TcmtSolutionOutput {
  /** S_qp at every port q ('S21', …) of this state. */
  S: Record<string, SParameter>;
  /** Rotating-frame resonator amplitudes (√J). */
  a: { re: number; im: number }[];
  /** Resonators held at a = 0 by their nonlocal loss. */
  stuck: string[];
  /** Linear stability: the largest real part of the Jacobian's eigenvalues (1/s) < 0. */
  stable: boolean;
  maxRe: number;
  residual: number;
  /** True for the state reached from rest. */
  fromRest: boolean;
}

export interface TcmtPortOutput {
  /** The driven port (1-based) and its resonator. */
  port: number;
  resonator: string;
  /** S_qp of the primary state (the one reached from rest). */
  S: Record<string, SParameter>;
  /** 1 − Σ_q|S_qp|²: the fraction of the input power absorbed (lost in the resonators). */
  absorbed: number;
  /** Every steady state found, sorted by stored energy. */
  solutions: TcmtSolutionOutput[];
  /** Index of the primary state in solutions. */
  primary: number;
  /** The run from rest: settled?, simulated time (s), steps, last window's relative change, snaps to a = 0. */
  rest: { converged: boolean; time: number; steps: number; change: number; snaps: number };
}

export interface TcmtNetworkOutput {
  /** The spec solved (canonical JSON). */
  spec: string;
  omega: number;
  amplitude: number;
  ports: TcmtPortOutput[];
  /** More than one steady state at some driven port. */
  multistable: boolean;
  timeMs: number;
}

const q = (key: string, symbol: string, label: string, extra: Partial<QuantitySpec> = {}): QuantitySpec => ({ key, symbol, label, unit: '', scale: 'linear', ...extra });

/** The quantity catalogue of a spec (keys by port number, e.g. 'S21.abs' for port 1 → 2). */
export function tcmtQuantities(spec: TcmtSpec): QuantitySpec[] {
  const P = spec.ports.length;
  const out: QuantitySpec[] = [];
  for (let p = 1; p <= P; p++) {
    const direction = `port${p}`;
    for (let r = 1; r <= P; r++) {
      const what = r === p ? `Reflection at port ${p}` : `Transmission port ${p} → ${r}`;
      const twin = r === p ? undefined : `S${p}${r}`;
      out.push(q(`S${r}${p}.abs`, `|S_{${r}${p}}|`, `${what} (amplitude)`, { direction, ...(twin ? { twin: `${twin}.abs` } : {}) }));
      out.push(q(`S${r}${p}.dB`, `|S_{${r}${p}}|`, `${what} in dB`, { direction, unit: 'dB', signed: true, richLabel: `${what} 20 log_{10}|S_{${r}${p}}|`, ...(twin ? { twin: `${twin}.dB` } : {}) }));
    }
    out.push(q(`absorbed_${p}`, `A_{${p}}`, `Absorbed fraction, port ${p} driven`, { direction, richLabel: `Absorbed fraction 1 − Σ_{q}|S_{q${p}}|^{2}, port ${p} driven` }));
    out.push(q(`solutions_${p}`, `n_{sol,${p}}`, `Steady states found, port ${p} driven`, { direction }));
  }
  for (let p = 1; p <= P; p++) {
    for (let r = p + 1; r <= P; r++) {
      out.push(
        q(`isolation_${p}${r}`, `I_{${p}${r}}`, `Isolation in dB between ports ${p} and ${r} (∞ where one is 0 exactly)`, {
          unit: 'dB',
          signed: true,
          richLabel: `Isolation 20 log_{10}(|S_{${p}${r}}|/|S_{${r}${p}}|)`,
        }),
      );
    }
  }
  return out;
}
