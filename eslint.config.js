// Lint, including the layering rules: src-core is pure (no electron, no node, no vue, no DOM-bound
// code from other roots); the renderer never imports src-main, electron or node; services in
// src-main never import electron (only src-main/electron may).
import { builtinModules } from 'node:module';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ban = (names, message) => names.map((name) => ({ name, message }));

/**
 * The layers of src-core, lowest first; a file may import its own layer and the ones before it.
 * tasks, figures, export and project are one layer (they use each other), below the contract.
 */
const LAYERS = [['linalg'], ['quantum'], ['solvers'], ['models'], ['studies'], ['tasks', 'figures', 'export', 'project'], ['contract']];
const coreLayers = [
  // files directly in src-core (errors.ts, env.d.ts) are below every layer
  { files: ['src-core/*.ts'], above: LAYERS.flat() },
  ...LAYERS.map((layer, i) => ({ files: layer.map((d) => `src-core/${d}/**/*.ts`), above: LAYERS.slice(i + 1).flat() })),
];

export default tseslint.config(
  // schema-validator.js and kernels-wasm.js are generated (scripts/gen-*.mjs); src-wasm is AssemblyScript
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'src-core/project/schema-validator.js', 'src-core/linalg/wasm/kernels-wasm.js', 'src-wasm/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // src-core, and inside it the order of its layers: each folder imports only the folders before it
  ...coreLayers.map(({ files, above }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...ban(['electron', 'vue', 'echarts', 'piscina', 'ws'], 'src-core is pure TypeScript: no electron, node, vue or host libraries.'),
            ...ban(nodeBuiltins, 'src-core runs in workers, the renderer and the CLI alike: no node:* modules.'),
          ],
          patterns: [
            { group: ['**/src-main/**', '**/src-renderer/**', 'electron/*', 'vue/*', 'echarts/*'], message: 'src-core may not import other roots or host libraries.' },
            ...(above.length
              ? [{ group: above.flatMap((d) => [`**/${d}/*`, `**/${d}/**`, `**/${d}`]), message: `src-core's layers run linalg → quantum → solvers → models → studies → tasks / figures / export / project → contract: a layer imports only the ones before it (here: not ${above.join(', ')}).` }]
              : []),
          ],
        },
      ],
    },
  })),
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...ban(['electron', 'piscina', 'ws'], 'The renderer reaches the backend only through the contract api object.'),
            ...ban(nodeBuiltins, 'The renderer runs in a sandboxed browser context: no node:* modules.'),
          ],
          patterns: [{ group: ['**/src-main/**', 'electron/*'], message: 'The renderer may not import src-main; use the api object from the contract.' }],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ban(['electron'], 'Only src-main/electron may import electron; services stay testable without it.'),
          patterns: [{ group: ['**/src-renderer/**'], message: 'The main process may not import the renderer.' }],
        },
      ],
    },
  },
);
