// Rules of the standard that every part must follow together: relative API-root URLs in
// discovery (§4.1.1) are resolved by the client and the CLI (the conformance suite's resolution
// is proved by conformance/legal-variations.test.ts); deleting
// without match[version] removes only the newest version (§3.4.1), through the client and CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaxiiClient } from '@taxii21/client';
import { startLegalVariationsProxy, type FaultyProxy } from '../support/faulty-proxy.js';
import { API_ROOT_PATH, COLLECTIONS, startReferenceServer, USERS, type RunningServer } from '../support/reference-server.js';
import { runTaxii } from '../support/run-bin.js';

let server: RunningServer;
let proxy: FaultyProxy;
const analyst = { username: 'analyst', password: USERS.analyst };
const env = { TAXII_USER: 'analyst', TAXII_PASSWORD: USERS.analyst };

beforeAll(async () => {
  server = await startReferenceServer();
  proxy = await startLegalVariationsProxy(server.origin, ['relative-api-roots']);
});
afterAll(async () => {
  await proxy.close();
  await server.stop();
  expect(server.errors).toEqual([]);
});

describe('§4.1.1: discovery may list API roots relative to the discovery URL', () => {
  it('the proxy really serves relative URLs', async () => {
    const raw = await fetch(`${proxy.origin}/taxii2/`, {
      headers: { Accept: 'application/taxii+json;version=2.1', Authorization: `Basic ${Buffer.from(`analyst:${USERS.analyst}`).toString('base64')}` },
    });
    expect(await raw.json()).toMatchObject({ default: API_ROOT_PATH, api_roots: [API_ROOT_PATH] });
  });

  it('the client resolves them against the discovery URL (CLI-DSC-01)', async () => {
    const discovery = await new TaxiiClient({ auth: analyst }).discover(`${proxy.origin}/taxii2/`);
    expect(discovery.default).toBe(`${proxy.origin}${API_ROOT_PATH}`);
    expect(discovery.api_roots).toEqual([`${proxy.origin}${API_ROOT_PATH}`]);
  });

  it('taxii discover prints absolute URLs', async () => {
    const result = await runTaxii(['discover', `${proxy.origin}/taxii2/`, '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).api_roots).toEqual([`${proxy.origin}${API_ROOT_PATH}`]);
  });
});

describe('§3.4.1: deleting without match[version] removes only the newest version', () => {
  const id = 'malware--3fb4d1a3-2e1f-4d6b-9a7c-5e8f0a1b2c3d';
  const version = (modified: string) => ({
    type: 'malware',
    spec_version: '2.1',
    id,
    created: '2024-01-01T00:00:00.000Z',
    modified,
    name: 'Delete me',
    is_family: false,
  });

  it('through the client: the default keeps the older version, and match[version]=all removes the rest', async () => {
    const root = new TaxiiClient({ auth: analyst }).apiRoot(server.apiRoot);
    await root.addObjects(COLLECTIONS.mirror, [version('2024-01-01T00:00:00.000Z'), version('2024-06-01T00:00:00.000Z')]);
    await root.deleteObject(COLLECTIONS.mirror, id);
    expect((await root.getObjectVersions(COLLECTIONS.mirror, id)).resource.versions).toEqual(['2024-01-01T00:00:00.000Z']);
    await root.deleteObject(COLLECTIONS.mirror, id, { match: { version: 'all' } });
    await expect(root.getObject(COLLECTIONS.mirror, id)).rejects.toMatchObject({ status: 404 });
  });

  it('through the CLI: taxii delete removes the newest version, --match-version all every version', async () => {
    const root = new TaxiiClient({ auth: analyst }).apiRoot(server.apiRoot);
    await root.addObjects(COLLECTIONS.mirror, [version('2024-01-01T00:00:00.000Z'), version('2024-06-01T00:00:00.000Z'), version('2025-01-01T00:00:00.000Z')]);
    expect((await runTaxii(['delete', server.apiRoot, COLLECTIONS.mirror, id], env)).code).toBe(0);
    expect((await root.getObjectVersions(COLLECTIONS.mirror, id)).resource.versions).toEqual(['2024-01-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z']);
    expect((await runTaxii(['delete', server.apiRoot, COLLECTIONS.mirror, id, '--match-version', 'all'], env)).code).toBe(0);
    await expect(root.getObjectVersions(COLLECTIONS.mirror, id)).rejects.toMatchObject({ status: 404 });
  });

  it('taxii --help says so', async () => {
    const help = await runTaxii(['--help'], {});
    expect(help.stdout).toMatch(/Without --match-version only the\s+newest version goes/);
    expect(help.stdout).toContain('--match-version all to delete every version');
  });
});
