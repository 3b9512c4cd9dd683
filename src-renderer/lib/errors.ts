/** What the UI needs from any error: the input it concerns (if any) and a readable reason. */
export interface ErrorInfo {
  param?: string;
  reason: string;
  code?: string;
}

/**
 * Extract `param` / `reason` from a thrown value: an NrlabError, a plain ErrorPayload (which is
 * what crosses Electron's contextBridge intact), or any Error whose message reads
 * "<known key>: <reason>" (contextBridge keeps only the message of an Error). Never returns a
 * stack or an object dump.
 */
export function describeError(err: unknown, knownParams: readonly string[] = []): ErrorInfo {
  if (typeof err === 'object' && err !== null) {
    const o = err as Record<string, unknown>;
    const code = typeof o.code === 'string' ? o.code : undefined;
    const message = typeof o.message === 'string' ? o.message : undefined;
    if (typeof o.param === 'string' && typeof o.reason === 'string') {
      return withCode({ param: o.param, reason: o.reason }, code);
    }
    if (message !== undefined) {
      const clean = message.replace(/^Error invoking remote method '[^']*': /, '').replace(/^\w*Error: /, '');
      const known = [...knownParams].sort((a, b) => b.length - a.length).find((k) => clean.startsWith(`${k}: `));
      if (known) return withCode({ param: known, reason: clean.slice(known.length + 2) }, code);
      return withCode({ reason: clean || 'unknown error' }, code);
    }
  }
  if (typeof err === 'string' && err) return { reason: err };
  return { reason: 'unknown error' };
}

function withCode(info: ErrorInfo, code: string | undefined): ErrorInfo {
  if (code !== undefined) info.code = code;
  return info;
}

/**
 * The whole message of an error for a dialog: the backend's message as sent (for a damaged
 * project file every problem, each with its field path), without transport prefixes, never an
 * object dump or a stack.
 */
export function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const o = err as Record<string, unknown>;
    if (typeof o.message === 'string' && o.message.trim()) {
      // "path: /x.nrlab does not exist" reads better without the name of the argument
      return o.message
        .replace(/^Error invoking remote method '[^']*': /, '')
        .replace(/^\w*Error: /, '')
        .replace(/^path: /, '');
    }
  }
  const info = describeError(err);
  return info.param !== undefined ? `${info.param}: ${info.reason}` : info.reason;
}
