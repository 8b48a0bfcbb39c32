// The embedded default store: one SQLite file in WAL mode. Filtering, version selection and
// paging run in SQL built by record-sql.ts, with the index of each query shape named.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database, { type Database as SqliteDatabase, type Statement } from 'better-sqlite3';
import { fromMicros, nowMicros, versionKey } from '../timestamps.js';
import { deletionQuery, pageQuery } from './record-sql.js';
import { buildStatus, type StoredOutcome } from './status.js';
import type { AddRequest, DeleteRequest, Page, PageRequest, RecordQuery, StatusResource, StoredRecord, TaxiiStore } from './types.js';

// 2: statuses.bytes and status_usage, which bound the statuses' total size.
// 3: objects_by_version_key, for pages of match[version]=<timestamp>.
const SCHEMA_VERSION = 3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
-- The last date_added handed out per collection: date_added never repeats, even after deletes.
CREATE TABLE IF NOT EXISTS collection_clock (
  collection_id TEXT PRIMARY KEY,
  last_date_added INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS objects (
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
CREATE UNIQUE INDEX IF NOT EXISTS objects_by_date_added ON objects (collection_id, date_added);
CREATE UNIQUE INDEX IF NOT EXISTS objects_by_version ON objects (collection_id, id, version_key);
CREATE INDEX IF NOT EXISTS objects_by_type ON objects (collection_id, type, date_added);
CREATE INDEX IF NOT EXISTS objects_by_version_key ON objects (collection_id, version_key, date_added);
CREATE TABLE IF NOT EXISTS statuses (
  id TEXT PRIMARY KEY,
  api_root TEXT NOT NULL,
  owner TEXT NOT NULL,
  created_at INTEGER NOT NULL,      -- milliseconds since the epoch
  body TEXT NOT NULL,
  bytes INTEGER NOT NULL DEFAULT 0  -- length of body in bytes
);
CREATE INDEX IF NOT EXISTS statuses_by_age ON statuses (created_at);
`;

// The statuses' total size, kept by triggers so that no path that adds or removes a status can
// forget it, and so that checking the bound never sums the table.
const STATUS_USAGE = `
CREATE TABLE IF NOT EXISTS status_usage (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 0),
  bytes INTEGER NOT NULL
);
INSERT OR IGNORE INTO status_usage (singleton, bytes) SELECT 0, coalesce(sum(bytes), 0) FROM statuses;
CREATE TRIGGER IF NOT EXISTS status_added AFTER INSERT ON statuses
  BEGIN UPDATE status_usage SET bytes = bytes + NEW.bytes; END;
CREATE TRIGGER IF NOT EXISTS status_removed AFTER DELETE ON statuses
  BEGIN UPDATE status_usage SET bytes = bytes - OLD.bytes; END;
`;

export type SqliteStoreOptions = {
  /** FULL (default) makes every commit survive power loss, not only a crash of the process. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Most status details (failures first, then successes) one status keeps; the counts always count all. */
  maxStatusDetails?: number;
  /** Total size of the stored statuses; past it the oldest are removed as new ones come. */
  maxStatusBytes?: number;
  /** Largest the database file may grow; a write past it fails with SQLITE_FULL, as on a full disk. */
  maxDatabaseBytes?: number;
  /** How long a write waits for another connection's write transaction to end (default 30 s) before SQLITE_BUSY. */
  busyTimeoutMilliseconds?: number;
};

export const STATUS_DEFAULTS = { maxStatusDetails: 1000, maxStatusBytes: 256 * 1024 * 1024 };

function specRank(specVersion: string): number {
  const [major, minor] = specVersion.split('.').map(Number);
  return major! * 1_000_000 + minor!;
}

type Row = { id: string; type: string; version: string; spec_version: string; date_added: number; media_type: string; content?: string };

export class SqliteObjectStore implements TaxiiStore {
  private readonly db: SqliteDatabase;
  private readonly statements = new Map<string, Statement>();
  private readonly addTransaction: (request: AddRequest) => StatusResource;
  private readonly purgeTransaction: (olderThanMs: number, batch: number) => number;
  private readonly deleteTransaction: (request: DeleteRequest) => number;
  private readonly maxStatusDetails: number;
  private readonly maxStatusBytes: number;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.maxStatusDetails = options.maxStatusDetails ?? STATUS_DEFAULTS.maxStatusDetails;
    this.maxStatusBytes = options.maxStatusBytes ?? STATUS_DEFAULTS.maxStatusBytes;
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma(`busy_timeout = ${Math.round(options.busyTimeoutMilliseconds ?? 30_000)}`);
    this.migrate();
    if (options.maxDatabaseBytes !== undefined) {
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      this.db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxDatabaseBytes / pageSize))}`);
    }
    // Write transactions begin IMMEDIATE: they take the write lock first, waiting (busy_timeout) for
    // any other writer on the file — a running `taxii-server import`, another process. A deferred
    // one would read first and then fail with SQLITE_BUSY when it tries to write after another
    // connection committed, a wait the busy timeout cannot help.
    const add = this.db.transaction((request: AddRequest) => this.addInTransaction(request));
    const purge = this.db.transaction((olderThanMs: number, batch: number) => this.purgeInTransaction(olderThanMs, batch));
    const remove = this.db.transaction((request: DeleteRequest) => this.deleteInTransaction(request));
    this.addTransaction = (request) => add.immediate(request);
    this.purgeTransaction = (olderThanMs, batch) => purge.immediate(olderThanMs, batch);
    this.deleteTransaction = (request) => remove.immediate(request);
  }

  private migrate() {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new Error(`the database was written by a newer server (schema ${version})`);
    if (version === SCHEMA_VERSION) return;
    this.db.transaction(() => {
      this.db.exec(SCHEMA);
      if (version === 1) {
        this.db.exec('ALTER TABLE statuses ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0');
        this.db.exec('UPDATE statuses SET bytes = length(CAST(body AS BLOB))');
      }
      this.db.exec(STATUS_USAGE);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
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

  async addObjects(request: AddRequest): Promise<StatusResource> {
    return this.addTransaction(request);
  }

  private addInTransaction(request: AddRequest): StatusResource {
    const clockRow = this.statement('SELECT last_date_added FROM collection_clock WHERE collection_id = ?').get(request.collectionId) as { last_date_added: number } | undefined;
    let clock = clockRow?.last_date_added ?? 0;
    const insert = this.statement(
      `INSERT OR IGNORE INTO objects (collection_id, date_added, id, type, version, version_key, spec_version, spec_rank, media_type, content)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const stored: StoredOutcome[] = [];
    for (const object of request.accepted) {
      // Unique and strictly increasing, also within one bulk insert (SRV-FLT-11).
      const dateAdded = Math.max(nowMicros(), clock + 1);
      const version = object.version ?? fromMicros(dateAdded);
      const result = insert.run(request.collectionId, dateAdded, object.id, object.type, version, versionKey(version), object.specVersion, specRank(object.specVersion), object.mediaType, object.content);
      if (result.changes === 1) clock = dateAdded;
      stored.push({ id: object.id, version, alreadyPresent: result.changes === 0, stixProblems: object.stixProblems });
    }
    this.statement(
      `INSERT INTO collection_clock (collection_id, last_date_added) VALUES (?, ?)
       ON CONFLICT (collection_id) DO UPDATE SET last_date_added = excluded.last_date_added`,
    ).run(request.collectionId, clock);
    const status = buildStatus(request, stored, request.storeStatus === false ? Infinity : this.maxStatusDetails);
    if (request.storeStatus === false) return status;
    const body = JSON.stringify(status);
    this.statement('INSERT INTO statuses (id, api_root, owner, created_at, body, bytes) VALUES (?, ?, ?, ?, ?, ?)').run(
      request.statusId,
      request.apiRootPath,
      request.owner,
      Date.now(),
      body,
      Buffer.byteLength(body),
    );
    // Each request adds one bounded status, so making room takes a few of the oldest; a bound
    // lowered in the configuration is caught up by purgeStatuses in batches.
    this.removeOldestStatusesBeyondBound(16, request.statusId);
    return status;
  }

  /** Removes the oldest statuses (never `keep`) until their total size is within the bound, at most `batch`; returns how many. */
  private removeOldestStatusesBeyondBound(batch: number, keep = ''): number {
    let excess = this.statusBytes() - this.maxStatusBytes;
    if (excess <= 0) return 0;
    const oldest = this.statement('SELECT id, bytes FROM statuses INDEXED BY statuses_by_age WHERE id != ? ORDER BY created_at LIMIT ?').all(keep, batch) as Array<{ id: string; bytes: number }>;
    const remove = this.statement('DELETE FROM statuses WHERE id = ?');
    let removed = 0;
    for (const row of oldest) {
      if (excess <= 0) break;
      remove.run(row.id);
      excess -= row.bytes;
      removed++;
    }
    return removed;
  }

  private statusBytes(): number {
    return (this.statement('SELECT bytes FROM status_usage').get() as { bytes: number }).bytes;
  }

  async queryRecords(query: RecordQuery, page: PageRequest): Promise<Page> {
    const { sql, params } = pageQuery(query, page);
    const rows = this.statement(sql).all(params) as Row[];
    const more = rows.length > page.limit;
    return { records: rows.slice(0, page.limit).map(toRecord), more };
  }

  async hasObject(collectionId: string, objectId: string): Promise<boolean> {
    return this.statement('SELECT 1 FROM objects WHERE collection_id = ? AND id = ? LIMIT 1').get(collectionId, objectId) !== undefined;
  }

  async deleteObject(request: DeleteRequest): Promise<number> {
    return this.deleteTransaction(request);
  }

  private deleteInTransaction(request: DeleteRequest): number {
    const query: RecordQuery = { collectionId: request.collectionId, objectId: request.objectId, versions: request.versions };
    if (request.specVersions) query.specVersions = request.specVersions;
    const { sql, params } = deletionQuery(query, 'sqlite');
    return this.statement(`DELETE FROM objects WHERE collection_id = @collection AND date_added IN (${sql})`).run(params).changes;
  }

  async getStatus(apiRootPath: string, statusId: string, owner: string): Promise<StatusResource | null> {
    const row = this.statement('SELECT body FROM statuses WHERE id = ? AND api_root = ? AND owner = ?').get(statusId, apiRootPath, owner) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as StatusResource) : null;
  }

  async purgeStatuses(olderThanMs: number, batch: number): Promise<number> {
    return this.purgeTransaction(olderThanMs, batch);
  }

  private purgeInTransaction(olderThanMs: number, batch: number): number {
    const expired = this.statement(
      'DELETE FROM statuses WHERE rowid IN (SELECT rowid FROM statuses INDEXED BY statuses_by_age WHERE created_at < ? ORDER BY created_at LIMIT ?)',
    ).run(olderThanMs, batch).changes;
    return expired + (expired < batch ? this.removeOldestStatusesBeyondBound(batch - expired) : 0);
  }

  async countRecords(collectionId: string): Promise<number> {
    return (this.statement('SELECT count(*) AS n FROM objects WHERE collection_id = ?').get(collectionId) as { n: number }).n;
  }

  async nextTokenSecret(): Promise<Buffer> {
    this.statement('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('next_token_secret', randomBytes(32));
    return (this.statement('SELECT value FROM meta WHERE key = ?').get('next_token_secret') as { value: Buffer }).value;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

function toRecord(row: Row): StoredRecord {
  const record: StoredRecord = { id: row.id, type: row.type, version: row.version, specVersion: row.spec_version, dateAdded: row.date_added, mediaType: row.media_type };
  if (row.content !== undefined) record.content = row.content;
  return record;
}
