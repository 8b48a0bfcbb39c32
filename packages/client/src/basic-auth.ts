// HTTP Basic (RFC 7617) with UTF-8 credentials, using only what browsers and Node both have.

export interface BasicCredentials {
  username: string;
  password: string;
}

export function basicAuthorization({ username, password }: BasicCredentials): string {
  if (username.includes(':')) throw new TypeError('an HTTP Basic username cannot contain ":"');
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
