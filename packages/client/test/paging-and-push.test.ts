// Readers that page (CLI-GEN-02), pushes that split and wait, and discovery (CLI-DSC-01), against
// scripted servers that behave in the ways real ones do.
import { describe, expect, it } from 'vitest';
import { addObjectsInEnvelopes } from '../src/add-objects.js';
import { splitIntoEnvelopes, TaxiiClient, TAXII_MEDIA_TYPE, type StixObject } from '../src/index.js';
import { scriptedFetch, taxiiJson } from './scripted-fetch.js';

const ROOT = 'https://taxii.example.com/a/b/c/';
const indicator = (n: number, pad = ''): StixObject => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  pattern: `[ipv4-addr:value = '10.0.0.${n}']${pad}`,
  pattern_type: 'stix',
  valid_from: '2026-01-01T00:00:00Z',
});
const dates = (first: string, last: string) => ({ 'X-TAXII-Date-Added-First': first, 'X-TAXII-Date-Added-Last': last });

describe('reading every page', () => {
  it('follows next, repeating the filters, and exposes the newest date_added as the cursor', async () => {
    const fetch = scriptedFetch([
      () => taxiiJson({ more: true, next: 'p2', objects: [indicator(1), indicator(2)] }, 200, dates('2026-02-01T00:00:01.000Z', '2026-02-01T00:00:02.000Z')),
      () => taxiiJson({ more: false, objects: [indicator(3)] }, 200, dates('2026-02-01T00:00:03.000Z', '2026-02-01T00:00:03.000Z')),
    ]);
    const reader = new TaxiiClient({ fetch }).apiRoot(ROOT).objects('c1', { limit: 2, match: { type: 'indicator' } });
    const ids = (await reader.toArray()).map((o) => o.id);
    expect(ids).toEqual([indicator(1).id, indicator(2).id, indicator(3).id]);
    const second = new URL(fetch.calls[1]!.url).searchParams;
    expect(second.get('next')).toBe('p2');
    expect(second.get('match[type]')).toBe('indicator');
    expect(second.get('limit')).toBe('2');
    expect(reader.cursor).toBe('2026-02-01T00:00:03.000Z');
    expect(reader.pagesRead).toBe(2);
  });

  it('falls back to added_after = X-TAXII-Date-Added-Last when a server says more without next (SRV-FLT-11)', async () => {
    const fetch = scriptedFetch([
      () => taxiiJson({ more: true, objects: [indicator(1)] }, 200, dates('2026-02-01T00:00:01.000Z', '2026-02-01T00:00:01.000Z')),
      () => taxiiJson({ more: false, objects: [indicator(2)] }, 200, dates('2026-02-01T00:00:02.000Z', '2026-02-01T00:00:02.000Z')),
    ]);
    const reader = new TaxiiClient({ fetch }).apiRoot(ROOT).objects('c1', { added_after: '2026-01-01T00:00:00.000Z', match: { type: 'indicator' } });
    expect(await reader.toArray()).toHaveLength(2);
    expect(new URL(fetch.calls[0]!.url).searchParams.get('added_after')).toBe('2026-01-01T00:00:00.000Z');
    expect(new URL(fetch.calls[1]!.url).searchParams.get('added_after')).toBe('2026-02-01T00:00:01.000Z');
    // The original filters go with the continuation too (§3.5).
    expect(new URL(fetch.calls[1]!.url).searchParams.get('match[type]')).toBe('indicator');
  });

  it('keeps the starting cursor when nothing new was added', async () => {
    const fetch = scriptedFetch([() => taxiiJson({ more: false })]);
    const reader = new TaxiiClient({ fetch }).apiRoot(ROOT).manifest('c1', { added_after: '2026-03-01T00:00:00Z' });
    expect(await reader.toArray()).toEqual([]);
    expect(reader.cursor).toBe('2026-03-01T00:00:00Z');
  });

  it('accepts the same next value on every page (a server-side cursor, §3.4 "opaque") and reads every record', async () => {
    const fetch = scriptedFetch([
      () => taxiiJson({ more: true, next: 'cursor-7', objects: [indicator(1)] }),
      () => taxiiJson({ more: true, next: 'cursor-7', objects: [indicator(2)] }),
      () => taxiiJson({ more: false, objects: [indicator(3)] }),
    ]);
    const reader = new TaxiiClient({ fetch }).apiRoot(ROOT).objects('c1', { match: { type: 'indicator' } });
    expect((await reader.toArray()).map((o) => o.id)).toEqual([1, 2, 3].map((n) => indicator(n).id));
    for (const call of fetch.calls.slice(1)) {
      expect(new URL(call.url).searchParams.get('next')).toBe('cursor-7');
      expect(new URL(call.url).searchParams.get('match[type]')).toBe('indicator');
    }
  });

  it('stops with PagingError instead of looping when a server returns the same records again', async () => {
    const page = () => taxiiJson({ more: true, next: 'same', versions: ['2026-01-01T00:00:00.000Z'] });
    const fetch = scriptedFetch([page, page, page]);
    const reader = new TaxiiClient({ fetch }).apiRoot(ROOT).versions('c1', indicator(1).id);
    await expect(reader.toArray()).rejects.toThrow(/same 1 records again/);
    expect(fetch.calls).toHaveLength(2);
  });

  it('stops with PagingError when more: true comes on empty page after empty page', async () => {
    const page = () => taxiiJson({ more: true, next: 'n' });
    const fetch = scriptedFetch([page, page, page, page, page, page]);
    await expect(new TaxiiClient({ fetch }).apiRoot(ROOT).objects('c1').toArray()).rejects.toThrow(/empty pages in a row/);
    expect(fetch.calls).toHaveLength(4);
  });

  it('ends the walk when more: true without next is followed by an empty page (records deleted meanwhile, §3.5)', async () => {
    const fetch = scriptedFetch([
      () => taxiiJson({ more: true, objects: [indicator(1)] }, 200, dates('2026-02-01T00:00:01.000Z', '2026-02-01T00:00:01.000Z')),
      () => taxiiJson({ more: true }),
    ]);
    expect(await new TaxiiClient({ fetch }).apiRoot(ROOT).objects('c1').toArray()).toHaveLength(1);
  });

  it('stops with PagingError when more is true but nothing says where to continue', async () => {
    const fetch = scriptedFetch([() => taxiiJson({ more: true, objects: [indicator(1)] })]);
    await expect(new TaxiiClient({ fetch }).apiRoot(ROOT).objects('c1').toArray()).rejects.toThrow(/neither next nor X-TAXII-Date-Added-Last/);
  });
});

describe('pushing', () => {
  it('packs envelopes greedily up to max_content_length, and never sends an object that cannot fit', () => {
    const objects = [indicator(1), indicator(2), indicator(3, 'x'.repeat(2000)), indicator(4)];
    const one = JSON.stringify({ objects: [objects[0]] }).length;
    const two = JSON.stringify({ objects: objects.slice(0, 2) }).length;
    expect(splitIntoEnvelopes(objects, two).envelopes.map((e) => e.length)).toEqual([2, 1]);
    expect(splitIntoEnvelopes(objects, two - 1).envelopes.map((e) => e.length)).toEqual([1, 1, 1]);
    expect(splitIntoEnvelopes(objects, one).tooLarge.map((t) => t.object.id)).toEqual([indicator(3).id]);
    for (const envelope of splitIntoEnvelopes(objects, two).envelopes) expect(JSON.stringify({ objects: envelope }).length).toBeLessThanOrEqual(two);
  });

  it('packs a stream as it comes: each envelope is posted before the next objects are read, one envelope in memory', async () => {
    const objects = [indicator(1), indicator(2), indicator(3, 'x'.repeat(2000)), indicator(4), indicator(5)];
    const limit = JSON.stringify({ objects: objects.slice(0, 2) }).length;
    const events: string[] = [];
    async function* stream() {
      for (const object of objects) {
        events.push(`read ${object.id.slice(-1)}`);
        yield object;
      }
    }
    const posted: string[][] = [];
    const report = await addObjectsInEnvelopes(
      {
        post: async (envelope) => {
          posted.push(envelope.map((o) => String(o.id).slice(-1)));
          events.push(`post ${envelope.length}`);
          const ids = envelope.map((o) => ({ id: String(o.id), version: String(o.modified) }));
          return {
            id: `s${posted.length}`,
            status: 'complete',
            total_count: ids.length,
            success_count: ids.length,
            failure_count: 0,
            pending_count: 0,
            successes: ids,
          };
        },
        getStatus: async () => {
          throw new Error('complete statuses are never polled');
        },
      },
      stream(),
      limit,
    );
    expect(posted).toEqual([
      ['1', '2'],
      ['4', '5'],
    ]);
    expect(events).toEqual(['read 1', 'read 2', 'read 3', 'read 4', 'post 2', 'read 5', 'post 2']);
    expect([report.success_count, report.failure_count]).toEqual([4, 1]);
    expect(report.failures[0]!.message).toMatch(/not sent: its envelope alone is \d+ bytes/);
  });

  it('splits by the API root’s max_content_length, polls pending statuses, and merges one report', async () => {
    const objects = [indicator(1), indicator(2), indicator(3)];
    const limit = JSON.stringify({ objects: objects.slice(0, 2) }).length;
    const statusOf = (id: string, done: boolean, ids: string[]) => ({
      id,
      status: done ? 'complete' : 'pending',
      total_count: ids.length,
      success_count: done ? ids.length : 0,
      failure_count: 0,
      pending_count: done ? 0 : ids.length,
      ...(done
        ? { successes: ids.map((i) => ({ id: i, version: '2026-01-01T00:00:00.000Z' })) }
        : { pendings: ids.map((i) => ({ id: i, version: '2026-01-01T00:00:00.000Z' })) }),
    });
    const s1 = '11111111-1111-4111-8111-111111111111';
    const s2 = '22222222-2222-4222-8222-222222222222';
    const first = objects.slice(0, 2).map((o) => o.id);
    const second = [objects[2]!.id];
    const fetch = scriptedFetch([
      () => taxiiJson({ title: 'Root', versions: [TAXII_MEDIA_TYPE], max_content_length: limit }),
      () => taxiiJson(statusOf(s1, false, first), 202),
      () => taxiiJson(statusOf(s2, true, second), 202),
      () => taxiiJson(statusOf(s1, false, first)),
      () => taxiiJson(statusOf(s1, true, first)),
    ]);
    const progress: number[] = [];
    const report = await new TaxiiClient({ fetch })
      .apiRoot(ROOT)
      .addObjects('c1', { objects }, { wait: { pollIntervalMs: 1 }, onProgress: (p) => progress.push(p.objectsSent) });
    expect(fetch.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      'GET /a/b/c/',
      'POST /a/b/c/collections/c1/objects/',
      'POST /a/b/c/collections/c1/objects/',
      `GET /a/b/c/status/${s1}/`,
      `GET /a/b/c/status/${s1}/`,
    ]);
    expect(fetch.calls.slice(1, 3).every((c) => new TextEncoder().encode(c.body).length <= limit)).toBe(true);
    expect(progress).toEqual([0, 2, 3]);
    expect(report).toMatchObject({
      status: 'complete',
      statusIds: [s1, s2],
      total_count: 3,
      success_count: 3,
      failure_count: 0,
      pending_count: 0,
      timedOut: false,
    });
    expect(report.successes.map((s) => s.id).sort()).toEqual(objects.map((o) => o.id).sort());
  });

  it('reports timedOut with the pending objects when the server never finishes', async () => {
    const pending = { id: '33333333-3333-4333-8333-333333333333', status: 'pending', total_count: 1, success_count: 0, failure_count: 0, pending_count: 1 };
    const fetch = scriptedFetch([() => taxiiJson(pending, 202), ...Array.from({ length: 50 }, () => () => taxiiJson(pending))]);
    const report = await new TaxiiClient({ fetch })
      .apiRoot(ROOT)
      .addObjects('c1', [indicator(1)], { maxContentLength: 10_000, wait: { timeoutMs: 60, pollIntervalMs: 5 } });
    expect(report).toMatchObject({ status: 'pending', pending_count: 1, timedOut: true });
  });
});

describe('discovery (CLI-DSC-01)', () => {
  it('reads /taxii2/ under any prefix and returns API roots absolute, wherever they sit', async () => {
    const fetch = scriptedFetch([
      () => taxiiJson({ title: 'Feeds', default: '/taxii/feeds/main/', api_roots: ['/taxii/feeds/main/', 'https://other.example.com/x/y/'] }),
    ]);
    const discovery = await new TaxiiClient({ fetch }).discover('https://taxii.example.com/gateway/taxii2/');
    expect(fetch.calls[0]!.url).toBe('https://taxii.example.com/gateway/taxii2/');
    expect(discovery.default).toBe('https://taxii.example.com/taxii/feeds/main/');
    expect(discovery.api_roots).toEqual(['https://taxii.example.com/taxii/feeds/main/', 'https://other.example.com/x/y/']);
  });

  it('accepts a bare origin and refuses a URL that is not a discovery endpoint', async () => {
    const fetch = scriptedFetch([() => taxiiJson({ title: 'T' })]);
    const client = new TaxiiClient({ fetch });
    await client.discover('https://taxii.example.com');
    expect(fetch.calls[0]!.url).toBe('https://taxii.example.com/taxii2/');
    await expect(client.discover('https://taxii.example.com/api1/')).rejects.toThrow(/ends in \/taxii2\//);
  });
});
