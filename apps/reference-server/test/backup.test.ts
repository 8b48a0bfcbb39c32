// `taxii-server backup` as an operator runs it: on the database of a running server while four
// clients push without pause. Every object acknowledged before the backup began is in the copy;
// no push is in it by halves (each is one transaction); the copy passes SQLite's integrity check;
// and a server started on the copy, as the README's restore says, serves them. On PostgreSQL the
// command says to use pg_dump instead.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/passwords.js';
import { basicAuth, PASSWORD, startServerProcess, storedIds, TAXII, TEST_STORE, testIndicator, testPostgresDatabase, type ServerProcess } from './harness.js';

const BIN = fileURLToPath(new URL('../bin/taxii-server.js', import.meta.url));
const COLLECTION = '55555555-5555-4555-8555-555555555555';
const ROOT = '/feeds/';
const PUSHERS = 4;
const PER_PUSH = 50;

const dir = mkdtempSync(join(tmpdir(), 'taxii-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeConfig(file: string, storage: object) {
  const config = {
    listen: { host: '127.0.0.1', port: 0 },
    storage,
    logging: { requests: false },
    discovery: { title: 'Backup', default: ROOT },
    apiRoots: [{ path: ROOT, title: 'Feeds', collections: [{ id: COLLECTION, alias: 'feed', title: 'Feed', read: ['alice'], write: ['alice'] }] }],
    users: [{ username: 'alice', passwordHash: await hashPassword(PASSWORD) }],
  };
  writeFileSync(file, JSON.stringify(config));
}

function backup(configFile: string, target: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'backup', target, '--config', configFile], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(TEST_STORE === 'postgres')('backup of a SQLite database while the server serves and writes', () => {
  const configFile = join(dir, 'taxii-server.json');
  let server: ServerProcess;

  beforeAll(async () => {
    await writeConfig(configFile, { sqlite: { path: './taxii.sqlite' } });
    server = await startServerProcess(configFile);
  }, 60_000);
  afterAll(() => server?.stop());

  it('holds every object acknowledged before it began, no push by halves, and a server on the copy serves them', async () => {
    const acknowledged: string[][] = [];
    let stop = false;
    const pusher = async (series: string) => {
      for (let push = 0; !stop; push++) {
        const objects = Array.from({ length: PER_PUSH }, (_, i) => testIndicator(push * PER_PUSH + i, {}, series));
        const answer = await fetch(`${server.base}${ROOT}collections/${COLLECTION}/objects/`, {
          method: 'POST',
          headers: { Authorization: basicAuth('alice'), Accept: TAXII, 'Content-Type': TAXII },
          body: JSON.stringify({ objects }),
        });
        const status = (await answer.json()) as { success_count: number };
        expect(answer.status).toBe(202);
        expect(status.success_count).toBe(PER_PUSH);
        acknowledged.push(objects.map((o) => o.id));
      }
    };
    const pushing = Promise.all(Array.from({ length: PUSHERS }, (_, i) => pusher(`0000ba${String(i).padStart(2, '0')}`)));
    while (acknowledged.length < 60) await new Promise((resolve) => setTimeout(resolve, 20));

    const before = acknowledged.length;
    const target = join(dir, 'copy.sqlite');
    const done = await backup(configFile, target);
    const during = acknowledged.length - before;
    stop = true;
    await pushing;

    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(done.stdout).toMatch(/^Backed up to .*copy\.sqlite: \d+ object versions, [\d.]+ MB, in [\d.]+ s\n$/);
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set((copy.prepare('SELECT id FROM objects').all() as { id: string }[]).map((row) => row.id));
    copy.close();
    for (const push of acknowledged.slice(0, before)) expect(push.every((id) => stored.has(id))).toBe(true);
    for (const push of acknowledged) expect([0, PER_PUSH]).toContain(push.filter((id) => stored.has(id)).length);
    // Writes went on while it copied: the backup does not stop the server.
    expect(during).toBeGreaterThan(0);

    // Restore: a server whose storage.sqlite.path is the copy.
    const restoredConfig = join(dir, 'restored.json');
    await writeConfig(restoredConfig, { sqlite: { path: './copy.sqlite' } });
    const restored = await startServerProcess(restoredConfig);
    try {
      const ids = await storedIds(restored.base, `${ROOT}collections/${COLLECTION}/`);
      expect(ids).toEqual(stored);
    } finally {
      await restored.stop();
    }
  }, 180_000);

  it('refuses to overwrite a file, and says what it needs', async () => {
    const existing = join(dir, 'exists.sqlite');
    writeFileSync(existing, 'keep me');
    expect(await backup(configFile, existing)).toMatchObject({
      code: 1,
      stderr: `taxii-server: ${existing} exists; not overwritten (remove it, or name another file)\n`,
    });
    const usage = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [BIN, 'backup', '--config', configFile], (error, _out, stderr) => resolve({ code: Number(error?.code ?? 0), stderr })),
    );
    expect(usage).toEqual({ code: 2, stderr: 'taxii-server: backup needs one <file> to write the copy to\n' });
  });
});

describe.skipIf(TEST_STORE !== 'postgres')('backup on PostgreSQL', () => {
  it('points to pg_dump, naming the database without its password', async () => {
    const configFile = join(dir, 'postgres.json');
    const url = await testPostgresDatabase();
    await writeConfig(configFile, { postgres: { url } });
    const done = await backup(configFile, join(dir, 'dump'));
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(/^taxii-server: the store is PostgreSQL \(.+\): back it up with PostgreSQL's own tools, e\.g\. pg_dump --format=custom/);
    expect(done.stderr).not.toContain(new URL(url).password);
  });
});
