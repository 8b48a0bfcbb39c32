// A worker thread that owns one SQLite connection and runs store calls sent by ThreadedSqliteStore.
// SQLite's driver is synchronous: here a long statement blocks this thread, never the one that
// answers HTTP.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteObjectStore, type SqliteStoreOptions } from './sqlite.js';
import type { StoreCall, StoreReply } from './threaded.js';

const { path, options } = workerData as { path: string; options: SqliteStoreOptions };
const store = new SqliteObjectStore(path, options);
const port = parentPort!;

port.on('message', async ({ id, method, args }: StoreCall) => {
  let reply: StoreReply;
  try {
    const result = await (store[method] as (...a: unknown[]) => Promise<unknown>).apply(store, args);
    reply = { id, result };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    reply = { id, error: { message: e?.message ?? String(error), ...(e?.code !== undefined && { code: String(e.code) }) } };
  }
  port.postMessage(reply);
  if (method === 'close') port.close();
});
