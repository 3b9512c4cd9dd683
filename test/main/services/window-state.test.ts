import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWindowState, saveWindowState } from '../../../src-main/services/window-state';

describe('window state', () => {
  it('is remembered, and a missing or damaged file falls back to the default size', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-win-'));
    expect(loadWindowState(dir)).toEqual({ width: 1280, height: 800 });
    saveWindowState(dir, { width: 1500, height: 900, x: 20, y: 30, maximized: true });
    expect(loadWindowState(dir)).toEqual({ width: 1500, height: 900, x: 20, y: 30, maximized: true });
    writeFileSync(path.join(dir, 'window.json'), '{"width": "huge"');
    expect(loadWindowState(dir)).toEqual({ width: 1280, height: 800 });
    writeFileSync(path.join(dir, 'window.json'), JSON.stringify({ width: 10, height: 10 }));
    expect(loadWindowState(dir)).toEqual({ width: 1280, height: 800 });
  });
});
