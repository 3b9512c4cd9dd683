import type { ModelDefinition, QuantitySpec } from '../model.js';
import { createClassicalTransmission } from './classical.js';
import { threeCavitySchema } from './schema.js';

const CLASSICAL_QUANTITIES: QuantitySpec[] = [
  { key: 'a_to_c.T', symbol: 'T_{a→c}', label: 'Transmission a→c', unit: '' },
  { key: 'c_to_a.T', symbol: 'T_{c→a}', label: 'Transmission c→a', unit: '' },
  { key: 'isolation', symbol: 'I', label: 'Isolation |T_{a→c} − T_{c→a}|', unit: '' },
];

/** Seed 000: loss-induced nonreciprocity in a three-cavity (two Kerr, one lossy) network. */
export const threeCavityModel: ModelDefinition = {
  id: 'three-cavity',
  title: 'Three-cavity loss-induced nonreciprocity',
  description: 'Two Kerr cavities a, c and a lossy linear cavity b; transmission in both driving directions.',
  reference: 'B. Li et al., "Loss-induced quantum nonreciprocity" (seed 000)',
  schema: threeCavitySchema,
  quantities: () => CLASSICAL_QUANTITIES,
  createSolver() {
    const classical = createClassicalTransmission();
    return (values) => {
      const r = classical(values);
      return {
        output: { a_to_c: { T: r.a_to_c.T }, c_to_a: { T: r.c_to_a.T }, isolation: r.isolation },
        scalars: { 'a_to_c.T': r.a_to_c.T, 'c_to_a.T': r.c_to_a.T, isolation: r.isolation },
      };
    };
  },
};
