// Node-only transport options: custom certificate authorities and client certificates. Kept out
// of the main entry so the client itself runs in browsers, which manage TLS on their own.
import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from './transport.js';

export interface NodeTlsOptions {
  /** PEM certificate authorities to trust instead of Node's bundled ones (a private CA). */
  ca?: string | Buffer | (string | Buffer)[];
  /** PEM client certificate and its key, for servers that authenticate clients by TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Passphrase of an encrypted key. */
  passphrase?: string;
}

/**
 * A fetch with its own TLS settings. Certificate verification stays on (CLI-SEC-01): there is
 * deliberately no option to turn it off; trust a private CA with `ca` instead.
 */
export function nodeFetch(tls: NodeTlsOptions): FetchLike {
  const dispatcher = new Agent({ connect: { ...tls, rejectUnauthorized: true } });
  // undici's own fetch with its own Agent: Node's built-in fetch may bundle another undici version
  // whose dispatcher interface differs.
  return (url, init) => undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher }) as unknown as Promise<Response>;
}
