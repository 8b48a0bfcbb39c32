// An import's summary counts what the store did — versions stored, versions already there —
// not what a status resource happens to list: with status details bounded far below the number
// of duplicates, a second import of the same bundle still reports every object already present.
// Runs on SQLite and again on PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStixValidator } from '@taxii21/stix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionCatalog } from '../src/catalog.js';
import type { ServerConfig } from '../src/config.js';
import { importBundle } from '../src/import-bundle.js';
import { openStore } from '../src/open-store.js';
import { objectLimits } from '../src/stix.js';
import type { TaxiiStore } from '../src/store/types.js';
import { ICS_BUNDLE, MAIN, TEST_STORE, testConfig } from './harness.js';

describe(`import counts from the store's result (${TEST_STORE})`, () => {
  let dir: string;
  let config: ServerConfig;
  let store: TaxiiStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taxii-import-counts-'));
    config = await testConfig(dir, { maxStatusDetails: 3 });
    store = await openStore(config, { readers: 0 });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const importIcs = () =>
    importBundle(store, new CollectionCatalog(config), {
      file: ICS_BUNDLE,
      apiRootPath: '/api1/',
      collection: MAIN,
      batchSize: 500,
      objectLimits: objectLimits(config),
      stixValidator: createStixValidator(),
    });

  it('1,826 duplicates, 500 per batch, with at most 3 status details: every one counted as already present', async () => {
    const first = await importIcs();
    expect(first).toMatchObject({ total: 1826, added: 1826, alreadyPresent: 0, rejected: 0 });
    const second = await importIcs();
    expect(second).toMatchObject({ total: 1826, added: 0, alreadyPresent: 1826, rejected: 0 });
    expect(await store.countRecords(MAIN)).toBe(1826);
  });
});
