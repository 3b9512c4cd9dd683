/**
 * Transport-independent dispatch of calls and events. Electron IPC and the browser-mode WebSocket
 * are two thin transports over this layer; tests drive it over memory.
 */
import { NrlabError, fromErrorPayload, isErrorPayload, toErrorPayload, type ErrorPayload } from '../errors.js';
import {
  CALL_NAMES,
  isCallName,
  isEventName,
  type CallArgs,
  type CallName,
  type CallResult,
  type EventName,
  type NrlabApi,
  type NrlabEvents,
} from './api.js';

export type Handlers = { [K in CallName]: (args: CallArgs<K>) => Promise<CallResult<K>> | CallResult<K> };

export type Reply = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };

export type WireMessage =
  | { t: 'call'; id: number; method: string; args: unknown }
  | ({ t: 'reply'; id: number } & Reply)
  | { t: 'event'; name: string; payload: unknown };

export type AnyEventListener = <E extends EventName>(name: E, payload: NrlabEvents[E]) => void;

/** Fan-out of backend events to every connected client. */
export class EventBus {
  private listeners = new Set<AnyEventListener>();

  emit<E extends EventName>(name: E, payload: NrlabEvents[E]): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // one broken subscriber must not stop the others
      }
    }
  }

  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}

/** Validates the method name, runs the handler, and always answers with a Reply (never throws). */
export class Dispatcher {
  constructor(private readonly handlers: Handlers) {}

  async handle(method: unknown, args: unknown): Promise<Reply> {
    if (!isCallName(method)) {
      return { ok: false, error: toErrorPayload(new NrlabError('bad-input', `unknown call "${String(method)}"`, { param: 'method' })) };
    }
    try {
      const fn = this.handlers[method] as (a: unknown) => unknown;
      const value = await fn(args);
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toErrorPayload(err) };
    }
  }
}

export function unwrapReply<T>(r: Reply): T {
  if (r.ok) return r.value as T;
  throw fromErrorPayload(r.error);
}

/**
 * Build the typed api object from two primitives: `invoke` (send a call, get its Reply) and
 * `subscribe` (receive every event). The preload and the WebSocket client both use this.
 */
export function createApi(
  invoke: (method: CallName, args: unknown) => Promise<Reply>,
  subscribe: (listener: (name: string, payload: unknown) => void) => () => void,
  opts: { rejectWith?: 'error' | 'payload' } = {},
): NrlabApi {
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    api[name] =
      opts.rejectWith === 'payload'
        ? async (args?: unknown) => {
            const r = await invoke(name, args);
            if (r.ok) return r.value;
            throw r.error; // a plain object: survives Electron's contextBridge, unlike an Error's own fields
          }
        : async (args?: unknown) => unwrapReply(await invoke(name, args));
  }
  api.on = (event: string, listener: (p: unknown) => void): (() => void) => {
    if (!isEventName(event)) throw new NrlabError('bad-input', `unknown event "${event}"`, { param: 'event' });
    return subscribe((name, payload) => {
      if (name === event) listener(payload);
    });
  };
  return Object.freeze(api) as NrlabApi;
}

/**
 * Wrap an api whose calls reject with plain {@link ErrorPayload} objects (the preload's, see
 * createApi's `rejectWith: 'payload'`) so that they reject with rebuilt {@link NrlabError}s again.
 */
export function withRebuiltErrors(api: NrlabApi): NrlabApi {
  const out: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    const fn = api[name] as (a?: unknown) => Promise<unknown>;
    out[name] = (args?: unknown) =>
      fn(args).catch((e: unknown) => {
        throw isErrorPayload(e) && !(e instanceof Error) ? fromErrorPayload(e) : e;
      });
  }
  out.on = api.on;
  return Object.freeze(out) as NrlabApi;
}

/** A bidirectional message pipe (WebSocket, MessagePort, memory). */
export interface WireTransport {
  send(msg: WireMessage): void;
  onMessage(cb: (msg: WireMessage) => void): () => void;
  onClose?(cb: () => void): void;
}

/** Serve the dispatcher and the event bus to one connected client; returns a disconnect function. */
export function serveTransport(dispatcher: Dispatcher, bus: EventBus, transport: WireTransport): () => void {
  const offEvents = bus.subscribe((name, payload) => transport.send({ t: 'event', name, payload }));
  const offMessages = transport.onMessage((msg) => {
    if (msg.t !== 'call') return;
    void dispatcher.handle(msg.method, msg.args).then((reply) => transport.send({ t: 'reply', id: msg.id, ...reply }));
  });
  const stop = (): void => {
    offEvents();
    offMessages();
  };
  transport.onClose?.(stop);
  return stop;
}

/** The client side over a transport: calls are matched to replies by id; events fan out. */
export function connectTransport(transport: WireTransport): { api: NrlabApi; dispose: () => void } {
  let nextId = 1;
  const pending = new Map<number, (r: Reply) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const off = transport.onMessage((msg) => {
    if (msg.t === 'reply') {
      const done = pending.get(msg.id);
      pending.delete(msg.id);
      done?.(msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error });
    } else if (msg.t === 'event') {
      for (const l of listeners) l(msg.name, msg.payload);
    }
  });
  const failAll = (): void => {
    for (const [, done] of pending) {
      done({ ok: false, error: { name: 'NrlabError', code: 'internal', message: 'the connection to the NR Lab backend was lost' } });
    }
    pending.clear();
  };
  transport.onClose?.(failAll);
  const api = createApi(
    (method, args) =>
      new Promise<Reply>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        try {
          transport.send({ t: 'call', id, method, args });
        } catch (err) {
          pending.delete(id);
          resolve({ ok: false, error: toErrorPayload(err) });
        }
      }),
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  );
  return {
    api,
    dispose: () => {
      off();
      failAll();
    },
  };
}
