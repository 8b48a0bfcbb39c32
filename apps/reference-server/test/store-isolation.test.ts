// The PostgreSQL store's worker never loads the SQLite driver: a deployment on PostgreSQL does not
// need better-sqlite3's native module to build or load. Each worker entry runs on a worker thread
// of its own (its own module cache), takes one call, and its reply carries the packages that
// thread has loaded, read from Node's module cache; the SQLite worker, which must load the
// driver, shows that the check sees it.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const STORE = fileURLToPath(new URL('../dist/store/', import.meta.url));

// Runs in the worker before the entry: each reply the entry posts gets the loaded packages added.
const RECORDING_ENTRY = `
  const { parentPort, workerData } = require('node:worker_threads');
  const post = parentPort.postMessage.bind(parentPort);
  const packages = () => [...new Set(Object.keys(require('node:module')._cache)
    .map((file) => /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file)?.[1]).filter(Boolean))];
  parentPort.postMessage = (reply) => post({ ...reply, packages: packages() });
  import(workerData.entry);`;

/** The packages a store worker has loaded once it answered one call. */
async function packagesAfterOneCall(entry: string, workerData: object): Promise<string[]> {
  const worker = new Worker(RECORDING_ENTRY, { eval: true, workerData: { ...workerData, entry: STORE + entry } });
  try {
    const reply = new Promise<{ packages: string[] }>((resolve, reject) => {
      worker.on('message', (message: { id?: number; packages: string[] }) => message.id === 0 && resolve(message));
      worker.on('error', reject);
    });
    worker.postMessage({ id: 0, method: 'countRecords', args: [''] });
    return (await reply).packages;
  } finally {
    await worker.terminate();
  }
}

describe('what each store worker loads', () => {
  it('the SQLite worker loads the SQLite driver (so the check sees it)', async () => {
    expect(await packagesAfterOneCall('sqlite-worker.js', { path: ':memory:', options: {} })).toContain('better-sqlite3');
  });

  it('the PostgreSQL worker loads pg and not the SQLite driver, even when its database cannot be reached', async () => {
    const packages = await packagesAfterOneCall('postgres-worker.js', {
      options: { url: 'postgres://taxii@127.0.0.1:1/none', connectTimeoutMilliseconds: 2000 },
    });
    expect(packages).toContain('pg');
    expect(packages).not.toContain('better-sqlite3');
  });
});
