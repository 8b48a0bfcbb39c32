import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests start local HTTP servers and run whole request sequences; `npm test` runs every
    // workspace at once on two cores, where the default 5 s is too short for a test that takes
    // half a second alone.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
