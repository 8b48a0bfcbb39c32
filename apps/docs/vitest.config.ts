import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Bounds for a loaded 2-core machine (CI runs every package's tests at once), not speed
    // claims: validators compile meta-schemas, and the docs tests drive a real browser.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
