// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { parseSymbol } from '../../../src-core/figures/symbols';

describe('symbols', () => {
  it('splits sub- and superscripts', () => {
    expect(parseSymbol('κ_a')).toEqual([
      { text: 'κ', kind: 'base' },
      { text: 'a', kind: 'sub' },
    ]);
    expect(parseSymbol('T_{a→c}')).toEqual([
      { text: 'T', kind: 'base' },
      { text: 'a→c', kind: 'sub' },
    ]);
    expect(parseSymbol('J_ab')[1]).toEqual({ text: 'ab', kind: 'sub' });
    expect(parseSymbol('e^{iθ}')[1]).toEqual({ text: 'iθ', kind: 'sup' });
    expect(parseSymbol('θ')).toEqual([{ text: 'θ', kind: 'base' }]);
  });
});

