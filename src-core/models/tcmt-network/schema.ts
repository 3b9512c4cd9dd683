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
