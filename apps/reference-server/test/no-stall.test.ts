// A heavy page, a bulk insert or a write that waits for another process's lock must not hold up
// anyone else: while clients read pages of 1,000 objects and push envelopes of 2,000, and while
// another process holds the database's write lock for seconds, a discovery GET is still answered
// at once. (Before the store ran on worker threads, one slow page kept a discovery GET waiting 33 s.)
//
// Held up means waiting for someone else's store work, so the bound is relative to that work as
// measured in the same run, not a fixed number of milliseconds: on a machine busy with other jobs
// every request is slower, a stall is not. The absolute latencies are printed, as figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceServer, type ReferenceServer } from '../src/server.js';
import { basicAuth, objectsPath, TAXII, testConfig, testIndicator } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'taxii-no-stall-'));
let server: ReferenceServer;
let base: string;
let databasePath: string;
/** How long another process holds the write lock: every push meanwhile waits for it, nobody else may. */
const LOCK_HELD_MS = 2500;
const headers = { Authorization: basicAuth('alice'), Accept: TAXII, 'Content-Type': TAXII };

function indicators(count: number, series: string) {
  return Array.from({ length: count }, (_, i) => testIndicator(i, { description: 'x'.repeat(200) }, series));
}

/** One client reading pages of 1,000 and one pushing the given envelopes, until told to stop. */
const HEAVY_CLIENTS = `
const { parentPort, workerData } = require('node:worker_threads');
const { base, objects, headers, bodies } = workerData;
let busy = true;
const pages = [], pushes = [];
parentPort.on('message', () => { busy = false; });
const reader = async () => {
  while (busy) {
    const started = performance.now();
    const response = await fetch(base + objects + '?limit=1000&added_after=2000-01-01T00:00:00Z', { headers });
    await response.arrayBuffer();
    pages.push(performance.now() - started);
  }
};
const writer = async () => {
  while (busy && pushes.length < bodies.length) {
    const started = performance.now();
    const response = await fetch(base + objects, { method: 'POST', headers, body: bodies[pushes.length] });
    await response.arrayBuffer();
    if (response.status !== 202) throw new Error('push answered ' + response.status);
    pushes.push(performance.now() - started);
  }
};
Promise.all([reader(), writer()]).then(() => parentPort.postMessage({ pages, pushes }));
`;

/** Another connection to the database that takes its write lock for a while, on a thread of its own. */
const LOCK_HOLDER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 10000 });
setTimeout(() => {
  db.exec('BEGIN IMMEDIATE');
  setTimeout(() => { db.exec('COMMIT'); db.close(); parentPort.postMessage('released'); }, workerData.hold);
}, workerData.after);
`;

beforeAll(async () => {
  // Production settings: no response validation (the tests elsewhere turn it on).
  const config = await testConfig(dir);
  databasePath = config.storage.sqlite.path;
  server = await createReferenceServer(config, { log: () => undefined });
  base = await server.listen(0);
  for (let batch = 0; batch < 10; batch++) {
    const tag = `0000${batch.toString(16).padStart(4, '0')}`;
    const response = await fetch(base + objectsPath(), { method: 'POST', headers, body: JSON.stringify({ objects: indicators(2000, tag) }) });
    expect(response.status).toBe(202);
  }
}, 120_000);

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Discovery GETs, one every 20 ms for the given time: how long each took, in milliseconds. */
async function probeDiscovery(milliseconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + milliseconds;
  while (performance.now() < until) {
    const started = performance.now();
    const response = await fetch(`${base}/taxii2/`, { headers });
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return latencies.sort((a, b) => a - b);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

describe('no request stalls the others', () => {
  it('discovery is not held up by pages of 1,000, envelopes of 2,000 or a write waiting for a lock', async () => {
    // The same probe first with the server idle: what this machine's load costs any request now.
    const idle = await probeDiscovery(2000);
    // The heavy clients run on a thread of their own, as they would on other machines: reading
    // 270 pages of half a megabyte is work this thread must not do while it times the probe.
    const bodies = Array.from({ length: 40 }, (_, k) => JSON.stringify({ objects: indicators(2000, `1${String(k).padStart(7, '0')}`) }));
    const clients = new Worker(HEAVY_CLIENTS, { eval: true, workerData: { base, objects: objectsPath(), headers, bodies } });
    const finished = new Promise<{ pages: number[]; pushes: number[] }>((resolve, reject) => {
      clients.once('message', resolve);
      clients.once('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Another writer (an import, a backup) takes the write lock for a while, 1.5 s into the probe.
    const lockHolder = new Worker(LOCK_HOLDER, {
      eval: true,
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path: databasePath, after: 1500, hold: LOCK_HELD_MS },
    });
    const lockReleased = new Promise((resolve, reject) => {
      lockHolder.once('message', resolve);
      lockHolder.once('error', reject);
    });
    const busy = await probeDiscovery(6000);
    await lockReleased;
    await lockHolder.terminate();
    clients.postMessage('stop');
    const { pages, pushes } = await finished;
    await clients.terminate();
    const page = [...pages].sort((a, b) => a - b);
    const push = [...pushes].sort((a, b) => a - b);
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const summary =
      `discovery idle p50 ${ms(percentile(idle, 0.5))}, p99 ${ms(percentile(idle, 0.99))} (${idle.length}); ` +
      `busy p50 ${ms(percentile(busy, 0.5))}, p90 ${ms(percentile(busy, 0.9))}, p99 ${ms(percentile(busy, 0.99))}, max ${ms(busy.at(-1)!)} (${busy.length}); ` +
      `meanwhile ${pages.length} pages of 1,000 (median ${ms(percentile(page, 0.5))}) and ${pushes.length} envelopes of 2,000 ` +
      `(median ${ms(percentile(push, 0.5))}, slowest ${ms(push.at(-1)!)} behind the write lock held ${LOCK_HELD_MS} ms)`;
    console.log(summary);
    expect(pages.length).toBeGreaterThan(4);
    expect(pushes.length).toBeGreaterThan(1);
    // The lock was felt: a push waited for it (and then succeeded)...
    expect(push.at(-1)!, summary).toBeGreaterThan(LOCK_HELD_MS / 2);
    // ...and no discovery GET waited for that push: the slowest took a fraction of the wait. A store
    // working on the HTTP thread fails here by seconds, not by milliseconds.
    expect(busy.at(-1)!, summary).toBeLessThan(LOCK_HELD_MS / 5);
    // Nor for the pages and envelopes: most discovery GETs took less than half an envelope's time.
    expect(percentile(busy, 0.9), summary).toBeLessThan(percentile(push, 0.5) / 2);
  }, 60_000);
});
