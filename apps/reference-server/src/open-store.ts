// Opens the store the configuration names: PostgreSQL when `storage.postgres` is set, else the
// embedded SQLite file. The server, `import` and the demo all open it here; this is the one place
// where the configuration's settings become the stores' own options.
import type { ServerConfig } from './config.js';
import type { SqliteStoreOptions } from './store/sqlite.js';
import { ThreadedPostgresStore, ThreadedSqliteStore, type ThreadedPostgresOptions } from './store/threaded.js';
import type { TaxiiStore } from './store/types.js';

export type OpenStoreOptions = {
  /** SQLite reader threads; 0 for a process that only writes (an import). */
  readers?: number;
  log?: (message: string) => void;
};

const MIB = 1024 * 1024;

function statusBounds(config: ServerConfig) {
  return { maxStatusDetails: config.limits.maxStatusDetails, maxStatusBytes: config.limits.statusRetentionMegabytes * MIB };
}

export function sqliteStoreOptions(config: ServerConfig): SqliteStoreOptions {
  const { sqlite } = config.storage;
  const options: SqliteStoreOptions = {
    ...statusBounds(config),
    synchronous: sqlite.synchronous,
    busyTimeoutMilliseconds: Math.round(sqlite.busyTimeoutSeconds * 1000),
  };
  if (sqlite.maxSizeMegabytes !== undefined) options.maxDatabaseBytes = sqlite.maxSizeMegabytes * MIB;
  return options;
}

export function postgresStoreOptions(config: ServerConfig & { storage: { postgres: object } }): ThreadedPostgresOptions {
  const { postgres } = config.storage;
  return {
    ...statusBounds(config),
    url: postgres.url,
    poolSize: postgres.poolSize,
    statementTimeoutMilliseconds: Math.round(postgres.statementTimeoutSeconds * 1000),
    connectTimeoutMilliseconds: Math.round(postgres.connectTimeoutSeconds * 1000),
  };
}

export async function openStore(config: ServerConfig, options: OpenStoreOptions = {}): Promise<TaxiiStore> {
  if (config.storage.postgres) {
    return ThreadedPostgresStore.open({
      ...postgresStoreOptions(config as Parameters<typeof postgresStoreOptions>[0]),
      ...(options.log && { log: options.log }),
    });
  }
  return ThreadedSqliteStore.open(config.storage.sqlite.path, { ...sqliteStoreOptions(config), readers: options.readers ?? config.storage.sqlite.readers });
}
