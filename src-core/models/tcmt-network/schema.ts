/**
 * The tcmt-network model's parameters: the structural `spec` (JSON text, docs/tcmt-network-format.md)
 * and the CW drive — frequency ω and amplitude |s_+| — whose defaults are the spec's `input`, so a
 * sweep or `--set omega=…` varies them like any other parameter.
 */
import type { ParamInput, ParamSchema } from '../params.js';
import { canonicalTcmtSpec, parseTcmtSpec, type TcmtSpec } from './spec.js';
import { TCMT_PRESETS } from './presets.js';

export const DEFAULT_TCMT_SPEC = canonicalTcmtSpec(TCMT_PRESETS[0]!.spec);

/** The spec of parameter values (checked; errors name `spec.…`), or the default spec. */
export function tcmtSpecOf(input: ParamInput): TcmtSpec {
  const raw = input.spec;
  return parseTcmtSpec(raw === undefined ? DEFAULT_TCMT_SPEC : raw);
}

export function tcmtSchema(spec: TcmtSpec): ParamSchema {
  // a first sweep of ω: every resonance with two linewidths (or couplings) either side, not below 0 when every resonance is above it
  const rates = spec.resonators.map((r) => r.gamma + r.gamma0 + r.losses.reduce((s, l) => s + (l.kind === 'nonlocal' ? 0 : l.gamma), 0));
  const kappas = spec.couplings.map((c) => Math.max(Math.abs(c.kappa_ij), Math.abs(c.kappa_ji)));
  const width = 2 * Math.max(...rates, ...kappas, 1e-300);
  const omegas = spec.resonators.map((r) => r.omega);
  const low = Math.min(...omegas) - width;
  const sweep: [number, number] = [Math.min(...omegas) > 0 ? Math.max(0, low) : low, Math.max(...omegas) + width];
  return {
    params: [
      {
        kind: 'text',
        key: 'spec',
        symbol: 'spec',
        label: 'Network',
        group: 'Structure',
        default: canonicalTcmtSpec(spec),
        format: 'json',
        description: 'the resonators, loss terms, couplings, ports and input (JSON, docs/tcmt-network-format.md)',
        ref: 'docs/tcmt-network-format.md',
      },
      {
        kind: 'number',
        key: 'omega',
        symbol: 'ω',
        label: 'Drive frequency',
        unit: 'rad/s',
        group: 'Drive',
        default: spec.input.omega,
        ...(Number.isFinite(sweep[0]) && Number.isFinite(sweep[1]) && sweep[0] < sweep[1] ? { sweep } : {}),
        description: 'angular frequency of the CW input wave (default: the spec’s input.omega)',
        ref: 'seed 003, eq. 1',
      },
      {
        kind: 'number',
        key: 'amplitude',
        symbol: '|s_+|',
        label: 'Input amplitude',
        unit: '√W',
        group: 'Drive',
        default: spec.input.amplitude,
        min: 0,
        minExclusive: true,
        description: 'amplitude of the input wave at each driven port (default: the spec’s input.amplitude)',
        ref: 'seed 003, eq. 1',
      },
    ],
    aliases: [],
  };
}
