// Bad input gets the right status and error resource, and never changes what is stored.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleObjects, ICS_BUNDLE, manifestPath, objectsPath, SMALL, startServer, TAXII, type Client, type Running } from './harness.js';

let running: Running;
let alice: Client;
let ics: Array<Record<string, any>> = [];

beforeAll(async () => {
  running = await startServer();
  alice = running.as('alice');
  ics = await bundleObjects(ICS_BUNDLE);
  await alice.post(objectsPath(), { objects: ics.slice(0, 300) });
});
afterAll(() => running.stop());

async function raw(path: string, init: RequestInit & { headers?: Record<string, string> }) {
  const response = await fetch(running.base + path, {
    ...init,
    headers: { Authorization: `Basic ${Buffer.from('alice:correct horse battery').toString('base64')}`, Accept: TAXII, ...init.headers },
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json().catch(() => null) };
}

/** Everything stored in MAIN, every version, with content. */
async function snapshot() {
  const pages = await alice.walk(`${objectsPath()}?match[version]=all&match[spec_version]=2.0,2.1`, 1000);
  const manifest = await alice.walk(`${manifestPath()}?match[version]=all&match[spec_version]=2.0,2.1`, 1000);
  return { objects: pages.flatMap((p) => p.body.objects ?? []), manifest: manifest.flatMap((p) => p.body.objects ?? []) };
}

describe('error statuses carry a TAXII error resource', () => {
  it.each<[number, string, string]>([
    [400, 'added_after with month 13', `${objectsPath()}?added_after=2025-13-01T00:00:00Z`],
    [400, 'added_after on 30 February', `${objectsPath()}?added_after=2025-02-30T00:00:00Z`],
    [400, 'match[version] on 30 February', `${objectsPath()}?match[version]=2025-02-30T00:00:00Z`],
    [400, 'limit=0', `${objectsPath()}?limit=0`],
    [400, 'an unknown parameter', `${objectsPath()}?sort=desc`],
    [400, 'an unknown match field', `${objectsPath()}?match[name]=EKANS`],
    [400, 'a malformed match[id]', `${objectsPath()}?match[id]=EKANS`],
    [404, 'an unknown collection', '/api1/collections/99999999-9999-4999-8999-999999999999/objects/'],
    // §3.4: malformed parameters are 400; limit is a positive decimal integer, digits only.
    ...['Infinity', '0x10', '1e308', '1e2', '%201', '1%20', '99999999999999999999.1', '99999999999999999999', '1.0', '-1', '', 'ten'].map(
      (value): [number, string, string] => [400, `limit=${value}`, `${objectsPath()}?limit=${value}`],
    ),
    [400, 'limit given twice', `${objectsPath()}?limit=1&limit=2`],
    [400, 'added_after given twice', `${objectsPath()}?added_after=2025-01-01T00:00:00Z&added_after=2025-01-02T00:00:00Z`],
    // §3.4.1: `all` stands alone, and no version value may appear twice.
    [400, 'match[version]=all,last', `${objectsPath()}?match[version]=all,last`],
    [400, 'match[version]=first,all', `${objectsPath()}?match[version]=first,all`],
    [400, 'match[version]=last,last', `${objectsPath()}?match[version]=last,last`],
    [400, 'the same timestamp twice in match[version]', `${objectsPath()}?match[version]=2025-01-01T00:00:00Z,2025-01-01T00:00:00.000Z`],
    [400, 'match[version]=all,all on getObject', `${objectsPath()}malware--00e7d565-9883-4ee5-b642-8fd17fd6a3f5/?match[version]=all,all`],
    [400, 'an unknown parameter on getCollections (§5.1 names 400)', '/api1/collections/?sort=desc'],
    [400, 'an unknown parameter on getCollection (§5.2 names 400)', `/api1/collections/${SMALL}/?sort=desc`],
    // Paths match exactly (SRV-GEN-03): no case folding, no empty segments.
    [404, 'an upper-case path', '/API1/COLLECTIONS/'],
    [404, 'an upper-case segment', `/api1/Collections/${SMALL}/objects/`],
    [404, 'an empty segment', '/api1/collections//'],
    [404, 'a doubled slash inside the path', `/api1/collections/${SMALL}//objects/`],
  ])('%i for %s', async (status, _name, path) => {
    const reply = await raw(path, {});
    expect(reply.status).toBe(status);
    expect(reply.contentType).toBe(TAXII);
    expect(reply.body).toMatchObject({ title: expect.any(String), http_status: String(status) });
  });

  it('404 for a TAXII URL without its final slash says where the endpoint is', async () => {
    for (const path of ['/taxii2', '/api1/collections', `/api1/collections/${SMALL}/objects`]) {
      const reply = await raw(path, {});
      expect(reply.status, path).toBe(404);
      expect(reply.body.description, path).toBe(`No TAXII endpoint at this URL: TAXII URLs end in /, so try ${path}/ instead.`);
    }
    expect((await raw('/api1/nothing', {})).body.description).toBe('No TAXII endpoint at this URL.');
  });

  it('431 with an error resource for a query string over the configured header limit', async () => {
    const reply = await raw(`${objectsPath()}?match[id]=${'malware--00e7d565-9883-4ee5-b642-8fd17fd6a3f5,'.repeat(400)}x`, {});
    expect(reply.status).toBe(431);
    expect(reply.contentType).toBe(TAXII);
    expect(reply.body.description).toMatch(/may not exceed 16384 bytes/);
  });

  it('406 for an Accept the server cannot satisfy (SRV-MT-02)', async () => {
    expect((await raw(objectsPath(), { headers: { Accept: 'application/json' } })).status).toBe(406);
  });

  it('406 on deleteObject too (§5.7 names it), and nothing is deleted', async () => {
    const before = await snapshot();
    const id = ics[0]!.id as string;
    const reply = await raw(`${objectsPath()}${id}/?match[version]=all`, { method: 'DELETE', headers: { Accept: 'text/html' } });
    expect(reply.status).toBe(406);
    expect(reply.contentType).toBe(TAXII);
    expect(await snapshot()).toEqual(before);
  });
});

describe('bad input never changes stored data (SRV-ADD-01, SRV-ADD-02, SRV-ADD-04, SRV-MT-04)', () => {
  it('keeps every stored object and version exactly as it was', async () => {
    const before = await snapshot();
    expect(before.objects).toHaveLength(300);
    const post = (body: string, headers: Record<string, string> = {}) =>
      raw(objectsPath(), { method: 'POST', body, headers: { 'Content-Type': TAXII, ...headers } });
    const tampered = { ...ics[10], name: 'tampered', modified: ics[10]!.modified }; // same id and version, different content

    const outcomes = [
      (await post('{"objects": [')).status, // not JSON
      (await post('{"objects": {}}')).status, // not an envelope
      (await post(JSON.stringify({ objects: ics.slice(0, 5) }), { 'Content-Type': 'application/json' })).status, // wrong media type
      (
        await raw(`/taxii/feeds/small/collections/${SMALL}/objects/`, {
          method: 'POST',
          body: JSON.stringify({ objects: ics.slice(0, 50) }),
          headers: { 'Content-Type': TAXII },
        })
      ).status, // too large
      (await post(JSON.stringify({ objects: [tampered] }))).status, // a known id and version: not stored again
      (
        await post(
          JSON.stringify({
            objects: [{ type: 'malware', id: 'malware--1' }, { id: ics[0]!.id }, { ...ics[1], modified: 'yesterday' }, { ...ics[2], type: 'tool' }],
          }),
        )
      ).status, // invalid objects
      (await post(JSON.stringify({ objects: [ics[3], 'text', null] }))).status, // items that are not objects: not an envelope
    ];
    expect(outcomes).toEqual([400, 422, 415, 413, 202, 202, 422]);

    const after = await snapshot();
    expect(after).toEqual(before);
  });

  it('reports each invalid object as a failure and stores the valid ones of the same envelope', async () => {
    const valid = {
      type: 'tool',
      spec_version: '2.1',
      id: 'tool--7e1c4b1e-2a64-4b8e-9d5f-1c2b3a4d5e6f',
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name: 'netsh',
    };
    const reply = await alice.post(objectsPath(), {
      objects: [
        { type: 'tool', id: 'tool--x' },
        valid,
        { ...valid, id: 'malware--7e1c4b1e-2a64-4b8e-9d5f-1c2b3a4d5e6f' },
        { ...valid, id: 'tool--8e1c4b1e-2a64-4b8e-9d5f-1c2b3a4d5e6f', created: '2026-02-30T00:00:00Z' },
      ],
    });
    expect(reply.body).toMatchObject({ total_count: 4, success_count: 1, failure_count: 3, pending_count: 0, status: 'complete' });
    expect(reply.body.failures.map((f: any) => f.message)).toEqual([
      "id must be '<type>--<UUID>'",
      "id names type 'malware' but type is 'tool'",
      'created must be an RFC 3339 timestamp in UTC ending in Z',
    ]);
    expect((await alice.get(`${objectsPath()}${valid.id}/`)).body.objects).toEqual([valid]);
  });

  it('answers 413 to a chunked body over the limit and stores nothing of it', async () => {
    const body = JSON.stringify({ objects: ics.slice(300, 340) });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${running.base}/taxii/feeds/small/collections/${SMALL}/objects/`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from('alice:correct horse battery').toString('base64')}`, Accept: TAXII, 'Content-Type': TAXII },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      for (let i = 0; i < body.length; i += 1000) req.write(body.slice(i, i + 1000));
      req.end();
    });
    expect(status).toBe(413);
    expect((await alice.get(`/taxii/feeds/small/collections/${SMALL}/manifest/`)).body).toEqual({ more: false });
  });
});
