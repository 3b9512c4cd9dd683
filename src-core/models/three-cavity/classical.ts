import { scatteringSolver, transmission } from '../../solvers/scattering.js';
import type { CoupledModeNetwork } from '../../solvers/network.js';
import { num, type ParamValues } from '../params.js';

/**
 * The linear three-cavity network of seed 000 eq. 10 in the frame rotating at the drive
 * frequency ω_p: mode order (a, c, b), diagonal Δ_j - iκ_j/2, M[a][c] = J_ac e^{-iθ}.
 * The probe sits at ω = 0 in this frame (δ = ω - ω_0 = -Δ). With `cavities = 2`, b is absent.
 */
export function threeCavityNetwork(v: ParamValues): CoupledModeNetwork {
  const theta = num(v, 'theta');
  const Jac = num(v, 'J_ac');
  const net: CoupledModeNetwork = {
    modes: [
      { name: 'a', omega: num(v, 'Delta_a'), kappa: num(v, 'kappa_a') },
      { name: 'c', omega: num(v, 'Delta_c'), kappa: num(v, 'kappa_c') },
    ],
    couplings: [{ p: 0, q: 1, re: Jac * Math.cos(theta), im: -Jac * Math.sin(theta) }],
  };
  if (num(v, 'cavities') === 3) {
    net.modes.push({ name: 'b', omega: num(v, 'Delta_b'), kappa: num(v, 'kappa_b') });
    net.couplings.push({ p: 0, q: 2, re: num(v, 'J_ab'), im: 0 }, { p: 1, q: 2, re: num(v, 'J_bc'), im: 0 });
  }
  return net;
}

export interface ClassicalTransmission {
  a_to_c: { T: number };
  c_to_a: { T: number };
  isolation: number;
}

/** Reusable evaluator of T_{a→c} = |S_ca|², T_{c→a} = |S_ac|² and I = |T_{a→c} − T_{c→a}|. */
export function createClassicalTransmission(): (v: ParamValues) => ClassicalTransmission {
  const solve = scatteringSolver();
  return (v) => {
    const net = threeCavityNetwork(v);
    const n = net.modes.length;
    const s = solve(net, 0);
    const Tac = transmission(s, n, 0, 1);
    const Tca = transmission(s, n, 1, 0);
    return { a_to_c: { T: Tac }, c_to_a: { T: Tca }, isolation: Math.abs(Tac - Tca) };
  };
}
