// The SQLite store as the server uses it: every call runs on a worker thread, so a heavy page or a
// bulk insert never holds up other requests (discovery, auth, small pages). One worker writes (SQLite
// has one writer at a time); `readers` workers read in parallel on their own connections, which
// WAL mode lets see every committed write.
import { Worker } from 'node:worker_threads';
import type { SqliteStoreOptions } from './sqlite.js';
import type { AddRequest, DeleteRequest, Page, PageRequest, RecordQuery, StatusResource, TaxiiStore } from './types.js';

type Method = keyof TaxiiStore;
export type StoreCall = { id: number; method: Method; args: unknown[] };
export type StoreReply = { id: number; result?: unknown; error?: { message: string; code?: string } };

/** An error the worker raised, with SQLite's code (SQLITE_FULL, SQLITE_BUSY, …) kept for whoever answers the request. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Finds the worker's compiled entry: next to this module when it runs compiled, in the package's
 * dist/ when the tests run the TypeScript sources.
 */
function workerEntry(): URL {
  const here = new URL(import.meta.url);
  return here.pathname.endsWith('.ts') ? new URL('../../dist/store/sqlite-worker.js', here) : new URL('./sqlite-worker.js', here);
}

class StoreThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(
    private readonly path: string,
    private readonly options: SqliteStoreOptions,
  ) {}

  get load(): number {
    return this.pending.size;
  }

  /** The worker, started (again, if one died) on first use; calls queue in its port until it is ready. */
  start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerEntry(), { workerData: { path: this.path, options: this.options } });
    worker.on('message', (reply: StoreReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.error) waiting.reject(new StoreError(reply.error.message, reply.error.code));
      else waiting.resolve(reply.result);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(new StoreError(`the storage worker stopped: ${error.message}`, 'STORE_WORKER_STOPPED'));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  call<T>(method: Method, args: unknown[]): Promise<T> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, args } satisfies StoreCall);
    });
  }

  async stop(): Promise<void> {
    if (!this.worker) return;
    const worker = this.worker;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    await this.call('close', []).catch(() => undefined);
    await exited;
  }
}

export type ThreadedStoreOptions = SqliteStoreOptions & {
  /** Worker threads that serve reads (default 2); writes always have one of their own. */
  readers?: number;
};

export class ThreadedSqliteStore implements TaxiiStore {
  private readonly writer: StoreThread;
  private readonly readers: StoreThread[];

  private constructor(path: string, options: ThreadedStoreOptions) {
    const { readers = 2, ...sqlite } = options;
    this.writer = new StoreThread(path, sqlite);
    // An in-memory database exists once per connection: there, the writer reads too.
    this.readers = path === ':memory:' ? [] : Array.from({ length: Math.max(0, readers) }, () => new StoreThread(path, sqlite));
  }

  /** Opens the store; the writer creates or migrates the schema before any reader opens it. */
  static async open(path: string, options: ThreadedStoreOptions = {}): Promise<ThreadedSqliteStore> {
    const store = new ThreadedSqliteStore(path, options);
    await store.writer.call('countRecords', ['']);
    await Promise.all(store.readers.map((reader) => reader.call('countRecords', [''])));
    return store;
  }

  /** The reader with the fewest calls waiting. */
  private reader(): StoreThread {
    let best = this.readers[0] ?? this.writer;
    for (const reader of this.readers) if (reader.load < best.load) best = reader;
    return best;
  }

  addObjects(request: AddRequest): Promise<StatusResource> {
    return this.writer.call('addObjects', [request]);
  }

  queryRecords(query: RecordQuery, page: PageRequest): Promise<Page> {
    return this.reader().call('queryRecords', [query, page]);
  }

  hasObject(collectionId: string, objectId: string): Promise<boolean> {
    return this.reader().call('hasObject', [collectionId, objectId]);
  }

  deleteObject(request: DeleteRequest): Promise<number> {
    return this.writer.call('deleteObject', [request]);
  }

  getStatus(apiRootPath: string, statusId: string, owner: string): Promise<StatusResource | null> {
    return this.reader().call('getStatus', [apiRootPath, statusId, owner]);
  }

  purgeStatuses(olderThanMs: number, batch: number): Promise<number> {
    return this.writer.call('purgeStatuses', [olderThanMs, batch]);
  }

  countRecords(collectionId: string): Promise<number> {
    return this.reader().call('countRecords', [collectionId]);
  }

  async nextTokenSecret(): Promise<Buffer> {
    // Structured cloning turns a Buffer into a plain Uint8Array.
    return Buffer.from(await this.writer.call<Uint8Array>('nextTokenSecret', []));
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((reader) => reader.stop()));
    await this.writer.stop();
  }
}
