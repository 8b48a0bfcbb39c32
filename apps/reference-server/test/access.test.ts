// Who may do what: the 401 / 403 / 404 matrix (SRV-SEC-02 to SRV-SEC-04, SRV-ADD-05), and the
// failed-login limit (SRV-SEC-05).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, HIDDEN, MAIN, PASSWORD, READ_ONLY, startServer, TAXII, type Running } from './harness.js';

let running: Running;
const OBJECT = 'malware--00e7d565-9883-4ee5-b642-8fd17fd6a3f5';
const malware = {
  type: 'malware',
  spec_version: '2.1',
  id: OBJECT,
  created: '2021-02-12T20:07:42.883Z',
  modified: '2025-04-16T20:37:51.908Z',
  name: 'EKANS',
  is_family: true,
};

beforeAll(async () => {
  // The 401 sweep below makes more wrong logins than the default limit allows; limits are tested apart.
  running = await startServer({ limits: { maxFailedLogins: 1000 } });
  expect((await running.as('alice').post(`/api1/collections/${MAIN}/objects/`, { objects: [malware] })).status).toBe(202);
  expect((await running.as('dave').post(`/api1/collections/${HIDDEN}/objects/`, { objects: [malware] })).status).toBe(202);
});
afterAll(() => running.stop());

type Call = [name: string, method: string, path: (c: string) => string, body?: unknown];
const calls: Call[] = [
  ['getCollection', 'GET', (c) => `/api1/collections/${c}/`],
  ['getObjects', 'GET', (c) => `/api1/collections/${c}/objects/`],
  ['getManifest', 'GET', (c) => `/api1/collections/${c}/manifest/`],
  ['getObject', 'GET', (c) => `/api1/collections/${c}/objects/${OBJECT}/`],
  ['getObjectVersions', 'GET', (c) => `/api1/collections/${c}/objects/${OBJECT}/versions/`],
  // An object without an id: a failure in the status, so nothing is stored whoever may write.
  ['addObjects', 'POST', (c) => `/api1/collections/${c}/objects/`, { objects: [{ type: 'x-probe' }] }],
  ['deleteObject', 'DELETE', (c) => `/api1/collections/${c}/objects/${OBJECT}/?match[version]=2001-01-01T00:00:00Z`],
];
const send = (client: Client, [, method, path, body]: Call, collection: string) =>
  client.request(method, path(collection), body === undefined ? {} : { body: JSON.stringify(body) });

// Expected status per user for MAIN (alice rw, bob r, erin w, carol none) and HIDDEN (dave only):
// the tables of §5.3 to §5.8 (SRV-SEC-04).
const matrix: Record<string, Record<string, number>> = {
  getCollection: { alice: 200, bob: 200, erin: 200, carol: 404, hidden: 404 },
  getObjects: { alice: 200, bob: 200, erin: 403, carol: 404, hidden: 404 },
  getManifest: { alice: 200, bob: 200, erin: 403, carol: 404, hidden: 404 },
  getObject: { alice: 200, bob: 200, erin: 403, carol: 404, hidden: 404 },
  getObjectVersions: { alice: 200, bob: 200, erin: 403, carol: 404, hidden: 404 },
  addObjects: { alice: 202, bob: 403, erin: 202, carol: 404, hidden: 404 },
  // Deleting needs both rights (§5.7): one missing is 403, neither is 404. alice may delete, but
  // that version does not exist: 404 after the rights are granted.
  deleteObject: { alice: 404, bob: 403, erin: 403, carol: 404, hidden: 404 },
};

describe('the access matrix', () => {
  it.each(calls)('%s', async (...call) => {
    const [name] = call;
    const got = {
      alice: (await send(running.as('alice'), call, MAIN)).status,
      bob: (await send(running.as('bob'), call, MAIN)).status,
      erin: (await send(running.as('erin'), call, MAIN)).status,
      carol: (await send(running.as('carol'), call, MAIN)).status,
      // alice may not see dave's collection: it does not exist for her.
      hidden: (await send(running.as('alice'), call, HIDDEN)).status,
    };
    expect(got).toEqual(matrix[name]);
  });

  it('answers 403 to writes on a read-only collection (SRV-ADD-05, SRV-SEC-04)', async () => {
    const alice = running.as('alice');
    expect((await alice.post(`/api1/collections/${READ_ONLY}/objects/`, { objects: [malware] })).status).toBe(403);
    expect((await alice.delete(`/api1/collections/${READ_ONLY}/objects/${OBJECT}/`)).status).toBe(403);
  });

  it('refuses requests without valid credentials on every endpoint with 401 and WWW-Authenticate (SRV-SEC-02)', async () => {
    const paths = ['/taxii2/', '/api1/', '/api1/collections/', `/api1/status/00000000-0000-4000-8000-000000000000/`, ...calls.map((c) => c[2](MAIN))];
    for (const path of paths) {
      for (const authorization of [
        undefined,
        `Basic ${Buffer.from(`alice:wrong`).toString('base64')}`,
        `Basic ${Buffer.from('mallory:x').toString('base64')}`,
        'Bearer abc',
      ]) {
        const response = await fetch(running.base + path, { headers: { Accept: TAXII, ...(authorization ? { Authorization: authorization } : {}) } });
        expect(response.status, `${path} ${authorization}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
        expect((await response.json()).http_status).toBe('401');
      }
    }
  });
});

describe('failed-login limit (SRV-SEC-05)', () => {
  it('answers 429 with Retry-After once a user name fails too often from one address, and only for that pair', async () => {
    const limited = await startServer({ limits: { maxFailedLogins: 3, failedLoginWindowSeconds: 2 } });
    try {
      const as = (user: string, password: string) =>
        fetch(`${limited.base}/api1/`, { headers: { Accept: TAXII, Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
      for (let i = 0; i < 3; i++) expect((await as('alice', `guess-${i}`)).status).toBe(401);
      const refused = await as('alice', 'guess-3');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(2);
      const body = await refused.json();
      expect(body).toMatchObject({ title: 'Too many requests', http_status: '429' });
      expect(JSON.stringify(body)).not.toContain('guess-3');
      // Even the right password waits: otherwise guessing would go on until it succeeded.
      expect((await as('alice', PASSWORD)).status).toBe(429);
      // Other users are unaffected, so a guesser cannot lock everyone out.
      expect((await as('bob', PASSWORD)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect((await as('alice', PASSWORD)).status).toBe(200);
      // A success starts the count afresh.
      for (let i = 0; i < 3; i++) expect((await as('alice', `again-${i}`)).status).toBe(401);
      expect((await as('alice', 'again-3')).status).toBe(429);
    } finally {
      await limited.stop();
    }
  });
});

describe('a write-only user learns nothing of what is stored', () => {
  it('pushing an id and version someone else stored is reported exactly as a new success, now and when the status is read again', async () => {
    const erin = running.as('erin');
    const stored = await erin.post(`/api1/collections/${MAIN}/objects/`, { objects: [malware] });
    const fresh = { ...malware, id: 'malware--9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d' };
    const added = await erin.post(`/api1/collections/${MAIN}/objects/`, { objects: [fresh] });
    const shape = (status: { successes?: Record<string, unknown>[] }) => ({
      ...status,
      id: 'ID',
      request_timestamp: 'T',
      successes: status.successes?.map((s) => ({ ...s, id: 'OBJECT' })),
    });
    expect(stored.status).toBe(202);
    expect(shape(stored.body)).toEqual(shape(added.body));
    expect(stored.body.successes).toEqual([{ id: OBJECT, version: malware.modified }]);
    expect((await erin.get(`/api1/status/${stored.body.id}/`)).body).toEqual(stored.body);
    // Who may read the collection is told, as before.
    const again = await running.as('alice').post(`/api1/collections/${MAIN}/objects/`, { objects: [malware] });
    expect(again.body.successes).toEqual([{ id: OBJECT, version: malware.modified, message: 'Already present; not stored again.' }]);
  });
});
