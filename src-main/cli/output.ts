import { writeFileSafely } from '../services/safe-file.js';

/** JSON with non-finite numbers (failed points) as null. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (v instanceof Float64Array || v instanceof Int32Array) return Array.from(v, (x) => (Number.isFinite(x) ? x : null));
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      return v;
    },
    0,
  );
}

/** Write a text file atomically (temporary file, fsync, rename): a reader never sees a torn file. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await writeFileSafely(file, content);
}

/** A one-line progress bar for stderr. */
export function progressLine(done: number, total: number, etaMs: number | undefined): string {
  const width = 30;
  const f = total === 0 ? 1 : done / total;
  const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '.');
  const eta = etaMs === undefined ? '' : ` ETA ${formatDuration(etaMs)}`;
  return `[${bar}] ${(f * 100).toFixed(1).padStart(5)}% ${done}/${total}${eta}`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
