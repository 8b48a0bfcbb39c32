// The suite against the reference server on a real SQLite file: every MUST passes, a read-only run
// writes nothing, a write run removes what it wrote, and the CLI writes its reports.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaxiiClient, type ApiRootClient } from '@taxii21/client';
import { REQUIREMENTS, runConformance } from '@taxii21/conformance';
import { loadIcs } from '../support/ics.js';
import { COLLECTIONS, startReferenceServer, USERS, type RunningServer } from '../support/reference-server.js';
import { CONFORMANCE_BIN, runBin } from '../support/run-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'taxii-conformance-'));
let server: RunningServer;
let analyst: ApiRootClient;
const options = () => ({ url: `${server.origin}/taxii2/`, username: 'analyst', password: USERS.analyst });
const snapshot = async () =>
  Promise.all([COLLECTIONS.source, COLLECTIONS.mirror].map(async (c) => JSON.stringify(await analyst.manifest(c, { match: { version: 'all' } }).toArray())));

beforeAll(async () => {
  server = await startReferenceServer({ limits: { maxPageSize: 10_000 } });
  analyst = new TaxiiClient({ auth: { username: 'analyst', password: USERS.analyst } }).apiRoot(server.apiRoot);
  await loadIcs(server, COLLECTIONS.source);
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  expect(server.errors).toEqual([]);
});

describe('taxii-conformance against the reference server', () => {
  it('passes every MUST with writes enabled, in the strict profile too, and removes everything it wrote', async () => {
    const before = await snapshot();
    const report = await runConformance({ ...options(), writeCollection: COLLECTIONS.mirror, profile: 'strict' });
    expect(report.profile).toBe('strict');
    expect(report.target.apiRoot).toBe(server.apiRoot);
    expect(report.results.map((r) => r.id)).toEqual(REQUIREMENTS.map((r) => r.id));
    expect(report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'warn')).toEqual([]);
    const skipped = report.results.filter((r) => r.outcome === 'skip').map((r) => r.id);
    // What a loopback server that processes synchronously cannot show, and client requirements.
    expect(skipped).toEqual([
      'SRV-RES-05',
      'CLI-MT-01',
      'SRV-ADD-06',
      'SRV-ADD-07',
      'SRV-SEC-01',
      'CLI-SEC-01',
      'SRV-DSC-02',
      'CLI-DSC-01',
      'CLI-GEN-01',
      'CLI-GEN-02',
      'CLI-GEN-03',
    ]);
    // Plain HTTP on loopback says nothing about TLS in deployment: not a pass.
    expect(report.results.find((r) => r.id === 'SRV-SEC-01')!.message).toBe('plain HTTP on loopback: cannot judge TLS');
    expect(report.leftBehind).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('writes nothing without --write-collection, and says which checks that skips', async () => {
    const before = await snapshot();
    const report = await runConformance(options());
    expect(report.summary.mustFailures).toBe(0);
    const writeChecks = [
      'SRV-ADD-01',
      'SRV-ADD-02',
      'SRV-ADD-03',
      'SRV-ADD-04',
      'SRV-ADD-05',
      'SRV-RES-02',
      'SRV-VER-02',
      'SRV-VER-04',
      'SRV-VER-05',
      'SRV-MT-04',
    ];
    for (const id of writeChecks)
      expect(report.results.find((r) => r.id === id)).toMatchObject({ outcome: 'skip', message: expect.stringMatching(/read-only run/) });
    expect(await snapshot()).toEqual(before);
  });

  it('the CLI prints a summary, writes JSON, JUnit and self-contained HTML reports, and exits 0', async () => {
    const files = { json: join(dir, 'report.json'), junit: join(dir, 'report.xml'), html: join(dir, 'report.html') };
    const result = await runBin(
      CONFORMANCE_BIN,
      [`${server.origin}/taxii2/`, '--write-collection', COLLECTIONS.mirror, '--json', files.json, '--junit', files.junit, '--html', files.html],
      {
        TAXII_USER: 'analyst',
        TAXII_PASSWORD: USERS.analyst,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^PASS {2}SRV-FLT-04 {2}MUST {13}more\/next \(or added_after\) continue/m);
    expect(result.stdout).toMatch(/^PASS {2}SRV-MT-02 {3}MUST \[ours\] {6}an Accept/m);
    expect(result.stdout).toMatch(/Every MUST that was checked passed\.\n$/);
    // The summary counts skips it does not list one by one: it names them all.
    const skipped = Number(/(\d+) skipped;/.exec(result.stdout)?.[1]);
    const listed = (result.stdout.match(/^SKIP /gm) ?? []).length;
    const named = /^skipped as not observable from outside \(--verbose says why\): (.+)$/m.exec(result.stdout)?.[1]?.split(', ') ?? [];
    expect(listed + named.length).toBe(skipped);
    expect(JSON.parse(readFileSync(files.json, 'utf8')).summary).toMatchObject({ fail: 0, mustFailures: 0 });
    const junit = readFileSync(files.junit, 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(REQUIREMENTS.length);
    expect(junit).toContain('failures="0"');
    expect(junit).toContain('SRV-MT-04 MUST [ours]');
    const html = readFileSync(files.html, 'utf8');
    expect(html).toContain('SRV-GEN-04');
    expect(html).not.toMatch(/<(script|link|img)\b/i);
    expect(result.stdout + readFileSync(files.json, 'utf8') + junit + html).not.toContain(USERS.analyst);
  });

  it('exits 3, not 1, with advice when it cannot judge: no credentials, or nothing listening', async () => {
    const anonymous = await runBin(CONFORMANCE_BIN, [`${server.origin}/taxii2/`], {});
    expect(anonymous.code).toBe(3);
    expect(anonymous.stderr).toMatch(
      /asks for credentials \(401: "This endpoint needs HTTP Basic credentials or a bearer token\."\): give them with --user\/--password or --token/,
    );
    const closed = await runBin(CONFORMANCE_BIN, ['http://127.0.0.1:9/taxii2/', '--timeout', '2'], {});
    expect(closed.code).toBe(3);
    expect(closed.stderr).toMatch(/cannot be reached/);
  });

  it('answers --version, and a usage mistake with one line, a suggestion and exit 2', async () => {
    expect(await runBin(CONFORMANCE_BIN, ['--version'], {})).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^taxii-conformance \d+\.\d+\.\d+ \(@taxii21\/conformance\)\n$/),
    });
    expect(await runBin(CONFORMANCE_BIN, [`${server.origin}/taxii2/`, '--writ-collection', 'x'], {})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'taxii-conformance: unknown option --writ-collection (did you mean --write-collection?)\n',
    });
    expect(await runBin(CONFORMANCE_BIN, [`${server.origin}/taxii2/`, '--timeout'], {})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'taxii-conformance: --timeout needs a value\n',
    });
  });

  it('blames the user, not the server, for a discovery URL without its / and for a collection the API root does not list: exit 2 with the fix', async () => {
    const credentials = { TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst };
    expect(await runBin(CONFORMANCE_BIN, [`${server.origin}/taxii2`], credentials)).toEqual({
      code: 2,
      stdout: '',
      stderr: `taxii-conformance: ${server.origin}/taxii2 lacks the final /: the discovery URL is ${server.origin}/taxii2/\nRun 'taxii-conformance --help' for usage.\n`,
    });
    const unknownWrite = await runBin(CONFORMANCE_BIN, [`${server.origin}/taxii2/`, '--write-collection', 'mirorr'], credentials);
    expect(unknownWrite.code).toBe(2);
    expect(unknownWrite.stdout).toBe('');
    // Every collection analyst may write, by id and alias, and none it may only read (feed).
    expect(unknownWrite.stderr).toContain(
      `taxii-conformance: --write-collection mirorr is not a collection ${server.apiRoot} lists for this user; the collections it can write: `,
    );
    expect(unknownWrite.stderr).toMatch(/can write: \S+ \(source\), \S+ \(mirror\), \S+ \(incremental\), \S+ \(drop-box\)\n/);
    const unknownRead = await runBin(CONFORMANCE_BIN, [`${server.origin}/taxii2/`, '--collection', 'sauce'], credentials);
    expect(unknownRead).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--collection sauce is not a collection .* the collections it can read: \S+ \(source\), \S+ \(mirror\)/),
    });
  });
});
