import { ParameterError } from '../errors.js';

/**
 * Parse a numeric parameter value as a physicist writes it: `0.5`, `1e-3`, `-pi/4`, `sqrt(2)/2`,
 * `3*pi/4`, `2^-1`. A tiny recursive-descent evaluator over numbers, `pi`, `e`, `sqrt(…)`,
 * + - * / ^ and parentheses; anything else is rejected. Never uses eval.
 *
 * @param param the parameter key, named in any error
 * @example parseNumber('theta', '-pi/4') // -0.7853981633974483
 */
export function parseNumber(param: string, text: string): number {
  const src = text.trim();
  if (src === '') throw new ParameterError(param, 'a number is required, got an empty value');
  let pos = 0;
  const fail = (why: string): never => {
    throw new ParameterError(param, `cannot read "${text}" as a number (${why})`);
  };
  const skip = (): void => {
    while (pos < src.length && src[pos] === ' ') pos++;
  };
  const peek = (): string => {
    skip();
    return src[pos] ?? '';
  };
  const expr = (): number => {
    let v = term();
    for (;;) {
      const c = peek();
      if (c === '+') {
        pos++;
        v += term();
      } else if (c === '-') {
        pos++;
        v -= term();
      } else return v;
    }
  };
  const term = (): number => {
    let v = unary();
    for (;;) {
      const c = peek();
      if (c === '*') {
        pos++;
        v *= unary();
      } else if (c === '/') {
        pos++;
        v /= unary();
      } else return v;
    }
  };
  const unary = (): number => {
    const c = peek();
    if (c === '-') {
      pos++;
      return -unary();
    }
    if (c === '+') {
      pos++;
      return unary();
    }
    return power();
  };
  const power = (): number => {
    const base = atom();
    if (peek() === '^') {
      pos++;
      return Math.pow(base, unary());
    }
    return base;
  };
  const atom = (): number => {
    const c = peek();
    if (c === '(') {
      pos++;
      const v = expr();
      if (peek() !== ')') fail('missing ")"');
      pos++;
      return v;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(pos));
    if (num) {
      pos += num[0].length;
      return Number(num[0]);
    }
    const word = /^[A-Za-z]+/.exec(src.slice(pos));
    if (word) {
      pos += word[0].length;
      const w = word[0].toLowerCase();
      if (w === 'pi') return Math.PI;
      if (w === 'e') return Math.E;
      if (w === 'sqrt') {
        if (peek() !== '(') fail('sqrt needs parentheses');
        pos++;
        const v = expr();
        if (peek() !== ')') fail('missing ")"');
        pos++;
        return Math.sqrt(v);
      }
      return fail(`unknown name "${word[0]}"; allowed: numbers, pi, e, sqrt(), + - * / ^`);
    }
    return fail(c === '' ? 'unexpected end' : `unexpected "${c}"`);
  };
  const v = expr();
  if (peek() !== '') fail(`unexpected "${peek()}"`);
  if (!Number.isFinite(v)) fail('the value is not finite');
  return v;
}
