// Requests built to hurt, each answered with its documented error while the data stays intact:
// more objects than a request may hold, objects nested thousands of levels deep or larger than the
// object limit, and match[...] lists of tens of thousands of values.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectionCatalog } from '../src/catalog.js';
import { createStixValidator } from '@taxii21/stix';
import { importBundle } from '../src/import-bundle.js';
import { objectLimits } from '../src/stix.js';
import { basicAuth, deepJson, manifestPath, objectsPath, startServer, TAXII, testIndicator, type Running } from './harness.js';

let running: Running;

beforeAll(async () => {
  running = await startServer({
    limits: { maxHeaderSize: 1024 * 1024, maxObjectsPerRequest: 10_000, maxObjectDepth: 64, maxObjectBytes: 64 * 1024, maxMatchValues: 100 },
  });
});
afterAll(() => running.stop());

const indicator = testIndicator;

async function postRaw(body: string) {
  const response = await fetch(running.base + objectsPath(), {
    method: 'POST',
    headers: { Authorization: basicAuth('alice'), Accept: TAXII, 'Content-Type': TAXII },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function storedCount() {
  const pages = await running.as('alice').walk(manifestPath(), 1000);
  return pages.reduce((n, page) => n + (page.body.objects?.length ?? 0), 0);
}

describe('hostile bodies', () => {
  it('an envelope with one object more than the limit gets 413 naming the limit, and stores nothing', async () => {
    const before = await storedCount();
    const reply = await postRaw(JSON.stringify({ objects: Array.from({ length: 10_001 }, (_, i) => indicator(i)) }));
    expect(reply.status).toBe(413);
    expect(reply.body.description).toContain('at most 10000 objects');
    expect(reply.body.details).toEqual({ limit: 'objects per request', value: 10_000 });
    expect(await storedCount()).toBe(before);
  });

  it("20 million empty objects (60 MB, under the API root's 64 MiB) get 413 without being parsed, and the server stays up", async () => {
    // A body like this (34 million, 102 MB, under the default 100 MiB) once exhausted the heap
    // and killed the process: parsing it makes tens of millions of objects.
    const body = Buffer.concat([Buffer.from('{"objects":['), Buffer.alloc(20_000_000 * 3 - 1, '{},'), Buffer.from(']}')]);
    const rssBefore = process.memoryUsage().rss;
    const response = await fetch(running.base + objectsPath(), {
      method: 'POST',
      headers: { Authorization: basicAuth('alice'), Accept: TAXII, 'Content-Type': TAXII },
      body: new Uint8Array(body),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { description: string }).description).toContain('at most 10000 objects');
    // Parsed, 20 million objects would take gigabytes; the count stops at the first one too many.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 * 1024 * 1024);
    expect((await running.as('alice').get('/taxii2/')).status).toBe(200);
  }, 60_000);

  it('an object nested 5,000 levels deep fails alone; the valid objects beside it are stored', async () => {
    const valid = [indicator(1), indicator(2)];
    const deep = `{"type":"indicator","spec_version":"2.1","id":"indicator--00000003-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","x_deep":${deepJson(5000)}}`;
    const reply = await postRaw(`{"objects":[${JSON.stringify(valid[0])},${deep},${JSON.stringify(valid[1])}]}`);
    expect(reply.status).toBe(202);
    expect(reply.body.success_count).toBe(2);
    expect(reply.body.failure_count).toBe(1);
    expect(reply.body.failures[0].id).toBe('indicator--00000003-0000-4000-8000-000000000000');
    expect(reply.body.failures[0].message).toContain('more than 64 levels deep');
    const stored = await running.as('alice').get(`${objectsPath()}?match[id]=${valid.map((o) => o.id).join(',')}`);
    expect(stored.body.objects).toHaveLength(2);
  });

  it('an object over the size limit fails alone', async () => {
    const reply = await postRaw(JSON.stringify({ objects: [indicator(10, { description: 'x'.repeat(70 * 1024) }), indicator(11)] }));
    expect(reply.status).toBe(202);
    expect(reply.body.failures.map((f: { id: string; message: string }) => [f.id, /larger than 65536 bytes/.test(f.message)])).toEqual([
      [indicator(10).id, true],
    ]);
    expect(reply.body.success_count).toBe(1);
  });

  it('taxii-server import rejects only the objects beyond the limits', async () => {
    const file = join(running.dir, 'hostile-bundle.json.gz');
    const deep = JSON.parse(
      `{"type":"malware","spec_version":"2.1","id":"malware--00000000-0000-4000-8000-000000000099","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"deep","is_family":false,"x":${deepJson(5000)}}`,
    );
    const bundle = { type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000001', objects: [indicator(20), deep, indicator(21)] };
    // JSON.stringify cannot write 5,000 levels: the file is assembled as text.
    const text = JSON.stringify({ ...bundle, objects: [] }).replace(
      '"objects":[]',
      `"objects":[${JSON.stringify(indicator(20))},${JSON.stringify({ ...deep, x: 0 }).replace('"x":0', `"x":${deepJson(5000)}`)},${JSON.stringify(indicator(21))}]`,
    );
    writeFileSync(file, gzipSync(text));
    const summary = await importBundle(running.server.store, new CollectionCatalog(running.config), {
      file,
      apiRootPath: '/api1/',
      collection: 'main',
      objectLimits: objectLimits(running.config),
      stixValidator: createStixValidator(),
    });
    expect([summary.added, summary.rejected]).toEqual([2, 1]);
    expect(summary.failures[0]!.message).toContain('levels deep');
  });
});

describe('hostile queries', () => {
  it('32,765 match[type] values get 400 naming the limit, not a 500', async () => {
    const types = Array.from({ length: 32_765 }, (_, i) => `x-t${i}`).join(',');
    const reply = await running.as('alice').get(`${objectsPath()}?match[type]=${types}`);
    expect(reply.status).toBe(400);
    expect(reply.body.description).toContain('match[type] may list at most 100 values');
  });

  it('30,000 match[version] values get 400 at once', async () => {
    const versions = Array.from({ length: 30_000 }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i).toISOString()).join(',');
    const started = performance.now();
    const reply = await running.as('alice').get(`${objectsPath()}?match[version]=${versions}`);
    expect(reply.status).toBe(400);
    expect(reply.body.description).toContain('match[version] may list at most 100 values');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a list within the limit is served', async () => {
    const types = Array.from({ length: 100 }, (_, i) => (i === 0 ? 'indicator' : `x-t${i}`)).join(',');
    const reply = await running.as('alice').get(`${objectsPath()}?match[type]=${types}`);
    expect(reply.status).toBe(200);
  });

  it('DELETE answers the same 404 whether the object is absent or only the asked version is', async () => {
    await postRaw(JSON.stringify({ objects: [indicator(30)] }));
    const absent = await running.as('alice').delete(`${objectsPath()}indicator--99999999-0000-4000-8000-000000000000/`);
    const wrongVersion = await running.as('alice').delete(`${objectsPath()}${indicator(30).id}/?match[version]=2019-01-01T00:00:00.000Z`);
    expect([absent.status, wrongVersion.status]).toEqual([404, 404]);
    expect(absent.body.description).toBe(wrongVersion.body.description);
  });
});

describe('bad bytes', () => {
  /** Sends raw bytes on a new connection, keeping it open for the answer (requests say Connection: close, or are HTTP/1.0). */
  function rawExchange(request: string | Buffer): Promise<{ statusLine: string; head: string; body: string }> {
    const url = new URL(running.base);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write(request));
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [head = '', body = ''] = text.split('\r\n\r\n');
        resolve({ statusLine: head.split('\r\n')[0]!, head, body });
      });
    });
  }

  it('invalid UTF-8 in a body gets 400 saying so, and nothing is stored in its place', async () => {
    const before = await storedCount();
    const object = JSON.stringify({ objects: [indicator(40, { name: 'BAD' })] });
    // 0xC3 0x28 is not UTF-8: a lead byte followed by a byte that cannot continue it.
    const body = Buffer.from(object.replace('BAD', 'B\u0001D'), 'utf8');
    body[body.indexOf(0x01)] = 0xc3;
    body[body.indexOf(0x44, body.indexOf(0xc3))] = 0x28;
    const response = await fetch(running.base + objectsPath(), {
      method: 'POST',
      headers: { Authorization: basicAuth('alice'), Accept: TAXII, 'Content-Type': TAXII },
      body: new Uint8Array(body),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ http_status: '400', error_code: 'bad-request', description: expect.stringContaining('not valid UTF-8') });
    expect(await storedCount()).toBe(before);
  });

  it('an HTTP/1.1 request without Host gets a TAXII error, not a bare 400', async () => {
    const answer = await rawExchange(`GET /taxii2/ HTTP/1.1\r\nAccept: ${TAXII}\r\nAuthorization: ${basicAuth('alice')}\r\nConnection: close\r\n\r\n`);
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.head).toContain(`Content-Type: ${TAXII}`);
    expect(JSON.parse(answer.body)).toMatchObject({ http_status: '400', description: expect.stringContaining('Host') });
  });

  it('an HTTP/1.0 request without Host is served, its URLs naming the address it reached, never undefined', async () => {
    const answer = await rawExchange(`GET /taxii2/ HTTP/1.0\r\nAccept: ${TAXII}\r\nAuthorization: ${basicAuth('alice')}\r\n\r\n`);
    expect(answer.statusLine).toMatch(/^HTTP\/1\.1 200 /);
    const discovery = JSON.parse(answer.body) as { api_roots: string[]; default: string };
    expect(answer.body).not.toContain('undefined');
    expect(discovery.default).toBe(`${running.base}/api1/`);
  });

  it('a declared Content-Length over max_content_length gets 413 before any of the body is sent, and the connection closes', async () => {
    // The body never comes: a server that read it first would wait for the request timeout (minutes).
    const answer = await rawExchange(
      `POST ${objectsPath()} HTTP/1.1\r\nHost: x\r\nAuthorization: ${basicAuth('alice')}\r\nAccept: ${TAXII}\r\nContent-Type: ${TAXII}\r\nContent-Length: 200000000\r\n\r\n`,
    );
    expect(answer.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answer.head).toMatch(/\r\nConnection: close\r\n/i);
    expect(JSON.parse(answer.body)).toMatchObject({ http_status: '413', details: { max_content_length: 64 * 1024 * 1024 } });
  });

  it('an Expect the server does not know gets 417 with a TAXII error, and the connection closes', async () => {
    const answer = await rawExchange(
      `GET /taxii2/ HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nAccept: ${TAXII}\r\nAuthorization: ${basicAuth('alice')}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.statusLine).toBe('HTTP/1.1 417 Expectation Failed');
    expect(answer.head).toContain(`Content-Type: ${TAXII}`);
    expect(JSON.parse(answer.body)).toMatchObject({ http_status: '417', description: expect.stringContaining("'Expect: 200-ok' is not met") });
  });
});
