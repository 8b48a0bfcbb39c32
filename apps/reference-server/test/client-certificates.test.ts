// Client certificates (tls.clientCa): a certificate that TLS verifies logs in as the user whose
// `certificates` entries name it, by subject CN or SAN, with that user's rights. Certificates are
// made by openssl for each run; the requests are Node's own HTTPS client, as a consumer's would be.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issue, makeCa, OPENSSL, serverCertificate, type Pem } from '../../../test/support/certificates.js';
import { createReferenceServer, type ReferenceServer } from '../src/server.js';
import { basicAuth, MAIN, TAXII, TEST_STORE, testConfig, testIndicator } from './harness.js';

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: any };

const dir = mkdtempSync(join(tmpdir(), 'taxii-client-certs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!OPENSSL)(`client certificates (${TEST_STORE})`, () => {
  let ca: Pem;
  let serverPem: Pem;
  const clients: Record<string, Pem> = {};

  beforeAll(() => {
    ca = makeCa(dir, 'clients');
    serverPem = serverCertificate(dir, ca);
    clients.alice = issue(dir, ca, 'alice', '/CN=alice/O=Acme', { use: 'client' });
    clients.bob = issue(dir, ca, 'bob', '/CN=feed-reader-7', { altNames: 'email:bob@example.org,DNS:Feed.Example.org', use: 'client' });
    clients.nobody = issue(dir, ca, 'nobody', '/CN=nobody', { use: 'client' });
    clients.stranger = issue(dir, makeCa(dir, 'elsewhere'), 'stranger', '/CN=alice', { use: 'client' });
  });

  async function serve(mode: 'optional' | 'required'): Promise<{
    server: ReferenceServer;
    base: string;
    send: (path: string, options?: { as?: Pem; auth?: string; method?: string; body?: unknown }) => Promise<Answer>;
  }> {
    const config = await testConfig(mkdtempSync(join(dir, 'server-')));
    config.tls = { cert: serverPem.cert, key: serverPem.key, clientCa: ca.cert, clientCertificates: mode };
    config.users = config.users.map((u) => ({
      ...u,
      ...(u.username === 'alice' && { certificates: ['CN=alice'] }),
      ...(u.username === 'bob' && { certificates: ['DNS:feed.example.org'] }),
    }));
    const server = await createReferenceServer(config, { validateResponses: true });
    const base = await server.listen(0);
    const send = (path: string, options: { as?: Pem; auth?: string; method?: string; body?: unknown } = {}) =>
      new Promise<Answer>((resolve, reject) => {
        const body = options.body === undefined ? undefined : JSON.stringify(options.body);
        const req = request(
          `${base}${path}`,
          {
            method: options.method ?? 'GET',
            ca: readFileSync(ca.cert),
            ...(options.as && { cert: readFileSync(options.as.cert), key: readFileSync(options.as.key) }),
            headers: { Accept: TAXII, ...(body && { 'Content-Type': TAXII }), ...(options.auth && { Authorization: options.auth }) },
            agent: false,
          },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    return { server, base, send };
  }

  it('logs a verified certificate in as the user it names (subject CN or SAN), with that user’s rights', async () => {
    const { server, send } = await serve('optional');
    try {
      const alice = await send('/api1/collections/', { as: clients.alice! });
      expect(alice.status).toBe(200);
      expect(alice.body.collections.find((c: any) => c.id === MAIN)).toMatchObject({ can_read: true, can_write: true });
      expect((await send(`/api1/collections/${MAIN}/objects/`, { as: clients.alice!, method: 'POST', body: { objects: [testIndicator(1)] } })).status).toBe(
        202,
      );

      // bob's certificate is named by a DNS SAN, matched without regard to case; bob only reads main.
      const bob = await send(`/api1/collections/${MAIN}/objects/`, { as: clients.bob! });
      expect(bob.status).toBe(200);
      expect((await send(`/api1/collections/${MAIN}/objects/`, { as: clients.bob!, method: 'POST', body: { objects: [testIndicator(2)] } })).status).toBe(403);

      // Verified but mapped to nobody: 401, saying which certificate.
      const nobody = await send('/taxii2/', { as: clients.nobody! });
      expect(nobody.status).toBe(401);
      expect(nobody.body.description).toMatch(/client certificate \(subject CN=nobody\) belongs to no user/);

      // A certificate from another CA is no credential at all; Basic still works in optional mode.
      const stranger = await send('/taxii2/', { as: clients.stranger! });
      expect(stranger.status).toBe(401);
      expect(stranger.body.description).toMatch(/needs HTTP Basic credentials, a bearer token or a client certificate/);
      expect((await send('/taxii2/', { auth: basicAuth('carol') })).status).toBe(200);
      // An Authorization header speaks for the request even on a connection with a certificate.
      expect((await send('/taxii2/', { as: clients.alice!, auth: basicAuth('alice', 'wrong') })).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('in required mode, refuses every request without a verified certificate with a 401 that says why; the certificate alone names the user', async () => {
    const { server, send } = await serve('required');
    try {
      expect((await send('/taxii2/', { as: clients.alice! })).status).toBe(200);
      const none = await send('/taxii2/', { auth: basicAuth('alice') });
      expect(none.status).toBe(401);
      expect(none.body.description).toBe('This server requires a client certificate signed by a CA it trusts; none was presented.');
      const stranger = await send('/taxii2/', { as: clients.stranger! });
      expect(stranger.status).toBe(401);
      expect(stranger.body.description).toMatch(
        /^This server requires a client certificate signed by a CA it trusts; the one presented was refused \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/,
      );
      // A header cannot make bob's certificate speak for alice, nor a wrong password undo a valid certificate.
      expect(
        (
          await send(`/api1/collections/${MAIN}/objects/`, {
            as: clients.bob!,
            auth: basicAuth('alice'),
            method: 'POST',
            body: { objects: [testIndicator(3)] },
          })
        ).status,
      ).toBe(403);
      expect((await send('/taxii2/', { as: clients.alice!, auth: basicAuth('alice', 'wrong') })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
