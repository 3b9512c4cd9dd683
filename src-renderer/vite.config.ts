import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * The renderer bundle: loaded by Electron over file:// (hence base './') and by the browser-mode
 * server over http. Paths are relative to this folder (the root); no node:* imports, as
 * everything under src-renderer is linted as browser code.
 */
export default defineConfig(({ command, mode }) => ({
  root: import.meta.dirname,
  base: './',
  plugins: [vue()],
  // A build started from a test runner inherits NODE_ENV=test, which would ship the development
  // builds of Vue and ECharts (slow, with dev-only assertions). The bundle follows the mode only.
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify(mode === 'development' ? 'development' : 'production') } : {},
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    fs: { allow: ['..'] },
  },
}));
