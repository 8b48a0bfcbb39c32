// A page is bounded in bytes as well as in records: objects each under the per-object limit can
// together outgrow memory or a JavaScript string (a page of them once answered 500, "Invalid
// string length"). The page ends before the object that would pass maxPageBytes, says more, and
// its next continues exactly; an object larger than the bound alone is served alone. Runs on
// SQLite and again on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectsPath, startServer, testIndicator, type Running } from './harness.js';

const MIB = 1024 * 1024;
let running: Running;

beforeAll(async () => {
  running = await startServer({ limits: { maxPageBytes: 8 * MIB, maxObjectBytes: 16 * MIB } });
});
afterAll(() => running.stop());

/** An indicator whose JSON is about `megabytes` MiB. */
const large = (n: number, megabytes: number) => testIndicator(n, { description: 'x'.repeat(megabytes * MIB) }, 'b16b0000');

describe('pages bounded in bytes', () => {
  it('five objects of 3 MiB under a bound of 8 MiB come two, two and one to a page, each exactly once, in order', async () => {
    for (let n = 0; n < 5; n++) expect((await running.as('alice').post(objectsPath(), { objects: [large(n, 3)] })).status).toBe(202);
    const pages = await running.as('alice').walk(`${objectsPath()}?match[id]=${[0, 1, 2, 3, 4].map((n) => large(n, 0).id).join(',')}`, 1000);
    expect(pages.map((page) => page.status)).toEqual([200, 200, 200]);
    expect(pages.map((page) => (page.body.objects as Array<{ id: string }>).map((o) => o.id))).toEqual([
      [large(0, 0).id, large(1, 0).id],
      [large(2, 0).id, large(3, 0).id],
      [large(4, 0).id],
    ]);
    expect(pages.map((page) => page.body.more ?? false)).toEqual([true, true, false]);
  });

  it('an object of 10 MiB, over the bound, is served alone on its page', async () => {
    expect((await running.as('alice').post(objectsPath(), { objects: [large(5, 10), testIndicator(6, {}, 'b16b0000')] })).status).toBe(202);
    const pages = await running.as('alice').walk(`${objectsPath()}?match[id]=${large(5, 0).id},${testIndicator(6, {}, 'b16b0000').id}`, 1000);
    expect(pages.map((page) => (page.body.objects as Array<{ id: string }>).map((o) => o.id))).toEqual([
      [large(5, 0).id],
      [testIndicator(6, {}, 'b16b0000').id],
    ]);
  });
});
