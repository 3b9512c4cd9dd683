/**
 * Errors that cross module, thread and process boundaries.
 *
 * Every error a user can cause is an {@link NrlabError} with a `code`, and where it concerns
 * one input, the `param` (parameter key or file field path) and the `reason`. Errors are sent
 * across threads and IPC as plain {@link ErrorPayload} objects and rebuilt on the other side.
 */
/** conflict: a file changed on disk since it was read (another program saved it); nothing was overwritten. */
export type ErrorCode = 'bad-input' | 'computation' | 'cancelled' | 'internal' | 'conflict';

export interface ErrorPayload {
  name: string;
  code: ErrorCode;
  message: string;
  param?: string;
  reason?: string;
}

export class NrlabError extends Error {
  readonly code: ErrorCode;
  readonly param?: string;
  readonly reason?: string;

  constructor(code: ErrorCode, message: string, opts: { param?: string; reason?: string } = {}) {
    super(message);
    this.name = 'NrlabError';
    this.code = code;
    if (opts.param !== undefined) this.param = opts.param;
    if (opts.reason !== undefined) this.reason = opts.reason;
  }
}

/**
 * A value as it may appear in a message: numbers, strings (shortened) and JSON, never throwing —
 * input from a client can be an object whose toString is not a function, or one nested deeply.
 */
export function shown(v: unknown, max = 60): string {
  let text: string;
  if (typeof v === 'string') text = JSON.stringify(v.length > max ? `${v.slice(0, max)}…` : v);
  else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === null || v === undefined) text = String(v);
  else if (Array.isArray(v)) text = `an array of ${v.length}`;
  else if (typeof v === 'object') text = 'an object';
  else text = `a ${typeof v}`;
  return text.length > max + 3 ? `${text.slice(0, max)}…` : text;
}

/** A bad value for one named input: `param` is the key or field path, `reason` says why. */
export class ParameterError extends NrlabError {
  constructor(param: string, reason: string) {
    super('bad-input', `${param}: ${reason}`, { param, reason });
    this.name = 'ParameterError';
  }
}

/** A computation that could not produce a trustworthy number (singular system, no convergence). */
export class ComputationError extends NrlabError {
  constructor(message: string) {
    super('computation', message);
    this.name = 'ComputationError';
  }
}

/**
 * An iterative method that reached its iteration limit without converging: `routine` names the
 * method that gave up (e.g. 'zlahqr'), `iterations` is how many iterations it ran in all.
 */
export class ConvergenceError extends ComputationError {
  readonly routine: string;
  readonly iterations: number;

  constructor(routine: string, iterations: number, message: string) {
    super(message);
    this.name = 'ConvergenceError';
    this.routine = routine;
    this.iterations = iterations;
  }
}

/**
 * A save refused because the file changed on disk since it was read or last saved (another
 * program, e.g. `nrlab run`, wrote it): overwriting would lose what that program stored.
 * `param` is the file's path.
 */
export class ConflictError extends NrlabError {
  constructor(file: string, message: string) {
    super('conflict', message, { param: file });
    this.name = 'ConflictError';
  }
}

export class CancelledError extends NrlabError {
  constructor(message = 'cancelled by the user') {
    super('cancelled', message);
    this.name = 'CancelledError';
  }
}

/** Plain-object form of any thrown value, safe for structured clone and JSON. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof NrlabError) {
    const p: ErrorPayload = { name: err.name, code: err.code, message: err.message };
    if (err.param !== undefined) p.param = err.param;
    if (err.reason !== undefined) p.reason = err.reason;
    return p;
  }
  // a payload rebuilt from another thread or process (a plain object). Error instances are not:
  // Node's own errors carry a string `code` too ('ENOENT'), and spreading one loses its message,
  // which is not an own enumerable property
  if (!(err instanceof Error) && isErrorPayload(err)) return { ...err };
  const message = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.name : 'Error';
  if (name === 'AbortError') return { name: 'CancelledError', code: 'cancelled', message: 'cancelled by the user' };
  return { name, code: 'internal', message };
}

export function isErrorPayload(v: unknown): v is ErrorPayload {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.message === 'string' && typeof o.code === 'string' && typeof o.name === 'string';
}

/** Rebuild an error thrown on the other side of a boundary. */
export function fromErrorPayload(p: ErrorPayload): NrlabError {
  const e =
    p.code === 'bad-input' && p.param !== undefined && p.reason !== undefined
      ? new ParameterError(p.param, p.reason)
      : new NrlabError(p.code, p.message, { param: p.param, reason: p.reason });
  // keep the sender's full message (e.g. every problem of a damaged project file, not just the first)
  e.message = p.message;
  e.name = p.name;
  return e;
}
