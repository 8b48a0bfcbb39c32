// Every page the store reads is bounded: on a collection of 200,000 records, each query shape the
// endpoints produce is planned as index searches from the page's start, and the correlated
// version and spec-version checks look only at the versions of one object. (The speed these plans
// give, at 10k to 1M records, is measured by `npm run bench`, not here.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageQuery, SqliteObjectStore } from '../src/store/sqlite.js';
import type { PageRequest, RecordQuery } from '../src/store/types.js';

const RECORDS = 200_000;
const COLLECTION = 'c0ffee00-0000-4000-8000-000000000001';
const TYPES = ['indicator', 'malware', 'attack-pattern', 'campaign', 'tool'];
const dir = mkdtempSync(join(tmpdir(), 'taxii-plans-'));
const path = join(dir, 'store.sqlite');
let db: Database.Database;
let store: SqliteObjectStore;

/** Record i: every fourth object gets a second version later on, so version selection has work to do. */
function recordAt(i: number) {
  const objectNumber = i % 4 === 1 ? i - 1 : i;
  const type = TYPES[objectNumber % TYPES.length]!;
  const id = `${type}--00000000-0000-4000-8000-${String(objectNumber).padStart(12, '0')}`;
  const version = new Date(Date.UTC(2020, 0, 1) + i).toISOString();
  return { id, type, version, specVersion: '2.1', mediaType: 'application/stix+json;version=2.1', content: JSON.stringify({ id, modified: version }) };
}

beforeAll(async () => {
  store = new SqliteObjectStore(path, { synchronous: 'NORMAL' });
  for (let start = 0; start < RECORDS; start += 10_000) {
    const accepted = Array.from({ length: 10_000 }, (_, k) => recordAt(start + k));
    await store.addObjects({ statusId: `s${start}`, apiRootPath: '/r/', collectionId: COLLECTION, owner: 'u', requestTimestamp: '2020-01-01T00:00:00.000000Z', accepted, rejected: [] });
  }
  db = new Database(path, { readonly: true });
}, 120_000);

afterAll(async () => {
  db.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const last = { all: false, first: false, last: true, exact: [] };
const first = { all: false, first: true, last: false, exact: [] };
const all = { all: true, first: false, last: false, exact: [] };
const someId = recordAt(100_000).id;
const addedAfter = Date.UTC(2026, 0, 1) * 1000;

/** Every query shape the endpoints send: filters alone and combined, with and without a next position. */
const shapes: [string, Omit<RecordQuery, 'collectionId'>, Partial<PageRequest>][] = [
  ['first page', { versions: last }, {}],
  ['deep page (next)', { versions: last }, { after: addedAfter }],
  ['added_after', { versions: last, addedAfter }, {}],
  ['added_after + match[type]', { versions: last, addedAfter, types: ['malware'] }, {}],
  ['added_after + two types', { versions: last, addedAfter, types: ['malware', 'tool'] }, {}],
  ['added_after + match[version]=first', { versions: first, addedAfter }, {}],
  ['added_after + match[version]=all', { versions: all, addedAfter }, {}],
  ['added_after + match[version]=first,last', { versions: { ...last, first: true }, addedAfter }, {}],
  ['added_after + a version timestamp', { versions: { ...all, all: false, exact: ['2020-01-01T00:01:40.000000Z'] }, addedAfter }, {}],
  ['added_after + match[spec_version]', { versions: last, addedAfter, specVersions: ['2.1'] }, {}],
  ['match[type]', { versions: last, types: ['campaign'] }, {}],
  ['match[id] list', { versions: last, ids: [someId, recordAt(7).id] }, {}],
  ['getObject', { versions: last, objectId: someId }, {}],
  ['getObject + added_after', { versions: last, objectId: someId, addedAfter }, {}],
  ['getObjectVersions', { versions: all, objectId: someId }, {}],
  ['match[type] deep page', { versions: last, types: ['tool'] }, { after: addedAfter }],
];

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
    const index = filters.objectId || filters.ids ? 'objects_by_version' : filters.types ? 'objects_by_type' : 'objects_by_date_added';
    for (const step of outer) expect(step).toContain(`USING INDEX ${index}`);
    // A sort is only ever of a bounded handful: one object's versions, or one page per type.
    if (plan.some((step) => step.includes('TEMP B-TREE'))) expect(Boolean(filters.objectId || filters.ids || (filters.types?.length ?? 0) > 1)).toBe(true);
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
