// A worker thread that owns the PostgreSQL connection pool and runs store calls sent by
// ThreadedPostgresStore, so that decoding result rows and encoding inserts happen here, not on the
// thread that answers HTTP.
import { parentPort, workerData } from 'node:worker_threads';
import { PostgresObjectStore, type PostgresStoreOptions } from './postgres.js';
import type { StoreCall, StoreReply } from './threaded.js';

const { options } = workerData as { options: Omit<PostgresStoreOptions, 'onIdleError'> };
const port = parentPort!;

let opening: Promise<PostgresObjectStore> | undefined;

function store(): Promise<PostgresObjectStore> {
  opening ??= PostgresObjectStore.open({ ...options, onIdleError: (error) => port.postMessage({ log: `a PostgreSQL connection failed while idle and will be replaced: ${error.message}` } satisfies StoreReply) });
  // A failed open (the database unreachable) is tried again by the next call.
  opening.catch(() => (opening = undefined));
  return opening;
}

port.on('message', async ({ id, method, args }: StoreCall) => {
  let reply: StoreReply;
  try {
    if (method === 'close' && !opening) reply = { id, result: undefined };
    else {
      const s = await store();
      const result = await (s[method] as (...a: unknown[]) => Promise<unknown>).apply(s, args);
      reply = { id, result };
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const code = e?.code !== undefined ? String(e.code) : undefined;
    reply = { id, error: { message: e?.message ?? String(error), ...(code !== undefined && { code }) } };
  }
  port.postMessage(reply);
  if (method === 'close') port.close();
});
