// One page of a filtered walk: filters from the request or from its next token (SRV-FLT-12),
// the page size within the server's cap (SRV-FLT-03, SRV-FLT-13), the next token for the rest
// (SRV-FLT-04), and the date-added headers of the page (SRV-GEN-04).
import { dateAddedHeaders } from '@taxii21/server';
import { checkMatchSizes, filtersForContinuation, parseFilters, type FilterQuery } from './filters.js';
import type { HandlerDeps } from './handlers/context.js';
import type { RecordQuery, StoredRecord } from './store/types.js';
import { fromMicros } from './timestamps.js';

export type WalkRequest = {
  /** Which endpoint the walk belongs to; a token from one endpoint is refused by another. */
  endpoint: 'objects' | 'manifest' | 'object' | 'versions';
  collectionId: string;
  objectId?: string;
  query: FilterQuery & { limit?: number; next?: string };
  withContent: boolean;
  /** match[version] when the request names none. */
  defaultVersion: 'last' | 'all';
};

export type WalkPage = {
  records: StoredRecord[];
  more: boolean;
  next?: string;
  /** True when the request started a walk (no next token). */
  firstPage: boolean;
  headers: ReturnType<typeof dateAddedHeaders>;
};

export async function readPage(deps: HandlerDeps, walk: WalkRequest): Promise<WalkPage> {
  const scope = `${walk.endpoint}|${walk.collectionId}|${walk.objectId ?? ''}`;
  const { next, limit, ...filterQuery } = walk.query;
  checkMatchSizes(filterQuery, deps.config.limits.maxMatchValues);
  let parsed = parseFilters(filterQuery, walk.defaultVersion);
  let after: number | undefined;
  if (next !== undefined) {
    const token = deps.tokens.read(next, scope);
    parsed = filtersForContinuation(parsed, parseFilters(token.filters, walk.defaultVersion));
    after = token.position;
  }

  const { maxPageSize, defaultPageSize } = deps.config.limits;
  const pageSize = Math.min(limit ?? defaultPageSize, maxPageSize);
  const query: RecordQuery = { ...parsed.filters, collectionId: walk.collectionId };
  if (walk.objectId !== undefined) query.objectId = walk.objectId;
  const page = await deps.store.queryRecords(query, {
    ...(after !== undefined ? { after } : {}),
    limit: pageSize,
    withContent: walk.withContent,
    maxBytes: deps.config.limits.maxPageBytes,
  });

  const last = page.records[page.records.length - 1];
  const result: WalkPage = {
    records: page.records,
    more: page.more,
    firstPage: next === undefined,
    // The headers name only the first and last record: only those two are formatted.
    headers: dateAddedHeaders([page.records[0], last].flatMap((r) => (r ? [{ date_added: fromMicros(r.dateAdded) }] : []))),
  };
  if (page.more && last) result.next = deps.tokens.issue({ scope, filters: parsed.canonical, position: last.dateAdded });
  return result;
}
