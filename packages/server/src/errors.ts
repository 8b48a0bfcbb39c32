// The one place where failures become TAXII error resources (SRV-GEN-06): handler errors,
// validation errors, body-parser errors and anything unexpected.
import type { ServerResponse } from 'node:http';
import type { components } from '@taxii21/types';
import { TAXII_MEDIA_TYPE } from './negotiation.js';

export type ErrorResource = components['schemas']['ErrorMessage'];

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  408: 'Request timeout',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  408: 'request-timeout',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'too-many-requests',
  431: 'request-header-fields-too-large',
  500: 'internal-error',
  503: 'unavailable',
};

/** A failure a handler (or the wiring) reports to the client as a TAXII error resource. */
export class ErrorAnswer extends Error {
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly errorCode: string;
  /** Response headers that belong to this error, such as Retry-After on a 429. */
  readonly headers: Record<string, string | string[]>;

  constructor(
    status: number,
    description: string,
    options: { details?: Record<string, unknown>; errorCode?: string; headers?: Record<string, string | string[]> } = {},
  ) {
    super(description);
    this.name = 'ErrorAnswer';
    this.status = status;
    this.details = options.details;
    this.errorCode = options.errorCode ?? CODES[status] ?? `http-${status}`;
    this.headers = options.headers ?? {};
  }

  static badRequest(description: string, details?: Record<string, unknown>) {
    return new ErrorAnswer(400, description, details ? { details } : {});
  }
  static forbidden(description: string) {
    return new ErrorAnswer(403, description);
  }
  static notFound(description: string) {
    return new ErrorAnswer(404, description);
  }

  toResource(): ErrorResource {
    const resource: ErrorResource = {
      title: TITLES[this.status] ?? `HTTP ${this.status}`,
      description: this.message,
      error_code: this.errorCode,
      http_status: String(this.status),
    };
    if (this.details) resource.details = this.details;
    return resource;
  }

  /** Answers a request with this error: its status, its headers, and its TAXII error resource. */
  writeTo(res: ServerResponse): void {
    res.statusCode = this.status;
    for (const [name, value] of Object.entries(this.headers)) res.setHeader(name, value);
    res.setHeader('Content-Type', TAXII_MEDIA_TYPE);
    res.end(JSON.stringify(this.toResource()));
  }
}

type ValidatorError = { status?: number; message?: string; errors?: Array<{ path?: string; message?: string }> };
type BodyParserError = { type?: string; status?: number; expose?: boolean; message?: string; limit?: number };

/**
 * Turns anything thrown while serving a request into a ErrorAnswer. Messages of unexpected errors
 * are not shown to the client: they may carry internals (and, through them, secrets).
 */
export function toErrorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof ErrorAnswer) return error;
  const e = (error ?? {}) as ValidatorError & BodyParserError;

  switch (e.type) {
    case 'entity.too.large':
      return bodyTooLarge(e.limit ?? 0);
    case 'entity.parse.failed':
      return new ErrorAnswer(400, 'The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ErrorAnswer(415, 'The request body must be UTF-8 JSON.');
    case 'request.aborted':
      return new ErrorAnswer(400, 'The request was aborted by the client.');
  }

  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const problems = (e.errors ?? []).map((p) => ({ path: p.path ?? '', message: p.message ?? '' }));
    const description = problems.length > 0 ? problems.map((p) => `${p.path} ${p.message}`.trim()).join('; ') : (e.message ?? 'Invalid request.');
    // JSON that parsed but is not an envelope cannot be processed (422); malformed JSON, bad
    // parameters and the like are bad requests (400) (SRV-ADD-01).
    const onlyBody = e.status === 400 && problems.length > 0 && problems.every((p) => /^\/body(\/|$)/.test(p.path));
    return new ErrorAnswer(onlyBody ? 422 : e.status, description, problems.length > 0 ? { details: { problems } } : {});
  }
  return new ErrorAnswer(500, 'The server failed to process the request.');
}

/** 413 for a body over the API root's max_content_length (SRV-ADD-02), declared or found while reading. */
export function bodyTooLarge(maxContentLength: number): ErrorAnswer {
  return new ErrorAnswer(413, `The request body is larger than this API root accepts (${maxContentLength} octets).`, {
    details: { max_content_length: maxContentLength },
  });
}
