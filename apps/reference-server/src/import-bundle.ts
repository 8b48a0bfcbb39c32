// Loads a file of STIX objects (bundle, envelope, JSON array or NDJSON; gzipped or not; a path or
// `-` for standard input: what `taxii push` accepts) into a collection, through the same
// per-object checks as addObjects. The file is read as a stream, so memory stays bounded by one
// batch whatever its size; each batch is one write transaction, and the next batch is parsed and
// checked while the store writes the last one.
import { randomUUID } from 'node:crypto';
import { openStixSource, readStixBatches, readStixObjects } from '@taxii21/stix';
import type { StixValidator } from '@taxii21/stix';
import type { CollectionCatalog } from './catalog.js';
import type { AddOutcome, TaxiiStore } from './store/types.js';
import { sortIncomingObjects, type ObjectLimits, type RejectedObject } from './stix.js';
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

export type ImportProgress = {
  /** Objects read so far. */
  objects: number;
  /** Bytes of the file read so far (before decompression). */
  bytesRead: number;
  /** The file's size; undefined when reading standard input. */
  bytesTotal?: number;
};

export type ImportRequest = {
  /** A path, or `-` for standard input. */
  file: string;
  apiRootPath: string;
  /** Collection id or alias. */
  collection: string;
  /** Objects per write transaction (default 1,000). */
  batchSize?: number;
  /** What one object may be (the server's limits); an object beyond them is rejected alone. */
  objectLimits: ObjectLimits;
  /** Checks objects for the collection's stixValidation. */
  stixValidator: StixValidator;
  onProgress?: (progress: ImportProgress) => void;
};

export const DEFAULT_IMPORT_BATCH = 1_000;

/** Every object of a file, whole in memory: for small files (tests, fixtures). */
export async function readBundleObjects(file: string): Promise<unknown[]> {
  const objects: unknown[] = [];
  for await (const object of readStixObjects(await openStixSource(file))) objects.push(object);
  return objects;
}

export async function importBundle(store: TaxiiStore, catalog: CollectionCatalog, request: ImportRequest): Promise<ImportSummary> {
  const started = Date.now();
  // An operator's typo: say what there is (the HTTP path's 404 names nothing, to reveal nothing).
  const root = catalog.apiRoots().find((r) => r.path === request.apiRootPath);
  if (!root)
    throw new Error(
      `no API root '${request.apiRootPath}'; the configuration has ${catalog
        .apiRoots()
        .map((r) => r.path)
        .join(', ')}`,
    );
  const collection = root.collections.find((c) => c.id.toLowerCase() === request.collection.toLowerCase() || c.alias === request.collection);
  if (!collection)
    throw new Error(
      `no collection '${request.collection}' in API root ${request.apiRootPath}; it has ${root.collections.map((c) => (c.alias ? `${c.alias} (${c.id})` : c.id)).join(', ')}`,
    );

  const source = await openStixSource(request.file);
  const batchSize = request.batchSize ?? DEFAULT_IMPORT_BATCH;
  const summary: ImportSummary = { total: 0, added: 0, alreadyPresent: 0, rejected: 0, failures: [], elapsedMs: 0 };
  const progress: ImportProgress = { objects: 0, bytesRead: 0, ...(source.size !== undefined && { bytesTotal: source.size }) };

  const count = (outcome: AddOutcome, rejected: RejectedObject[]) => {
    summary.added += outcome.stored;
    summary.alreadyPresent += outcome.alreadyPresent;
    summary.rejected += rejected.length;
    for (const f of rejected) if (summary.failures.length < 10) summary.failures.push({ id: f.id, message: f.message });
  };
  // One write in flight: the store (on its own thread) commits a batch while this one parses and checks the next.
  let writing: Promise<void> = Promise.resolve();
  const write = async (items: unknown[]) => {
    const { accepted, rejected } = await sortIncomingObjects(items, collection, request.objectLimits, request.stixValidator);
    await writing;
    writing = store
      .addObjects({
        statusId: randomUUID(),
        apiRootPath: root.path,
        collectionId: collection.id,
        owner: 'taxii-server import',
        requestTimestamp: fromMicros(nowMicros()),
        accepted,
        rejected,
        // Nobody can read an import's status: storing it would only push users' statuses out.
        storeStatus: false,
        revealDuplicates: true,
      })
      .then((outcome) => count(outcome, rejected));
    // Awaited before the next write and at the end; until then a failure must not count as unhandled.
    writing.catch(() => undefined);
  };

  let pending: unknown[] = [];
  try {
    for await (const batch of readStixBatches(source, { onBytes: (bytes) => (progress.bytesRead = bytes) })) {
      summary.total += batch.length;
      progress.objects = summary.total;
      for (const item of batch) pending.push(item);
      while (pending.length >= batchSize) {
        const items = pending.slice(0, batchSize);
        pending = pending.slice(batchSize);
        await write(items);
      }
      request.onProgress?.({ ...progress });
    }
    if (pending.length > 0) await write(pending);
  } finally {
    // A failed read still lets the batches already sent finish: what was imported stays imported.
    await writing;
  }
  summary.elapsedMs = Date.now() - started;
  return summary;
}
