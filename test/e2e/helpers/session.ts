/**
 * One end-to-end session: the app built, `nrlab serve` on a fresh data folder (never the user's),
 * Debian's Chromium with one page whose page errors and console errors are collected.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { root, serve, type Served } from './serve';

export { root };
export const shots = path.join(root, 'test-results', 'screenshots');
export const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

export const tid = (id: string): string => `[data-testid="${id}"]`;

/** An input's value becomes `value` (the document answered the edit and the editor shows it). */
export async function valueIs(page: Page, sel: string, value: string): Promise<void> {
  await page.waitForFunction(([q, v]) => (document.querySelector(q!) as HTMLInputElement | null)?.value === v, [sel, value] as const);
}

/** The element's text comes to include `text`. */
export async function textHas(page: Page, sel: string, text: string): Promise<void> {
  await page.waitForFunction(([q, t]) => (document.querySelector(q!)?.textContent ?? '').includes(t!), [sel, text] as const);
}

/** The last edit landed: it is the one Undo names (each edit is a whole document, so the next one waits for it). */
export async function undoNames(page: Page, label: string): Promise<void> {
  await page.waitForFunction(([sel, t]) => document.querySelector(sel!)?.getAttribute('title') === `Undo ${t} (Ctrl+Z)`, [tid('action-undo'), label] as const);
}

/**
 * Where data point (x, y) of the chart under `sel` is on the page (the chart's `nrlabChart` hook). A
 * chart that has just been mounted may not be laid out yet on a busy machine: wait until it answers,
 * for up to 10 s, and fail naming the point if it never does.
 */
export async function chartClient(page: Page, sel: string, x: number, y: number): Promise<[number, number]> {
  const handle = await page
    .waitForFunction(
      ([s, px, py]) => {
        const el = document.querySelector(s as string) as (HTMLElement & { nrlabChart?: { toClient(x: number, y: number): [number, number] | null } }) | null;
        return el?.nrlabChart?.toClient(px as number, py as number) ?? null;
      },
      [sel, x, y] as const,
      { timeout: 10_000 },
    )
    .catch(() => null);
  const at = handle ? ((await handle.jsonValue()) as [number, number] | null) : null;
  if (!at) throw new Error(`(${x}, ${y}) is not on the chart ${sel}`);
  return at;
}

export class E2eSession {
  /** The server's per-user data (recent projects, recovery files). */
  readonly dataDir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-e2e-data-'));
  readonly pageErrors: string[] = [];
  readonly consoleErrors: string[] = [];
  browser: Browser | undefined;
  page!: Page;
  /** The launch URL (with its token) of the running server. */
  url = '';
  private served: Served | undefined;

  /** Build, serve, open Chromium at `viewport` (the page is not navigated yet). */
  async start(viewport: { width: number; height: number } = SIZES[0]): Promise<Page> {
    mkdirSync(shots, { recursive: true });
    execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: root, stdio: 'inherit' });
    await this.startServer();
    this.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    this.page = await this.browser.newPage({ viewport, colorScheme: 'light', acceptDownloads: true });
    this.page.on('pageerror', (e) => this.pageErrors.push(e.message));
    this.page.on('console', (m) => {
      if (m.type() === 'error') this.consoleErrors.push(m.text());
    });
    return this.page;
  }

  /** (Re)start the server on the same data folder; resolves with its new URL. */
  async startServer(): Promise<string> {
    this.served = await serve(this.dataDir);
    this.url = this.served.url;
    return this.url;
  }

  async stopServer(): Promise<void> {
    await this.served?.stop();
    this.served = undefined;
  }

  /**
   * Screenshots at both window sizes (`prepare` runs at each, e.g. scrolling something into view
   * or hovering), then back to 1280×800.
   */
  async screenshots(name: string, prepare?: () => Promise<unknown>): Promise<void> {
    for (const size of SIZES) {
      await this.page.setViewportSize(size);
      // let ResizeObservers resize the charts and the throttled redraws land
      await this.page.waitForTimeout(450);
      if (prepare) {
        await prepare();
        await this.page.waitForTimeout(150);
      }
      await this.page.screenshot({ path: path.join(shots, `${name}-${size.width}x${size.height}.png`) });
    }
    await this.page.setViewportSize(SIZES[0]);
    await this.page.waitForTimeout(250);
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await this.stopServer();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
