/**
 * The command-line forms of trace-run settings (--tau/--omega samples, --pulse, --traces,
 * --initial): what each accepts, and that bad input is refused naming the flag and the reason.
 */
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src-core/errors';
import { MAX_TRACE_SAMPLES } from '../../../src-core/project/types';
import { joinNegativeValues, parseInitial, parsePulse, parseSamples, parseTraces } from '../../../src-main/cli/trace-flags';

function refused(f: () => unknown): ParameterError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParameterError);
    return e as ParameterError;
  }
  throw new Error('expected a ParameterError');
}

describe('parseSamples', () => {
  it('reads a range from:to:samples and a list v1,v2,…', () => {
    expect(parseSamples('--tau', '0:10:201')).toEqual({ from: 0, to: 10, samples: 201 });
    expect(parseSamples('--omega', '-5:5:1001')).toEqual({ from: -5, to: 5, samples: 1001 });
    expect(parseSamples('--omega', ' -2.5e0 : 3 : 7 ')).toEqual({ from: -2.5, to: 3, samples: 7 });
    expect(parseSamples('--tau', '0,0.5,1e1')).toEqual({ values: [0, 0.5, 10] });
    expect(parseSamples('--tau', '2')).toEqual({ values: [2] });
  });

  it('refuses bad ranges and lists naming the flag', () => {
    const cases: [string, RegExp][] = [
      ['', /from:to:samples/],
      ['0:10', /from:to:samples/],
      ['0:10:5:1', /from:to:samples/],
      ['a:10:5', /from must be a finite number, got "a"/],
      ['0:Infinity:5', /to must be a finite number/],
      ['0:10:2.5', /whole number from 1 to 100000, got "2.5"/],
      ['0:10:0', /whole number from 1/],
      [`0:10:${MAX_TRACE_SAMPLES + 1}`, /whole number from 1 to 100000/],
      ['10:0:5', /from must be less than to, got 10:0/],
      ['3:3:5', /from must be less than to/],
      ['1,,2', /value 2 must be a finite number/],
      ['1,x', /value 2 must be a finite number, got "x"/],
    ];
    for (const [text, why] of cases) {
      const e = refused(() => parseSamples('--tau', text));
      expect(e.param, text).toBe('--tau');
      expect(e.reason, text).toMatch(why);
    }
    const big = Array.from({ length: MAX_TRACE_SAMPLES + 1 }, () => '1').join(',');
    expect(refused(() => parseSamples('--omega', big)).reason).toMatch(/limit is 100000/);
  });
});

describe('parsePulse', () => {
  it('reads a shape alone or with its keys', () => {
    expect(parsePulse('gaussian')).toEqual({ shape: 'gaussian' });
    expect(parsePulse('off')).toEqual({ shape: 'off' });
    expect(parsePulse('gaussian:amplitude=0.2,t0=5,width=1.5')).toEqual({ shape: 'gaussian', amplitude: 0.2, t0: 5, width: 1.5 });
    expect(parsePulse('rect: amp = 0.1 , width=2')).toEqual({ shape: 'rect', amplitude: 0.1, width: 2 });
    expect(parsePulse('on:t0=0')).toEqual({ shape: 'on', t0: 0 });
  });

  it('refuses bad pulses naming --pulse and why', () => {
    const cases: [string, RegExp][] = [
      ['', /SHAPE/],
      ['square', /shape must be one of on, off, rect, gaussian, got "square"/],
      ['gaussian:', /expected key=value/],
      ['gaussian:width', /expected key=value/],
      ['gaussian:sigma=1', /unknown key "sigma"/],
      ['gaussian:width=0', /width must be positive, got 0/],
      ['gaussian:width=-1', /width must be positive/],
      ['rect:t0=-1', /t0 must be ≥ 0, got -1/],
      ['rect:amplitude=-0.5', /amplitude must be positive, got -0.5/],
      ['rect:amplitude=0', /amplitude must be positive, got 0/],
      ['rect:amplitude=x', /amplitude must be a finite number, got "x"/],
      ['rect:amp=1,amplitude=2', /amplitude is given twice/],
    ];
    for (const [text, why] of cases) {
      const e = refused(() => parsePulse(text));
      expect(e.param, text).toBe('--pulse');
      expect(e.reason, text).toMatch(why);
    }
  });
});

describe('parseTraces and parseInitial', () => {
  it('reads trace lists, a cross-correlation trace keeping its own comma', () => {
    expect(parseTraces('--traces', 'a_to_c')).toEqual(['a_to_c']);
    expect(parseTraces('--traces', 'a_to_c, c_to_a')).toEqual(['a_to_c', 'c_to_a']);
    expect(parseTraces('--traces', 'a->c,d')).toEqual(['a->c,d']);
    expect(parseTraces('--traces', 'a->c,a->c,d,b->d')).toEqual(['a->c', 'a->c,d', 'b->d']);
  });

  it('refuses empty or repeated names', () => {
    for (const [text, why] of [
      ['', /expected trace names/],
      ['a_to_c,,c_to_a', /expected trace names/],
      ['a_to_c,a_to_c', /"a_to_c" is listed twice/],
    ] as const) {
      const e = refused(() => parseTraces('--traces', text));
      expect(e.param).toBe('--traces');
      expect(e.reason).toMatch(why);
    }
  });

  it('reads --initial vacuum|steady only', () => {
    expect(parseInitial('vacuum')).toBe('vacuum');
    expect(parseInitial('steady')).toBe('steady');
    const e = refused(() => parseInitial('thermal'));
    expect(e.param).toBe('--initial');
    expect(e.reason).toMatch(/vacuum or steady, got "thermal"/);
  });
});

describe('joinNegativeValues', () => {
  it('joins a negative number to the flag before it, and nothing else', () => {
    expect(joinNegativeValues(['x', '--omega', '-5:5:1001', '--tau', '0:1:3'], ['tau', 'omega'])).toEqual(['x', '--omega=-5:5:1001', '--tau', '0:1:3']);
    expect(joinNegativeValues(['--omega', '-.5,0.5'], ['omega'])).toEqual(['--omega=-.5,0.5']);
    expect(joinNegativeValues(['--omega', '--json'], ['omega'])).toEqual(['--omega', '--json']);
    expect(joinNegativeValues(['--set', '-1'], ['omega'])).toEqual(['--set', '-1']);
    expect(joinNegativeValues(['--omega'], ['omega'])).toEqual(['--omega']);
  });
});
