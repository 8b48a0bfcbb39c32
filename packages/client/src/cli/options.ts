// The command line's options, and what they turn into: a configured client and TAXII filters.
import { readFileSync } from 'node:fs';
import { nodeFetch, type NodeTlsOptions } from '../node.js';
import { TaxiiClient, type TaxiiClientOptions } from '../client.js';
import { UsageError } from '@taxii21/command-line';

export { UsageError };

export const OPTIONS = {
  user: { type: 'string', short: 'u' },
  password: { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  // filters (SRV-FLT-02..07)
  id: { type: 'string', multiple: true },
  type: { type: 'string', multiple: true },
  'match-version': { type: 'string', multiple: true },
  'spec-version': { type: 'string', multiple: true },
  'added-after': { type: 'string' },
  limit: { type: 'string' },
  next: { type: 'string' },
  // reading
  all: { type: 'boolean' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'cursor-file': { type: 'string' },
  // pushing
  'no-wait': { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  'max-content-length': { type: 'string' },
  // validating
  'accept-other-versions': { type: 'boolean' },
  // output
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/** Credentials come from flags or the environment and are never printed (CLI-SEC-01). */
export function createClient(values: Values, env: NodeJS.ProcessEnv = process.env): TaxiiClient {
  const username = values.user ?? env.TAXII_USER;
  const password = values.password ?? env.TAXII_PASSWORD;
  if (password !== undefined && username === undefined) throw new UsageError('a password was given without a user (--user or TAXII_USER)');
  const options: TaxiiClientOptions = {};
  if (username !== undefined) options.auth = { username, password: password ?? '' };
  if (values.header) options.headers = Object.fromEntries(values.header.map(parseHeader));
  if (values.timeout !== undefined) options.timeoutMs = positiveNumber(values.timeout, '--timeout') * 1000;
  if (values.retries !== undefined) options.retry = { attempts: integer(values.retries, '--retries', 0) + 1 };
  const tls = tlsOptions(values);
  if (tls) options.fetch = nodeFetch(tls);
  return new TaxiiClient(options);
}

function tlsOptions(values: Values): NodeTlsOptions | undefined {
  if (!values.ca && !values.cert && !values.key) return undefined;
  if (Boolean(values.cert) !== Boolean(values.key)) throw new UsageError('--cert and --key go together');
  const tls: NodeTlsOptions = {};
  if (values.ca) tls.ca = readPem(values.ca, '--ca');
  if (values.cert) tls.cert = readPem(values.cert, '--cert');
  if (values.key) tls.key = readPem(values.key, '--key');
  return tls;
}

function readPem(path: string, option: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`${option} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function parseHeader(header: string): [string, string] {
  const colon = header.indexOf(':');
  if (colon <= 0) throw new UsageError(`--header wants "Name: value", got ${JSON.stringify(header)}`);
  return [header.slice(0, colon).trim(), header.slice(colon + 1).trim()];
}

const OPTION_OF_FIELD: Record<string, string> = { id: 'id', type: 'type', version: 'match-version', spec_version: 'spec-version' };

/** The `match[...]` filters and paging parameters, as the client's query types take them. */
export function filters(values: Values, allowed: readonly ('id' | 'type' | 'version' | 'spec_version')[]) {
  const match: Record<string, string[]> = {};
  const given = { id: values.id, type: values.type, version: values['match-version'], spec_version: values['spec-version'] };
  for (const [field, value] of Object.entries(given)) {
    if (!value) continue;
    if (!allowed.includes(field as (typeof allowed)[number])) throw new UsageError(`--${OPTION_OF_FIELD[field]} does not apply to this command`);
    match[field] = value;
  }
  return {
    ...(Object.keys(match).length > 0 && { match }),
    ...(values['added-after'] !== undefined && { added_after: values['added-after'] }),
    ...(values.limit !== undefined && { limit: integer(values.limit, '--limit', 1) }),
    ...(values.next !== undefined && { next: values.next }),
  };
}

export function integer(text: string, option: string, minimum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) throw new UsageError(`${option} wants a whole number of at least ${minimum}, got ${JSON.stringify(text)}`);
  return value;
}

export function positiveNumber(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${option} wants a positive number, got ${JSON.stringify(text)}`);
  return value;
}
