// Reading every page (CLI-GEN-02, §3.5): follow `next` while `more` is true, sending the original
// filters with it; for servers that say `more` without a `next`, continue with `added_after` set
// to the page's X-TAXII-Date-Added-Last. `next` is opaque: a server may hand out the same value on
// every page (a server-side cursor), so a loop is recognised by the records a page holds, not by
// the token's text — across the whole walk, not only against the page before: pages must move
// forward in date_added (SRV-FLT-01), and a page seen before (by a short fingerprint, kept for up
// to MAX_PAGE_FINGERPRINTS pages) is never accepted again. The reader's cursor is what a caller
// stores to pull only new records next time.
import { timestampKey } from '@taxii21/stix/timestamps';

/** One page of a paged resource, with the date_added range the server reported for it. */
export interface Page<Resource> {
  resource: Resource;
  /** X-TAXII-Date-Added-First of this page (SRV-GEN-04). */
  dateAddedFirst?: string;
  /** X-TAXII-Date-Added-Last of this page (SRV-GEN-04). */
  dateAddedLast?: string;
}

export interface PagedResource {
  more?: boolean;
  next?: string;
}

export interface PageRequest {
  next?: string;
  added_after?: string;
}

export type PageFetcher<Resource> = (request: PageRequest, signal?: AbortSignal) => Promise<Page<Resource>>;

/** Thrown when a server's paging would make the reader loop forever or skip records. */
export class PagingError extends Error {
  override readonly name = 'PagingError';
}

/** How many pages in a row may say `more: true` yet hold nothing (records deleted meanwhile, §3.5) before the reader stops. */
export const MAX_EMPTY_PAGES_IN_A_ROW = 3;

/** Pages whose fingerprints one walk keeps (a number each, a few MB at most): a repeat among them ends the walk. */
export const MAX_PAGE_FINGERPRINTS = 100_000;

/**
 * A 53-bit fingerprint of a page: its length with its first and last record, which tells any two
 * real pages apart without serialising whole pages (cyrb53, a well-mixed non-cryptographic hash;
 * the walk is not defending a secret, only noticing a repeat).
 */
function fingerprint(items: readonly unknown[]): number {
  const text = `${items.length}|${JSON.stringify(items[0])}|${JSON.stringify(items.at(-1))}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export class PageReader<Item, Resource extends PagedResource> implements AsyncIterable<Item> {
  #cursor: string | undefined;
  #pages = 0;
  #items = 0;

  constructor(
    private readonly fetchPage: PageFetcher<Resource>,
    private readonly itemsOf: (resource: Resource) => readonly Item[],
    private readonly start: PageRequest,
    private readonly signal?: AbortSignal,
  ) {
    this.#cursor = start.added_after;
  }

  /**
   * The X-TAXII-Date-Added-Last of the newest page read (or the starting `added_after` while none
   * was). Pass it as `added_after` on the next run to receive only what was added since.
   */
  get cursor(): string | undefined {
    return this.#cursor;
  }

  get pagesRead(): number {
    return this.#pages;
  }

  get itemsRead(): number {
    return this.#items;
  }

  async *pages(): AsyncGenerator<Page<Resource>, void, undefined> {
    let request: PageRequest = { ...this.start };
    const seen = new Set<number>();
    let previousLast: string | undefined;
    let emptyInARow = 0;
    for (;;) {
      const page = await this.fetchPage(request, this.signal);
      const items = this.itemsOf(page.resource);
      const { more, next } = page.resource;
      if (items.length > 0) {
        // Pages come oldest first (SRV-FLT-01): a page that starts before the last one ended is going back.
        const first = timestampKey(page.dateAddedFirst);
        if (first !== undefined && previousLast !== undefined && first < previousLast) {
          throw new PagingError(
            `the server went back: page ${this.#pages + 1} starts at ${page.dateAddedFirst}, before the previous page ended; stopping instead of looping`,
          );
        }
        previousLast = timestampKey(page.dateAddedLast) ?? previousLast;
        const print = fingerprint(items);
        if (seen.has(print))
          throw new PagingError(`the server returned the same ${items.length} records again after page ${this.#pages}; stopping instead of looping`);
        if (seen.size < MAX_PAGE_FINGERPRINTS) seen.add(print);
        emptyInARow = 0;
      } else if (more === true && ++emptyInARow > MAX_EMPTY_PAGES_IN_A_ROW) {
        throw new PagingError(`the server said more: true on ${emptyInARow} empty pages in a row; stopping instead of looping`);
      }
      this.#pages++;
      this.#items += items.length;
      if (items.length > 0 && page.dateAddedLast) this.#cursor = page.dateAddedLast;
      yield page;

      if (more !== true) return;
      if (next !== undefined) {
        // The original filters stay on every request, as §3.5 tells clients to send them.
        request = { ...this.start, next };
        continue;
      }
      if (!page.dateAddedLast) {
        // An empty follow-on page is how a walk ends when the remaining records were deleted (§3.5).
        if (items.length === 0) return;
        throw new PagingError('the server said more: true but gave neither next nor X-TAXII-Date-Added-Last; the rest cannot be read without skipping records');
      }
      if (page.dateAddedLast === request.added_after)
        throw new PagingError(`the server said more: true but its X-TAXII-Date-Added-Last did not move past ${page.dateAddedLast}`);
      request = { ...this.start, added_after: page.dateAddedLast };
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) yield* this.itemsOf(page.resource);
  }

  /** Reads everything into memory; for large collections iterate instead. */
  async toArray(): Promise<Item[]> {
    const all: Item[] = [];
    for await (const item of this) all.push(item);
    return all;
  }
}
