// A worker thread that owns the PostgreSQL connection pool and runs store calls sent by
// ThreadedPostgresStore, so that decoding result rows and encoding inserts happen here, not on the
// thread that answers HTTP.
import { parentPort, workerData } from 'node:worker_threads';
import { PostgresObjectStore, type PostgresStoreOptions } from './postgres.js';
import { serveStoreCalls, type StoreReply } from './worker-loop.js';

const { options } = workerData as { options: Omit<PostgresStoreOptions, 'onIdleError'> };
const port = parentPort!;

let opening: Promise<PostgresObjectStore> | undefined;

serveStoreCalls(port, {
  open() {
    opening ??= PostgresObjectStore.open({
      ...options,
      onIdleError: (error) =>
        port.postMessage({ log: `a PostgreSQL connection failed while idle and will be replaced: ${error.message}` } satisfies StoreReply),
    });
    // A failed open (the database unreachable) is tried again by the next call.
    opening.catch(() => (opening = undefined));
    return opening;
  },
  isOpen: () => opening !== undefined,
});
