// The PostgreSQL store's own guarantees, on a real PostgreSQL server (TAXII_TEST_STORE=postgres),
// with several store instances on one database standing for several server processes: records
// commit in date_added order, so an added_after reader never skips one; statuses, the next-token
// secret and failed-login counts are shared; migrations run once however many instances start;
// statuses are purged a batch at a time by one instance at a time; faults answer 503.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LoginThrottle } from '../src/login-throttle.js';
import { PostgresObjectStore } from '../src/store/postgres.js';
import { SCHEMA_VERSION } from '../src/store/postgres-schema.js';
import type { AddRequest } from '../src/store/types.js';
import { objectsPath, startServer, TEST_STORE, testIndicator, testPostgresDatabase, type Reply, type Running } from './harness.js';
import { statusUsage } from './status-usage.js';

const COLLECTION = 'c0ffee00-0000-4000-8000-0000000000aa';
const last = { all: false, first: false, last: true, exact: [] };

function addRequest(n: number, objects: number, series: number, collectionId = COLLECTION): AddRequest {
  return {
    statusId: `00000000-0000-4000-8${String(series).padStart(3, '0')}-${String(n).padStart(12, '0')}`,
    apiRootPath: '/api1/',
    collectionId,
    owner: 'alice',
    requestTimestamp: '2024-01-01T00:00:00.000000Z',
    revealDuplicates: true,
    accepted: Array.from({ length: objects }, (_, i) => {
      const indicator = testIndicator(n * 1000 + i, {}, series.toString(16).padStart(8, '0'));
      return {
        id: indicator.id,
        type: 'indicator',
        version: indicator.modified,
        specVersion: '2.1',
        mediaType: 'application/stix+json;version=2.1',
        content: JSON.stringify(indicator),
      };
    }),
    rejected: [],
  };
}

async function query(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

describe.skipIf(TEST_STORE !== 'postgres')('PostgreSQL store', () => {
  let url: string;
  const stores: PostgresObjectStore[] = [];
  beforeAll(async () => {
    url = await testPostgresDatabase();
    // Three instances starting at once: one migrates, the others wait for it and find the work done.
    stores.push(...(await Promise.all([1, 2, 3].map(() => PostgresObjectStore.open({ url, poolSize: 6 })))));
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
  });

  it('migrates once however many instances start together, and refuses a database of a newer schema', async () => {
    const { rows } = await query(url, 'SELECT version FROM taxii_schema ORDER BY version');
    expect(rows).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => ({ version: i + 1 })));
    const newer = await testPostgresDatabase();
    (await PostgresObjectStore.open({ url: newer })).close();
    await query(newer, 'INSERT INTO taxii_schema (version) VALUES (99)');
    await expect(PostgresObjectStore.open({ url: newer })).rejects.toThrow(/newer server \(schema 99/);
  });

  it('an add waits for the writer that holds its collection clock, and commits after it', async () => {
    await stores[0]!.addObjects(addRequest(0, 1, 1));
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT last_date_added FROM collection_clock WHERE collection_id = $1 FOR UPDATE', [COLLECTION]);
    let done = false;
    const waiting = stores[1]!.addObjects(addRequest(1, 1, 1)).then(() => (done = true));
    // Another collection does not wait.
    await stores[2]!.addObjects(addRequest(2, 1, 1, 'another-collection'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false);
    await holder.query('COMMIT');
    await holder.end();
    await waiting;
    expect(done).toBe(true);
  });

  it('with 9 writers on 3 instances, a reader paging by added_after sees every record exactly once, in date_added order', async () => {
    const collectionId = 'c0ffee00-0000-4000-8000-0000000000bb';
    const writers = Array.from({ length: 9 }, async (_, w) => {
      for (let n = 0; n < 12; n++) await stores[w % 3]!.addObjects(addRequest(n, 40, 100 + w, collectionId));
    });
    let writing = true;
    const allWritten = Promise.all(writers).finally(() => (writing = false));
    const seen: number[] = [];
    const ids = new Set<string>();
    let position: number | undefined;
    let round = 0;
    // Reads to the end of what is committed, from the instances in turn.
    const readToEnd = async () => {
      for (;;) {
        const page = await stores[round++ % 3]!.queryRecords(
          { collectionId, versions: last, ...(position !== undefined && { addedAfter: position }) },
          { limit: 25, withContent: false },
        );
        for (const record of page.records) {
          seen.push(record.dateAdded);
          ids.add(`${record.id}|${record.version}`);
        }
        if (page.records.length > 0) position = page.records.at(-1)!.dateAdded;
        if (!page.more) return;
      }
    };
    while (writing) await readToEnd();
    await allWritten;
    await readToEnd();
    expect(round).toBeGreaterThan(20);
    expect(seen.length).toBe(9 * 12 * 40);
    expect(ids.size).toBe(9 * 12 * 40);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
    expect(await stores[1]!.countRecords(collectionId)).toBe(9 * 12 * 40);
  });

  it('a status written through one instance is durable and readable through the others; an id stored twice is reported already present', async () => {
    const request = addRequest(500, 3, 2);
    const { status } = await stores[0]!.addObjects(request);
    expect(status).toMatchObject({ total_count: 3, success_count: 3 });
    expect(await stores[1]!.getStatus('/api1/', request.statusId, 'alice')).toEqual(status);
    expect(await stores[2]!.getStatus('/api1/', request.statusId, 'bob')).toBeNull();
    const { status: again } = await stores[1]!.addObjects({ ...addRequest(500, 3, 2), statusId: '00000000-0000-4000-8999-000000000001' });
    expect(again.successes?.map((s) => s.message)).toEqual(Array(3).fill('Already present; not stored again.'));
  });

  it('every instance gets the same next-token secret, however many ask first at once', async () => {
    const fresh = await testPostgresDatabase();
    const instances = await Promise.all([1, 2, 3].map(() => PostgresObjectStore.open({ url: fresh, poolSize: 2 })));
    const secrets = await Promise.all(instances.map((store) => store.nextTokenSecret()));
    await Promise.all(instances.map((store) => store.close()));
    expect(secrets[0]!.length).toBe(32);
    expect(secrets.map((s) => s.toString('hex'))).toEqual(Array(3).fill(secrets[0]!.toString('hex')));
  });

  it('failed logins counted on one instance lock the pair on the others, and a success on any clears them', async () => {
    const throttles = stores.map((store) => new LoginThrottle(3, 60_000, 'user', store));
    await Promise.all([
      throttles[0]!.recordFailure('10.0.0.9', 'alice'),
      throttles[1]!.recordFailure('10.0.0.9', 'alice'),
      throttles[2]!.recordFailure('10.0.0.9', 'alice'),
    ]);
    expect(await throttles[1]!.retryAfterSeconds('10.0.0.9', 'alice')).toBeGreaterThan(50);
    expect(await throttles[2]!.retryAfterSeconds('10.0.0.8', 'alice')).toBe(0);
    // Only the newest maxFailures are kept, whatever the number of failures.
    for (let i = 0; i < 10; i++) await throttles[i % 3]!.recordFailure('10.0.0.9', 'alice');
    const { rows } = await query(url, 'SELECT cardinality(failed_at) AS n FROM login_failures');
    expect(rows).toEqual([{ n: 3 }]);
    await throttles[0]!.recordSuccess('10.0.0.9', 'alice');
    expect(await throttles[2]!.check('10.0.0.9', 'alice')).toEqual({ retryAfterSeconds: 0, hasFailures: false });
  });

  it('purges expired statuses a batch per call, oldest first, one instance at a time, keeping the size bookkeeping right', async () => {
    const fresh = await testPostgresDatabase();
    const [a, b] = await Promise.all([1, 2].map(() => PostgresObjectStore.open({ url: fresh, poolSize: 2 })));
    for (let n = 0; n < 1200; n++) await a!.addObjects({ ...addRequest(n, 0, 3, 'c'), rejected: [{ id: `bad-${n}`, version: '', message: 'invalid' }] });
    await query(fresh, 'UPDATE statuses SET created_at = 1000 + substring(id, 25)::bigint WHERE substring(id, 25)::bigint < 1100');
    const cutoff = 1000 + 1100;
    // While one instance purges, another's call finds the purge lock taken and leaves the round to it.
    const holder = new pg.Client({ connectionString: fresh });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [0x7a_11_21_02]);
    expect(await b!.purgeStatuses(cutoff, 500)).toBe(0);
    await holder.query('COMMIT');
    await holder.end();
    expect([await a!.purgeStatuses(cutoff, 500), await b!.purgeStatuses(cutoff, 500), await a!.purgeStatuses(cutoff, 500)]).toEqual([500, 500, 100]);
    expect(await b!.getStatus('/api1/', addRequest(1099, 0, 3).statusId, 'alice')).toBeNull();
    expect(await b!.getStatus('/api1/', addRequest(1100, 0, 3).statusId, 'alice')).not.toBeNull();
    await Promise.all([a!.close(), b!.close()]);
    const usage = await statusUsage({ storage: { postgres: { url: fresh } } } as never);
    expect(usage.count).toBe(100);
    expect(usage.kept).toBe(usage.actual);
  });
});

describe.skipIf(TEST_STORE !== 'postgres')('PostgreSQL faults', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer({ limits: { storageRetryAfterSeconds: 7 } });
  });
  afterAll(() => running.stop());

  it('a server that cannot reach PostgreSQL does not start, and says where it looked without the password', async () => {
    await expect(PostgresObjectStore.open({ url: 'postgres://taxii:secret-pw@127.0.0.1:1/nowhere', connectTimeoutMilliseconds: 2000 })).rejects.toThrow(
      /^cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nowhere: (?!.*secret-pw)/,
    );
  });

  it('a read-only database answers writes 503 naming it, keeps serving reads, and takes writes again when writable', async () => {
    const alice = running.as('alice');
    expect((await alice.post(objectsPath(), { objects: [testIndicator(1)] })).status).toBe(202);
    const url = running.config.storage.postgres!.url;
    const name = new URL(url).pathname.slice(1);
    await query(url, `ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    // Settings apply to new sessions: end the server's current ones, as a failover would.
    await query(url, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    let refused: Reply | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      refused = await alice.post(objectsPath(), { objects: [testIndicator(2)] });
      if (refused.status !== 503 || refused.body.details?.storage === 'read-only') break;
    }
    expect(refused!.status).toBe(503);
    expect(refused!.headers.get('retry-after')).toBe('7');
    expect(refused!.body).toMatchObject({ http_status: '503', details: { storage: 'read-only' } });
    const read = await alice.get(objectsPath());
    expect(read.status).toBe(200);
    expect(read.body.objects.map((o: { id: string }) => o.id)).toEqual([testIndicator(1).id]);

    // From another database: a session on this one is read-only itself now.
    await query(inject('postgresUrl'), `ALTER DATABASE ${name} SET default_transaction_read_only = off`);
    await query(url, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    let accepted: Reply | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      accepted = await alice.post(objectsPath(), { objects: [testIndicator(2)] });
      if (accepted.status === 202) break;
    }
    expect(accepted!.status).toBe(202);
    // Each episode was logged once when it began and once when it cleared, never as a 500.
    const lines = running.log.splice(0);
    expect(lines.some((line) => /storage fault on writes: the database cannot be written/.test(line))).toBe(true);
    expect(lines.filter((line) => line.startsWith('500 '))).toEqual([]);
  });
});
