// The `taxii` command line as a user runs it, against the reference server: pull a collection to
// a file, push it to another, pull incrementally, and the documented exit codes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleObjects,
  COLLECTIONS,
  MOBILE_17_0,
  MOBILE_17_1,
  startReferenceServer,
  USERS,
  type RunningServer,
  type StixRecord,
} from '../support/reference-server.js';
import { runTaxii, TAXII_BIN, type CliResult } from '../support/run-bin.js';

const dir = mkdtempSync(join(tmpdir(), 'taxii-cli-'));
let server: RunningServer;
let mobile171: StixRecord[];
const everything: { stdout: string; stderr: string }[] = [];

/** Runs taxii with the analyst's credentials in the environment, as the README suggests. */
async function taxii(args: string[], env: Record<string, string> = { TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst }): Promise<CliResult> {
  const result = await runTaxii(args, env);
  everything.push(result);
  return result;
}

beforeAll(async () => {
  server = await startReferenceServer();
  mobile171 = await bundleObjects(MOBILE_17_1);
  writeFileSync(join(dir, 'mobile-17.1.json'), JSON.stringify({ type: 'bundle', id: 'bundle--0f4a1e44-5d1c-4b4e-9f2a-3c3b6b7f0a10', objects: mobile171 }));
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  expect(server.errors).toEqual([]);
});

describe('taxii', () => {
  it('pushes a bundle with a summary, pulls the collection to a bundle file and pushes that to another collection', async () => {
    const push = await taxii(['push', server.apiRoot, COLLECTIONS.source, join(dir, 'mobile-17.1.json')]);
    expect(push.stderr).toBe(''); // no progress line when stderr is not a terminal
    expect(push.stdout).toMatch(/^2148 objects in \d+ requests: 2148 succeeded, 0 failed, 0 pending\n$/);
    expect(push.code).toBe(0);

    const pulled = join(dir, 'source.json');
    const pull = await taxii(['objects', server.apiRoot, COLLECTIONS.source, '--all', '--limit', '200', '--format', 'bundle', '-o', pulled]);
    expect(pull.code).toBe(0);
    expect(pull.stderr).toMatch(/^2148 objects in 11 pages; cursor \d{4}-/);
    const bundle = JSON.parse(readFileSync(pulled, 'utf8'));
    expect(bundle).toMatchObject({ type: 'bundle', id: expect.stringMatching(/^bundle--/) });
    expect(new Map(bundle.objects.map((o: StixRecord) => [o.id, o]))).toEqual(new Map(mobile171.map((o) => [o.id, o])));

    const mirror = await taxii(['push', server.apiRoot, COLLECTIONS.mirror, pulled, '--json']);
    expect(mirror.code).toBe(0);
    expect(JSON.parse(mirror.stdout)).toMatchObject({ status: 'complete', success_count: 2148, failure_count: 0 });

    const ndjson = await taxii(['objects', server.apiRoot, COLLECTIONS.mirror, '--all', '--quiet']);
    const lines = ndjson.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((o) => o.id).sort()).toEqual(mobile171.map((o) => o.id).sort());
  });

  it('pulls only what was added since the last run with --cursor-file', async () => {
    const cursor = join(dir, 'incremental.cursor');
    const pull = () => taxii(['objects', server.apiRoot, COLLECTIONS.incremental, '--all', '--match-version', 'all', '--cursor-file', cursor, '--quiet']);
    const count = (r: CliResult) => (r.stdout === '' ? 0 : r.stdout.trimEnd().split('\n').length);

    expect(count(await pull())).toBe(0);
    await taxii(['push', server.apiRoot, COLLECTIONS.incremental, join(dir, 'mobile-17.1.json')]);
    expect(count(await pull())).toBe(2148);
    const stored = readFileSync(cursor, 'utf8');
    expect(count(await pull())).toBe(0);
    expect(readFileSync(cursor, 'utf8')).toBe(stored);

    const mobile170 = await bundleObjects(MOBILE_17_0);
    const known = new Set(mobile171.map((o) => `${o.id}@${o.modified}`));
    const expectedNew = mobile170.filter((o) => !known.has(`${o.id}@${o.modified}`)).map((o) => `${o.id}@${o.modified}`);
    writeFileSync(join(dir, 'mobile-17.0.ndjson'), mobile170.map((o) => JSON.stringify(o)).join('\n'));
    expect((await taxii(['push', server.apiRoot, COLLECTIONS.incremental, join(dir, 'mobile-17.0.ndjson')])).code).toBe(0);
    const fresh = await pull();
    expect(
      fresh.stdout
        .trimEnd()
        .split('\n')
        .map((line) => {
          const o = JSON.parse(line);
          return `${o.id}@${o.modified}`;
        })
        .sort(),
    ).toEqual(expectedNew.sort());
  });

  it('replaces an output file only with a complete pull: a refused or interrupted run leaves the old file and no temporary one', async () => {
    const target = join(dir, 'export.ndjson');
    const pull = ['objects', server.apiRoot, COLLECTIONS.source, '--all', '--limit', '10', '-o', target];
    writeFileSync(target, 'the export of yesterday\n');
    const leftovers = () => readdirSync(dir).filter((name) => name.endsWith('.partial'));

    const refused = await taxii(pull, { TAXII_USER: 'analyst', TAXII_PASSWORD: 'wrong password' });
    expect(refused.code).toBe(1);
    expect(readFileSync(target, 'utf8')).toBe('the export of yesterday\n');
    expect(leftovers()).toEqual([]);

    // Ctrl-C once the temporary file exists, about 215 pages before the end.
    const child = spawn(process.execPath, [TAXII_BIN, ...pull], {
      env: { PATH: process.env.PATH ?? '', TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    while (leftovers().length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain(`taxii: interrupted; ${target} left as it was`);
    expect(readFileSync(target, 'utf8')).toBe('the export of yesterday\n');
    expect(leftovers()).toEqual([]);

    const complete = await taxii(pull);
    expect(complete.code).toBe(0);
    expect(readFileSync(target, 'utf8').trimEnd().split('\n')).toHaveLength(2148);
    expect(leftovers()).toEqual([]);
  });

  it('lists collections for people and for machines, and reads one page with its date_added range', async () => {
    const table = await taxii(['collections', server.apiRoot]);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+ALIAS\s+READ\s+WRITE\s+TITLE$/);
    expect(table.stdout).toMatch(/mirror\s+yes\s+yes\s+Mirror/);
    const json = JSON.parse((await taxii(['collections', server.apiRoot, '--json'])).stdout);
    expect(json.collections.map((c: { alias: string }) => c.alias)).toEqual(['source', 'mirror', 'incremental', 'feed', 'drop-box']);
    const page = await taxii(['manifest', server.apiRoot, COLLECTIONS.source, '--limit', '3', '--type', 'malware,tool']);
    const manifest = JSON.parse(page.stdout);
    expect(manifest.objects).toHaveLength(3);
    expect(manifest.more).toBe(true);
    expect(page.stderr).toMatch(/^date_added from \S+ to \S+\n$/);
  });

  it('exits 1 with the server’s message on TAXII errors, 2 on usage errors, 3 when nothing answers', async () => {
    const missing = await taxii(['objects', server.apiRoot, 'no-such-collection']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^taxii: the server refused: 404 /);

    const reader = await taxii(['push', server.apiRoot, COLLECTIONS.source, join(dir, 'mobile-17.1.json')], {
      TAXII_USER: 'reader',
      TAXII_PASSWORD: USERS.reader,
    });
    expect(reader.code).toBe(1);
    expect(reader.stderr).toContain('403');

    const badPassword = await taxii(['collections', server.apiRoot, '--user', 'analyst', '--password', 'hunter2-wrong'], {});
    expect(badPassword.code).toBe(1);
    expect(badPassword.stderr).toContain('401');

    const failures = join(dir, 'one-bad.json');
    writeFileSync(failures, JSON.stringify([mobile171[0], { type: 'malware', id: 'not-a-stix-id' }]));
    const partial = await taxii(['push', server.apiRoot, COLLECTIONS.mirror, failures]);
    expect(partial.code).toBe(1);
    expect(partial.stdout).toMatch(/2 objects in 1 request: 1 succeeded, 1 failed, 0 pending\nfailed: not-a-stix-id/);

    // The server lists at most 1,000 status details by default, each list whole or not at all: 1,005
    // failures are counted, none listed, and the summary still accounts for every one.
    const many = join(dir, 'many-bad.json');
    writeFileSync(many, JSON.stringify(Array.from({ length: 1005 }, (_, i) => ({ type: 'malware', id: `bad-${i}` }))));
    const counted = await taxii(['push', server.apiRoot, COLLECTIONS.mirror, many]);
    expect(counted.code).toBe(1);
    expect(counted.stdout).toMatch(/^1005 objects in 1 request: 0 succeeded, 1005 failed, 0 pending\n/);
    expect(counted.stdout.match(/^failed: bad-/gm)).toBeNull();
    expect(counted.stdout).toContain('failed: 1005 more objects the server counted without listing');

    expect((await taxii(['objects', server.apiRoot])).code).toBe(2);
    expect((await taxii(['frobnicate'])).code).toBe(2);
    expect((await taxii(['objects', server.apiRoot, COLLECTIONS.source, '--limit', '0'])).code).toBe(2);
    expect((await taxii(['push', server.apiRoot, COLLECTIONS.source, join(dir, 'missing.json')])).stderr).toMatch(/cannot read .*missing\.json: ENOENT/);

    const closed = await taxii(['collections', 'http://127.0.0.1:9/taxii/', '--retries', '0']);
    expect(closed.code).toBe(3);
    expect(closed.stderr).toMatch(/^taxii: fetch failed/);

    const help = await taxii(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
  });

  it('answers --version, per-command help, and one line with a suggestion for every usage mistake', async () => {
    const version = await taxii(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^taxii \d+\.\d+\.\d+ \(@taxii21\/client\)\n$/) });
    const oldFilter = await taxii(['objects', server.apiRoot, COLLECTIONS.source, '--version', 'all']);
    expect(oldFilter).toMatchObject({ code: 2, stderr: "taxii: the version filter is --match-version; --version alone prints taxii's version\n" });

    for (const args of [
      ['help', 'push'],
      ['push', '--help'],
    ]) {
      const help = await taxii(args);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: taxii push <api-root> <collection> <file\|->/);
      expect(help.stdout).toContain('--wait-timeout');
      expect(help.stdout).not.toContain('--cursor-file');
    }
    const mistakes: [string[], string][] = [
      [['colections', server.apiRoot], "taxii: unknown command 'colections' (did you mean 'collections'?); run 'taxii --help'\n"],
      [['objects', server.apiRoot, COLLECTIONS.source, '--limt', '5'], 'taxii: unknown option --limt (did you mean --limit?)\n'],
      [['objects', server.apiRoot, COLLECTIONS.source, '--limit'], 'taxii: --limit needs a value\n'],
      [
        ['collections', server.apiRoot.replace('http://', '')],
        expect.stringMatching(/^taxii: \S+ has no scheme: write https:\/\/\S+ \(or http:\/\/ for a plain-HTTP server on this machine\)\n$/),
      ],
      [['discover', server.apiRoot], expect.stringMatching(/^taxii: a discovery URL ends in \/taxii2\/ \(got \S+\); for an API root use 'taxii root /)],
    ];
    for (const [args, stderr] of mistakes) expect(await taxii(args)).toMatchObject({ code: 2, stdout: '', stderr });
  });

  it('hints at the likely fix: credentials, a discovery URL for an API root, TLS to a plain-HTTP port', async () => {
    const anonymous = await taxii(['collections', server.apiRoot], {});
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain(
      'hint: the server wants credentials: give --user and --password or --token, or set TAXII_USER and TAXII_PASSWORD or TAXII_TOKEN (or --cert and --key, if it takes client certificates)\n',
    );
    const wrong = await taxii(['collections', server.apiRoot], { TAXII_USER: 'analyst', TAXII_PASSWORD: 'hunter2-wrong' });
    expect(wrong.stderr).toContain(
      'hint: the server refused these credentials: check --user/--password or --token (or TAXII_USER/TAXII_PASSWORD or TAXII_TOKEN)\n',
    );
    const discovery = `${new URL(server.apiRoot).origin}/taxii2/`;
    const asRoot = await taxii(['collections', discovery]);
    expect(asRoot.stderr).toContain(
      `hint: ${discovery} looks like a discovery URL; this command wants an API root: 'taxii discover ${discovery}' lists them\n`,
    );
    const tls = await taxii(['collections', server.apiRoot.replace('http://', 'https://'), '--retries', '0']);
    expect(tls.code).toBe(3);
    expect(tls.stderr).toMatch(
      /^taxii: fetch failed \(ERR_SSL_WRONG_VERSION_NUMBER\)\nhint: \S+ does not seem to speak TLS: if it is a plain-HTTP server, use http:\/\//,
    );
  });

  it('never prints a password, whatever happened (CLI-SEC-01)', () => {
    const secrets = [USERS.analyst, USERS.reader, 'hunter2-wrong'];
    for (const { stdout, stderr } of everything) for (const secret of secrets) expect(stdout + stderr).not.toContain(secret);
    expect(everything.length).toBeGreaterThan(15);
  });
});
