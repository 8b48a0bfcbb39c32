// OpenCTI's TAXII 2 connector (OpenCTI-Platform/connectors, external-import/taxii2/src/taxii2.py),
// built on taxii2-client (whose own rules are the taxii2-client profile's): every run it polls each
// configured collection, found by **title** in its API root, with `added_after` = now minus the
// look-back, then follows `more`/`next` while **keeping `added_after`** on every request. What its
// code depends on:
// - the first object of the first page has `spec_version` (it reads `response["objects"][0]
//   ["spec_version"]` when the envelope has none: a KeyError otherwise) and a version other than
//   "2.0" (2.0 pages through the manifest instead);
// - a page with `more: true` carries `next`, and `next` together with the same `added_after` is
//   answered;
// - every indicator has a `pattern` (it runs a regular expression on `object["pattern"]`);
// - collection titles are unique within an API root (it polls the first with the title).
import { bodyField, type Findings, recordsOf, walkPages, type ConsumerContext, type ConsumerProfile } from './profile.js';
import { withQuery, type CollectionInfo } from '../context.js';

/** The look-back of a first run (TAXII2_INITIAL_HISTORY, in hours): far enough to reach the collection's records. */
const INITIAL_HISTORY_HOURS = 24 * 365 * 30;

/** taxii2client's `_format_datetime` of a naive `datetime.now() - timedelta(hours=…)`: UTC, microseconds when non-zero, `Z`. */
function lookBack(hours: number, now = new Date()): string {
  const when = new Date(now.getTime() - hours * 3600_000).toISOString(); // milliseconds
  return when.replace(/\.(\d{3})Z$/, (_, ms: string) => (ms === '000' ? 'Z' : `.${ms}000Z`));
}

export const openCti: ConsumerProfile = {
  name: 'opencti',
  title: "OpenCTI's TAXII 2 connector (external-import/taxii2)",
  async judge(context: ConsumerContext, findings: Findings) {
    const { http } = context;
    const collections = await http.get(`${context.apiRoot}collections/`, { operation: 'getCollections' });
    if (!findings.answered(collections, '_get_collection (getCollections)')) return;
    const titles = new Map<string, number>();
    for (const item of bodyField<CollectionInfo[]>(collections, 'collections') ?? []) titles.set(String(item.title), (titles.get(String(item.title)) ?? 0) + 1);
    for (const [title, count] of titles)
      if (count > 1)
        findings.breaks(
          `_get_collection: ${count} collections are titled ${JSON.stringify(title)}; the connector finds collections by title and polls only the first`,
        );

    if (!context.read) return findings.cannotJudge('poll: no readable collection with records');
    const addedAfter = lookBack(INITIAL_HISTORY_HOURS);
    const objectsUrl = `${context.apiRoot}collections/${context.read.id}/objects/`;
    const pages = await walkPages(
      http,
      withQuery(objectsUrl, { added_after: addedAfter }),
      (next) => withQuery(objectsUrl, { added_after: addedAfter, next }),
      findings,
      `poll (getObjects, added_after=${addedAfter}, kept with next)`,
    );
    const first = pages[0];
    if (!first) return;
    const objects = recordsOf(first);
    if (objects.length === 0)
      return findings.breaks('poll: the first page since the look-back has no objects, so the connector imports nothing ("No objects found in request.")');
    const version = bodyField(first, 'spec_version') ?? objects[0]!.spec_version;
    if (version === undefined)
      findings.breaks(
        `poll: the first object (${String(objects[0]!.id)}) has no spec_version, and the envelope none either: the connector's response["objects"][0]["spec_version"] raises KeyError`,
      );
    else if (version === '2.0')
      findings.breaks('poll: the first object is STIX 2.0, so the connector pages through the manifest (TAXII 2.0 style) instead of next');
    for (const page of pages) {
      for (const object of recordsOf(page)) {
        if (object.type === 'indicator' && typeof object.pattern !== 'string')
          findings.breaks(`poll: indicator ${String(object.id)} has no pattern; the connector's re.search(…, object["pattern"]) raises KeyError`);
      }
    }
  },
};
