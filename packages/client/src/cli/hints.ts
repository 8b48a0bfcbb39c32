// Advice printed under an error: what the user most likely has to change. Each rule is a guess
// from the URL and the failure, so it is worded as advice, never as a diagnosis.
import { errorReasons, tlsAdvice, UsageError } from '@taxii21/command-line';
import { TaxiiResponseError } from '../errors.js';

/** A URL without http:// or https:// is a usage error, with the likely fix. */
export function requireHttpUrl(url: string): void {
  if (/^https?:\/\//i.test(url)) return;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw new UsageError(`${url}: only http:// and https:// URLs are TAXII URLs`);
  throw new UsageError(`${url} has no scheme: write https://${url} (or http:// for a plain-HTTP server on this machine)`);
}

export interface Attempt {
  command: string;
  url: string | undefined;
  credentialsGiven: boolean;
}

export function hints(error: unknown, attempt: Attempt): string[] {
  return [urlHint(error, attempt) ?? tlsHint(error, attempt), credentialHint(error, attempt)].filter((h): h is string => h !== undefined);
}

function tlsHint(error: unknown, { url }: Attempt): string | undefined {
  if (error instanceof TaxiiResponseError || !url?.toLowerCase().startsWith('https:')) return undefined;
  return tlsAdvice(errorReasons(error));
}

function credentialHint(error: unknown, { credentialsGiven }: Attempt): string | undefined {
  if (!(error instanceof TaxiiResponseError) || error.status !== 401) return undefined;
  if (/client certificate/i.test(error.message))
    return 'the server logs clients in by certificate: give yours with --cert <file> --key <file> (and its CA with --ca <file>)';
  return credentialsGiven
    ? 'the server refused these credentials: check --user/--password or --token (or TAXII_USER/TAXII_PASSWORD or TAXII_TOKEN)'
    : 'the server wants credentials: give --user and --password or --token, or set TAXII_USER and TAXII_PASSWORD or TAXII_TOKEN (or --cert and --key, if it takes client certificates)';
}

function urlHint(error: unknown, { command, url }: Attempt): string | undefined {
  if (url === undefined) return undefined;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed) return undefined;
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const reason = `${cause?.code ?? ''} ${cause?.message ?? ''}`;
  if (parsed.protocol === 'https:' && /WRONG_VERSION_NUMBER|wrong version number|packet length too long|EPROTO/i.test(reason)) {
    return `${parsed.host} does not seem to speak TLS: if it is a plain-HTTP server, use http://${parsed.host}${parsed.pathname}`;
  }
  if (parsed.protocol === 'http:' && /UND_ERR_SOCKET|ECONNRESET|other side closed/i.test(reason)) {
    return `${parsed.host} closed the connection: if it expects TLS, use https://${parsed.host}${parsed.pathname}`;
  }
  const looksLikeDiscovery = /\/taxii2\/?$/.test(parsed.pathname);
  if (command !== 'discover' && looksLikeDiscovery) {
    return `${url} looks like a discovery URL; this command wants an API root: 'taxii discover ${url}' lists them`;
  }
  return undefined;
}
