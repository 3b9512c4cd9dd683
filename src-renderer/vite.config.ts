import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The renderer bundle: loaded by Electron over file:// and by the browser-mode server over http. */
export default defineConfig(({ command, mode }) => ({
  root: here,
  base: './',
  plugins: [vue()],
  // A build started from a test runner inherits NODE_ENV=test, which would ship the development
  // builds of Vue and ECharts (slow, with dev-only assertions). The bundle follows the mode only.
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify(mode === 'development' ? 'development' : 'production') } : {},
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
}));
