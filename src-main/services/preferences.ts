/**
 * The user's display preferences (theme, frequency units) in `<data directory>/preferences.json`,
 * shared by the desktop app, browser mode and the CLI's server. Requests are checked key by key
 * (unknown keys and values are refused naming the field); the file is written whole through a
 * temporary file and a rename, so a crash mid-write leaves the old one; a damaged file reads as no
 * preferences (and is replaced by the next choice).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Preferences } from '../../src-core/contract/api.js';
import { ParameterError, shown } from '../../src-core/errors.js';

/** The largest preferences file read (a real one is under 100 bytes). */
const MAX_FILE_BYTES = 10_000;

const CHOICES: { [K in keyof Required<Preferences>]: readonly Preferences[K][] } = {
  theme: ['light', 'dark'],
  units: ['rad/s', 'Hz'],
};

/** Check preferences from a request (or the file): only known keys with one of their values. */
export function checkPreferences(v: unknown, field = 'preferences'): Preferences {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ParameterError(field, `must be an object like {"theme": "dark"}, got ${shown(v)}`);
  const out: Preferences = {};
  for (const [k, value] of Object.entries(v)) {
    const allowed = (CHOICES as Record<string, readonly unknown[] | undefined>)[k];
    if (!Object.hasOwn(CHOICES, k) || !allowed) throw new ParameterError(`${field}.${k}`, `is not a preference (known: ${Object.keys(CHOICES).join(', ')})`);
    if (!allowed.includes(value)) throw new ParameterError(`${field}.${k}`, `must be one of ${allowed.map((a) => `"${String(a)}"`).join(', ')}, got ${shown(value)}`);
    (out as Record<string, unknown>)[k] = value;
  }
  return out;
}

export class PreferencesStore {
  /** Calls in order: two quick choices never write over each other out of order. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  get file(): string {
    return path.join(this.dataDir, 'preferences.json');
  }

  async read(): Promise<Preferences> {
    try {
      // a few bytes are all preferences can be: a larger file is not ours, and is not read
      if ((await fs.stat(this.file)).size > MAX_FILE_BYTES) return {};
      return checkPreferences(JSON.parse(await fs.readFile(this.file, 'utf8')));
    } catch {
      return {};
    }
  }

  /** Merge `update` (checked) into the stored preferences and write them. */
  async set(update: unknown): Promise<Preferences> {
    const checked = checkPreferences(update);
    const next = this.chain.then(async () => {
      const merged = { ...(await this.read()), ...checked };
      await fs.mkdir(this.dataDir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, `${JSON.stringify(merged, null, 2)}\n`);
      await fs.rename(tmp, this.file);
      return merged;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
