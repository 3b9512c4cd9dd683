import path from 'node:path';
import { ParameterError } from '../../src-core/errors.js';
import { writeFileSafely } from '../services/safe-file.js';

/** Write an export file safely (temp file, fsync, rename); a failure names --out and why. */
export async function writeExportFile(out: string, data: Uint8Array | string, flag = '--out'): Promise<void> {
  try {
    await writeFileSafely(out, data);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its directory does not exist' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? (e instanceof Error ? e.message : String(e)));
    throw new ParameterError(flag, `cannot write ${path.resolve(out)} (${why})`);
  }
}
