// Elastic's Custom Threat Intelligence integration (elastic/integrations, packages/ti_custom, 0.10.0)
// in its TAXII 2.1 mode: a CEL program (data_stream/indicator/agent/stream/cel.yml.hbs) that the
// agent runs every `interval` against a collection's objects URL. What it sends and reads:
// - the first request of a run: `added_after` = now − initial_interval (RFC 3339, whole seconds),
//   `limit` when configured; `Accept` and `Content-Type: application/taxii+json;version=2.1` even on
//   a GET; `Authorization: Bearer <api_key>` or Basic;
// - any status but 200 or 206 ends the run with an error event;
// - `body.objects.map(…)`: an answer without `objects` makes the program fail ("no such key");
// - while `next` is a non-empty string it asks `<url>?next=<next>&limit=…` — without
//   `added_after` — and it never looks at `more`;
// - its cursor is the last answer's `X-TAXII-Date-Added-Last`; the next run asks
//   `added_after=<cursor>`. Without the header the cursor is dropped and the next run starts again
//   from initial_interval.
import { bodyField, type Findings, recordsOf, type ConsumerContext, type ConsumerProfile } from './profile.js';
import { withQuery } from '../context.js';
import type { Exchange } from '../http.js';

const MEDIA = 'application/taxii+json;version=2.1';
const LIMIT = 100;
/** initial_interval of a first run: far enough back to reach the collection's records. */
const INITIAL_INTERVAL_MS = 30 * 365 * 24 * 3600_000;
const MAX_PAGES = 1000;

/** CEL's `(now() - duration(i)).format(time_layout.RFC3339)`: UTC, whole seconds. */
function rfc3339Seconds(when: number): string {
  return new Date(when).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const recordKey = (object: Record<string, unknown>) => `${String(object.id)}@${String(object.modified ?? object.created ?? '')}`;

export const elasticTiCustom: ConsumerProfile = {
  name: 'elastic-ti-custom',
  title: "Elastic's Custom Threat Intelligence integration (ti_custom, TAXII 2.1)",
  async judge(context: ConsumerContext, findings: Findings) {
    if (!context.read) return findings.cannotJudge('poll: no readable collection with records');
    const url = `${context.apiRoot}collections/${context.read.id}/objects/`;
    const get = (query: Record<string, string | number>) => context.http.get(withQuery(url, query), { operation: 'getObjects', contentType: MEDIA });

    const addedAfter = rfc3339Seconds(Date.now() - INITIAL_INTERVAL_MS);
    let page: Exchange = await get({ added_after: addedAfter, limit: LIMIT });
    let cursor: string | undefined;
    const seen = new Set<string>();
    for (let n = 1; ; n++) {
      const what = n === 1 ? `first run (added_after=${addedAfter}&limit=${LIMIT})` : `first run, page ${n} (next without added_after)`;
      if (!findings.answered(page, what, [200, 206])) return;
      const objects = bodyField<unknown>(page, 'objects');
      if (!Array.isArray(objects)) {
        return findings.breaks(
          `${what}: the answer has no 'objects' list, so the program's body.objects.map(…) fails with "no such key: objects" and the run imports nothing`,
        );
      }
      const records = recordsOf(page);
      if (records.length > 0 && records.every((object) => seen.has(recordKey(object)))) {
        return findings.breaks(`${what}: the page repeats records of earlier pages, so the program, which follows next while it is given one, would loop`);
      }
      for (const object of records) seen.add(recordKey(object));
      // Each answer replaces the cursor: only the run's last header counts.
      cursor = page.headers['x-taxii-date-added-last'];
      const next = bodyField<unknown>(page, 'next');
      if (typeof next !== 'string' || next === '') {
        if (bodyField(page, 'more') === true)
          findings.warns(`${what}: more is true without next, so the run stops here and the rest comes one interval later, from the cursor`);
        break;
      }
      if (n >= MAX_PAGES) break;
      page = await get({ next, limit: LIMIT });
    }
    if (seen.size === 0) return findings.breaks('first run: a collection with records answered no objects since initial_interval');
    if (cursor === undefined) {
      return findings.warns(
        "first run: the last answer has no X-TAXII-Date-Added-Last, so the cursor is dropped and every run re-reads everything since initial_interval (the integration's fingerprints drop the duplicates)",
      );
    }

    const again = await get({ added_after: cursor, limit: LIMIT });
    const what = `next run (added_after=${cursor}, the cursor)`;
    if (!findings.answered(again, what, [200, 206])) return;
    if (!Array.isArray(bodyField(again, 'objects'))) {
      findings.warns(
        `${what}: a run that finds nothing new gets an envelope without 'objects' (the standard's empty envelope: TAXII forbids empty lists), and body.objects fails with "no such key: objects": each idle run logs a failed evaluation and an error event; the cursor is kept, and the first run after new objects arrive imports them`,
      );
    } else if (recordsOf(again).some((object) => seen.has(recordKey(object)))) {
      findings.warns(
        `${what}: records the last run already had come again (added_after taken as inclusive), so every run re-imports them (the integration's fingerprints drop the duplicates)`,
      );
    }
  },
};
