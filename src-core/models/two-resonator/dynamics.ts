/**
 * Time-domain engine of the two-resonator system (seed 003, eq. 1–2): temporal coupled-mode
 * theory integrated with low-storage Runge–Kutta schemes, for every loss model. Split by idea:
 * - dynamics/waveforms.ts — input waves σ(t) (CW, Gaussian, rectangular);
 * - dynamics/rhs.ts — the coupled-mode equations, with the Filippov treatment of the nonlocal force
 *   (its module comment derives it), linear eigenvalues and the nonlinear loss bound;
 * - dynamics/integrate.ts — `simulate`: the stepping loop, sampled traces and diagnostics;
 * - dynamics/cw.ts — `cwSteadyState`: the CW steady state and the S-parameters of one port.
 * This module re-exports their public names.
 */
export { envelopeFunction, smoothStep, type InputWaveform } from './dynamics/waveforms.js';
export { extraLossBound, linearEigenvalues, twoResonatorDynamics, type TwoResonatorDynamics } from './dynamics/rhs.js';
export { simulate, type SimulateOptions, type SimulationDiagnostics, type SimulationResult } from './dynamics/integrate.js';
export { cwSteadyState, type CwSteadyStateOptions, type CwSteadyStateResult } from './dynamics/cw.js';
