/**
 * Frequency-domain figures of merit (seed 003 Fig. 4): S-parameters over a band of drive
 * frequencies, the 3 dB bandwidth of the pass direction (S12, port 2 → 1) around the carrier, and
 * the isolation across that band.
 */
import { isolationDb, portSteadyState, cabs } from './steady.js';
import type { TwoResonatorParams } from './params.js';

export interface BandReport {
  /** Angular frequencies of the −3 dB points of |S12| around the carrier (rad/s); NaN if outside the scan. */
  low: number;
  high: number;
  /** high − low (rad/s), the same in Hz, and relative to the carrier ω (dimensionless). */
  width: number;
  widthHz: number;
  relative: number;
  /** Smallest and largest isolation (dB) between the −3 dB points. */
  minIsolationDb: number;
  maxIsolationDb: number;
  /** The scan: ±span·ω around ω with `points` points. */
  span: number;
  points: number;
}

/** A scan wide enough for the resonances: ten total linewidths either side, within (0, 2ω). */
export function defaultSpan(p: TwoResonatorParams): number {
  const width = p.gamma_1 + p.gamma_10 + p.gamma_2 + p.gamma_20 + p.kappa + Math.abs(p.omega_1 - p.omega_2);
  return Math.min(0.99, (10 * width) / Math.abs(p.omega));
}

/** |S21| and |S12| over ω (all other parameters fixed). */
export function frequencyResponse(p: TwoResonatorParams, omegas: Float64Array): { S21: Float64Array; S12: Float64Array; S11: Float64Array; S22: Float64Array } {
  const n = omegas.length;
  const out = { S21: new Float64Array(n), S12: new Float64Array(n), S11: new Float64Array(n), S22: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const q = { ...p, omega: omegas[i]! };
    const f = portSteadyState(q, 1).primary;
    const b = portSteadyState(q, 2).primary;
    out.S21[i] = cabs(f.transmission);
    out.S11[i] = cabs(f.reflection);
    out.S12[i] = cabs(b.transmission);
    out.S22[i] = cabs(b.reflection);
  }
  return out;
}

/** The −3 dB band of |S12| around the carrier, found on a scan of ±span·ω with linear interpolation of the edges. */
export function band3dB(p: TwoResonatorParams, span = defaultSpan(p), points = 2001): BandReport {
  const omegas = new Float64Array(points);
  for (let i = 0; i < points; i++) omegas[i] = p.omega * (1 - span + (2 * span * i) / (points - 1));
  const r = frequencyResponse(p, omegas);
  const centre = (points - 1) / 2;
  // reference: the peak of |S12| nearest the carrier (searching outwards while it still rises)
  let peak = centre;
  while (peak + 1 < points && r.S12[peak + 1]! > r.S12[peak]!) peak++;
  while (peak - 1 >= 0 && r.S12[peak - 1]! > r.S12[peak]!) peak--;
  const level = r.S12[peak]! / Math.SQRT2;
  let hi = peak;
  while (hi + 1 < points && r.S12[hi + 1]! >= level) hi++;
  let lo = peak;
  while (lo - 1 >= 0 && r.S12[lo - 1]! >= level) lo--;
  const edge = (i: number, j: number): number => {
    const a = r.S12[i]!, b = r.S12[j]!;
    return omegas[i]! + ((level - a) / (b - a)) * (omegas[j]! - omegas[i]!);
  };
  const high = hi + 1 < points ? edge(hi, hi + 1) : NaN;
  const low = lo - 1 >= 0 ? edge(lo, lo - 1) : NaN;
  let minIso = Infinity;
  let maxIso = -Infinity;
  for (let i = lo; i <= hi; i++) {
    const iso = isolationDb({ re: r.S12[i]!, im: 0 }, { re: r.S21[i]!, im: 0 });
    minIso = Math.min(minIso, iso);
    maxIso = Math.max(maxIso, iso);
  }
  return { low, high, width: high - low, widthHz: (high - low) / (2 * Math.PI), relative: (high - low) / p.omega, minIsolationDb: minIso, maxIsolationDb: maxIso, span, points };
}
