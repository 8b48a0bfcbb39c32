// Starts the reference server, built from its package, on a fresh SQLite file in a temporary
// folder, or on a fresh PostgreSQL database (see storage()). Its API root sits three segments
// deep, as many real deployments do (CLI-DSC-01), and its max_content_length is small enough that
// pushing an ATT&CK bundle needs several requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReferenceServer, hashPassword, newApiToken, parseConfig, readBundleObjects, type ReferenceServer } from '@taxii21/reference-server';
import { issue, makeCa, serverCertificate } from './certificates.js';
import { inject } from 'vitest';
// @ts-expect-error: a plain ES module of the repository's scripts, without type declarations.
import { createDatabase } from '../../scripts/test-postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the run's PostgreSQL server (scripts/test-postgres.mjs). */
    postgresUrl: string;
  }
}

/** `TAXII_TEST_STORE=postgres` runs these tests on a PostgreSQL database of their own, else SQLite. */
async function storage() {
  const sqlite = { path: './taxii.sqlite', synchronous: 'NORMAL' };
  if (process.env.TAXII_TEST_STORE !== 'postgres') return { sqlite };
  return { sqlite, postgres: { url: await (createDatabase as (admin: string) => Promise<string>)(inject('postgresUrl')) } };
}

export const API_ROOT_PATH = '/taxii/feeds/intel/';
export const MAX_CONTENT_LENGTH = 512 * 1024;
export const USERS = { analyst: 'analyst passphrase 1', reader: 'reader passphrase 2' } as const;
/**
 * Collections: analyst reads and writes source, mirror and incremental, only reads feed, and only
 * writes drop-box; reader only reads source and feed.
 */
export const COLLECTIONS = { source: 'source', mirror: 'mirror', incremental: 'incremental', feed: 'feed', dropBox: 'drop-box' } as const;

/** The ATT&CK Mobile bundles the repository carries for its tests. */
export const TEST_DATA = fileURLToPath(new URL('../data/', import.meta.url));
export const MOBILE_17_0 = join(TEST_DATA, 'mobile-attack-17.0.json.gz');
export const MOBILE_17_1 = join(TEST_DATA, 'mobile-attack-17.1.json.gz');

export type StixRecord = Record<string, unknown> & { id: string; type: string; modified?: string; created?: string };

export async function bundleObjects(file: string): Promise<StixRecord[]> {
  return (await readBundleObjects(file)) as StixRecord[];
}

export interface RunningServer {
  origin: string;
  apiRoot: string;
  dir: string;
  /** Server-side errors (5xx, responses the spec forbids) seen so far. */
  errors: string[];
  /** An API token of each user, sent as `Authorization: Bearer`. */
  tokens: Record<keyof typeof USERS, string>;
  /** With `tls`: the PEM files of the CA that signed the server's certificate (and the client certificates). */
  pem?: TestPem;
  stop(): Promise<void>;
}

/** `ca` signs the server's certificate and every client certificate; `analyst` is CN=analyst, mapped to that user; `stranger` is mapped to nobody. */
export type TestPem = { ca: string; analyst: { cert: string; key: string }; stranger: { cert: string; key: string } };

export async function startReferenceServer(
  options: {
    tls?: boolean;
    clientCertificates?: 'optional' | 'required';
    limits?: { maxPageSize?: number; defaultPageSize?: number; maxObjectsPerRequest?: number };
  } = {},
): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'taxii-contract-'));
  const users = await Promise.all(
    Object.entries(USERS).map(async ([username, password]) => ({
      username,
      passwordHash: await hashPassword(password),
      ...(username === 'analyst' && options.clientCertificates && { certificates: ['CN=analyst'] }),
    })),
  );
  const made = Object.fromEntries(Object.keys(USERS).map((username) => [username, newApiToken(username)])) as Record<
    keyof typeof USERS,
    ReturnType<typeof newApiToken>
  >;
  const pem = options.tls ? testPem(dir) : undefined;
  const config = parseConfig(
    {
      listen: { host: '127.0.0.1', port: 0 },
      storage: await storage(),
      limits: { maxPageSize: 1000, defaultPageSize: 1000, ...options.limits },
      discovery: { title: 'Contract test server', default: API_ROOT_PATH },
      apiRoots: [
        {
          path: API_ROOT_PATH,
          title: 'Intel feeds',
          maxContentLength: MAX_CONTENT_LENGTH,
          collections: [
            { id: '6a0f5b1e-5b8d-4c4e-9d0a-0c7b1f3e2a11', alias: COLLECTIONS.source, title: 'Source', read: ['analyst', 'reader'], write: ['analyst'] },
            { id: '7b1f6c2f-6c9e-4d5f-8e1b-1d8c2f4f3b22', alias: COLLECTIONS.mirror, title: 'Mirror', read: ['analyst'], write: ['analyst'] },
            { id: '8c2a7d3a-7daf-4e6a-9f2c-2e9d3a5a4c33', alias: COLLECTIONS.incremental, title: 'Incremental', read: ['analyst'], write: ['analyst'] },
            { id: '9d3b8e4b-8eb0-4f7b-a03d-3f0e4b6b5d44', alias: COLLECTIONS.feed, title: 'Feed', read: ['analyst', 'reader'], write: [] },
            { id: 'ae4c9f5c-9fc1-4a8c-b14e-4a1f5c7c6e55', alias: COLLECTIONS.dropBox, title: 'Drop box', read: [], write: ['analyst'] },
          ],
        },
      ],
      users,
      tokens: Object.values(made).map((t) => t.entry),
      ...(pem && {
        tls: {
          cert: join(dir, 'server.pem'),
          key: join(dir, 'server-key.pem'),
          ...(options.clientCertificates && { clientCa: pem.ca, clientCertificates: options.clientCertificates }),
        },
      }),
    },
    join(dir, 'taxii-server.yaml'),
  );
  const errors: string[] = [];
  const server: ReferenceServer = await createReferenceServer(config, { validateResponses: true, log: (message) => errors.push(message) });
  const origin = await server.listen(0);
  return {
    origin,
    apiRoot: `${origin}${API_ROOT_PATH}`,
    dir,
    errors,
    tokens: Object.fromEntries(Object.entries(made).map(([username, t]) => [username, t.token])) as Record<keyof typeof USERS, string>,
    ...(pem && { pem }),
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A CA of the test's own, a server certificate for 127.0.0.1 it signs, and two client certificates. */
function testPem(dir: string): TestPem {
  const ca = makeCa(dir, 'test');
  serverCertificate(dir, ca);
  return {
    ca: ca.cert,
    analyst: issue(dir, ca, 'analyst', '/CN=analyst', { use: 'client' }),
    stranger: issue(dir, ca, 'stranger', '/CN=stranger', { use: 'client' }),
  };
}
