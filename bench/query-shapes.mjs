// Page latency of every query shape of the SQLite store, at a small and a large collection in one
// run, and the ratio between them: a bounded query costs about the same at both sizes.
//   npm run build && node bench/query-shapes.mjs [small=2000] [large=200000]
// Prints one table; nothing here is part of `npm test`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteObjectStore } from '../apps/reference-server/dist/store/sqlite.js';
import { versionKey } from '../apps/reference-server/dist/timestamps.js';

async function measure(N) {
  const dir = mkdtempSync(join(tmpdir(), 'taxii-bench-'));
  const path = join(dir, 'store.sqlite');
  const store = new SqliteObjectStore(path, { synchronous: 'NORMAL' });
  const C = 'c1';
  const types = ['indicator', 'malware', 'attack-pattern', 'campaign', 'tool', 'x-rare'];
  const t0 = performance.now();
  const batch = 5000;
  for (let b = 0; b < N; b += batch) {
    const accepted = [];
    for (let i = b; i < Math.min(N, b + batch); i++) {
      // 1 in 4 objects gets a second version later; x-rare is 1 in 1000
      const type = i % 1000 === 0 ? 'x-rare' : types[i % 5];
      const obj = Math.floor(i / 4) * 4 === i || i % 4 !== 1 ? i : i - 1;
      const id = `${type}--00000000-0000-4000-8000-${String(obj).padStart(12, '0')}`;
      const version = `2020-01-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z`;
      accepted.push({
        id,
        type,
        version,
        specVersion: '2.1',
        mediaType: 'application/stix+json;version=2.1',
        content: JSON.stringify({ id, type, spec_version: '2.1', modified: version, created: version }),
      });
    }
    await store.addObjects({
      statusId: `s${b}`,
      apiRootPath: '/r/',
      collectionId: C,
      owner: 'u',
      requestTimestamp: '2020-01-01T00:00:00.000000Z',
      accepted,
      rejected: [],
      revealDuplicates: true,
    });
  }
  const loadMs = performance.now() - t0;
  const results = { loadMs };
  const page0 = await store.queryRecords({ collectionId: C, versions: { all: true, first: false, last: false, exact: [] } }, { limit: 1, withContent: false });
  const first = page0.records[0];
  const all = await store.queryRecords({ collectionId: C, versions: { all: true, first: false, last: false, exact: [] } }, { limit: N, withContent: false });
  const nearEnd = all.records[Math.floor(all.records.length * 0.95)].dateAdded;
  const mid = all.records[Math.floor(all.records.length * 0.5)];
  const last = { all: false, first: false, last: true, exact: [] };
  const shapes = {
    first_page: [
      { collectionId: C, versions: last },
      { limit: 100, withContent: true },
    ],
    added_after_end: [
      { collectionId: C, versions: last, addedAfter: nearEnd },
      { limit: 100, withContent: true },
    ],
    added_after_start: [
      { collectionId: C, versions: last, addedAfter: first.dateAdded },
      { limit: 100, withContent: true },
    ],
    added_after_type: [
      { collectionId: C, versions: last, addedAfter: first.dateAdded, types: ['malware'] },
      { limit: 100, withContent: true },
    ],
    type_rare: [
      { collectionId: C, versions: last, types: ['x-rare'] },
      { limit: 100, withContent: true },
    ],
    type_two: [
      { collectionId: C, versions: last, types: ['malware', 'x-rare'] },
      { limit: 100, withContent: true },
    ],
    version_all: [
      { collectionId: C, versions: { all: true, first: false, last: false, exact: [] } },
      { limit: 100, withContent: true },
    ],
    version_first_after: [
      { collectionId: C, versions: { all: false, first: true, last: false, exact: [] }, addedAfter: first.dateAdded },
      { limit: 100, withContent: true },
    ],
    spec_21_after: [
      { collectionId: C, versions: last, addedAfter: first.dateAdded, specVersions: ['2.1'] },
      { limit: 100, withContent: true },
    ],
    get_object: [
      { collectionId: C, versions: last, objectId: mid.id },
      { limit: 100, withContent: true },
    ],
    versions: [
      { collectionId: C, versions: { all: true, first: false, last: false, exact: [] }, objectId: mid.id },
      { limit: 100, withContent: false },
    ],
    ids: [
      { collectionId: C, versions: last, ids: [mid.id, first.id] },
      { limit: 100, withContent: true },
    ],
    deep_page: [
      { collectionId: C, versions: last },
      { limit: 100, withContent: true, after: nearEnd },
    ],
    version_timestamp: [
      { collectionId: C, versions: { all: false, first: false, last: false, exact: [versionKey(mid.version)] } },
      { limit: 100, withContent: true },
    ],
  };
  for (const [name, [q, p]] of Object.entries(shapes)) {
    const times = [];
    let n = 0;
    for (let k = 0; k < 7; k++) {
      const s = performance.now();
      const r = await store.queryRecords(q, p);
      n = r.records.length;
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    results[name] = { median: times[3], rows: n };
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return results;
}

const [small, large] = [Number(process.argv[2] ?? 2000), Number(process.argv[3] ?? 200000)];
const a = await measure(small);
const b = await measure(large);
console.log(`load: ${small} records in ${a.loadMs.toFixed(0)} ms, ${large} in ${b.loadMs.toFixed(0)} ms (${((large / b.loadMs) * 1000).toFixed(0)} records/s)`);
console.log(`| query shape | median ms at ${small} | median ms at ${large} | ratio |`);
console.log('| --- | ---: | ---: | ---: |');
for (const name of Object.keys(a).filter((k) => k !== 'loadMs')) {
  console.log(`| ${name} | ${a[name].median.toFixed(2)} | ${b[name].median.toFixed(2)} | ${(b[name].median / a[name].median).toFixed(2)} |`);
}
