// What an operator does with taxii-server, run as they run it (the built binary, a child process):
// init, user add/list/remove, start with --port, read the JSON log, reload with SIGHUP, ask
// /healthz, stop with SIGTERM while a request is in flight.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TAXII } from './harness.js';

const BIN = fileURLToPath(new URL('../bin/taxii-server.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'taxii-ops-'));
// A test that fails midway must not leave its server running: every one started is killed here.
const started = new Set<ChildProcessWithoutNullStreams>();
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', cwd: dir, timeout: 60_000 });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const INDICATOR = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--0a3f7c1e-5b2d-4e8f-9a6b-1c2d3e4f5a6b',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  pattern: "[ipv4-addr:value = '10.0.0.1']",
  pattern_type: 'stix',
  valid_from: '2026-01-01T00:00:00Z',
};
const PASSWORDS = { alice: 'alice has a long password', bob: 'bob has another one' };

type LogLine = { time: string; level: string; event: string; [field: string]: unknown };

/** A started server: its origin, every log line so far, and a way to wait for one. */
async function start(config: string, args: string[] = []) {
  const child = spawn(process.execPath, [BIN, 'start', '--config', config, '--port', '0', ...args], { cwd: dir }) as ChildProcessWithoutNullStreams;
  started.add(child);
  let stdout = '';
  let stderr = '';
  const lines: LogLine[] = [];
  const waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    const complete = stdout.split('\n');
    stdout = complete.pop()!;
    for (const text of complete) {
      const line = JSON.parse(text) as LogLine; // every line of standard output is JSON
      lines.push(line);
      for (const w of waiters.splice(0)) w.test(line) ? w.resolve(line) : waiters.push(w);
    }
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const waitFor = (test: (l: LogLine) => boolean) => {
    const seen = lines.find(test);
    return seen ? Promise.resolve(seen) : new Promise<LogLine>((resolve) => waiters.push({ test, resolve }));
  };
  const listening = await Promise.race([
    waitFor((l) => l.event === 'listening'),
    exited.then((code) => Promise.reject(new Error(`exited ${code}: ${stderr}`))),
  ]);
  const origin = new URL(listening.discovery as string).origin;
  return { child, lines, waitFor, exited, origin, stderr: () => stderr };
}

describe('taxii-server for operators', () => {
  const config = join(dir, 'taxii-server.yaml');

  it('init writes a starter configuration that starts as it is, and refuses to overwrite it', async () => {
    const init = run(['init', '--config', config]);
    expect(init.status).toBe(0);
    expect(readFileSync(config, 'utf8')).toMatch(/^# taxii-server configuration, written by 'taxii-server init'/);
    expect(run(['init', '--config', config])).toMatchObject({ status: 1, stderr: expect.stringContaining('exists; not overwritten') });

    const server = await start(config);
    // No user yet: it says so, and discovery refuses everyone.
    expect(server.lines.filter((l) => l.event === 'config').map((l) => l.message)).toContain(
      "users: none yet, so nobody can log in (add one with 'taxii-server user add <name>')",
    );
    expect((await fetch(`${server.origin}/taxii2/`, { headers: { Accept: TAXII } })).status).toBe(401);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 60_000);

  it('user add, list and remove keep the file valid and the rights in step', () => {
    expect(run(['user', 'add', 'alice', '--config', config, '--password-stdin'], PASSWORDS.alice).status).toBe(0);
    expect(run(['user', 'add', 'bob', '--config', config, '--password-stdin'], PASSWORDS.bob).status).toBe(0);
    expect(run(['user', 'list', '--config', config]).stdout).toBe('alice\tread: /api/intel\twrite: /api/intel\nbob\tread: -\twrite: -\n');
    expect(run(['user', 'remove', 'carol', '--config', config])).toMatchObject({ status: 1, stderr: expect.stringContaining("has no user named 'carol'") });
    expect(run(['user', 'lst', '--config', config])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("unknown user action 'lst' (did you mean 'list'?)"),
    });
    expect(readFileSync(config, 'utf8')).not.toContain(PASSWORDS.alice);
  });

  it('logs one JSON line per request and per security event, never a password; SIGHUP takes user changes', async () => {
    // A small failed-login limit, so that a lockout happens within the test.
    writeFileSync(config, readFileSync(config, 'utf8').replace('logging:', 'limits: { maxFailedLogins: 3 }\nlogging:'));
    const server = await start(config);
    const get = (path: string, auth?: string, headers: Record<string, string> = {}) =>
      fetch(`${server.origin}${path}`, { headers: { Accept: TAXII, ...(auth && { Authorization: auth }), ...headers } });

    const ok = await get('/api/collections/', basic('alice', PASSWORDS.alice), { 'X-Request-Id': 'trace-42' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('trace-42');
    const logged = await server.waitFor((l) => l.event === 'request' && l.id === 'trace-42');
    expect(logged).toMatchObject({ level: 'info', method: 'GET', path: '/api/collections/', status: 200, user: 'alice', address: '127.0.0.1' });
    expect(logged.bytes).toBe(Number(ok.headers.get('content-length')));
    expect(logged.durationMs).toEqual(expect.any(Number));

    // bob has no right on the collection, so he does not see it: 404, not 403 (§5.7).
    expect((await get('/api/collections/intel/objects/', basic('bob', PASSWORDS.bob))).status).toBe(404);
    for (let i = 0; i < 4; i++) await get('/api/', basic('alice', `wrong password ${i}`));
    await server.waitFor((l) => l.event === 'login-locked');
    const security = server.lines.filter((l) => l.level === 'warn');
    expect(security.filter((l) => l.event === 'login-failed')).toHaveLength(3);
    expect(security.find((l) => l.event === 'login-locked')).toMatchObject({ user: 'alice', address: '127.0.0.1', path: '/api/' });

    // bob gets the read right and carol appears; neither works before SIGHUP, both after.
    writeFileSync(config, readFileSync(config, 'utf8').replace(/read: \[ ?alice ?\]/, 'read: [alice, bob]'));
    expect(run(['user', 'add', 'carol', '--config', config, '--password-stdin'], 'carol too has one').status).toBe(0);
    expect((await get('/api/', basic('carol', 'carol too has one'))).status).toBe(401);
    server.child.kill('SIGHUP');
    await server.waitFor((l) => l.event === 'reloaded');
    expect((await get('/api/', basic('carol', 'carol too has one'))).status).toBe(200);
    expect((await get('/api/collections/intel/objects/', basic('bob', PASSWORDS.bob))).status).toBe(200);
    // Seeing but not writing: 403, logged as a security event.
    const refused = await fetch(`${server.origin}/api/collections/intel/objects/`, {
      method: 'POST',
      headers: { Accept: TAXII, 'Content-Type': TAXII, Authorization: basic('bob', PASSWORDS.bob) },
      body: JSON.stringify({ objects: [INDICATOR] }),
    });
    expect(refused.status).toBe(403);
    expect(await server.waitFor((l) => l.event === 'forbidden')).toMatchObject({
      level: 'warn',
      user: 'bob',
      method: 'POST',
      path: '/api/collections/intel/objects/',
    });
    // A removed user stops working at once, even though the server remembered its recent login.
    expect(run(['user', 'remove', 'bob', '--config', config]).stdout).toContain("User 'bob' removed");
    server.child.kill('SIGHUP');
    await server.waitFor((l) => l.event === 'reloaded' && l.users === 2);
    expect((await get('/api/', basic('bob', PASSWORDS.bob))).status).toBe(401);
    // A broken file is refused and the running configuration kept; a change that needs a restart is named.
    const good = readFileSync(config, 'utf8');
    writeFileSync(config, good.replace('discovery:', 'discovery: [oops\n'));
    server.child.kill('SIGHUP');
    await server.waitFor((l) => l.event === 'reload-failed');
    expect((await get('/api/', basic('carol', 'carol too has one'))).status).toBe(200);
    writeFileSync(config, good.replace('maxFailedLogins: 3', 'maxFailedLogins: 5'));
    server.child.kill('SIGHUP');
    expect(await server.waitFor((l) => l.event === 'reloaded' && Array.isArray(l.needsRestart))).toMatchObject({ needsRestart: ['limits'] });

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const everything = JSON.stringify(server.lines) + server.stderr();
    for (const secret of [...Object.values(PASSWORDS), 'carol too has one', 'wrong password', basic('alice', PASSWORDS.alice).slice(6)])
      expect(everything).not.toContain(secret);
  }, 60_000);

  it('token add prints a token once and stores its digest; list and remove manage tokens; SIGHUP takes them; logs name only the id', async () => {
    const server = await start(config);
    const added = run(['token', 'add', 'alice', '--expires', '30d', '--config', config]);
    expect(added.status, added.stderr).toBe(0);
    const token = added.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^taxii_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const id = token.split('_')[1]!;
    // The secret is base64url, which may itself hold '_': cut after the prefix, never split on it.
    const secret = token.slice(`taxii_${id}_`.length);
    expect(added.stderr).toContain(`Token ${id} for 'alice' added`);
    const file = readFileSync(config, 'utf8');
    expect(file).toContain(`id: ${id}`);
    expect(file).not.toContain(secret);
    expect(run(['token', 'list', '--config', config]).stdout).toMatch(new RegExp(`^${id}\\talice\\tcreated \\S+\\texpires \\S+\\n$`));
    expect(run(['token', 'add', 'zed', '--config', config])).toMatchObject({ status: 1, stderr: expect.stringContaining("has no user named 'zed'") });
    expect(run(['token', 'add', 'alice', '--expires', 'yesterday', '--config', config])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--expires wants a date'),
    });
    expect(run(['token', 'add', 'alice', '--expires', '2020-01-01', '--config', config])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('is not in the future'),
    });

    const get = (auth: string) => fetch(`${server.origin}/api/collections/`, { headers: { Accept: TAXII, Authorization: auth } });
    expect((await get(`Bearer ${token}`)).status).toBe(401);
    server.child.kill('SIGHUP');
    await server.waitFor((l) => l.event === 'reloaded' && l.tokens === 1);
    expect((await get(`Bearer ${token}`)).status).toBe(200);
    expect(await server.waitFor((l) => l.event === 'request' && l.status === 200 && l.path === '/api/collections/')).toMatchObject({ user: 'alice' });
    expect((await get(`Bearer ${token.slice(0, -2)}xx`)).status).toBe(401);
    expect(await server.waitFor((l) => l.event === 'login-failed')).toMatchObject({ token: id, address: '127.0.0.1' });

    expect(run(['token', 'remove', id, '--config', config]).stdout).toContain(`Token ${id} of 'alice' removed`);
    expect(run(['token', 'list', '--config', config]).stdout).toBe(`no tokens in ${config}\n`);
    server.child.kill('SIGHUP');
    await server.waitFor((l) => l.event === 'reloaded' && l.tokens === 0);
    expect((await get(`Bearer ${token}`)).status).toBe(401);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(JSON.stringify(server.lines) + server.stderr()).not.toContain(secret);
  }, 60_000);

  it('answers /healthz without credentials, and drains a request in flight on SIGTERM before exiting 0', async () => {
    const server = await start(config);
    const health = await fetch(`${server.origin}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${server.origin}/healthz`, { method: 'POST' })).status).toBe(405);

    // A POST whose body is still arriving when SIGTERM comes: it is answered, then the server exits.
    const body = JSON.stringify({ objects: [INDICATOR] });
    const { port } = new URL(server.origin);
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/collections/intel/objects/',
          headers: { Accept: TAXII, 'Content-Type': TAXII, 'Content-Length': Buffer.byteLength(body), Authorization: basic('alice', PASSWORDS.alice) },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 50));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(50)), 500);
      }, 300);
    });
    const { status, text } = await answered;
    expect(status).toBe(202);
    expect(JSON.parse(text)).toMatchObject({ success_count: 1 });
    expect(await server.exited).toBe(0);
    expect(server.lines.find((l) => l.event === 'stopped')).toMatchObject({ inFlight: 1 });
  }, 60_000);

  it('start --port and --host override the file; usage mistakes are one line and exit 2', () => {
    expect(run(['start', '--config', config, '--port', 'eighty'])).toMatchObject({
      status: 2,
      stderr: "taxii-server: --port wants a port number (0-65535), got 'eighty'\n",
    });
    expect(run(['start', '--config', config, '--host', '0.0.0.0'])).toMatchObject({
      status: 1,
      stderr: expect.stringContaining("listen.host: '0.0.0.0' is not loopback, so TAXII needs HTTPS"),
    });
    expect(run(['strat'])).toMatchObject({ status: 2, stderr: "taxii-server: unknown command 'strat' (did you mean 'start'?); run 'taxii-server --help'\n" });
    expect(run(['start', '--prot', '1'])).toMatchObject({ status: 2, stderr: 'taxii-server: unknown option --prot (did you mean --port?)\n' });
    expect(run(['start', '--port'])).toMatchObject({ status: 2, stderr: 'taxii-server: --port needs a value\n' });
    expect(run(['--version'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^taxii-server \d+\.\d+\.\d+ \(@taxii21\/reference-server\)\n$/) });
    for (const args of [
      ['help', 'user'],
      ['user', '--help'],
    ])
      expect(run(args)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage: taxii-server user add <name>/) });
  });

  it("the README's configuration example starts after only 'user add alice'", async () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const example = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    const file = join(dir, 'readme-example.yaml');
    writeFileSync(file, example);
    expect(run(['user', 'add', 'alice', '--config', file, '--password-stdin'], PASSWORDS.alice).status).toBe(0);
    const server = await start(file);
    expect(server.lines.filter((l) => l.event === 'config').map((l) => l.message)).toEqual([
      "apiRoots.0.collections.0.read: no user named 'bob' yet (add one with 'taxii-server user add bob')",
    ]);
    expect(
      (await fetch(`${server.origin}/feeds/collections/ics-attack/`, { headers: { Accept: TAXII, Authorization: basic('alice', PASSWORDS.alice) } })).status,
    ).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 60_000);
});
