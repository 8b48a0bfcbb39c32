// HTTPS with certificate verification always on (CLI-SEC-01): a private CA is trusted only when
// given, in the library (`@taxii21/client/node`) and on the command line (`--ca`).
import { readFileSync } from 'node:fs';
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
