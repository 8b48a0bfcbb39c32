// The typed client against the reference server on a real SQLite file: pushes that split, pulls
// that page, incremental pulls, and errors (CLI-DSC-01, CLI-GEN-01..03, CLI-MT-01).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaxiiClient, TaxiiResponseError, type ApiRootClient, type StixObject } from '@taxii21/client';
import {
  API_ROOT_PATH,
  bundleObjects,
  COLLECTIONS,
  MAX_CONTENT_LENGTH,
  MOBILE_17_0,
  MOBILE_17_1,
  startReferenceServer,
  USERS,
  type RunningServer,
  type StixRecord,
} from '../support/reference-server.js';

let server: RunningServer;
let analyst: ApiRootClient;
let mobile170: StixRecord[];
let mobile171: StixRecord[];
const versionKey = (o: { id: string; modified?: unknown; created?: unknown }) => `${o.id}@${String(o.modified ?? o.created ?? '')}`;

beforeAll(async () => {
  server = await startReferenceServer();
  analyst = new TaxiiClient({ auth: { username: 'analyst', password: USERS.analyst } }).apiRoot(server.apiRoot);
  [mobile170, mobile171] = await Promise.all([bundleObjects(MOBILE_17_0), bundleObjects(MOBILE_17_1)]);
});
afterAll(async () => {
  await server.stop();
  expect(server.errors).toEqual([]);
});

describe('discovery (CLI-DSC-01)', () => {
  it('finds the API root three segments deep and uses it exactly as listed', async () => {
    const client = new TaxiiClient({ auth: { username: 'reader', password: USERS.reader } });
    const discovery = await client.discover(server.origin);
    expect(discovery.api_roots).toEqual([server.apiRoot]);
    const root = client.apiRoot(discovery.default!);
    expect((await root.getApiRoot()).max_content_length).toBe(MAX_CONTENT_LENGTH);
    expect((await root.getCollections()).collections?.map((c) => [c.alias, c.can_read, c.can_write])).toEqual([
      [COLLECTIONS.source, true, false],
      [COLLECTIONS.feed, true, false],
    ]);
    expect(new URL(server.apiRoot).pathname).toBe(API_ROOT_PATH);
  });
});

describe('push, then pull everything back', () => {
  let firstCursor: string | undefined;

  it('pushes ATT&CK Mobile 17.1 in several envelopes and reports 2,148 successes', async () => {
    const progress: number[] = [];
    const report = await analyst.addObjects(COLLECTIONS.source, mobile171 as StixObject[], { onProgress: (p) => progress.push(p.requestsSent) });
    expect(report).toMatchObject({ status: 'complete', total_count: 2148, success_count: 2148, failure_count: 0, pending_count: 0, timedOut: false });
    expect(new Set(report.successes.map((d) => `${d.id}@${d.version}`))).toEqual(new Set(mobile171.map(versionKey)));
    // 512 KiB cannot hold the whole bundle: it went in several requests, none refused with 413.
    expect(report.statusIds.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(report.statusIds.length);
    for (const statusId of report.statusIds) expect((await analyst.getStatus(statusId)).status).toBe('complete');
  });

  it('pulls the whole collection with a small page size: exactly the bundle, each object once (CLI-GEN-02)', async () => {
    const reader = analyst.objects(COLLECTIONS.source, { limit: 37 });
    const pulled = await reader.toArray();
    expect(reader.pagesRead).toBe(Math.ceil(2148 / 37));
    expect(pulled).toHaveLength(2148);
    const byId = new Map(pulled.map((o) => [o.id, o]));
    expect(byId.size).toBe(2148);
    for (const original of mobile171) expect(byId.get(original.id)).toEqual(original);
    firstCursor = reader.cursor;
    expect(firstCursor).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('pages the manifest in date_added order and filters as asked', async () => {
    const records = await analyst.manifest(COLLECTIONS.source, { limit: 101 }).toArray();
    expect(records.map((r) => r.id).sort()).toEqual(mobile171.map((o) => o.id).sort());
    const added = records.map((r) => Date.parse(r.date_added));
    expect(added).toEqual([...added].sort((a, b) => a - b));
    const types = ['malware', 'tool'];
    const filtered = await analyst.objects(COLLECTIONS.source, { match: { type: types }, limit: 10 }).toArray();
    expect(filtered.map((o) => o.id).sort()).toEqual(
      mobile171
        .filter((o) => types.includes(o.type))
        .map((o) => o.id)
        .sort(),
    );
  });

  it('after 17.0 is added, an incremental pull returns exactly the records that are new', async () => {
    const before = new Set(mobile171.map(versionKey));
    const expectedNew = new Set(mobile170.map(versionKey).filter((key) => !before.has(key)));
    const report = await analyst.addObjects(COLLECTIONS.source, mobile170 as StixObject[]);
    expect(report.failure_count).toBe(0);
    const reader = analyst.objects(COLLECTIONS.source, { added_after: firstCursor!, match: { version: 'all' }, limit: 25 });
    const pulled = (await reader.toArray()).map(versionKey);
    expect(pulled).toHaveLength(expectedNew.size);
    expect(new Set(pulled)).toEqual(expectedNew);
    expect(reader.cursor! > firstCursor!).toBe(true);
    // Nothing new since then: the same cursor gives nothing and stays put.
    const again = analyst.objects(COLLECTIONS.source, { added_after: reader.cursor!, match: { version: 'all' } });
    expect(await again.toArray()).toEqual([]);
    expect(again.cursor).toBe(reader.cursor);
  });

  it('reads every version of an object that now has two, and deletes one of them', async () => {
    const newer = new Map(mobile171.map((o) => [o.id, o.modified]));
    const twice = mobile170.find((o) => o.modified !== undefined && newer.has(o.id) && newer.get(o.id) !== o.modified)!;
    const versions = await analyst.versions(COLLECTIONS.source, twice.id, {}).toArray();
    // Sorted by date_added: the 17.1 version was stored first, the older 17.0 version after it.
    expect(versions.map((v) => Date.parse(v))).toEqual([newer.get(twice.id)!, twice.modified!].map((v) => Date.parse(String(v))));
    const one = await analyst.getObject(COLLECTIONS.source, twice.id, { match: { version: 'first' } });
    expect(one.resource.objects?.[0]?.modified).toBe(twice.modified);
    await analyst.deleteObject(COLLECTIONS.source, twice.id, { match: { version: String(twice.modified) } });
    expect(await analyst.versions(COLLECTIONS.source, twice.id).toArray()).toHaveLength(1);
  });
});

describe('errors (CLI-GEN-03)', () => {
  it('surfaces the server’s error resource with its HTTP status', async () => {
    const missing = await analyst.getCollection('no-such-collection').catch((e) => e);
    expect(missing).toBeInstanceOf(TaxiiResponseError);
    expect(missing.status).toBe(404);
    expect(missing.resource).toMatchObject({ title: expect.any(String), http_status: '404' });

    const reader = new TaxiiClient({ auth: { username: 'reader', password: USERS.reader } }).apiRoot(server.apiRoot);
    const forbidden = await reader.postObjects(COLLECTIONS.source, [{ type: 'x-probe', id: 'x-probe--00000000-0000-4000-8000-000000000000' }]).catch((e) => e);
    expect(forbidden.status).toBe(403);

    const badFilter = await analyst.getObjects(COLLECTIONS.source, { match: { version: 'newest' } }).catch((e) => e);
    expect(badFilter.status).toBe(400);
    expect(badFilter.resource.description).toBeTruthy();

    const wrongPassword = await new TaxiiClient({ auth: { username: 'analyst', password: 'wrong' }, retry: { attempts: 1 } })
      .apiRoot(server.apiRoot)
      .getApiRoot()
      .catch((e) => e);
    expect(wrongPassword).toBeInstanceOf(TaxiiResponseError);
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.message).not.toContain('wrong');
  });
});
