// What the checks share: the HTTP recorder, the schemas, and the target as found at the start —
// discovery, the API root, its collections, and a sample of the read collection's manifest.
import type { Profile } from './check.js';
import type { Http, Exchange } from './http.js';
import type { SpecSchemas } from './spec-schemas.js';

export interface ConformanceOptions {
  /** A discovery URL (…/taxii2/) or an API-root URL. */
  url: string;
  username?: string;
  password?: string;
  /** An API token, sent as `Authorization: Bearer`, instead of a user name and password. */
  token?: string;
  /** A private CA to trust, and a client certificate to present (PEM). */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  /** The API root to test when `url` is a discovery URL; default: discovery's default, else its first. */
  apiRoot?: string;
  /** Collection (id or alias) for read checks; default: the first readable one with records. */
  collection?: string;
  /** Collection the suite may write its own objects to (and delete them from). Without it nothing is written. */
  writeCollection?: string;
  /** Per request. Default 15 s. */
  timeoutMs?: number;
  /** The largest body the suite sends to prove SRV-ADD-02. Default 8 MiB. */
  maxUploadBytes?: number;
  /** The largest response body the suite reads; beyond it the answer is a finding. Default 64 MiB. */
  maxResponseBytes?: number;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** `standard` (default) judges the standard only; `strict` also fails this project's own [ours] rules. */
  profile?: Profile;
  /** Consumer profiles to replay (`all`, or names separated by commas): each says whether that consumer would work. */
  consumers?: string;
}

export interface CollectionInfo {
  id: string;
  alias?: string;
  title?: string;
  can_read?: boolean;
  can_write?: boolean;
  [key: string]: unknown;
}

export interface ManifestRecord {
  id: string;
  date_added: string;
  version: string;
  media_type?: string;
}

export interface Target {
  discoveryUrl: string;
  discovery?: Exchange;
  apiRoot?: string;
  apiRootResource?: { title?: string; versions?: string[]; max_content_length?: number; [key: string]: unknown };
  collections: CollectionInfo[];
  read?: CollectionInfo;
  write?: CollectionInfo;
  /** The first records (default filters) of the read collection's manifest, oldest first. */
  sample: ManifestRecord[];
  /** True when `sample` holds the whole collection. */
  sampleComplete: boolean;
  /** Why the API root or collections could not be read, when they could not. */
  problem?: string;
  /**
   * Why nothing can be judged at all: the server cannot be reached, or it refuses the credentials.
   * Such a run is not a verdict on the server, and the command line exits with its own code.
   */
  stop?: string;
  /** A mistake in the options (a collection the API root does not list): the user's to fix, not the server's. */
  usage?: string;
}

/** The suite's own objects in write mode, as fixture.ts wrote them. */
export interface Fixture {
  collection: CollectionInfo;
  indicator: string;
  malware: string;
  sco: string;
  /** The STIX 2.0 object, when the collection takes STIX 2.0; why not, otherwise. */
  legacy?: string;
  legacySkipped?: string;
  /** The STIX 2.0 object's id, whether or not it was sent or stored (for clean-up). */
  legacyId: string;
  /** Added only during the pagination check, between two pages. */
  late: string;
  invalidId: string;
  /** The STIX 2.0 object's own request, and the invalid object's. */
  legacyPost?: Exchange;
  invalidPost?: Exchange;
  created: string;
  v1: string;
  v2: string;
  objectsV1: Record<string, unknown>[];
  /** An indicator whose id is not `<type>--<UUID>`: what every server must refuse. */
  invalidObject: Record<string, unknown>;
  indicatorV2: Record<string, unknown>;
  lateObject: Record<string, unknown>;
  firstPost: Exchange;
  secondPost?: Exchange;
  /** Every status resource read for the first request, last one final. */
  firstStatuses: Exchange[];
  statusesPending: boolean;
  /** Why the fixture could not be written, if it could not. */
  problem?: string;
}

export interface Context {
  http: Http;
  schemas: SpecSchemas;
  options: ConformanceOptions;
  target: Target;
  /** A unique tag for what this run writes. */
  runId: string;
  /** The suite's own objects, in write mode. */
  fixture?: Fixture;
}

export const SAMPLE_SIZE = 200;

/** URL of a collection-relative endpoint of the API root under test. */
export function collectionUrl(context: Context, collection: CollectionInfo, rest = ''): string {
  return `${context.target.apiRoot}collections/${encodeURIComponent(collection.id)}/${rest}`;
}

export function withQuery(url: string, query: Record<string, string | number | undefined>): string {
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`);
  return parts.length === 0 ? url : `${url}${url.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

export function stixType(id: string): string {
  return id.slice(0, id.indexOf('--'));
}

/** The records of a manifest or the objects of an envelope, whatever shape came back. */
export function recordsOf(exchange: Exchange): Record<string, unknown>[] {
  const list = (exchange.json as { objects?: unknown } | undefined)?.objects;
  return Array.isArray(list) ? (list.filter((x) => typeof x === 'object' && x !== null) as Record<string, unknown>[]) : [];
}

export function bodyField<T = unknown>(exchange: Exchange, name: string): T | undefined {
  const body = exchange.json;
  return typeof body === 'object' && body !== null ? ((body as Record<string, unknown>)[name] as T | undefined) : undefined;
}
