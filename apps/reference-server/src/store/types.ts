// The storage contract. Handlers speak only to this interface, so the SQLite store (embedded
// default) and a PostgreSQL store are interchangeable. Every method is async for that reason.
import type { components } from '@taxii21/types';
import type { RecordFilters } from '../filters.js';
import type { AcceptedObject, RejectedObject } from '../stix.js';

export type StatusResource = components['schemas']['Status'];

/** One stored version of one object. */
export type StoredRecord = {
  id: string;
  type: string;
  version: string;
  specVersion: string;
  /** Microseconds since the epoch; unique and increasing within a collection (SRV-FLT-11). */
  dateAdded: number;
  mediaType: string;
  /** The object as JSON text; present when the page was asked for with content. */
  content?: string;
};

export type RecordQuery = RecordFilters & {
  collectionId: string;
  /** Restrict to one object (getObject, getObjectVersions). */
  objectId?: string;
};

export type PageRequest = {
  /** Continue after the record with this date_added (from a next token). */
  after?: number;
  limit: number;
  withContent: boolean;
  /**
   * With content: the page ends before the record that would take its objects' JSON past this
   * many bytes (more: true), so that no page outgrows memory or a string; its first record is
   * served whatever its size.
   */
  maxBytes?: number;
};

export type Page = { records: StoredRecord[]; more: boolean };

export type AddRequest = {
  statusId: string;
  apiRootPath: string;
  collectionId: string;
  owner: string;
  requestTimestamp: string;
  accepted: AcceptedObject[];
  rejected: RejectedObject[];
  /** false: the status is neither stored nor given details, only counts (an import's, which no user can read). */
  storeStatus?: boolean;
  /** Whether the status may say that an object was already present: only to whom may read the collection. */
  revealDuplicates: boolean;
};

/**
 * What an add did: the status resource the client gets, and how many versions were stored and
 * how many were already there — counted by the store, whatever the status lists or says.
 */
export type AddOutcome = { status: StatusResource; stored: number; alreadyPresent: number };

export type DeleteRequest = {
  collectionId: string;
  objectId: string;
  versions: RecordFilters['versions'];
  /**
   * Absent: the newest spec version of the object, as a read selects it; with versions.all,
   * every spec version.
   */
  specVersions?: string[];
};

export interface TaxiiStore {
  /**
   * Stores the accepted objects and the request's status resource in one transaction, giving
   * each new version the next date_added of its collection; an id and version already stored is
   * a success that stores nothing (SRV-VER-02). Resolves once both are durable (SRV-ADD-07).
   */
  addObjects(request: AddRequest): Promise<AddOutcome>;
  /** One page of the records that pass the filters, oldest date_added first (SRV-FLT-01). */
  queryRecords(query: RecordQuery, page: PageRequest): Promise<Page>;
  /** Whether the collection holds any version of the object. */
  hasObject(collectionId: string, objectId: string): Promise<boolean>;
  /** Deletes the versions a read with the same filters selects (SRV-VER-04); resolves to how many. */
  deleteObject(request: DeleteRequest): Promise<number>;
  /** A status resource, if this owner created it on this API root. */
  getStatus(apiRootPath: string, statusId: string, owner: string): Promise<StatusResource | null>;
  /**
   * Deletes at most `batch` statuses: those older than the given instant, then the oldest while
   * the statuses' total size is over its bound. Resolves to how many; fewer than `batch` means
   * nothing is left to purge. Small batches keep each call short, so writes wait little.
   */
  purgeStatuses(olderThanMs: number, batch: number): Promise<number>;
  /** How many object versions a collection holds. */
  countRecords(collectionId: string): Promise<number>;
  /** The server's persistent secret for next tokens, created on first use. */
  nextTokenSecret(): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Failed-login counts kept by the store, for stores that many server processes share
 * (PostgreSQL): a guesser spreading attempts over the instances behind a load balancer meets one
 * count. A store without these methods leaves each process to count its own (login-throttle.ts).
 */
export interface LoginFailureStore {
  /** Times (ms since the epoch) of the key's failures after `sinceMs`, oldest first. */
  recentLoginFailures(key: string, sinceMs: number): Promise<number[]>;
  /** Adds a failure at `atMs`, keeping at most the newest `keep` after `sinceMs`. */
  addLoginFailure(key: string, atMs: number, sinceMs: number, keep: number): Promise<void>;
  clearLoginFailures(key: string): Promise<void>;
}

export function sharesLoginFailures(store: TaxiiStore): store is TaxiiStore & LoginFailureStore {
  return typeof (store as Partial<LoginFailureStore>).recentLoginFailures === 'function';
}
