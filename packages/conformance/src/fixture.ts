// The suite's own objects for write mode: uniquely identified per run, several types, two versions
// of one object added in separate requests, an SCO without created/modified, a STIX 2.0 object
// (only where the collection takes STIX 2.0) and one invalid object. The valid STIX 2.1 objects go
// first, in a request of their own; the STIX 2.0 object and the invalid one follow, each alone, so
// a server that refuses (or fails on) either fails exactly the checks about it. Written before the
// checks, removed after them.
import { randomUUID } from 'node:crypto';
import { bodyField, collectionUrl, recordsOf, withQuery, type CollectionInfo, type Context, type Fixture } from './context.js';
import type { Exchange } from './http.js';

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
    type: 'indicator',
    spec_version: '2.1',
    id: ids.indicator,
    created: TIMES.created,
    modified,
    name: label,
    pattern: "[ipv4-addr:value = '198.51.100.7']",
    pattern_type: 'stix',
    valid_from: TIMES.created,
  });
  const objectsV1 = [
    indicator(TIMES.v1),
    { type: 'malware', spec_version: '2.1', id: ids.malware, created: TIMES.v1, modified: TIMES.v1, name: label, is_family: false },
    { type: 'ipv4-addr', spec_version: '2.1', id: ids.sco, value: '198.51.100.7' },
  ];
  // No spec_version but created/modified: a STIX 2.0 object (SRV-FLT-07).
  const legacyObject = { type: 'tool', id: ids.legacy, created: TIMES.v1, modified: TIMES.v1, name: label, labels: ['remote-access'] };
  const invalidObject = {
    type: 'indicator',
    spec_version: '2.1',
    id: ids.invalidId,
    created: TIMES.created,
    modified: TIMES.v1,
    pattern: '[x:y = 1]',
    pattern_type: 'stix',
    valid_from: TIMES.created,
  };
  const lateObject = { type: 'note', spec_version: '2.1', id: ids.late, created: TIMES.v2, modified: TIMES.v2, content: label, object_refs: [ids.malware] };
  return { ids, objectsV1, legacyObject, invalidObject, indicatorV2: indicator(TIMES.v2), lateObject, times: TIMES };
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

/**
 * Why a collection cannot take STIX 2.0 content, from its `media_types` (§5.2.1: absent means
 * `application/stix+json`, any version); undefined when it can.
 */
function refusesStix20(collection: CollectionInfo): string | undefined {
  const types = collection.media_types;
  if (!Array.isArray(types)) return undefined;
  const takes = types.some((t) => typeof t === 'string' && /^application\/stix\+json\s*(;\s*version\s*=\s*"?2\.0"?\s*)?$/i.test(t.trim()));
  return takes ? undefined : `the write collection's media_types (${types.join(', ')}) do not include STIX 2.0, so the suite sent no STIX 2.0 object`;
}

export async function writeFixture(context: Context, collection: CollectionInfo): Promise<Fixture> {
  const { ids, objectsV1, legacyObject, invalidObject, indicatorV2, lateObject, times } = fixtureObjects(context.runId);
  const firstPost = await post(context, collection, objectsV1);
  const { legacy, ...otherIds } = ids;
  const fixture: Fixture = {
    collection,
    ...otherIds,
    legacyId: legacy,
    ...times,
    objectsV1,
    invalidObject,
    indicatorV2,
    lateObject,
    firstPost,
    firstStatuses: [],
    statusesPending: bodyField(firstPost, 'status') === 'pending',
  };
  if (firstPost.status !== 202) {
    fixture.problem = `addObjects of the suite's objects answered ${firstPost.status ?? firstPost.error}, not 202`;
    return fixture;
  }
  fixture.firstStatuses = await waitForStatus(context, firstPost);
  fixture.statusesPending ||= fixture.firstStatuses.some((s) => bodyField(s, 'status') === 'pending');
  // The STIX 2.0 object alone, where the collection takes it; counted only if the server stored it.
  const refusal = refusesStix20(collection);
  if (refusal) fixture.legacySkipped = refusal;
  else {
    fixture.legacyPost = await post(context, collection, [legacyObject]);
    const final = (await waitForStatus(context, fixture.legacyPost)).at(-1) ?? fixture.legacyPost;
    if (fixture.legacyPost.status === 202 && bodyField(final, 'failure_count') === 0) fixture.legacy = legacy;
    else fixture.legacySkipped = `the server did not store the suite's STIX 2.0 object (answered ${fixture.legacyPost.status ?? fixture.legacyPost.error})`;
  }
  // The second version in its own, later request: it must get its own, later date_added (SRV-VER-05).
  fixture.secondPost = await post(context, collection, [indicatorV2]);
  const second = await waitForStatus(context, fixture.secondPost);
  fixture.statusesPending ||= second.some((s) => bodyField(s, 'status') === 'pending');
  if (fixture.secondPost.status !== 202)
    fixture.problem = `addObjects of a second version answered ${fixture.secondPost.status ?? fixture.secondPost.error}, not 202`;
  // The invalid object last and alone: whatever the server does with it, no other check depends on it.
  fixture.invalidPost = await post(context, collection, [invalidObject]);
  await waitForStatus(context, fixture.invalidPost);
  return fixture;
}

/** The suite's stored objects that checks query together: the 2.1 ones, and the 2.0 one when it was stored. */
export function ownIds(f: Fixture): string[] {
  return [f.indicator, f.malware, f.sco, ...(f.legacy ? [f.legacy] : [])];
}

/**
 * Deletes everything the run may have created (every version, every spec version), then reads the
 * manifest to confirm; returns what is still there, or could not be removed.
 */
export async function removeFixture(context: Context, fixture: Fixture): Promise<string[]> {
  const left: string[] = [];
  const wellFormed = [fixture.indicator, fixture.malware, fixture.sco, fixture.legacyId, fixture.late];
  for (const id of [...wellFormed, fixture.invalidId]) {
    const url = `${collectionUrl(context, fixture.collection, `objects/${encodeURIComponent(id)}/`)}?match[version]=all&match[spec_version]=2.0,2.1`;
    const deleted = await context.http.request('DELETE', url, { operation: 'deleteObject' });
    // 404: nothing (left) to delete. A malformed id may also be refused as a malformed URL (400).
    const gone = deleted.status === 200 || deleted.status === 404 || (id === fixture.invalidId && deleted.status === 400);
    if (!gone) left.push(`${id} (DELETE answered ${deleted.status ?? deleted.error})`);
  }
  const check = await context.http.get(
    withQuery(collectionUrl(context, fixture.collection, 'manifest/'), {
      'match[id]': wellFormed.join(','),
      'match[version]': 'all',
      'match[spec_version]': '2.0,2.1',
    }),
    { operation: 'getManifest' },
  );
  if (check.status === 200) {
    for (const record of recordsOf(check)) {
      const id = String(record.id);
      if (!left.some((l) => l.startsWith(id))) left.push(`${id} (still listed after the clean-up)`);
    }
  } else left.push(`the clean-up could not be verified: the manifest answered ${check.status ?? check.error}`);
  return left;
}
