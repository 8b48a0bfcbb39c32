// Loads a STIX bundle (or TAXII envelope) file, plain or gzipped, into a collection through the
// same per-object checks as addObjects, in batches of one transaction each.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { CollectionCatalog } from './catalog.js';
import type { TaxiiStore } from './store/types.js';
import type { StixValidator } from '@taxii21/stix';
import { ALREADY_PRESENT } from './store/status.js';
import { sortIncomingObjects, type ObjectLimits } from './stix.js';
import { fromMicros, nowMicros } from './timestamps.js';

export type ImportSummary = {
  total: number;
  added: number;
  alreadyPresent: number;
  rejected: number;
  /** The first few rejections, with their reasons. */
  failures: Array<{ id: string; message: string }>;
  elapsedMs: number;
};

export type ImportRequest = {
  file: string;
  apiRootPath: string;
  /** Collection id or alias. */
  collection: string;
  batchSize?: number;
  /** What one object may be (the server's limits); an object beyond them is rejected alone. */
  objectLimits: ObjectLimits;
  /** Checks objects for the collection's stixValidation. */
  stixValidator: StixValidator;
  onProgress?: (done: number, total: number) => void;
};

export async function readBundleObjects(file: string): Promise<unknown[]> {
  let bytes = await readFile(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const parsed = JSON.parse(bytes.toString('utf8')) as { objects?: unknown };
  if (!Array.isArray(parsed?.objects)) throw new Error(`${file} is not a STIX bundle or TAXII envelope: it has no objects list`);
  return parsed.objects;
}

export async function importBundle(store: TaxiiStore, catalog: CollectionCatalog, request: ImportRequest): Promise<ImportSummary> {
  const started = Date.now();
  const root = catalog.apiRoot(request.apiRootPath);
  const collection = root.collections.find((c) => c.id.toLowerCase() === request.collection.toLowerCase() || c.alias === request.collection);
  if (!collection) throw new Error(`no collection '${request.collection}' in API root ${request.apiRootPath}`);

  const items = await readBundleObjects(request.file);
  const batchSize = request.batchSize ?? 500;
  const summary: ImportSummary = { total: items.length, added: 0, alreadyPresent: 0, rejected: 0, failures: [], elapsedMs: 0 };
  for (let start = 0; start < items.length; start += batchSize) {
    const { accepted, rejected } = await sortIncomingObjects(items.slice(start, start + batchSize), collection, request.objectLimits, request.stixValidator);
    const status = await store.addObjects({
      statusId: randomUUID(),
      apiRootPath: root.path,
      collectionId: collection.id,
      owner: 'taxii-server import',
      requestTimestamp: fromMicros(nowMicros()),
      accepted,
      rejected,
    });
    const present = (status.successes ?? []).filter((s) => s.message === ALREADY_PRESENT).length;
    summary.added += status.success_count - present;
    summary.alreadyPresent += present;
    summary.rejected += status.failure_count;
    for (const f of status.failures ?? []) if (summary.failures.length < 10) summary.failures.push({ id: f.id, message: f.message ?? '' });
    request.onProgress?.(Math.min(start + batchSize, items.length), items.length);
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}
