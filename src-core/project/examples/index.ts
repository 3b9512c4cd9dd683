/**
 * The example projects that ship with NR Lab: each opens with a paper's parameter sets, its
 * studies ready to run and its figures laid out as in the paper ("New project from example").
 */
import { ParameterError } from '../../errors.js';
import type { ProjectDocument } from '../types.js';
import { LOSS_INDUCED_NAME, lossInducedNonreciprocityProject } from './loss-induced-nonreciprocity.js';
import { NONLOCAL_NAME, nonlocalLossCouplingProject } from './nonlocal-loss-coupling.js';

export interface ExampleProject {
  /** Stable slug, used in `origin` ("example:<name>") and by `newProject({ example })`. */
  name: string;
  title: string;
  description: string;
  /** A fresh document (no results) whose created/modified are `now` (ISO 8601). */
  build: (now: string) => ProjectDocument;
}

export const EXAMPLES: ExampleProject[] = [
  {
    name: LOSS_INDUCED_NAME,
    title: 'Loss-induced quantum nonreciprocity',
    description:
      'B. Li et al. (seed 000): two Kerr cavities and a lossy auxiliary cavity. Nonreciprocal transmission and photon blockade (1PB, 2PB) versus detuning, loss κ_b and phase θ — Figs. 2–5.',
    build: (now) => lossInducedNonreciprocityProject(now),
  },
  {
    name: NONLOCAL_NAME,
    title: 'Nonreciprocal coupling by nonlocal loss',
    description:
      'Y. Shen and S. Chen (seed 003): two resonators with a nonlocal loss γ_k|a_1|/|a_2|. Effective couplings, transmission versus κ and γ_k, S-parameter spectrum, pulse response and power independence — Figs. 2–6.',
    build: (now) => nonlocalLossCouplingProject(now),
  },
];

/**
 * Trace keys of a stored 'simulate' study result: `<loss>.<field>` for the model's own loss law
 * and, with `compareIdeal`, for `ideal` too (the fields of each `nrlab simulate` trace; x is `t`).
 */
export const SIMULATE_TRACE_FIELDS = ['input', 's1_out', 's2_out', 'a1', 'a2'] as const;

/** The example with this name, or a ParameterError naming 'example' and the valid names. */
export function exampleByName(name: string): ExampleProject {
  const ex = EXAMPLES.find((e) => e.name === name);
  if (!ex) throw new ParameterError('example', `unknown example "${name}"; examples: ${EXAMPLES.map((e) => e.name).join(', ')}`);
  return ex;
}
