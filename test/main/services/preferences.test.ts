/**
 * Display preferences kept by the backend in its data directory: they survive a relaunch (a new
 * Backend on the same directory, as browser mode on a new port is), hostile requests are refused
 * naming the field, and a damaged file reads as no preferences.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../../src-core/contract/rpc';
import { Backend } from '../../../src-main/services/backend';
import { logFile } from '../../../src-main/services/log';
import { PreferencesStore } from '../../../src-main/services/preferences';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-prefs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const noPool = { workers: 1, run: () => Promise.reject(new Error('no solves here')), destroy: () => Promise.resolve() } as never;

describe('preferences', () => {
  it('survive a relaunch on the same data directory, in browser mode too', async () => {
    const first = new Backend({ dataDir: dir, runner: noPool, autosaveMs: 0, watchMs: 0 });
    const call = (b: Backend, method: string, args?: unknown): Promise<unknown> => new Dispatcher(b.handlers('browser')).handle(method, args).then((r) => {
      const res = r as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!res.ok) throw new Error(res.error?.message);
      return res.value;
    });
    expect(await call(first, 'getPreferences')).toEqual({});
    expect(await call(first, 'setPreferences', { theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(await call(first, 'setPreferences', { units: 'Hz' })).toEqual({ theme: 'dark', units: 'Hz' });
    await first.close();
    const second = new Backend({ dataDir: dir, runner: noPool, autosaveMs: 0, watchMs: 0 });
    expect(await call(second, 'getPreferences')).toEqual({ theme: 'dark', units: 'Hz' });
    await second.close();
  });

  it('refuse unknown keys and values, naming the field; store nothing then', async () => {
    const store = new PreferencesStore(dir);
    await expect(store.set({ theme: 'purple' })).rejects.toThrow(/preferences\.theme.*"light", "dark"/);
    await expect(store.set({ __proto__: { theme: 'dark' }, font: 'x' })).rejects.toThrow(/preferences\.font.*not a preference/);
    await expect(store.set('dark')).rejects.toThrow(/preferences: must be an object/);
    await expect(store.set([])).rejects.toThrow(/must be an object/);
    expect(await store.read()).toEqual({});
  });

  it('a damaged or hostile file reads as no preferences, and the next choice replaces it', async () => {
    const store = new PreferencesStore(dir);
    writeFileSync(store.file, '{"theme": "dark", "units":');
    expect(await store.read()).toEqual({});
    writeFileSync(store.file, JSON.stringify({ theme: 'dark', evil: 'x' }));
    expect(await store.read()).toEqual({});
    // a huge file is not read at all
    writeFileSync(store.file, `{"theme": "dark"${' '.repeat(200_000)}}`);
    expect(await store.read()).toEqual({});
    expect(await store.set({ units: 'rad/s' })).toEqual({ units: 'rad/s' });
    expect(JSON.parse(readFileSync(store.file, 'utf8'))).toEqual({ units: 'rad/s' });
  });

  it('quick successive choices are all kept (writes are serialised)', async () => {
    const store = new PreferencesStore(dir);
    await Promise.all([store.set({ theme: 'dark' }), store.set({ units: 'Hz' }), store.set({ theme: 'light' })]);
    expect(await store.read()).toEqual({ theme: 'light', units: 'Hz' });
  });

  it('a backend started with logAs writes its start to the log in the data directory', async () => {
    const b = new Backend({ dataDir: dir, runner: noPool, autosaveMs: 0, watchMs: 0, logAs: 'test' });
    expect(logFile()).toBe(path.join(dir, 'logs', 'nrlab.log'));
    expect(readFileSync(logFile()!, 'utf8')).toMatch(/test\[\d+\] info: started NR Lab .*data directory/);
    await b.close();
  });
});
