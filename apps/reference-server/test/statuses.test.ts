// Status resources stay bounded: one request cannot make the server keep or send a status many
// times its own size, the kept statuses never exceed their total size, and old ones are removed a
// batch at a time. Databases written before the size bound existed are brought up to it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS, SqliteObjectStore } from '../src/store/sqlite.js';
import { objectsPath, startServer, TEST_STORE, testIndicator, type Running } from './harness.js';
import { sqliteStatusUsage as statusBytes, statusUsage } from './status-usage.js';

const statusPath = (id: string) => `/api1/status/${id}/`;

describe('one status is bounded', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer({ limits: { maxStatusDetails: 100 } });
  });
  afterAll(() => running.stop());

  it('5,000 tiny invalid objects are all counted, none detailed past the bound of 100 (a list is whole or absent), and the status is smaller than the request', async () => {
    const envelope = { objects: Array.from({ length: 5000 }, (_, i) => ({ type: 'x', id: `bad-${i}` })) };
    const requestBytes = JSON.stringify(envelope).length;
    const reply = await running.as('alice').post(objectsPath(), envelope);
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ status: 'complete', total_count: 5000, success_count: 0, failure_count: 5000, pending_count: 0 });
    expect(reply.body.failures).toBeUndefined();
    expect(reply.body.successes).toBeUndefined();
    expect(JSON.stringify(reply.body).length).toBeLessThan(requestBytes);

    const read = await running.as('alice').get(statusPath(reply.body.id));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(reply.body);
  });

  it('failures are listed before successes, each list whole or not at all, as taxii2-client requires', async () => {
    const objects = [
      ...Array.from({ length: 150 }, (_, i) => testIndicator(i, {}, '5a5a5a5a')),
      ...Array.from({ length: 150 }, (_, i) => ({ type: 'indicator', id: `not-an-id-${i}` })),
    ];
    const reply = await running.as('alice').post(objectsPath(), { objects });
    expect(reply.body).toMatchObject({ total_count: 300, success_count: 150, failure_count: 150 });
    expect(reply.body.failures).toBeUndefined();
    expect(reply.body.successes).toBeUndefined();

    // 90 failures fit the bound of 100 and are listed; the 60 successes no longer fit, and are not.
    const mixed = await running.as('alice').post(objectsPath(), { objects: [...objects.slice(0, 60), ...objects.slice(150, 240)] });
    expect(mixed.body).toMatchObject({ total_count: 150, success_count: 60, failure_count: 90 });
    expect(mixed.body.failures).toHaveLength(90);
    expect(mixed.body.successes).toBeUndefined();

    const few = await running.as('alice').post(objectsPath(), { objects: [...objects.slice(0, 60), ...objects.slice(150, 170)] });
    expect(few.body).toMatchObject({ total_count: 80, success_count: 60, failure_count: 20 });
    expect(few.body.failures).toHaveLength(20);
    expect(few.body.successes).toHaveLength(60);
  });

  it('an id of a rejected object is echoed at most 300 characters long', async () => {
    const longId = `x--${'a'.repeat(100_000)}`;
    const reply = await running.as('alice').post(objectsPath(), { objects: [{ type: 'x', id: longId }] });
    expect(reply.body.failure_count).toBe(1);
    expect(reply.body.failures[0].id.length).toBeLessThanOrEqual(301);
    expect(longId.startsWith(reply.body.failures[0].id.slice(0, 300))).toBe(true);
  });
});

describe('kept statuses are bounded in total size', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer({ limits: { statusRetentionMegabytes: 1, maxStatusDetails: 1000 } });
  });
  afterAll(() => running.stop());

  it('six statuses of about 350 KB each leave the newest that fit in 1 MiB; the oldest answer 404', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) {
      const objects = Array.from({ length: 1000 }, (_, i) => ({ type: 'x', id: `${n}-${i}-${'z'.repeat(280)}` }));
      const reply = await running.as('alice').post(objectsPath(), { objects });
      expect(reply.status).toBe(202);
      ids.push(reply.body.id);
    }
    const usage = await statusUsage(running.config);
    expect(usage.kept).toBe(usage.actual);
    expect(usage.kept).toBeLessThanOrEqual(1024 * 1024);
    expect(usage.count).toBe(2);
    const answers = await Promise.all(ids.map(async (id) => (await running.as('alice').get(statusPath(id))).status));
    expect(answers).toEqual([404, 404, 404, 404, 200, 200]);
  });
});

// The same for PostgreSQL is in postgres-store.test.ts.
describe.skipIf(TEST_STORE === 'postgres')('purging (SQLite)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxii-statuses-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const addEmpty = (store: SqliteObjectStore, n: number) =>
    store.addObjects({
      statusId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      apiRootPath: '/api1/',
      collectionId: 'c',
      owner: 'alice',
      requestTimestamp: '2024-01-01T00:00:00.000000Z',
      accepted: [],
      rejected: [{ id: `bad-${n}`, version: '', message: 'invalid' }],
      revealDuplicates: true,
    });

  it('removes expired statuses a batch per call, oldest first, keeping the size bookkeeping right', async () => {
    const file = join(dir, 'purge.sqlite');
    const store = new SqliteObjectStore(file, { synchronous: 'NORMAL' });
    for (let n = 0; n < 1200; n++) await addEmpty(store, n);
    await store.close();
    const db = new Database(file);
    db.prepare('UPDATE statuses SET created_at = 1000 + rowid WHERE rowid <= 1100').run();
    db.close();

    const reopened = new SqliteObjectStore(file, { synchronous: 'NORMAL' });
    const cutoff = 1000 + 1100 + 1;
    expect([await reopened.purgeStatuses(cutoff, 500), await reopened.purgeStatuses(cutoff, 500), await reopened.purgeStatuses(cutoff, 500)]).toEqual([
      500, 500, 100,
    ]);
    expect(await reopened.getStatus('/api1/', '00000000-0000-4000-8000-000000001099', 'alice')).toBeNull();
    expect(await reopened.getStatus('/api1/', '00000000-0000-4000-8000-000000001100', 'alice')).not.toBeNull();
    await reopened.close();
    const usage = statusBytes(file);
    expect(usage.count).toBe(100);
    expect(usage.kept).toBe(usage.actual);
  });

  it('a database written before the size bound (schema 1) is migrated: sizes filled in, total right, statuses still readable', async () => {
    const file = join(dir, 'schema1.sqlite');
    const old = new Database(file);
    old.exec(SQLITE_MIGRATIONS[0]!);
    const body = JSON.stringify({
      id: '00000000-0000-4000-8000-000000000001',
      status: 'complete',
      total_count: 0,
      success_count: 0,
      failure_count: 0,
      pending_count: 0,
    });
    old.prepare('INSERT INTO statuses VALUES (?, ?, ?, ?, ?)').run('00000000-0000-4000-8000-000000000001', '/api1/', 'alice', Date.now(), body);
    old.pragma('user_version = 1');
    old.close();

    const store = new SqliteObjectStore(file, { synchronous: 'NORMAL' });
    expect(await store.getStatus('/api1/', '00000000-0000-4000-8000-000000000001', 'alice')).toMatchObject({ status: 'complete' });
    await addEmpty(store, 7);
    await store.close();
    const usage = statusBytes(file);
    expect(usage.count).toBe(2);
    expect(usage.kept).toBe(usage.actual);
    expect(usage.kept).toBeGreaterThan(Buffer.byteLength(body));
  });
});
