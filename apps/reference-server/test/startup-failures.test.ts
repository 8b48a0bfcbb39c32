// `taxii-server start` that cannot start exits 1 within seconds, with one line on standard error
// naming what failed and the setting to change, so that a process manager sees the failure and
// restarts it (it used to print the error, or nothing, and then wait until killed). Each case is
// the real fault: a port another process holds, a file that is not a database, a path the kernel
// refuses, a PostgreSQL server that is not there, an immutable database file.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/taxii-server.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'taxii-startup-'));
let starter: string;
let held: Server;
let heldPort: number;
let closedPort: number;

/** A free port nothing listens on: bound, noted, released. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const init = spawnSync(process.execPath, [BIN, 'init', '--config', join(dir, 'starter.yaml')], { encoding: 'utf8' });
  expect(init.status).toBe(0);
  starter = readFileSync(join(dir, 'starter.yaml'), 'utf8');
  held = createServer();
  await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
  heldPort = (held.address() as { port: number }).port;
  closedPort = await unusedPort();
});

afterAll(async () => {
  await new Promise((resolve) => held.close(resolve));
  spawnSync('chattr', ['-i', join(dir, 'immutable', 'taxii.sqlite')]);
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Starts the server on a variation of the starter configuration and resolves with how it ended. A
 * start that hangs is killed after 20 s, and fails on its exit code (null, not 1).
 */
function start(name: string, storage: string, port = 0) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, starter.replace(/sqlite: \{ path: \.\/data\/taxii\.sqlite \}/, storage));
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'start', '--config', file, '--port', String(port)]);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
    });
  });
}

describe('a start that cannot start', () => {
  it('names the starter storage line it varies', () => {
    expect(starter).toMatch(/sqlite: \{ path: \.\/data\/taxii\.sqlite \}/);
  });

  it.each([
    [
      'port in use',
      () => start('port', 'sqlite: { path: ./port.sqlite }', heldPort),
      /^taxii-server: cannot listen on 127\.0\.0\.1:\d+: the port is in use \(EADDRINUSE\); change listen in .*port\.yaml, or pass --port\/--host$/,
    ],
    [
      'the metrics port in use',
      () => start('metrics', `sqlite: { path: ./metrics.sqlite }\nmetrics: { listen: { port: ${heldPort} } }`),
      /^taxii-server: cannot serve the metrics on 127\.0\.0\.1:\d+: the port is in use \(EADDRINUSE\); change metrics\.listen in .*metrics\.yaml$/,
    ],
    [
      'a file that is not a database',
      () => {
        writeFileSync(join(dir, 'notadb.sqlite'), 'not a database, just text\n'.repeat(100));
        return start('notadb', 'sqlite: { path: ./notadb.sqlite }');
      },
      /^taxii-server: cannot open the SQLite database .*notadb\.sqlite \(storage\.sqlite\.path in .*notadb\.yaml\): file is not a database$/,
    ],
    [
      'a path under /proc',
      () => start('proc', 'sqlite: { path: /proc/taxii.sqlite }'),
      /^taxii-server: cannot open the SQLite database \/proc\/taxii\.sqlite \(storage\.sqlite\.path in .*proc\.yaml\): /,
    ],
    [
      'PostgreSQL not reachable',
      () => start('postgres', `postgres: { url: "postgresql://taxii:secret@127.0.0.1:${closedPort}/taxii" }`),
      /^taxii-server: cannot open PostgreSQL at 127\.0\.0\.1:\d+\/taxii \(storage\.postgres\.url in .*postgres\.yaml\): .*ECONNREFUSED/,
    ],
  ])('%s: exit 1, one line naming the setting', async (_, run, line) => {
    const { code, stderr } = await run();
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(line);
    expect(stderr).not.toContain('secret');
  });

  it('an immutable database file: exit 1, one line (where the file system can mark one)', async (context) => {
    const immutable = join(dir, 'immutable');
    mkdirSync(immutable);
    writeFileSync(join(immutable, 'taxii.sqlite'), '');
    chmodSync(join(immutable, 'taxii.sqlite'), 0o644);
    if (spawnSync('chattr', ['+i', join(immutable, 'taxii.sqlite')]).status !== 0)
      return context.skip('chattr +i is not available here (it needs root and a file system with the flag)');
    const { code, stderr } = await start('immutable', 'sqlite: { path: ./immutable/taxii.sqlite }');
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^taxii-server: cannot open the SQLite database .*immutable\/taxii\.sqlite \(storage\.sqlite\.path in .*immutable\.yaml\): /);
  });
});
