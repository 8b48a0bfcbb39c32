// Filters, ordering, pagination and versions (SRV-FLT-*, SRV-GEN-04, SRV-VER-01/03). Each check
// judges the read collection against the manifest sample taken at the start and, in write mode,
// the suite's own objects, whose every property the suite knows.
import type { Check, Judge } from '../check.js';
import { bodyField, collectionUrl, recordsOf, stixType, withQuery, type CollectionInfo, type Context, type Fixture, type ManifestRecord } from '../context.js';
import { ownIds as ownIdList, post } from '../fixture.js';
import type { Exchange } from '../http.js';
import { sameTime, timeKey, walk } from '../paging.js';

interface Readable {
  collection: CollectionInfo;
  sample: ManifestRecord[];
}

/** The read collection and its sample, or (in write mode, when nothing else is readable) none. */
function readable(judge: Judge, context: Context): Readable | undefined {
  const { read, sample } = context.target;
  if (read && sample.length > 0) return { collection: read, sample };
  if (!context.fixture || context.fixture.problem)
    return judge.skip(context.target.problem ?? 'no readable collection with records (name one with --collection, or give --write-collection)');
  return undefined;
}

function ownFixture(context: Context): Fixture | undefined {
  return context.fixture && !context.fixture.problem ? context.fixture : undefined;
}

const ownIds = (f: Fixture) => ownIdList(f).join(',');
/** How many records the suite's own objects make with every version: one per object, and the indicator's second version. */
const ownRecordCount = (f: Fixture) => ownIdList(f).length + 1;

async function getObjects(context: Context, collection: CollectionInfo, query: Record<string, string | number | undefined>): Promise<Exchange> {
  return context.http.get(withQuery(collectionUrl(context, collection, 'objects/'), query), { operation: 'getObjects' });
}

async function getManifest(context: Context, collection: CollectionInfo, query: Record<string, string | number | undefined>): Promise<Exchange> {
  return context.http.get(withQuery(collectionUrl(context, collection, 'manifest/'), query), { operation: 'getManifest' });
}

function idsOf(exchange: Exchange): string[] {
  return recordsOf(exchange).map((r) => String(r.id));
}

function sorted(values: Iterable<string>): string {
  return [...values].sort().join(',');
}

function nonDecreasing(records: Record<string, unknown>[]): boolean {
  const keys = records.map((r) => timeKey(r.date_added));
  return keys.every((k, i) => k !== undefined && (i === 0 || keys[i - 1]! <= k));
}

export const readingChecks: Check<Context>[] = [
  {
    id: 'SRV-FLT-01',
    async run(judge, context) {
      const data = readable(judge, context);
      let paged = false;
      if (data) {
        const walked = await walk(judge, context, collectionUrl(context, data.collection, 'manifest/'), 'getManifest', {
          label: 'manifest walk',
          limit: 5,
          maxPages: 6,
        });
        judge.expect(nonDecreasing(walked.records), 'manifest records are not in date_added order', walked.pages[0]);
        const walkedKeys = walked.records.map((r) => `${r.id}@${r.version}`);
        const sampleKeys = data.sample.slice(0, walkedKeys.length).map((r) => `${r.id}@${r.version}`);
        if (data.sample.length >= walkedKeys.length)
          judge.expect(
            walkedKeys.join('|') === sampleKeys.join('|'),
            'pages of 5 do not list the same records in the same order as one page of the whole',
            walked.pages.at(-1),
          );
        paged = walked.pages.length >= 2;
      }
      const f = ownFixture(context);
      if (f) {
        const manifest = await getManifest(context, f.collection, { 'match[id]': ownIds(f), 'match[version]': 'all' });
        const records = recordsOf(manifest);
        judge.expect(nonDecreasing(records), 'the suite’s records are not in date_added order', manifest);
        judge.expect(
          records.length === ownRecordCount(f) && records.at(-1)?.id === f.indicator && sameTime(records.at(-1)?.version, f.v2),
          'the version added last is not listed last',
          manifest,
        );
      }
      // With the suite's own records, pages that neither repeat nor skip are judged by SRV-FLT-04's walk of one record per page.
      if (!paged && !f) judge.skip('the readable collection fits one page of 5: the order was judged, pages that never repeat or skip were not');
    },
  },
  {
    id: 'SRV-FLT-02',
    async run(judge, context) {
      const data = readable(judge, context);
      const target = data?.collection ?? context.fixture!.collection;
      const bad = await getManifest(context, target, { added_after: 'yesterday' });
      judge.expectStatus(bad, 400, 'added_after=yesterday');
      if (data && data.sample.length >= 2) {
        const after = data.sample[0]!.date_added;
        const answer = await getManifest(context, data.collection, { added_after: after, limit: 50 });
        if (judge.expectStatus(answer, 200, `added_after=${after}`)) {
          const records = recordsOf(answer);
          judge.expect(
            records.every((r) => (timeKey(r.date_added) ?? '') > timeKey(after)!),
            `added_after=${after} returned a record added at or before it`,
            answer,
          );
          const expected = data.sample.find((r) => (timeKey(r.date_added) ?? '') > timeKey(after)!);
          if (expected)
            judge.expect(
              records[0]?.id === expected.id,
              `added_after=${after} starts at ${String(records[0]?.id)}, not at the next record ${expected.id}`,
              answer,
            );
        }
      }
      const f = ownFixture(context);
      if (f) {
        const all = recordsOf(await getManifest(context, f.collection, { 'match[id]': ownIds(f), 'match[version]': 'all' }));
        if (all.length >= 2) {
          const after = String(all[0]!.date_added);
          const answer = await getManifest(context, f.collection, { 'match[id]': ownIds(f), 'match[version]': 'all', added_after: after });
          judge.expect(
            recordsOf(answer).length === all.filter((r) => (timeKey(r.date_added) ?? '') > timeKey(after)!).length,
            `added_after=${after} on the suite’s records did not return exactly the later ones`,
            answer,
          );
        }
      }
    },
  },
  {
    id: 'SRV-FLT-03',
    async run(judge, context) {
      const data = readable(judge, context);
      const target = data?.collection ?? context.fixture!.collection;
      const one = await getManifest(context, target, { limit: 1 });
      if (judge.expectStatus(one, 200, 'limit=1')) judge.expect(recordsOf(one).length <= 1, `limit=1 returned ${recordsOf(one).length} records`, one);
      for (const limit of ['0', '-1', 'ten']) judge.expectStatus(await getManifest(context, target, { limit }), 400, `limit=${limit}`);
    },
  },
  {
    id: 'SRV-FLT-04',
    async run(judge, context) {
      const data = readable(judge, context);
      if (data) {
        const walked = await walk(judge, context, collectionUrl(context, data.collection, 'objects/'), 'getObjects', {
          label: 'objects walk',
          limit: 2,
          maxPages: 5,
        });
        const ids = walked.records.map((r) => String(r.id));
        const expected = data.sample.slice(0, ids.length).map((r) => r.id);
        if (data.sample.length >= ids.length)
          judge.expect(ids.join(',') === expected.join(','), 'pages of 2 objects repeat, skip or reorder records of the manifest', walked.pages.at(-1));
        if (data.sample.length > 2)
          judge.expect(bodyField(walked.pages[0]!, 'more') === true, 'a first page of 2 of a larger collection does not say more: true', walked.pages[0]);
        if (context.target.sampleComplete && data.sample.length <= 10)
          judge.expect(walked.complete, 'the walk of a small collection never reached more: false', walked.pages.at(-1));
        if (walked.pages.length < 2 && !ownFixture(context)) judge.skip('the readable collection fits one page of 2: continuing a walk could not be tried');
      }
      const f = ownFixture(context);
      if (f) {
        // Insert between pages: the walk must still list every record once, in order (SRV-FLT-01).
        const filter = { 'match[id]': `${ownIds(f)},${f.late}`, 'match[version]': 'all' };
        const url = withQuery(collectionUrl(context, f.collection, 'manifest/'), filter);
        const walked = await walk(judge, context, url, 'getManifest', {
          label: 'walk with an insert between pages',
          limit: 1,
          maxPages: 12,
          between: async (page) => {
            if (page === 1) judge.see(await post(context, f.collection, [f.lateObject]));
          },
        });
        const keys = walked.records.map((r) => String(r.id));
        const original = keys.filter((id) => id !== f.late);
        judge.expect(
          original.length === ownRecordCount(f) && new Set(keys.map((k, i) => `${k}@${String(walked.records[i]!.version)}`)).size === keys.length,
          `a walk with an insert between pages returned ${original.length} of the ${ownRecordCount(f)} records, or one twice`,
          walked.pages.at(-1),
        );
        judge.expect(
          !keys.includes(f.late) || keys.at(-1) === f.late,
          'the record inserted during the walk appeared before older records',
          walked.pages.at(-1),
        );
        judge.expect(walked.complete, 'the walk did not end with more: false', walked.pages.at(-1));
      }
    },
  },
  {
    id: 'SRV-FLT-05',
    async run(judge, context) {
      const data = readable(judge, context);
      if (data) {
        const types = [...new Set(data.sample.map((r) => stixType(r.id)))];
        const [t1, t2] = types;
        const byType = await getObjects(context, data.collection, { 'match[type]': t1, limit: 50 });
        if (judge.expectStatus(byType, 200, `match[type]=${t1}`)) {
          judge.expect(
            recordsOf(byType).every((o) => o.type === t1),
            `match[type]=${t1} returned other types`,
            byType,
          );
          judge.expect(
            idsOf(byType)[0] === data.sample.find((r) => stixType(r.id) === t1)?.id,
            `match[type]=${t1} does not start with the first ${t1} of the manifest`,
            byType,
          );
        }
        if (t2) {
          const both = await getObjects(context, data.collection, { 'match[type]': `${t1},${t2}`, limit: 50 });
          judge.expect(
            recordsOf(both).every((o) => o.type === t1 || o.type === t2) && idsOf(both).length > 0,
            `match[type]=${t1},${t2} returned other types or nothing`,
            both,
          );
        }
        const first = data.sample[0]!;
        const byId = await getObjects(context, data.collection, { 'match[id]': first.id });
        judge.expect(idsOf(byId).length >= 1 && idsOf(byId).every((id) => id === first.id), `match[id]=${first.id} did not return just that object`, byId);
        const other = types.find((t) => t !== stixType(first.id)) ?? 'x-no-such-type';
        const and = await getObjects(context, data.collection, { 'match[id]': first.id, 'match[type]': other });
        judge.expect(
          judge.expectStatus(and, 200, 'match[id] and match[type] together') && idsOf(and).length === 0,
          `match[id]=${first.id}&match[type]=${other} should match nothing (fields are ANDed)`,
          and,
        );
      }
      const f = ownFixture(context);
      if (f) {
        const two = await getObjects(context, f.collection, { 'match[id]': ownIds(f), 'match[type]': 'indicator,malware' });
        judge.expect(
          sorted(idsOf(two)) === sorted([f.indicator, f.malware]),
          'match[type]=indicator,malware with the suite’s ids did not return exactly its indicator and malware',
          two,
        );
      }
    },
  },
  {
    id: 'SRV-FLT-06',
    async run(judge, context) {
      const f = ownFixture(context);
      if (f) {
        const versions = async (version: string | undefined) => {
          const answer = await getObjects(context, f.collection, { 'match[id]': f.indicator, 'match[version]': version });
          judge.see(answer);
          return {
            answer,
            modified: recordsOf(answer)
              .map((o) => timeKey(o.modified))
              .sort()
              .join(','),
          };
        };
        const [v1, v2] = [timeKey(f.v1)!, timeKey(f.v2)!];
        const cases: [string | undefined, string][] = [
          [undefined, v2],
          ['last', v2],
          ['first', v1],
          ['all', `${v1},${v2}`],
          [f.v1, v1],
          ['first,last', `${v1},${v2}`],
        ];
        for (const [version, expected] of cases) {
          const { answer, modified } = await versions(version);
          judge.expect(modified === expected, `match[version]=${version ?? '(none)'} gave versions [${modified}], expected [${expected}]`, answer);
        }
        return;
      }
      const data = readable(judge, context)!;
      const id = data.sample[0]!.id;
      const url = (version: string) => withQuery(collectionUrl(context, data.collection, `objects/${encodeURIComponent(id)}/`), { 'match[version]': version });
      const all = await context.http.get(url('all'), { operation: 'getObject' });
      const first = await context.http.get(url('first'), { operation: 'getObject' });
      const last = await context.http.get(url('last'), { operation: 'getObject' });
      const versionsOf = (x: Exchange) =>
        recordsOf(x)
          .map((o) => timeKey(o.modified ?? o.created) ?? '')
          .sort();
      const every = versionsOf(all);
      judge.expect(every.length >= 1, `match[version]=all of ${id} returned nothing`, all);
      judge.expect(versionsOf(first).join() === (every[0] ?? ''), `match[version]=first of ${id} is not its oldest version`, first);
      judge.expect(versionsOf(last).join() === (every.at(-1) ?? ''), `match[version]=last of ${id} is not its newest version`, last);
    },
  },
  {
    id: 'SRV-FLT-07',
    async run(judge, context) {
      const f = ownFixture(context);
      if (f) {
        const ids = async (specVersion: string | undefined) => {
          const answer = await getObjects(context, f.collection, { 'match[id]': ownIds(f), 'match[spec_version]': specVersion });
          judge.see(answer);
          return { answer, got: sorted(idsOf(answer)) };
        };
        const cases: [string | undefined, string[]][] = f.legacy
          ? [
              ['2.0', [f.legacy]],
              ['2.1', [f.indicator, f.malware, f.sco]],
              [undefined, [f.indicator, f.malware, f.sco, f.legacy]],
            ]
          : [
              ['2.1', [f.indicator, f.malware, f.sco]],
              [undefined, [f.indicator, f.malware, f.sco]],
            ];
        if (f.legacySkipped) judge.note(`STIX 2.0 not tried: ${f.legacySkipped}`);
        for (const [specVersion, expected] of cases) {
          const { answer, got } = await ids(specVersion);
          judge.expect(got === sorted(expected), `match[spec_version]=${specVersion ?? '(none)'} returned the wrong objects of the suite`, answer);
        }
        return;
      }
      const data = readable(judge, context)!;
      const answer = await getObjects(context, data.collection, { 'match[spec_version]': '2.1', limit: 50 });
      if (judge.expectStatus(answer, 200, 'match[spec_version]=2.1')) {
        const wrong = recordsOf(answer).filter(
          (o) => !(o.spec_version === '2.1' || (o.spec_version === undefined && o.created === undefined && o.modified === undefined)),
        );
        judge.expect(wrong.length === 0, `match[spec_version]=2.1 returned ${wrong.length} objects of another spec version`, answer);
      }
    },
  },
  {
    id: 'SRV-FLT-08',
    async run(judge, context) {
      const data = readable(judge, context);
      const target = data?.collection ?? context.fixture!.collection;
      const first = data?.sample[0];
      const named: Record<string, string | number>[] = [
        { 'match[type]': first ? stixType(first.id) : 'indicator' },
        { 'match[id]': first?.id ?? context.fixture!.indicator },
        { 'match[version]': 'all' },
        { 'match[spec_version]': '2.1' },
        { added_after: first?.date_added ?? '2020-01-01T00:00:00Z' },
        { limit: 1 },
      ];
      for (const query of named) judge.expectStatus(await getObjects(context, target, query), 200, `getObjects with ${Object.keys(query)[0]}`);
      const unknown = await getObjects(context, target, { 'match[colour]': 'red' });
      if (unknown.status === 200) judge.note('match[colour] (unknown) is ignored: allowed, the standard is ambiguous here');
      else judge.expectStatus(unknown, [200, 400], 'getObjects with an unknown match[colour]');
    },
  },
  {
    id: 'SRV-FLT-09',
    async run(judge, context) {
      const data = readable(judge, context);
      if (!data) return judge.skip('needs a readable collection with records');
      // A type with at least two records, so that the filtered set spans two pages of one.
      const counts = new Map<string, number>();
      for (const r of data.sample) counts.set(stixType(r.id), (counts.get(stixType(r.id)) ?? 0) + 1);
      const type = [...counts].find(([, n]) => n >= 2)?.[0];
      if (!type) return judge.skip('no type has two records in the sample, so no filtered walk spans two pages');
      const url = withQuery(collectionUrl(context, data.collection, 'manifest/'), { 'match[type]': type });
      const walked = await walk(judge, context, url, 'getManifest', { label: 'filtered walk', limit: 1, maxPages: 3 });
      walked.pages.forEach((page) => {
        const records = recordsOf(page);
        judge.expect(
          records.every((r) => stixType(String(r.id)) === type),
          `a page of the match[type]=${type} walk holds another type`,
          page,
        );
        if (records.length === 1)
          judge.expect(
            sameTime(page.headers['x-taxii-date-added-first'], records[0]!.date_added),
            'X-TAXII-Date-Added-First does not describe the filtered page',
            page,
          );
      });
      // Filtered first, then paged: the first page of one is the collection's first record of that
      // type, and it says more: true. (Repeats and gaps across pages are SRV-FLT-01/04.)
      const firstOfType = data.sample.find((r) => stixType(r.id) === type)!;
      judge.expect(
        String(recordsOf(walked.pages[0]!)[0]?.id) === firstOfType.id,
        `the first page of the match[type]=${type} walk is not the first ${type} record of the manifest (${firstOfType.id})`,
        walked.pages[0],
      );
      judge.expect(
        bodyField(walked.pages[0]!, 'more') === true,
        `the first page of one of the match[type]=${type} walk does not say more: true, though two ${type} records exist`,
        walked.pages[0],
      );
    },
  },
  {
    id: 'SRV-FLT-10',
    async run(judge, context) {
      const data = readable(judge, context);
      const target = data?.collection ?? context.fixture!.collection;
      const page = await getObjects(context, target, { limit: 1 });
      const next = bodyField<string>(page, 'next');
      if (typeof next !== 'string') return judge.skip('no next token to examine (the collection fits one record)');
      judge.see(page);
      const tampered = next.slice(0, -1) + (next.endsWith('A') ? 'B' : 'A');
      const answer = await getObjects(context, target, { limit: 1, next: tampered });
      judge.expectStatus(answer, 400, 'a next token with its last character changed');
      judge.note('independence from the server instance cannot be observed from one address');
    },
  },
  {
    id: 'SRV-FLT-11',
    async run(judge, context) {
      const data = readable(judge, context);
      if (data) {
        const keys = data.sample.map((r) => timeKey(r.date_added));
        const ties = keys.filter((k, i) => i > 0 && k === keys[i - 1]).length;
        judge.expect(ties === 0, `${ties} records of the manifest sample share a date_added with the record before them`);
      }
      const f = ownFixture(context);
      if (f) {
        const manifest = await getManifest(context, f.collection, { 'match[id]': ownIds(f), 'match[version]': 'all' });
        const added = recordsOf(manifest).map((r) => timeKey(r.date_added));
        judge.expect(new Set(added).size === added.length, 'records added in one request share a date_added', manifest);
      }
    },
  },
  {
    id: 'SRV-FLT-12',
    async run(judge, context) {
      const data = readable(judge, context);
      if (!data) return judge.skip('needs a readable collection with records');
      const types = [...new Set(data.sample.map((r) => stixType(r.id)))];
      const type = types.find((t) => data.sample.filter((r) => stixType(r.id) === t).length >= 2);
      if (!type) return judge.skip('no type with two records in the sample');
      const first = await getManifest(context, data.collection, { 'match[type]': type, limit: 1 });
      const next = bodyField<string>(first, 'next');
      if (typeof next !== 'string') return judge.skip('the manifest gives no next token');
      const bare = await getManifest(context, data.collection, { limit: 1, next });
      // §3.5 tells clients to repeat the filters with next, so refusing a bare next is fine.
      if (bare.status === 400) judge.note('next without the original filters is refused: clients must repeat them (§3.5)');
      else
        judge.expect(
          bare.status === 200 && recordsOf(bare).every((r) => stixType(String(r.id)) === type),
          `next without repeating match[type]=${type} did not continue the filtered walk`,
          bare,
        );
      const other = types.find((t) => t !== type) ?? 'x-other';
      judge.expectStatus(await getManifest(context, data.collection, { 'match[type]': other, limit: 1, next }), 400, 'next with filters that contradict it');
    },
  },
  {
    id: 'SRV-FLT-13',
    async run(judge, context) {
      const data = readable(judge, context);
      if (!data || context.target.sampleComplete) return judge.skip('the collection is too small to show the page-size cap');
      const answer = await getManifest(context, data.collection, { limit: 10_000 });
      const count = recordsOf(answer).length;
      judge.expect(
        answer.status === 200 && (count === 10_000 || bodyField(answer, 'more') !== true),
        `limit=10000 gave ${count} records with more: true: pages are capped at ${count}`,
        answer,
      );
    },
  },
  {
    id: 'SRV-GEN-04',
    async run(judge, context) {
      const data = readable(judge, context);
      const target = data?.collection ?? context.fixture!.collection;
      const manifest = await getManifest(context, target, { limit: 5 });
      const records = recordsOf(manifest);
      if (records.length === 0) return judge.skip('no records to describe');
      const describes = (x: Exchange, first: unknown, last: unknown, what: string) => {
        judge.expect(
          sameTime(x.headers['x-taxii-date-added-first'], first),
          `${what}: X-TAXII-Date-Added-First is ${JSON.stringify(x.headers['x-taxii-date-added-first'])}, the first record was added ${String(first)}`,
          x,
        );
        judge.expect(
          sameTime(x.headers['x-taxii-date-added-last'], last),
          `${what}: X-TAXII-Date-Added-Last is ${JSON.stringify(x.headers['x-taxii-date-added-last'])}, the last record was added ${String(last)}`,
          x,
        );
      };
      describes(manifest, records[0]!.date_added, records.at(-1)!.date_added, 'getManifest');
      const objects = await getObjects(context, target, { limit: 5 });
      describes(objects, records[0]!.date_added, records.at(-1)!.date_added, 'getObjects');
      // One object: its newest version is what getObject returns by default, and the manifest of
      // all its versions says when each was added.
      const id = String(records[0]!.id);
      const every = recordsOf(await getManifest(context, target, { 'match[id]': id, 'match[version]': 'all' }));
      const added = new Set(every.map((r) => timeKey(r.date_added)));
      const one = await context.http.get(collectionUrl(context, target, `objects/${encodeURIComponent(id)}/`), { operation: 'getObject' });
      describes(one, records[0]!.date_added, records[0]!.date_added, 'getObject');
      const versions = await context.http.get(collectionUrl(context, target, `objects/${encodeURIComponent(id)}/versions/`), {
        operation: 'getObjectVersions',
      });
      for (const header of ['x-taxii-date-added-first', 'x-taxii-date-added-last']) {
        const value = versions.headers[header];
        judge.expect(
          value !== undefined && added.has(timeKey(value)),
          `getObjectVersions: ${header} is ${JSON.stringify(value)}, not the date_added of any version of ${id}`,
          versions,
        );
      }
    },
  },
  {
    id: 'SRV-VER-01',
    async run(judge, context) {
      const data = readable(judge, context);
      if (data) {
        const objects = await getObjects(context, data.collection, { limit: 20 });
        const manifest = new Map(data.sample.map((r) => [r.id, r]));
        for (const object of recordsOf(objects)) {
          const record = manifest.get(String(object.id));
          if (!record) continue;
          const dated = object.modified ?? object.created;
          if (dated !== undefined)
            judge.expect(sameTime(record.version, dated), `${String(object.id)}: manifest version ${record.version}, expected ${String(dated)}`, objects);
          // Without created or modified the version is any value the server keeps consistent (§3.4.1, §5.3.1); date_added is this project's choice.
          else
            judge.expectOurs(
              sameTime(record.version, record.date_added),
              `${String(object.id)} has neither created nor modified: manifest version ${record.version}, not its date_added ${record.date_added}`,
              objects,
            );
        }
      }
      const f = ownFixture(context);
      if (f) {
        const manifest = await getManifest(context, f.collection, { 'match[id]': ownIds(f) });
        const byId = new Map(recordsOf(manifest).map((r) => [r.id, r]));
        judge.expect(
          sameTime(byId.get(f.malware)?.version, f.v1) && (!f.legacy || sameTime(byId.get(f.legacy)?.version, f.v1)),
          'the version of an object with modified is not its modified',
          manifest,
        );
        const sco = byId.get(f.sco);
        // Without created/modified the version is any value consistent to the server (§3.4.1).
        judge.expect(
          sco !== undefined && typeof sco.version === 'string' && sco.version !== '',
          `the SCO without created/modified has no version in the manifest (${String(sco?.version)})`,
          manifest,
        );
        judge.expectOurs(
          sco !== undefined && sameTime(sco.version, sco.date_added),
          `the version of an SCO without created/modified is ${String(sco?.version)}, not its date_added ${String(sco?.date_added)}`,
          manifest,
        );
      }
    },
  },
  {
    id: 'SRV-VER-03',
    async run(judge, context) {
      const f = ownFixture(context);
      if (f) {
        const versions = await context.http.get(collectionUrl(context, f.collection, `objects/${encodeURIComponent(f.indicator)}/versions/`), {
          operation: 'getObjectVersions',
        });
        const list = bodyField<unknown[]>(versions, 'versions') ?? [];
        // The standard sets no order for this list (§5.8): compare as sets.
        const got = list
          .map((v) => timeKey(v) ?? String(v))
          .sort()
          .join();
        judge.expect(
          got === [timeKey(f.v1), timeKey(f.v2)].sort().join(),
          `versions of the suite's indicator are ${JSON.stringify(list)}, expected both it added, in any order`,
          versions,
        );
        return;
      }
      const data = readable(judge, context)!;
      const record = data.sample[0]!;
      const versions = await context.http.get(collectionUrl(context, data.collection, `objects/${encodeURIComponent(record.id)}/versions/`), {
        operation: 'getObjectVersions',
      });
      const list = bodyField<unknown[]>(versions, 'versions') ?? [];
      judge.expect(
        list.some((v) => sameTime(v, record.version)),
        `versions of ${record.id} do not include the manifest's version ${record.version}`,
        versions,
      );
    },
  },
];
