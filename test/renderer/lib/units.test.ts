import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../../src-core/models/expression';
import { describeModel, getModel } from '../../../src-core/models/registry';
import { displayUnit, hasAngular, isAngular, scaledSpec, toDisplayNumber, toDisplayText, toStoredText, unitFactor } from '../../../src-renderer/lib/units';

const three = describeModel(getModel('three-cavity'));
const two = describeModel(getModel('two-resonator'));
const TWO_PI = 2 * Math.PI;



describe('units (rad/s ↔ Hz)', () => {
  it('converts angular quantities only, both ways, keeping the stored value exact', () => {
    expect(isAngular('rad/s')).toBe(true);
    expect(isAngular('1/s')).toBe(true);
    expect(isAngular('κ')).toBe(false);
    expect(hasAngular(two.schema.params)).toBe(true);
    expect(hasAngular(three.schema.params)).toBe(false);
    expect(unitFactor('rad/s', 'Hz')).toBe(TWO_PI);
    expect(unitFactor('rad/s', 'rad/s')).toBe(1);
    expect(unitFactor('κ', 'Hz')).toBe(1);
    expect(displayUnit('1/s', 'Hz')).toBe('Hz');
    expect(displayUnit('√W', 'Hz')).toBe('√W');
    // typed in Hz → stored as 2π × the text; shown again as typed
    expect(toStoredText('1.2e6', TWO_PI)).toBe('2*pi*1.2e6');
    expect(toStoredText('sqrt(2)*1e6', TWO_PI)).toBe('2*pi*(sqrt(2)*1e6)');
    expect(toDisplayText('2*pi*1.2e6', TWO_PI)).toBe('1.2e6');
    expect(toDisplayText('2*pi*(sqrt(2)*1e6)', TWO_PI)).toBe('sqrt(2)*1e6');
    expect(parseNumber('k', toStoredText('400e3', TWO_PI))).toBe(TWO_PI * 400e3);
    // numbers and other expressions are evaluated and divided
    expect(toDisplayText(String(Math.PI * 1e6), TWO_PI)).toBe('500000');
    expect(toDisplayText('pi*1e6', TWO_PI)).toBe('500000');
    expect(toDisplayText('auto', TWO_PI)).toBe('auto');
    expect(toDisplayText('0.5', 1)).toBe('0.5');
    expect(toDisplayNumber(2e6, TWO_PI)).toBe(318309.886);
    const kappa = two.schema.params.find((p) => p.key === 'kappa')!;
    if (kappa.kind !== 'number') throw new Error('kappa is numeric');
    expect(scaledSpec(kappa, TWO_PI).default).toBeCloseTo(5e5, 6);
    expect(scaledSpec(kappa, 1)).toBe(kappa);
  });
});

