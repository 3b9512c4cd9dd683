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

  it.each([
    ['src-core/linalg/x.ts', "import { fockBasis } from '../quantum/fock';"],
    ['src-core/quantum/x.ts', "import { steadyState } from '../solvers/lindblad-steady-state';"],
    ['src-core/solvers/x.ts', "import { getModel } from '../models/registry';"],
    ['src-core/solvers/preconditioners/x.ts', "import type { ModelInfo } from '../../models/model';"],
    ['src-core/models/registry.ts', "import type { ModelInfo } from '../contract/api';"],
    ['src-core/models/three-cavity/x.ts', "import { planSweep } from '../../studies/grid';"],
    ['src-core/studies/x.ts', "import { fromStored } from '../figures/study-data';"],
    ['src-core/figures/x.ts', "import type { SweepResult } from '../contract/api';"],
    ['src-core/errors.ts', "import { getModel } from './models/registry';"],
  ])('src-core keeps its layer order: %s may not %s', async (file, code) => {
    const msgs = await restricted(file, `${code}\nexport const y = 1;\n`);
    expect(msgs.join('\n')).toMatch(/layers run linalg → quantum → solvers → models → studies/);
  });

  it.each([
    ['src-core/solvers/x.ts', "import { eig } from '../linalg/eig';"],
    ['src-core/models/three-cavity/x.ts', "import { steadyState } from '../../solvers/lindblad-steady-state';"],
    ['src-core/figures/x.ts', "import type { Figure } from '../project/types';"],
    ['src-core/project/x.ts', "import { figureSize } from '../figures/presets';"],
    ['src-core/contract/x.ts', "import type { SweepResult } from '../studies/results';"],
  ])('src-core layers may import the ones before them (and their peers): %s may %s', async (file, code) => {
    expect(await restricted(file, `${code}\nexport const y = 1;\n`)).toHaveLength(0);
  });

  it('src-core may import src-core', async () => {
    expect(await restricted('src-core/models/x.ts', "import { luFactor } from '../linalg/lu';\nexport const y = luFactor;\n")).toHaveLength(0);
  });
});
