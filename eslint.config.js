// Lint, including the layering rules: src-core is pure (no electron, no node, no vue, no DOM-bound
// code from other roots); the renderer never imports src-main, electron or node; services in
// src-main never import electron (only src-main/electron may).
import { builtinModules } from 'node:module';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ban = (names, message) => names.map((name) => ({ name, message }));

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
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
  {
    files: ['src-core/**/*.ts'],
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
          ],
        },
      ],
    },
  },
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
