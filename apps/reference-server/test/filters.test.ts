// Filters and version selection on real multi-version data: ATT&CK Mobile 17.0, then 17.1
// (561 of its objects are newer versions), plus STIX 2.0 and 2.1 versions of one object.
// Every answer is compared with a brute-force scan of the same data (model.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleObjects, manifestPath, MOBILE_17_0, MOBILE_17_1, objectsPath, startServer, type Client, type Running } from './harness.js';
import { CollectionModel, key, type ModelQuery } from './model.js';

let running: Running;
let alice: Client;
const model = new CollectionModel();
let v170: Array<Record<string, any>>;
let v171: Array<Record<string, any>>;
const statuses: any[] = [];
/** date_added of every stored record, in model order. */
let dateAdded: string[] = [];

// One object stored as STIX 2.0 (no spec_version, has created) and later as STIX 2.1.
const MIXED_ID = 'x-test-widget--6f1c4b1e-2a64-4b8e-9d5f-1c2b3a4d5e6f';
const mixed = [
  { type: 'x-test-widget', id: MIXED_ID, created: '2020-01-01T00:00:00.000Z', modified: '2020-01-01T00:00:00.000Z', name: 'v1 (2.0)' },
  { type: 'x-test-widget', id: MIXED_ID, created: '2020-01-01T00:00:00.000Z', modified: '2020-06-01T00:00:00.000Z', name: 'v2 (2.0)' },
  { type: 'x-test-widget', spec_version: '2.1', id: MIXED_ID, created: '2020-01-01T00:00:00.000Z', modified: '2021-01-01T00:00:00.000Z', name: 'v3 (2.1)' },
];

beforeAll(async () => {
  running = await startServer({ limits: { maxStatusDetails: 10_000 } });
  alice = running.as('alice');
  v170 = await bundleObjects(MOBILE_17_0);
  v171 = await bundleObjects(MOBILE_17_1);
  for (const batch of [v170, v171, mixed]) {
    const reply = await alice.post(objectsPath(), { objects: batch });
    expect(reply.status).toBe(202);
    statuses.push(reply.body);
    model.add(batch);
  }
  const everything = await manifest('?match[version]=all&match[spec_version]=2.0,2.1');
  dateAdded = everything.map((r: any) => r.date_added);
});
afterAll(() => running.stop());

/** Every manifest record for a query, following next. */
async function manifest(query: string, limit = 1000): Promise<any[]> {
  const pages = await alice.walk(`${manifestPath()}${query}`, limit);
  for (const page of pages) expect(page.status).toBe(200);
  return pages.flatMap((p) => p.body.objects ?? []);
}

describe('loading ATT&CK Mobile 17.0 then 17.1 (SRV-VER-02, SRV-VER-05)', () => {
  it('stores 17.0 whole and only the 561 changed objects of 17.1', () => {
    expect(statuses[0]).toMatchObject({ total_count: v170.length, success_count: v170.length, failure_count: 0 });
    expect(statuses[1]).toMatchObject({ total_count: 2148, success_count: 2148, failure_count: 0, pending_count: 0 });
    const alreadyPresent = statuses[1].successes.filter((s: any) => s.message).length;
    expect(2148 - alreadyPresent).toBe(561);
  });

  it('gives 561 objects a second version, each with its own later date_added', async () => {
    const all = await manifest('?match[version]=all');
    const byId = new Map<string, any[]>();
    for (const r of all) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
    const twice = [...byId.values()].filter((versions) => versions.length === 2);
    expect(twice).toHaveLength(561);
    for (const [older, newer] of twice) expect(older.date_added < newer.date_added && older.version < newer.version).toBe(true);
  });

  it('orders records by date_added, unique and strictly increasing, in insertion order (SRV-FLT-01, SRV-FLT-11)', async () => {
    expect(dateAdded).toHaveLength(model.records.length);
    for (let i = 1; i < dateAdded.length; i++) expect(dateAdded[i]! > dateAdded[i - 1]!).toBe(true);
    const everything = await manifest('?match[version]=all&match[spec_version]=2.0,2.1');
    expect(everything.map(key)).toEqual(model.records.map(key));
  });
});

/** The 17.1 objects whose 17.0 version differs: computed once, by id. */
let changedOnce: Array<Record<string, any>> | undefined;
const changed = () => {
  if (!changedOnce) {
    const modified170 = new Map(v170.map((o) => [o.id as string, o.modified as string]));
    changedOnce = v171.filter((o) => modified170.has(o.id) && modified170.get(o.id) !== o.modified);
  }
  return changedOnce;
};

type Case = [name: string, query: () => string, expected: () => ModelQuery];
const cases: Case[] = [
  ['no filters: the last version of each object (SRV-FLT-06)', () => '', () => ({})],
  ['match[version]=first', () => '?match[version]=first', () => ({ versions: { first: true } })],
  ['match[version]=all', () => '?match[version]=all', () => ({ versions: { all: true } })],
  ['match[version]=first,last', () => '?match[version]=first,last', () => ({ versions: { first: true, last: true } })],
  [
    'match[version]=<two exact timestamps>',
    () => `?match[version]=${changed()[0]!.modified},${v170.find((o) => o.id === changed()[1]!.id)!.modified}`,
    () => ({ versions: { exact: [changed()[0]!.modified, v170.find((o) => o.id === changed()[1]!.id)!.modified] } }),
  ],
  [
    'match[version]=last,<exact old timestamp>',
    () => `?match[version]=last,${v170.find((o) => o.id === changed()[2]!.id)!.modified}`,
    () => ({ versions: { last: true, exact: [v170.find((o) => o.id === changed()[2]!.id)!.modified] } }),
  ],
  ['match[type]=malware,tool (SRV-FLT-05)', () => '?match[type]=malware,tool', () => ({ types: ['malware', 'tool'] })],
  [
    'match[type] with match[version]=all',
    () => '?match[type]=attack-pattern&match[version]=all',
    () => ({ types: ['attack-pattern'], versions: { all: true } }),
  ],
  [
    'match[id]=a,b with match[version]=all',
    () => `?match[id]=${changed()[0]!.id},${v170[3]!.id}&match[version]=all`,
    () => ({ ids: [changed()[0]!.id, v170[3]!.id], versions: { all: true } }),
  ],
  [
    'match[id] and match[type] are ANDed',
    () => `?match[id]=${changed()[0]!.id},${MIXED_ID}&match[type]=x-test-widget`,
    () => ({ ids: [changed()[0]!.id, MIXED_ID], types: ['x-test-widget'] }),
  ],
  [
    'default spec version: only the newest of each object (SRV-FLT-07)',
    () => `?match[id]=${MIXED_ID}&match[version]=all`,
    () => ({ ids: [MIXED_ID], versions: { all: true } }),
  ],
  [
    'match[spec_version]=2.0',
    () => `?match[id]=${MIXED_ID}&match[version]=all&match[spec_version]=2.0`,
    () => ({ ids: [MIXED_ID], specVersions: ['2.0'], versions: { all: true } }),
  ],
  [
    'match[spec_version]=2.0 with last: the newest 2.0 version',
    () => `?match[id]=${MIXED_ID}&match[spec_version]=2.0`,
    () => ({ ids: [MIXED_ID], specVersions: ['2.0'] }),
  ],
  [
    'match[spec_version]=2.0,2.1 with first',
    () => `?match[id]=${MIXED_ID}&match[spec_version]=2.0,2.1&match[version]=first`,
    () => ({ ids: [MIXED_ID], specVersions: ['2.0', '2.1'], versions: { first: true } }),
  ],
  [
    'added_after keeps strictly later records (SRV-FLT-02)',
    () => `?added_after=${dateAdded[2500]}&match[version]=all`,
    () => ({ afterSeq: 2500, versions: { all: true } }),
  ],
  ['added_after with last', () => `?added_after=${dateAdded[2300]}`, () => ({ afterSeq: 2300 })],
  [
    'added_after with first: the oldest among the matching records',
    () => `?added_after=${dateAdded[2300]}&match[version]=first`,
    () => ({ afterSeq: 2300, versions: { first: true } }),
  ],
  [
    'added_after, type and all versions together',
    () => `?added_after=${dateAdded[1000]}&match[type]=relationship&match[version]=all`,
    () => ({ afterSeq: 1000, types: ['relationship'], versions: { all: true } }),
  ],
  // Found by schemathesis: years 0 to 99 were read as 1900 to 1999 and refused, and a fraction
  // before 1970 was written back as '.685-891' when the walk's filters were compared.
  ['added_after in the year 54 keeps everything', () => '?added_after=0054-01-26T03:40:21Z&match[version]=all', () => ({ versions: { all: true } })],
  [
    'added_after before 1970 with a fraction, across pages',
    () => '?added_after=0049-03-12T11:47:21.685109Z&match[version]=all',
    () => ({ versions: { all: true } }),
  ],
];

describe('manifest filters match a brute-force scan', () => {
  it.each(cases)('%s', async (_name, query, expected) => {
    const records = await manifest(query());
    const want = model.select(expected());
    expect(want.length).toBeGreaterThan(0);
    expect(records.map(key)).toEqual(want.map(key));
  });
});

describe('getObjects returns the same selection, with content', () => {
  it.each(cases.filter((_, i) => [0, 2, 6, 12, 16].includes(i)))('%s', async (_name, query, expected) => {
    const pages = await alice.walk(`${objectsPath()}${query()}`, 1000);
    const objects = pages.flatMap((p) => p.body.objects ?? []);
    const want = model.select(expected());
    expect(objects.map((o: any) => key({ id: o.id, version: o.modified ?? o.created }))).toEqual(want.map(key));
    // An id and version sent again is not stored again: the first copy is the stored one.
    const source = new Map<string, Record<string, any>>();
    for (const o of [...v170, ...v171, ...mixed]) {
      const k = key({ id: o.id, version: o.modified ?? o.created });
      if (!source.has(k)) source.set(k, o);
    }
    for (const o of objects) expect(o).toEqual(source.get(key({ id: o.id, version: o.modified ?? o.created })));
  });
});

describe('getObject and getObjectVersions take version filters', () => {
  it('getObject with match[version]=all returns every version, oldest first', async () => {
    const target = changed()[0]!;
    const { body } = await alice.get(`${objectsPath()}${target.id}/?match[version]=all`);
    expect(body.objects.map((o: any) => o.modified)).toEqual([v170.find((o) => o.id === target.id)!.modified, target.modified]);
  });

  it('getObjectVersions lists every version, and honours match[spec_version]', async () => {
    expect((await alice.get(`${objectsPath()}${MIXED_ID}/versions/`)).body.versions).toEqual(['2021-01-01T00:00:00.000Z']);
    expect((await alice.get(`${objectsPath()}${MIXED_ID}/versions/?match[spec_version]=2.0,2.1`)).body.versions).toEqual(mixed.map((o) => o.modified));
    expect((await alice.get(`${objectsPath()}${MIXED_ID}/versions/?match[spec_version]=2.0`)).body.versions).toEqual(mixed.slice(0, 2).map((o) => o.modified));
  });

  it('treats timestamps of equal instants as equal (…00.000Z = …00Z)', async () => {
    const { body } = await alice.get(`${objectsPath()}${MIXED_ID}/?match[version]=2021-01-01T00:00:00Z`);
    expect(body.objects.map((o: any) => o.name)).toEqual(['v3 (2.1)']);
  });
});

describe('deleteObject with version filters (SRV-VER-04)', () => {
  it('deletes only the selected version, and 404s when none is selected', async () => {
    const target = changed()[3]!;
    const old = v170.find((o) => o.id === target.id)!;
    expect((await alice.delete(`${objectsPath()}${target.id}/?match[version]=${old.modified}`)).status).toBe(200);
    expect((await alice.get(`${objectsPath()}${target.id}/versions/`)).body.versions).toEqual([target.modified]);
    expect((await alice.delete(`${objectsPath()}${target.id}/?match[version]=${old.modified}`)).status).toBe(404);
  });

  it('deletes by spec version: without match[version] only the newest version of that spec version (§3.4.1)', async () => {
    expect((await alice.delete(`${objectsPath()}${MIXED_ID}/?match[spec_version]=2.0`)).status).toBe(200);
    expect((await alice.get(`${objectsPath()}${MIXED_ID}/versions/?match[spec_version]=2.0,2.1`)).body.versions).toEqual([
      '2020-01-01T00:00:00.000Z',
      '2021-01-01T00:00:00.000Z',
    ]);
    expect((await alice.delete(`${objectsPath()}${MIXED_ID}/?match[spec_version]=2.0&match[version]=all`)).status).toBe(200);
    expect((await alice.get(`${objectsPath()}${MIXED_ID}/versions/?match[spec_version]=2.0,2.1`)).body.versions).toEqual(['2021-01-01T00:00:00.000Z']);
  });

  it('without match[version] deletes only the newest version, as §3.4.1 makes `last` the default (SRV-VER-04)', async () => {
    const target = changed()[4]!;
    const old = v170.find((o) => o.id === target.id)!;
    expect((await alice.get(`${objectsPath()}${target.id}/versions/`)).body.versions).toEqual([old.modified, target.modified]);
    expect((await alice.delete(`${objectsPath()}${target.id}/`)).status).toBe(200);
    expect((await alice.get(`${objectsPath()}${target.id}/versions/`)).body.versions).toEqual([old.modified]);
    // The older version is now the newest, and so what a read returns.
    expect((await alice.get(`${objectsPath()}${target.id}/`)).body.objects.map((o: any) => o.modified)).toEqual([old.modified]);
  });

  it('match[version]=all deletes every version of every spec version', async () => {
    const target = changed()[5]!;
    expect((await alice.delete(`${objectsPath()}${target.id}/?match[version]=all`)).status).toBe(200);
    expect((await alice.get(`${objectsPath()}${target.id}/`)).status).toBe(404);
    expect((await alice.get(`${manifestPath()}?match[id]=${target.id}&match[version]=all`)).body.objects).toBeUndefined();
  });
});
