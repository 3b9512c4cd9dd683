import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileSafely } from '../../../src-main/services/safe-file';

describe('writeFileSafely', () => {
  it('two saves of one file at once in one process both complete; the file is one of them whole, no temporary left', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nrlab-safe-'));
    const f = path.join(dir, 'p.nrlab');
    const a = 'a'.repeat(200_000);
    const b = 'b'.repeat(300_000);
    await writeFileSafely(f, 'old', { backup: true });
    await Promise.all([writeFileSafely(f, a, { backup: true }), writeFileSafely(f, b, { backup: true })]);
    expect([a, b]).toContain(readFileSync(f, 'utf8'));
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
