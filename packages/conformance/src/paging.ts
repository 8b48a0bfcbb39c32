// Walking paged endpoints as a careful client would, keeping every page as evidence and reporting
// paging faults to the check's judge, and comparing TAXII timestamps at full precision.
import { timestampKey } from '@taxii21/stix';
import type { Judge } from './check.js';
import { bodyField, recordsOf, withQuery, type Context } from './context.js';
import type { Exchange, Operation } from './http.js';

export interface Walk {
  pages: Exchange[];
  records: Record<string, unknown>[];
  /** True when the last page said more: false. */
  complete: boolean;
}

/**
 * Follows `next` (or, when a page says `more: true` without one, `added_after` =
 * X-TAXII-Date-Added-Last, §3.5) for up to `maxPages`, sending the walk's filters with every
 * request. `next` is opaque: a server may give the same value on every page (a server-side
 * cursor), so a walk is judged by the records it yields, never by the token's text. Paging faults
 * (a page that only repeats records already seen, `more: true` with nowhere to continue, an error
 * page) are reported to `judge` under `label`, with the page that shows them.
 */
export async function walk(
  judge: Judge,
  context: Context,
  url: string,
  operation: Operation,
  options: { label: string; limit: number; maxPages: number; between?: (pageIndex: number) => Promise<void> },
): Promise<Walk> {
  const result: Walk = { pages: [], records: [], complete: false };
  const fault = (problem: string, page: Exchange) => judge.expect(false, `${options.label}: ${problem}`, page);
  const seen = new Set<string>();
  let next: string | undefined;
  let addedAfter: string | undefined;
  for (let page = 0; page < options.maxPages; page++) {
    if (page > 0 && options.between) await options.between(page);
    const exchange = await context.http.get(withQuery(url, { limit: options.limit, next, added_after: addedAfter }), { operation });
    result.pages.push(judge.see(exchange));
    if (exchange.status !== 200) {
      fault(`page ${page + 1} answered ${exchange.status ?? exchange.error}`, exchange);
      return result;
    }
    const records = operation === 'getObjectVersions' ? versionsOf(exchange) : recordsOf(exchange);
    const fresh = records.filter((r) => !seen.has(walkKey(r)));
    if (records.length > 0 && fresh.length === 0) {
      fault(`page ${page + 1} only repeats records already seen: the walk goes round in circles`, exchange);
      return result;
    }
    for (const r of records) seen.add(walkKey(r));
    result.records.push(...records);
    if (bodyField(exchange, 'more') !== true) {
      result.complete = true;
      return result;
    }
    const token = bodyField<unknown>(exchange, 'next');
    if (typeof token === 'string' && token !== '') {
      next = token;
      addedAfter = undefined;
      continue;
    }
    const last = exchange.headers['x-taxii-date-added-last'];
    if (!last) {
      // more: true, then nothing: the remaining records were deleted meanwhile (§3.5), which ends a walk.
      if (records.length === 0) return result;
      fault(`page ${page + 1} says more: true with neither next nor X-TAXII-Date-Added-Last: nowhere to continue (§3.5)`, exchange);
      return result;
    }
    next = undefined;
    addedAfter = last;
  }
  return result;
}

/** A record's identity within a walk: id and version (or the version string itself on the versions endpoint). */
function walkKey(record: Record<string, unknown>): string {
  return `${String(record.id ?? '')}@${String(record.version ?? record.modified ?? record.created ?? record.date_added ?? '')}`;
}

function versionsOf(exchange: Exchange): Record<string, unknown>[] {
  const versions = bodyField<unknown>(exchange, 'versions');
  return Array.isArray(versions) ? versions.map((version) => ({ version })) : [];
}

/**
 * @taxii21/stix's sort key of an RFC 3339 UTC timestamp at any precision, so "…01.5Z" and
 * "…01.500000Z" are equal and microseconds are not lost as Date would lose them. A server's
 * lower-case `t` or `z` (RFC 3339 allows them) is judged elsewhere, not here.
 */
export function timeKey(timestamp: unknown): string | undefined {
  return timestampKey(typeof timestamp === 'string' ? timestamp.toUpperCase() : timestamp);
}

export function sameTime(a: unknown, b: unknown): boolean {
  const ka = timeKey(a);
  return ka !== undefined && ka === timeKey(b);
}

/** The version a manifest should give an object (SRV-VER-01), when the object says. */
export function expectedVersion(object: Record<string, unknown>): unknown {
  return object.modified ?? object.created;
}

export const key = (record: Record<string, unknown>) => `${String(record.id)}@${String(record.version ?? record.modified ?? record.created ?? '')}`;
