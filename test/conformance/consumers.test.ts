// `taxii-conformance --consumers`: what real consumers do, replayed. Our server works with each;
// a server whose Content-Type lacks the version breaks taxii2-client (its valid_content_type);
// one that serves objects without spec_version (legal: TAXII does not look inside objects) breaks
// OpenCTI's connector (its response["objects"][0]["spec_version"]), and the suite says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '@taxii21/conformance';
import { startFaultyProxy, startLegalVariationsProxy, type FaultyProxy } from '../support/faulty-proxy.js';
import { loadIcs } from '../support/ics.js';
import { API_ROOT_PATH, COLLECTIONS, startReferenceServer, USERS, type RunningServer } from '../support/reference-server.js';
import { CONFORMANCE_BIN, runBin } from '../support/run-bin.js';

let server: RunningServer;
const analyst = { username: 'analyst', password: USERS.analyst };

beforeAll(async () => {
  server = await startReferenceServer();
  await loadIcs(server, COLLECTIONS.source);
});
afterAll(() => server.stop());

describe('consumer profiles', () => {
  it('our server works with every consumer the suite knows, reading and writing; the JSON report says so per consumer', async () => {
    const report = await runConformance({ url: `${server.origin}/taxii2/`, ...analyst, collection: COLLECTIONS.source, writeCollection: COLLECTIONS.mirror, consumers: 'all' });
    expect(report.consumers?.map(({ name, works, reasons, notTried }) => ({ name, works, reasons, notTried }))).toEqual([
      { name: 'taxii2-client', works: true, reasons: [], notTried: [] },
      { name: 'opencti', works: true, reasons: [], notTried: [] },
    ]);
    // What the profile added to the write collection is gone again.
    expect(report.leftBehind).toEqual([]);
    expect(server.errors).toEqual([]);
  }, 180_000);

  it('says a server whose Content-Type lacks version=2.1 would break taxii2-client, and why', async () => {
    const proxy: FaultyProxy = await startFaultyProxy(server.origin, 'unversioned-content-type');
    try {
      const report = await runConformance({ url: `${proxy.origin}/taxii2/`, ...analyst, collection: COLLECTIONS.source, consumers: 'taxii2-client' });
      const [verdict] = report.consumers!;
      expect(verdict).toMatchObject({ name: 'taxii2-client', works: false });
      expect(verdict!.reasons[0]).toBe(`Server(discovery): Content-Type "application/taxii+json" lacks a token of 'application/taxii+json;version=2.1', so valid_content_type raises TAXIIServiceException`);
      expect(verdict!.notTried).toEqual(['add_objects: read-only run (give --write-collection)']);
    } finally {
      await proxy.close();
    }
  }, 180_000);

  it('says a server of objects without spec_version would break OpenCTI’s connector, on the command line too', async () => {
    const proxy = await startLegalVariationsProxy(server.origin, ['objects-without-spec-version']);
    try {
      // The API root's URL on the proxy: discovery lists the upstream's own URLs.
      const run = await runBin(CONFORMANCE_BIN, [`${proxy.origin}${API_ROOT_PATH}`, '--collection', COLLECTIONS.source, '--consumers', 'opencti,taxii2-client'], { TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^BREAKS\s+opencti\s+OpenCTI's TAXII 2 connector/m);
      expect(run.stdout).toMatch(/would break because poll: the first object \(\S+\) has no spec_version, and the envelope none either: the connector's response\["objects"\]\[0\]\["spec_version"\] raises KeyError/);
      expect(run.stdout).toMatch(/^WORKS\s+taxii2-client/m);
      const unknown = await runBin(CONFORMANCE_BIN, [`${proxy.origin}/taxii2/`, '--consumers', 'opencti,taxi2-client'], {});
      expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown consumer 'taxi2-client' (did you mean 'taxii2-client'?); known: taxii2-client, opencti, or all") });
    } finally {
      await proxy.close();
    }
  }, 180_000);
});
