// HTTPS when a certificate is configured (SRV-SEC-01), with TLS 1.2 as the floor.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createReferenceServer } from '../src/server.js';
import { PASSWORD, TAXII, testConfig } from './harness.js';

const openssl = ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p));
const dir = mkdtempSync(join(tmpdir(), 'taxii-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function get(url: string, ca: Buffer, maxVersion?: 'TLSv1.1'): Promise<{ status: number; body: any; protocol: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ca,
        ...(maxVersion ? { maxVersion, minVersion: 'TLSv1' } : {}),
        headers: { Accept: TAXII, Authorization: `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}` },
      },
      (res) => {
        let text = '';
        const protocol = (res.socket as import('node:tls').TLSSocket).getProtocol() ?? '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text), protocol }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!openssl)('HTTPS', () => {
  it('serves TAXII over TLS 1.2 or later when tls is configured, and refuses older TLS', async () => {
    execFileSync(
      openssl!,
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const config = await testConfig(dir);
    config.tls = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), clientCertificates: 'optional' };
    const server = await createReferenceServer(config, { validateResponses: true });
    try {
      const base = await server.listen(0);
      expect(base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = readFileSync(join(dir, 'cert.pem'));
      const reply = await get(`${base}/taxii2/`, ca);
      expect(reply.status).toBe(200);
      expect(reply.body.api_roots[0]).toMatch(/^https:\/\//);
      expect(['TLSv1.2', 'TLSv1.3']).toContain(reply.protocol);
      await expect(get(`${base}/taxii2/`, ca, 'TLSv1.1')).rejects.toThrow();
    } finally {
      await server.close();
    }
  });
});
