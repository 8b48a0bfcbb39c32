// `taxii-server import` as operators run it on a large feed: 300,000 objects streamed through
// standard input (NDJSON, about 190 MB, never a file) into the database of a running server
// while 8 clients push to it. Both sides finish, every object of both is stored once, no push
// fails (writes wait for each other instead of answering "database is locked"), and the
// import's peak memory stays under 300 MB, far below the size of what it read. It runs on the
// store of the run: SQLite, or PostgreSQL with TAXII_TEST_STORE=postgres.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/passwords.js';
import { loadConfig } from '../src/config.js';
import { openStore } from '../src/open-store.js';
import { basicAuth, PASSWORD, startServerProcess, TAXII, TEST_STORE, testIndicator, testPostgresDatabase, type ServerProcess } from './harness.js';

const IMPORTED = 300_000;
const CLIENTS = 8;
const PUSHES_PER_CLIENT = 40;
const OBJECTS_PER_PUSH = 100;
const IMPORT_RSS_BOUND_MB = 300;
const COLLECTION = '33333333-3333-4333-8333-333333333333';
const ROOT = '/feeds/';
const BIN = fileURLToPath(new URL('../bin/taxii-server.js', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'taxii-import-serving-'));
const configFile = join(dir, 'taxii-server.json');
let server: ServerProcess;
let base: string;

/** A realistic indicator (about 640 bytes), unique per i. */
function feedObject(i: number): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const at = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
  return JSON.stringify({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--f33df33d-${hex(Math.floor(i / 65536), 4)}-4000-8000-${hex(i % 65536, 12)}`,
    created: at,
    modified: at,
    name: `Feed indicator ${i}`,
    description: 'A generated indicator, of the size real feeds carry, used to load the database while the server takes pushes.',
    indicator_types: ['malicious-activity'],
    pattern: `[file:hashes.'SHA-256' = '${hex(i, 16)}${hex(i * 7, 16)}${hex(i * 13, 16)}${hex(i * 31, 16)}']`,
    pattern_type: 'stix',
    valid_from: at,
    labels: ['feed'],
  });
}

beforeAll(async () => {
  const config = {
    listen: { host: '127.0.0.1', port: 0 },
    storage: TEST_STORE === 'postgres' ? { postgres: { url: await testPostgresDatabase() } } : { sqlite: { path: './taxii.sqlite' } },
    logging: { requests: false },
    discovery: { title: 'Import while serving', default: ROOT },
    apiRoots: [{ path: ROOT, title: 'Feeds', collections: [{ id: COLLECTION, alias: 'feed', title: 'Feed', read: ['alice'], write: ['alice'] }] }],
    users: [{ username: 'alice', passwordHash: await hashPassword(PASSWORD) }],
  };
  writeFileSync(configFile, JSON.stringify(config));
  server = await startServerProcess(configFile);
  base = server.base;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the import with the feed written to its standard input as fast as it reads it. */
function runImport(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'import', '-', '--api-root', ROOT, '--collection', 'feed', '--config', configFile], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
  // An import that fails stops reading; its exit code and message are what the test reports.
  child.stdin.on('error', () => undefined);
  void (async () => {
    for (let start = 0; start < IMPORTED; start += 1000) {
      const lines = Array.from({ length: 1000 }, (_, k) => feedObject(start + k)).join('\n');
      if (!child.stdin.write(`${lines}\n`)) await new Promise((resolve) => child.stdin.once('drain', resolve));
    }
    child.stdin.end();
  })();
  return exited;
}

/** One client: its pushes one after another; every answer's status and counts. */
async function pushes(client: number): Promise<Array<{ status: number; success: number; failure: number }>> {
  const answers = [];
  for (let push = 0; push < PUSHES_PER_CLIENT; push++) {
    const series = `c11e${client.toString(16).padStart(2, '0')}${push.toString(16).padStart(2, '0')}`;
    const objects = Array.from({ length: OBJECTS_PER_PUSH }, (_, i) => testIndicator(i, {}, series));
    const response = await fetch(`${base}${ROOT}collections/${COLLECTION}/objects/`, {
      method: 'POST',
      headers: { Authorization: basicAuth('alice'), Accept: TAXII, 'Content-Type': TAXII },
      body: JSON.stringify({ objects }),
    });
    const body = (await response.json()) as { success_count?: number; failure_count?: number };
    answers.push({ status: response.status, success: body.success_count ?? -1, failure: body.failure_count ?? -1 });
  }
  return answers;
}

describe(`import while the server takes pushes (${TEST_STORE})`, () => {
  it(`streams ${IMPORTED} objects from standard input while ${CLIENTS} clients push; every object is stored, no push fails`, { timeout: 600_000 }, async () => {
    const started = performance.now();
    const [imported, ...clients] = await Promise.all([runImport(), ...Array.from({ length: CLIENTS }, (_, client) => pushes(client))]);
    const seconds = (performance.now() - started) / 1000;

    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`${IMPORTED} objects, ${IMPORTED} added, 0 already present, 0 rejected`));
    const answers = clients.flat();
    expect(answers.filter((a) => a.status !== 202 || a.success !== OBJECTS_PER_PUSH || a.failure !== 0)).toEqual([]);
    const peak = Number(/peak memory (\d+) MB/.exec(imported.stdout)![1]);
    console.log(`import + ${answers.length} pushes in ${seconds.toFixed(1)} s; ${imported.stdout.trim()}`);
    expect(peak).toBeLessThan(IMPORT_RSS_BOUND_MB);

    await server.stop();
    const store = await openStore(loadConfig(configFile), { readers: 0 });
    try {
      expect(await store.countRecords(COLLECTION)).toBe(IMPORTED + CLIENTS * PUSHES_PER_CLIENT * OBJECTS_PER_PUSH);
    } finally {
      await store.close();
    }
  });
});
