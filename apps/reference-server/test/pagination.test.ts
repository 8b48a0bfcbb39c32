// Pagination: walks with small limits against the brute-force model, inserts between pages,
// next-token binding and tampering, the page-size cap, and added_after syncing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleObjects, ICS_BUNDLE, manifestPath, objectsPath, READ_ONLY, startServer, type Client, type Reply, type Running } from './harness.js';
import { CollectionModel, key, type ModelQuery } from './model.js';

let running: Running;
let alice: Client;
let ics: Array<Record<string, any>>;
const model = new CollectionModel();

beforeAll(async () => {
  running = await startServer();
  alice = running.as('alice');
  ics = await bundleObjects(ICS_BUNDLE);
  expect((await alice.post(objectsPath(), { objects: ics })).status).toBe(202);
  model.add(ics);
});
afterAll(() => running.stop());

const recordsOf = (pages: Reply[]) => pages.flatMap((p) => p.body.objects ?? []);

function expectWellFormedPages(pages: Reply[], limit: number) {
  pages.forEach((page, i) => {
    expect(page.status).toBe(200);
    const records = page.body.objects ?? [];
    expect(records.length).toBeLessThanOrEqual(limit);
    expect(page.body.more).toBe(i < pages.length - 1); // SRV-FLT-04: more is false only on the last page
    expect(typeof page.body.next).toBe(i < pages.length - 1 ? 'string' : 'undefined');
    if (records.length > 0 && records[0].date_added) {
      // SRV-GEN-04, SRV-FLT-09: the headers describe the page returned.
      expect(page.headers.get('x-taxii-date-added-first')).toBe(records[0].date_added);
      expect(page.headers.get('x-taxii-date-added-last')).toBe(records[records.length - 1].date_added);
    }
  });
}

describe('walks with small limits return exactly the brute-force answer (SRV-FLT-01, SRV-FLT-04)', () => {
  it.each([
    ['manifest, limit 7', manifestPath(), '', 7, {}],
    ['manifest, limit 100, relationships', manifestPath(), '?match[type]=relationship', 100, { types: ['relationship'] }],
    ['manifest, limit 1, malware', manifestPath(), '?match[type]=malware', 1, { types: ['malware'] }],
  ] as Array<[string, string, string, number, ModelQuery]>)('%s', async (_name, path, query, limit, expected) => {
    const pages = await alice.walk(path + query, limit);
    expectWellFormedPages(pages, limit);
    const records = recordsOf(pages);
    expect(records.map(key)).toEqual(model.select(expected).map(key));
    expect(new Set(records.map(key)).size).toBe(records.length);
  });

  it('objects, limit 13: every object once, in order, with its content', async () => {
    const pages = await alice.walk(`${objectsPath()}?match[type]=attack-pattern,campaign`, 13);
    expectWellFormedPages(pages, 13);
    expect(recordsOf(pages)).toEqual(ics.filter((o) => o.type === 'attack-pattern' || o.type === 'campaign'));
  });
});

describe('inserts between pages (SRV-FLT-04, SRV-FLT-11)', () => {
  it('each page continues exactly where the last stopped, seeing what was added meanwhile', async () => {
    const filter = '?match[type]=attack-pattern,malware';
    const query: ModelQuery = { types: ['attack-pattern', 'malware'] };
    const limit = 20;
    const attackPatterns = ics.filter((o) => o.type === 'attack-pattern');
    let served: string[] = [];
    let lastSeq = -1;
    let page = await alice.get(`${manifestPath()}${filter}&limit=${limit}`);
    let round = 0;
    for (;;) {
      // The page must be the next `limit` records of what matches now, after the previous page.
      const expected = model
        .select(query)
        .filter((r) => r.seq > lastSeq)
        .slice(0, limit);
      expect(page.body.objects.map(key)).toEqual(expected.map(key));
      served = served.concat(expected.map(key));
      lastSeq = expected[expected.length - 1]!.seq;
      if (!page.body.more) break;

      // Between pages: a new malware, a newer version of an attack pattern already served, a
      // newer version of one not served yet, and an object the filter does not select.
      round++;
      const bump = (o: Record<string, any>) => ({
        ...o,
        modified: `2026-0${1 + (round % 9)}-0${1 + (round % 9)}T00:00:0${round % 10}.${String(round).padStart(3, '0')}Z`,
        name: `${o.name} (rev ${round})`,
      });
      const additions = [
        {
          type: 'malware',
          spec_version: '2.1',
          id: `malware--00000000-0000-4000-8000-${String(round).padStart(12, '0')}`,
          created: '2026-01-01T00:00:00.000Z',
          modified: '2026-01-01T00:00:00.000Z',
          name: `new ${round}`,
          is_family: false,
        },
        bump(attackPatterns[round]!),
        bump(attackPatterns[attackPatterns.length - round]!),
        {
          type: 'tool',
          spec_version: '2.1',
          id: `tool--00000000-0000-4000-8000-${String(round).padStart(12, '0')}`,
          created: '2026-01-01T00:00:00.000Z',
          modified: '2026-01-01T00:00:00.000Z',
          name: `tool ${round}`,
        },
      ];
      expect((await alice.post(objectsPath(), { objects: additions })).body.success_count).toBe(4);
      model.add(additions);
      page = await alice.get(`${manifestPath()}?limit=${limit}&next=${encodeURIComponent(page.body.next)}`);
      expect(page.status).toBe(200);
    }
    expect(round).toBeGreaterThan(5);
    expect(new Set(served).size).toBe(served.length); // never a record twice
    // New versions land after the walk's position, so a walk that runs to the end has served
    // every record that is current at its end (and older ones it passed while they were current).
    const current = model.select(query).map(key);
    expect(current.filter((k) => !served.includes(k))).toEqual([]);
    expect(served.length).toBeGreaterThan(current.length);
  });
});

describe('next tokens (SRV-FLT-10, SRV-FLT-12)', () => {
  let next: string;
  beforeAll(async () => {
    next = (await alice.get(`${manifestPath()}?match[type]=relationship&limit=5`)).body.next;
  });

  it('continues the filtered walk when the request omits the filters', async () => {
    const { body } = await alice.get(`${manifestPath()}?limit=5&next=${encodeURIComponent(next)}`);
    expect(body.objects.map(key)).toEqual(
      model
        .select({ types: ['relationship'] })
        .slice(5, 10)
        .map(key),
    );
  });

  it('accepts the same filters repeated, in any order', async () => {
    const token = (await alice.get(`${manifestPath()}?match[type]=relationship,malware&limit=5`)).body.next;
    const reply = await alice.get(`${manifestPath()}?match[type]=malware,relationship&limit=5&next=${encodeURIComponent(token)}`);
    expect(reply.status).toBe(200);
  });

  it.each([
    ['a contradicting filter', () => `${manifestPath()}?match[type]=malware&next=${encodeURIComponent(next)}`],
    ['an added filter', () => `${manifestPath()}?match[version]=all&next=${encodeURIComponent(next)}`],
    ['a token of another endpoint', () => `${objectsPath()}?next=${encodeURIComponent(next)}`],
    ['a token of another collection', () => `/api1/collections/${READ_ONLY}/manifest/?next=${encodeURIComponent(next)}`],
    ['an altered position', () => `${manifestPath()}?next=${encodeURIComponent(alter(next))}`],
    ['a forged signature', () => `${manifestPath()}?next=${encodeURIComponent(next.replace(/\.[^.]*$/, '.AAAA'))}`],
    ['garbage', () => `${manifestPath()}?next=hello`],
  ])('answers 400 to %s', async (_name, url) => {
    const reply = await alice.get(url());
    expect(reply.status).toBe(400);
    expect(reply.body.http_status).toBe('400');
  });
});

function alter(token: string): string {
  const [body, signature] = token.split('.');
  const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
  payload.p -= 1000;
  return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

describe('page size', () => {
  it('caps limit at the configured maximum and uses the default without one (SRV-FLT-03, SRV-FLT-13)', async () => {
    const capped = await startServer({ limits: { maxPageSize: 10, defaultPageSize: 4 } });
    try {
      const carol = capped.as('alice');
      await carol.post(objectsPath(), { objects: ics.slice(0, 30) });
      const big = await carol.get(`${manifestPath()}?limit=1000`);
      expect([big.body.objects.length, big.body.more]).toEqual([10, true]);
      const byDefault = await carol.get(manifestPath());
      expect([byDefault.body.objects.length, byDefault.body.more]).toEqual([4, true]);
      const pages = await carol.walk(manifestPath(), 1000);
      expect(recordsOf(pages)).toHaveLength(30);
    } finally {
      await capped.stop();
    }
  });
});

describe('syncing with added_after = X-TAXII-Date-Added-Last (SRV-FLT-11)', () => {
  it('never skips or repeats a record', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 200; i++) {
      const reply: Reply = await alice.get(`${manifestPath()}?match[version]=all&limit=150${after ? `&added_after=${after}` : ''}`);
      const records = reply.body.objects ?? [];
      if (records.length === 0) break;
      seen.push(...records.map(key));
      after = reply.headers.get('x-taxii-date-added-last');
    }
    expect(seen).toEqual(model.select({ versions: { all: true } }).map(key));
  });
});
