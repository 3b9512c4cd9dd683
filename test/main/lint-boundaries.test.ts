import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (res?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering is enforced by lint', () => {
  it.each([
    ["import { app } from 'electron';"],
    ["import fs from 'node:fs';"],
    ["import path from 'path';"],
    ["import { ref } from 'vue';"],
    ["import { Backend } from '../src-main/services/backend';"],
  ])('src-core may not: %s', async (code) => {
    expect(await restricted('src-core/models/x.ts', `${code}\nexport const y = 1;\n`)).not.toHaveLength(0);
  });

  it.each([["import { Backend } from '../../src-main/services/backend';"], ["import { ipcRenderer } from 'electron';"], ["import fs from 'node:fs';"]])(
    'the renderer may not: %s',
    async (code) => {
      expect(await restricted('src-renderer/api/x.ts', `${code}\nexport const y = 1;\n`)).not.toHaveLength(0);
    },
  );

  it('services may not import electron; the electron shell may', async () => {
    expect(await restricted('src-main/services/x.ts', "import { app } from 'electron';\nexport const y = app;\n")).not.toHaveLength(0);
    expect(await restricted('src-main/electron/x.ts', "import { app } from 'electron';\nexport const y = app;\n")).toHaveLength(0);
  });

  it('src-core may import src-core', async () => {
    expect(await restricted('src-core/models/x.ts', "import { luFactor } from '../linalg/lu';\nexport const y = luFactor;\n")).toHaveLength(0);
  });
});
