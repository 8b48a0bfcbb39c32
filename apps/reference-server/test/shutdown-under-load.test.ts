// SIGTERM while eight clients push without pause, as a deploy or a process manager stops a busy
// server: it stops taking connections, answers what is in flight, closes the store and exits 0
// within its grace period; after a restart on the same database every acknowledged object is
// there, and every push is there whole or not at all. On the store of the run (SQLite, or
// PostgreSQL with TAXII_TEST_STORE=postgres).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { hashPassword } from '../src/passwords.js';
import { basicAuth, PASSWORD, startServerProcess, storedIds, TAXII, TEST_STORE, testIndicator, testPostgresDatabase } from './harness.js';

const COLLECTION = '66666666-6666-4666-8666-666666666666';
const ROOT = '/feeds/';
const PUSHERS = 8;
const PER_PUSH = 50;
const GRACE_SECONDS = 10;

const dir = mkdtempSync(join(tmpdir(), 'taxii-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('SIGTERM under load: exit 0 in the grace period, and after a restart every acknowledged push is there, none by halves', async () => {
  const configFile = join(dir, 'taxii-server.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      listen: { host: '127.0.0.1', port: 0 },
      storage: TEST_STORE === 'postgres' ? { postgres: { url: await testPostgresDatabase() } } : { sqlite: { path: './taxii.sqlite' } },
      limits: { shutdownGraceSeconds: GRACE_SECONDS },
      logging: { requests: false },
      discovery: { title: 'Shutdown under load', default: ROOT },
      apiRoots: [{ path: ROOT, title: 'Feeds', collections: [{ id: COLLECTION, alias: 'feed', title: 'Feed', read: ['alice'], write: ['alice'] }] }],
      users: [{ username: 'alice', passwordHash: await hashPassword(PASSWORD) }],
    }),
  );
  const server = await startServerProcess(configFile);
  const objectsUrl = `${server.base}${ROOT}collections/${COLLECTION}/objects/`;
  const pushes: { ids: string[]; acknowledged: boolean }[] = [];
  let refused = 0;
  const pusher = async (series: string) => {
    for (let n = 0; ; n++) {
      const objects = Array.from({ length: PER_PUSH }, (_, i) => testIndicator(n * PER_PUSH + i, {}, series));
      const push = { ids: objects.map((o) => o.id), acknowledged: false };
      pushes.push(push);
      try {
        const answer = await fetch(objectsUrl, {
          method: 'POST',
          headers: { Authorization: basicAuth('alice'), Accept: TAXII, 'Content-Type': TAXII },
          body: JSON.stringify({ objects }),
        });
        const status = (await answer.json()) as { success_count?: number };
        if (answer.status === 202 && status.success_count === PER_PUSH) push.acknowledged = true;
        else refused++;
      } catch {
        // The server has stopped taking connections: this pusher is done.
        return;
      }
    }
  };
  const pushing = Promise.all(Array.from({ length: PUSHERS }, (_, i) => pusher(`5d000${String(i).padStart(3, '0')}`)));
  while (pushes.filter((p) => p.acknowledged).length < 40) await new Promise((resolve) => setTimeout(resolve, 20));

  const stoppedAt = performance.now();
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  server.child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect((performance.now() - stoppedAt) / 1000).toBeLessThan(GRACE_SECONDS);
  await pushing;
  expect(server.log()).toMatch(/"event":"stopped"/);

  const restarted = await startServerProcess(configFile);
  try {
    const stored = await storedIds(restarted.base, `${ROOT}collections/${COLLECTION}/`);
    const acknowledged = pushes.filter((p) => p.acknowledged);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    for (const push of acknowledged) expect(push.ids.filter((id) => !stored.has(id))).toEqual([]);
    for (const push of pushes) expect([0, PER_PUSH]).toContain(push.ids.filter((id) => stored.has(id)).length);
    // Nothing was refused for any reason but the stop itself.
    expect(refused).toBe(0);
  } finally {
    await restarted.stop();
  }
}, 120_000);
