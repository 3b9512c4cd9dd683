/**
 * A linear coupled-mode network: N modes, each with a frequency and a loss rate into its own
 * channel, and complex couplings between them. The three-cavity system of seed 000 (eq. 10) and
 * its two-cavity variant are instances; so are the linear limits of seed 003.
 *
 * Equation of motion (seed 000 eq. 9): du/dt = -i M u + sqrt(Γ) u_in, with
 * M_jj = omega_j - i kappa_j / 2 and M_jk the coupling from mode k into mode j.
 */
export interface NetworkMode {
  /** Short name used in outputs (e.g. 'a'). */
  name: string;
  /** Frequency in the chosen frame (units of the network, e.g. κ or rad/s). */
  omega: number;
  /** Energy loss rate into this mode's channel (same units); kappa ≥ 0. */
  kappa: number;
}

/**
 * Coupling between modes `p` and `q`: M[p][q] = (re + i·im). Unless `reverse` is given, the
 * coupling is Hermitian: M[q][p] = conj(M[p][q]). A `reverse` value describes a non-Hermitian
 * (directly nonreciprocal) coupling M[q][p] = reverse.
 */
export interface NetworkCoupling {
  p: number;
  q: number;
  re: number;
  im: number;
  reverse?: { re: number; im: number };
}

export interface CoupledModeNetwork {
  modes: NetworkMode[];
  couplings: NetworkCoupling[];
}

/**
 * Write the dynamical matrix M (interleaved complex, row-major n×n) into `out`.
 * @example
 * dynamicalMatrix({ modes: [{ name: 'a', omega: 0, kappa: 2 }], couplings: [] }, out) // out = [0, -1]
 */
export function dynamicalMatrix(net: CoupledModeNetwork, out: Float64Array): Float64Array {
  const n = net.modes.length;
  out.fill(0, 0, 2 * n * n);
  for (let j = 0; j < n; j++) {
    const m = net.modes[j]!;
    out[2 * (j * n + j)] = m.omega;
    out[2 * (j * n + j) + 1] = -m.kappa / 2;
  }
  for (const c of net.couplings) {
    const pq = 2 * (c.p * n + c.q);
    const qp = 2 * (c.q * n + c.p);
    out[pq] = out[pq]! + c.re;
    out[pq + 1] = out[pq + 1]! + c.im;
    const rr = c.reverse ? c.reverse.re : c.re;
    const ri = c.reverse ? c.reverse.im : -c.im;
    out[qp] = out[qp]! + rr;
    out[qp + 1] = out[qp + 1]! + ri;
  }
  return out;
}
