// A flood of logins under made-up user names must not starve real users: each unknown name once
// cost a full scrypt, and 16 connections pushed a real first login from 0.26 s to 2.5 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../src/config.js';
import { createReferenceServer, type ReferenceServer } from '../src/server.js';
import { basicAuth, PASSWORD, TAXII, testConfig } from './harness.js';

let server: ReferenceServer | undefined;
let dir: string | undefined;

afterEach(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(limits: Partial<ServerConfig['limits']>): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'taxii-flood-'));
  server = await createReferenceServer(await testConfig(dir, limits), { log: () => undefined });
  return server.listen(0);
}

async function login(base: string, user: string, password = PASSWORD): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${base}/taxii2/`, { headers: { Accept: TAXII, Authorization: basicAuth(user, password) } });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

/** 16 connections sending made-up user names until `stop` resolves; how many they sent. */
async function flood(base: string, stop: Promise<void>): Promise<number> {
  let sent = 0;
  let running = true;
  void stop.then(() => (running = false));
  await Promise.all(
    Array.from({ length: 16 }, async (_, c) => {
      while (running) {
        await login(base, `nobody-${c}-${sent++}`, 'guess');
      }
    }),
  );
  return sent;
}

describe('a flood of unknown user names', () => {
  it('leaves a real first login under twice its idle time, even with no per-address limit', async () => {
    const base = await start({ maxFailedLoginsPerAddress: 0, maxFailedLogins: 0 });
    // Each configured user's first login is a password check (nothing remembered yet); erin's
    // warms the server up and is not counted.
    expect((await login(base, 'erin')).status).toBe(200);
    const idle = [await login(base, 'alice'), await login(base, 'bob')];
    expect(idle.map((l) => l.status)).toEqual([200, 200]);
    let stopFlood!: () => void;
    const flooding = flood(base, new Promise<void>((resolve) => (stopFlood = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const during = [await login(base, 'carol'), await login(base, 'dave')];
    stopFlood();
    const sent = await flooding;
    const idleMs = Math.max(...idle.map((l) => l.ms));
    const duringMs = Math.max(...during.map((l) => l.ms));
    const summary = `first login idle ${idleMs.toFixed(0)} ms, during a flood of ${sent} made-up names ${duringMs.toFixed(0)} ms`;
    console.log(summary);
    expect(during.map((l) => l.status)).toEqual([200, 200]);
    expect(sent).toBeGreaterThan(16);
    expect(duringMs, summary).toBeLessThan(2 * idleMs);
  }, 60_000);

  it('past its failure limit, an address gets no password check for unknown names, yet no faster answer than for known ones; its real users still get in', async () => {
    const base = await start({ maxFailedLoginsPerAddress: 20, maxFailedLogins: 10 });
    for (let i = 0; i < 20; i++) expect((await login(base, `nobody-${i}`, 'guess')).status).toBe(401);
    /** Five failed logins one after another: their median time and the CPU this process spent on them. */
    const failures = async (user: (i: number) => string) => {
      const times: number[] = [];
      const cpu = process.cpuUsage();
      for (let i = 0; i < 5; i++) {
        const attempt = await login(base, user(i), `wrong-${i}`);
        expect(attempt.status).toBe(401);
        times.push(attempt.ms);
      }
      const spent = process.cpuUsage(cpu);
      return { medianMs: times.sort((a, b) => a - b)[2]!, cpuMs: (spent.user + spent.system) / 1000 };
    };
    const unknown = await failures((i) => `nobody-else-${i}`);
    const known = await failures(() => 'bob');
    console.log(
      `past the address limit: unknown names ${unknown.medianMs.toFixed(0)} ms, ${unknown.cpuMs.toFixed(0)} ms CPU; a known name ${known.medianMs.toFixed(0)} ms, ${known.cpuMs.toFixed(0)} ms CPU`,
    );
    // A wait, not scrypt: a fraction of the CPU of five real checks.
    expect(unknown.cpuMs).toBeLessThan(known.cpuMs / 3);
    // And no answer that gives the name away by coming sooner or later.
    expect(unknown.medianMs / known.medianMs).toBeGreaterThan(0.5);
    expect(unknown.medianMs / known.medianMs).toBeLessThan(2);
    expect((await login(base, 'alice')).status).toBe(200);
  }, 60_000);
});
