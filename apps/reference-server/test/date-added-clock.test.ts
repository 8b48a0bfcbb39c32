// The date_added clock (SRV-FLT-11), one rule on both stores (the suite runs this file on SQLite
// and again on PostgreSQL): within a collection every new version gets a date_added later than any
// handed out before — in request order within one request, past duplicates in the same request,
// and past versions since deleted — so added_after never misses or repeats a record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignDatesAdded } from '../src/store/sql-store.js';
import { manifestPath, objectsPath, startServer, testIndicator, type Running } from './harness.js';

const SERIES = 'c10c0000';
const version = (n: number) => `2024-0${n}-01T00:00:00.000Z`;
const indicator = (n: number, v = 1) => testIndicator(n, { modified: version(v) }, SERIES);

/** A manifest date_added (RFC 3339, up to microseconds) as microseconds since the epoch. */
function micros(timestamp: string): number {
  const [whole, fraction = ''] = timestamp.replace('Z', '').split('.');
  return Date.parse(`${whole}Z`) * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

describe('date_added, one clock per collection', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startServer();
  });
  afterAll(() => running.stop());

  /** date_added of every stored version of the test's objects, by `id@version`. */
  async function datesAdded(): Promise<Map<string, number>> {
    const reply = await running.as('alice').get(`${manifestPath()}?match[version]=all&limit=1000`);
    expect(reply.status).toBe(200);
    const records = (reply.body.objects ?? []) as Array<{ id: string; version: string; date_added: string }>;
    return new Map(records.filter((r) => r.id.includes(SERIES)).map((r) => [`${r.id}@${r.version}`, micros(r.date_added)]));
  }

  const key = (n: number, v = 1) => `${indicator(n, v).id}@${version(v)}`;

  it('gives each new version of one request a later date_added than the last, in request order, past a duplicate between them', async () => {
    expect((await running.as('alice').post(objectsPath(), { objects: [indicator(1)] })).status).toBe(202);
    const reply = await running.as('alice').post(objectsPath(), { objects: [indicator(2), indicator(1), indicator(3), indicator(1, 2)] });
    expect(reply.body).toMatchObject({ success_count: 4, failure_count: 0 });

    const dates = await datesAdded();
    const inOrder = [key(1), key(2), key(3), key(1, 2)].map((k) => dates.get(k)!);
    expect(inOrder.every((d) => Number.isFinite(d))).toBe(true);
    expect(dates.size).toBe(4);
    for (const [i, d] of inOrder.slice(1).entries()) expect(d).toBeGreaterThan(inOrder[i]!);
  });

  it('never hands out a date_added again after the newest records are deleted', async () => {
    const before = await datesAdded();
    const newest = Math.max(...before.values());
    expect((await running.as('alice').delete(`${objectsPath()}${indicator(1).id}/?match[version]=all`)).status).toBe(200);
    expect((await running.as('alice').delete(`${objectsPath()}${indicator(3).id}/`)).status).toBe(200);
    expect((await datesAdded()).has(key(1, 2))).toBe(false);

    expect((await running.as('alice').post(objectsPath(), { objects: [indicator(4), indicator(1, 3)] })).status).toBe(202);
    const after = await datesAdded();
    expect(after.get(key(4))).toBeGreaterThan(newest);
    expect(after.get(key(1, 3))).toBeGreaterThan(after.get(key(4))!);
  });

  it('a request of duplicates only adds nothing, and the next new version still comes after every earlier one', async () => {
    const before = await datesAdded();
    const reply = await running.as('alice').post(objectsPath(), { objects: [indicator(2), indicator(4), indicator(2)] });
    expect(reply.body).toMatchObject({ success_count: 3 });
    expect(await datesAdded()).toEqual(before);

    expect((await running.as('alice').post(objectsPath(), { objects: [indicator(5)] })).status).toBe(202);
    expect((await datesAdded()).get(key(5))).toBeGreaterThan(Math.max(...before.values()));
  });
});

describe('the clock rule itself (assignDatesAdded)', () => {
  const accepted = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: `x-a--${i}`,
      type: 'x-a',
      version: null,
      specVersion: '2.1',
      mediaType: 'application/stix+json;version=2.1',
      content: '{}',
    }));

  it('continues from the last value handed out while the wall clock is behind it (a clock set back, a bulk insert)', () => {
    const { rows, last } = assignDatesAdded(accepted(3), 5_000, () => 1_000);
    expect(rows.map((r) => r.dateAdded)).toEqual([5_001, 5_002, 5_003]);
    expect(last).toBe(5_003);
    expect(rows[0]!.version).toBe('1970-01-01T00:00:00.005001Z');
  });

  it('follows the wall clock when it is ahead, and never gives two objects one value', () => {
    const { rows, last } = assignDatesAdded(accepted(3), 5_000, () => 9_000);
    expect(rows.map((r) => r.dateAdded)).toEqual([9_000, 9_001, 9_002]);
    expect(last).toBe(9_002);
  });
});
