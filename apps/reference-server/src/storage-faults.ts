// The one place where a failing store becomes an answer: a full disk, a read-only file system or
// a damaged database is not the client's fault and not a bug, so it gets 503 with an error
// resource that says storage failed and when to try again, instead of a bare 500. Each fault is
// logged once with its cause when it starts and once when storage works again, so a full disk
// under load does not flood the log.
import { TaxiiError } from '@taxii21/server';
import type { TaxiiStore } from './store/types.js';

/** What an operator (and a client, in `details.storage`) is told about each kind of fault. */
const KINDS: Array<{ code: RegExp; kind: string; text: string }> = [
  { code: /^(SQLITE_FULL|ENOSPC)/, kind: 'full', text: 'the disk or the database size limit is full' },
  { code: /^(SQLITE_READONLY|EROFS)/, kind: 'read-only', text: 'the database cannot be written' },
  { code: /^(SQLITE_CORRUPT|SQLITE_NOTADB)/, kind: 'damaged', text: 'the database file is damaged' },
  { code: /^(SQLITE_IOERR|SQLITE_CANTOPEN|EIO)/, kind: 'io-error', text: 'the database file cannot be read or written' },
  { code: /^(SQLITE_BUSY|SQLITE_LOCKED|SQLITE_PROTOCOL)/, kind: 'busy', text: 'the database is locked by another process' },
  { code: /^(SQLITE_NOMEM|STORE_WORKER_STOPPED)/, kind: 'unavailable', text: 'the storage engine stopped' },
];

function faultKind(error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? KINDS.find((k) => k.code.test(code)) : undefined;
}

export type StorageFaultOptions = { retryAfterSeconds: number; log: (message: string) => void };

/** Calls that write; a full disk fails them while reads go on working, so each side keeps its own state. */
const WRITES = new Set<PropertyKey>(['addObjects', 'deleteObject', 'purgeStatuses', 'nextTokenSecret']);

/** The store, with every storage fault turned into a 503 TaxiiError and logged once per episode. */
export function guardStore(store: TaxiiStore, options: StorageFaultOptions): TaxiiStore {
  const failing = new Map<'reads' | 'writes', { kind: string; failures: number }>();

  function fault(side: 'reads' | 'writes', error: unknown): never {
    const kind = faultKind(error);
    if (!kind) throw error;
    // One line per episode, from its first fault to the next call that works: a fault often
    // changes its code as it goes on (a failed write, then a connection reopened read-only).
    let episode = failing.get(side);
    if (!episode) {
      const e = error as { code: string; message?: string };
      options.log(`storage fault on ${side}: ${kind.text} (${e.code}: ${e.message ?? ''}); answering 503 until it clears`);
      episode = { kind: kind.kind, failures: 0 };
      failing.set(side, episode);
    }
    episode.failures++;
    throw new TaxiiError(503, `Storage failed: ${kind.text}. Nothing was changed by this request; try again later.`, {
      errorCode: 'storage-unavailable',
      details: { storage: kind.kind },
      headers: { 'Retry-After': String(options.retryAfterSeconds) },
    });
  }

  function worked(side: 'reads' | 'writes') {
    const episode = failing.get(side);
    if (!episode) return;
    options.log(`storage ${side} work again after ${episode.failures} failed ${episode.failures === 1 ? 'call' : 'calls'} (${episode.kind})`);
    failing.delete(side);
  }

  // A proxy rather than a copy of each method, so that a method added to TaxiiStore is guarded
  // too; each method is wrapped once, not on every call.
  const guarded = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || property === 'close') return value;
      if (!guarded.has(property)) {
        const side = WRITES.has(property) ? 'writes' : 'reads';
        guarded.set(property, async (...args: unknown[]) => {
          try {
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            worked(side);
            return result;
          } catch (error) {
            fault(side, error);
          }
        });
      }
      return guarded.get(property);
    },
  });
}
