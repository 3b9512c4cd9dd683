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
      const what = typeof method === 'string' ? `"${method.slice(0, 80)}"` : `of type ${method === null ? 'null' : typeof method}`;
      return { ok: false, error: toErrorPayload(new NrlabError('bad-input', `unknown call ${what}: a call name is required`, { param: 'method' })) };
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
  /** End the connection with a WebSocket close code and a short reason (a peer that broke the protocol). */
  close?(code: number, reason: string): void;
}

/** WebSocket close code for a message that decoded but is not a call (policy violation). */
export const CLOSE_NOT_A_CALL = 1008;

/**
 * What a server accepts from a client: `{ t: 'call', id, method, args }` with a non-negative
 * integer id. The one check of a message's shape at the transport boundary (handlers check their
 * own args); a string is the reason the message is refused. The method is checked by the
 * {@link Dispatcher}, which answers an unknown one with an error reply.
 */
export function parseCall(msg: unknown): { id: number; method: unknown; args: unknown } | string {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return 'a message must be a call object';
  const m = msg as Record<string, unknown>;
  if (m.t !== 'call') return 'only calls are accepted (t: "call")';
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || m.id < 0) return 'a call needs a non-negative integer id';
  return { id: m.id, method: m.method, args: m.args };
}

/** Serve the dispatcher and the event bus to one connected client; returns a disconnect function. */
export function serveTransport(dispatcher: Dispatcher, bus: EventBus, transport: WireTransport): () => void {
  let open = true;
  // a message that cannot be encoded (or a transport that fails) must not escape as an unhandled error
  const send = (msg: WireMessage): boolean => {
    if (!open) return true;
    try {
      transport.send(msg);
      return true;
    } catch {
      return false;
    }
  };
  const offEvents = bus.subscribe((name, payload) => {
    send({ t: 'event', name, payload });
  });
  const offMessages = transport.onMessage((raw: unknown) => {
    const call = parseCall(raw);
    if (typeof call === 'string') {
      transport.close?.(CLOSE_NOT_A_CALL, call);
      return;
    }
    void dispatcher
      .handle(call.method, call.args)
      .catch((err: unknown): Reply => ({ ok: false, error: toErrorPayload(err) }))
      .then((reply) => {
        if (send({ t: 'reply', id: call.id, ...reply })) return;
        const error = toErrorPayload(new NrlabError('internal', 'the reply could not be encoded'));
        if (!send({ t: 'reply', id: call.id, ok: false, error })) transport.close?.(1011, 'a reply could not be sent');
      })
      .catch(() => undefined);
  });
  const stop = (): void => {
    open = false;
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
    if (typeof msg !== 'object' || msg === null) return;
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
