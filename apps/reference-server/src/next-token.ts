// Stateless `next` tokens (SRV-FLT-04, SRV-FLT-10, SRV-FLT-12). A token carries the position of
// the last record returned (its date_added, unique within a collection), the endpoint and
// collection it belongs to, and the filters of the walk, signed with the server's secret. It
// survives restarts and works on every instance that shares the secret; a forged, altered,
// foreign or expired token is rejected.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorAnswer } from '@taxii21/server';
import type { FilterQuery } from './filters.js';

export type TokenPayload = {
  /** Endpoint, collection and object the walk belongs to. */
  scope: string;
  /** Canonical filters of the walk (see parseFilters). */
  filters: FilterQuery;
  /** date_added of the last record returned, in microseconds. */
  position: number;
};

type Wire = { s: string; f: FilterQuery; p: number; e: number };

export class NextTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    if (secret.length < 32) throw new Error('the next-token secret must be at least 32 bytes');
  }

  issue(payload: TokenPayload): string {
    const wire: Wire = { s: payload.scope, f: payload.filters, p: payload.position, e: Math.floor(this.now() / 1000) + this.ttlSeconds };
    const body = Buffer.from(JSON.stringify(wire)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The payload of a token issued for this scope; 400 for anything else. */
  read(token: string, scope: string): TokenPayload {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined || !this.verify(body, signature)) throw invalid('is not a token this server issued');
    let wire: Wire;
    try {
      wire = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalid('is not a token this server issued');
    }
    if (wire.s !== scope) throw invalid('belongs to another endpoint, collection or object');
    if (wire.e < Math.floor(this.now() / 1000)) throw invalid('has expired; start the walk again');
    return { scope: wire.s, filters: wire.f, position: wire.p };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  private verify(body: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

function invalid(why: string) {
  return ErrorAnswer.badRequest(`The next value ${why}.`, { parameter: 'next' });
}
