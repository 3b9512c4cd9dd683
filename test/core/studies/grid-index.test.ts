import { describe, expect, it } from 'vitest';
import { ravelIndex, unravelIndex } from '../../../src-core/studies/grid-index';

describe('row-major grid indexing (first axis slowest)', () => {
  it('unravels as nested loops enumerate the grid, and ravel inverts it', () => {
    // independent reference: the order nested loops visit a 3 × 4 × 5 grid (numpy's C order)
    const shape = [3, 4, 5];
    let index = 0;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 4; j++) {
        for (let k = 0; k < 5; k++) {
          expect(unravelIndex(shape, index)).toEqual([i, j, k]);
          expect(ravelIndex(shape, [i, j, k])).toBe(index);
          index++;
        }
      }
    }
  });

  it('handles one axis and the empty shape (a single point)', () => {
    expect(unravelIndex([7], 6)).toEqual([6]);
    expect(ravelIndex([7], [6])).toBe(6);
    expect(unravelIndex([], 0)).toEqual([]);
    expect(ravelIndex([], [])).toBe(0);
  });
});
