// HTTP Basic authentication (SRV-SEC-02). Verification is pluggable: the server decides where
// users and password hashes live.
import type { AuthenticatedUser } from './contract.js';

/** Who is asking, for verifiers that limit failed logins per client (SRV-SEC-05). */
export type LoginAttempt = { clientAddress: string };

/**
 * Checks a user name and password; resolves to the user, or null when they do not match. It may
 * throw a TaxiiError instead (a 429 with Retry-After when too many logins failed).
 */
export type CredentialVerifier = (username: string, password: string, attempt: LoginAttempt) => Promise<AuthenticatedUser | null>;

export type BasicCredentials = { username: string; password: string };

/** Reads `Authorization: Basic …`; null when the header is absent or not well-formed Basic. */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function wwwAuthenticate(realm: string): string {
  return `Basic realm="${realm.replace(/["\\]/g, '')}", charset="UTF-8"`;
}
