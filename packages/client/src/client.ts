// The typed client: one method per operationId of the spec (CLI-GEN-01), each a thin call through
// openapi-fetch on the generated `paths`, plus readers that page and a push that splits and waits.
import createClient, { type Client } from 'openapi-fetch';
import type { ApiRoot, Collection, Collections, Discovery, Envelope, Manifest, ManifestRecord, paths, StixObject, Status, Versions } from '@taxii21/types';
import { addObjectsInEnvelopes, type AddObjectsOptions, type AddReport } from './add-objects.js';
import { redactUrl, responseErrorFrom } from './errors.js';
import { PageReader, type Page, type PageRequest } from './paging.js';
import { toWireQuery, type DeleteQuery, type ManifestQuery, type ObjectQuery, type ObjectsQuery, type VersionsQuery } from './query.js';
import { createTransport, type TransportOptions } from './transport.js';

export type TaxiiClientOptions = TransportOptions;

export interface CallOptions {
  signal?: AbortSignal | undefined;
}

type Fetched<T> = { data?: T; error?: unknown; response: Response };

/** Entry point: discovery, or straight to an API root at any URL (CLI-DSC-01). */
export class TaxiiClient {
  readonly #http: Client<paths>;

  constructor(options: TaxiiClientOptions = {}) {
    this.#http = createClient<paths>({ fetch: createTransport(options) });
  }

  /**
   * Reads the discovery resource at `url` (`https://host/taxii2/`, or the bare origin). API-root
   * URLs are returned absolute, resolved against the discovery URL if a server sent them relative.
   */
  async discover(url: string, options: CallOptions = {}): Promise<Discovery> {
    const discoveryUrl = parseTaxiiUrl(url);
    if (discoveryUrl.pathname === '/' || discoveryUrl.pathname === '') discoveryUrl.pathname = '/taxii2/';
    if (!discoveryUrl.pathname.endsWith('/taxii2/')) {
      throw new TypeError(`a TAXII 2.1 discovery URL ends in /taxii2/ (got ${discoveryUrl.pathname}); for an API root use apiRoot(url)`);
    }
    const baseUrl = discoveryUrl.href.slice(0, discoveryUrl.href.indexOf('/taxii2/', discoveryUrl.origin.length));
    const discovery = data(await this.#http.GET('/taxii2/', { baseUrl, ...withSignal(options) }), 'GET');
    const resolve = (root: string) => new URL(root, discoveryUrl).href;
    return {
      ...discovery,
      ...(discovery.default !== undefined && { default: resolve(discovery.default) }),
      ...(discovery.api_roots !== undefined && { api_roots: discovery.api_roots.map(resolve) }),
    };
  }

  /** A client for the API root at `url`, used exactly as given (any depth of path). */
  apiRoot(url: string): ApiRootClient {
    return new ApiRootClient(this.#http, url);
  }
}

export class ApiRootClient {
  readonly url: string;
  readonly #baseUrl: string;
  #maxContentLength: Promise<number> | undefined;

  constructor(
    private readonly http: Client<paths>,
    url: string,
  ) {
    const parsed = parseTaxiiUrl(url);
    if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
    this.url = parsed.href;
    this.#baseUrl = parsed.href.slice(0, -1);
  }

  async getApiRoot(options: CallOptions = {}): Promise<ApiRoot> {
    return data(await this.http.GET('/', this.#init(options)), 'GET');
  }

  async getStatus(statusId: string, options: CallOptions = {}): Promise<Status> {
    return data(await this.http.GET('/status/{statusId}/', this.#init(options, { path: { statusId } })), 'GET');
  }

  async getCollections(options: CallOptions = {}): Promise<Collections> {
    return data(await this.http.GET('/collections/', this.#init(options)), 'GET');
  }

  async getCollection(collectionId: string, options: CallOptions = {}): Promise<Collection> {
    return data(await this.http.GET('/collections/{collectionId}/', this.#init(options, { path: { collectionId } })), 'GET');
  }

  async getManifest(collectionId: string, query?: ManifestQuery, options: CallOptions = {}): Promise<Page<Manifest>> {
    return page(await this.http.GET('/collections/{collectionId}/manifest/', this.#init(options, { path: { collectionId }, query: toWireQuery(query) })));
  }

  async getObjects(collectionId: string, query?: ObjectsQuery, options: CallOptions = {}): Promise<Page<Envelope>> {
    return page(await this.http.GET('/collections/{collectionId}/objects/', this.#init(options, { path: { collectionId }, query: toWireQuery(query) })));
  }

  async getObject(collectionId: string, objectId: string, query?: ObjectQuery, options: CallOptions = {}): Promise<Page<Envelope>> {
    return page(
      await this.http.GET(
        '/collections/{collectionId}/objects/{objectId}/',
        this.#init(options, { path: { collectionId, objectId }, query: toWireQuery(query) }),
      ),
    );
  }

  async getObjectVersions(collectionId: string, objectId: string, query?: VersionsQuery, options: CallOptions = {}): Promise<Page<Versions>> {
    return page(
      await this.http.GET(
        '/collections/{collectionId}/objects/{objectId}/versions/',
        this.#init(options, { path: { collectionId, objectId }, query: toWireQuery(query) }),
      ),
    );
  }

  /** One addObjects request as is, no splitting or waiting: the server's first status. */
  async postObjects(collectionId: string, objects: StixObject[], options: CallOptions = {}): Promise<Status> {
    return data(
      await this.http.POST('/collections/{collectionId}/objects/', { ...this.#init(options, { path: { collectionId } }), body: { objects } }),
      'POST',
    );
  }

  /**
   * Adds any number of objects: split into envelopes within max_content_length, posted in order,
   * and (unless `wait: false`) polled until complete; one merged report. An (async) iterable, such
   * as a file read as a stream, is packed as it comes, one envelope in memory at a time.
   */
  async addObjects(
    collectionId: string,
    envelope: { objects: readonly StixObject[] } | readonly StixObject[] | Iterable<StixObject> | AsyncIterable<StixObject>,
    options: AddObjectsOptions = {},
  ): Promise<AddReport> {
    const objects =
      Array.isArray(envelope) || Symbol.iterator in envelope || Symbol.asyncIterator in envelope
        ? envelope
        : (envelope as { objects: readonly StixObject[] }).objects;
    const maxContentLength = options.maxContentLength ?? (await this.maxContentLength(options));
    return addObjectsInEnvelopes(
      {
        post: (batch, signal) => this.postObjects(collectionId, batch, withSignal({ signal })),
        getStatus: (statusId, signal) => this.getStatus(statusId, withSignal({ signal })),
      },
      objects,
      maxContentLength,
      options,
    );
  }

  /**
   * Deletes the versions of an object that `query` selects. Without `match.version` only the
   * newest version is deleted, as TAXII's default is `last` (§3.4.1); pass
   * `{ match: { version: 'all' } }` to delete every version.
   */
  async deleteObject(collectionId: string, objectId: string, query?: DeleteQuery, options: CallOptions = {}): Promise<void> {
    data(
      await this.http.DELETE(
        '/collections/{collectionId}/objects/{objectId}/',
        this.#init(options, { path: { collectionId, objectId }, query: toWireQuery(query) }),
      ),
      'DELETE',
    );
  }

  /** Every object that matches, page after page. `reader.cursor` afterwards is the next run's `added_after`. */
  objects(collectionId: string, query: ObjectsQuery = {}, options: CallOptions = {}): PageReader<StixObject, Envelope> {
    return new PageReader(
      (request, signal) => this.getObjects(collectionId, { ...query, ...request }, withSignal({ signal })),
      (r) => r.objects ?? [],
      pageStart(query),
      options.signal,
    );
  }

  /** Every manifest record that matches, page after page. */
  manifest(collectionId: string, query: ManifestQuery = {}, options: CallOptions = {}): PageReader<ManifestRecord, Manifest> {
    return new PageReader(
      (request, signal) => this.getManifest(collectionId, { ...query, ...request }, withSignal({ signal })),
      (r) => r.objects ?? [],
      pageStart(query),
      options.signal,
    );
  }

  /** Every version timestamp of one object, page after page. */
  versions(collectionId: string, objectId: string, query: VersionsQuery = {}, options: CallOptions = {}): PageReader<string, Versions> {
    return new PageReader(
      (request, signal) => this.getObjectVersions(collectionId, objectId, { ...query, ...request }, withSignal({ signal })),
      (r) => r.versions ?? [],
      pageStart(query),
      options.signal,
    );
  }

  /** The API root's max_content_length, read once per client. */
  maxContentLength(options: CallOptions = {}): Promise<number> {
    if (!this.#maxContentLength) {
      const pending = this.getApiRoot(options).then((root) => root.max_content_length);
      // A failed read is not remembered: the next push asks again.
      pending.catch(() => {
        if (this.#maxContentLength === pending) this.#maxContentLength = undefined;
      });
      this.#maxContentLength = pending;
    }
    return this.#maxContentLength;
  }

  #init(options: CallOptions): { baseUrl: string; signal?: AbortSignal };
  #init<P>(options: CallOptions, params: P): { baseUrl: string; params: P; signal?: AbortSignal };
  #init<P>(options: CallOptions, params?: P) {
    return { baseUrl: this.#baseUrl, ...(params !== undefined && { params }), ...withSignal(options) };
  }
}

/** fetch refuses URLs with userinfo; say why, without echoing it. */
function parseTaxiiUrl(url: string): URL {
  const parsed = new URL(url);
  if (parsed.username || parsed.password) throw new TypeError(`credentials do not belong in the URL ${redactUrl(url)}; pass them with the auth option`);
  return parsed;
}

function pageStart(query: { next?: string; added_after?: string }): PageRequest {
  return { ...(query.next !== undefined && { next: query.next }), ...(query.added_after !== undefined && { added_after: query.added_after }) };
}

/** exactOptionalPropertyTypes: an absent signal must be left out, not set to undefined. */
function withSignal(options: CallOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

function data<T>(result: Fetched<T>, method: string): T {
  if (result.response.ok) return result.data as T;
  throw responseErrorFrom(result.response, result.error, method);
}

function page<T>(result: Fetched<T>): Page<T> {
  const resource = data(result, 'GET');
  const first = result.response.headers.get('X-TAXII-Date-Added-First');
  const last = result.response.headers.get('X-TAXII-Date-Added-Last');
  return { resource, ...(first !== null && { dateAddedFirst: first }), ...(last !== null && { dateAddedLast: last }) };
}
