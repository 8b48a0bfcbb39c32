// The transport against a scripted fetch: what every request carries, and when it tries again.
import { describe, expect, it } from 'vitest';
import { RequestTimeoutError, ResponseTooLargeError, TaxiiClient, TaxiiResponseError, TAXII_MEDIA_TYPE } from '../src/index.js';
import { scriptedFetch, taxiiJson } from './scripted-fetch.js';

const ROOT = 'https://taxii.example.com/taxii/feeds/main/';
const apiRoot = { title: 'Main', versions: [TAXII_MEDIA_TYPE], max_content_length: 1000 };
const status = { id: '2d086da7-4bdc-4f91-900e-d77486753710', status: 'complete', total_count: 0, success_count: 0, failure_count: 0, pending_count: 0 };

describe('every request', () => {
  it('sends the TAXII Accept, Content-Type on bodies, Basic credentials and extra headers (CLI-MT-01, CLI-SEC-01)', async () => {
    const fetch = scriptedFetch([() => taxiiJson(apiRoot), () => taxiiJson(status, 202)]);
    const client = new TaxiiClient({ fetch, auth: { username: 'analyst', password: 'pässwörd' }, headers: { 'X-Api-Key': 'k1', Accept: 'text/html' } });
    const root = client.apiRoot(ROOT);
    await root.getApiRoot();
    await root.postObjects('main', []);
    const [get, post] = fetch.calls;
    for (const call of [get!, post!]) {
      expect(call.headers.get('accept')).toBe(TAXII_MEDIA_TYPE);
      expect(call.headers.get('x-api-key')).toBe('k1');
      // RFC 7617: the credentials are UTF-8 before base64.
      expect(call.headers.get('authorization')).toBe(`Basic ${Buffer.from('analyst:pässwörd', 'utf8').toString('base64')}`);
    }
    expect(get!.headers.get('content-type')).toBeNull();
    expect(post!.headers.get('content-type')).toBe(TAXII_MEDIA_TYPE);
    expect(post!.body).toBe('{"objects":[]}');
    expect(get!.url).toBe(ROOT);
    expect(post!.url).toBe(`${ROOT}collections/main/objects/`);
  });

  it('sends match filters as match[field] with lists joined by commas (CLI-GEN-01)', async () => {
    const fetch = scriptedFetch([() => taxiiJson({ more: false, objects: [] })]);
    await new TaxiiClient({ fetch })
      .apiRoot(ROOT)
      .getObjects('main', { match: { type: ['malware', 'tool'], version: 'all' }, added_after: '2025-01-01T00:00:00.000Z', limit: 5 });
    const url = new URL(fetch.calls[0]!.url);
    expect(url.searchParams.get('match[type]')).toBe('malware,tool');
    expect(url.searchParams.get('match[version]')).toBe('all');
    expect(url.searchParams.get('added_after')).toBe('2025-01-01T00:00:00.000Z');
    expect(url.searchParams.get('limit')).toBe('5');
  });
});

describe('retries', () => {
  it('waits as long as Retry-After says on 429 and 503, then succeeds', async () => {
    const fetch = scriptedFetch([
      () => taxiiJson({ title: 'Too many requests' }, 429, { 'Retry-After': '0' }),
      () => taxiiJson({ title: 'Unavailable' }, 503, { 'Retry-After': new Date(Date.now() + 150).toUTCString() }),
      () => taxiiJson(apiRoot),
    ]);
    const started = Date.now();
    const resource = await new TaxiiClient({ fetch, retry: { baseDelayMs: 1 } }).apiRoot(ROOT).getApiRoot();
    expect(resource.title).toBe('Main');
    expect(fetch.calls).toHaveLength(3);
    // An HTTP date has one-second resolution, so the wait is anywhere up to about a second.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('gives up with the TaxiiResponseError when Retry-After asks for more than maxDelayMs', async () => {
    const fetch = scriptedFetch([() => taxiiJson({ title: 'Too many requests', description: 'come back tomorrow' }, 429, { 'Retry-After': '86400' })]);
    const error = await new TaxiiClient({ fetch, retry: { maxDelayMs: 1000 } })
      .apiRoot(ROOT)
      .getApiRoot()
      .catch((e) => e);
    expect(error).toBeInstanceOf(TaxiiResponseError);
    expect(error.status).toBe(429);
    expect(fetch.calls).toHaveLength(1);
  });

  it('stops after the configured number of attempts', async () => {
    const fetch = scriptedFetch(Array.from({ length: 5 }, () => () => taxiiJson({ title: 'Unavailable' }, 503)));
    const error = await new TaxiiClient({ fetch, retry: { attempts: 3, baseDelayMs: 1 } })
      .apiRoot(ROOT)
      .getApiRoot()
      .catch((e) => e);
    expect(error.status).toBe(503);
    expect(fetch.calls).toHaveLength(3);
  });

  it('retries network errors of reads but never re-sends a POST after one', async () => {
    const refused = () => Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNRESET') }));
    const reads = scriptedFetch([refused, () => taxiiJson(apiRoot)]);
    await new TaxiiClient({ fetch: reads, retry: { baseDelayMs: 1 } }).apiRoot(ROOT).getApiRoot();
    expect(reads.calls).toHaveLength(2);
    const writes = scriptedFetch([refused, () => taxiiJson(status, 202)]);
    await expect(new TaxiiClient({ fetch: writes, retry: { baseDelayMs: 1 } }).apiRoot(ROOT).postObjects('main', [])).rejects.toThrow('fetch failed');
    expect(writes.calls).toHaveLength(1);
  });

  it('re-sends the same body on a retried POST', async () => {
    const fetch = scriptedFetch([() => taxiiJson({ title: 'Unavailable' }, 503, { 'Retry-After': '0' }), () => taxiiJson(status, 202)]);
    const objects = [{ type: 'malware', id: 'malware--00e7d565-9883-4ee5-b642-8fd17fd6a3f5', name: 'EKANS', is_family: true }];
    await new TaxiiClient({ fetch }).apiRoot(ROOT).postObjects('main', objects);
    expect(fetch.calls.map((c) => c.body)).toEqual([JSON.stringify({ objects }), JSON.stringify({ objects })]);
  });
});

describe('time limits and aborts', () => {
  it('raises RequestTimeoutError when the server does not answer in time', async () => {
    const fetch = scriptedFetch([(init) => new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))]);
    const error = await new TaxiiClient({ fetch, timeoutMs: 50, retry: { attempts: 1 } })
      .apiRoot(ROOT)
      .getApiRoot()
      .catch((e) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.message).toContain(`GET ${ROOT}`);
  });

  it('refuses a body larger than maxResponseBytes, declared or streamed', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(5_000), versions: [TAXII_MEDIA_TYPE], max_content_length: 1 });
    const declared = scriptedFetch([() => taxiiJson(JSON.parse(big), 200, { 'Content-Length': String(big.length) })]);
    await expect(new TaxiiClient({ fetch: declared, maxResponseBytes: 1_000 }).apiRoot(ROOT).getApiRoot()).rejects.toBeInstanceOf(ResponseTooLargeError);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(' '.repeat(512))); // never ends on its own
      },
    });
    const streamed = scriptedFetch([() => new Response(stream, { headers: { 'Content-Type': TAXII_MEDIA_TYPE } })]);
    await expect(new TaxiiClient({ fetch: streamed, maxResponseBytes: 4_096 }).apiRoot(ROOT).getApiRoot()).rejects.toThrow(/larger than 4096 bytes/);
  });

  it('stops at once with the caller’s reason when the caller aborts', async () => {
    const fetch = scriptedFetch([(init) => new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))]);
    const controller = new AbortController();
    const pending = new TaxiiClient({ fetch }).apiRoot(ROOT).getApiRoot({ signal: controller.signal });
    controller.abort(new Error('user pressed stop'));
    await expect(pending).rejects.toThrow('user pressed stop');
  });
});

describe('errors (CLI-GEN-03)', () => {
  it('carries the HTTP status and the server’s error resource', async () => {
    const resource = {
      title: 'Bad filter',
      description: 'match[version] must be first, last, all or timestamps',
      error_code: 'bad-filter',
      http_status: '400',
    };
    const fetch = scriptedFetch([() => taxiiJson(resource, 400)]);
    const error = await new TaxiiClient({ fetch })
      .apiRoot(ROOT)
      .getObjects('main', { match: { version: 'newest' } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TaxiiResponseError);
    expect(error.status).toBe(400);
    expect(error.resource).toEqual(resource);
    expect(error.message).toContain('Bad filter: match[version] must be');
  });

  it('keeps an excerpt of a body that is not a TAXII error', async () => {
    const fetch = scriptedFetch([() => new Response('<html>bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } })]);
    const error = await new TaxiiClient({ fetch })
      .apiRoot(ROOT)
      .getApiRoot()
      .catch((e) => e);
    expect(error.status).toBe(502);
    expect(error.resource).toBeUndefined();
    expect(error.bodyExcerpt).toBe('<html>bad gateway</html>');
    expect(error.url).toBe(ROOT);
  });

  it('refuses credentials inside a URL without repeating them', () => {
    const client = new TaxiiClient();
    expect(() => client.apiRoot('https://user:secret@taxii.example.com/api/')).toThrow(/auth option/);
    expect(() => client.apiRoot('https://user:secret@taxii.example.com/api/')).not.toThrow(/secret/);
  });
});
