// The wiring of createTaxiiApp, exercised over real HTTP. Handlers here are small fixed answers:
// what is under test is authentication, negotiation, limits, validation, dispatch and errors.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaxiiApp, dateAddedHeaders, ErrorAnswer, type TaxiiHandlers } from '../src/index.js';

const TAXII = 'application/taxii+json;version=2.1';
const COLLECTION = '5f1d6c9a-3b2e-4f7a-8c41-9e0d2b7a6c13';
const MALWARE = 'malware--00e7d565-9883-4ee5-b642-8fd17fd6a3f5';
const STATUS_ID = '2f3c9a43-5d7e-4c8b-9a61-0b7e2d4c1a58';
const seen: Record<string, unknown> = {};

const malware = {
  type: 'malware',
  spec_version: '2.1',
  id: MALWARE,
  created: '2021-02-12T20:07:42.883Z',
  modified: '2025-04-16T20:37:51.908Z',
  name: 'EKANS',
  is_family: true,
};
const record = { id: MALWARE, date_added: '2025-11-20T09:14:02.312456Z', version: malware.modified };

function handlers(overrides: Partial<TaxiiHandlers> = {}): TaxiiHandlers {
  return {
    getDiscovery: ({ context }) => ({ status: 200, body: { title: 'Test', api_roots: [`${context.origin}/taxii/feeds/`] } }),
    getApiRoot: ({ context }) => ({
      status: 200,
      body: { title: context.apiRoot!.path, versions: [TAXII], max_content_length: context.apiRoot!.maxContentLength },
    }),
    getStatus: ({ path }) => ({
      status: 200,
      body: { id: path.statusId, status: 'complete', total_count: 0, success_count: 0, failure_count: 0, pending_count: 0 },
    }),
    getCollections: ({ context }) => ({
      status: 200,
      body: { collections: [{ id: COLLECTION, title: `for ${context.user.username}`, can_read: true, can_write: false }] },
    }),
    getCollection: ({ path }) => {
      if (path.collectionId !== COLLECTION) throw ErrorAnswer.notFound('No such collection.');
      return { status: 200, body: { id: COLLECTION, title: 'ICS', can_read: true, can_write: false } };
    },
    getManifest: ({ query }) => {
      seen.manifestQuery = query;
      return { status: 200, body: { more: false, objects: [record] }, headers: dateAddedHeaders([record]) };
    },
    getObjects: ({ query }) => {
      seen.objectsQuery = query;
      return { status: 200, body: { more: false, objects: [malware] }, headers: dateAddedHeaders([record]) };
    },
    addObjects: ({ body }) => {
      seen.addBody = body;
      return {
        status: 202,
        body: { id: STATUS_ID, status: 'complete', total_count: body.objects.length, success_count: body.objects.length, failure_count: 0, pending_count: 0 },
      };
    },
    getObject: () => ({ status: 200, body: { more: false, objects: [malware] }, headers: dateAddedHeaders([record]) }),
    deleteObject: ({ query }) => {
      seen.deleteQuery = query;
      return { status: 200 };
    },
    getObjectVersions: () => ({ status: 200, body: { more: false, versions: [malware.modified] }, headers: dateAddedHeaders([record]) }),
    ...overrides,
  };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ALICE = basic('alice', 'correct horse');

async function start(overrides: Partial<TaxiiHandlers> = {}, validateResponses = true) {
  const app = createTaxiiApp({
    handlers: handlers(overrides),
    apiRoots: [
      { path: '/api1/', maxContentLength: 2000 },
      { path: '/taxii/feeds/', maxContentLength: 1000 },
    ],
    verifyCredentials: async (username, password) => (username === 'alice' && password === 'correct horse' ? { username } : null),
    validateResponses,
    onServerError: () => {},
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base };
}

let server: Server;
let base: string;
beforeAll(async () => ({ server, base } = await start()));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(path: string, headers: Record<string, string> = {}) {
  return fetch(base + path, { headers: { Authorization: ALICE, Accept: TAXII, ...headers } });
}
function post(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(base + path, { method: 'POST', body, headers: { Authorization: ALICE, Accept: TAXII, 'Content-Type': TAXII, ...headers } });
}
async function expectTaxiiError(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe(TAXII);
  const body = await response.json();
  expect(body).toMatchObject({ title: expect.any(String), http_status: String(status) });
  return body;
}

describe('authentication (SRV-SEC-02)', () => {
  it('answers 401 with WWW-Authenticate: Basic and an error resource without credentials', async () => {
    const response = await fetch(`${base}/taxii2/`, { headers: { Accept: TAXII } });
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="TAXII"/);
    await expectTaxiiError(response, 401);
  });

  it('answers 401 to a wrong password and never echoes it', async () => {
    const response = await get('/taxii2/', { Authorization: basic('alice', 'hunter2-secret') });
    const body = await expectTaxiiError(response, 401);
    expect(JSON.stringify(body)).not.toContain('hunter2-secret');
  });

  it('lets the verifier refuse with 429 and Retry-After, given the client address (SRV-SEC-05)', async () => {
    const seen: string[] = [];
    const app = createTaxiiApp({
      handlers: handlers(),
      apiRoots: [{ path: '/api1/', maxContentLength: 2000 }],
      verifyCredentials: async (_username, _password, attempt) => {
        seen.push(attempt.clientAddress);
        throw new ErrorAnswer(429, 'Too many failed logins.', { headers: { 'Retry-After': '42' } });
      },
    });
    const limited = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const response = await fetch(`http://127.0.0.1:${(limited.address() as AddressInfo).port}/api1/`, { headers: { Accept: TAXII, Authorization: ALICE } });
      expect(response.headers.get('retry-after')).toBe('42');
      expect(await expectTaxiiError(response, 429)).toMatchObject({ title: 'Too many requests', error_code: 'too-many-requests' });
      expect(seen).toEqual(['127.0.0.1']);
    } finally {
      await new Promise<void>((resolve) => limited.close(() => resolve()));
    }
  });

  it('passes the authenticated user to handlers', async () => {
    const body = await (await get('/api1/collections/')).json();
    expect(body.collections[0].title).toBe('for alice');
  });
});

describe('API roots at any path (CLI-DSC-01)', () => {
  it('serves discovery at /taxii2/ with absolute API-root URLs', async () => {
    const response = await get('/taxii2/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(TAXII);
    expect((await response.json()).api_roots).toEqual([`${base}/taxii/feeds/`]);
  });

  it('serves every API root at its own nested path, with its own settings', async () => {
    expect((await (await get('/taxii/feeds/')).json()).max_content_length).toBe(1000);
    expect((await (await get('/api1/')).json()).max_content_length).toBe(2000);
    expect((await get(`/taxii/feeds/collections/${COLLECTION}/`)).status).toBe(200);
  });

  it('answers 404 with an error resource outside any API root and for unknown ids (SRV-GEN-05)', async () => {
    await expectTaxiiError(await get('/nowhere/collections/'), 404);
    await expectTaxiiError(await get('/api1/collections/8d2e4b71-0c5f-4a39-b6e8-1f7a3c9d2e40/'), 404);
  });

  it('refuses API-root paths that cannot work', () => {
    const make = (path: string) => () =>
      createTaxiiApp({ handlers: handlers(), apiRoots: [{ path, maxContentLength: 10 }], verifyCredentials: async () => null });
    expect(make('/')).toThrow(/must start and end/);
    expect(make('/api1')).toThrow(/must start and end/);
    expect(make('/taxii2/')).toThrow(/discovery/);
  });
});

describe('content negotiation (SRV-MT-01 to SRV-MT-05)', () => {
  it.each([
    ['the TAXII 2.1 type', TAXII],
    ['the unversioned TAXII type', 'application/taxii+json'],
    ['any type', '*/*'],
    ['a list with the TAXII type', 'application/json;q=0.9, application/taxii+json;version=2.1'],
  ])('answers 200 to Accept with %s', async (_name, accept) => {
    const response = await get('/api1/', { Accept: accept });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(TAXII);
  });

  it('treats a missing Accept as */* (SRV-MT-05)', async () => {
    const response = await fetch(`${base}/api1/`, { headers: { Authorization: ALICE, Accept: '' } });
    expect(response.status).toBe(200);
  });

  it.each(['application/json', 'text/html', 'application/taxii+json;version=2.0', 'application/taxii+json;q=0'])(
    'answers 406 to Accept: %s',
    async (accept) => {
      await expectTaxiiError(await get('/api1/collections/', { Accept: accept }), 406);
    },
  );

  it('answers 415 to a body that is not TAXII (SRV-MT-04)', async () => {
    await expectTaxiiError(await post(`/api1/collections/${COLLECTION}/objects/`, '{"objects":[]}', { 'Content-Type': 'application/json' }), 415);
  });

  it('accepts the unversioned TAXII type as Content-Type (SRV-MT-03)', async () => {
    const response = await post(`/api1/collections/${COLLECTION}/objects/`, JSON.stringify({ objects: [malware] }), {
      'Content-Type': 'application/taxii+json',
    });
    expect(response.status).toBe(202);
  });
});

describe('body limits (SRV-ADD-02)', () => {
  const big = JSON.stringify({ objects: [{ ...malware, description: 'x'.repeat(1500) }] });

  it('answers 413 from Content-Length when the body exceeds the API root limit', async () => {
    const body = await expectTaxiiError(await post(`/taxii/feeds/collections/${COLLECTION}/objects/`, big), 413);
    expect(body.details).toEqual({ max_content_length: 1000 });
  });

  it('uses each API root its own limit', async () => {
    expect((await post(`/api1/collections/${COLLECTION}/objects/`, big)).status).toBe(202);
  });

  it('answers 413 to a chunked body without Content-Length once it passes the limit', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${base}/taxii/feeds/collections/${COLLECTION}/objects/`, {
        method: 'POST',
        headers: { Authorization: ALICE, Accept: TAXII, 'Content-Type': TAXII, 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(big.slice(i * 160, (i + 1) * 160));
      req.end(big.slice(1600));
    });
    expect(status).toBe(413);
    expect(JSON.parse(body).http_status).toBe('413');
  });

  it('accepts a chunked body under the limit', async () => {
    const small = JSON.stringify({ objects: [malware] });
    const response = await fetch(`${base}/taxii/feeds/collections/${COLLECTION}/objects/`, {
      method: 'POST',
      headers: { Authorization: ALICE, Accept: TAXII, 'Content-Type': TAXII },
      body: new Blob([small]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(202);
  });
});

describe('request validation against the description', () => {
  it('hands typed match filters to the handler (SRV-FLT-05)', async () => {
    const response = await get(`/api1/collections/${COLLECTION}/objects/?match[type]=malware,tool&match[version]=all&limit=5`);
    expect(response.status).toBe(200);
    expect(seen.objectsQuery).toEqual({ match: { type: 'malware,tool', version: 'all' }, limit: 5 });
  });

  it('accepts timestamps and lists unescaped, as curl sends them (SRV-FLT-02)', async () => {
    const response = await get(`/api1/collections/${COLLECTION}/objects/?added_after=2025-01-01T00:00:00.5Z&match[version]=first,2025-04-16T20:37:51.908Z`);
    expect(response.status).toBe(200);
    expect(seen.objectsQuery).toEqual({ added_after: '2025-01-01T00:00:00.5Z', match: { version: 'first,2025-04-16T20:37:51.908Z' } });
  });

  it.each([
    ['an unknown query parameter', '?colour=red'],
    ['an unknown match field (SRV-FLT-08)', '?match[colour]=red'],
    ['limit=0 (SRV-FLT-03)', '?limit=0'],
    ['a non-numeric limit', '?limit=ten'],
    ['an invalid added_after (SRV-FLT-02)', '?added_after=yesterday'],
    ['a malformed match[version] (SRV-FLT-06)', '?match[version]=newest'],
    ['match[type] with capitals', '?match[type]=Malware'],
  ])('answers 400 to %s', async (_name, query) => {
    await expectTaxiiError(await get(`/api1/collections/${COLLECTION}/objects/${query}`), 400);
  });

  it('answers 400 to match fields an endpoint does not take', async () => {
    await expectTaxiiError(await get(`/api1/collections/${COLLECTION}/objects/${MALWARE}/?match[type]=malware`), 400);
  });

  it('answers 400 to a body that is not JSON (SRV-ADD-01)', async () => {
    await expectTaxiiError(await post(`/api1/collections/${COLLECTION}/objects/`, '{"objects": ['), 400);
  });

  it.each([
    ['an envelope without objects', '{"more": false}'],
    ['objects that is not a list', '{"objects": {"type": "malware"}}'],
    ['a list instead of an envelope', '[]'],
  ])('answers 422 to JSON that cannot be processed as an envelope: %s (SRV-ADD-01)', async (_name, body) => {
    const error = await expectTaxiiError(await post(`/api1/collections/${COLLECTION}/objects/`, body), 422);
    expect(error.details.problems[0].path).toMatch(/^\/body/);
  });

  it('lets invalid STIX objects through to the handler, which reports them one by one (SRV-ADD-04)', async () => {
    const response = await post(`/api1/collections/${COLLECTION}/objects/`, JSON.stringify({ objects: [{ id: 'not-an-id' }, malware] }));
    expect(response.status).toBe(202);
    expect((seen.addBody as { objects: unknown[] }).objects).toHaveLength(2);
  });

  it('answers 400 to a malformed object id in the path', async () => {
    await expectTaxiiError(await get(`/api1/collections/${COLLECTION}/objects/not-an-id/`), 400);
  });

  // Found by schemathesis: the standard gives getStatus, getApiRoot and getDiscovery no 400.
  it('stays within the statuses an operation declares: a malformed status id is 404, an unknown parameter is ignored there', async () => {
    const body = await expectTaxiiError(await get('/api1/status/not-a-uuid/'), 404);
    expect(body.description).toMatch(/^Nothing at this URL: /);
    expect((await get(`/api1/status/${STATUS_ID}/?colour=red`)).status).toBe(200);
    expect((await get('/api1/?colour=red')).status).toBe(200);
    expect((await get('/taxii2/?colour=red')).status).toBe(200);
    await expectTaxiiError(await get(`/api1/collections/?colour=red`), 400);
  });
});

describe('methods (RFC 9110)', () => {
  it('answers a method a URL does not take with 405 and an Allow header naming those it does', async () => {
    for (const [method, path, allow] of [
      ['OPTIONS', '/api1/collections/', 'GET, HEAD'],
      ['PUT', `/api1/collections/${COLLECTION}/objects/`, 'GET, POST, HEAD'],
      ['PATCH', `/api1/collections/${COLLECTION}/objects/${MALWARE}/`, 'GET, DELETE, HEAD'],
    ] as const) {
      const response = await fetch(base + path, { method, headers: { Authorization: ALICE, Accept: TAXII } });
      await expectTaxiiError(response, 405);
      expect(response.headers.get('allow'), `${method} ${path}`).toBe(allow);
    }
  });

  // Found by schemathesis: the media type was judged first, so this was 415.
  it('answers 405, not 415, to a POST without a TAXII body where only GET is served', async () => {
    const response = await fetch(`${base}/api1/collections/`, { method: 'POST', headers: { Authorization: ALICE, Accept: TAXII } });
    await expectTaxiiError(response, 405);
  });
});

describe('responses', () => {
  it('carries X-TAXII-Date-Added-First/-Last on paged responses (SRV-GEN-04)', async () => {
    const response = await get(`/api1/collections/${COLLECTION}/manifest/`);
    expect(response.headers.get('x-taxii-date-added-first')).toBe(record.date_added);
    expect(response.headers.get('x-taxii-date-added-last')).toBe(record.date_added);
  });

  it('answers deleteObject with 200 and no body', async () => {
    const response = await fetch(`${base}/api1/collections/${COLLECTION}/objects/${MALWARE}/?match[version]=all`, {
      method: 'DELETE',
      headers: { Authorization: ALICE },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(seen.deleteQuery).toEqual({ match: { version: 'all' } });
  });
});

describe('response validation bites', () => {
  const broken: Partial<TaxiiHandlers> = {
    // A collection without title, can_read and can_write: the description forbids it.
    getCollections: () => ({ status: 200, body: { collections: [{ id: COLLECTION } as never] } }),
    getObjects: () => ({ status: 200, body: { objects: [malware] }, headers: { 'X-TAXII-Date-Added-First': 'yesterday' } }),
  };

  it('answers 500 with an error resource when a handler returns a shape the description forbids', async () => {
    const errors: unknown[] = [];
    const app = createTaxiiApp({
      handlers: handlers(broken),
      apiRoots: [{ path: '/api1/', maxContentLength: 100 }],
      verifyCredentials: async (username) => ({ username }),
      validateResponses: true,
      onServerError: (error) => errors.push(error),
    });
    const s = await new Promise<Server>((resolve) => {
      const x = app.listen(0, '127.0.0.1', () => resolve(x));
    });
    try {
      const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
      const body = await expectTaxiiError(await fetch(`${url}/api1/collections/`, { headers: { Authorization: ALICE } }), 500);
      expect(body.description).toBe('The server produced an invalid response.');
      expect(String((errors[0] as Error).cause)).toMatch(
        /getCollections 200 does not match the description: body\/collections\/0 must have required property 'title'/,
      );
      await expectTaxiiError(await fetch(`${url}/api1/collections/${COLLECTION}/objects/`, { headers: { Authorization: ALICE } }), 500);
      expect(String((errors[1] as Error).cause)).toMatch(/header X-TAXII-Date-Added-First/);
    } finally {
      s.close();
    }
  });

  it('lets the same response through when validation is switched off', async () => {
    const { server: s, base: url } = await start(broken, false);
    try {
      const response = await fetch(`${url}/api1/collections/`, { headers: { Authorization: ALICE } });
      expect(response.status).toBe(200);
    } finally {
      s.close();
    }
  });
});
