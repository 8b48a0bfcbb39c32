// The same bound on PostgreSQL (TAXII_TEST_STORE=postgres), which takes no index hints: on a
// collection of 200,000 records its planner must choose, for every query shape, index scans from
// the page's start and nested-loop checks on one object's versions; never a sequential scan, a
// hash or merge join (each reads a whole side), or a bitmap scan over the collection. The plans are
// read with EXPLAIN ANALYZE, so the row counts are what each step really read.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresObjectStore } from '../src/store/postgres.js';
import { pageQuery, positional, walksVersionTimestamps } from '../src/store/record-sql.js';
import { TEST_STORE, testPostgresDatabase } from './harness.js';
import { all, COLLECTION, collectionBatches, last, recordAt, RECORDS, shapes } from './query-shapes.js';

type PlanNode = {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Alias?: string;
  'Index Cond'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
};

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe.skipIf(TEST_STORE !== 'postgres')(`PostgreSQL query plans on ${RECORDS.toLocaleString('en')} records`, () => {
  let store: PostgresObjectStore;
  let client: pg.Client;
  beforeAll(async () => {
    const url = await testPostgresDatabase();
    store = await PostgresObjectStore.open({ url });
    for (const request of collectionBatches()) await store.addObjects(request);
    // With the server's own session settings (postgres.ts), and before autovacuum has analysed the
    // table: the plans must not rest on fresh statistics, which a collection just loaded lacks.
    client = new pg.Client({
      connectionString: url,
      options: '-c enable_hashjoin=off -c enable_mergejoin=off -c enable_bitmapscan=off -c enable_seqscan=off -c enable_material=off',
    });
    await client.connect();
  }, 180_000);
  afterAll(async () => {
    await client?.end();
    await store?.close();
  });

  it.each(shapes)('%s: index scans only, version checks per object', async (_name, filters, pageOptions) => {
    const { text, values } = positional(pageQuery({ collectionId: COLLECTION, ...filters }, { limit: 100, withContent: true, ...pageOptions }, 'postgres'));
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
    const steps = nodes(rows[0]!['QUERY PLAN'][0].Plan);
    expect(steps.filter((step) => /Seq Scan|Bitmap|Hash|Merge Join|Materialize/.test(step['Node Type'])).map((step) => step['Node Type'])).toEqual([]);
    const scans = steps.filter((step) => step['Relation Name'] === 'objects');
    // The page's own rows come from the object's, the type's or the collection's index from the page's position.
    const outer = scans.filter((step) => /^o(_\d+)?$/.test(step.Alias ?? ''));
    expect(outer.length).toBeGreaterThan(0);
    const index =
      filters.objectId || filters.ids
        ? 'objects_by_version'
        : walksVersionTimestamps(filters)
          ? 'objects_by_version_key'
          : filters.types
            ? 'objects_by_type'
            : 'objects_by_date_added';
    for (const step of outer) expect(step['Index Name']).toBe(index);
    // Each correlated check looks up one object's versions by its id.
    for (const step of scans.filter((s) => /^n(_\d+)?$/.test(s.Alias ?? ''))) {
      expect(step['Index Name']).toBe('objects_by_version');
      expect(step['Index Cond']).toMatch(/\(id = /);
    }
    // Nothing reads more than a few pages' worth of rows, however large the collection.
    for (const step of scans) expect(step['Actual Rows']! * step['Actual Loops']!).toBeLessThan(2_000);
  });

  it('pages read through these plans hold what the filters select', async () => {
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
