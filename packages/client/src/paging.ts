// Reading every page (CLI-GEN-02): follow `next` while `more` is true; for servers that say
// `more` without a `next`, continue with `added_after` set to the page's X-TAXII-Date-Added-Last
// (SRV-FLT-11). The reader's cursor is what a caller stores to pull only new records next time.

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
    const tokensSeen = new Set<string>();
    for (;;) {
      const page = await this.fetchPage(request, this.signal);
      const items = this.itemsOf(page.resource);
      this.#pages++;
      this.#items += items.length;
      if (items.length > 0 && page.dateAddedLast) this.#cursor = page.dateAddedLast;
      yield page;

      const { more, next } = page.resource;
      if (more !== true) return;
      if (next !== undefined) {
        if (tokensSeen.has(next)) throw new PagingError(`the server repeated the next token ${JSON.stringify(next)}; stopping instead of looping`);
        tokensSeen.add(next);
        request = { ...request, next };
        continue;
      }
      if (!page.dateAddedLast) throw new PagingError('the server said more: true but gave neither next nor X-TAXII-Date-Added-Last; the rest cannot be read without skipping records');
      if (page.dateAddedLast === request.added_after) throw new PagingError(`the server said more: true but its X-TAXII-Date-Added-Last did not move past ${page.dateAddedLast}`);
      const { next: _unused, ...withoutNext } = request;
      request = { ...withoutNext, added_after: page.dateAddedLast };
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
