// Builds the status resource of one addObjects request. Every object appears exactly once, and
// the counts agree with the lists (SRV-ADD-04, SRV-RES-02). Processing is synchronous, so the
// status is complete when it is first returned.
import type { RejectedObject } from '../stix.js';
import type { StatusResource } from './types.js';

export type StoredOutcome = { id: string; version: string; alreadyPresent: boolean };

export function buildStatus(statusId: string, requestTimestamp: string, stored: StoredOutcome[], rejected: RejectedObject[]): StatusResource {
  const status: StatusResource = {
    id: statusId,
    status: 'complete',
    request_timestamp: requestTimestamp,
    total_count: stored.length + rejected.length,
    success_count: stored.length,
    failure_count: rejected.length,
    pending_count: 0,
  };
  if (stored.length > 0) {
    status.successes = stored.map((s) => (s.alreadyPresent ? { id: s.id, version: s.version, message: 'Already present; not stored again.' } : { id: s.id, version: s.version }));
  }
  if (rejected.length > 0) status.failures = rejected.map((r) => ({ id: r.id, version: r.version, message: r.message }));
  return status;
}
