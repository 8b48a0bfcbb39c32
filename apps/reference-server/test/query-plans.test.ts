// Every page the SQLite store reads is bounded: on a collection of 200,000 records, each query
// shape the endpoints produce is planned as index searches from the page's start, and the
// correlated version and spec-version checks look only at the versions of one object. (The speed
// these plans give, at 10k to 1M records, is measured by `npm run bench`, not here.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageQuery, walksVersionTimestamps } from '../src/store/record-sql.js';
import { SqliteObjectStore } from '../src/store/sqlite.js';
import { versionKey } from '../src/timestamps.js';
import { addRecords, all, COLLECTION, collectionBatches, last, recordAt, RECORDS, shapes } from './query-shapes.js';

const dir = mkdtempSync(join(tmpdir(), 'taxii-plans-'));
const path = join(dir, 'store.sqlite');
let db: Database.Database;
let store: SqliteObjectStore;

beforeAll(async () => {
  store = new SqliteObjectStore(path, { synchronous: 'NORMAL' });
  for (const request of collectionBatches()) await store.addObjects(request);
  db = new Database(path, { readonly: true });
}, 120_000);

afterAll(async () => {
  db.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`query plans on ${RECORDS.toLocaleString('en')} records`, () => {
  it.each(shapes)('%s: index searches only, version checks per object', (_name, filters, pageOptions) => {
    const { sql, params } = pageQuery({ collectionId: COLLECTION, ...filters }, { limit: 100, withContent: true, ...pageOptions });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { id: number; parent: number; detail: string }[]).map((step) => step.detail);
    // No table or index is read from end to end.
    expect(plan.filter((step) => /^SCAN (o|n|objects)\b/.test(step))).toEqual([]);
    // Each correlated check looks up one object's versions by its id.
    const inner = plan.filter((step) => /^SEARCH n /.test(step));
    for (const step of inner) expect(step).toMatch(/^SEARCH n USING INDEX objects_by_version \(collection_id=\? AND id=\?/);
    // The page itself starts where it should: the object's own rows, the type's, or the collection's from the page's position.
    const outer = plan.filter((step) => /^SEARCH o /.test(step));
    expect(outer.length).toBeGreaterThan(0);
    const index =
      filters.objectId || filters.ids
        ? 'objects_by_version'
        : walksVersionTimestamps(filters)
          ? 'objects_by_version_key'
          : filters.types
            ? 'objects_by_type'
            : 'objects_by_date_added';
    for (const step of outer) expect(step).toContain(`USING INDEX ${index}`);
    // A sort is only ever of a bounded handful: one object's versions, or one page per walk.
    const walks = walksVersionTimestamps(filters) ? filters.versions.exact.length : (filters.types?.length ?? 0);
    if (plan.some((step) => step.includes('TEMP B-TREE'))) expect(Boolean(filters.objectId || filters.ids || walks > 1)).toBe(true);
  });

  it('pages read through the new plans hold what the filters select', async () => {
    const page = await store.queryRecords({ collectionId: COLLECTION, versions: last, types: ['malware', 'tool'] }, { limit: 50, withContent: false });
    expect(page.records).toHaveLength(50);
    expect(page.more).toBe(true);
    expect(page.records.every((r) => r.type === 'malware' || r.type === 'tool')).toBe(true);
    const dates = page.records.map((r) => r.dateAdded);
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    const versions = await store.queryRecords({ collectionId: COLLECTION, versions: all, objectId: recordAt(100_000).id }, { limit: 10, withContent: false });
    expect(versions.records.map((r) => r.version)).toEqual([recordAt(100_000).version, recordAt(100_001).version]);
  });
});

describe('a database of schema 2', () => {
  it('gains the version-timestamp index when opened, and its pages use it', async () => {
    const file = join(dir, 'schema2.sqlite');
    const written = new SqliteObjectStore(file, { synchronous: 'NORMAL' });
    await written.addObjects(addRecords(0, 50));
    await written.close();
    const old = new Database(file);
    old.exec('DROP INDEX objects_by_version_key');
    old.pragma('user_version = 2');
    old.close();

    const reopened = new SqliteObjectStore(file, { synchronous: 'NORMAL' });
    const version = versionKey(recordAt(21).version);
    const page = await reopened.queryRecords(
      { collectionId: COLLECTION, versions: { all: false, first: false, last: false, exact: [version] } },
      { limit: 10, withContent: false },
    );
    expect(page.records.map((r) => r.id)).toEqual([recordAt(21).id]);
    await reopened.close();
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(3);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'objects_by_version_key'").all()).toHaveLength(1);
    check.close();
  });
});
