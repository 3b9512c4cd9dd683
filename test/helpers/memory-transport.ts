import { decodeMessage, encodeMessage } from '../../src-core/contract/codec';
import type { WireMessage, WireTransport } from '../../src-core/contract/rpc';

/** Two ends of an in-memory pipe; every message goes through the binary codec, as on the WebSocket. */
export function memoryPair(): [WireTransport, WireTransport] {
  const make = (): { t: WireTransport; deliver: (m: WireMessage) => void } => {
    const subs = new Set<(m: WireMessage) => void>();
    return {
      t: {
        send: () => undefined,
        onMessage: (cb) => {
          subs.add(cb);
          return () => subs.delete(cb);
        },
      },
      deliver: (m) => subs.forEach((s) => s(m)),
    };
  };
  const a = make();
  const b = make();
  a.t.send = (m) => queueMicrotask(() => b.deliver(decodeMessage(encodeMessage(m))));
  b.t.send = (m) => queueMicrotask(() => a.deliver(decodeMessage(encodeMessage(m))));
  return [a.t, b.t];
}
