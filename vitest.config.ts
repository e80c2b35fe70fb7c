// Test projects mirror the layers: main (plain Node, real SQLite), renderer (components in happy-dom), e2e (real Chromium).
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const shared = fileURLToPath(new URL('./src-main/shared', import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'main',
          include: ['test/main/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 60_000,
          // Secrets (the LLM API key) go to a config folder: never the user's own during tests.
          env: { PREFSTUDIO_CONFIG_DIR: join(tmpdir(), `prefstudio-test-config-${process.pid}`) },
        },
      },
      {
        plugins: [vue()],
        resolve: { alias: { '@shared': shared } },
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 240_000,
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
