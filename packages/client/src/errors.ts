// The one error type for a TAXII server's refusal (CLI-GEN-03). Network failures, timeouts and
// aborts stay the platform's own errors: they carry no HTTP status and callers treat them apart.
import type { ErrorMessage as ErrorResource } from '@taxii21/types';

export type { ErrorResource };

export class TaxiiResponseError extends Error {
  override readonly name = 'TaxiiResponseError';

  constructor(
    /** The HTTP status the server answered with. */
    readonly status: number,
    /** The server's TAXII error resource, when its body was one. */
    readonly resource: ErrorResource | undefined,
    readonly method: string,
    readonly url: string,
    /** The first characters of a body that was not a TAXII error resource. */
    readonly bodyExcerpt?: string,
  ) {
    super(describe(status, resource, method, url, bodyExcerpt));
  }
}

function describe(status: number, resource: ErrorResource | undefined, method: string, url: string, excerpt?: string): string {
  const where = `${method} ${url}`;
  if (resource) {
    const detail = resource.description ? `: ${resource.description}` : '';
    return `${status} ${resource.title}${detail} (${where})`;
  }
  return `${status} from ${where}${excerpt ? `: ${excerpt}` : ''}`;
}

/** Builds the TaxiiResponseError for a non-2xx answer whose body openapi-fetch has already read. */
export function responseErrorFrom(response: Response, body: unknown, method: string): TaxiiResponseError {
  const url = redactUrl(response.url);
  if (isErrorResource(body)) return new TaxiiResponseError(response.status, body, method, url);
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  return new TaxiiResponseError(response.status, undefined, method, url, text.slice(0, 200) || undefined);
}

function isErrorResource(body: unknown): body is ErrorResource {
  return typeof body === 'object' && body !== null && typeof (body as { title?: unknown }).title === 'string';
}

/** Userinfo in a URL is a credential: never put it in a message. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return url;
  }
}
