// The embedded default store: one SQLite file in WAL mode, with the shared SQL core (sql-store.ts).
// What is SQLite's own: the connection and its pragmas, numbered migrations kept in user_version,
// write transactions that take the file's write lock first, and the insert of a page of records.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Database as SqliteDatabase, type Statement } from 'better-sqlite3';
import { STORE_DEFAULTS } from './defaults.js';
import type { NamedQuery } from './record-sql.js';
import { SqlStore, type RecordRow, type SqlConnection, type SqlSession, type StatusBounds } from './sql-store.js';

/** The schema's numbered steps; a database's user_version says how many it has taken. */
export const SQLITE_MIGRATIONS: string[] = [
  // 1: objects, their collections' clocks, statuses and the next-token secret.
  `
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
  );
  -- The last date_added handed out per collection: date_added never repeats, even after deletes.
  CREATE TABLE collection_clock (
    collection_id TEXT PRIMARY KEY,
    last_date_added INTEGER NOT NULL
  );
  CREATE TABLE objects (
    collection_id TEXT NOT NULL,
    date_added INTEGER NOT NULL,      -- microseconds since the epoch
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    version TEXT NOT NULL,            -- as the object states it (SRV-VER-01)
    version_key TEXT NOT NULL,        -- fixed-width form that sorts and compares as instants
    spec_version TEXT NOT NULL,
    spec_rank INTEGER NOT NULL,       -- spec_version as a number that sorts (2.1 -> 2000001)
    media_type TEXT NOT NULL,
    content TEXT NOT NULL             -- last, so pages without content never read it
  );
  CREATE UNIQUE INDEX objects_by_date_added ON objects (collection_id, date_added);
  CREATE UNIQUE INDEX objects_by_version ON objects (collection_id, id, version_key);
  CREATE INDEX objects_by_type ON objects (collection_id, type, date_added);
  CREATE TABLE statuses (
    id TEXT PRIMARY KEY,
    api_root TEXT NOT NULL,
    owner TEXT NOT NULL,
    created_at INTEGER NOT NULL,      -- milliseconds since the epoch
    body TEXT NOT NULL
  );
  CREATE INDEX statuses_by_age ON statuses (created_at);
  `,
  // 2: the statuses' total size, kept by triggers so that no path that adds or removes a status
  // can forget it, and so that checking the bound never sums the table.
  `
  ALTER TABLE statuses ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;  -- length of body in bytes
  UPDATE statuses SET bytes = length(CAST(body AS BLOB));
  CREATE TABLE status_usage (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 0),
    bytes INTEGER NOT NULL
  );
  INSERT INTO status_usage (singleton, bytes) SELECT 0, coalesce(sum(bytes), 0) FROM statuses;
  CREATE TRIGGER status_added AFTER INSERT ON statuses
    BEGIN UPDATE status_usage SET bytes = bytes + NEW.bytes; END;
  CREATE TRIGGER status_removed AFTER DELETE ON statuses
    BEGIN UPDATE status_usage SET bytes = bytes - OLD.bytes; END;
  `,
  // 3: pages of match[version]=<timestamp> walk the records of that version in date_added order.
  `
  CREATE INDEX objects_by_version_key ON objects (collection_id, version_key, date_added);
  `,
];

export type SqliteStoreOptions = StatusBounds & {
  /** FULL makes every commit survive power loss, not only a crash of the process. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Largest the database file may grow; a write past it fails with SQLITE_FULL, as on a full disk. */
  maxDatabaseBytes?: number;
  /** How long a write waits for another connection's write transaction to end before SQLITE_BUSY. */
  busyTimeoutMilliseconds?: number;
};

class SqliteConnection implements SqlConnection {
  readonly dialect = 'sqlite';
  // BEGIN IMMEDIATE already holds the file's write lock for the whole transaction.
  readonly lockForUpdate = '';
  readonly statusInsert = 'INSERT INTO statuses (id, api_root, owner, created_at, body, bytes) VALUES (@id, @apiRoot, @owner, @createdAt, @body, @bytes)';
  readonly trimsStatusesInAdd = true;
  private readonly db: SqliteDatabase;
  private readonly statements = new Map<string, Statement>();

  constructor(path: string, options: SqliteStoreOptions) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? STORE_DEFAULTS.synchronous}`);
    this.db.pragma(`busy_timeout = ${Math.round(options.busyTimeoutMilliseconds ?? STORE_DEFAULTS.busyTimeoutMilliseconds)}`);
    this.migrate();
    if (options.maxDatabaseBytes !== undefined) {
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      this.db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxDatabaseBytes / pageSize))}`);
    }
  }

  private migrate() {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SQLITE_MIGRATIONS.length) throw new Error(`the database was written by a newer server (schema ${version})`);
    for (let next = version + 1; next <= SQLITE_MIGRATIONS.length; next++) {
      this.db
        .transaction(() => {
          this.db.exec(SQLITE_MIGRATIONS[next - 1]!);
          this.db.pragma(`user_version = ${next}`);
        })
        .immediate();
    }
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= 500) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all<T>({ sql, params }: NamedQuery): T[] {
    return this.statement(sql).all(params) as T[];
  }

  async readWhile<T>({ sql, params }: NamedQuery, more: (row: T) => boolean): Promise<T[]> {
    const rows: T[] = [];
    for (const row of this.statement(sql).iterate(params) as IterableIterator<T>) {
      rows.push(row);
      if (!more(row)) break;
    }
    return rows;
  }

  run({ sql, params }: NamedQuery): number {
    return this.statement(sql).run(params).changes;
  }

  /**
   * Write transactions begin IMMEDIATE: they take the write lock first, waiting (busy_timeout) for
   * any other writer on the file — a running `taxii-server import`, another process. A deferred
   * one would read first and then fail with SQLITE_BUSY when it tries to write after another
   * connection committed, a wait the busy timeout cannot help. The driver is synchronous, so the
   * work's awaits settle before this thread takes its next call: transactions never interleave.
   */
  async transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    if (this.db.inTransaction) throw new Error('a transaction is already open on this connection');
    this.statement('BEGIN IMMEDIATE').run();
    try {
      const result = await work(this);
      this.statement('COMMIT').run();
      return result;
    } catch (error) {
      // SQLite may have rolled back already (SQLITE_FULL and other errors end the transaction).
      if (this.db.inTransaction) this.statement('ROLLBACK').run();
      throw error;
    }
  }

  async insertRecords(_tx: SqlSession, collectionId: string, rows: RecordRow[]): Promise<Set<number>> {
    const insert = this.statement(
      `INSERT OR IGNORE INTO objects (collection_id, date_added, id, type, version, version_key, spec_version, spec_rank, media_type, content)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const inserted = new Set<number>();
    for (const r of rows) {
      if (insert.run(collectionId, r.dateAdded, r.id, r.type, r.version, r.versionKey, r.specVersion, r.specRank, r.mediaType, r.content).changes === 1)
        inserted.add(r.dateAdded);
    }
    return inserted;
  }

  async claimPurge(): Promise<boolean> {
    // One writer per file: nobody else can be purging.
    return true;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

export class SqliteObjectStore extends SqlStore {
  constructor(path: string, options: SqliteStoreOptions = {}) {
    super(new SqliteConnection(path, options), options);
  }
}
