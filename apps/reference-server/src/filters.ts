// The one place that turns validated query parameters into the typed query every store
// implements (requirements section 4). The description has already checked the grammar; this
// gives the values their meaning.
import { ErrorAnswer } from '@taxii21/server';
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

export type MatchQuery = { id?: string; type?: string; version?: string; spec_version?: string };
export type FilterQuery = { added_after?: string; match?: MatchQuery };

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
      throw ErrorAnswer.badRequest(`match[${field}] may list at most ${maxValues} values (the server's limit); send several requests.`, { parameter: `match[${field}]`, limit: maxValues });
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

/**
 * @param defaultVersion what an absent match[version] means: `last` (§3.4.1) for every endpoint
 *   but getObjectVersions, which lists every version.
 */
export function parseRecordFilters(query: FilterQuery, defaultVersion: 'last' | 'all'): RecordFilters {
  const filters: RecordFilters = { versions: parseVersions(query.match?.version ?? defaultVersion) };
  if (query.added_after !== undefined) filters.addedAfter = toMicros(timestamp('added_after', query.added_after));
  const ids = list(query.match?.id);
  const types = list(query.match?.type);
  const specVersions = list(query.match?.spec_version);
  if (ids) filters.ids = ids;
  if (types) filters.types = types;
  if (specVersions) filters.specVersions = specVersions;
  return filters;
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
  if (selection.all && items.length > 1) throw ErrorAnswer.badRequest("match[version]=all cannot be combined with other values.", { parameter: 'match[version]' });
  selection.exact = [...exact].sort();
  return selection;
}

/**
 * The filters a request sent, in a canonical form: equal meaning gives equal values, and the
 * result parses with parseRecordFilters like the original (next tokens carry it).
 */
export function canonicalFilterQuery(query: FilterQuery): FilterQuery {
  const canonical: FilterQuery = {};
  if (query.added_after !== undefined) canonical.added_after = canonicalTimestamp(timestamp('added_after', query.added_after));
  const match: MatchQuery = {};
  for (const field of ['id', 'type', 'spec_version'] as const) {
    const value = list(query.match?.[field]);
    if (value) match[field] = value.join(',');
  }
  if (query.match?.version !== undefined) {
    const v = parseVersions(query.match.version);
    match.version = [...(['all', 'first', 'last'] as const).filter((k) => v[k]), ...v.exact].join(',');
  }
  if (Object.keys(match).length > 0) canonical.match = match;
  return canonical;
}

/**
 * The filters of a request that carries a next token: the token's, which the request may repeat
 * but not contradict (SRV-FLT-12).
 */
export function filtersForContinuation(request: FilterQuery, token: FilterQuery): FilterQuery {
  const asked = canonicalFilterQuery(request);
  const differing = [
    ...(asked.added_after !== undefined && asked.added_after !== token.added_after ? ['added_after'] : []),
    ...Object.entries(asked.match ?? {})
      .filter(([field, value]) => token.match?.[field as keyof MatchQuery] !== value)
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
