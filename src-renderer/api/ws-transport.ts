import { decodeMessage, encodeMessage } from '../../src-core/contract/codec';
import type { WireMessage, WireTransport } from '../../src-core/contract/rpc';

export interface WebSocketTransport extends WireTransport {
  /** Resolves when the socket is open; rejects if it closes first. */
  readonly opened: Promise<void>;
  close(): void;
}

/**
 * A {@link WireTransport} over a browser WebSocket with binary frames (the codec keeps typed
 * arrays and NaN). Messages sent before the socket opens are queued.
 */
export function webSocketTransport(url: string): WebSocketTransport {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const queue: Uint8Array[] = [];
  const closeCallbacks: (() => void)[] = [];
  let closed = false;

  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => {
      for (const frame of queue.splice(0)) ws.send(frame);
      resolve();
    });
    ws.addEventListener('close', () =>
      reject(
        new Error(
          'the backend refused the connection. The access token in this page\'s address may belong to an earlier launch: open the URL that "nrlab serve" printed.',
        ),
      ),
    );
  });
  // a rejection nobody awaits must not surface as an unhandled error
  opened.catch(() => undefined);

  ws.addEventListener('close', () => {
    if (closed) return;
    closed = true;
    for (const cb of closeCallbacks) cb();
  });

  return {
    opened,
    send(msg: WireMessage) {
      if (closed) throw new Error('the connection to the NR Lab backend is closed');
      const frame = encodeMessage(msg);
      if (ws.readyState === WebSocket.OPEN) ws.send(frame);
      else queue.push(frame);
    },
    onMessage(cb) {
      const h = (e: MessageEvent): void => {
        if (!(e.data instanceof ArrayBuffer)) return;
        let msg: WireMessage;
        try {
          msg = decodeMessage(new Uint8Array(e.data));
        } catch {
          return; // a malformed frame is dropped; the reply it carried will never match
        }
        cb(msg);
      };
      ws.addEventListener('message', h);
      return () => ws.removeEventListener('message', h);
    },
    onClose(cb) {
      closeCallbacks.push(cb);
    },
    close() {
      ws.close();
    },
  };
}
