// Every request leaves through here: TAXII media types (CLI-MT-01), credentials, extra headers,
// a time limit per attempt, and retries on 429/503 that honour Retry-After. openapi-fetch builds
// the Request; this function decides how it is sent.
import { TAXII_MEDIA_TYPE } from '@taxii21/spec/media-types';
import { authorization, type Credentials } from './credentials.js';
import { backoffDelay, DEFAULT_RETRY, retryAfterDelay, sleep, type RetryPolicy } from './backoff.js';
import { redactUrl } from './errors.js';
import { RedirectError, sendFollowingRedirects } from './redirects.js';

export { TAXII_MEDIA_TYPE };

/** The subset of `fetch` the client needs; pass another one for custom TLS, proxies or tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  /** HTTP Basic credentials (CLI-SEC-01), or an API token sent as a bearer token. */
  auth?: Credentials;
  /** Sent on every request, e.g. an API gateway's key. Accept and Content-Type stay TAXII's. */
  headers?: Record<string, string>;
  /** Time limit of one attempt, body included. Default 30 s. */
  timeoutMs?: number;
  /** Retries on 429 and 503 (any method) and on network errors (GET only). */
  retry?: Partial<RetryPolicy>;
  /** Defaults to the global fetch; `@taxii21/client/node` has one with custom CA and client certificates. */
  fetch?: FetchLike;
  /** Largest response body read, in bytes; a server sending more gets ResponseTooLargeError. Default 256 MiB. */
  maxResponseBytes?: number;
}

/** Raised when an attempt outlives `timeoutMs`; an abort by the caller keeps the caller's reason. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`no complete answer to ${method} ${url} within ${timeoutMs} ms`);
  }
}

/** Raised when a response body outgrows `maxResponseBytes`: a page that size is a server fault. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly maxResponseBytes: number,
  ) {
    super(`the answer to ${method} ${url} is larger than ${maxResponseBytes} bytes`);
  }
}

const RETRYABLE_STATUS = new Set([429, 503]);

export function createTransport(options: TransportOptions = {}): (request: Request) => Promise<Response> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const send: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const authorizationHeader = options.auth ? authorization(options.auth) : undefined;
  const maxResponseBytes = options.maxResponseBytes ?? 256 * 1024 * 1024;
  const userHeaders = Object.keys(options.headers ?? {});

  return async function taxiiFetch(request: Request): Promise<Response> {
    const { method, url } = request;
    // Read once so every retry can send the same bytes.
    const body = method === 'GET' || method === 'HEAD' ? undefined : await request.arrayBuffer();
    const headers = new Headers(request.headers);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    headers.set('Accept', TAXII_MEDIA_TYPE);
    if (body && body.byteLength > 0) headers.set('Content-Type', TAXII_MEDIA_TYPE);
    else headers.delete('Content-Type');
    if (authorizationHeader) headers.set('Authorization', authorizationHeader);

    for (let attempt = 1; ; attempt++) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = AbortSignal.any([request.signal, timeout]);
      let response: Response;
      try {
        response = await sendFollowingRedirects(send, { url, method, headers, body, signal }, userHeaders);
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason;
        if (error instanceof RedirectError) throw error;
        if (timeout.aborted) throw new RequestTimeoutError(method, redactUrl(url), timeoutMs);
        if (method === 'GET' && attempt < policy.attempts) {
          await sleep(backoffDelay(attempt, policy), request.signal);
          continue;
        }
        throw error;
      }
      if (RETRYABLE_STATUS.has(response.status) && attempt < policy.attempts) {
        const delay = retryAfterDelay(response.headers.get('Retry-After')) ?? backoffDelay(attempt, policy);
        if (delay <= policy.maxDelayMs) {
          await response.body?.cancel();
          await sleep(delay, request.signal);
          continue;
        }
      }
      return guardBody(response, { timeout, method, url, timeoutMs, maxResponseBytes });
    }
  };
}

/**
 * The attempt's signal also bounds reading the body, which openapi-fetch does after this returns;
 * a body cut off by the time limit should say so rather than surface as a bare AbortError. And a
 * body may not grow without bound.
 */
function guardBody(response: Response, limits: { timeout: AbortSignal; method: string; url: string; timeoutMs: number; maxResponseBytes: number }): Response {
  if (!response.body) return response;
  const { timeout, method, url, timeoutMs, maxResponseBytes } = limits;
  const declared = Number(response.headers.get('Content-Length'));
  if (declared > maxResponseBytes) {
    void response.body.cancel();
    throw new ResponseTooLargeError(method, redactUrl(url), maxResponseBytes);
  }
  const reader = response.body.getReader();
  let received = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        received += value.length;
        if (received > maxResponseBytes) {
          await reader.cancel();
          return controller.error(new ResponseTooLargeError(method, redactUrl(url), maxResponseBytes));
        }
        controller.enqueue(value);
      } catch (error) {
        controller.error(timeout.aborted ? new RequestTimeoutError(method, redactUrl(url), timeoutMs) : error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // Response.url is read-only and empty on a constructed Response; errors need the real one.
  Object.defineProperty(wrapped, 'url', { value: response.url || url });
  return wrapped;
}
