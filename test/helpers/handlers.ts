import { CALL_NAMES } from '../../src-core/contract/api';
import type { Handlers } from '../../src-core/contract/rpc';

/** A test backend's handlers: the calls a test does not use throw, so an unexpected call fails loudly. */
export function withUnusedHandlers(partial: Partial<Handlers>): Handlers {
  const all: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    all[name] =
      partial[name] ??
      (() => {
        throw new Error(`${name} is not used by this test`);
      });
  }
  return all as unknown as Handlers;
}
