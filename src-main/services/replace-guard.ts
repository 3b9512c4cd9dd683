/**
 * Saving a project never replaces a file that is not an NR Lab project: an existing target must
 * be a ZIP whose `project.json` says `"format": "nrlab-project"` (its validity beyond that is
 * not asked; a file whose project.json cannot be read intact is not replaced either).
 */
import { promises as fs } from 'node:fs';
import { strFromU8 } from 'fflate';
import { ParameterError } from '../../src-core/errors.js';
import { MAX_ENTRIES, MAX_JSON_BYTES, PROJECT_ENTRY } from '../../src-core/project/container.js';
import { inflateEntry, readZipDirectory } from '../../src-core/project/zip-reader.js';
import { PROJECT_FORMAT } from '../../src-core/project/types.js';
import { nativeInflater } from './native-inflate.js';

function projectFormatOf(bytes: Uint8Array): unknown {
  try {
    // the same bounded reader that opens projects (declared sizes limited, inflation stopped at them)
    const entry = readZipDirectory(bytes, MAX_ENTRIES).find((e) => e.name === PROJECT_ENTRY);
    if (!entry || entry.size > MAX_JSON_BYTES) return undefined;
    return (JSON.parse(strFromU8(inflateEntry(bytes, entry, nativeInflater))) as { format?: unknown } | null)?.format;
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
