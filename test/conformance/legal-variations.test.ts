// A server that does everything the standard allows and this project's server does not (relative
// API roots, one reused next value, the manifest's more without next, versions newest first, 404
// for every missing right, whole-request rejection, plain-text 404s) is conformant: the suite
// reports no failure on it, read-only or writing, and leaves it unchanged; the client reads it whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaxiiClient, type ApiRootClient } from '@taxii21/client';
import { runConformance } from '@taxii21/conformance';
import { ALL_LEGAL_VARIATIONS, startLegalVariationsProxy, type FaultyProxy } from '../support/faulty-proxy.js';
import { loadIcs } from '../support/ics.js';
import { API_ROOT_PATH, COLLECTIONS, startReferenceServer, USERS, type RunningServer } from '../support/reference-server.js';
import { runTaxii } from '../support/run-bin.js';

let server: RunningServer;
let proxy: FaultyProxy;
let direct: ApiRootClient;
let icsCount: number;
const analyst = { username: 'analyst', password: USERS.analyst };
const snapshot = async () =>
  Promise.all(
    [COLLECTIONS.source, COLLECTIONS.mirror].map(async (c) =>
      JSON.stringify(await direct.manifest(c, { match: { version: 'all', spec_version: '2.0,2.1' } }).toArray()),
    ),
  );
const failures = (report: Awaited<ReturnType<typeof runConformance>>) => report.results.filter((r) => r.outcome === 'fail').map((r) => `${r.id}: ${r.message}`);

beforeAll(async () => {
  server = await startReferenceServer();
  icsCount = await loadIcs(server, COLLECTIONS.source);
  direct = new TaxiiClient({ auth: analyst }).apiRoot(server.apiRoot);
  proxy = await startLegalVariationsProxy(server.origin, ALL_LEGAL_VARIATIONS);
});
afterAll(async () => {
  await proxy.close();
  await server.stop();
});

describe('a server showing every legal variation at once', () => {
  it('fails no check of a read-only run, and is left unchanged', async () => {
    const before = await snapshot();
    const report = await runConformance({ url: `${proxy.origin}/taxii2/`, ...analyst, collection: COLLECTIONS.source });
    // Discovery lists relative API roots: resolved against the discovery URL, and accepted (§4.1.1).
    expect(report.target.apiRoot).toBe(`${proxy.origin}${API_ROOT_PATH}`);
    expect(report.results.find((r) => r.id === 'SRV-DSC-01')!.outcome).toBe('pass');
    expect(failures(report)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('fails no check of a write run, removes everything the run wrote, and is left unchanged', async () => {
    const before = await snapshot();
    const report = await runConformance({ url: `${proxy.origin}/taxii2/`, ...analyst, collection: COLLECTIONS.source, writeCollection: COLLECTIONS.mirror });
    expect(failures(report)).toEqual([]);
    expect(report.leftBehind).toEqual([]);
    expect(await snapshot()).toEqual(before);
    // The legal choices that this project's profile does not make show as warnings of [ours] items only.
    const warnings = report.results.filter((r) => r.outcome === 'warn');
    for (const result of warnings)
      expect([result.id, result.source === 'ours' || result.level !== 'MUST' || /^\[(ours|SHOULD)\] /.test(result.message)]).toEqual([result.id, true]);
    // Whole-request rejection is the one choice here that this project's profile does not make.
    expect(warnings.map((r) => r.id)).toContain('SRV-ADD-04');
    expect(
      (
        await runConformance({
          url: `${proxy.origin}/taxii2/`,
          ...analyst,
          collection: COLLECTIONS.source,
          writeCollection: COLLECTIONS.mirror,
          profile: 'strict',
        })
      ).results.find((r) => r.id === 'SRV-ADD-04')!.outcome,
    ).toBe('fail');
    expect(await snapshot()).toEqual(before);
  });

  it('fails no check when the invalid object is reported as a success: storing content unjudged is legal, a warning of [ours] only', async () => {
    // Relative API roots keep the suite talking through the proxy after discovery.
    const lenient = await startLegalVariationsProxy(server.origin, ['relative-api-roots', 'invalid-reported-as-success']);
    try {
      const report = await runConformance({
        url: `${lenient.origin}/taxii2/`,
        ...analyst,
        collection: COLLECTIONS.source,
        writeCollection: COLLECTIONS.mirror,
      });
      expect(failures(report)).toEqual([]);
      const addition = report.results.find((r) => r.id === 'SRV-ADD-04')!;
      expect(addition.outcome).toBe('warn');
      expect(addition.details.join('\n')).toMatch(/\[ours\] the invalid object indicator--not-a-uuid-\S+ was stored and reported as a success/);
    } finally {
      await lenient.close();
    }
  });

  it('is read whole by the client: taxii objects and manifest --all follow the reused next value and the added_after fallback', async () => {
    const env = { TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst };
    const root = `${proxy.origin}${API_ROOT_PATH}`;
    const objects = await runTaxii(['objects', root, COLLECTIONS.source, '--all', '--limit', '97'], env);
    expect(objects.code).toBe(0);
    const ids = objects.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toHaveLength(icsCount);
    expect(new Set(ids).size).toBe(icsCount);
    const manifest = await runTaxii(['manifest', root, COLLECTIONS.source, '--all', '--limit', '89'], env);
    expect(manifest.code).toBe(0);
    expect(manifest.stdout.trim().split('\n')).toHaveLength(icsCount);
  });

  it('is read whole by the client library through discovery with relative API roots', async () => {
    const discovery = await new TaxiiClient({ auth: analyst }).discover(`${proxy.origin}/taxii2/`);
    const root = new TaxiiClient({ auth: analyst }).apiRoot(discovery.default!);
    const reader = root.objects(COLLECTIONS.source, { limit: 50 });
    expect((await reader.toArray()).length).toBe(icsCount);
    expect(reader.pagesRead).toBe(Math.ceil(icsCount / 50));
  });
});
