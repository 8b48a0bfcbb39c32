// Three `taxii-server start` processes on one PostgreSQL database, as behind a load balancer
// (TAXII_TEST_STORE=postgres). Clients write through all three at once, while a poller follows
// each collection by added_after, asking the instances in turn; afterwards each collection is
// walked by next tokens, every page from the next instance. Neither walk skips or repeats a record;
// a status made on one instance reads the same on the others; failed logins count across them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/passwords.js';
import { basicAuth, PASSWORD, startServerProcess, TAXII, TEST_STORE, testIndicator, testPostgresDatabase, type ServerProcess } from './harness.js';

const ROOT = '/api1/';
const COLLECTIONS = ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'];
const WRITERS_PER_INSTANCE = 2;
const PUSHES_PER_WRITER = 30;
const OBJECTS_PER_PUSH = 20;
const PER_COLLECTION = 3 * WRITERS_PER_INSTANCE * (PUSHES_PER_WRITER / 2) * OBJECTS_PER_PUSH;

const headers = (password = PASSWORD) => ({ Authorization: basicAuth('alice', password), Accept: TAXII });
const objectsUrl = (base: string, collection: string) => `${base}${ROOT}collections/${collection}/objects/`;

describe.skipIf(TEST_STORE !== 'postgres')('three server processes on one PostgreSQL database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxii-instances-'));
  let instances: ServerProcess[] = [];
  let turn = 0;
  const next = () => instances[turn++ % instances.length]!;

  beforeAll(async () => {
    const config = {
      listen: { host: '127.0.0.1', port: 0 },
      storage: { postgres: { url: await testPostgresDatabase(), poolSize: 5 } },
      limits: { maxFailedLogins: 3 },
      logging: { requests: false },
      discovery: { title: 'Many instances', default: ROOT },
      apiRoots: [
        { path: ROOT, title: 'API one', collections: COLLECTIONS.map((id, i) => ({ id, title: `Collection ${i}`, read: ['alice'], write: ['alice'] })) },
      ],
      users: [{ username: 'alice', passwordHash: await hashPassword(PASSWORD) }],
    };
    const file = join(dir, 'taxii-server.json');
    writeFileSync(file, JSON.stringify(config));
    // Started together: they race to migrate the new database, and one does.
    instances = await Promise.all([1, 2, 3].map(() => startServerProcess(file)));
    // Each says where its data is, without the database's password.
    const password = new URL(config.storage.postgres.url).password;
    for (const instance of instances) {
      expect(instance.log()).toMatch(/"storage":"postgresql:\/\/127\.0\.0\.1:\d+\/taxii_/);
      expect(instance.log()).not.toContain(password);
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes through all three at once; walks by added_after and by next, from the instances in turn, see every record exactly once', async () => {
    const statusIds: string[] = [];
    let writing = true;
    const writers = instances.flatMap((instance, i) =>
      Array.from({ length: WRITERS_PER_INSTANCE }, async (_, w) => {
        for (let p = 0; p < PUSHES_PER_WRITER; p++) {
          const series = `${i}${w}${String(p).padStart(6, '0')}`;
          const objects = Array.from({ length: OBJECTS_PER_PUSH }, (_, k) => testIndicator(k, {}, series));
          const response = await fetch(objectsUrl(instance.base, COLLECTIONS[p % 2]!), {
            method: 'POST',
            headers: { ...headers(), 'Content-Type': TAXII },
            body: JSON.stringify({ objects }),
          });
          const status = (await response.json()) as { id: string; success_count: number };
          expect(response.status).toBe(202);
          expect(status.success_count).toBe(OBJECTS_PER_PUSH);
          statusIds.push(status.id);
        }
      }),
    );
    const written = Promise.all(writers).finally(() => (writing = false));

    // The poller: added_after the last date_added it has seen, each request to the next instance.
    const polled = COLLECTIONS.map(() => [] as string[]);
    const positions: (string | undefined)[] = COLLECTIONS.map(() => undefined);
    const poll = async () => {
      for (const [c, collection] of COLLECTIONS.entries()) {
        for (;;) {
          const query = new URLSearchParams({ limit: '97', ...(positions[c] && { added_after: positions[c] }) });
          const response = await fetch(`${objectsUrl(next().base, collection)}?${query}`, { headers: headers() });
          expect(response.status).toBe(200);
          const body = (await response.json()) as { objects?: { id: string }[]; more?: boolean };
          for (const object of body.objects ?? []) polled[c]!.push(object.id);
          positions[c] = response.headers.get('X-TAXII-Date-Added-Last') ?? positions[c];
          if (!body.more) break;
        }
      }
    };
    let polls = 0;
    while (writing) {
      await poll();
      polls++;
    }
    // The poller read while writes were still committing (how often depends on the machine's load).
    const seenWhileWriting = polled.reduce((n, ids) => n + ids.length, 0);
    await written;
    await poll();
    expect(polls).toBeGreaterThan(0);
    expect(seenWhileWriting).toBeGreaterThan(0);

    for (const [c, collection] of COLLECTIONS.entries()) {
      expect(polled[c]!.length).toBe(PER_COLLECTION);
      expect(new Set(polled[c]).size).toBe(PER_COLLECTION);

      // The same collection by next tokens: a token made by one instance is read by the next.
      const walked: string[] = [];
      let token: string | undefined;
      for (;;) {
        const query = new URLSearchParams({ limit: '113', ...(token && { next: token }) });
        const response = await fetch(`${objectsUrl(next().base, collection)}?${query}`, { headers: headers() });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { objects: { id: string }[]; more?: boolean; next?: string };
        walked.push(...body.objects.map((o) => o.id));
        if (!body.more) break;
        token = body.next;
      }
      expect(walked).toEqual(polled[c]);
    }

    // Every status, asked of an instance other than the one that made it, reads complete.
    for (const id of statusIds.slice(0, 12)) {
      const answers = await Promise.all(
        instances.map(async (instance) => (await fetch(`${instance.base}${ROOT}status/${id}/`, { headers: headers() })).json()),
      );
      expect(answers.map((a) => (a as { status: string; success_count: number }).success_count)).toEqual([
        OBJECTS_PER_PUSH,
        OBJECTS_PER_PUSH,
        OBJECTS_PER_PUSH,
      ]);
    }
  });

  it('failed logins on any instance count toward one limit', async () => {
    for (const instance of instances) {
      const response = await fetch(`${instance.base}/taxii2/`, { headers: headers('wrong password') });
      expect(response.status).toBe(401);
    }
    // Three failures, one per instance: the pair is now refused everywhere, even with the right password.
    for (const instance of instances) {
      const response = await fetch(`${instance.base}/taxii2/`, { headers: headers() });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});
