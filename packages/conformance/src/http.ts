// Every request the suite makes goes through here and is recorded as an Exchange: evidence for
// the report, and input to the checks that judge all responses (media type, UTF-8, schemas).
// It never throws: a timeout, a refused connection, a redirect or a body that is not JSON is a
// finding about the server, not a crash of the suite.
import { TAXII_MEDIA_TYPE } from '@taxii21/spec';

/** What the suite sends and expects: the description's media type. */
export const TAXII = TAXII_MEDIA_TYPE;

export type Operation =
  | 'getDiscovery'
  | 'getApiRoot'
  | 'getStatus'
  | 'getCollections'
  | 'getCollection'
  | 'getManifest'
  | 'getObjects'
  | 'addObjects'
  | 'getObject'
  | 'deleteObject'
  | 'getObjectVersions';

export interface Exchange {
  operation: Operation | undefined;
  method: string;
  url: string;
  /** Request headers as sent, Authorization left out. */
  requestHeaders: Record<string, string>;
  requestBodyExcerpt?: string;
  /** Absent when no response arrived (see `error`). */
  status?: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  bodyText: string;
  /** The parsed body when it was JSON. */
  json?: unknown;
  /** False when the body bytes were not valid UTF-8. */
  utf8: boolean;
  error?: string;
  durationMs: number;
}

export interface HttpOptions {
  username?: string;
  password?: string;
  /** An API token, sent as a bearer token instead of Basic credentials. */
  token?: string;
  /** Per request, body included. */
  timeoutMs: number;
  /** Bodies beyond this are cut off and reported. */
  maxBodyBytes?: number;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

export interface RequestOptions {
  operation?: Operation;
  /** Replaces the default Accept (TAXII 2.1); null sends none at all. */
  accept?: string | null;
  /** The Content-Type of the body; sent on a request without one too (some consumers put it on every GET). */
  contentType?: string;
  body?: string | Uint8Array | ReadableStream<Uint8Array>;
  /** false: no credentials; an object: these instead of the configured ones. */
  auth?: false | { username: string; password: string };
}

export class Http {
  readonly exchanges: Exchange[] = [];
  readonly #options: HttpOptions;

  constructor(options: HttpOptions) {
    this.#options = options;
  }

  /** The Authorization header of the suite's own credentials, if it has any. */
  get authorization(): string | undefined {
    const { username, password, token } = this.#options;
    if (token !== undefined) return `Bearer ${token}`;
    return username === undefined ? undefined : basic(username, password ?? '');
  }

  get(url: string, options: RequestOptions = {}): Promise<Exchange> {
    return this.request('GET', url, options);
  }

  async request(method: string, url: string, options: RequestOptions = {}): Promise<Exchange> {
    const headers: Record<string, string> = {};
    if (options.accept !== null) headers.Accept = options.accept ?? TAXII;
    if (options.body !== undefined || options.contentType !== undefined) headers['Content-Type'] = options.contentType ?? TAXII;
    const exchange: Exchange = {
      operation: options.operation,
      method,
      url,
      requestHeaders: { ...headers },
      headers: {},
      bodyText: '',
      utf8: true,
      durationMs: 0,
    };
    if (typeof options.body === 'string') exchange.requestBodyExcerpt = excerpt(options.body);
    const authorization = options.auth === false ? undefined : options.auth ? basic(options.auth.username, options.auth.password) : this.authorization;
    if (authorization) headers.Authorization = authorization;

    const started = performance.now();
    const timeout = AbortSignal.timeout(this.#options.timeoutMs);
    try {
      const send = this.#options.fetch ?? ((u, init) => fetch(u, init));
      const init: RequestInit & { duplex?: 'half' } = { method, headers, redirect: 'manual', signal: timeout };
      if (options.body !== undefined) init.body = options.body as BodyInit;
      if (options.body instanceof ReadableStream) init.duplex = 'half';
      const response = await send(url, init);
      exchange.status = response.status;
      response.headers.forEach((value, name) => {
        exchange.headers[name.toLowerCase()] = value;
      });
      const bytes = await readBody(response, this.#options.maxBodyBytes ?? 64 * 1024 * 1024);
      try {
        exchange.bodyText = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        exchange.utf8 = false;
        exchange.bodyText = new TextDecoder('utf-8').decode(bytes);
      }
      if (exchange.bodyText.trim() !== '') {
        try {
          exchange.json = JSON.parse(exchange.bodyText);
        } catch {
          // left undefined: the checks report a body that is not JSON
        }
      }
    } catch (error) {
      exchange.error = timeout.aborted ? `no complete answer within ${this.#options.timeoutMs} ms` : describeError(error);
    }
    exchange.durationMs = Math.round(performance.now() - started);
    this.exchanges.push(exchange);
    return exchange;
  }
}

async function readBody(response: Response, limit: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Error(`response body larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

function describeError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const reason = cause?.code ?? cause?.message;
  return `${(error as Error)?.message ?? String(error)}${reason ? ` (${reason})` : ''}`;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export function excerpt(text: string, length = 400): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** The media type and its version parameter, compared as SRV-MT-01 says (other parameters may follow). */
export function isTaxii21(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/taxii+json') return false;
  return parameters.some((p) => p.replace(/\s+/g, '') === 'version=2.1');
}
