// The message loop of a store's worker thread, the same for both stores: each call names a store
// method and its arguments; each reply carries the result, or the error's message and code (SQLite's
// SQLITE_FULL, PostgreSQL's SQLSTATE, …) for whoever answers the request.
import type { MessagePort } from 'node:worker_threads';
import type { LoginFailureStore, TaxiiStore } from './types.js';

export type StoreMethod = keyof TaxiiStore | keyof LoginFailureStore;
export type StoreCall = { id: number; method: StoreMethod; args: unknown[] };
export type StoreReply = { id: number; result?: unknown; error?: { message: string; code?: string } } | { log: string };

export type StoreHost = {
  /** The store, opened on first use (and again after a failure dropped it). */
  open(): TaxiiStore | Promise<TaxiiStore>;
  /** Whether a store is open: a close before any call has nothing to close. */
  isOpen(): boolean;
  /** Told each failure's code, to drop a connection that cannot be trusted after it. */
  failed?(code: string | undefined): void;
};

export function serveStoreCalls(port: MessagePort, host: StoreHost): void {
  port.on('message', async ({ id, method, args }: StoreCall) => {
    let reply: StoreReply;
    try {
      if (method === 'close' && !host.isOpen()) reply = { id, result: undefined };
      else {
        const store = (await host.open()) as unknown as Record<StoreMethod, (...a: unknown[]) => Promise<unknown>>;
        reply = { id, result: await store[method].apply(store, args) };
      }
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      const code = e?.code !== undefined ? String(e.code) : undefined;
      host.failed?.(code);
      reply = { id, error: { message: e?.message ?? String(error), ...(code !== undefined && { code }) } };
    }
    port.postMessage(reply);
    if (method === 'close') port.close();
  });
}
