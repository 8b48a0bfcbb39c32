// A worker thread that owns one SQLite connection and runs store calls sent by ThreadedSqliteStore.
// SQLite's driver is synchronous: here a long statement blocks this thread, never the one that
// answers HTTP.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteObjectStore, type SqliteStoreOptions } from './sqlite.js';
import type { StoreCall, StoreReply } from './threaded.js';

const { path, options } = workerData as { path: string; options: SqliteStoreOptions };
const port = parentPort!;

/**
 * After these, the connection's view of the file may be stale or broken (a file system remounted
 * read-only and back, a failing disk, a file restored from backup): the connection is dropped and
 * the next call opens a fresh one, so the store recovers once the fault is gone.
 */
const REOPEN_AFTER = /^SQLITE_(IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB)/;

let store: SqliteObjectStore | undefined;

function drop() {
  try {
    store?.close();
  } catch {
    // Closing a connection to a broken file may fail too; it is dropped either way.
  }
  store = undefined;
}

port.on('message', async ({ id, method, args }: StoreCall) => {
  let reply: StoreReply;
  try {
    if (method === 'close' && !store) reply = { id, result: undefined };
    else {
      store ??= new SqliteObjectStore(path, options);
      const result = await ((store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!).apply(store, args);
      reply = { id, result };
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const code = e?.code !== undefined ? String(e.code) : undefined;
    if (code && REOPEN_AFTER.test(code)) drop();
    reply = { id, error: { message: e?.message ?? String(error), ...(code !== undefined && { code }) } };
  }
  port.postMessage(reply);
  if (method === 'close') port.close();
});
