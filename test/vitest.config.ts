import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each file starts its own servers on their own SQLite files and loopback ports.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // With TAXII_TEST_STORE=postgres: a real PostgreSQL server for the run.
    globalSetup: ['../scripts/test-postgres.mjs'],
  },
});
