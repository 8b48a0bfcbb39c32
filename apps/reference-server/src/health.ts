// GET /healthz, outside TAXII's paths and without credentials, for load balancers and
// orchestrators: 200 when the store answers a read, 503 when it does not or while the server
// drains for shutdown (so that traffic moves elsewhere before connections close).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorAnswer } from '@taxii21/server';
import { HEALTH_PATH } from './config.js';
import type { TaxiiStore } from './store/types.js';

export function isHealthRequest(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return url === HEALTH_PATH || url.startsWith(`${HEALTH_PATH}?`);
}

export function healthCheck(store: Pick<TaxiiStore, 'countRecords'>, draining: () => boolean) {
  const answer = (req: IncomingMessage, res: ServerResponse, status: number, body: object) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text);
  };
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return answer(req, res, 405, { status: 'method not allowed' });
    }
    if (draining()) return answer(req, res, 503, { status: 'draining' });
    try {
      // The cheapest read there is: one index lookup on a reader thread.
      await store.countRecords('');
      answer(req, res, 200, { status: 'ok' });
    } catch (error) {
      const storage = error instanceof ErrorAnswer ? (error.details as { storage?: string } | undefined)?.storage : undefined;
      answer(req, res, 503, { status: 'unavailable', storage: storage ?? 'unavailable' });
    }
  };
}
