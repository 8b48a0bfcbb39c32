// Behind a real reverse proxy (Debian's nginx, terminating TLS): with `trustProxy` naming it, the
// log and the failed-login limit see each client's own address from X-Forwarded-For; without it,
// every client is the proxy, so one client's lockout locks out the next. Clients come from
// distinct loopback addresses (127.0.0.5, 127.0.0.6) so that "the client" and "the proxy" differ.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCa, OPENSSL, serverCertificate } from '../../../test/support/certificates.js';
import { jsonLog } from '../src/access-log.js';
import { createReferenceServer } from '../src/server.js';
import { basicAuth, TAXII, TEST_STORE, testConfig } from './harness.js';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
const dir = mkdtempSync(join(tmpdir(), 'taxii-behind-proxy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** nginx on 127.0.0.1:<port> with TLS, passing everything to `upstream` with X-Forwarded-For. */
async function startNginx(upstream: string, ca: { cert: string; key: string }): Promise<{ port: number; stop: () => Promise<void> }> {
  const home = mkdtempSync(join(dir, 'nginx-'));
  for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(home, temp));
  const pem = serverCertificate(home, ca);
  const port = await freePort();
  writeFileSync(
    join(home, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root root;\n' : ''}worker_processes 1;
pid ${home}/nginx.pid;
error_log ${home}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${home}/body; proxy_temp_path ${home}/proxy; fastcgi_temp_path ${home}/fastcgi;
  uwsgi_temp_path ${home}/uwsgi; scgi_temp_path ${home}/scgi;
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${pem.cert};
    ssl_certificate_key ${pem.key};
    location / {
      proxy_pass ${upstream};
      proxy_set_header Host $host:$server_port;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX!, ['-p', home, '-c', join(home, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null)
      throw new Error(`nginx exited ${child.exitCode}: ${stderr}${existsSync(join(home, 'error.log')) ? readFileSync(join(home, 'error.log'), 'utf8') : ''}`);
    const up = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(true));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
    });
    if (up) break;
    if (tries > 100) throw new Error('nginx did not start listening');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

describe.skipIf(!NGINX || !OPENSSL)(`behind nginx terminating TLS (${TEST_STORE})`, () => {
  async function through(trustProxy: string[]) {
    const config = await testConfig(mkdtempSync(join(dir, 'server-')), { maxFailedLogins: 3 });
    config.trustProxy = trustProxy;
    const lines: Array<Record<string, unknown>> = [];
    const server = await createReferenceServer(config, { validateResponses: true, events: jsonLog((line) => lines.push(JSON.parse(line))) });
    const upstream = await server.listen(0);
    const ca = makeCa(mkdtempSync(join(dir, 'ca-')), 'proxy');
    const proxy = await startNginx(upstream, ca);
    const get = (from: string, auth: string, forged?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: proxy.port,
            path: '/taxii2/',
            localAddress: from,
            ca: readFileSync(ca.cert),
            agent: false,
            headers: { Accept: TAXII, Authorization: auth, ...(forged && { 'X-Forwarded-For': forged }) },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', reject);
        req.end();
      });
    return {
      get,
      lines,
      async stop() {
        await proxy.stop();
        await server.close();
      },
    };
  }

  it('with trustProxy, logs and limits each client by its own address', async () => {
    const run = await through(['127.0.0.1']);
    try {
      expect(await run.get('127.0.0.5', basicAuth('alice'))).toBe(200);
      for (let i = 0; i < 3; i++) expect(await run.get('127.0.0.5', basicAuth('alice', `wrong ${i}`))).toBe(401);
      expect(await run.get('127.0.0.5', basicAuth('alice'))).toBe(429);
      // Another client behind the same proxy is not locked out by the first one's failures, and a
      // client cannot pass for another by writing X-Forwarded-For itself: nginx appends the
      // address it saw, and that is the one believed.
      expect(await run.get('127.0.0.6', basicAuth('alice'))).toBe(200);
      expect(await run.get('127.0.0.5', basicAuth('alice'), '127.0.0.7')).toBe(429);
      const requests = run.lines.filter((l) => l.event === 'request');
      expect(requests.map((l) => l.address)).toEqual(['127.0.0.5', '127.0.0.5', '127.0.0.5', '127.0.0.5', '127.0.0.5', '127.0.0.6', '127.0.0.5']);
      expect(run.lines.find((l) => l.event === 'login-locked')).toMatchObject({ user: 'alice', address: '127.0.0.5' });
    } finally {
      await run.stop();
    }
  }, 60_000);

  it('without it, every client is the proxy: one client’s failures lock out the next', async () => {
    const run = await through([]);
    try {
      for (let i = 0; i < 3; i++) expect(await run.get('127.0.0.5', basicAuth('alice', `wrong ${i}`))).toBe(401);
      expect(await run.get('127.0.0.6', basicAuth('alice'))).toBe(429);
      expect(new Set(run.lines.filter((l) => l.event === 'request').map((l) => l.address))).toEqual(new Set(['127.0.0.1']));
    } finally {
      await run.stop();
    }
  }, 60_000);
});
