import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { ParameterError } from '../../src-core/errors.js';
import { writeFileSafely } from '../services/safe-file.js';

/** Why a file cannot be written, in words, from Node's error code. */
export function whyUnwritable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'its directory does not exist';
  if (code === 'ENOTDIR') return 'a part of its directory path is a file, not a directory';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOSPC') return 'the disk is full';
  return e instanceof Error ? e.message : String(e);
}

/**
 * Check, before any work is done, that `out` can be written the way {@link writeExportFile}
 * writes it (a temporary file beside it, renamed over it): its directory exists and is writable,
 * and it is not itself a directory. A failure names the flag and why (exit 2).
 */
export async function checkWritable(out: string, flag = '--out'): Promise<void> {
  const target = path.resolve(out);
  const dir = path.dirname(target);
  try {
    const st = await fs.stat(dir);
    if (!st.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await fs.access(dir, constants.W_OK);
  } catch (e) {
    throw new ParameterError(flag, `cannot write ${target} (${whyUnwritable(e)})`);
  }
  const st = await fs.stat(target).catch(() => undefined);
  if (st?.isDirectory()) throw new ParameterError(flag, `cannot write ${target} (it is a directory)`);
}

/** Write an export file safely (temp file, fsync, rename); a failure names --out and why. */
export async function writeExportFile(out: string, data: Uint8Array | string, flag = '--out'): Promise<void> {
  try {
    await writeFileSafely(out, data);
  } catch (e) {
    throw new ParameterError(flag, `cannot write ${path.resolve(out)} (${whyUnwritable(e)})`);
  }
}
