/**
 * Saving a project never replaces a file that is not an NR Lab project: an existing target must
 * be a ZIP whose `project.json` says `"format": "nrlab-project"` (its validity beyond that is
 * not asked: a damaged project may be overwritten, it is kept as `.bak`).
 */
import { promises as fs } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { ParameterError } from '../../src-core/errors.js';
import { PROJECT_ENTRY } from '../../src-core/project/container.js';
import { PROJECT_FORMAT } from '../../src-core/project/types.js';

/** project.json larger than this is not read here (a real one is kilobytes). */
const MAX_PROJECT_JSON = 64 * 1024 * 1024;

function projectFormatOf(bytes: Uint8Array): unknown {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return undefined;
  try {
    const files = unzipSync(bytes, { filter: (f) => f.name === PROJECT_ENTRY && f.originalSize <= MAX_PROJECT_JSON });
    const json = files[PROJECT_ENTRY];
    return json ? (JSON.parse(strFromU8(json)) as { format?: unknown } | null)?.format : undefined;
  } catch {
    return undefined;
  }
}

/** Throws ParameterError('path') when `file` exists and is not an NR Lab project; nothing happens otherwise. */
export async function assertReplaceableProject(file: string): Promise<void> {
  let st;
  try {
    st = await fs.stat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ParameterError('path', `cannot check ${file} before replacing it (${(e as NodeJS.ErrnoException).code ?? String(e)}); nothing was changed`);
  }
  if (!st.isFile()) throw new ParameterError('path', `${file} is not a file; nothing was changed`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(file));
  } catch (e) {
    throw new ParameterError('path', `cannot check ${file} before replacing it (${(e as NodeJS.ErrnoException).code ?? String(e)}); nothing was changed`);
  }
  if (projectFormatOf(bytes) !== PROJECT_FORMAT) {
    throw new ParameterError('path', `${file} exists and is not an NR Lab project: it is not replaced; choose another file name`);
  }
}
