// The server's configuration: one YAML or JSON file, validated with clear messages, defaults
// filled in, relative paths resolved against the file's folder.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import formats from 'ajv-formats';
import { didYouMean } from '@taxii21/command-line';
import { parse as parseYaml } from 'yaml';
import { TOKEN_HASH, TOKEN_ID, type ApiTokenEntry } from './api-tokens.js';
import { addressList } from './client-address.js';
import { CERTIFICATE_ENTRY } from './client-certificates.js';
import { isPasswordHash } from './passwords.js';
import { STORE_DEFAULTS } from './store/defaults.js';
import type { StixValidationMode } from './stix.js';

export type CollectionConfig = {
  id: string;
  alias?: string;
  title: string;
  description?: string;
  mediaTypes?: string[];
  /** Users who may read objects, the manifest and versions. */
  read: string[];
  /** Users who may add and delete objects. */
  write: string[];
  /**
   * What addObjects does with an object that is STIX 2.1 of a known type but breaks that type's
   * schema or rules (@taxii21/stix): `off` does not check; `report` stores it and says why in its
   * success entry of the status; `enforce` refuses it alone, as a failure with the reasons.
   * Custom types, STIX 2.0 and later versions are only ever checked as TAXII sees any object.
   */
  stixValidation: StixValidationMode;
};

/** Prometheus metrics (metrics.ts), served on a listener of their own. */
export type MetricsConfig = {
  listen: { host: string; port: number };
  /** Addresses and CIDR ranges that may scrape; others get 403. */
  allow: string[];
  /** How long a count of each collection's objects is reused before it is counted again. */
  objectCountSeconds: number;
};

export type ApiRootConfig = {
  path: string;
  title: string;
  description?: string;
  maxContentLength: number;
  collections: CollectionConfig[];
};

export type ServerConfig = {
  /**
   * Where to listen. Plain HTTP is for loopback only (SRV-SEC-01): any other address needs `tls`,
   * or `allowPlainHttp` when a TLS-terminating proxy sits in front.
   */
  listen: { host: string; port: number; allowPlainHttp: boolean };
  /** Scheme, host and port clients use, for the absolute URLs in discovery; default: from each request. */
  publicUrl?: string;
  /**
   * Reverse proxies (addresses or CIDR blocks) whose X-Forwarded-For is believed: logs and the
   * failed-login limits then see the client's address, not the proxy's. Empty: the header is ignored.
   */
  trustProxy: string[];
  /** Prometheus metrics on a listener of their own; absent: off. */
  metrics?: MetricsConfig;
  tls?: {
    cert: string;
    key: string;
    /** PEM CAs whose client certificates are accepted; users name theirs in `users[].certificates`. */
    clientCa?: string;
    /** `optional`: a client may log in by certificate or otherwise; `required`: every request needs one, which alone names the user. */
    clientCertificates: 'optional' | 'required';
  };
  storage: {
    sqlite: {
      path: string;
      synchronous: 'FULL' | 'NORMAL';
      readers: number;
      /** How long a write waits for another writer on the same file (a running import, another process) before failing with 503. */
      busyTimeoutSeconds: number;
      /** Largest the database file may grow; past it writes answer 503 as on a full disk. Absent: no bound but the disk. */
      maxSizeMegabytes?: number;
    };
    /** Present: every instance stores in this PostgreSQL database instead (and `sqlite` is not used). */
    postgres?: {
      /** postgres://user@host:port/database; the password may stay out of the file (PGPASSWORD or ~/.pgpass). */
      url: string;
      /** Connections each server process keeps at most. */
      poolSize: number;
      /** A statement running longer is cancelled and its request answered 503. */
      statementTimeoutSeconds: number;
      /** How long a request waits for a connection before 503. */
      connectTimeoutSeconds: number;
    };
  };
  limits: {
    /** Largest page any request gets (SRV-FLT-03, SRV-FLT-13). */
    maxPageSize: number;
    /** Bytes of objects' JSON one page holds at most: the page ends before the object that would pass it (more: true); a first object larger than that is served alone. */
    maxPageBytes: number;
    /** Page size when a request gives no limit. */
    defaultPageSize: number;
    /** How long a next token stays valid. */
    nextTokenTtlSeconds: number;
    /** How long status resources are kept (SRV-ADD-03 asks for at least a day). */
    statusRetentionHours: number;
    /** Total size of the kept status resources; past it the oldest are removed first. */
    statusRetentionMegabytes: number;
    /** Most status details (failures first, then successes) one status lists; its counts always count every object. */
    maxStatusDetails: number;
    /** Retry-After, in seconds, on the 503 that a storage fault (full disk, read-only or damaged database) answers. */
    storageRetryAfterSeconds: number;
    /** Largest request line plus headers, in bytes; longer query strings are refused by Node with 431. */
    maxHeaderSize: number;
    /** Wrong passwords allowed per user name and client address within the window, then 429 (SRV-SEC-05); 0 turns it off. */
    maxFailedLogins: number;
    failedLoginWindowSeconds: number;
    /** Failed logins per client address, whatever the user names, after which its unknown names cost no password check; 0 turns it off. */
    maxFailedLoginsPerAddress: number;
    /** Most objects one addObjects request may hold, whatever its size; more get 413 before the body is parsed. Default: 10,000, or a body's bytes / 64 (no STIX object is shorter) when that is more, so never fewer than real objects need. */
    maxObjectsPerRequest?: number;
    /** Deepest nesting of objects and lists inside one STIX object; deeper ones fail alone. */
    maxObjectDepth: number;
    /** Largest STIX object, in bytes of JSON; larger ones fail alone. */
    maxObjectBytes: number;
    /** Most comma-separated values in one match[...] parameter; more get 400. */
    maxMatchValues: number;
    /** Time a client has to send a request's headers, then its whole request; slower ones get 408. */
    headersTimeoutSeconds: number;
    requestTimeoutSeconds: number;
    /** An idle keep-alive connection is closed after this long. */
    keepAliveTimeoutSeconds: number;
    /** A connection whose waiting answers the client takes no byte of (it stopped reading) is closed after this long. */
    socketIdleTimeoutSeconds: number;
    /** Connections held at once; more are answered 503 and closed. Absent: the process's open-file limit less 128 (10,000 where it cannot be read). */
    maxConnections?: number;
    /** Connections one client address may hold at once (trusted proxies count only toward maxConnections); more are answered 503 and closed. */
    maxConnectionsPerAddress: number;
    /** Requests one connection may carry; pipelined requests past it get 503 and the connection closes. */
    maxRequestsPerConnection: number;
    /** On SIGTERM, requests in flight get this long to finish before their connections are closed. */
    shutdownGraceSeconds: number;
  };
  /** One JSON line per request on standard output (security events are always logged). */
  logging: { requests: boolean };
  /** Secret for next tokens, base64, at least 32 bytes; absent: one is created and kept in the database. */
  nextTokenSecret?: string;
  discovery: { title: string; description?: string; contact?: string; default?: string };
  apiRoots: ApiRootConfig[];
  users: UserConfig[];
  /** Bearer tokens made by `taxii-server token add`: their digests, never the tokens. */
  tokens: ApiTokenEntry[];
};

export type UserConfig = {
  username: string;
  /** Absent: the user cannot log in with a password (only with a token or a certificate). */
  passwordHash?: string;
  /** Client certificates that log in as this user: `CN=name`, or a SAN such as `DNS:host` or `email:addr`. */
  certificates?: string[];
};

/** The health endpoint for load balancers, outside TAXII's paths. */
export const HEALTH_PATH = '/healthz';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['discovery', 'apiRoots', 'users'],
  properties: {
    listen: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        host: { type: 'string', minLength: 1, default: '127.0.0.1' },
        port: { type: 'integer', minimum: 0, maximum: 65535, default: 8000 },
        allowPlainHttp: { type: 'boolean', default: false },
      },
    },
    publicUrl: { type: 'string', pattern: '^https?://[^/]+$' },
    trustProxy: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
    metrics: {
      type: 'object',
      additionalProperties: false,
      required: ['listen'],
      properties: {
        listen: {
          type: 'object',
          additionalProperties: false,
          required: ['port'],
          properties: { host: { type: 'string', minLength: 1, default: '127.0.0.1' }, port: { type: 'integer', minimum: 0, maximum: 65535 } },
        },
        allow: { type: 'array', items: { type: 'string', minLength: 1 }, default: ['127.0.0.1', '::1'] },
        objectCountSeconds: { type: 'integer', minimum: 1, maximum: 86400, default: 60 },
      },
    },
    tls: {
      type: 'object',
      additionalProperties: false,
      required: ['cert', 'key'],
      properties: {
        cert: { type: 'string', minLength: 1 },
        key: { type: 'string', minLength: 1 },
        clientCa: { type: 'string', minLength: 1 },
        clientCertificates: { enum: ['optional', 'required'], default: 'optional' },
      },
    },
    storage: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        sqlite: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            path: { type: 'string', minLength: 1, default: './data/taxii.sqlite' },
            synchronous: { enum: ['FULL', 'NORMAL'], default: STORE_DEFAULTS.synchronous },
            // Worker threads that run reads; writes have one more of their own (see store/threaded.ts).
            readers: { type: 'integer', minimum: 1, maximum: 64, default: STORE_DEFAULTS.readers },
            busyTimeoutSeconds: { type: 'number', minimum: 0, maximum: 3600, default: STORE_DEFAULTS.busyTimeoutMilliseconds / 1000 },
            maxSizeMegabytes: { type: 'integer', minimum: 1 },
          },
        },
        postgres: {
          type: 'object',
          additionalProperties: false,
          required: ['url'],
          properties: {
            url: { type: 'string', pattern: '^postgres(ql)?://' },
            poolSize: { type: 'integer', minimum: 1, maximum: 1000, default: STORE_DEFAULTS.poolSize },
            statementTimeoutSeconds: { type: 'number', minimum: 0.1, maximum: 3600, default: STORE_DEFAULTS.statementTimeoutMilliseconds / 1000 },
            connectTimeoutSeconds: { type: 'number', minimum: 0.1, maximum: 600, default: STORE_DEFAULTS.connectTimeoutMilliseconds / 1000 },
          },
        },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxPageSize: { type: 'integer', minimum: 1, maximum: 100000, default: 1000 },
        maxPageBytes: { type: 'integer', minimum: 1024, maximum: 268435456, default: 33554432 },
        defaultPageSize: { type: 'integer', minimum: 1, default: 1000 },
        nextTokenTtlSeconds: { type: 'integer', minimum: 60, default: 86400 },
        statusRetentionHours: { type: 'integer', minimum: 24, default: 720 },
        statusRetentionMegabytes: { type: 'integer', minimum: 1, default: STORE_DEFAULTS.maxStatusBytes / (1024 * 1024) },
        maxStatusDetails: { type: 'integer', minimum: 0, maximum: 1000000, default: STORE_DEFAULTS.maxStatusDetails },
        storageRetryAfterSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 30 },
        maxHeaderSize: { type: 'integer', minimum: 4096, maximum: 1048576, default: 16384 },
        maxFailedLogins: { type: 'integer', minimum: 0, default: 10 },
        failedLoginWindowSeconds: { type: 'integer', minimum: 1, maximum: 86400, default: 300 },
        maxFailedLoginsPerAddress: { type: 'integer', minimum: 0, default: 100 },
        maxObjectsPerRequest: { type: 'integer', minimum: 1 },
        maxObjectDepth: { type: 'integer', minimum: 8, maximum: 1000, default: 64 },
        maxObjectBytes: { type: 'integer', minimum: 1024, default: 8388608 },
        // Each match[type] value is one index walk of its own, and SQLite allows 500 per statement.
        maxMatchValues: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
        headersTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 600, default: 20 },
        requestTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 300 },
        keepAliveTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 600, default: 5 },
        socketIdleTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 60 },
        maxConnections: { type: 'integer', minimum: 1, maximum: 10000000 },
        maxConnectionsPerAddress: { type: 'integer', minimum: 1, maximum: 10000000, default: 256 },
        maxRequestsPerConnection: { type: 'integer', minimum: 1, maximum: 1000000, default: 1000 },
        shutdownGraceSeconds: { type: 'integer', minimum: 0, maximum: 3600, default: 30 },
      },
    },
    logging: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { requests: { type: 'boolean', default: true } },
    },
    nextTokenSecret: { type: 'string', minLength: 44 },
    discovery: {
      type: 'object',
      additionalProperties: false,
      required: ['title'],
      properties: {
        title: { type: 'string', minLength: 1 },
        description: { type: 'string' },
        contact: { type: 'string' },
        default: { type: 'string' },
      },
    },
    apiRoots: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'title', 'collections'],
        properties: {
          path: { type: 'string', pattern: '^/([^/?#]+/)+$' },
          title: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          maxContentLength: { type: 'integer', minimum: 1024, default: 104857600 },
          collections: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'title'],
              properties: {
                id: { type: 'string', pattern: UUID },
                alias: { type: 'string', pattern: '^[A-Za-z0-9._~-]+$' },
                title: { type: 'string', minLength: 1 },
                description: { type: 'string' },
                mediaTypes: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
                stixValidation: { enum: ['off', 'report', 'enforce'], default: 'report' },
                read: { type: 'array', items: { type: 'string' }, default: [] },
                write: { type: 'array', items: { type: 'string' }, default: [] },
              },
            },
          },
        },
      },
    },
    users: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['username'],
        properties: {
          username: { type: 'string', pattern: '^[^:\\s]+$' },
          passwordHash: { type: 'string' },
          certificates: { type: 'array', items: { type: 'string', pattern: CERTIFICATE_ENTRY.source } },
        },
      },
    },
    tokens: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'username', 'hash', 'created'],
        properties: {
          id: { type: 'string', pattern: TOKEN_ID.source },
          username: { type: 'string' },
          hash: { type: 'string', pattern: TOKEN_HASH.source },
          created: { type: 'string', format: 'date-time' },
          expires: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

export class ConfigError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid configuration in ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// verbose: messages about unknown settings suggest the known one closest to it.
const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, verbose: true });
formats.default(ajv);
const validateShape = ajv.compile(SCHEMA);

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  if (error.keyword === 'additionalProperties') {
    const unknown = (error.params as { additionalProperty: string }).additionalProperty;
    const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const guess = didYouMean(unknown, known);
    return `${where}: unknown setting '${unknown}'${guess ? ` (did you mean '${guess}'?)` : ''}`;
  }
  return `${where}: ${error.message}`;
}

/** Validates a parsed configuration object; `file` names it in messages and anchors relative paths. */
export function parseConfig(raw: unknown, file: string): ServerConfig {
  const config = structuredClone(raw ?? {});
  if (!validateShape(config)) throw new ConfigError(file, (validateShape.errors ?? []).map(describe));
  const c = config as unknown as ServerConfig;
  const problems = semanticProblems(c);
  if (problems.length > 0) throw new ConfigError(file, problems);

  const base = dirname(resolve(file));
  const absolute = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  c.storage.sqlite.path = absolute(c.storage.sqlite.path);
  if (c.tls) {
    c.tls = { ...c.tls, cert: absolute(c.tls.cert), key: absolute(c.tls.key) };
    if (c.tls.clientCa) c.tls.clientCa = absolute(c.tls.clientCa);
  }
  return c;
}

/** Settings given on the command line; they win over the file's. */
export type ConfigOverrides = { listen?: { host?: string; port?: number } };

export function loadConfig(file: string, overrides: ConfigOverrides = {}): ServerConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(file, [`not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(error as Error).message}`]);
  }
  if (overrides.listen && raw !== null && typeof raw === 'object') {
    const listen = (raw as { listen?: object }).listen;
    raw = { ...raw, listen: { ...(listen && typeof listen === 'object' ? listen : {}), ...overrides.listen } };
  }
  return parseConfig(raw, file);
}

function semanticProblems(c: ServerConfig): string[] {
  const problems: string[] = [];
  const users = new Set<string>();
  c.users.forEach((u, i) => {
    if (users.has(u.username)) problems.push(`users.${i}: user '${u.username}' appears twice`);
    users.add(u.username);
    if (u.passwordHash !== undefined && !isPasswordHash(u.passwordHash)) {
      problems.push(`users.${i}.passwordHash: must be a scrypt hash made by 'taxii-server user add'; plain-text passwords are not accepted`);
    }
  });
  const certificateOwners = new Map<string, string>();
  c.users.forEach((u, i) => {
    (u.certificates ?? []).forEach((entry, k) => {
      const key = entry.startsWith('DNS:') ? entry.toLowerCase() : entry;
      const owner = certificateOwners.get(key);
      if (owner !== undefined && owner !== u.username) problems.push(`users.${i}.certificates.${k}: '${entry}' already names a certificate of '${owner}'`);
      certificateOwners.set(key, u.username);
    });
  });
  if (certificateOwners.size > 0 && !c.tls?.clientCa)
    problems.push('users: certificates are named, but tls.clientCa is not set, so no client certificate can be verified');
  if (c.tls?.clientCertificates === 'required' && !c.tls.clientCa) problems.push("tls.clientCertificates: 'required' needs tls.clientCa");
  const tokenIds = new Set<string>();
  c.tokens.forEach((t, i) => {
    if (tokenIds.has(t.id)) problems.push(`tokens.${i}.id: '${t.id}' appears twice`);
    tokenIds.add(t.id);
  });
  const addresses = (entries: readonly string[], setting: string) =>
    entries.forEach((entry, i) => {
      try {
        addressList([entry]);
      } catch (error) {
        problems.push(`${setting}.${i}: ${(error as Error).message}`);
      }
    });
  addresses(c.trustProxy, 'trustProxy');
  if (c.metrics) addresses(c.metrics.allow, 'metrics.allow');
  if (c.limits.defaultPageSize > c.limits.maxPageSize) problems.push('limits.defaultPageSize: must not exceed limits.maxPageSize');
  if (c.limits.headersTimeoutSeconds > c.limits.requestTimeoutSeconds)
    problems.push('limits.headersTimeoutSeconds: must not exceed limits.requestTimeoutSeconds');
  if (!LOOPBACK.has(c.listen.host) && !c.tls && !c.listen.allowPlainHttp) {
    problems.push(
      `listen.host: '${c.listen.host}' is not loopback, so TAXII needs HTTPS (SRV-SEC-01): configure tls, ` +
        'or set listen.allowPlainHttp: true if a TLS-terminating proxy sits in front',
    );
  }

  const paths = new Set<string>();
  const collectionIds = new Set<string>();
  c.apiRoots.forEach((root, r) => {
    if (root.path === '/taxii2/') problems.push(`apiRoots.${r}.path: /taxii2/ is the discovery endpoint`);
    if (root.path.startsWith(`${HEALTH_PATH}/`)) problems.push(`apiRoots.${r}.path: ${HEALTH_PATH} is the health endpoint for load balancers`);
    if (paths.has(root.path)) problems.push(`apiRoots.${r}.path: '${root.path}' is configured twice`);
    paths.add(root.path);
    const aliases = new Set<string>();
    root.collections.forEach((col, k) => {
      const at = `apiRoots.${r}.collections.${k}`;
      const id = col.id.toLowerCase();
      if (collectionIds.has(id)) problems.push(`${at}.id: '${col.id}' is used by another collection`);
      collectionIds.add(id);
      if (col.alias !== undefined) {
        if (aliases.has(col.alias)) problems.push(`${at}.alias: '${col.alias}' is used twice in this API root (SRV-RES-04)`);
        aliases.add(col.alias);
      }
    });
  });
  if (c.discovery.default !== undefined && !paths.has(c.discovery.default)) {
    problems.push(`discovery.default: '${c.discovery.default}' is not the path of a configured API root`);
  }
  return problems;
}

/**
 * What is allowed but probably not meant: a right for a user the file does not define yet grants
 * nothing until `taxii-server user add` adds that user (so a starter configuration starts as is).
 */
export function configWarnings(c: ServerConfig): string[] {
  const users = new Set(c.users.map((u) => u.username));
  const warnings: string[] = [];
  c.apiRoots.forEach((root, r) => {
    root.collections.forEach((col, k) => {
      for (const right of ['read', 'write'] as const) {
        for (const name of col[right]) {
          if (!users.has(name))
            warnings.push(`apiRoots.${r}.collections.${k}.${right}: no user named '${name}' yet (add one with 'taxii-server user add ${name}')`);
        }
      }
    });
  });
  c.tokens.forEach((t, i) => {
    if (!users.has(t.username)) warnings.push(`tokens.${i}: token ${t.id} belongs to '${t.username}', who is not a user, so it is refused`);
  });
  if (c.users.length === 0) warnings.push("users: none yet, so nobody can log in (add one with 'taxii-server user add <name>')");
  return warnings;
}
