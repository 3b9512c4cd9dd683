import type { NrlabApi } from '../../src-core/contract/api';
import { connectTransport, withRebuiltErrors } from '../../src-core/contract/rpc';
import { webSocketTransport } from './ws-transport';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface ApiConnection {
  api: NrlabApi;
  /** Registers a callback for when the backend connection is lost (browser mode only). */
  onDisconnect(cb: () => void): void;
}

/** ws://host/ws?token=… for the page served at http://host/?token=… */
export function webSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) throw new Error('this page was opened without an access token; open the URL printed by "nrlab serve"');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

/**
 * The one api object the renderer talks to: the preload's `window.nrlab` in Electron, else a
 * WebSocket client to the browser-mode server, authenticated with the token from the page URL.
 */
export async function connectApi(win: Window = window): Promise<ApiConnection> {
  if (win.nrlab) {
    return { api: withRebuiltErrors(win.nrlab), onDisconnect: () => undefined };
  }
  const transport = webSocketTransport(webSocketUrl(win.location));
  const { api } = connectTransport(transport);
  await transport.opened;
  return {
    api,
    onDisconnect: (cb) => transport.onClose?.(cb),
  };
}
