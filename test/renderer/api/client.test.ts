// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { NrlabApi } from '../../../src-core/contract/api';
import { connectApi, webSocketUrl } from '../../../src-renderer/api/client';
import { createTestBackend } from '../../helpers/test-backend';

describe('api client selection', () => {
  it('uses window.nrlab when the Electron preload provides it', async () => {
    const backend = createTestBackend({ transport: 'electron' });
    const win = { nrlab: backend.api, location: { protocol: 'file:', host: '', search: '' } } as unknown as Window;
    const conn = await connectApi(win);
    // the preload's api, wrapped so errors that crossed the bridge as plain objects are rebuilt
    expect(conn.api.on).toBe((backend.api as NrlabApi).on);
    expect((await conn.api.getAppInfo()).transport).toBe('electron');
  });

  it('builds the WebSocket URL from the page URL and its token', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:4321', search: '?token=a+b/c' })).toBe('ws://127.0.0.1:4321/ws?token=a%20b%2Fc');
    expect(webSocketUrl({ protocol: 'http:', host: 'localhost:9', search: '?x=1&token=XYZ' })).toBe('ws://localhost:9/ws?token=XYZ');
    expect(() => webSocketUrl({ protocol: 'http:', host: '127.0.0.1:1', search: '' })).toThrow(/without an access token/);
  });
});
