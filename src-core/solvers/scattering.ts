import { ComputationError } from '../errors.js';
import { luFactor, luSolve, pivotRatio } from '../linalg/lu.js';
import { dynamicalMatrix, type CoupledModeNetwork } from './network.js';

/** Above this pivot ratio (M - ωI) is treated as singular: S is not defined there. */
const SINGULAR_PIVOT_RATIO = 1e13;

/** Scratch buffers for repeated S-matrix evaluations of networks of one size. */
export interface ScatteringWorkspace {
  n: number;
  a: Float64Array;
  piv: Int32Array;
  col: Float64Array;
}

export function scatteringWorkspace(n: number): ScatteringWorkspace {
  return { n, a: new Float64Array(2 * n * n), piv: new Int32Array(n), col: new Float64Array(2 * n) };
}

/**
 * Classical scattering matrix of a coupled-mode network at probe frequency ω:
 *
 *   S(ω) = -i √Γ (M - ωI)⁻¹ √Γ - I        (seed 000 eq. 12, with √Γ on both sides)
 *
 * Element S[i][j] (interleaved complex, row-major, in `out`) is the amplitude leaving channel i
 * per amplitude entering channel j, so T_{j→i} = |S_ij|².
 *
 * @throws ComputationError when M - ωI is singular (a lossless mode decoupled from every port
 *   resonant at ω): S is not defined there.
 */
export function scatteringMatrix(
  net: CoupledModeNetwork,
  omega: number,
  out: Float64Array,
  ws: ScatteringWorkspace = scatteringWorkspace(net.modes.length),
): Float64Array {
  const n = net.modes.length;
  if (ws.n !== n) throw new Error(`workspace is for ${ws.n} modes, network has ${n}`);
  const { a, piv, col } = ws;
  dynamicalMatrix(net, a);
  for (let j = 0; j < n; j++) a[2 * (j * n + j)] = a[2 * (j * n + j)]! - omega;
  const zeroAt = luFactor(n, a, piv);
  if (zeroAt >= 0 || pivotRatio(n, a) > SINGULAR_PIVOT_RATIO) {
    throw new ComputationError(
      `M - ωI is singular at ω = ${omega}: a lossless mode is resonant and decoupled from every port, so S is undefined`,
    );
  }
  for (let j = 0; j < n; j++) {
    const sj = Math.sqrt(net.modes[j]!.kappa);
    col.fill(0);
    col[2 * j] = sj;
    luSolve(n, a, piv, col);
    for (let i = 0; i < n; i++) {
      const si = Math.sqrt(net.modes[i]!.kappa);
      // -i * si * x  =  si * (x_im, -x_re)
      const o = 2 * (i * n + j);
      out[o] = si * col[2 * i + 1]! - (i === j ? 1 : 0);
      out[o + 1] = -si * col[2 * i]!;
    }
  }
  return out;
}

/** |S[i][j]|², the power transmitted from channel j into channel i. */
export function transmission(s: Float64Array, n: number, from: number, to: number): number {
  const o = 2 * (to * n + from);
  return s[o]! * s[o]! + s[o + 1]! * s[o + 1]!;
}

/**
 * A reusable S-matrix evaluator: workspaces kept per network size, so a sweep over networks of a
 * few sizes allocates once. The returned matrix is overwritten by the next call of the same size.
 */
export function scatteringSolver(): (net: CoupledModeNetwork, omega: number) => Float64Array {
  const spaces = new Map<number, { ws: ScatteringWorkspace; s: Float64Array }>();
  return (net, omega) => {
    const n = net.modes.length;
    let sp = spaces.get(n);
    if (!sp) {
      sp = { ws: scatteringWorkspace(n), s: new Float64Array(2 * n * n) };
      spaces.set(n, sp);
    }
    return scatteringMatrix(net, omega, sp.s, sp.ws);
  };
}
