// The one place where a failing store becomes an answer: a full disk, a read-only file system or
// a damaged database is not the client's fault and not a bug, so it gets 503 with an error
// resource that says storage failed and when to try again, instead of a bare 500. Each fault is
// logged once with its cause when it starts and once when storage works again, so a full disk
// under load does not flood the log.
import { ErrorAnswer } from '@taxii21/server';
import type { TaxiiStore } from './store/types.js';

/** What an operator (and a client, in `details.storage`) is told about each kind of fault. */
// SQLite's result codes, Node's system errors, and PostgreSQL's SQLSTATE codes (class 53:
// insufficient resources, 57: operator intervention, 08: connection, 58: system, XX: internal).
const KINDS: Array<{ code: RegExp; kind: string; text: string }> = [
  { code: /^(SQLITE_FULL|ENOSPC|53100$|54000$)/, kind: 'full', text: 'the disk or the database size limit is full' },
  { code: /^(SQLITE_READONLY|EROFS|25006$)/, kind: 'read-only', text: 'the database cannot be written' },
  { code: /^(SQLITE_CORRUPT|SQLITE_NOTADB|XX001$|XX002$)/, kind: 'damaged', text: 'the database file is damaged' },
  { code: /^(SQLITE_IOERR|SQLITE_CANTOPEN|EIO|58030$)/, kind: 'io-error', text: 'the database file cannot be read or written' },
  { code: /^(SQLITE_BUSY|SQLITE_LOCKED|SQLITE_PROTOCOL|40001$|40P01$|55P03$)/, kind: 'busy', text: 'the database is locked by another process' },
  { code: /^(57014$)/, kind: 'timeout', text: 'a database statement ran past its time limit' },
  {
    code: /^(SQLITE_NOMEM|STORE_WORKER_STOPPED|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|08\w{3}$|53\w{3}$|57P\w{2}$|58\w{3}$)/,
    kind: 'unavailable',
    text: 'the storage engine stopped or cannot be reached',
  },
];

/** node-postgres reports a lost or unobtainable connection by message only, without a code. */
const LOST_CONNECTION =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end)/;

function faultKind(error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return KINDS.find((k) => k.code.test(code));
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && LOST_CONNECTION.test(message)) return KINDS.find((k) => k.kind === 'unavailable');
  return undefined;
}

export type StorageFaultOptions = {
  retryAfterSeconds: number;
  log: (message: string) => void /** Told of every fault (the log has one line per episode). */;
  onFault?: (side: 'reads' | 'writes', kind: string) => void;
};

/** Calls that write; a full disk fails them while reads go on working, so each side keeps its own state. */
const WRITES = new Set<PropertyKey>(['addObjects', 'deleteObject', 'purgeStatuses', 'nextTokenSecret', 'addLoginFailure', 'clearLoginFailures']);

/** The store, with every storage fault turned into a 503 ErrorAnswer and logged once per episode. */
export function guardStore(store: TaxiiStore, options: StorageFaultOptions): TaxiiStore {
  const failing = new Map<'reads' | 'writes', { kind: string; failures: number }>();

  function fault(side: 'reads' | 'writes', error: unknown): never {
    const kind = faultKind(error);
    if (!kind) throw error;
    // One line per episode, from its first fault to the next call that works: a fault often
    // changes its code as it goes on (a failed write, then a connection reopened read-only).
    let episode = failing.get(side);
    if (!episode) {
      const e = error as { code?: string; message?: string };
      options.log(`storage fault on ${side}: ${kind.text} (${e.code ?? 'no code'}: ${e.message ?? ''}); answering 503 until it clears`);
      episode = { kind: kind.kind, failures: 0 };
      failing.set(side, episode);
    }
    episode.failures++;
    options.onFault?.(side, kind.kind);
    throw new ErrorAnswer(503, `Storage failed: ${kind.text}. Nothing was changed by this request; try again later.`, {
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
