// OASIS's own Python client, taxii2-client (oasis-open/cti-taxii-client, taxii2client/v21), as a
// program uses it: Server(discovery) → its ApiRoots → their Collections → as_pages(get_objects,
// per_request=N) → add_objects, which polls the status until it is final. Many consumers are built
// on it (OpenCTI's TAXII connector, MISP's TAXII import module). What its code rejects:
// - every GET answer whose Content-Type lacks a token of its Accept (`common.py`,
//   `_HTTPConnection.valid_content_type`): `application/taxii+json;version=2.1`, spaces aside;
// - discovery without `title` (`Server._validate_server`); an API root without `title`,
//   `versions` or `max_content_length` (`ApiRoot._validate_api_root`); a collection without `id`,
//   `title`, `can_read` or `can_write` (`Collection._validate_collection`);
// - a status whose counts do not add up to `total_count`, or whose `successes`, `failures` or
//   `pendings` list is present with a length other than its count (`Status._validate_status`);
// - `as_pages` follows `more` and `next`; `add_objects` polls `<api-root>/status/<id>` (no final
//   slash: `urljoin(collection_url, "../../status/{id}")`) while the status is not complete.
import { bodyField, type Findings, recordsOf, walkPages, type ConsumerContext, type ConsumerProfile } from './profile.js';
import { withQuery, type CollectionInfo } from '../context.js';
import type { Exchange } from '../http.js';

const ACCEPT = 'application/taxii+json;version=2.1';
/** The page size a program passes to as_pages (its default, 0, sends limit=0). */
const PER_REQUEST = 100;

/** `valid_content_type`: every token of Accept among the Content-Type's tokens, spaces removed, and the type first. */
export function contentTypeAccepted(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const tokens = contentType.replace(/ /g, '').split(';');
  return ACCEPT.split(';').every((token) => tokens.includes(token)) && tokens[0] === 'application/taxii+json';
}

/** Why `valid_content_type` would refuse a successful answer, if it would. */
export function contentTypeProblem(exchange: Exchange): string | undefined {
  if (exchange.status === undefined || exchange.status >= 300 || contentTypeAccepted(exchange.headers['content-type'])) return undefined;
  return `Content-Type ${JSON.stringify(exchange.headers['content-type'] ?? null)} lacks a token of '${ACCEPT}', so valid_content_type raises TAXIIServiceException`;
}

function checkContentType(findings: Findings, exchange: Exchange, what: string): void {
  const problem = contentTypeProblem(exchange);
  if (problem) findings.breaks(`${what}: ${problem}`);
}

/** What `Collection._validate_collection` raises ValidationError for. */
export function collectionProblems(item: CollectionInfo): string[] {
  return (['id', 'title', 'can_read', 'can_write'] as const)
    .filter((field) => item[field] === undefined || item[field] === null || item[field] === '')
    .map((field) => `collection ${JSON.stringify(item.id ?? item.title ?? '?')} has no '${field}' (_validate_collection raises ValidationError)`);
}

const COUNTS = [
  ['successes', 'success_count'],
  ['failures', 'failure_count'],
  ['pendings', 'pending_count'],
] as const;

/** What `Status._validate_status` raises ValidationError for. */
export function statusProblems(status: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const field of ['id', 'status']) if (!status[field]) problems.push(`no '${field}'`);
  for (const field of ['total_count', 'success_count', 'failure_count', 'pending_count'])
    if (status[field] === undefined || status[field] === null) problems.push(`no '${field}'`);
  for (const [list, count] of COUNTS) {
    const items = status[list];
    if (Array.isArray(items) && items.length > 0 && items.length !== status[count])
      problems.push(`${list} lists ${items.length} but ${count} is ${String(status[count])}`);
  }
  const [total, ...parts] = ['total_count', 'success_count', 'pending_count', 'failure_count'].map((f) => status[f]);
  if (parts.every((p) => typeof p === 'number') && typeof total === 'number' && (parts as number[]).reduce((a, b) => a + b, 0) !== total)
    problems.push('the counts do not add up to total_count');
  return problems;
}

export const taxii2Client: ConsumerProfile = {
  name: 'taxii2-client',
  title: "OASIS's taxii2-client (Python, taxii2client.v21)",
  async judge(context: ConsumerContext, findings: Findings) {
    const { http } = context;
    const discovery = await http.get(context.discoveryUrl, { operation: 'getDiscovery' });
    if (!findings.answered(discovery, 'Server(discovery)')) return;
    checkContentType(findings, discovery, 'Server(discovery)');
    if (!bodyField(discovery, 'title')) findings.breaks("Server(discovery): discovery has no 'title' (_validate_server raises ValidationError)");

    const root = await http.get(context.apiRoot, { operation: 'getApiRoot' });
    if (!findings.answered(root, 'ApiRoot.refresh_information')) return;
    checkContentType(findings, root, 'ApiRoot.refresh_information');
    for (const field of ['title', 'versions', 'max_content_length']) {
      const value = bodyField(root, field);
      if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0))
        findings.breaks(`ApiRoot: the API root has no '${field}' (_validate_api_root raises ValidationError)`);
    }

    const collections = await http.get(`${context.apiRoot}collections/`, { operation: 'getCollections' });
    if (!findings.answered(collections, 'ApiRoot.refresh_collections')) return;
    checkContentType(findings, collections, 'ApiRoot.refresh_collections');
    for (const item of bodyField<CollectionInfo[]>(collections, 'collections') ?? [])
      for (const problem of collectionProblems(item)) findings.breaks(`Collection: ${problem}`);

    if (!context.read) findings.skip('as_pages(get_objects): no readable collection with records');
    else {
      const objectsUrl = `${context.apiRoot}collections/${context.read.id}/objects/`;
      const pages = await walkPages(
        http,
        withQuery(objectsUrl, { limit: PER_REQUEST }),
        (next) => withQuery(objectsUrl, { limit: PER_REQUEST, next }),
        findings,
        `as_pages(get_objects, per_request=${PER_REQUEST})`,
      );
      for (const [i, page] of pages.entries()) checkContentType(findings, page, `as_pages(get_objects), page ${i + 1}`);
      if (pages.length > 0 && recordsOf(pages[0]!).length === 0)
        findings.breaks('as_pages(get_objects): the first page of a collection with records has no objects');
    }

    if (!context.write) return findings.skip('add_objects: read-only run (give --write-collection)');
    const probe = {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${context.runId}-0000-4000-8000-00000000c0de`,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name: 'taxii-conformance consumer probe (taxii2-client)',
      pattern: "[ipv4-addr:value = '198.51.100.77']",
      pattern_type: 'stix',
      valid_from: '2026-01-01T00:00:00Z',
    };
    const objectsUrl = `${context.apiRoot}collections/${context.write.id}/objects/`;
    const added = await http.request('POST', objectsUrl, { operation: 'addObjects', contentType: ACCEPT, body: JSON.stringify({ objects: [probe] }) });
    try {
      if (!findings.answered(added, 'Collection.add_objects', [200, 201, 202])) return;
      const status = added.json as Record<string, unknown>;
      for (const problem of statusProblems(status)) findings.breaks(`Collection.add_objects: the status ${problem} (_validate_status raises ValidationError)`);
      if (status.status !== 'complete' && typeof status.id === 'string') {
        // What wait_until_final asks: the status URL as urljoin makes it, without the final slash.
        const polled = await http.get(`${context.apiRoot}status/${status.id}`, { operation: 'getStatus' });
        if (findings.answered(polled, `Status.refresh (GET ${context.apiRoot}status/${status.id}, no final slash)`)) {
          checkContentType(findings, polled, 'Status.refresh');
          for (const problem of statusProblems(polled.json as Record<string, unknown>))
            findings.breaks(`Status.refresh: the status ${problem} (_validate_status raises ValidationError)`);
        }
      }
    } finally {
      await http.request('DELETE', withQuery(`${objectsUrl}${probe.id}/`, { 'match[version]': 'all' }), { operation: 'deleteObject' });
    }
  },
};
