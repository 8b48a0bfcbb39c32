// Databases that older servers wrote (fixtures/old-databases, made with those versions' own store
// code from git history by make.mjs there): SQLite schemas 1 and 2, and PostgreSQL schema 1 (kept
// as the SQL that recreates it). This server opens each, migrates it, serves every record and
// status it holds as they were, and takes new writes after them. Each store's run checks its own.
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import { manifestPath, objectsPath, startServer, TEST_STORE, testIndicator, testPostgresDatabase, type Running } from './harness.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/old-databases/', import.meta.url));
type Expected = {
  commit: string;
  records: { id: string; version: string }[];
  statuses: { id: string; total_count: number; success_count: number; failure_count: number }[];
};
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expected>;
const CURRENT = { sqlite: 3, postgres: 2 };

/** What a user of the upgraded server sees: the old records, versions and statuses, and room for new writes. */
async function servesAsBefore(running: Running, expected: Expected) {
  const alice = running.as('alice');
  const manifest = await alice.get(`${manifestPath()}?match[version]=all&limit=1000`);
  expect(manifest.status).toBe(200);
  expect(manifest.body.objects.map((r: { id: string; version: string }) => ({ id: r.id, version: r.version }))).toEqual(expected.records);
  for (const status of expected.statuses) {
    const read = await alice.get(`/api1/status/${status.id}/`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject(status);
  }
  const object = await alice.get(`${objectsPath()}${expected.records[0]!.id}/`);
  expect(object.body.objects[0].id).toBe(expected.records[0]!.id);
  const last = manifest.body.objects.at(-1).date_added as string;
  const fresh = testIndicator(1, {}, 'a0a0a0a0');
  expect((await alice.post(objectsPath(), { objects: [fresh] })).body).toMatchObject({ success_count: 1 });
  const added = await alice.get(`${manifestPath()}?added_after=${last}`);
  expect(added.body.objects.map((r: { id: string }) => r.id)).toEqual([fresh.id]);
}

for (const name of Object.keys(EXPECTED).filter((n) => n.startsWith(`${TEST_STORE}-`))) {
  it(`a database an older server wrote (${name}, commit ${EXPECTED[name]!.commit}) opens migrated and serves as before`, async () => {
    const dir = mkdtempSync(join(tmpdir(), `taxii-upgrade-${name}-`));
    if (TEST_STORE === 'sqlite') {
      copyFileSync(join(FIXTURES, `${name}.sqlite`), join(dir, 'taxii.sqlite'));
      const running = await startServer({ dir });
      try {
        await servesAsBefore(running, EXPECTED[name]!);
      } finally {
        await running.stop();
      }
      const db = new Database(join(dir, 'taxii.sqlite'), { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(CURRENT.sqlite);
      db.close();
    } else {
      const url = await testPostgresDatabase();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(readFileSync(join(FIXTURES, `${name}.sql`), 'utf8'));
        const running = await startServer({ dir, postgresUrl: url });
        try {
          await servesAsBefore(running, EXPECTED[name]!);
        } finally {
          await running.stop();
        }
        const { rows } = await client.query<{ version: number }>('SELECT max(version) AS version FROM taxii_schema');
        expect(rows[0]!.version).toBe(CURRENT.postgres);
      } finally {
        await client.end();
      }
    }
  });
}
