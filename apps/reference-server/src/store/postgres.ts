// The PostgreSQL store, for deployments that outgrow one machine: any number of stateless server
// processes share one database. The shared SQL core (sql-store.ts) with the same guarantees as the
// SQLite store, made to hold across processes:
// - date_added is unique and increasing per collection, and records also *commit* in that order:
//   an add reads its collection's clock row FOR UPDATE before it picks any date_added and keeps
//   that lock until it commits, so the next writer to that collection (on any instance) waits and
//   then picks later values. A reader paging by added_after therefore never misses a record that
//   commits after it read past that point. Writers to different collections do not wait.
// - statuses are rows committed with the objects (durable, readable from every instance), their
//   size counter split into shards so concurrent adds rarely wait on one another for it;
// - the next-token secret and failed-login counts live in the database, shared by all instances.
import { randomInt } from 'node:crypto';
import pg, { type PoolClient } from 'pg';
import { STORE_DEFAULTS } from './defaults.js';
import { migrate, STATUS_USAGE_SHARDS } from './postgres-schema.js';
import { positional, type NamedQuery } from './record-sql.js';
import { SqlStore, type RecordRow, type SqlConnection, type SqlSession, type StatusBounds } from './sql-store.js';
import type { LoginFailureStore } from './types.js';

export type PostgresStoreOptions = StatusBounds & {
  /** postgres://user:password@host:port/database (libpq's URL form; `?sslmode=…` is honoured). */
  url: string;
  /** Connections this process keeps open at most. */
  poolSize?: number;
  /** A statement running longer is cancelled and its request answered 503. */
  statementTimeoutMilliseconds?: number;
  /** How long a request waits for a connection (the server starting up or down, the pool exhausted). */
  connectTimeoutMilliseconds?: number;
  /** Connections that fail while idle (the database restarted) are reported here; the pool replaces them. */
  onIdleError?: (error: Error) => void;
};

/** Only one instance at a time purges statuses; the others skip the round (see purgeStatuses). */
const PURGE_LOCK = 0x7a_11_21_02;

/** bigint columns as numbers: date_added (microseconds) and millisecond times stay far below 2^53. */
const INT8 = 20;
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Where the URL points, without its password, for messages. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the configured URL';
  }
}

function session(client: PoolClient | pg.Pool): SqlSession {
  return {
    all: async <T>(query: NamedQuery) => (await client.query(positional(query))).rows as T[],
    run: async (query: NamedQuery) => (await client.query(positional(query))).rowCount ?? 0,
  };
}

class PostgresConnection implements SqlConnection {
  readonly dialect = 'postgres';
  readonly lockForUpdate = ' FOR UPDATE';
  readonly statusInsert = `INSERT INTO statuses (id, api_root, owner, created_at, body, bytes, shard)
    VALUES (@id, @apiRoot, @owner, @createdAt, @body, @bytes, floor(random() * ${STATUS_USAGE_SHARDS})::smallint)`;
  // Making room happens after the commit, in a transaction of its own, so that an add never waits
  // for another instance's purge (and two adds never lock each other's statuses).
  readonly trimsStatusesInAdd = false;
  private readonly pooled: SqlSession;

  constructor(readonly pool: pg.Pool) {
    this.pooled = session(pool);
  }

  all<T>(query: NamedQuery): Promise<T[]> {
    return this.pooled.all<T>(query) as Promise<T[]>;
  }

  /** node-postgres reads a result whole: the page's rows arrive together, and only the kept ones go on. */
  async readWhile<T>(query: NamedQuery, more: (row: T) => boolean): Promise<T[]> {
    const rows = await this.all<T>(query);
    const end = rows.findIndex((row) => !more(row));
    return end === -1 ? rows : rows.slice(0, end + 1);
  }

  run(query: NamedQuery): Promise<number> {
    return this.pooled.run(query) as Promise<number>;
  }

  async transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(session(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      // A connection that could not even roll back is dropped, not handed to the next request.
      client.release(broken);
    }
  }

  /**
   * The rows go as one JSON parameter: JSON.stringify and PostgreSQL's JSON parser are both
   * native, where the driver would escape each element of ten text arrays in JavaScript, on the
   * event loop, for every object.
   */
  async insertRecords(tx: SqlSession, collectionId: string, rows: RecordRow[]): Promise<Set<number>> {
    const json = JSON.stringify(
      rows.map((r) => ({ d: r.dateAdded, i: r.id, t: r.type, v: r.version, k: r.versionKey, s: r.specVersion, r: r.specRank, m: r.mediaType, c: r.content })),
    );
    const inserted = await tx.all<{ date_added: number }>({
      sql: `INSERT INTO objects (collection_id, date_added, id, type, version, version_key, spec_version, spec_rank, media_type, content)
        SELECT @collection, r.d, r.i, r.t, r.v, r.k, r.s, r.r, r.m, r.c
        FROM json_to_recordset(@rows::json) AS r(d bigint, i text, t text, v text, k text, s text, r integer, m text, c text)
        ON CONFLICT (collection_id, id, version_key) DO NOTHING
        RETURNING date_added`,
      params: { collection: collectionId, rows: json },
    });
    return new Set(inserted.map((row) => Number(row.date_added)));
  }

  /**
   * One purger at a time across all instances (an advisory lock; the others return 0, their round
   * done by the one holding it), so that two purges never lock the same statuses and usage shards
   * in opposite orders.
   */
  async claimPurge(tx: SqlSession): Promise<boolean> {
    const [row] = await tx.all<{ locked: boolean }>({ sql: 'SELECT pg_try_advisory_xact_lock(@lock) AS locked', params: { lock: PURGE_LOCK } });
    return row!.locked;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export class PostgresObjectStore extends SqlStore implements LoginFailureStore {
  private constructor(
    private readonly pool: pg.Pool,
    options: PostgresStoreOptions,
  ) {
    super(new PostgresConnection(pool), options);
  }

  /** Connects, brings the schema up to date, and returns the store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresObjectStore> {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? STORE_DEFAULTS.poolSize,
      connectionTimeoutMillis: options.connectTimeoutMilliseconds ?? STORE_DEFAULTS.connectTimeoutMilliseconds,
      statement_timeout: options.statementTimeoutMilliseconds ?? STORE_DEFAULTS.statementTimeoutMilliseconds,
      // A transaction left open by a process that hangs would hold its collection's clock.
      idle_in_transaction_session_timeout: 60_000,
      application_name: 'taxii-server',
      // Every statement here is a lookup or an ordered index walk that stops after one page; a
      // hash, merge or bitmap plan reads a whole side first. The planner picks those when its
      // statistics are stale (a collection just loaded, before autovacuum has analysed it): a page
      // of 1,000 took 86 ms instead of 14 on 20,000 records. Turned off for this server's
      // sessions, as the SQLite store names its indexes.
      options: '-c enable_hashjoin=off -c enable_mergejoin=off -c enable_bitmapscan=off -c enable_seqscan=off -c enable_material=off',
      types: typeParsers,
    });
    // Without a listener, an idle connection the database drops would crash the process.
    pool.on('error', (error) => options.onIdleError?.(error));
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end().catch(() => undefined);
      const e = error as NodeJS.ErrnoException;
      throw Object.assign(new Error(`cannot connect to PostgreSQL at ${describePostgresUrl(options.url)}: ${e.message}`), { code: e.code });
    }
    try {
      await migrate(client);
    } catch (error) {
      client.release();
      await pool.end().catch(() => undefined);
      throw error;
    }
    client.release();
    return new PostgresObjectStore(pool, options);
  }

  async recentLoginFailures(key: string, sinceMs: number): Promise<number[]> {
    const { rows } = await this.pool.query<{ failed_at: string[] }>('SELECT failed_at FROM login_failures WHERE key = $1', [key]);
    return (rows[0]?.failed_at ?? []).map(Number).filter((t) => t > sinceMs);
  }

  async addLoginFailure(key: string, atMs: number, sinceMs: number, keep: number): Promise<void> {
    // One statement, so that failures arriving at once on several instances are all counted.
    await this.pool.query(
      `INSERT INTO login_failures (key, failed_at, updated_at) VALUES ($1, ARRAY[$2::bigint], $2)
       ON CONFLICT (key) DO UPDATE SET updated_at = $2, failed_at = ARRAY(
         SELECT t FROM (SELECT t FROM unnest(array_append(login_failures.failed_at, $2::bigint)) AS t WHERE t > $3 ORDER BY t DESC LIMIT $4) AS newest ORDER BY t)`,
      [key, atMs, sinceMs, keep],
    );
    // Keys whose window has passed are forgotten now and then, so the table stays as small as the attack.
    if (randomInt(64) === 0)
      await this.pool.query('DELETE FROM login_failures WHERE key IN (SELECT key FROM login_failures WHERE updated_at <= $1 LIMIT 1000)', [sinceMs]);
  }

  async clearLoginFailures(key: string): Promise<void> {
    await this.pool.query('DELETE FROM login_failures WHERE key = $1', [key]);
  }
}
