// One build for every runtime: the Electron main process, the CLI and job worker (plain Node), the sandboxed
// preload (CommonJS, as sandboxed preloads require) and the renderer (served by Electron and by `prefstudio serve`).
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          cli: resolve(root, 'src-main/transports/cli/main.ts'),
          'job-worker': resolve(root, 'src-main/jobs/worker.ts'),
          // Run as a child process by engine/webgpu-probe.ts, found beside the chunk that holds that code.
          'webgpu-probe-child': resolve(root, 'src-main/engine/webgpu-probe-child.mjs'),
        },
        // Chunks sit beside the entries, so `new URL('./job-worker.js', import.meta.url)` holds in any of them.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    // resources/ holds the app icon, served as the page's favicon too.
    publicDir: resolve(root, 'resources'),
    plugins: [vue()],
    resolve: { alias: { '@shared': resolve(root, 'src-main/shared') } },
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
