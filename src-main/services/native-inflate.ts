/**
 * Node's zlib as the project container's decompressor (see src-core/project/zip-reader.ts):
 * native, so opening a project (which inflates and checks every entry) stays fast from a cold
 * start; `maxOutputLength` stops an entry at its declared size.
 */
import { inflateRawSync } from 'node:zlib';
import { InflateOverflow, type Inflater } from '../../src-core/project/zip-reader.js';

export const nativeInflater: Inflater = (data, size) => {
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, size) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new InflateOverflow();
    throw e;
  }
};
