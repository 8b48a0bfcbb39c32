// Who may do what: the 401 / 403 / 404 matrix (SRV-SEC-02 to SRV-SEC-04, SRV-ADD-05).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, HIDDEN, MAIN, READ_ONLY, startServer, TAXII, type Running } from './harness.js';

let running: Running;
const OBJECT = 'malware--00e7d565-9883-4ee5-b642-8fd17fd6a3f5';
const malware = { type: 'malware', spec_version: '2.1', id: OBJECT, created: '2021-02-12T20:07:42.883Z', modified: '2025-04-16T20:37:51.908Z', name: 'EKANS', is_family: true };

beforeAll(async () => {
  running = await startServer();
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
  ['addObjects', 'POST', (c) => `/api1/collections/${c}/objects/`, { objects: [] }],
  ['deleteObject', 'DELETE', (c) => `/api1/collections/${c}/objects/${OBJECT}/?match[version]=2001-01-01T00:00:00Z`],
];
const send = (client: Client, [, method, path, body]: Call, collection: string) =>
  client.request(method, path(collection), body === undefined ? {} : { body: JSON.stringify(body) });

// Expected status per user for MAIN (alice rw, bob r, carol none) and HIDDEN (dave only).
const matrix: Record<string, Record<string, number>> = {
  getCollection: { alice: 200, bob: 200, carol: 404, hidden: 404 },
  getObjects: { alice: 200, bob: 200, carol: 404, hidden: 404 },
  getManifest: { alice: 200, bob: 200, carol: 404, hidden: 404 },
  getObject: { alice: 200, bob: 200, carol: 404, hidden: 404 },
  getObjectVersions: { alice: 200, bob: 200, carol: 404, hidden: 404 },
  addObjects: { alice: 202, bob: 403, carol: 404, hidden: 404 },
  // alice may delete, but that version does not exist: 404 after the right is granted.
  deleteObject: { alice: 404, bob: 403, carol: 404, hidden: 404 },
};

describe('the access matrix', () => {
  it.each(calls)('%s', async (...call) => {
    const [name] = call;
    const got = {
      alice: (await send(running.as('alice'), call, MAIN)).status,
      bob: (await send(running.as('bob'), call, MAIN)).status,
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
      for (const authorization of [undefined, `Basic ${Buffer.from(`alice:wrong`).toString('base64')}`, `Basic ${Buffer.from('mallory:x').toString('base64')}`, 'Bearer abc']) {
        const response = await fetch(running.base + path, { headers: { Accept: TAXII, ...(authorization ? { Authorization: authorization } : {}) } });
        expect(response.status, `${path} ${authorization}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
        expect((await response.json()).http_status).toBe('401');
      }
    }
  });
});
