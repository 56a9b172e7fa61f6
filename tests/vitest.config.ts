// Vitest's settings, kept in tests/ so that the project's top level stays as designed.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // Fails the run when tests leave anything in the system's temporary folder.
    globalSetup: ['tests/helpers/tmp-watch.ts'],
    // Each test file's temporary folders and Chromium go when its tests end.
    setupFiles: ['tests/helpers/cleanup.ts'],
  },
});
