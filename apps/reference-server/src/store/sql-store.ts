// What both SQL stores do, written once: the date_added clock (SRV-FLT-11), adding objects with
// their status, keeping the statuses bounded, reading pages, deleting, and the next-token secret.
// A dialect (sqlite.ts, postgres.ts) brings its connection and only the statements whose SQL or
// locking differs; every other statement here runs unchanged on both.
import { randomBytes } from 'node:crypto';
import { fromMicros, nowMicros, versionKey } from '../timestamps.js';
import { STORE_DEFAULTS } from './defaults.js';
import { deleteStatement, indexed, inList, pageQuery, type Dialect, type NamedQuery } from './record-sql.js';
import { buildStatus, type StoredOutcome } from './status.js';
import type { AddOutcome, AddRequest, DeleteRequest, Page, PageRequest, RecordQuery, StatusResource, StoredRecord, TaxiiStore } from './types.js';

/** Statements on one connection: a transaction's, or any for a read. */
export interface SqlSession {
  all<T>(query: NamedQuery): T[] | Promise<T[]>;
  /** Runs a statement; resolves to how many rows it changed. */
  run(query: NamedQuery): number | Promise<number>;
}

/** A dialect's connection, and what it does its own way. */
export interface SqlConnection extends SqlSession {
  readonly dialect: Dialect;
  /** Appended to the read of a collection's clock, to hold it until commit where writers run concurrently. */
  readonly lockForUpdate: string;
  /** Inserts a status with @id, @apiRoot, @owner, @createdAt, @body and @bytes. */
  readonly statusInsert: string;
  /**
   * Whether an add makes room among the statuses in its own transaction (one writer, nothing to
   * wait for) or after it commits (many writers, which must not wait on each other's purges).
   */
  readonly trimsStatusesInAdd: boolean;
  /**
   * The rows of a read, in order, until `more` says no: the row it refused is the last one read.
   * A dialect that can stop reading midway (SQLite) holds no more rows than that.
   */
  readWhile<T>(query: NamedQuery, more: (row: T) => boolean): Promise<T[]>;
  /** Runs work in one write transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** Inserts the rows, skipping versions already stored; resolves to the date_added of those inserted. */
  insertRecords(tx: SqlSession, collectionId: string, rows: RecordRow[]): Promise<Set<number>>;
  /** Whether this transaction may purge statuses now; false when another process is purging. */
  claimPurge(tx: SqlSession): Promise<boolean>;
  close(): Promise<void>;
}

export type StatusBounds = {
  maxStatusDetails?: number | undefined;
  maxStatusBytes?: number | undefined;
};

/** One object version as inserted. */
export type RecordRow = {
  dateAdded: number;
  id: string;
  type: string;
  version: string;
  versionKey: string;
  specVersion: string;
  specRank: number;
  mediaType: string;
  content: string;
};

/** A page's row as both databases return it. */
type PageRow = { id: string; type: string; version: string; spec_version: string; date_added: number; media_type: string; content?: string | null };

/** Statuses removed per round when the kept statuses outgrow their bound: each add brings one bounded status. */
const TRIM_BATCH = 16;

/** spec_version as a number that sorts: 2.1 → 2000001. */
export function specRank(specVersion: string): number {
  const [major, minor] = specVersion.split('.').map(Number);
  return major! * 1_000_000 + minor!;
}

/**
 * The clock behind SRV-FLT-11, the one rule of both stores: each accepted object, in request
 * order, takes a date_added later than the last its collection handed out and not earlier than
 * now. A version already stored takes a value too and leaves it unused — a gap, never a repeat —
 * so every value is fixed before the insert, which then needs no round trip per object. The
 * caller stores `last` as the collection's clock, which deletes never lower.
 */
export function assignDatesAdded(accepted: AddRequest['accepted'], lastDateAdded: number, now: () => number = nowMicros): { rows: RecordRow[]; last: number } {
  let last = lastDateAdded;
  const rows = accepted.map((object) => {
    const dateAdded = Math.max(now(), last + 1);
    last = dateAdded;
    const version = object.version ?? fromMicros(dateAdded);
    return {
      dateAdded,
      id: object.id,
      type: object.type,
      version,
      versionKey: versionKey(version),
      specVersion: object.specVersion,
      specRank: specRank(object.specVersion),
      mediaType: object.mediaType,
      content: object.content,
    };
  });
  return { rows, last };
}

function toRecord(row: PageRow): StoredRecord {
  const record: StoredRecord = {
    id: row.id,
    type: row.type,
    version: row.version,
    specVersion: row.spec_version,
    dateAdded: Number(row.date_added),
    mediaType: row.media_type,
  };
  if (row.content !== undefined && row.content !== null) record.content = row.content;
  return record;
}

export class SqlStore implements TaxiiStore {
  private readonly maxStatusDetails: number;
  private readonly maxStatusBytes: number;

  protected constructor(
    protected readonly db: SqlConnection,
    bounds: StatusBounds,
  ) {
    this.maxStatusDetails = bounds.maxStatusDetails ?? STORE_DEFAULTS.maxStatusDetails;
    this.maxStatusBytes = bounds.maxStatusBytes ?? STORE_DEFAULTS.maxStatusBytes;
  }

  async addObjects(request: AddRequest): Promise<AddOutcome> {
    const { status, inserted, trimAfterCommit } = await this.db.transaction(async (tx) => {
      const collection = { collection: request.collectionId };
      await tx.run({
        sql: 'INSERT INTO collection_clock (collection_id, last_date_added) VALUES (@collection, 0) ON CONFLICT (collection_id) DO NOTHING',
        params: collection,
      });
      // Where writers run concurrently the clock stays locked until commit, so records also
      // commit in date_added order and a reader paging by added_after never skips one.
      const [clock] = await tx.all<{ last_date_added: number }>({
        sql: `SELECT last_date_added FROM collection_clock WHERE collection_id = @collection${this.db.lockForUpdate}`,
        params: collection,
      });
      const { rows, last } = assignDatesAdded(request.accepted, Number(clock!.last_date_added));
      let inserted = new Set<number>();
      if (rows.length > 0) {
        inserted = await this.db.insertRecords(tx, request.collectionId, rows);
        await tx.run({ sql: 'UPDATE collection_clock SET last_date_added = @last WHERE collection_id = @collection', params: { ...collection, last } });
      }
      const stored: StoredOutcome[] = rows.map((row, i) => ({
        id: row.id,
        version: row.version,
        alreadyPresent: !inserted.has(row.dateAdded),
        stixProblems: request.accepted[i]!.stixProblems,
      }));
      if (request.storeStatus === false) return { status: buildStatus(request, stored, 0), inserted: inserted.size, trimAfterCommit: false };

      const status = buildStatus(request, stored, this.maxStatusDetails);
      const body = JSON.stringify(status);
      await tx.run({
        sql: this.db.statusInsert,
        params: { id: request.statusId, apiRoot: request.apiRootPath, owner: request.owner, createdAt: Date.now(), body, bytes: Buffer.byteLength(body) },
      });
      const done = { status, inserted: inserted.size, trimAfterCommit: false };
      if ((await this.statusBytes(tx)) <= this.maxStatusBytes) return done;
      if (!this.db.trimsStatusesInAdd) return { ...done, trimAfterCommit: true };
      await this.removeOldestBeyondBound(tx, TRIM_BATCH, request.statusId);
      return done;
    });
    // A bound lowered in the configuration is caught up by purgeStatuses in batches.
    if (trimAfterCommit) await this.purgeStatuses(0, TRIM_BATCH).catch(() => undefined);
    return { status, stored: inserted, alreadyPresent: request.accepted.length - inserted };
  }

  private async statusBytes(session: SqlSession): Promise<number> {
    const [row] = await session.all<{ bytes: number }>({ sql: 'SELECT CAST(coalesce(sum(bytes), 0) AS bigint) AS bytes FROM status_usage', params: {} });
    return Number(row!.bytes);
  }

  /** Removes the oldest statuses (never `keep`) until their total size is within the bound, at most `batch`; returns how many. */
  private async removeOldestBeyondBound(tx: SqlSession, batch: number, keep = ''): Promise<number> {
    let excess = (await this.statusBytes(tx)) - this.maxStatusBytes;
    if (excess <= 0) return 0;
    const oldest = await tx.all<{ id: string; bytes: number }>({
      sql: `SELECT id, bytes FROM statuses${indexed(this.db.dialect, 'statuses_by_age')} WHERE id <> @keep ORDER BY created_at LIMIT @batch`,
      params: { keep, batch },
    });
    const doomed: string[] = [];
    for (const row of oldest) {
      if (excess <= 0) break;
      doomed.push(row.id);
      excess -= Number(row.bytes);
    }
    if (doomed.length === 0) return 0;
    const params: Record<string, unknown> = {};
    return tx.run({ sql: `DELETE FROM statuses WHERE id IN ${inList(params, 'status', doomed)}`, params });
  }

  async queryRecords(query: RecordQuery, page: PageRequest): Promise<Page> {
    const { maxBytes } = page;
    if (!page.withContent || maxBytes === undefined) {
      const rows = await this.db.all<PageRow>(pageQuery(query, page, this.db.dialect));
      return { records: rows.slice(0, page.limit).map(toRecord), more: rows.length > page.limit };
    }
    let bytes = 0;
    let kept = 0;
    const rows = await this.db.readWhile<PageRow>(pageQuery(query, page, this.db.dialect), (row) => {
      bytes += Buffer.byteLength(row.content ?? '');
      if (kept > 0 && bytes > maxBytes) return false;
      kept++;
      return true;
    });
    const records = rows.slice(0, Math.min(kept, page.limit));
    return { records: records.map(toRecord), more: rows.length > records.length };
  }

  async hasObject(collectionId: string, objectId: string): Promise<boolean> {
    const rows = await this.db.all({
      sql: 'SELECT 1 AS found FROM objects WHERE collection_id = @collection AND id = @id LIMIT 1',
      params: { collection: collectionId, id: objectId },
    });
    return rows.length > 0;
  }

  async deleteObject(request: DeleteRequest): Promise<number> {
    return this.db.transaction(async (tx) => tx.run(deleteStatement(request, this.db.dialect)));
  }

  async getStatus(apiRootPath: string, statusId: string, owner: string): Promise<StatusResource | null> {
    const [row] = await this.db.all<{ body: string }>({
      sql: 'SELECT body FROM statuses WHERE id = @id AND api_root = @apiRoot AND owner = @owner',
      params: { id: statusId, apiRoot: apiRootPath, owner },
    });
    return row ? (JSON.parse(row.body) as StatusResource) : null;
  }

  async purgeStatuses(olderThanMs: number, batch: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      if (!(await this.db.claimPurge(tx))) return 0;
      const expired = await tx.run({
        sql: `DELETE FROM statuses WHERE id IN (SELECT id FROM statuses${indexed(this.db.dialect, 'statuses_by_age')} WHERE created_at < @before ORDER BY created_at LIMIT @batch)`,
        params: { before: olderThanMs, batch },
      });
      return expired + (expired < batch ? await this.removeOldestBeyondBound(tx, batch - expired) : 0);
    });
  }

  async countRecords(collectionId: string): Promise<number> {
    const [row] = await this.db.all<{ n: number }>({
      sql: 'SELECT CAST(count(*) AS bigint) AS n FROM objects WHERE collection_id = @collection',
      params: { collection: collectionId },
    });
    return Number(row!.n);
  }

  async nextTokenSecret(): Promise<Buffer> {
    const key = { key: 'next_token_secret' };
    await this.db.run({ sql: 'INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING', params: { ...key, value: randomBytes(32) } });
    const [row] = await this.db.all<{ value: Buffer }>({ sql: 'SELECT value FROM meta WHERE key = @key', params: key });
    return row!.value;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
