// Storage that fails under the server: a database at its size limit, a real full disk (a small
// tmpfs), a database file that cannot be written, a damaged database file. Each answers 503 with an error resource
// naming the fault and a Retry-After, is logged once, keeps what was acknowledged, leaves other
// requests working, and (except damage, which needs the operator) clears by itself.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestPath, objectsPath, startServer, testIndicator, type Reply, type Running } from './harness.js';

const RETRY_AFTER = 7;

/** A mounted tmpfs of the given size, when this machine lets the tests mount (root on Linux). */
function tmpfs(kilobytes: number) {
  const dir = mkdtempSync(join(tmpdir(), 'taxii-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k`, 'tmpfs', dir], { stdio: 'ignore' });
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const canMount = (() => {
  try {
    tmpfs(64).unmount();
    return true;
  } catch {
    return false;
  }
})();
if (!canMount) console.warn('storage-faults: this machine does not let the tests mount a tmpfs; the full-disk and read-only cases are skipped');

/** 200 indicators of about 2.3 KB each, distinct per batch. */
const batch = (n: number) => ({
  objects: Array.from({ length: 200 }, (_, i) => testIndicator(i, { description: 'p'.repeat(2000) }, n.toString(16).padStart(8, '0'))),
});

/** Posts batches until one is refused; returns the refusal and how many objects were acknowledged before it. */
async function fillUntilRefused(running: Running, first = 1, maxBatches = 200) {
  let acknowledged = 0;
  for (let n = first; n < first + maxBatches; n++) {
    const reply = await running.as('alice').post(objectsPath(), batch(n));
    if (reply.status !== 202) return { refusal: reply, acknowledged, next: n + 1 };
    acknowledged += reply.body.success_count;
  }
  throw new Error(`${maxBatches} batches were all accepted`);
}

async function storedCount(running: Running) {
  const pages = await running.as('alice').walk(manifestPath(), 1000);
  for (const page of pages) expect(page.status).toBe(200);
  return pages.reduce((n, page) => n + (page.body.objects?.length ?? 0), 0);
}

function expectStorageFault(reply: Reply, kinds: string[]) {
  expect(reply.status).toBe(503);
  expect(reply.headers.get('retry-after')).toBe(String(RETRY_AFTER));
  expect(reply.body).toMatchObject({ title: 'Service unavailable', http_status: '503', error_code: 'storage-unavailable' });
  expect(reply.body.description).toMatch(/^Storage failed: /);
  expect(kinds).toContain(reply.body.details.storage);
}

/** Takes the server's log lines that match, leaving the rest for stop() to judge. */
function takeLog(running: Running, pattern: RegExp): string[] {
  const taken = running.log.filter((line) => pattern.test(line));
  running.log.splice(0, running.log.length, ...running.log.filter((line) => !pattern.test(line)));
  return taken;
}

describe('a database at its configured size limit', () => {
  let running: Running;
  afterAll(() => running?.stop());

  it('refuses writes with 503 and Retry-After, logs once, keeps serving reads, and takes writes again once objects are deleted', async () => {
    running = await startServer({
      storage: { maxSizeMegabytes: 2 },
      limits: { storageRetryAfterSeconds: RETRY_AFTER },
      settings: { metrics: { listen: { port: 0 } } },
    });
    const { refusal, acknowledged, next } = await fillUntilRefused(running);
    expectStorageFault(refusal, ['full']);
    for (let n = 0; n < 3; n++) expectStorageFault(await running.as('alice').post(objectsPath(), batch(next + n)), ['full']);
    // The metrics count every fault, where the log has one line for the episode.
    const page = await (await fetch(running.server.metricsUrl!)).text();
    expect(page).toContain('taxii_store_errors_total{side="writes",kind="full"} 4\n');
    expect(await storedCount(running)).toBe(acknowledged);
    expect((await running.as('alice').get('/taxii2/')).status).toBe(200);
    expect(takeLog(running, /^storage fault on writes: the disk or the database size limit is full \(SQLITE_FULL/)).toHaveLength(1);

    // The operator makes room: delete the first two batches.
    for (const n of [1, 2])
      for (const object of batch(n).objects) expect((await running.as('alice').delete(`${objectsPath()}${object.id}/?match[version]=all`)).status).toBe(200);
    const after = await running.as('alice').post(objectsPath(), { objects: batch(next + 10).objects.slice(0, 20) });
    expect(after.status).toBe(202);
    expect(after.body.success_count).toBe(20);
    expect(await storedCount(running)).toBe(acknowledged - 400 + 20);
    expect(takeLog(running, /^storage writes work again after \d+ failed calls \(full\)$/)).toHaveLength(1);
  });
});

describe.skipIf(!canMount)('a real full disk (tmpfs)', () => {
  let running: Running;
  let disk: ReturnType<typeof tmpfs>;
  afterAll(async () => {
    await running?.stop();
    disk?.unmount();
  });

  it('refuses writes with 503 while the disk is full and takes them again once space is freed', async () => {
    disk = tmpfs(8 * 1024);
    running = await startServer({ dir: disk.dir, limits: { storageRetryAfterSeconds: RETRY_AFTER } });
    await running.as('alice').post(objectsPath(), batch(1));
    // Leave about 600 KB: a few batches fit, then the disk is full.
    const filler = join(disk.dir, 'filler');
    const free = Number(statfsSync(disk.dir).bavail) * Number(statfsSync(disk.dir).bsize);
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    for (let left = free - 600 * 1024; left > 0; left -= chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, left));
    closeSync(fd);

    const { refusal, acknowledged, next } = await fillUntilRefused(running, 2);
    expectStorageFault(refusal, ['full', 'io-error']);
    expectStorageFault(await running.as('alice').post(objectsPath(), batch(next)), ['full', 'io-error']);
    expect(await storedCount(running)).toBe(200 + acknowledged);
    expect(takeLog(running, /^storage fault on writes: /)).toHaveLength(1);

    rmSync(filler);
    const after = await running.as('alice').post(objectsPath(), batch(next + 1));
    expect(after.status).toBe(202);
    expect(await storedCount(running)).toBe(200 + acknowledged + 200);
    expect(takeLog(running, /^storage writes work again after \d+ failed calls/)).toHaveLength(1);
  });
});

/** Sets or clears the immutable attribute, which stops even root from writing to a file already open. */
const immutable = (on: boolean, ...files: string[]) => execFileSync('chattr', [on ? '+i' : '-i', ...files], { stdio: 'ignore' });

const canChattr = (() => {
  const probe = join(mkdtempSync(join(tmpdir(), 'taxii-chattr-')), 'probe');
  try {
    closeSync(openSync(probe, 'w'));
    immutable(true, probe);
    immutable(false, probe);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
})();
if (!canChattr) console.warn('storage-faults: this machine does not let the tests make a file immutable; the unwritable-file case is skipped');

describe.skipIf(!canChattr)('a database file that cannot be written', () => {
  let running: Running;
  let files: string[] = [];
  afterAll(async () => {
    if (files.length > 0) immutable(false, ...files);
    await running?.stop();
  });

  it('refuses writes with 503 while the file cannot be written, keeps what was stored, and takes writes again once it can', async () => {
    running = await startServer({ limits: { storageRetryAfterSeconds: RETRY_AFTER } });
    expect((await running.as('alice').post(objectsPath(), batch(1))).status).toBe(202);

    files = ['taxii.sqlite', 'taxii.sqlite-wal'].map((name) => join(running.dir, name));
    immutable(true, ...files);
    for (let n = 2; n < 5; n++) expectStorageFault(await running.as('alice').post(objectsPath(), batch(n)), ['read-only', 'io-error']);
    expect((await running.as('alice').get('/taxii2/')).status).toBe(200);
    expect(takeLog(running, /^storage fault on writes: /)).toHaveLength(1);

    immutable(false, ...files);
    files = [];
    expect((await running.as('alice').post(objectsPath(), batch(5))).status).toBe(202);
    expect(await storedCount(running)).toBe(400);
    expect(takeLog(running, /^storage writes work again after 3 failed calls/)).toHaveLength(1);
    // Reads may also have failed while the file could not be written; if they did, they recovered too.
    takeLog(running, /^storage (fault on reads|reads work again)/);
  });
});

describe('a damaged database file', () => {
  let running: Running;
  const dir = mkdtempSync(join(tmpdir(), 'taxii-damaged-'));
  afterAll(async () => {
    await running?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 naming the damage, not 500, logs it once, and keeps serving what does not touch the damaged pages', async () => {
    const first = await startServer({ dir });
    for (let n = 1; n <= 5; n++) expect((await first.as('alice').post(objectsPath(), batch(n))).status).toBe(202);
    await first.stop();

    // Overwrite every third leaf page of the objects table with garbage, as a failing disk might.
    const file = join(dir, 'taxii.sqlite');
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const leaves = (
      db.prepare("SELECT pageno FROM dbstat WHERE name = 'objects' AND pagetype = 'leaf' ORDER BY pageno").all() as Array<{ pageno: number }>
    ).filter((_, i) => i % 3 === 0);
    db.close();
    expect(leaves.length).toBeGreaterThan(10);
    const fd = openSync(file, 'r+');
    for (const { pageno } of leaves) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (pageno - 1) * pageSize);
    closeSync(fd);

    running = await startServer({ dir, limits: { storageRetryAfterSeconds: RETRY_AFTER } });
    for (let n = 0; n < 3; n++) expectStorageFault(await running.as('alice').get(`${manifestPath()}?limit=1000`), ['damaged']);
    expect((await running.as('alice').get('/taxii2/')).status).toBe(200);
    expect((await running.as('alice').get('/api1/collections/')).status).toBe(200);
    expect(takeLog(running, /^storage fault on reads: the database file is damaged \(SQLITE_CORRUPT/)).toHaveLength(1);
  });
});
