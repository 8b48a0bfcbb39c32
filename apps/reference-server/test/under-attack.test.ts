// Every hostile request that once crashed, stalled or bloated the server, sent to one server
// process (`taxii-server start`, production settings) while a probe on its own thread keeps
// asking for discovery and a small page. Each request gets its documented answer, the probe's
// p99 stays under a fifth of the time the largest hostile body took to be refused (a server that
// did that work on its HTTP thread would hold the probe for all of it), the server's peak resident
// memory stays under 512 MB, and the data stored before the attack is byte for byte what it was.
// It runs on the store of the run: SQLite, or PostgreSQL with TAXII_TEST_STORE=postgres.
// (Storage faults need a full or unwritable disk: storage-faults.test.ts. Import of a hostile
// bundle: hostile-input.test.ts.)
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/passwords.js';
import pg from 'pg';
import { basicAuth, deepJson, PASSWORD, TAXII, TEST_STORE, testIndicator, testPostgresDatabase } from './harness.js';

const PEAK_RSS_BOUND = 512 * 1024 * 1024;
const DATA = '11111111-1111-4111-8111-111111111111';
const SCRATCH = '22222222-2222-4222-8222-222222222222';
const ROOT = '/hostile/';
const objects = (collection: string) => `${ROOT}collections/${collection}/objects/`;
const headers = { Authorization: basicAuth('alice'), Accept: TAXII, 'Content-Type': TAXII };

const dir = mkdtempSync(join(tmpdir(), 'taxii-under-attack-'));
let child: ChildProcess;
let base: string;
let postgresUrl: string | undefined;

/** Bytes the store takes: the SQLite file and its log, or the PostgreSQL database. */
async function databaseBytes(): Promise<number> {
  if (!postgresUrl) return statSync(join(dir, 'taxii.sqlite')).size + statSync(join(dir, 'taxii.sqlite-wal')).size;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
    return Number(rows[0]!.bytes);
  } finally {
    await client.end();
  }
}
let before: string;
let serverOutput = '';

/** Peak and current resident memory of the server process, from the kernel. */
function memory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { peak: kb('VmHWM'), now: kb('VmRSS') };
}

/** A digest of everything stored in the data collection, every version, in date_added order. */
async function digest(): Promise<string> {
  const hash = createHash('sha256');
  let next: string | undefined;
  do {
    const response = await fetch(`${base}${objects(DATA)}?match[version]=all&limit=1000${next ? `&next=${encodeURIComponent(next)}` : ''}`, { headers });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { objects?: unknown[]; next?: string; more?: boolean };
    hash.update(JSON.stringify(body.objects ?? []));
    next = body.more ? body.next : undefined;
  } while (next);
  return hash.digest('hex');
}

/** Asks for discovery and a 10-object page in turn, on its own thread, until told to stop; replies with every latency. */
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const { urls, headers } = workerData;
let running = true;
const latencies = [];
parentPort.on('message', () => { running = false; });
(async () => {
  for (let i = 0; running; i++) {
    const started = performance.now();
    const response = await fetch(urls[i % urls.length], { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error('probe got ' + response.status);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  parentPort.postMessage(latencies);
})();
`;

function startProbe() {
  const worker = new Worker(PROBE, { eval: true, workerData: { urls: [`${base}/taxii2/`, `${base}${objects(DATA)}?limit=10`], headers } });
  const done = new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const latencies = (await done).sort((a, b) => a - b);
      await worker.terminate();
      return {
        count: latencies.length,
        p50: latencies[Math.floor(latencies.length * 0.5)]!,
        p99: latencies[Math.floor(latencies.length * 0.99)]!,
        max: latencies.at(-1)!,
      };
    },
  };
}

async function post(collection: string, body: string | Uint8Array<ArrayBuffer>) {
  const response = await fetch(base + objects(collection), { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function get(path: string, extra: Record<string, string> = {}) {
  const response = await fetch(base + path, { headers: { ...headers, ...extra } });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

/**
 * Sends raw bytes on one connection and collects what comes back until the server closes it;
 * with `stallMs`, reads nothing for that long first, as a client that pipelines and never reads.
 */
function rawConnection(send: (socket: import('node:net').Socket) => void, stallMs = 0) {
  const { port, hostname } = new URL(base);
  return new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => send(socket));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    if (stallMs > 0) {
      socket.pause();
      setTimeout(() => socket.resume(), stallMs);
    }
    setTimeout(() => reject(new Error('the server kept the connection open')), stallMs + 30_000).unref();
  });
}

beforeAll(async () => {
  const passwordHash = await hashPassword(PASSWORD);
  if (TEST_STORE === 'postgres') postgresUrl = await testPostgresDatabase();
  const config = {
    listen: { host: '127.0.0.1', port: 0 },
    storage: postgresUrl ? { postgres: { url: postgresUrl } } : { sqlite: { path: './taxii.sqlite' } },
    // Defaults everywhere but these: queries of a megabyte reach the match limit; slow and
    // non-reading clients are cut off within seconds, so that the test does not wait minutes;
    // every attacker and the probe come from one loopback address, which may hold 1,000 connections.
    limits: { maxHeaderSize: 1048576, headersTimeoutSeconds: 2, requestTimeoutSeconds: 30, socketIdleTimeoutSeconds: 3, maxConnectionsPerAddress: 1000 },
    discovery: { title: 'Under attack', default: ROOT },
    apiRoots: [
      {
        path: ROOT,
        title: 'Default body limit (100 MiB)',
        collections: [
          { id: DATA, alias: 'data', title: 'Data', read: ['alice'], write: ['alice'] },
          { id: SCRATCH, alias: 'scratch', title: 'Scratch', read: ['alice'], write: ['alice'] },
        ],
      },
    ],
    users: [{ username: 'alice', passwordHash }],
  };
  writeFileSync(join(dir, 'taxii-server.json'), JSON.stringify(config));
  child = spawn(process.execPath, [fileURLToPath(new URL('../bin/taxii-server.js', import.meta.url)), 'start', '--config', join(dir, 'taxii-server.json')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk) => (serverOutput += chunk));
  base = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const found = /discovery at (http:\/\/[^/]+)\/taxii2\//.exec(stdout);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${serverOutput}`)));
  });
  for (let batch = 0; batch < 5; batch++) {
    const reply = await post(
      DATA,
      JSON.stringify({
        objects: Array.from({ length: 2000 }, (_, i) => testIndicator(i, { description: 'd'.repeat(300) }, `a77ac${batch.toString(16).padStart(3, '0')}`)),
      }),
    );
    expect(reply.status).toBe(202);
  }
  before = await digest();
}, 120_000);

afterAll(async () => {
  const ended = child.exitCode ?? child.signalCode;
  if (ended !== null) console.error(`the server ended (${ended}):\n${serverOutput}`);
  else {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe(`under attack (${TEST_STORE})`, () => {
  it('answers every hostile request as documented while others are served, within its memory bound, data intact', { timeout: 600_000 }, async () => {
    const startMemory = memory(child.pid!);
    const databaseBefore = await databaseBytes();
    const probe = startProbe();
    const answers: Record<string, unknown> = {};

    // 34 million empty objects: 97 MiB, under the default 100 MiB body limit. Once exhausted the heap.
    const huge = Buffer.concat([Buffer.from('{"objects":['), Buffer.alloc(34_000_000 * 3 - 1, '{},'), Buffer.from(']}')]);
    const hugeStarted = performance.now();
    const tooMany = await post(DATA, new Uint8Array(huge));
    // The baseline of this run, on this machine's load: how long refusing it took, end to end.
    const hugeMs = performance.now() - hugeStarted;
    answers.tooMany = [tooMany.status, tooMany.body.details];
    // 1 million: once stored an 88 MB status.
    const million = await post(DATA, `{"objects":[${'{},'.repeat(999_999)}{}]}`);
    answers.million = million.status;

    // An object nested 4,109 levels deep beside valid ones: once a 500 that lost the valid ones too.
    const valid = [testIndicator(1, {}, 'dee9dee9'), testIndicator(2, {}, 'dee9dee9')];
    const deep = `{"type":"indicator","spec_version":"2.1","id":"indicator--dee9dee9-0000-4000-8000-000000000003","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","x":${deepJson(4109)}}`;
    const nested = await post(SCRATCH, `{"objects":[${JSON.stringify(valid[0])},${deep},${JSON.stringify(valid[1])}]}`);
    answers.nested = [nested.status, nested.body.success_count, nested.body.failure_count];

    // 10,000 tiny invalid objects: the status lists none of them (more than the 1,000 details it
    // may hold; a list is whole or absent) and stays smaller than the request.
    const tiny = `{"objects":[${Array.from({ length: 10_000 }, (_, i) => `{"id":"${i}"}`).join(',')}]}`;
    const tinyReply = await post(SCRATCH, tiny);
    answers.tiny = [tinyReply.status, tinyReply.body.failure_count, tinyReply.body.failures?.length ?? 0, JSON.stringify(tinyReply.body).length < tiny.length];

    // 32,765 match[type] values (once "too many SQL variables", a 500) and 30,000 match[version] values (once 10.7 s of blocking).
    const types = await get(`${objects(DATA)}?match[type]=${Array.from({ length: 32_765 }, (_, i) => `x-t${i}`).join(',')}`);
    const versions = await get(
      `${objects(DATA)}?match[version]=${Array.from({ length: 30_000 }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i).toISOString()).join(',')}`,
    );
    answers.matches = [types.status, versions.status];

    // 300 pipelined pages of 1,000 objects on one connection that reads nothing for 8 s: once 1.09 GB
    // of buffered answers. Now the server stops writing to it and closes it after 3 s of no progress.
    const pipelined = await rawConnection((socket) => {
      const request = `GET ${objects(DATA)}?limit=1000 HTTP/1.1\r\nHost: x\r\nAuthorization: ${headers.Authorization}\r\nAccept: ${TAXII}\r\n\r\n`;
      socket.write(request.repeat(300));
    }, 8000);
    answers.pipelinedCutOff = (pipelined.match(/HTTP\/1\.1 200 /g)?.length ?? 0) < 300;

    // Headers that never finish: 408 with an error resource (once a 400 "not valid HTTP").
    const slow = await rawConnection((socket) => socket.write(`GET /taxii2/ HTTP/1.1\r\nHost: x\r\n`));
    answers.slow = slow.split('\r\n')[0];

    // A new unknown user name on every request: each 401, with no password check after the address's
    // limit. Some wait over 3 s for their turn at the decoy check: longer than the stall limit,
    // which must not cut off a request the server itself is still working on.
    const unknown = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${base}/taxii2/`, { headers: { Authorization: basicAuth(`nobody-${i}`), Accept: TAXII } }).then((r) => r.status),
      ),
    );
    answers.unknownUsers = [...new Set(unknown)];

    // HEAD answers as GET without a body; DELETE's 404 says the same whether the object exists or not.
    const head = await fetch(`${base}${objects(DATA)}?limit=5`, { method: 'HEAD', headers });
    answers.head = [head.status, (await head.text()).length];
    const absent = await fetch(`${base}${objects(SCRATCH)}indicator--99999999-0000-4000-8000-000000000000/`, { method: 'DELETE', headers });
    const otherVersion = await fetch(`${base}${objects(SCRATCH)}${valid[0]!.id}/?match[version]=2019-01-01T00:00:00.000Z`, { method: 'DELETE', headers });
    answers.deleteTexts = [
      absent.status,
      otherVersion.status,
      ((await absent.json()) as { description: string }).description === ((await otherVersion.json()) as { description: string }).description,
    ];

    const latency = await probe.stop();
    const endMemory = memory(child.pid!);
    const databaseAfter = await databaseBytes();
    console.log(
      `under attack: probe ${latency.count} requests, p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms ` +
        `(bound: a fifth of the ${hugeMs.toFixed(0)} ms the 97 MiB envelope took); ` +
        `server RSS ${(startMemory.now / 2 ** 20).toFixed(0)} MB before, peak ${(endMemory.peak / 2 ** 20).toFixed(0)} MB (bound ${PEAK_RSS_BOUND / 2 ** 20} MB); ` +
        `database ${(databaseBefore / 2 ** 20).toFixed(1)} → ${(databaseAfter / 2 ** 20).toFixed(1)} MB`,
    );

    expect(answers).toEqual({
      tooMany: [413, { limit: 'objects per request', value: Math.floor(huge.length / 64) }],
      million: 413,
      nested: [202, 2, 1],
      tiny: [202, 10_000, 0, true],
      matches: [400, 400],
      pipelinedCutOff: true,
      slow: 'HTTP/1.1 408 Request Timeout',
      unknownUsers: [401],
      head: [200, 0],
      deleteTexts: [404, 404, true],
    });
    expect(latency.p99).toBeLessThan(hugeMs / 5);
    expect(endMemory.peak).toBeLessThan(PEAK_RSS_BOUND);
    expect(databaseAfter - databaseBefore).toBeLessThan(16 * 2 ** 20);
    expect(child.exitCode ?? child.signalCode).toBeNull();
    expect(await digest()).toBe(before);
  });
});
