// The command line's options, and what they turn into: a configured client and TAXII filters.
import { credentialsFrom, tlsFilesFrom, UsageError } from '@taxii21/command-line';
import { nodeFetch } from '../node.js';
import { TaxiiClient, type TaxiiClientOptions } from '../client.js';

export { UsageError };

export const OPTIONS = {
  user: { type: 'string', short: 'u' },
  password: { type: 'string' },
  token: { type: 'string' },
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
  const options: TaxiiClientOptions = {};
  const credentials = credentialsFrom(values, env);
  if (credentials) options.auth = credentials;
  if (values.header) options.headers = Object.fromEntries(values.header.map(parseHeader));
  if (values.timeout !== undefined) options.timeoutMs = positiveNumber(values.timeout, '--timeout') * 1000;
  if (values.retries !== undefined) options.retry = { attempts: integer(values.retries, '--retries', 0) + 1 };
  const tls = tlsFilesFrom(values);
  if (tls) options.fetch = nodeFetch(tls);
  return new TaxiiClient(options);
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
