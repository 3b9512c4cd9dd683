import { ParameterError } from '../errors.js';

/** Deepest nesting of parentheses, signs and powers in one value (far beyond any real formula). */
export const MAX_NESTING = 100;

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
  let depth = 0;
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  const fail = (why: string): never => {
    throw new ParameterError(param, `cannot read "${shown}" as a number (${why})`);
  };
  /** Parentheses, signs and powers nest by recursion: bounded, so no input overflows the stack. */
  const nest = <T>(f: () => T): T => {
    if (++depth > MAX_NESTING) fail(`nested more than ${MAX_NESTING} levels deep`);
    const v = f();
    depth--;
    return v;
  };
  const NUMBER = /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y;
  const WORD = /[A-Za-z]+/y;
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    return re.exec(src)?.[0];
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
      return -nest(unary);
    }
    if (c === '+') {
      pos++;
      return nest(unary);
    }
    return power();
  };
  const power = (): number => {
    const base = atom();
    if (peek() === '^') {
      pos++;
      return Math.pow(base, nest(unary));
    }
    return base;
  };
  const atom = (): number => {
    const c = peek();
    if (c === '(') {
      pos++;
      const v = nest(expr);
      if (peek() !== ')') fail('missing ")"');
      pos++;
      return v;
    }
    const num = match(NUMBER);
    if (num) {
      pos += num.length;
      return Number(num);
    }
    const word = match(WORD);
    if (word) {
      pos += word.length;
      const w = word.toLowerCase();
      if (w === 'pi') return Math.PI;
      if (w === 'e') return Math.E;
      if (w === 'sqrt') {
        if (peek() !== '(') fail('sqrt needs parentheses');
        pos++;
        const v = nest(expr);
        if (peek() !== ')') fail('missing ")"');
        pos++;
        return Math.sqrt(v);
      }
      return fail(`unknown name "${word}"; allowed: numbers, pi, e, sqrt(), + - * / ^`);
    }
    return fail(c === '' ? 'unexpected end' : `unexpected "${c}"`);
  };
  const v = expr();
  if (peek() !== '') fail(`unexpected "${peek()}"`);
  if (!Number.isFinite(v)) fail('the value is not finite');
  return v;
}
