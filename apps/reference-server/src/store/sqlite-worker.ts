// A worker thread that owns one SQLite connection and runs store calls sent by ThreadedSqliteStore.
// SQLite's driver is synchronous: here a long statement blocks this thread, never the one that
// answers HTTP.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteObjectStore, type SqliteStoreOptions } from './sqlite.js';
import { serveStoreCalls } from './worker-loop.js';

const { path, options } = workerData as { path: string; options: SqliteStoreOptions };

/**
 * After these, the connection's view of the file may be stale or broken (a file system remounted
 * read-only and back, a failing disk, a file restored from backup): the connection is dropped and
 * the next call opens a fresh one, so the store recovers once the fault is gone.
 */
const REOPEN_AFTER = /^SQLITE_(IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB)/;

let store: SqliteObjectStore | undefined;

serveStoreCalls(parentPort!, {
  open: () => (store ??= new SqliteObjectStore(path, options)),
  isOpen: () => store !== undefined,
  failed(code) {
    if (!code || !REOPEN_AFTER.test(code)) return;
    // Closing a connection to a broken file may fail too; it is dropped either way.
    store?.close().catch(() => undefined);
    store = undefined;
  },
});
