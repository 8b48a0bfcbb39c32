import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each file starts its own server on its own SQLite file; the files can run in parallel.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
