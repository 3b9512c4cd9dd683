/** The main window's size, position and maximised state, remembered between sessions. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized?: boolean;
}

const DEFAULT: WindowState = { width: 1280, height: 800 };

export function loadWindowState(dataDir: string): WindowState {
  try {
    const s = JSON.parse(readFileSync(path.join(dataDir, 'window.json'), 'utf8')) as Partial<WindowState>;
    const ok = (v: unknown, lo: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= lo;
    if (!ok(s.width, 400) || !ok(s.height, 300)) return DEFAULT;
    return {
      width: Math.round(s.width),
      height: Math.round(s.height),
      ...(ok(s.x, -10_000) && ok(s.y, -10_000) ? { x: Math.round(s.x), y: Math.round(s.y) } : {}),
      ...(s.maximized === true ? { maximized: true } : {}),
    };
  } catch {
    return DEFAULT;
  }
}

/** Synchronous: called from the window's close handler. A failure only loses the remembered size. */
export function saveWindowState(dataDir: string, s: WindowState): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'window.json'), JSON.stringify(s));
  } catch {
    // not worth bothering the user
  }
}
