// Following redirects as a careful client does (RFC 9110 §15.4), rather than leaving it to fetch:
// fetch drops Authorization when a redirect leaves the origin, but keeps every other header, so a
// server could send a user's `-H 'X-Api-Key: …'` to any host it names. Here, a redirect to another
// origin (scheme, host or port) sends none of the user's own headers and no credentials; 307 and
// 308 resend the method and the same body; 303, and 301/302 after a POST, continue as a GET
// without a body, as browsers do. Browsers hide redirects from scripts (an opaque response), so
// there the browser follows them, by its own rules.
import { redactUrl as redact } from './errors.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Most redirects one request follows; a server sending more is going round in circles. */
export const MAX_REDIRECTS = 10;

/** Headers that carry the user's identity, never sent to another origin. */
const CREDENTIAL_HEADERS = ['Authorization', 'Proxy-Authorization', 'Cookie'];

export class RedirectError extends Error {
  override readonly name = 'RedirectError';
}

export type OutgoingRequest = {
  url: string;
  method: string;
  headers: Headers;
  /** Kept as bytes so that every hop and every retry can send it again. */
  body: ArrayBuffer | undefined;
  signal: AbortSignal;
};

/**
 * Sends the request and follows its redirects. `userHeaders` names the headers the user gave
 * (sent to the first origin only, like credentials).
 */
export async function sendFollowingRedirects(
  send: (url: string, init: RequestInit) => Promise<Response>,
  request: OutgoingRequest,
  userHeaders: readonly string[],
): Promise<Response> {
  let { url, method, headers, body } = request;
  for (let hops = 0; ; hops++) {
    // A copy for each send: fetch may detach the buffer it is given, which could then not be sent again.
    const init: RequestInit = { method, headers, body: body && body.byteLength > 0 ? body.slice(0) : null, signal: request.signal, redirect: 'manual' };
    const response = await send(url, init);
    if (response.type === 'opaqueredirect') return send(url, { ...init, redirect: 'follow' });
    const location = response.headers.get('Location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
    await response.body?.cancel();
    if (hops === MAX_REDIRECTS) throw new RedirectError(`${request.method} ${redact(request.url)} was redirected more than ${MAX_REDIRECTS} times; stopping`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new RedirectError(`${method} ${redact(url)} was redirected to '${location.slice(0, 200)}', which is not a URL`);
    }
    if (next.protocol !== 'https:' && next.protocol !== 'http:')
      throw new RedirectError(`${method} ${redact(url)} was redirected to a ${next.protocol} URL; only http and https are followed`);
    if (next.origin !== new URL(url).origin) {
      headers = new Headers(headers);
      for (const name of [...CREDENTIAL_HEADERS, ...userHeaders]) headers.delete(name);
    }
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = new Headers(headers);
      headers.delete('Content-Type');
    }
    url = next.href;
  }
}
