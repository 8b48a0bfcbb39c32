// Who is asking (SRV-SEC-02): HTTP Basic (RFC 7617), bearer tokens (RFC 6750) and client
// certificates verified by TLS. This module reads the credentials off the request and asks the
// server's verifiers; where users, hashes, tokens and certificate mappings live is the server's
// business.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AuthenticatedUser } from './contract.js';
import { ErrorAnswer } from './errors.js';

/** Who is asking, for verifiers that limit failed logins per client (SRV-SEC-05). */
export type LoginAttempt = { clientAddress: string };

/**
 * Checks a user name and password; resolves to the user, or null when they do not match. It may
 * throw a ErrorAnswer instead (a 429 with Retry-After when too many logins failed).
 */
export type CredentialVerifier = (username: string, password: string, attempt: LoginAttempt) => Promise<AuthenticatedUser | null>;

/** Checks a bearer token; resolves to its user, or null. It may throw a ErrorAnswer (429, or 401 with a reason such as expiry). */
export type TokenVerifier = (token: string, attempt: LoginAttempt) => Promise<AuthenticatedUser | null>;

/** A client certificate that TLS has verified against the server's client CAs. */
export type VerifiedCertificate = {
  /** The subject's attributes, e.g. `{ CN: 'feed-reader', O: 'Acme' }`. */
  subject: Record<string, string | string[]>;
  /** Subject alternative names as `DNS:host`, `email:addr`, `URI:uri`, `IP Address:ip`. */
  subjectAltNames: string[];
  fingerprint256: string;
};

/** Maps a verified client certificate to a user, or null when it belongs to nobody here. */
export type CertificateVerifier = (certificate: VerifiedCertificate) => AuthenticatedUser | null;

export type Authenticators = {
  verifyCredentials: CredentialVerifier;
  verifyToken?: TokenVerifier;
  verifyClientCertificate?: CertificateVerifier;
  /**
   * Every request needs a verified client certificate, which alone says who the user is. The TLS
   * handshake still completes without one, so that the client is told why in a TAXII error.
   */
  requireClientCertificate?: boolean;
  /** Shown in `WWW-Authenticate`. */
  realm: string;
  /** The client's address, for the failed-login limits; by default the connection's peer. */
  clientAddress?: (req: IncomingMessage) => string;
};

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

/**
 * Reads `Authorization: Bearer <b64token>` (RFC 6750 §2.1); null when absent or malformed. The
 * same token is also taken as `Authorization: Token <token>`: OASIS's taxii2-client sends an API
 * token that way (`taxii2client.common.TokenAuth`), and so do consumers built on it, such as
 * OpenCTI's TAXII connector.
 */
export function parseBearerAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(?:Bearer|Token)\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** The challenges of a 401: Basic always, Bearer when tokens are accepted (RFC 9110 §11.6.1 allows several). */
export function wwwAuthenticate(realm: string, options: { bearer?: boolean; invalidToken?: boolean } = {}): string[] {
  const quoted = `"${realm.replace(/["\\]/g, '')}"`;
  const challenges = [`Basic realm=${quoted}, charset="UTF-8"`];
  if (options.bearer) challenges.push(`Bearer realm=${quoted}${options.invalidToken ? ', error="invalid_token"' : ''}`);
  return challenges;
}

/** The client certificate of this connection when TLS verified it against the configured CAs, else null. */
export function verifiedClientCertificate(req: IncomingMessage): VerifiedCertificate | null {
  const socket = req.socket as Partial<TLSSocket>;
  if (!socket.encrypted || socket.authorized !== true || typeof socket.getPeerCertificate !== 'function') return null;
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0) return null;
  return {
    subject: { ...(peer.subject as unknown as Record<string, string | string[]>) },
    subjectAltNames: splitSubjectAltNames(peer.subjectaltname),
    fingerprint256: peer.fingerprint256,
  };
}

/** Why a connection has no verified client certificate, in words a client can act on. */
function missingCertificateReason(req: IncomingMessage): string {
  const socket = req.socket as Partial<TLSSocket>;
  const presented = typeof socket.getPeerCertificate === 'function' && Object.keys(socket.getPeerCertificate() ?? {}).length > 0;
  if (!presented) return 'none was presented';
  return `the one presented was refused (${String(socket.authorizationError ?? 'not verified')}): it is not signed by a CA this server trusts, or is not valid now`;
}

/** Node writes SANs as `DNS:a, email:b`, quoting (JSON-style) a value that holds a comma or a quote. */
export function splitSubjectAltNames(text: string | undefined): string[] {
  if (!text) return [];
  const names: string[] = [];
  for (const match of text.matchAll(/([A-Za-z][A-Za-z ]*):("(?:[^"\\]|\\.)*"|[^,]*)(?:,\s*|$)/g)) {
    const value = match[2]!.startsWith('"') ? (JSON.parse(match[2]!) as string) : match[2]!;
    names.push(`${match[1]}:${value}`);
  }
  return names;
}

/**
 * The user a request authenticates as: where client certificates are required, the certificate's;
 * otherwise an Authorization header when present, and without one a verified client certificate.
 * Throws a 401 with the challenges when none yields a user.
 */
export async function authenticate(req: IncomingMessage, auth: Authenticators): Promise<AuthenticatedUser> {
  const header = req.headers.authorization;
  const attempt = { clientAddress: auth.clientAddress?.(req) ?? req.socket.remoteAddress ?? 'unknown' };
  const refuse = (description: string, invalidToken = false) =>
    new ErrorAnswer(401, description, { headers: { 'WWW-Authenticate': wwwAuthenticate(auth.realm, { bearer: Boolean(auth.verifyToken), invalidToken }) } });

  if (auth.requireClientCertificate) {
    const certificate = verifiedClientCertificate(req);
    if (!certificate) throw refuse(`This server requires a client certificate signed by a CA it trusts; ${missingCertificateReason(req)}.`);
    const user = auth.verifyClientCertificate?.(certificate);
    if (!user) throw refuse(`The client certificate (subject ${describeSubject(certificate)}) belongs to no user of this server.`);
    return user;
  }
  const basic = parseBasicAuthorization(header);
  if (basic) {
    const user = await auth.verifyCredentials(basic.username, basic.password, attempt);
    if (!user) throw refuse('The user name or password is not valid.');
    return user;
  }
  const token = auth.verifyToken ? parseBearerAuthorization(header) : null;
  if (token) {
    const user = await withHeaders(auth.verifyToken!(token, attempt), refuse);
    if (!user) throw refuse('The bearer token is not valid.', true);
    return user;
  }
  if (header)
    throw refuse(
      `This server takes ${auth.verifyToken ? 'HTTP Basic credentials or a bearer token' : 'HTTP Basic credentials'} in the Authorization header; this one is neither.`,
    );
  const certificate = auth.verifyClientCertificate ? verifiedClientCertificate(req) : null;
  if (certificate) {
    const user = auth.verifyClientCertificate!(certificate);
    if (!user) throw refuse(`The client certificate (subject ${describeSubject(certificate)}) belongs to no user of this server.`);
    return user;
  }
  const ways = ['HTTP Basic credentials', ...(auth.verifyToken ? ['a bearer token'] : []), ...(auth.verifyClientCertificate ? ['a client certificate'] : [])];
  throw refuse(`This endpoint needs ${ways.length === 1 ? ways[0] : `${ways.slice(0, -1).join(', ')} or ${ways.at(-1)}`}.`);
}

/** A verifier's own 401 (an expired token, say) still carries the challenges. */
async function withHeaders<T>(verification: Promise<T>, refuse: (description: string, invalidToken: boolean) => ErrorAnswer): Promise<T> {
  try {
    return await verification;
  } catch (error) {
    if (error instanceof ErrorAnswer && error.status === 401 && !error.headers['WWW-Authenticate']) throw refuse(error.message, true);
    throw error;
  }
}

function describeSubject({ subject }: VerifiedCertificate): string {
  return Object.entries(subject)
    .map(([name, value]) => `${name}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}
