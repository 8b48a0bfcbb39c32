// `taxii-server backup <file>`: a consistent copy of the SQLite database, taken while the server
// serves and writes. VACUUM INTO reads in one transaction, so the copy holds exactly what was
// committed when it began (WAL lets writers go on meanwhile), written compacted; SQLite's
// page-by-page backup API would start over each time another process writes, and under steady
// pushes might never finish. The copy is written beside the target and renamed into place, so a
// backup cut short never leaves a half file under the name asked for.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import Database from 'better-sqlite3';
import type { ServerConfig } from '../config.js';
import { describePostgresUrl } from '../store/postgres.js';

export type BackupResult = { file: string; bytes: number; records: number; seconds: number };

export function backupDatabase(config: ServerConfig, target: string, busyTimeoutMs = 30_000): BackupResult {
  if (config.storage.postgres) {
    throw new Error(
      `the store is PostgreSQL (${describePostgresUrl(config.storage.postgres.url)}): back it up with PostgreSQL's own tools, e.g. pg_dump --format=custom --file ${target} <the storage.postgres.url>; see the README's "Backup and restore"`,
    );
  }
  const source = config.storage.sqlite.path;
  if (!existsSync(source)) throw new Error(`no database at ${source} (storage.sqlite.path): nothing to back up`);
  if (existsSync(target)) throw new Error(`${target} exists; not overwritten (remove it, or name another file)`);
  const partial = join(dirname(target), `.${basename(target)}.partial`);
  rmSync(partial, { force: true });
  const started = performance.now();
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.prepare('VACUUM INTO ?').run(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new Error(`cannot back up ${source}: ${(error as Error).message}`);
  } finally {
    db.close();
  }
  const copy = new Database(partial, { readonly: true, fileMustExist: true });
  let records: number;
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed its check (${String(check)})`);
    records = (copy.prepare('SELECT count(*) AS n FROM objects').get() as { n: number }).n;
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  copy.close();
  renameSync(partial, target);
  return { file: target, bytes: statSync(target).size, records, seconds: (performance.now() - started) / 1000 };
}
