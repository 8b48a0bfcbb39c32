// Opens the store the configuration names: PostgreSQL when `storage.postgres` is set, else the
// embedded SQLite file. The server, `import` and the demo all open it here.
import { sqliteStoreOptions, type ServerConfig } from '../config.js';
import { ThreadedPostgresStore, ThreadedSqliteStore } from './threaded.js';
import type { TaxiiStore } from './types.js';

export type OpenStoreOptions = {
  /** SQLite reader threads; 0 for a process that only writes (an import). */
  readers?: number;
  log?: (message: string) => void;
};

export async function openStore(config: ServerConfig, options: OpenStoreOptions = {}): Promise<TaxiiStore> {
  const { postgres } = config.storage;
  if (postgres) {
    return ThreadedPostgresStore.open({
      url: postgres.url,
      poolSize: postgres.poolSize,
      statementTimeoutMilliseconds: Math.round(postgres.statementTimeoutSeconds * 1000),
      connectTimeoutMilliseconds: Math.round(postgres.connectTimeoutSeconds * 1000),
      maxStatusDetails: config.limits.maxStatusDetails,
      maxStatusBytes: config.limits.statusRetentionMegabytes * 1024 * 1024,
      ...(options.log && { log: options.log }),
    });
  }
  return ThreadedSqliteStore.open(config.storage.sqlite.path, { ...sqliteStoreOptions(config), readers: options.readers ?? config.storage.sqlite.readers });
}

