// The PostgreSQL store's schema, as numbered migrations. Each runs once, in its own transaction,
// recorded in taxii_schema; instances starting together take an advisory lock first, so exactly one
// of them migrates and the others find the work done. Text columns are COLLATE "C": ids and
// version keys compare byte by byte, as in SQLite, whatever the database's locale.
import type { PoolClient } from 'pg';

/** Any constant both sides agree on: the advisory lock that serialises migrations. */
const MIGRATION_LOCK = 0x7a_11_21_01;

/** How many shards the statuses' size counter is split into, so concurrent adds rarely wait on each other for it. */
export const STATUS_USAGE_SHARDS = 16;

const MIGRATIONS: string[] = [
  // 1: the same tables as the SQLite store, plus shared failed-login state.
  `
  CREATE TABLE meta (
    key text COLLATE "C" PRIMARY KEY,
    value bytea NOT NULL
  );
  -- The last date_added handed out per collection. A writer holds this row's lock from taking its
  -- first date_added until it commits, so records commit in date_added order (see postgres.ts).
  CREATE TABLE collection_clock (
    collection_id text COLLATE "C" PRIMARY KEY,
    last_date_added bigint NOT NULL
  );
  CREATE TABLE objects (
    collection_id text COLLATE "C" NOT NULL,
    date_added bigint NOT NULL,
    id text COLLATE "C" NOT NULL,
    type text COLLATE "C" NOT NULL,
    version text COLLATE "C" NOT NULL,
    version_key text COLLATE "C" NOT NULL,
    spec_version text COLLATE "C" NOT NULL,
    spec_rank integer NOT NULL,
    media_type text COLLATE "C" NOT NULL,
    content text NOT NULL,
    CONSTRAINT objects_by_date_added PRIMARY KEY (collection_id, date_added)
  );
  CREATE UNIQUE INDEX objects_by_version ON objects (collection_id, id, version_key);
  CREATE INDEX objects_by_type ON objects (collection_id, type, date_added);
  CREATE TABLE statuses (
    id text COLLATE "C" PRIMARY KEY,
    api_root text COLLATE "C" NOT NULL,
    owner text COLLATE "C" NOT NULL,
    created_at bigint NOT NULL,
    body text NOT NULL,
    bytes integer NOT NULL,
    shard smallint NOT NULL
  );
  CREATE INDEX statuses_by_age ON statuses (created_at);
  CREATE TABLE status_usage (
    shard smallint PRIMARY KEY,
    bytes bigint NOT NULL
  );
  INSERT INTO status_usage (shard, bytes) SELECT g, 0 FROM generate_series(0, ${STATUS_USAGE_SHARDS - 1}) AS g;
  -- Kept by a trigger, so that no path that adds or removes a status can forget it.
  CREATE FUNCTION taxii_status_usage() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      UPDATE status_usage SET bytes = bytes + NEW.bytes WHERE shard = NEW.shard;
      RETURN NEW;
    END IF;
    UPDATE status_usage SET bytes = bytes - OLD.bytes WHERE shard = OLD.shard;
    RETURN OLD;
  END $$;
  CREATE TRIGGER status_usage AFTER INSERT OR DELETE ON statuses FOR EACH ROW EXECUTE FUNCTION taxii_status_usage();
  -- Recent failed logins per key (user name and address), shared by every server on this database.
  CREATE TABLE login_failures (
    key text COLLATE "C" PRIMARY KEY,
    failed_at bigint[] NOT NULL,
    updated_at bigint NOT NULL
  );
  CREATE INDEX login_failures_by_age ON login_failures (updated_at);
  `,
  // 2: pages of match[version]=<timestamp> walk the records of that version in date_added order.
  `
  CREATE INDEX objects_by_version_key ON objects (collection_id, version_key, date_added);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database to SCHEMA_VERSION; refuses one written by a newer server. */
export async function migrate(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS taxii_schema (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM taxii_schema');
    const current = rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) throw new Error(`the database was written by a newer server (schema ${current}, this server knows ${SCHEMA_VERSION})`);
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      await client.query(MIGRATIONS[version - 1]!);
      await client.query('INSERT INTO taxii_schema (version) VALUES ($1)', [version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
