// Starts the reference server on a fresh SQLite file in a temporary folder, with users whose
// rights cover every access case, and talks to it over real HTTP. Response validation is on, so
// every answer in every test is also checked against the description.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundleObjects } from '../src/import-bundle.js';
import { parseConfig, type ServerConfig } from '../src/config.js';
import { hashPassword } from '../src/passwords.js';
import { createReferenceServer, type ReferenceServer } from '../src/server.js';
import { expect, inject } from 'vitest';
// @ts-expect-error: a plain ES module of the repository's scripts, without type declarations.
import { createDatabase } from '../../../scripts/test-postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the run's PostgreSQL server (scripts/test-postgres.mjs). */
    postgresUrl: string;
  }
}

/** Which store the servers of this run use: `TAXII_TEST_STORE=postgres` runs the suite on PostgreSQL (postgres-setup.ts). */
export const TEST_STORE: 'sqlite' | 'postgres' = process.env.TAXII_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** A new empty database on the run's PostgreSQL server. */
export async function testPostgresDatabase(): Promise<string> {
  const admin = inject('postgresUrl');
  if (!admin) throw new Error('no test PostgreSQL server: run with TAXII_TEST_STORE=postgres');
  return (createDatabase as (url: string) => Promise<string>)(admin);
}

export const TAXII = 'application/taxii+json;version=2.1';
/** The ATT&CK Mobile bundles the repository carries for its tests (`test/data/`). */
export const TEST_DATA = fileURLToPath(new URL('../../../test/data/', import.meta.url));
/** The project's own copy, shipped for the demo. */
export const ICS_BUNDLE = fileURLToPath(new URL('../data/ics-attack.json.gz', import.meta.url));
export const MOBILE_17_0 = join(TEST_DATA, 'mobile-attack-17.0.json.gz');
export const MOBILE_17_1 = join(TEST_DATA, 'mobile-attack-17.1.json.gz');

/** Collections of /api1/: alice reads and writes `main`; bob only reads it; erin only writes it; carol sees nothing. */
export const MAIN = '11111111-1111-4111-8111-111111111111';
export const READ_ONLY = '22222222-2222-4222-8222-222222222222';
export const HIDDEN = '33333333-3333-4333-8333-333333333333';
export const SMALL = '44444444-4444-4444-8444-444444444444';
export const PASSWORD = 'correct horse battery';

/** The Authorization header of a test user. */
export const basicAuth = (user: string, password = PASSWORD) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * A valid STIX 2.1 indicator whose id is fixed by `n` and `series` (8 hex digits), for tests that
 * need many distinct objects; `extra` adds or replaces properties.
 */
export function testIndicator(n: number, extra: Record<string, unknown> = {}, series = '00000000') {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${series}-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    pattern: `[ipv4-addr:value = '10.0.${(n >> 8) & 255}.${n & 255}']`,
    pattern_type: 'stix',
    valid_from: '2024-01-01T00:00:00Z',
    ...extra,
  };
}

/** A value nested `levels` deep, written as text: serialising it as an object would itself recurse that deep. */
export const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

let cachedHash: Promise<string> | undefined;

export async function testConfig(
  dir: string,
  overrides: Partial<ServerConfig['limits']> = {},
  storage: Partial<ServerConfig['storage']['sqlite']> = {},
  postgresUrl?: string,
  settings: Record<string, unknown> = {},
): Promise<ServerConfig> {
  cachedHash ??= hashPassword(PASSWORD);
  const passwordHash = await cachedHash;
  return parseConfig(
    {
      listen: { host: '127.0.0.1', port: 0 },
      storage: {
        sqlite: { path: './taxii.sqlite', synchronous: 'NORMAL', ...storage },
        ...(TEST_STORE === 'postgres' && { postgres: { url: postgresUrl ?? (await testPostgresDatabase()) } }),
      },
      limits: { maxPageSize: 1000, defaultPageSize: 1000, ...overrides },
      discovery: { title: 'Test server', default: '/api1/' },
      apiRoots: [
        {
          path: '/api1/',
          title: 'API one',
          maxContentLength: 64 * 1024 * 1024,
          collections: [
            { id: MAIN, alias: 'main', title: 'Main', read: ['alice', 'bob'], write: ['alice', 'erin'] },
            { id: READ_ONLY, alias: 'read-only', title: 'Read only', read: ['alice'], write: [] },
            { id: HIDDEN, alias: 'hidden', title: 'Hidden', read: ['dave'], write: ['dave'] },
          ],
        },
        {
          path: '/taxii/feeds/small/',
          title: 'Small bodies',
          maxContentLength: 4096,
          collections: [{ id: SMALL, title: 'Small', read: ['alice'], write: ['alice'] }],
        },
      ],
      users: ['alice', 'bob', 'carol', 'dave', 'erin'].map((username) => ({ username, passwordHash })),
      ...settings,
    },
    join(dir, 'taxii-server.yaml'),
  );
}

export type Running = {
  server: ReferenceServer;
  base: string;
  dir: string;
  config: ServerConfig;
  as: (user: string) => Client;
  /** What the server logged; a test that expects lines takes them out, and any left over fails stop(). */
  log: string[];
  restart: () => Promise<void>;
  stop: () => Promise<void>;
};

export async function startServer(
  options: {
    limits?: Partial<ServerConfig['limits']>;
    storage?: Partial<ServerConfig['storage']['sqlite']>;
    dir?: string /** On PostgreSQL runs: this database instead of a new one. */;
    postgresUrl?: string /** More top-level settings (metrics, trustProxy, …). */;
    settings?: Record<string, unknown>;
  } = {},
): Promise<Running> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'taxii-reference-'));
  const config = await testConfig(dir, options.limits, options.storage, options.postgresUrl, options.settings);
  const log: string[] = [];
  const running: Running = {
    server: await createReferenceServer(config, { validateResponses: true, log: (m) => log.push(m) }),
    log,
    base: '',
    dir,
    config,
    as: (user) => new Client(running.base, user),
    async restart() {
      await running.server.close();
      running.server = await createReferenceServer(config, { validateResponses: true, log: (m) => log.push(m) });
      running.base = await running.server.listen(0);
    },
    async stop() {
      await running.server.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
      // A 500 anywhere (including a response the description forbids) fails the suite.
      if (log.length > 0) throw new Error(`server errors during the test:\n${log.join('\n')}`);
    },
  };
  running.base = await running.server.listen(0);
  return running;
}

export type Reply = { status: number; headers: Headers; body: any };

export class Client {
  constructor(
    private readonly base: string,
    private readonly user: string,
    private readonly password = PASSWORD,
  ) {}

  private auth() {
    return basicAuth(this.user, this.password);
  }

  async request(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
    const response = await fetch(this.base + path, {
      method,
      headers: { Authorization: this.auth(), Accept: TAXII, ...(init.body !== undefined ? { 'Content-Type': TAXII } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const text = await response.text();
    if (text !== '') expect(response.headers.get('content-type')).toBe(TAXII);
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, headers ? { headers } : {});
  }

  post(path: string, envelope: unknown) {
    return this.request('POST', path, { body: JSON.stringify(envelope) });
  }

  delete(path: string) {
    return this.request('DELETE', path);
  }

  /** Follows next until more is false, returning every page's reply. */
  async walk(path: string, limit: number, between?: (pageIndex: number) => Promise<void>): Promise<Reply[]> {
    const pages: Reply[] = [];
    const sep = path.includes('?') ? '&' : '?';
    let reply = await this.get(`${path}${sep}limit=${limit}`);
    pages.push(reply);
    while (reply.status === 200 && reply.body.more) {
      if (between) await between(pages.length);
      reply = await this.get(`${path}${sep}limit=${limit}&next=${encodeURIComponent(reply.body.next)}`);
      pages.push(reply);
    }
    return pages;
  }
}

export async function bundleObjects(file: string): Promise<Array<Record<string, any>>> {
  return (await readBundleObjects(file)) as Array<Record<string, any>>;
}

/** Every object id a server holds in a collection, read through its manifest as a client would. */
export async function storedIds(base: string, collectionUrlPath: string, user = 'alice'): Promise<Set<string>> {
  const ids = new Set<string>();
  let next: string | undefined;
  do {
    const url = `${base}${collectionUrlPath}manifest/?limit=1000${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const page = (await (await fetch(url, { headers: { Authorization: basicAuth(user), Accept: TAXII } })).json()) as {
      objects?: { id: string }[];
      more?: boolean;
      next?: string;
    };
    for (const record of page.objects ?? []) ids.add(record.id);
    next = page.more ? page.next : undefined;
  } while (next);
  return ids;
}

export const objectsPath = (collection = MAIN) => `/api1/collections/${collection}/objects/`;
export const manifestPath = (collection = MAIN) => `/api1/collections/${collection}/manifest/`;

/** `taxii-server start` as an operator runs it, in a process of its own. */
export type ServerProcess = {
  child: ChildProcess;
  base: string /** Standard error so far. */;
  output: () => string /** Standard output (the JSON log) so far. */;
  log: () => string;
  stop: () => Promise<void>;
};

const SERVER_BIN = fileURLToPath(new URL('../bin/taxii-server.js', import.meta.url));

/** Starts `taxii-server start --config <file>`; resolves once it listens, to its base URL. SIGTERM stops it. */
export async function startServerProcess(configFile: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_BIN, 'start', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  let stdout = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const found = /discovery at (https?:\/\/[^/]+)\/taxii2\//.exec(stdout);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
  });
  return {
    child,
    base,
    output: () => output,
    log: () => stdout,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
