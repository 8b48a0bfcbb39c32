// The one place that turns validated query parameters into the typed query every store
// implements (requirements section 4). The description has already checked the grammar; this
// gives the values their meaning.
import { ErrorAnswer } from '@taxii21/server';
import type { operations } from '@taxii21/types';
import { canonicalTimestamp, isTimestamp, toMicros, versionKey } from './timestamps.js';

export type VersionSelection = {
  all: boolean;
  first: boolean;
  last: boolean;
  /** Version keys (see versionKey) of exact versions asked for. */
  exact: string[];
};

/** Filters of one request, before paging. Absent fields do not filter. */
export type RecordFilters = {
  /** Keep records added strictly after this instant, in microseconds (SRV-FLT-02). */
  addedAfter?: number;
  ids?: string[];
  types?: string[];
  /** Keep these STIX spec versions; absent: only the newest spec version of each object (SRV-FLT-07). */
  specVersions?: string[];
  /** Which versions of each object (SRV-FLT-06). */
  versions: VersionSelection;
};

/** The filter parameters as the description gives them to handlers: getObjects takes every one. */
type ObjectsQuery = NonNullable<operations['getObjects']['parameters']['query']>;
export type FilterQuery = Pick<ObjectsQuery, 'added_after' | 'match'>;
export type MatchQuery = NonNullable<FilterQuery['match']>;

/**
 * Refuses a match[...] parameter with more values than the server takes, before anything else
 * is done with it: thousands of values would cost a query of thousands of terms.
 */
export function checkMatchSizes(query: FilterQuery, maxValues: number): void {
  for (const [field, value] of Object.entries(query.match ?? {})) {
    if (typeof value !== 'string') continue;
    let count = 1;
    for (let i = value.indexOf(','); i !== -1 && count <= maxValues; i = value.indexOf(',', i + 1)) count++;
    if (count > maxValues) {
      throw ErrorAnswer.badRequest(`match[${field}] may list at most ${maxValues} values (the server's limit); send several requests.`, {
        parameter: `match[${field}]`,
        limit: maxValues,
      });
    }
  }
}

const list = (value: string | undefined) => (value === undefined ? undefined : [...new Set(value.split(','))].sort());

/**
 * The description checks the shape of timestamps; this also rejects impossible dates such as
 * month 13 or 30 February (SRV-FLT-02).
 */
function timestamp(parameter: string, value: string): string {
  if (!isTimestamp(value)) throw ErrorAnswer.badRequest(`${parameter} must be an RFC 3339 timestamp in UTC ending in Z; '${value}' is not one.`, { parameter });
  return value;
}

/** One request's filters, parsed once: what the store selects by, and the canonical form a next token carries. */
export type ParsedFilters = {
  filters: RecordFilters;
  /** Equal meaning gives equal values; only the parameters the query gave, so it parses back to the same filters. */
  canonical: FilterQuery;
};

/**
 * @param defaultVersion what an absent match[version] means: `last` (§3.4.1) for every endpoint
 *   but getObjectVersions, which lists every version.
 */
export function parseFilters(query: FilterQuery, defaultVersion: 'last' | 'all'): ParsedFilters {
  const versions = parseVersions(query.match?.version ?? defaultVersion);
  const filters: RecordFilters = { versions };
  const canonical: FilterQuery = {};
  if (query.added_after !== undefined) {
    const addedAfter = timestamp('added_after', query.added_after);
    filters.addedAfter = toMicros(addedAfter);
    canonical.added_after = canonicalTimestamp(addedAfter);
  }
  const match: MatchQuery = {};
  const ids = list(query.match?.id);
  const types = list(query.match?.type);
  const specVersions = list(query.match?.spec_version);
  if (ids) [filters.ids, match.id] = [ids, ids.join(',')];
  if (types) [filters.types, match.type] = [types, types.join(',')];
  if (specVersions) [filters.specVersions, match.spec_version] = [specVersions, specVersions.join(',')];
  if (query.match?.version !== undefined) match.version = [...(['all', 'first', 'last'] as const).filter((k) => versions[k]), ...versions.exact].join(',');
  if (Object.keys(match).length > 0) canonical.match = match;
  return { filters, canonical };
}

export function parseRecordFilters(query: FilterQuery, defaultVersion: 'last' | 'all'): RecordFilters {
  return parseFilters(query, defaultVersion).filters;
}

/**
 * match[version]: each keyword and each version at most once, and `all` only alone; anything
 * else is malformed (§3.4.1 "MUST NOT contain any duplicate version parameters", SRV-FLT-06).
 */
function parseVersions(text: string): VersionSelection {
  const selection: VersionSelection = { all: false, first: false, last: false, exact: [] };
  const items = text.split(',');
  const exact = new Set<string>();
  for (const item of items) {
    if (item === 'all' || item === 'first' || item === 'last') {
      if (selection[item]) throw ErrorAnswer.badRequest(`match[version] names '${item}' twice.`, { parameter: 'match[version]' });
      selection[item] = true;
    } else {
      const key = versionKey(timestamp('match[version]', item));
      if (exact.has(key)) throw ErrorAnswer.badRequest(`match[version] names the version ${item} twice.`, { parameter: 'match[version]' });
      exact.add(key);
    }
  }
  if (selection.all && items.length > 1)
    throw ErrorAnswer.badRequest('match[version]=all cannot be combined with other values.', { parameter: 'match[version]' });
  selection.exact = [...exact].sort();
  return selection;
}

/**
 * The filters of a request that carries a next token: the token's, which the request may repeat
 * but not contradict (SRV-FLT-12).
 */
export function filtersForContinuation(asked: ParsedFilters, token: ParsedFilters): ParsedFilters {
  const differing = [
    ...(asked.canonical.added_after !== undefined && asked.canonical.added_after !== token.canonical.added_after ? ['added_after'] : []),
    ...Object.entries(asked.canonical.match ?? {})
      .filter(([field, value]) => token.canonical.match?.[field as keyof MatchQuery] !== value)
      .map(([field]) => `match[${field}]`),
  ];
  if (differing.length > 0) {
    throw ErrorAnswer.badRequest(
      `${differing.join(', ')} ${differing.length === 1 ? 'differs' : 'differ'} from the filters the next value was issued for; repeat the original filters or omit them.`,
      { parameters: differing },
    );
  }
  return token;
}
