// HTTPS with certificate verification always on (CLI-SEC-01): a private CA is trusted only when
// given, in the library (`@taxii21/client/node`) and on the command line (`--ca`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaxiiClient, TaxiiError } from '@taxii21/client';
import { nodeFetch } from '@taxii21/client/node';
import { startReferenceServer, USERS, type RunningServer } from '../support/reference-server.js';
import { runTaxii } from '../support/run-bin.js';

let server: RunningServer;
const auth = { username: 'analyst', password: USERS.analyst };

beforeAll(async () => {
  server = await startReferenceServer({ tls: true });
});
afterAll(() => server.stop());

describe('TLS', () => {
  it('refuses a certificate it was not told to trust, and accepts it with the CA', async () => {
    expect(server.origin).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const untrusted = await new TaxiiClient({ auth, retry: { attempts: 1 } }).discover(server.origin).catch((e) => e);
    expect(untrusted).not.toBeInstanceOf(TaxiiError);
    expect(String(untrusted.cause?.code ?? untrusted.cause?.message)).toMatch(/SELF_SIGNED|self.signed|DEPTH_ZERO/i);

    const trusted = new TaxiiClient({ auth, fetch: nodeFetch({ ca: readFileSync(join(server.dir, 'cert.pem')) }) });
    const discovery = await trusted.discover(server.origin);
    expect(discovery.api_roots).toEqual([server.apiRoot]);
    expect((await trusted.apiRoot(server.apiRoot).getCollections()).collections).toHaveLength(5);
  });

  it('taxii --ca trusts the CA; without it the command exits 3 and says why', async () => {
    const env = { TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst };
    const withCa = await runTaxii(['root', server.apiRoot, '--ca', join(server.dir, 'cert.pem')], env);
    expect(withCa.code).toBe(0);
    expect(withCa.stdout).toMatch(/^title\s+Intel feeds$/m);
    const withoutCa = await runTaxii(['root', server.apiRoot, '--retries', '0'], env);
    expect(withoutCa.code).toBe(3);
    expect(withoutCa.stderr).toMatch(/certificate/i);
  });
});

/** A private CA that signs a server certificate for 127.0.0.1 and a client certificate. */
function certificates(dir: string) {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=contract-test-ca', '-keyout', 'ca.key', '-out', 'ca.pem');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subject] of [['server', '/CN=127.0.0.1'], ['client', '/CN=analyst']] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
  }
  const read = (file: string) => readFileSync(join(dir, file));
  return { ca: read('ca.pem'), serverCert: read('server.pem'), serverKey: read('server.key'), clientCert: read('client.pem'), clientKey: read('client.key') };
}

describe('client certificates', () => {
  it('presents the configured certificate to a server that demands one, and gets nowhere without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxii-mtls-'));
    const pem = certificates(dir);
    // A gateway that authenticates clients by certificate in front of an API root.
    const gateway: Server = createServer({ key: pem.serverKey, cert: pem.serverCert, ca: pem.ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const subject = (req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN;
      res.writeHead(200, { 'Content-Type': 'application/taxii+json;version=2.1' });
      res.end(JSON.stringify({ title: `Hello ${subject}`, versions: ['application/taxii+json;version=2.1'], max_content_length: 1024 }));
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(gateway.address() as AddressInfo).port}/api/`;
    try {
      const withCertificate = new TaxiiClient({ fetch: nodeFetch({ ca: pem.ca, cert: pem.clientCert, key: pem.clientKey }) });
      expect((await withCertificate.apiRoot(url).getApiRoot()).title).toBe('Hello analyst');
      const without = await new TaxiiClient({ fetch: nodeFetch({ ca: pem.ca }), retry: { attempts: 1 } }).apiRoot(url).getApiRoot().catch((e) => e);
      expect(without).toBeInstanceOf(Error);
      expect(without).not.toBeInstanceOf(TaxiiError);
    } finally {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
