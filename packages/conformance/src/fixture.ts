// The suite's own objects for write mode: uniquely identified per run, several types, two versions
// of one object added in separate requests, an SCO without created/modified, a STIX 2.0 object and
// one invalid object. Written before the checks, removed after them.
import { randomUUID } from 'node:crypto';
import { bodyField, collectionUrl, type CollectionInfo, type Context } from './context.js';
import type { Exchange } from './http.js';

export interface Fixture {
  collection: CollectionInfo;
  indicator: string;
  malware: string;
  sco: string;
  legacy: string;
  /** Added only during the pagination check, between two pages. */
  late: string;
  invalidId: string;
  created: string;
  v1: string;
  v2: string;
  objectsV1: Record<string, unknown>[];
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

const TIMES = { created: '2020-01-01T00:00:00.000Z', v1: '2020-01-02T00:00:00.000Z', v2: '2020-01-03T00:00:00.000Z' };

function fixtureObjects(runId: string) {
  const ids = {
    indicator: `indicator--${randomUUID()}`,
    malware: `malware--${randomUUID()}`,
    sco: `ipv4-addr--${randomUUID()}`,
    legacy: `tool--${randomUUID()}`,
    late: `note--${randomUUID()}`,
    invalidId: `indicator--not-a-uuid-${runId}`,
  };
  const label = `taxii-conformance ${runId}`;
  const indicator = (modified: string) => ({
    type: 'indicator', spec_version: '2.1', id: ids.indicator, created: TIMES.created, modified,
    name: label, pattern: "[ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix', valid_from: TIMES.created,
  });
  const objectsV1 = [
    indicator(TIMES.v1),
    { type: 'malware', spec_version: '2.1', id: ids.malware, created: TIMES.v1, modified: TIMES.v1, name: label, is_family: false },
    { type: 'ipv4-addr', spec_version: '2.1', id: ids.sco, value: '198.51.100.7' },
    // No spec_version but created/modified: a STIX 2.0 object (SRV-FLT-07).
    { type: 'tool', id: ids.legacy, created: TIMES.v1, modified: TIMES.v1, name: label, labels: ['remote-access'] },
    { type: 'indicator', spec_version: '2.1', id: ids.invalidId, created: TIMES.created, modified: TIMES.v1, pattern: '[x:y = 1]', pattern_type: 'stix', valid_from: TIMES.created },
  ];
  const lateObject = { type: 'note', spec_version: '2.1', id: ids.late, created: TIMES.v2, modified: TIMES.v2, content: label, object_refs: [ids.malware] };
  return { ids, objectsV1, indicatorV2: indicator(TIMES.v2), lateObject, times: TIMES };
}

/** addObjects with any body, including ones meant to be refused; Content-Type defaults to TAXII 2.1. */
export function postBody(context: Context, collection: CollectionInfo, body: string | ReadableStream<Uint8Array>, contentType?: string): Promise<Exchange> {
  return context.http.request('POST', collectionUrl(context, collection, 'objects/'), { operation: 'addObjects', body, ...(contentType && { contentType }) });
}

/**
 * A body for probes that must store nothing whatever the server does with it: an envelope whose
 * one item has no id, so no server can store it as an object. (An empty `objects` list would be
 * simpler, but empty lists are prohibited in TAXII, §2, and a server may refuse one.)
 */
export const PROBE_ENVELOPE = '{"objects":[{"type":"x-taxii-conformance-probe"}]}';

export function post(context: Context, collection: CollectionInfo, objects: unknown[]): Promise<Exchange> {
  return postBody(context, collection, JSON.stringify({ objects }));
}

/** Reads the status until it is complete or 30 s have passed; returns every read. */
export async function waitForStatus(context: Context, posted: Exchange): Promise<Exchange[]> {
  const id = bodyField<string>(posted, 'id');
  if (posted.status !== 202 || typeof id !== 'string') return [];
  const reads: Exchange[] = [];
  let status = bodyField<string>(posted, 'status');
  const deadline = Date.now() + 30_000;
  let pause = 100;
  while (status !== 'complete' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 2_000);
    const read = await context.http.get(`${context.target.apiRoot}status/${encodeURIComponent(id)}/`, { operation: 'getStatus' });
    reads.push(read);
    if (read.status !== 200) break;
    status = bodyField<string>(read, 'status');
  }
  if (reads.length === 0) reads.push(await context.http.get(`${context.target.apiRoot}status/${encodeURIComponent(id)}/`, { operation: 'getStatus' }));
  return reads;
}

export async function writeFixture(context: Context, collection: CollectionInfo): Promise<Fixture> {
  const { ids, objectsV1, indicatorV2, lateObject, times } = fixtureObjects(context.runId);
  const firstPost = await post(context, collection, objectsV1);
  const fixture: Fixture = { collection, ...ids, ...times, objectsV1, indicatorV2, lateObject, firstPost, firstStatuses: [], statusesPending: bodyField(firstPost, 'status') === 'pending' };
  if (firstPost.status !== 202) {
    fixture.problem = `addObjects of the suite's objects answered ${firstPost.status ?? firstPost.error}, not 202`;
    return fixture;
  }
  fixture.firstStatuses = await waitForStatus(context, firstPost);
  fixture.statusesPending ||= fixture.firstStatuses.some((s) => bodyField(s, 'status') === 'pending');
  // The second version in its own, later request: it must get its own, later date_added (SRV-VER-05).
  fixture.secondPost = await post(context, collection, [indicatorV2]);
  const second = await waitForStatus(context, fixture.secondPost);
  fixture.statusesPending ||= second.some((s) => bodyField(s, 'status') === 'pending');
  if (fixture.secondPost.status !== 202) fixture.problem = `addObjects of a second version answered ${fixture.secondPost.status ?? fixture.secondPost.error}, not 202`;
  return fixture;
}

/** Deletes everything the run wrote; what cannot be deleted is reported by the caller. */
export async function removeFixture(context: Context, fixture: Fixture): Promise<string[]> {
  const left: string[] = [];
  for (const id of [fixture.indicator, fixture.malware, fixture.sco, fixture.legacy, fixture.late]) {
    const url = `${collectionUrl(context, fixture.collection, `objects/${encodeURIComponent(id)}/`)}?match[version]=all`;
    const deleted = await context.http.request('DELETE', url, { operation: 'deleteObject' });
    if (deleted.status !== 200 && deleted.status !== 404) left.push(`${id} (${deleted.status ?? deleted.error})`);
  }
  return left;
}
