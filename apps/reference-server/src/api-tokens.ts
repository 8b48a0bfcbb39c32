// API tokens: bearer credentials (RFC 6750) for programs that should not hold a password. A token
// is `taxii_<id>_<secret>`; the configuration keeps its id, its user, its dates and a SHA-256
// digest of the whole token, never the token. The secret is 256 random bits, so a fast digest is
// enough (a slow one like the passwords' scrypt guards guessable secrets, which these are not),
// and no check needs remembering. The id finds the entry; the digests are compared in constant
// time, and an unknown id is compared against a decoy, so the answer's timing says nothing about
// which ids exist. Failures count in the same throttles as passwords (SRV-SEC-05), keyed by the id.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ErrorAnswer, type AuthenticatedUser, type TokenVerifier } from '@taxii21/server';
import type { LoginThrottle } from './login-throttle.js';

export type ApiTokenEntry = {
  /** Public: names the token in `token list`, `token remove` and the logs. */
  id: string;
  username: string;
  /** `sha256:` and the base64url digest of the whole token. */
  hash: string;
  created: string;
  /** After this instant the token is refused. */
  expires?: string;
};

const TOKEN = /^taxii_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
export const TOKEN_HASH = /^sha256:[A-Za-z0-9_-]{43}$/;
export const TOKEN_ID = /^[0-9a-f]{12}$/;

const digest = (token: string) => createHash('sha256').update(token).digest();

/** A new token: the text to hand out once, and the entry to store. */
export function newApiToken(username: string, expires?: Date, now = new Date()): { token: string; entry: ApiTokenEntry } {
  const id = randomBytes(6).toString('hex');
  const token = `taxii_${id}_${randomBytes(32).toString('base64url')}`;
  const entry: ApiTokenEntry = { id, username, hash: `sha256:${digest(token).toString('base64url')}`, created: now.toISOString() };
  if (expires) entry.expires = expires.toISOString();
  return { token, entry };
}

/** The public id of a token-shaped string (for logs), or undefined. */
export function apiTokenId(token: string): string | undefined {
  return TOKEN.exec(token)?.[1];
}

export function createTokenVerifier(
  tokens: readonly ApiTokenEntry[],
  usernames: ReadonlySet<string>,
  throttle: LoginThrottle,
  addressThrottle?: LoginThrottle,
  now: () => number = Date.now,
): TokenVerifier {
  const byId = new Map(tokens.map((t) => [t.id, t]));
  const decoy = randomBytes(32);

  return async (token, { clientAddress }) => {
    const id = apiTokenId(token) ?? 'malformed';
    const key = `token:${id}`;
    const state = await throttle.check(clientAddress, key);
    if (state.retryAfterSeconds > 0) {
      const wait = state.retryAfterSeconds;
      throw new ErrorAnswer(429, `Too many failed logins with this token from this address. Try again in ${wait} seconds.`, {
        headers: { 'Retry-After': String(wait) },
      });
    }
    const entry = byId.get(id);
    const expected = entry ? Buffer.from(entry.hash.slice('sha256:'.length), 'base64url') : decoy;
    const matches = timingSafeEqual(digest(token), expected) && entry !== undefined;
    if (!matches || !usernames.has(entry.username)) {
      await Promise.all([throttle.recordFailure(clientAddress, key), addressThrottle?.recordFailure(clientAddress, '')]);
      return null;
    }
    // Said only to whoever holds the whole token, so it tells a guesser nothing.
    if (entry.expires !== undefined && Date.parse(entry.expires) <= now()) {
      throw new ErrorAnswer(401, `This token expired at ${entry.expires}; ask for a new one ('taxii-server token add ${entry.username}').`);
    }
    if (state.hasFailures) await throttle.recordSuccess(clientAddress, key);
    const user: AuthenticatedUser = { username: entry.username };
    return user;
  };
}
