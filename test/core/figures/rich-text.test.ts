import { describe, expect, it } from 'vitest';
import { axisNumber } from '../../../src-core/figures/format';
import { htmlText, richRuns, richText, unicodeText } from '../../../src-core/figures/rich-text';


describe('paper notation in charts', () => {
  it('rich text: italic symbols, upright words and units, real sub/superscripts', () => {
    expect(richText('T_{a→c}')).toBe('{i|T}{is|a}{rs|→}{is|c}');
    expect(richText('g^{(2)}(0)')).toBe('{i|g}{rp|(2)}{r|(0)}');
    // a trailing unit in parentheses is upright, its exponent too
    expect(richText('γ_{k} (s^{-1})')).toBe('{i|γ}{is|k}{r| (s}{rp|-1}{r|)}');
    expect(richRuns('isolation (dB)').every((r) => !r.italic)).toBe(true);
    expect(richText('Δ/κ')).toBe('{i|Δ}{r|/}{i|κ}');
    // braces never reach ECharts' markup
    expect(richText('{x}')).not.toContain('{x}');
  });

  it('Unicode and HTML forms', () => {
    expect(unicodeText('g^{(2)}_{a→c}(0)')).toBe('g⁽²⁾(a→c)(0)');
    expect(unicodeText('κ_b/κ')).toBe('κb/κ');
    expect(unicodeText('γ_{k} (s^{-1})')).toBe('γₖ (s⁻¹)');
    expect(htmlText('κ_b<1')).toBe('κ<sub>b</sub>&#60;1');
  });

  it('tick labels: plain for moderate values, powers of ten otherwise', () => {
    expect(axisNumber(0.25)).toBe('0.25');
    expect(axisNumber(-2)).toBe('−2');
    expect(axisNumber(6.283185e6)).toBe('6.28×10⁶');
    expect(axisNumber(1e-3)).toBe('0.001');
    expect(axisNumber(1e-12)).toBe('10⁻¹²');
    expect(axisNumber(-5e5)).toBe('−5×10⁵');
  });
});
