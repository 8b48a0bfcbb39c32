import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Compiling the 42 object schemas takes a second alone and several under `npm test`'s load.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
