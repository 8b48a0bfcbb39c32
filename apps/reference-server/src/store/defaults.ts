// Every default of the stores, in the units the stores take. The server's configuration refers to
// these for its own defaults (config.ts), so each is written once.
export const STORE_DEFAULTS = {
  /** Most status details (failures first, then successes) one status keeps; the counts always count all. */
  maxStatusDetails: 1000,
  /** Total size of the kept statuses; past it the oldest are removed as new ones come. */
  maxStatusBytes: 256 * 1024 * 1024,
  /** SQLite: FULL makes every commit survive power loss, not only a crash of the process. */
  synchronous: 'FULL',
  /** SQLite: how long a write waits for another connection's write transaction before SQLITE_BUSY. */
  busyTimeoutMilliseconds: 30_000,
  /** SQLite: worker threads that serve reads; writes always have one of their own. */
  readers: 2,
  /** PostgreSQL: connections one process keeps open at most. */
  poolSize: 10,
  /** PostgreSQL: a statement running longer is cancelled. */
  statementTimeoutMilliseconds: 30_000,
  /** PostgreSQL: how long a call waits for a connection. */
  connectTimeoutMilliseconds: 10_000,
} as const;
