// Every endpoint of the server, on real data (ATT&CK for ICS) in a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleObjects, ICS_BUNDLE, MAIN, manifestPath, objectsPath, READ_ONLY, startServer, type Client, type Running } from './harness.js';

let running: Running;
let alice: Client;
let ics: Array<Record<string, any>>;

beforeAll(async () => {
  running = await startServer();
  alice = running.as('alice');
  ics = await bundleObjects(ICS_BUNDLE);
  const reply = await alice.post(objectsPath(), { objects: ics });
  expect(reply.status).toBe(202);
});
afterAll(() => running.stop());

const malware = () => ics.find((o) => o.id === 'malware--00e7d565-9883-4ee5-b642-8fd17fd6a3f5')!;

describe('getDiscovery (SRV-DSC-01)', () => {
  it('lists every API root as an absolute URL, and the default', async () => {
    const { status, body } = await alice.get('/taxii2/');
    expect(status).toBe(200);
    expect(body).toEqual({
      title: 'Test server',
      default: `${running.base}/api1/`,
      api_roots: [`${running.base}/api1/`, `${running.base}/taxii/feeds/small/`],
    });
  });
});

describe('getApiRoot', () => {
  it('states the versions and max_content_length of each API root (SRV-RES-03)', async () => {
    expect((await alice.get('/api1/')).body).toEqual({
      title: 'API one',
      versions: ['application/taxii+json;version=2.1'],
      max_content_length: 64 * 1024 * 1024,
    });
    expect((await alice.get('/taxii/feeds/small/')).body.max_content_length).toBe(4096);
  });

  it('answers 404 for an API root that does not exist (SRV-GEN-05)', async () => {
    expect((await alice.get('/api2/')).status).toBe(404);
  });
});

describe('getCollections and getCollection (SRV-SEC-03, SRV-RES-01: can_read and can_write describe the user)', () => {
  it('lists the collections the user may see with that user’s rights', async () => {
    const { body } = await alice.get('/api1/collections/');
    expect(body.collections.map((c: any) => [c.alias, c.can_read, c.can_write])).toEqual([
      ['main', true, true],
      ['read-only', true, false],
    ]);
    const bob = (await running.as('bob').get('/api1/collections/')).body;
    expect(bob.collections.map((c: any) => [c.alias, c.can_read, c.can_write])).toEqual([['main', true, false]]);
    expect((await running.as('carol').get('/api1/collections/')).body).toEqual({});
  });

  it('finds a collection by id or by alias', async () => {
    expect((await alice.get(`/api1/collections/${MAIN}/`)).body.id).toBe(MAIN);
    expect((await alice.get('/api1/collections/main/')).body.id).toBe(MAIN);
    expect((await alice.get(`/api1/collections/${READ_ONLY.toUpperCase()}/`)).body.id).toBe(READ_ONLY);
  });
});

describe('getObjects', () => {
  it('returns every object, oldest date_added first, with date-added headers (SRV-FLT-01, SRV-GEN-04)', async () => {
    const reply = await alice.get(objectsPath());
    expect(reply.status).toBe(200);
    expect(reply.body.more).toBe(true); // 1,826 objects, page size 1,000
    expect(reply.body.objects.map((o: any) => o.id)).toEqual(ics.slice(0, 1000).map((o) => o.id));
    expect(reply.body.objects[5]).toEqual(ics[5]);
    const first = reply.headers.get('x-taxii-date-added-first')!;
    const last = reply.headers.get('x-taxii-date-added-last')!;
    expect(first < last).toBe(true);
  });

  it('returns an empty envelope without date-added headers when nothing matches', async () => {
    const reply = await alice.get(`${objectsPath()}?match[type]=indicator`);
    expect(reply.body).toEqual({ more: false });
    expect(reply.headers.get('x-taxii-date-added-first')).toBeNull();
  });
});

describe('getObject', () => {
  it('returns the object in an envelope', async () => {
    const reply = await alice.get(`${objectsPath()}${malware().id}/`);
    expect(reply.body).toEqual({ more: false, objects: [malware()] });
    expect(reply.headers.get('x-taxii-date-added-first')).toBe(reply.headers.get('x-taxii-date-added-last'));
  });

  it('answers 404 for an unknown object (SRV-GEN-05)', async () => {
    expect((await alice.get(`${objectsPath()}malware--00000000-0000-4000-8000-000000000000/`)).status).toBe(404);
  });

  it('answers 200 with an empty envelope when the object exists but no version passes the filters (§5.6)', async () => {
    const reply = await alice.get(`${objectsPath()}${malware().id}/?match[version]=2001-01-01T00:00:00Z`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ more: false });
    expect(reply.headers.get('x-taxii-date-added-first')).toBeNull();
  });

  it('answers 404 for an object id that is not in the collection, whatever the filters (SRV-GEN-05)', async () => {
    for (const query of ['', '?match[version]=all', '?match[version]=2001-01-01T00:00:00Z']) {
      expect((await alice.get(`${objectsPath()}malware--00000000-0000-4000-8000-000000000000/${query}`)).status, query).toBe(404);
    }
  });
});

describe('getManifest', () => {
  it('describes each object without its content', async () => {
    const reply = await alice.get(`${manifestPath()}?match[id]=${malware().id}`);
    expect(reply.body.objects).toEqual([
      {
        id: malware().id,
        date_added: reply.headers.get('x-taxii-date-added-first'),
        version: malware().modified,
        media_type: 'application/stix+json;version=2.1',
      },
    ]);
  });
});

describe('getObjectVersions (SRV-VER-03)', () => {
  it('lists the versions of an object', async () => {
    const reply = await alice.get(`${objectsPath()}${malware().id}/versions/`);
    expect(reply.body).toEqual({ more: false, versions: [malware().modified] });
  });

  it('answers 404 for an unknown object', async () => {
    expect((await alice.get(`${objectsPath()}malware--00000000-0000-4000-8000-000000000000/versions/`)).status).toBe(404);
  });
});

describe('addObjects and getStatus (SRV-ADD-03, SRV-ADD-04, SRV-RES-02, SRV-VER-02)', () => {
  it('reports each object once, stores the new, counts the known as successes, and keeps the status', async () => {
    const fresh = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      created: '2025-11-01T10:00:00.000Z',
      modified: '2025-11-01T10:00:00.000Z',
      pattern: "[ipv4-addr:value = '198.51.100.7']",
      pattern_type: 'stix',
      valid_from: '2025-11-01T10:00:00Z',
    };
    const reply = await alice.post(objectsPath(), { objects: [fresh, malware(), { type: 'indicator', id: 'bad' }] });
    expect(reply.status).toBe(202);
    const status = reply.body;
    expect(status).toMatchObject({ status: 'complete', total_count: 3, success_count: 2, failure_count: 1, pending_count: 0 });
    expect(status.successes).toEqual([
      { id: fresh.id, version: fresh.modified },
      { id: malware().id, version: malware().modified, message: 'Already present; not stored again.' },
    ]);
    expect(status.failures).toEqual([{ id: 'bad', version: '', message: "id must be '<type>--<UUID>'" }]);
    expect((await alice.get(`/api1/status/${status.id}/`)).body).toEqual(status);
    expect((await alice.get(`${objectsPath()}${malware().id}/versions/`)).body.versions).toEqual([malware().modified]);
  });

  it('keeps a status private to the user who made it, and 404s unknown ids', async () => {
    const { body } = await alice.post(objectsPath(), { objects: [{ type: 'x-probe' }] });
    expect((await running.as('bob').get(`/api1/status/${body.id}/`)).status).toBe(404);
    expect((await alice.get('/api1/status/00000000-0000-4000-8000-000000000000/')).status).toBe(404);
  });
});

describe('deleteObject (SRV-VER-04)', () => {
  it('deletes the newest (here the only) version by default, and then answers 404', async () => {
    const victim = ics.find((o) => o.type === 'campaign')!;
    expect((await alice.delete(`${objectsPath()}${victim.id}/`)).status).toBe(200);
    expect((await alice.get(`${objectsPath()}${victim.id}/`)).status).toBe(404);
    expect((await alice.delete(`${objectsPath()}${victim.id}/`)).status).toBe(404);
    expect((await alice.get(`${manifestPath()}?match[id]=${victim.id}&match[version]=all`)).body).toEqual({ more: false });
  });
});

describe('versions of objects without modified or created (SRV-VER-01)', () => {
  it('uses the date_added the server gave it, and stores a re-sent observable as a new version', async () => {
    const address = { type: 'ipv4-addr', spec_version: '2.1', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', value: '198.51.100.3' };
    const first = await alice.post(objectsPath(), { objects: [address] });
    const manifest = await alice.get(`${manifestPath()}?match[id]=${address.id}`);
    const record = manifest.body.objects[0];
    expect(record.version).toBe(record.date_added);
    expect(first.body.successes[0].version).toBe(record.date_added);
    await alice.post(objectsPath(), { objects: [address] });
    expect((await alice.get(`${objectsPath()}${address.id}/versions/`)).body.versions).toHaveLength(2);
  });
});

describe('§2: empty lists are prohibited, so no response carries one', () => {
  it('omits every list that would be empty, in every kind of response', async () => {
    const nothing = `?match[id]=malware--00000000-0000-4000-8000-000000000000`;
    const replies = [
      await running.as('carol').get('/api1/collections/'),
      await alice.get(`${objectsPath()}${nothing}`),
      await alice.get(`${manifestPath()}${nothing}`),
      await alice.get(`${objectsPath()}${malware().id}/?match[version]=2001-01-01T00:00:00Z`),
      await alice.get(`${objectsPath()}${malware().id}/versions/?added_after=2999-01-01T00:00:00Z`),
      await alice.post(objectsPath(), { objects: [malware()] }),
      await alice.post(objectsPath(), { objects: [{ type: 'x-probe' }] }),
      await alice.get('/taxii2/'),
      await alice.get('/api1/'),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 202, 202, 200, 200]);
    expect(replies[0]!.body).toEqual({});
    for (const reply of replies.slice(1, 5)) expect(reply.body).toEqual({ more: false });
    // A status with only successes has no failures list, and one with only failures no successes.
    expect(Object.keys(replies[5]!.body)).not.toContain('failures');
    expect(Object.keys(replies[6]!.body)).not.toContain('successes');
    for (const reply of replies) expect(JSON.stringify(reply.body)).not.toContain('[]');
  });

  it('refuses an envelope with an empty objects list as unprocessable (422)', async () => {
    const reply = await alice.post(objectsPath(), { objects: [] });
    expect(reply.status).toBe(422);
    expect(reply.body.http_status).toBe('422');
  });
});

describe('§2: TAXII timestamps have microsecond precision', () => {
  it('date_added, request_timestamp and the date-added headers have six fractional digits', async () => {
    const six = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
    const status = await alice.post(objectsPath(), { objects: [malware()] });
    expect(status.body.request_timestamp).toMatch(six);
    const page = await alice.get(`${manifestPath()}?limit=5`);
    for (const record of page.body.objects) expect(record.date_added).toMatch(six);
    expect(page.headers.get('x-taxii-date-added-first')).toMatch(six);
    expect(page.headers.get('x-taxii-date-added-last')).toMatch(six);
  });
});
