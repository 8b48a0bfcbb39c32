// The stores as the server uses them: every call runs on a worker thread, so a heavy page or a
// bulk insert never holds up other requests (discovery, auth, small pages).
// - SQLite: its driver is synchronous. One worker writes (SQLite has one writer at a time);
//   `readers` workers read in parallel on their own connections, which WAL mode lets see every
//   committed write.
// - PostgreSQL: its driver is asynchronous, but decoding a page of 1,000 rows of JSON text is
//   milliseconds of JavaScript; on a worker (with the connection pool) that is not the HTTP
//   thread's time either. One worker serves every call.
import { Worker } from 'node:worker_threads';
import type { PostgresStoreOptions } from './postgres.js';
import type { SqliteStoreOptions } from './sqlite.js';
import { STORE_DEFAULTS } from './defaults.js';
import type { AddOutcome, AddRequest, DeleteRequest, LoginFailureStore, Page, PageRequest, RecordQuery, StatusResource, TaxiiStore } from './types.js';
import type { StoreCall, StoreMethod, StoreReply } from './worker-loop.js';

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
 * Finds a worker's compiled entry: next to this module when it runs compiled, in the package's
 * dist/ when the tests run the TypeScript sources.
 */
function workerEntry(name: string): URL {
  const here = new URL(import.meta.url);
  return here.pathname.endsWith('.ts') ? new URL(`../../dist/store/${name}`, here) : new URL(`./${name}`, here);
}

class StoreThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  /** Where the worker's own messages go (a PostgreSQL connection lost while idle). */
  onLog: ((message: string) => void) | undefined;

  constructor(
    private readonly entry: URL,
    private readonly workerData: unknown,
  ) {}

  get load(): number {
    return this.pending.size;
  }

  /** The worker, started (again, if one died) on first use; calls queue in its port until it is ready. */
  start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry, { workerData: this.workerData });
    worker.on('message', (reply: StoreReply) => {
      if ('log' in reply) return void this.onLog?.(reply.log);
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

  call<T>(method: StoreMethod, args: unknown[]): Promise<T> {
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
  /** Worker threads that serve reads; writes always have one of their own. */
  readers?: number;
};

/** Calls to a store on worker threads: writes to one, reads to the least busy reader (or the writer, when there are none). */
class ThreadedStore implements TaxiiStore {
  protected constructor(
    protected readonly writer: StoreThread,
    private readonly readers: StoreThread[],
  ) {}

  /** Starts the threads; the writer creates or migrates the schema before any reader opens it. */
  protected async started(): Promise<this> {
    await this.writer.call('countRecords', ['']);
    await Promise.all(this.readers.map((reader) => reader.call('countRecords', [''])));
    return this;
  }

  /** The reader with the fewest calls waiting. */
  private reader(): StoreThread {
    let best = this.readers[0] ?? this.writer;
    for (const reader of this.readers) if (reader.load < best.load) best = reader;
    return best;
  }

  addObjects(request: AddRequest): Promise<AddOutcome> {
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

export class ThreadedSqliteStore extends ThreadedStore {
  static open(path: string, options: ThreadedStoreOptions = {}): Promise<ThreadedSqliteStore> {
    const { readers = STORE_DEFAULTS.readers, ...sqlite } = options;
    const thread = () => new StoreThread(workerEntry('sqlite-worker.js'), { path, options: sqlite });
    // An in-memory database exists once per connection: there, the writer reads too.
    return new ThreadedSqliteStore(thread(), path === ':memory:' ? [] : Array.from({ length: Math.max(0, readers) }, thread)).started();
  }
}

/** Options that cross to the worker: callbacks cannot, so idle-connection errors come back as log lines. */
export type ThreadedPostgresOptions = Omit<PostgresStoreOptions, 'onIdleError'> & { log?: (message: string) => void };

export class ThreadedPostgresStore extends ThreadedStore implements LoginFailureStore {
  static open(options: ThreadedPostgresOptions): Promise<ThreadedPostgresStore> {
    const { log, ...postgres } = options;
    const thread = new StoreThread(workerEntry('postgres-worker.js'), { options: postgres });
    thread.onLog = log;
    return new ThreadedPostgresStore(thread, []).started();
  }

  recentLoginFailures(key: string, sinceMs: number): Promise<number[]> {
    return this.writer.call('recentLoginFailures', [key, sinceMs]);
  }

  addLoginFailure(key: string, atMs: number, sinceMs: number, keep: number): Promise<void> {
    return this.writer.call('addLoginFailure', [key, atMs, sinceMs, keep]);
  }

  clearLoginFailures(key: string): Promise<void> {
    return this.writer.call('clearLoginFailures', [key]);
  }
}
