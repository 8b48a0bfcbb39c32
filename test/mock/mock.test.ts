// The Prism mock (apps/mock) against the description: the client's calls and the conformance
// suite's schema checks both agree with what the mock answers, and the suite tells truthfully what
// a stateless mock cannot do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagingError, TaxiiClient, TaxiiResponseError, type ApiRootClient } from '@taxii21/client';
import { runConformance, SpecSchemas, type Operation } from '@taxii21/conformance';
import { startMock, type RunningMock } from '../support/mock.js';

// Ids from the description's examples, which the mock serves.
const ICS = '5f1d6c9a-3b2e-4f7a-8c41-9e0d2b7a6c13';
const PARTNERS = '8d2e4b71-0c5f-4a39-b6e8-1f7a3c9d2e40';
const EKANS = 'malware--00e7d565-9883-4ee5-b642-8fd17fd6a3f5';
const STATUS = '2f3c9a43-5d7e-4c8b-9a61-0b7e2d4c1a58';

let mock: RunningMock;
let root: ApiRootClient;
const schemas = new SpecSchemas();

beforeAll(async () => {
  mock = await startMock();
  // Prism serves the paths at its origin: that is the mock's API root.
  root = new TaxiiClient().apiRoot(`${mock.origin}/`);
});
afterAll(() => mock.stop());

describe('the client against the mock', () => {
  it('gets a resource that matches the description from every operation', async () => {
    const calls: [Operation, number, () => Promise<unknown>][] = [
      ['getDiscovery', 200, () => new TaxiiClient().discover(`${mock.origin}/taxii2/`)],
      ['getApiRoot', 200, () => root.getApiRoot()],
      ['getCollections', 200, () => root.getCollections()],
      ['getCollection', 200, () => root.getCollection(ICS)],
      ['getManifest', 200, () => root.getManifest(ICS, { limit: 3, match: { type: ['attack-pattern', 'malware'] } }).then((p) => p.resource)],
      ['getObjects', 200, () => root.getObjects(ICS, { limit: 3 }).then((p) => p.resource)],
      ['getObject', 200, () => root.getObject(ICS, EKANS, { match: { version: 'all' } }).then((p) => p.resource)],
      ['getObjectVersions', 200, () => root.getObjectVersions(ICS, EKANS).then((p) => p.resource)],
      ['getStatus', 200, () => root.getStatus(STATUS)],
      [
        'addObjects',
        202,
        () =>
          root.postObjects(PARTNERS, [
            {
              type: 'malware',
              spec_version: '2.1',
              id: EKANS,
              created: '2021-02-12T20:07:42.883Z',
              modified: '2025-04-16T20:37:51.908Z',
              name: 'EKANS',
              is_family: true,
            },
          ]),
      ],
    ];
    for (const [operation, status, call] of calls) {
      const resource = await call();
      expect({ operation, problems: schemas.problems(operation, status, resource) }).toEqual({ operation, problems: [] });
    }
    await expect(root.deleteObject(PARTNERS, EKANS, { match: { version: 'all' } })).resolves.toBeUndefined();
  });

  it('surfaces the mock’s TAXII error example for a bad limit as a TaxiiResponseError', async () => {
    const error = await root.getObjects(ICS, { limit: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(TaxiiResponseError);
    expect(error.status).toBe(400);
    expect(schemas.problems('getObjects', 400, error.resource)).toEqual([]);
  });

  it('stops reading with PagingError when the stateless mock serves the same page again', async () => {
    const reader = root.objects(ICS, { limit: 3 });
    await expect(reader.toArray()).rejects.toBeInstanceOf(PagingError);
    // The second page holds the very records of the first: caught before any is read twice.
    expect(reader.pagesRead).toBe(1);
    expect(reader.itemsRead).toBe(3);
  });
});

describe('the conformance suite against the mock', () => {
  it('finds every response valid and reports, without crashing, what a stateless mock cannot do', async () => {
    const report = await runConformance({ url: `${mock.origin}/taxii2/`, apiRoot: `${mock.origin}/`, writeCollection: PARTNERS });
    const outcome = (id: string) => report.results.find((r) => r.id === id)!.outcome;
    // The description's examples, as Prism serves them, pass the schema and media-type checks.
    for (const id of ['SRV-RES-01', 'SRV-MT-01', 'SRV-GEN-02', 'SRV-DSC-01', 'SRV-RES-03', 'SRV-RES-04', 'SRV-ADD-01', 'SRV-ADD-03'])
      expect([id, outcome(id)]).toEqual([id, 'pass']);
    // Measured limits of a stateless mock: it accepts any JSON Content-Type, keeps nothing it is
    // sent, serves the same page after every next, and answers invented ids with examples.
    for (const id of ['SRV-FLT-04', 'SRV-VER-02', 'SRV-GEN-05']) expect([id, outcome(id)]).toEqual([id, 'fail']);
    // Accepting application/json is allowed by the standard (§3.1 MAY); only this project's profile refuses it.
    expect(report.results.find((r) => r.id === 'SRV-MT-04')).toMatchObject({ outcome: 'warn', source: 'ours' });
    // Its own 406 is application/problem+json, not a TAXII error resource.
    expect(outcome('SRV-GEN-06')).toBe('warn');
    expect(report.results.find((r) => r.id === 'SRV-MT-04')!.evidence[0]).toMatchObject({
      method: 'POST',
      status: 202,
      requestHeaders: { 'Content-Type': 'application/json' },
    });
  });
});
