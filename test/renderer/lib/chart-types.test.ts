import { describe, expect, it } from 'vitest';
import { interleave } from '../../../src-renderer/lib/chart-types';

describe('plot data', () => {
  it('interleaves x and y', () => {
    expect([...interleave(new Float64Array([1, 2]), new Float64Array([3, NaN]))]).toEqual([1, 3, 2, NaN]);
  });
});
