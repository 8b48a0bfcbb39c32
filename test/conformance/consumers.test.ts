// `taxii-conformance --consumers`: what real consumers do, replayed. Our server works with each;
// a server whose Content-Type lacks the version breaks taxii2-client (its valid_content_type);
// one that serves objects without spec_version (legal: TAXII does not look inside objects) breaks
// OpenCTI's connector (its response["objects"][0]["spec_version"]), and the suite says so.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    const report = await runConformance({
      url: `${server.origin}/taxii2/`,
      ...analyst,
      collection: COLLECTIONS.source,
      writeCollection: COLLECTIONS.mirror,
      consumers: 'all',
    });
    expect(report.consumers?.map(({ name, works, reasons, notTried }) => ({ name, works, reasons, notTried }))).toEqual(
      ['taxii2-client', 'opencti', 'elastic-ti-custom', 'misp-push', 'sentinel', 'splunk-ctis'].map((name) => ({
        name,
        works: true,
        reasons: [],
        notTried: [],
      })),
    );
    // The one caveat: the standard's empty envelope has no objects list, which Elastic's program
    // reads unconditionally on a run that finds nothing new.
    expect(report.consumers!.filter((c) => c.warnings.length > 0).map((c) => [c.name, c.warnings.length])).toEqual([['elastic-ti-custom', 1]]);
    expect(report.consumers![2]!.warnings[0]).toMatch(
      /^next run \(added_after=\S+Z, the cursor\): a run that finds nothing new gets an envelope without 'objects'.*"no such key: objects"/,
    );
    // What the profiles added to the write collection is gone again.
    expect(report.leftBehind).toEqual([]);
    const mirror = await fetch(`${server.apiRoot}collections/${COLLECTIONS.mirror}/objects/`, {
      headers: { authorization: `Bearer ${server.tokens.analyst}`, accept: 'application/taxii+json;version=2.1' },
    });
    expect(await mirror.json()).toEqual({ more: false });
    expect(server.errors).toEqual([]);
  }, 180_000);

  it("says MISP's push would break on a server that refuses, for their number, objects that max_content_length allows", async () => {
    const strict = await startReferenceServer({ limits: { maxObjectsPerRequest: 100 } });
    try {
      const report = await runConformance({
        url: `${strict.origin}/taxii2/`,
        ...analyst,
        collection: COLLECTIONS.source,
        writeCollection: COLLECTIONS.mirror,
        consumers: 'misp-push',
      });
      const [verdict] = report.consumers!;
      expect(verdict).toMatchObject({ name: 'misp-push', works: false, notTried: [] });
      expect(verdict!.reasons).toEqual([
        'Collection.add_objects (an envelope of 524288 bytes, 943 objects): answered 413 ("Request body too large: A request may hold at most 100 objects; split it into several requests."), and it takes only 200 or 201 or 202',
      ]);
    } finally {
      await strict.stop();
    }
  }, 180_000);

  it('does not try Sentinel or Splunk’s app as a user who signs in with a token, which neither can send', async () => {
    const report = await runConformance({
      url: `${server.origin}/taxii2/`,
      token: server.tokens.analyst,
      collection: COLLECTIONS.source,
      writeCollection: COLLECTIONS.mirror,
      consumers: 'sentinel,splunk-ctis,elastic-ti-custom',
    });
    expect(report.consumers?.map(({ name, works, notTried }) => [name, works, notTried.length])).toEqual([
      ['sentinel', null, 1],
      ['splunk-ctis', null, 1],
      ['elastic-ti-custom', true, 0],
    ]);
    expect(report.consumers![0]!.notTried[0]).toMatch(/^everything: the suite signs in with a token, and Sentinel sends only a user name and password/);
  }, 180_000);

  it('says a server whose Content-Type lacks version=2.1 would break taxii2-client, and why', async () => {
    const proxy: FaultyProxy = await startFaultyProxy(server.origin, 'unversioned-content-type');
    try {
      const report = await runConformance({ url: `${proxy.origin}/taxii2/`, ...analyst, collection: COLLECTIONS.source, consumers: 'taxii2-client' });
      const [verdict] = report.consumers!;
      expect(verdict).toMatchObject({ name: 'taxii2-client', works: false });
      expect(verdict!.reasons[0]).toBe(
        `Server(discovery): Content-Type "application/taxii+json" lacks a token of 'application/taxii+json;version=2.1', so valid_content_type raises TAXIIServiceException`,
      );
      expect(verdict!.notTried).toEqual(['add_objects: read-only run (give --write-collection)']);
      expect(verdict!.warnings).toEqual([]);
    } finally {
      await proxy.close();
    }
  }, 180_000);

  it('says a server of objects without spec_version would break OpenCTI’s connector, on the command line too', async () => {
    const proxy = await startLegalVariationsProxy(server.origin, ['objects-without-spec-version']);
    try {
      // The API root's URL on the proxy: discovery lists the upstream's own URLs.
      const report = join(mkdtempSync(join(tmpdir(), 'taxii-consumers-')), 'report.html');
      const run = await runBin(
        CONFORMANCE_BIN,
        [`${proxy.origin}${API_ROOT_PATH}`, '--collection', COLLECTIONS.source, '--consumers', 'opencti,taxii2-client', '--html', report],
        { TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst },
      );
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^BREAKS\s+opencti\s+OpenCTI's TAXII 2 connector/m);
      expect(run.stdout).toMatch(
        /would break because poll: the first object \(\S+\) has no spec_version, and the envelope none either: the connector's response\["objects"\]\[0\]\["spec_version"\] raises KeyError/,
      );
      expect(run.stdout).toMatch(/^WORKS\s+taxii2-client/m);
      // The HTML report says the same, as text a reader sees (tags and entities aside).
      const text = readFileSync(report, 'utf8')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ');
      expect(text).toMatch(
        /Consumers What each consumer does, replayed against this server\. verdict consumer why BREAKS opencti OpenCTI's TAXII 2 connector \(external-import\/taxii2\) would break because poll: the first object/,
      );
      expect(text).toContain(
        "WORKS taxii2-client OASIS's taxii2-client (Python, taxii2client.v21) not tried: add_objects: read-only run (give --write-collection)",
      );
      const unknown = await runBin(CONFORMANCE_BIN, [`${proxy.origin}/taxii2/`, '--consumers', 'opencti,taxi2-client'], {});
      expect(unknown).toMatchObject({
        code: 2,
        stderr: expect.stringContaining(
          "unknown consumer 'taxi2-client' (did you mean 'taxii2-client'?); known: taxii2-client, opencti, elastic-ti-custom, misp-push, sentinel, splunk-ctis, or all",
        ),
      });
    } finally {
      await proxy.close();
    }
  }, 180_000);
});
