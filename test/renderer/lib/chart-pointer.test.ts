import { describe, expect, it } from 'vitest';
import { nearestIndex, pointerGuard } from '../../../src-renderer/lib/chart-pointer';



describe('chart pointer', () => {
  it('tells a click from a drag; finds the nearest point', () => {
    const g = pointerGuard();
    g.down(10, 10);
    expect(g.isClick(12, 11)).toBe(true);
    g.down(10, 10);
    expect(g.isClick(40, 10)).toBe(false);
    expect(nearestIndex([0, 1, 2, NaN, 4], 3.2)).toBe(4);
    expect(nearestIndex([NaN], 0)).toBe(-1);
  });
});
