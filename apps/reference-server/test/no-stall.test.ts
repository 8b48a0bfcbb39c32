// A heavy page or a bulk insert must not hold up anyone else: while clients read pages of 1,000
// objects and push envelopes of 2,000, a discovery GET is still answered at once. (Before the
// store ran on worker threads, one slow page kept a discovery GET waiting 33 s.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceServer, type ReferenceServer } from '../src/server.js';
import { basicAuth, objectsPath, TAXII, testConfig, testIndicator } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'taxii-no-stall-'));
let server: ReferenceServer;
let base: string;
const headers = { Authorization: basicAuth('alice'), Accept: TAXII, 'Content-Type': TAXII };

function indicators(count: number, series: string) {
  return Array.from({ length: count }, (_, i) => testIndicator(i, { description: 'x'.repeat(200) }, series));
}

/** One client reading pages of 1,000 and one pushing the given envelopes, until told to stop. */
const HEAVY_CLIENTS = `
const { parentPort, workerData } = require('node:worker_threads');
const { base, objects, headers, bodies } = workerData;
let busy = true, pages = 0, pushes = 0;
parentPort.on('message', () => { busy = false; });
const reader = async () => {
  while (busy) {
    const response = await fetch(base + objects + '?limit=1000&added_after=2000-01-01T00:00:00Z', { headers });
    await response.arrayBuffer();
    pages++;
  }
};
const writer = async () => {
  while (busy && pushes < bodies.length) {
    const response = await fetch(base + objects, { method: 'POST', headers, body: bodies[pushes++] });
    await response.arrayBuffer();
  }
};
Promise.all([reader(), writer()]).then(() => parentPort.postMessage({ pages, pushes }));
`;

beforeAll(async () => {
  // Production settings: no response validation (the tests elsewhere turn it on).
  server = await createReferenceServer(await testConfig(dir), { log: () => undefined });
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

describe('no request stalls the others', () => {
  it('discovery answers within 50 ms (p99) while pages of 1,000 are read and envelopes of 2,000 pushed', async () => {
    // The heavy clients run on a thread of their own, as they would on other machines: reading
    // 270 pages of half a megabyte is work this thread must not do while it times the probe.
    const bodies = Array.from({ length: 40 }, (_, k) => JSON.stringify({ objects: indicators(2000, `1${String(k).padStart(7, '0')}`) }));
    const clients = new Worker(HEAVY_CLIENTS, { eval: true, workerData: { base, objects: objectsPath(), headers, bodies } });
    const finished = new Promise<{ pages: number; pushes: number }>((resolve, reject) => {
      clients.once('message', resolve);
      clients.once('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const latencies: number[] = [];
    const until = performance.now() + 6000;
    while (performance.now() < until) {
      const started = performance.now();
      const response = await fetch(`${base}/taxii2/`, { headers });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    clients.postMessage('stop');
    const { pages, pushes } = await finished;
    await clients.terminate();
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
    const summary = `discovery p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${latencies.length} requests; meanwhile ${pages} pages of 1,000 and ${pushes} envelopes of 2,000`;
    console.log(summary);
    expect(pages).toBeGreaterThan(4);
    expect(pushes).toBeGreaterThan(1);
    expect(p99, summary).toBeLessThan(50);
  }, 60_000);
});

