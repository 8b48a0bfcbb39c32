// The taxii-server command line, run as users run it: the built binary in a child process. The
// configuration's store is the run's: SQLite, or PostgreSQL with TAXII_TEST_STORE=postgres.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ICS_BUNDLE, TAXII, TEST_STORE, testPostgresDatabase } from './harness.js';

const BIN = fileURLToPath(new URL('../bin/taxii-server.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'taxii-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], input?: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

const CONFIG = join(dir, 'taxii-server.yaml');
const storage = TEST_STORE === 'postgres' ? `storage:\n  postgres:\n    url: ${await testPostgresDatabase()}\n` : '';
writeFileSync(
  CONFIG,
  `# Our feeds — this comment must survive 'user add'.
${storage}discovery:
  title: CLI test
apiRoots:
  - path: /feeds/ics/
    title: ICS
    collections:
      - id: 5f1d6c9a-3b2e-4f7a-8c41-9e0d2b7a6c13
        alias: ics
        title: ATT&CK for ICS
        read: [erin]
users: []
`,
);

describe(`taxii-server (${TEST_STORE})`, () => {
  it('explains itself with --help, and rejects unknown commands with exit code 2', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/import <file\|->/);
    const bad = run(['frobnicate']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('user add stores only a scrypt hash and keeps the file’s comments', () => {
    const added = run(['user', 'add', 'erin', '--password-stdin', '--config', CONFIG], 'a long passphrase\n');
    expect(added.status, added.stderr).toBe(0);
    const text = readFileSync(CONFIG, 'utf8');
    expect(text).toContain('# Our feeds — this comment must survive');
    expect(text).toMatch(/username: erin\n\s+passwordHash: scrypt\$N=32768,r=8,p=1\$/);
    expect(text).not.toContain('a long passphrase');
    expect(run(['user', 'add', 'erin', '--password-stdin', '--config', CONFIG], 'short\n').stderr).toMatch(/at least 8 characters/);
  });

  it('user add --password-stdin takes one line: the two answers of the prompt, scripted, are refused, not stored with a line break', () => {
    const before = readFileSync(CONFIG, 'utf8');
    const twice = run(['user', 'add', 'erin', '--password-stdin', '--config', CONFIG], 'a long passphrase\na long passphrase\n');
    expect(twice.status).toBe(1);
    expect(twice.stderr).toBe('taxii-server: standard input holds more than one line; give the password once, on one line\n');
    expect(readFileSync(CONFIG, 'utf8')).toBe(before);
    expect(run(['user', 'add', 'erin', '--password-stdin', '--config', CONFIG], '').stderr).toMatch(/holds no password/);
  });

  it('import with an API root or collection that is not there names the ones that are', () => {
    const root = run(['import', ICS_BUNDLE, '--api-root', '/feeds/icss/', '--collection', 'ics', '--config', CONFIG]);
    expect(root.status).toBe(1);
    expect(root.stderr).toBe("taxii-server: no API root '/feeds/icss/'; the configuration has /feeds/ics/\n");
    const collection = run(['import', ICS_BUNDLE, '--api-root', '/feeds/ics/', '--collection', 'icss', '--config', CONFIG]);
    expect(collection.status).toBe(1);
    expect(collection.stderr).toBe("taxii-server: no collection 'icss' in API root /feeds/ics/; it has ics (5f1d6c9a-3b2e-4f7a-8c41-9e0d2b7a6c13)\n");
  });

  it('import loads a gzipped bundle with a summary, and a second import adds nothing', () => {
    const first = run(['import', ICS_BUNDLE, '--api-root', '/feeds/ics/', '--collection', 'ics', '--config', CONFIG]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/1826 objects, 1826 added, 0 already present, 0 rejected/);
    const second = run(['import', ICS_BUNDLE, '--api-root', '/feeds/ics/', '--collection', 'ics', '--config', CONFIG]);
    expect(second.stdout).toMatch(/1826 objects, 0 added, 1826 already present, 0 rejected/);
  });

  it('import reads NDJSON from standard input and an envelope or array from a file, as push does; a file cut short says how far it got', () => {
    // A custom type, so that the other tests' counts of indicators stay as they are.
    const indicator = (n: number) => ({
      type: 'x-cli-test',
      spec_version: '2.1',
      id: `x-cli-test--1a2b3c4d-0000-4000-8000-${String(n).padStart(12, '0')}`,
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
    });
    const args = ['--api-root', '/feeds/ics/', '--collection', 'ics', '--config', CONFIG];
    const fromStdin = run(['import', '-', ...args], `${JSON.stringify(indicator(1))}\n${JSON.stringify(indicator(2))}\n`);
    expect(fromStdin.status, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).toMatch(
      /Imported - into \/feeds\/ics\/ ics: 2 objects, 2 added, 0 already present, 0 rejected, in [\d.]+ s \(\d+ objects\/s, peak memory \d+ MB\)/,
    );
    const envelope = join(dir, 'envelope.json');
    writeFileSync(envelope, JSON.stringify({ more: false, objects: [indicator(2), indicator(3), { type: 'x-cli-test' }] }));
    expect(run(['import', envelope, ...args]).stdout).toMatch(/3 objects, 1 added, 1 already present, 1 rejected/);
    const array = join(dir, 'array.json');
    writeFileSync(array, JSON.stringify([indicator(4)]));
    expect(run(['import', array, ...args]).stdout).toMatch(/1 objects, 1 added/);
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, JSON.stringify({ type: 'bundle', objects: [indicator(5), indicator(6)] }).slice(0, -40));
    const broken = run(['import', cut, ...args]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/^taxii-server: .*cut\.json ends in the middle of a JSON value \(after 1 object\)\n$/);
    expect(run(['import', join(dir, 'nowhere.json'), ...args]).stderr).toMatch(/^taxii-server: cannot read .*nowhere\.json: ENOENT\n$/);
  });

  it('reports a configuration error clearly and exits 1', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'discovery: {title: x}\napiRoots: []\nusers: [{username: bob, passwordHash: hunter2}]\n');
    const result = run(['start', '--config', broken]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/users\.0\.passwordHash: must be a scrypt hash/);
  });

  // The demo is the zero-set-up path: always SQLite, whichever store the run tests.
  it.skipIf(TEST_STORE === 'postgres')(
    'demo writes its configuration, imports ATT&CK for ICS and serves it on loopback (npm start)',
    async () => {
      const demoDir = join(dir, 'demo');
      const child = spawn(process.execPath, [BIN, 'demo'], {
        env: { ...process.env, PORT: '0', TAXII_DEMO_DIR: demoDir, TAXII_DEMO_USER: 'analyst', TAXII_DEMO_PASSWORD: 'demo secret 123' },
      });
      try {
        const url = await announcedOrigin(child);
        const auth = `Basic ${Buffer.from('analyst:demo secret 123').toString('base64')}`;
        const discovery = await (await fetch(`${url}/taxii2/`, { headers: { Authorization: auth, Accept: TAXII } })).json();
        expect(discovery.api_roots).toEqual([`${url}/api/demo/`]);
        const collections = await (await fetch(`${url}/api/demo/collections/`, { headers: { Authorization: auth, Accept: TAXII } })).json();
        expect(collections.collections.map((c: any) => [c.alias, c.can_read, c.can_write])).toEqual([
          ['ics-attack', true, false],
          ['scratch', true, true],
        ]);
        const manifest = await fetch(`${url}/api/demo/collections/ics-attack/manifest/?limit=1`, { headers: { Authorization: auth, Accept: TAXII } });
        expect((await manifest.json()).more).toBe(true);
        expect(readFileSync(join(demoDir, 'taxii-server.yaml'), 'utf8')).not.toContain('demo secret 123');
      } finally {
        child.kill('SIGTERM');
      }
    },
    60_000,
  );

  it('keeps everything it reported as a success when killed right after the 202 (SRV-ADD-07)', async () => {
    const durable = join(dir, 'durable.yaml');
    const config = parseYaml(readFileSync(CONFIG, 'utf8'));
    config.apiRoots[0].collections[0].write = ['erin'];
    writeFileSync(durable, stringifyYaml(config));
    const child = spawn(process.execPath, [BIN, 'start', '--config', durable], { env: { ...process.env, PORT: '0' } });
    const url = await announcedOrigin(child);
    const objects = Array.from({ length: 500 }, (_, i) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      pattern: `[ipv4-addr:value = '10.0.${i >> 8}.${i & 255}']`,
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00Z',
    }));
    const auth = `Basic ${Buffer.from('erin:a long passphrase').toString('base64')}`;
    const response = await fetch(`${url}/feeds/ics/collections/ics/objects/`, {
      method: 'POST',
      headers: { Authorization: auth, Accept: TAXII, 'Content-Type': TAXII },
      body: JSON.stringify({ objects }),
    });
    child.kill('SIGKILL'); // no chance to flush anything after the answer
    expect(response.status).toBe(202);
    expect((await response.json()).success_count).toBe(500);
    await new Promise((resolve) => child.once('exit', resolve));

    const restarted = spawn(process.execPath, [BIN, 'start', '--config', durable], { env: { ...process.env, PORT: '0' } });
    try {
      const again = await new Promise<string>((resolve) => {
        let out = '';
        restarted.stdout.on('data', (chunk) => {
          out += chunk;
          const m = /discovery at (http:\/\/127\.0\.0\.1:\d+)\/taxii2\//.exec(out);
          if (m) resolve(m[1]!);
        });
      });
      const manifest = await (
        await fetch(`${again}/feeds/ics/collections/ics/manifest/?match[type]=indicator&limit=1000`, { headers: { Authorization: auth, Accept: TAXII } })
      ).json();
      expect(manifest.objects).toHaveLength(500);
    } finally {
      restarted.kill('SIGTERM');
    }
  }, 60_000);
});

/** Resolves with the origin the server prints once it listens; rejects if it exits first. */
function announcedOrigin(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /discovery at (http:\/\/127\.0\.0\.1:\d+)\/taxii2\//.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}
