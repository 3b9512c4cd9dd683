/**
 * Preload (sandboxed, context-isolated): exposes exactly the contract's api object as
 * `window.nrlab`. The renderer never sees ipcRenderer; only the contract's call names can be
 * invoked and only its event names subscribed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createApi, type Reply } from '../../src-core/contract/rpc.js';

const api = createApi(
  (method, args) => ipcRenderer.invoke('nrlab:call', method, args) as Promise<Reply>,
  (listener) => {
    const h = (_e: IpcRendererEvent, name: string, payload: unknown): void => listener(name, payload);
    ipcRenderer.on('nrlab:event', h);
    return () => {
      ipcRenderer.removeListener('nrlab:event', h);
    };
  },
  // errors cross the bridge as plain payloads; the renderer rebuilds them (withRebuiltErrors)
  { rejectWith: 'payload' },
);

contextBridge.exposeInMainWorld('nrlab', api);
