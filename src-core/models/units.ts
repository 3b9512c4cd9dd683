/**
 * Display units of angular quantities: a model states its units in its schema and quantity
 * catalogue (e.g. 'rad/s', '1/s', or 'κ' for normalised ones); angular frequencies and rates can
 * be read as ordinary frequencies instead (value/2π, Hz). No model is named here.
 */

export type FrequencyUnit = 'rad/s' | 'Hz';

const ANGULAR = new Set(['rad/s', '1/s', 's^{-1}', 's⁻¹']);

/** Whether a unit is an angular frequency or a rate (shown in Hz on request). */
export function isAngular(unit: string | undefined): boolean {
  return unit !== undefined && ANGULAR.has(unit.trim());
}

/** stored value = displayed value × factor. */
export function unitFactor(unit: string | undefined, pref: FrequencyUnit): number {
  return pref === 'Hz' && isAngular(unit) ? 2 * Math.PI : 1;
}

/** The unit shown beside a value. */
export function displayUnit(unit: string | undefined, pref: FrequencyUnit): string {
  if (unit === undefined) return '';
  return pref === 'Hz' && isAngular(unit) ? 'Hz' : unit;
}

/** A value in the display unit, and that unit. */
export function inDisplayUnit(v: number | null, unit: string, pref: FrequencyUnit): { v: number | null; unit: string } {
  const f = unitFactor(unit, pref);
  return { v: v === null ? null : v / f, unit: displayUnit(unit, pref) };
}
