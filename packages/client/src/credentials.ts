// The Authorization header a client sends: HTTP Basic (RFC 7617) with UTF-8 credentials, or an
// API token as a bearer token (RFC 6750), using only what browsers and Node both have. Client
// certificates are TLS's business: see `nodeFetch` in `@taxii21/client/node`.

export interface BasicCredentials {
  username: string;
  password: string;
}

export interface TokenCredentials {
  /** An API token, sent as `Authorization: Bearer <token>`. */
  token: string;
}

export type Credentials = BasicCredentials | TokenCredentials;

export function basicAuthorization({ username, password }: BasicCredentials): string {
  if (username.includes(':')) throw new TypeError('an HTTP Basic username cannot contain ":"');
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** RFC 6750 §2.1: a b64token, which a header can carry as it is. */
export function bearerAuthorization({ token }: TokenCredentials): string {
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) throw new TypeError('a bearer token may hold only letters, digits and -._~+/ (then =)');
  return `Bearer ${token}`;
}

export function authorization(credentials: Credentials): string {
  return 'token' in credentials ? bearerAuthorization(credentials) : basicAuthorization(credentials);
}
