// The suite catches faults: each deliberately broken server (the reference server behind a proxy
// with one defect) fails exactly the checks of the requirements it breaks, and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '@taxii21/conformance';
import { startFaultyProxy, type Fault } from '../support/faulty-proxy.js';
import { loadIcs } from '../support/ics.js';
import { API_ROOT_PATH, COLLECTIONS, startReferenceServer, USERS, type RunningServer } from '../support/reference-server.js';

let server: RunningServer;
const options = { username: 'analyst', password: USERS.analyst, collection: COLLECTIONS.source, writeCollection: COLLECTIONS.mirror };

beforeAll(async () => {
  server = await startReferenceServer({ limits: { maxPageSize: 10_000 } });
  await loadIcs(server, COLLECTIONS.source);
});
afterAll(() => server.stop());

// Failures of MUSTs, and warnings (SHOULDs and advisory items), each fault is expected to cause.
// A fault against this project's own profile ([ours]) warns by default and fails under --profile strict.
const expected: Record<Fault, { fail: string[]; warn: string[]; profile?: 'strict' }> = {
  'no-date-added-headers': { fail: ['SRV-GEN-04', 'SRV-FLT-09'], warn: [] },
  'ignores-match-type': { fail: ['SRV-FLT-05', 'SRV-FLT-09'], warn: ['SRV-FLT-12'] },
  'repeats-record-across-pages': { fail: ['SRV-FLT-01', 'SRV-FLT-04'], warn: [] },
  'accepts-any-accept': { fail: [], warn: ['SRV-MT-02'] },
  'error-500-on-bad-added-after': { fail: ['SRV-FLT-02'], warn: [] },
  'refuses-unversioned-accept': { fail: ['SRV-MT-03'], warn: [] },
  'no-www-authenticate': { fail: ['SRV-SEC-02'], warn: [] },
  'accepts-limit-zero': { fail: ['SRV-FLT-03'], warn: [] },
  'deletes-nothing-with-200': { fail: ['SRV-VER-04'], warn: [] },
  'skips-record-between-pages': { fail: ['SRV-FLT-01', 'SRV-FLT-04'], warn: [] },
  'lists-collection-it-refuses': { fail: ['SRV-SEC-03', 'SRV-SEC-04'], warn: [] },
  'unversioned-content-type': { fail: ['SRV-MT-01', 'SRV-MT-03'], warn: ['SRV-GEN-06', 'SRV-MT-05'] },
};
const strictExpected: Partial<Record<Fault, { fail: string[]; warn: string[] }>> = {
  'accepts-any-accept': { fail: ['SRV-MT-02'], warn: [] },
};

describe('a server with one defect', () => {
  it('the reference server itself has none, in either profile', async () => {
    for (const profile of ['standard', 'strict'] as const) {
      const report = await runConformance({ url: server.apiRoot, ...options, profile });
      expect(report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'warn').map((r) => r.id)).toEqual([]);
    }
  });

  const cases = [
    ...Object.entries(expected).map(([fault, e]) => [`${fault}`, fault as Fault, 'standard' as const, e] as const),
    ...Object.entries(strictExpected).map(([fault, e]) => [`${fault} (--profile strict)`, fault as Fault, 'strict' as const, e!] as const),
  ];
  it.each(cases)('%s is caught by exactly the right checks', async (_name, fault, profile, { fail, warn }) => {
    const proxy = await startFaultyProxy(server.origin, fault);
    try {
      const report = await runConformance({ url: `${proxy.origin}${API_ROOT_PATH}`, ...options, profile });
      const ids = (outcome: string) =>
        report.results
          .filter((r) => r.outcome === outcome)
          .map((r) => r.id)
          .sort();
      expect(ids('fail')).toEqual([...fail].sort());
      expect(ids('warn')).toEqual([...warn].sort());
      expect(report.summary.mustFailures).toBe(fail.length);
      // Every failure shows the exchange that proves it, and its message names the request, what
      // came back and the rule with its section of the standard.
      for (const result of report.results.filter((r) => r.outcome === 'fail')) {
        expect(result.evidence.length).toBeGreaterThan(0);
        expect(result.evidence[0]!.url.startsWith(proxy.origin)).toBe(true);
        expect(result.message).toMatch(/\((?:×\d+, first: )?(GET|POST|DELETE) \/\S* → [^)]+\)/);
        expect(result.message).toContain(`${result.section}: ${result.title}`);
      }
      expect(report.leftBehind).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
