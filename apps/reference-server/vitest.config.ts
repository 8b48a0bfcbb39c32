import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each file starts its own server on its own SQLite file (or PostgreSQL database); the files can run in parallel.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // With TAXII_TEST_STORE=postgres: a real PostgreSQL server for the run.
    globalSetup: ['../../scripts/test-postgres.mjs'],
  },
});
