// Adding and deleting (SRV-ADD-*, SRV-VER-02/04/05, SRV-RES-02, SRV-MT-04), only with
// --write-collection, only on the suite's own objects. Bodies meant to be refused are built so that
// a server that wrongly accepts them stores nothing.
import type { Check, Judge } from '../check.js';
import { bodyField, collectionUrl, recordsOf, withQuery, type Context, type Fixture } from '../context.js';
import { PROBE_ENVELOPE, post, postBody, waitForStatus } from '../fixture.js';
import type { Exchange } from '../http.js';
import { sameTime, timeKey } from '../paging.js';

/**
 * The suite's own objects, as the checks that build on them need them. When adding them failed,
 * only SRV-ADD-03 (addObjects answers 202) is broken by that; the others were never tried, and
 * failing them too would count one fault as many.
 */
function fixture(judge: Judge, context: Context, { failOnProblem = false } = {}): Fixture {
  const f = context.fixture;
  if (!f) return judge.skip('read-only run: give --write-collection to check writes');
  if (f.problem) {
    if (failOnProblem) judge.expect(false, f.problem, f.firstPost);
    return judge.skip(`not judged: ${f.problem}`);
  }
  return f;
}

type StatusBody = {
  id?: unknown;
  status?: unknown;
  total_count?: unknown;
  success_count?: unknown;
  failure_count?: unknown;
  pending_count?: unknown;
  successes?: { id?: unknown }[];
  failures?: { id?: unknown; message?: unknown }[];
  pendings?: { id?: unknown }[];
};

function finalStatus(f: Fixture): Exchange {
  return f.firstStatuses.at(-1) ?? f.firstPost;
}

export const writingChecks: Check<Context>[] = [
  {
    id: 'SRV-ADD-03',
    run(judge, context) {
      const f = fixture(judge, context, { failOnProblem: true });
      judge.expectStatus(f.firstPost, 202, 'addObjects');
      const id = bodyField(f.firstPost, 'id');
      judge.expect(typeof id === 'string', 'the 202 carries no status id', f.firstPost);
      const read = f.firstStatuses.at(-1);
      if (!read) return judge.note('the status was complete at once and not read back');
      if (judge.expectStatus(read, 200, 'getStatus of the status just returned'))
        judge.expect(bodyField(read, 'id') === id, 'getStatus returned another status', read);
    },
  },
  {
    id: 'SRV-RES-02',
    run(judge, context) {
      const f = fixture(judge, context);
      for (const exchange of [f.firstPost, ...f.firstStatuses, ...[f.secondPost, f.legacyPost, f.invalidPost].filter((x): x is Exchange => x !== undefined)]) {
        const s = exchange.json as StatusBody | undefined;
        if (!s || exchange.status === undefined || exchange.status >= 300) continue;
        const [total, ok, failed, pending] = [s.total_count, s.success_count, s.failure_count, s.pending_count].map(Number);
        judge.expect(total === ok! + failed! + pending!, `total_count ${total} is not ${ok} + ${failed} + ${pending}`, exchange);
        judge.expectOurs((s.status === 'complete') === (pending === 0), `status is ${String(s.status)} with pending_count ${pending}`, exchange);
        for (const [list, count, name] of [
          [s.successes, ok, 'successes'],
          [s.failures, failed, 'failures'],
          [s.pendings, pending, 'pendings'],
        ] as const) {
          if (list !== undefined)
            judge.expectOurs(
              Array.isArray(list) && list.length === count,
              `${name} lists ${Array.isArray(list) ? list.length : 'no'} entries for a count of ${count}`,
              exchange,
            );
        }
      }
    },
  },
  {
    id: 'SRV-ADD-04',
    async run(judge, context) {
      const f = fixture(judge, context);
      // The valid objects' request: each reported at most once (the detail lists are optional), none failed.
      const status = finalStatus(f);
      const s = (status.json ?? {}) as StatusBody;
      judge.expect(s.total_count === f.objectsV1.length, `total_count is ${String(s.total_count)} for ${f.objectsV1.length} objects`, status);
      const listed = [...(s.successes ?? []), ...(s.failures ?? []), ...(s.pendings ?? [])].map((d) => String(d.id));
      for (const id of [f.indicator, f.malware, f.sco]) {
        const times = listed.filter((x) => x === id).length;
        judge.expect(times <= 1, `${id} is reported ${times} times`, status);
      }
      judge.expect(
        (s.failures ?? []).length === 0 && s.failure_count === 0,
        `valid STIX 2.1 objects failed: [${(s.failures ?? []).map((d) => `${String(d.id)}: ${String(d.message)}`).join('; ')}]`,
        status,
      );

      // The invalid object alone: refused, either as a failure in a 202 status or as a whole request
      // (400/422). Storing it is legal: TAXII carries content without judging it, and §5.5's only
      // per-object MUST is that an exact duplicate is not an error. So storing it warns ([ours]).
      const invalid = f.invalidPost;
      if (!invalid) return judge.skip('the invalid object was not sent');
      if (invalid.status === 400 || invalid.status === 422) {
        judge.see(invalid);
        judge.note(`the request holding only an invalid object was refused as a whole (${invalid.status}): allowed`);
      } else if (judge.expectStatus(invalid, 202, 'addObjects of an invalid object (an id that is not <type>--<UUID>)')) {
        const final = ((await waitForStatus(context, invalid)).at(-1) ?? invalid).json as StatusBody | undefined;
        const succeeded = (final?.successes ?? []).some((d) => d.id === f.invalidId) || final?.success_count === 1;
        judge.expectOurs(
          !succeeded,
          `the invalid object ${f.invalidId} was stored and reported as a success (legal, since TAXII need not check content)`,
          invalid,
        );
      }

      // [ours] an invalid object never blocks the valid ones of its request (a server may refuse the whole request).
      const mixed = await post(context, f.collection, [f.objectsV1[1], f.invalidObject]);
      const mixedStatus = ((await waitForStatus(context, mixed)).at(-1) ?? mixed).json as StatusBody | undefined;
      judge.expectOurs(
        mixed.status === 202 && mixedStatus?.success_count === 1 && mixedStatus?.failure_count === 1,
        `a request with one valid (already stored) and one invalid object answered ${mixed.status ?? mixed.error} with ${mixedStatus?.success_count ?? '?'} successes and ${mixedStatus?.failure_count ?? '?'} failures, not 1 and 1`,
        mixed,
      );
    },
  },
  {
    id: 'SRV-ADD-06',
    run(judge, context) {
      // A MAY is judged only on its own evidence: a fixture that could not be written is another check's failure.
      const f = context.fixture;
      if (!f) return judge.skip('read-only run: give --write-collection to check writes');
      if (f.problem) return judge.skip(`not judged: ${f.problem}`);
      if (!f.statusesPending) return judge.skip('not supported: every request was processed before the 202');
      judge.note('statuses went from pending to complete');
    },
  },
  {
    id: 'SRV-VER-02',
    async run(judge, context) {
      const f = fixture(judge, context);
      const again = await post(context, f.collection, [f.objectsV1[1]]);
      judge.expectStatus(again, 202, 'adding a stored version again');
      const final = (await waitForStatus(context, again)).at(-1) ?? again;
      judge.expect(bodyField(final, 'success_count') === 1 && bodyField(final, 'failure_count') === 0, 'adding a stored version again is not a success', final);
      const versions = await context.http.get(collectionUrl(context, f.collection, `objects/${encodeURIComponent(f.malware)}/versions/`), {
        operation: 'getObjectVersions',
      });
      judge.expect((bodyField<unknown[]>(versions, 'versions') ?? []).length === 1, 'the version added twice is now stored twice', versions);
    },
  },
  {
    id: 'SRV-VER-05',
    async run(judge, context) {
      const f = fixture(judge, context);
      const manifest = await context.http.get(
        withQuery(collectionUrl(context, f.collection, 'manifest/'), { 'match[id]': `${f.indicator},${f.malware}`, 'match[version]': 'all' }),
        { operation: 'getManifest' },
      );
      const records = recordsOf(manifest);
      const v1 = records.find((r) => r.id === f.indicator && sameTime(r.version, f.v1));
      const v2 = records.find((r) => r.id === f.indicator && sameTime(r.version, f.v2));
      const malware = records.find((r) => r.id === f.malware);
      if (!judge.expect(Boolean(v1 && v2 && malware), 'the manifest does not list both versions of the suite’s indicator', manifest)) return;
      judge.expect((timeKey(v2!.date_added) ?? '') > (timeKey(v1!.date_added) ?? '~'), 'the second version does not have its own, later date_added', manifest);
      judge.expect(
        (timeKey(v2!.date_added) ?? '') > (timeKey(malware!.date_added) ?? '~'),
        'the version added in a later request is not after the earlier request’s records',
        manifest,
      );
    },
  },
  {
    id: 'SRV-ADD-01',
    async run(judge, context) {
      const f = fixture(judge, context);
      const bodies = ['{"objects": [', '{"type": "bundle", "items": []}', '{"objects": "none"}'];
      for (const body of bodies) {
        const answer = await postBody(context, f.collection, body);
        judge.expectStatus(answer, [400, 422], `addObjects with the body ${body}`);
      }
    },
  },
  {
    id: 'SRV-ADD-02',
    async run(judge, context) {
      const f = fixture(judge, context);
      const max = context.target.apiRootResource?.max_content_length;
      const cap = context.options.maxUploadBytes ?? 8 * 1024 * 1024;
      if (typeof max !== 'number' || max > cap)
        return judge.skip(`max_content_length ${String(max)} is above the ${cap} bytes the suite will send (--max-upload)`);
      // A probe envelope padded past the limit: nothing to store even if it got through.
      const body = `${PROBE_ENVELOPE}${' '.repeat(max + 1 - PROBE_ENVELOPE.length)}`;
      judge.expectStatus(await postBody(context, f.collection, body), 413, `addObjects with ${max + 1} bytes and a Content-Length`);
      const bytes = new TextEncoder().encode(body);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
          controller.close();
        },
      });
      judge.expectStatus(await postBody(context, f.collection, stream), 413, `addObjects with ${max + 1} bytes sent chunked, without a Content-Length`);
    },
  },
  {
    id: 'SRV-MT-04',
    async run(judge, context) {
      const f = fixture(judge, context);
      for (const contentType of ['application/json', 'text/plain', 'application/taxii+json;version=2.0']) {
        const answer = await postBody(context, f.collection, PROBE_ENVELOPE, contentType);
        judge.expectStatus(answer, 415, `addObjects with Content-Type: ${contentType}`);
      }
    },
  },
  {
    id: 'SRV-VER-04',
    async run(judge, context) {
      const f = fixture(judge, context);
      const objectUrl = collectionUrl(context, f.collection, `objects/${encodeURIComponent(f.indicator)}/`);
      const remove = (version?: string) =>
        context.http.request('DELETE', version === undefined ? objectUrl : withQuery(objectUrl, { 'match[version]': version }), { operation: 'deleteObject' });
      // Without match[version] only the newest version goes: `last` is the default (§3.4.1).
      judge.expectStatus(await remove(), 200, 'deleteObject without match[version]');
      const left = await context.http.get(`${objectUrl}versions/`, { operation: 'getObjectVersions' });
      const versionsLeft = (bodyField<unknown[]>(left, 'versions') ?? []).map((v) => timeKey(v)).join();
      judge.expect(
        versionsLeft === timeKey(f.v1),
        `deleteObject without match[version] must remove only the newest version (§3.4.1: last is the default); versions left: [${versionsLeft}]`,
        left,
      );
      judge.expectStatus(await remove(f.v1), 200, 'deleteObject of the remaining (first) version by its timestamp');
      judge.expectStatus(await context.http.get(objectUrl, { operation: 'getObject' }), 404, 'getObject after deleting every version');
      judge.expectStatus(await remove('all'), 404, 'deleteObject of an object that no longer exists');
    },
  },
];
