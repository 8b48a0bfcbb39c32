// The query shapes the endpoints send, over one generated collection, for the tests that read
// each store's query plans (query-plans.test.ts for SQLite, query-plans-postgres.test.ts).
import type { AddRequest, PageRequest, RecordQuery } from '../src/store/types.js';
import { versionKey } from '../src/timestamps.js';

export const RECORDS = 200_000;
export const COLLECTION = 'c0ffee00-0000-4000-8000-000000000001';
const TYPES = ['indicator', 'malware', 'attack-pattern', 'campaign', 'tool'];

/** Record i: every fourth object gets a second version later on, so version selection has work to do. */
export function recordAt(i: number) {
  const objectNumber = i % 4 === 1 ? i - 1 : i;
  const type = TYPES[objectNumber % TYPES.length]!;
  const id = `${type}--00000000-0000-4000-8000-${String(objectNumber).padStart(12, '0')}`;
  const version = new Date(Date.UTC(2020, 0, 1) + i).toISOString();
  return { id, type, version, specVersion: '2.1', mediaType: 'application/stix+json;version=2.1', content: JSON.stringify({ id, modified: version }) };
}

/** Records `start` to `start + count - 1` as one add request to the collection (no status kept). */
export function addRecords(start: number, count: number): AddRequest {
  const accepted = Array.from({ length: count }, (_, k) => recordAt(start + k));
  return {
    statusId: `s${start}`,
    apiRootPath: '/r/',
    collectionId: COLLECTION,
    owner: 'u',
    requestTimestamp: '2020-01-01T00:00:00.000000Z',
    accepted,
    rejected: [],
    storeStatus: false,
    revealDuplicates: true,
  };
}

/** The collection, as add requests of 10,000 records each. */
export function* collectionBatches(): Generator<AddRequest> {
  for (let start = 0; start < RECORDS; start += 10_000) yield addRecords(start, 10_000);
}

export const last = { all: false, first: false, last: true, exact: [] };
export const first = { all: false, first: true, last: false, exact: [] };
export const all = { all: true, first: false, last: false, exact: [] };
const someId = recordAt(100_000).id;
const addedAfter = Date.UTC(2026, 0, 1) * 1000;

/** Every query shape the endpoints send: filters alone and combined, with and without a next position. */
export const shapes: [string, Omit<RecordQuery, 'collectionId'>, Partial<PageRequest>][] = [
  ['first page', { versions: last }, {}],
  ['deep page (next)', { versions: last }, { after: addedAfter }],
  ['added_after', { versions: last, addedAfter }, {}],
  ['added_after + match[type]', { versions: last, addedAfter, types: ['malware'] }, {}],
  ['added_after + two types', { versions: last, addedAfter, types: ['malware', 'tool'] }, {}],
  ['added_after + match[version]=first', { versions: first, addedAfter }, {}],
  ['added_after + match[version]=all', { versions: all, addedAfter }, {}],
  ['added_after + match[version]=first,last', { versions: { ...last, first: true }, addedAfter }, {}],
  ['added_after + a version timestamp', { versions: { ...all, all: false, exact: [versionKey(recordAt(100_000).version)] }, addedAfter }, {}],
  ['a version timestamp', { versions: { ...all, all: false, exact: [versionKey(recordAt(100_000).version)] } }, {}],
  [
    'two version timestamps + match[type]',
    { versions: { ...all, all: false, exact: [versionKey(recordAt(100_000).version), versionKey(recordAt(120_000).version)] }, types: ['indicator'] },
    {},
  ],
  ['a version timestamp or last', { versions: { ...last, exact: [versionKey(recordAt(100_000).version)] }, addedAfter }, {}],
  ['added_after + match[spec_version]', { versions: last, addedAfter, specVersions: ['2.1'] }, {}],
  ['match[type]', { versions: last, types: ['campaign'] }, {}],
  ['match[id] list', { versions: last, ids: [someId, recordAt(7).id] }, {}],
  ['getObject', { versions: last, objectId: someId }, {}],
  ['getObject + added_after', { versions: last, objectId: someId, addedAfter }, {}],
  ['getObjectVersions', { versions: all, objectId: someId }, {}],
  ['match[type] deep page', { versions: last, types: ['tool'] }, { after: addedAfter }],
];
