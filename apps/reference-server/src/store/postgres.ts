// The PostgreSQL store, for deployments that outgrow one machine: any number of stateless server
// processes share one database. Same schema, same SQL (record-sql.ts) and same guarantees as the
// SQLite store, made to hold across processes:
// - date_added is unique and increasing per collection, and records also *commit* in that order:
//   an add takes its collection's clock row with FOR UPDATE before it picks any date_added and
//   keeps that lock until it commits, so the next writer to that collection (on any instance)
//   waits and then picks later values. A reader paging by added_after therefore never misses a
//   record that commits after it read past that point. Writers to different collections do not wait.
// - statuses are rows committed with the objects (durable, readable from every instance);
// - the next-token secret and failed-login counts live in the database, shared by all instances.
import { randomBytes, randomInt } from 'node:crypto';
import pg, { type PoolClient } from 'pg';
import { fromMicros, nowMicros, versionKey } from '../timestamps.js';
import { migrate, STATUS_USAGE_SHARDS } from './postgres-schema.js';
import { deletionQuery, pageQuery, positional } from './record-sql.js';
import { STATUS_DEFAULTS } from './sqlite.js';
import { buildStatus, type StoredOutcome } from './status.js';
import type { AddRequest, DeleteRequest, LoginFailureStore, Page, PageRequest, RecordQuery, StatusResource, StoredRecord, TaxiiStore } from './types.js';

export type PostgresStoreOptions = {
  /** postgres://user:password@host:port/database (libpq's URL form; `?sslmode=…` is honoured). */
  url: string;
  /** Connections this process keeps open at most. */
  poolSize?: number;
  /** A statement running longer is cancelled and its request answered 503. */
  statementTimeoutMilliseconds?: number;
  /** How long a request waits for a connection (the server starting up or down, the pool exhausted). */
  connectTimeoutMilliseconds?: number;
  maxStatusDetails?: number;
  maxStatusBytes?: number;
  /** Connections that fail while idle (the database restarted) are reported here; the pool replaces them. */
  onIdleError?: (error: Error) => void;
};

/** Only one instance at a time purges statuses; the others skip the round (see purgeStatuses). */
const PURGE_LOCK = 0x7a_11_21_02;

/** bigint columns as numbers: date_added (microseconds) and millisecond times stay far below 2^53. */
const INT8 = 20;
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

function specRank(specVersion: string): number {
  const [major, minor] = specVersion.split('.').map(Number);
  return major! * 1_000_000 + minor!;
}

/** Where the URL points, without its password, for messages. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the configured URL';
  }
}

type Row = { id: string; type: string; version: string; spec_version: string; date_added: number; media_type: string; content?: string };

export class PostgresObjectStore implements TaxiiStore, LoginFailureStore {
  private readonly maxStatusDetails: number;
  private readonly maxStatusBytes: number;

  private constructor(
    private readonly pool: pg.Pool,
    options: PostgresStoreOptions,
  ) {
    this.maxStatusDetails = options.maxStatusDetails ?? STATUS_DEFAULTS.maxStatusDetails;
    this.maxStatusBytes = options.maxStatusBytes ?? STATUS_DEFAULTS.maxStatusBytes;
  }

  /** Connects, brings the schema up to date, and returns the store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresObjectStore> {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMilliseconds ?? 10_000,
      statement_timeout: options.statementTimeoutMilliseconds ?? 30_000,
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

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
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

  async addObjects(request: AddRequest): Promise<StatusResource> {
    const { status, overBound } = await this.transaction(async (client) => {
      await client.query('INSERT INTO collection_clock (collection_id, last_date_added) VALUES ($1, 0) ON CONFLICT DO NOTHING', [request.collectionId]);
      const clockRow = await client.query<{ last_date_added: number }>('SELECT last_date_added FROM collection_clock WHERE collection_id = $1 FOR UPDATE', [request.collectionId]);
      let clock = clockRow.rows[0]!.last_date_added;
      // The rows go as one JSON parameter: JSON.stringify and PostgreSQL's JSON parser are both
      // native, where the driver would escape each element of ten text arrays in JavaScript, on
      // the event loop, for every object.
      const rows = request.accepted.map((object) => {
        // Unique and strictly increasing, also within one bulk insert (SRV-FLT-11); a version
        // already stored leaves its value unused, which only leaves a gap.
        const dateAdded = Math.max(nowMicros(), clock + 1);
        clock = dateAdded;
        const version = object.version ?? fromMicros(dateAdded);
        return { d: dateAdded, i: object.id, t: object.type, v: version, k: versionKey(version), s: object.specVersion, r: specRank(object.specVersion), m: object.mediaType, c: object.content };
      });
      const added = new Set<number>();
      if (rows.length > 0) {
        const inserted = await client.query<{ date_added: number }>(
          `INSERT INTO objects (collection_id, date_added, id, type, version, version_key, spec_version, spec_rank, media_type, content)
           SELECT $1, r.d, r.i, r.t, r.v, r.k, r.s, r.r, r.m, r.c
           FROM json_to_recordset($2::json) AS r(d bigint, i text, t text, v text, k text, s text, r integer, m text, c text)
           ON CONFLICT (collection_id, id, version_key) DO NOTHING
           RETURNING date_added`,
          [request.collectionId, JSON.stringify(rows)],
        );
        for (const row of inserted.rows) added.add(row.date_added);
        await client.query('UPDATE collection_clock SET last_date_added = $2 WHERE collection_id = $1', [request.collectionId, clock]);
      }
      const stored: StoredOutcome[] = request.accepted.map((object, i) => ({
        id: object.id,
        version: rows[i]!.v,
        alreadyPresent: !added.has(rows[i]!.d),
        stixProblems: object.stixProblems,
      }));
      const status = buildStatus(request, stored, request.storeStatus === false ? Infinity : this.maxStatusDetails);
      if (request.storeStatus === false) return { status, overBound: false };
      const body = JSON.stringify(status);
      await client.query('INSERT INTO statuses (id, api_root, owner, created_at, body, bytes, shard) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        request.statusId,
        request.apiRootPath,
        request.owner,
        Date.now(),
        body,
        Buffer.byteLength(body),
        randomInt(STATUS_USAGE_SHARDS),
      ]);
      return { status, overBound: (await this.statusBytes(client)) > this.maxStatusBytes };
    });
    // Making room happens after the commit, in a transaction of its own, so that an add never
    // waits for another instance's purge (and two adds never lock each other's statuses).
    if (overBound) await this.purgeStatuses(0, 16).catch(() => undefined);
    return status;
  }

  private async statusBytes(client: PoolClient | pg.Pool): Promise<number> {
    const { rows } = await client.query<{ bytes: number }>('SELECT coalesce(sum(bytes), 0)::bigint AS bytes FROM status_usage');
    return rows[0]!.bytes;
  }

  async queryRecords(query: RecordQuery, page: PageRequest): Promise<Page> {
    const { rows } = await this.pool.query<Row>(positional(pageQuery(query, page, 'postgres')));
    return { records: rows.slice(0, page.limit).map(toRecord), more: rows.length > page.limit };
  }

  async hasObject(collectionId: string, objectId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM objects WHERE collection_id = $1 AND id = $2 LIMIT 1', [collectionId, objectId]);
    return (rowCount ?? 0) > 0;
  }

  async deleteObject(request: DeleteRequest): Promise<number> {
    const query: RecordQuery = { collectionId: request.collectionId, objectId: request.objectId, versions: request.versions };
    if (request.specVersions) query.specVersions = request.specVersions;
    const selection = deletionQuery(query, 'postgres');
    const { rowCount } = await this.pool.query(positional({ sql: `DELETE FROM objects WHERE collection_id = @collection AND date_added IN (${selection.sql})`, params: selection.params }));
    return rowCount ?? 0;
  }

  async getStatus(apiRootPath: string, statusId: string, owner: string): Promise<StatusResource | null> {
    const { rows } = await this.pool.query<{ body: string }>('SELECT body FROM statuses WHERE id = $1 AND api_root = $2 AND owner = $3', [statusId, apiRootPath, owner]);
    return rows[0] ? (JSON.parse(rows[0].body) as StatusResource) : null;
  }

  /**
   * One purger at a time across all instances (an advisory lock; the others return 0, their round
   * done by the one holding it), so that two purges never lock the same statuses and usage shards
   * in opposite orders.
   */
  async purgeStatuses(olderThanMs: number, batch: number): Promise<number> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [PURGE_LOCK]);
      if (!rows[0]!.locked) return 0;
      const expired = await client.query('DELETE FROM statuses WHERE id IN (SELECT id FROM statuses WHERE created_at < $1 ORDER BY created_at LIMIT $2)', [olderThanMs, batch]);
      const removed = expired.rowCount ?? 0;
      return removed + (removed < batch ? await this.removeOldestBeyondBound(client, batch - removed) : 0);
    });
  }

  private async removeOldestBeyondBound(client: PoolClient, batch: number): Promise<number> {
    let excess = (await this.statusBytes(client)) - this.maxStatusBytes;
    if (excess <= 0) return 0;
    const { rows } = await client.query<{ id: string; bytes: number }>('SELECT id, bytes FROM statuses ORDER BY created_at LIMIT $1', [batch]);
    const doomed: string[] = [];
    for (const row of rows) {
      if (excess <= 0) break;
      doomed.push(row.id);
      excess -= row.bytes;
    }
    const deleted = await client.query('DELETE FROM statuses WHERE id = ANY($1::text[])', [doomed]);
    return deleted.rowCount ?? 0;
  }

  async countRecords(collectionId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::bigint AS n FROM objects WHERE collection_id = $1', [collectionId]);
    return rows[0]!.n;
  }

  async nextTokenSecret(): Promise<Buffer> {
    await this.pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', ['next_token_secret', randomBytes(32)]);
    const { rows } = await this.pool.query<{ value: Buffer }>('SELECT value FROM meta WHERE key = $1', ['next_token_secret']);
    return rows[0]!.value;
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
    if (randomInt(64) === 0) await this.pool.query('DELETE FROM login_failures WHERE key IN (SELECT key FROM login_failures WHERE updated_at <= $1 LIMIT 1000)', [sinceMs]);
  }

  async clearLoginFailures(key: string): Promise<void> {
    await this.pool.query('DELETE FROM login_failures WHERE key = $1', [key]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function toRecord(row: Row): StoredRecord {
  const record: StoredRecord = { id: row.id, type: row.type, version: row.version, specVersion: row.spec_version, dateAdded: row.date_added, mediaType: row.media_type };
  if (row.content !== undefined && row.content !== null) record.content = row.content;
  return record;
}
