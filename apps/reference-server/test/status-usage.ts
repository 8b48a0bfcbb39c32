// The statuses' bookkept total, their actual total and their count, read from the store's
// database itself (SQLite file or PostgreSQL database), whichever the server uses.
import Database from 'better-sqlite3';
import pg from 'pg';
import type { ServerConfig } from '../src/config.js';

export type StatusUsage = { kept: number; actual: number; count: number };

export async function statusUsage(config: ServerConfig): Promise<StatusUsage> {
  if (config.storage.postgres) {
    const client = new pg.Client({ connectionString: config.storage.postgres.url });
    await client.connect();
    try {
      const kept = await client.query<{ bytes: string }>('SELECT sum(bytes) AS bytes FROM status_usage');
      const actual = await client.query<{ n: string; c: string }>('SELECT coalesce(sum(octet_length(body)), 0) AS n, count(*) AS c FROM statuses');
      return { kept: Number(kept.rows[0]!.bytes), actual: Number(actual.rows[0]!.n), count: Number(actual.rows[0]!.c) };
    } finally {
      await client.end();
    }
  }
  return sqliteStatusUsage(config.storage.sqlite.path);
}

export function sqliteStatusUsage(file: string): StatusUsage {
  const db = new Database(file, { readonly: true });
  try {
    const kept = (db.prepare('SELECT bytes FROM status_usage').get() as { bytes: number }).bytes;
    const actual = db.prepare('SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) AS n, count(*) AS c FROM statuses').get() as { n: number; c: number };
    return { kept, actual: actual.n, count: actual.c };
  } finally {
    db.close();
  }
}
