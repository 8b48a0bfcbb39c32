// What the server tells its operator: one JSON line per request, and one per security event
// (failed login, lockout, refused right). A line never holds a password, a token or the
// Authorization header: the user is the verified one, or for a failed login only the name tried.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBasicAuthorization, parseBearerAuthorization } from '@taxii21/server';
import { apiTokenId } from './api-tokens.js';

export type LogWriter = (line: string) => void;

export type LogFields = Record<string, string | number | boolean | null | undefined | string[]>;

/** Writes `{time, level, event, ...fields}` as one JSON line. */
export function jsonLog(write: LogWriter) {
  return (level: 'info' | 'warn' | 'error', event: string, fields: LogFields = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
}

export type Log = ReturnType<typeof jsonLog>;

/** A caller's own request id is kept when it is short and plain; otherwise one is made. */
const CALLER_REQUEST_ID = /^[\w.:@-]{1,128}$/;

/** Paths are logged at most this long: a hostile query string does not become a hostile log line. */
const MAX_LOGGED_PATH = 2048;

/** Who a refused request claimed to be: a Basic user name (never its password), or a token's public id (never the token). */
function claimed(req: IncomingMessage): LogFields {
  const header = req.headers.authorization;
  const basic = parseBasicAuthorization(header);
  if (basic) return { user: basic.username.slice(0, 256) };
  const bearer = parseBearerAuthorization(header);
  return bearer ? { token: apiTokenId(bearer) ?? 'malformed' } : {};
}

/** Counts the body bytes written to a response (Node keeps no such count per response). */
function countBytesSent(res: ServerResponse): () => number {
  let bytes = 0;
  const count = (chunk: unknown, encoding?: unknown) => {
    if (typeof chunk === 'string') bytes += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
  };
  const { write, end } = res;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    count(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== 'function') count(chunk, rest[0]);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as typeof res.end;
  return () => bytes;
}

export interface RequestLogOptions {
  /** One line per request; security events are logged either way. */
  requests: boolean;
}

/**
 * Called at the start of each request: gives it a request id (answered in X-Request-Id) and logs
 * it when its answer has been sent, or when the client went away first.
 */
export function requestLogger(
  log: Log,
  options: RequestLogOptions,
  clientAddress: (req: IncomingMessage) => string = (req) => req.socket.remoteAddress ?? 'unknown',
) {
  return (req: IncomingMessage, res: ServerResponse & { locals?: { user?: { username: string } } }) => {
    const started = process.hrtime.bigint();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    const bytesSent = options.requests ? countBytesSent(res) : () => 0;

    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const path = (req.url ?? '').slice(0, MAX_LOGGED_PATH);
      const user = res.locals?.user?.username;
      const address = clientAddress(req);
      const status = res.writableFinished ? res.statusCode : null;
      if (options.requests) {
        const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
        log('info', 'request', {
          id,
          method: req.method,
          path,
          status,
          durationMs,
          user,
          bytes: bytesSent(),
          address,
          ...(status === null && { aborted: true }),
        });
      }
      if (status === 401 && req.headers.authorization) log('warn', 'login-failed', { id, ...claimed(req), address, path });
      else if (status === 429) log('warn', 'login-locked', { id, ...claimed(req), address, path, retryAfter: String(res.getHeader('retry-after') ?? '') });
      else if (status === 403) log('warn', 'forbidden', { id, user, address, method: req.method, path });
    };
    res.once('finish', done);
    res.once('close', done);
  };
}
