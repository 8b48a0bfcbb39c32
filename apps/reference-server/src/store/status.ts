// Builds the status resource of one addObjects request. The counts always count every object
// (SRV-RES-02); the detail lists, which the standard makes optional (§4.3.1), hold at most
// `maxDetails` entries in all, so a request of many tiny invalid objects cannot make the server
// store or send a status many times its own size. A list is sent whole or not at all: OASIS's
// taxii2-client (and what is built on it) rejects a status whose list is shorter than its count.
// Failures come first, because they are what a client must act on. Processing is synchronous, so
// the status is complete when first returned.
import type { AddRequest, StatusResource } from './types.js';

export type StoredOutcome = { id: string; version: string; alreadyPresent: boolean; stixProblems?: string | undefined };

/** The message of a success entry for an object that was already stored. */
export const ALREADY_PRESENT = 'Already present; not stored again.';

/** Longest id or version echoed from a rejected object; a valid STIX id is far shorter. */
const MAX_ECHO = 300;

function echo(text: string): string {
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
}

/**
 * The status of an addObjects. A duplicate is said to be one only to a user who may read the
 * collection: to a write-only user it is a success like any other, or pushing an id and version
 * would tell them what others have stored.
 */
export function buildStatus(
  request: Pick<AddRequest, 'statusId' | 'requestTimestamp' | 'rejected' | 'revealDuplicates'>,
  stored: StoredOutcome[],
  maxDetails: number,
): StatusResource {
  const { statusId, requestTimestamp, rejected } = request;
  const status: StatusResource = {
    id: statusId,
    status: 'complete',
    request_timestamp: requestTimestamp,
    total_count: stored.length + rejected.length,
    success_count: stored.length,
    failure_count: rejected.length,
    pending_count: 0,
  };
  const failures = rejected.length <= maxDetails ? rejected : [];
  const successes = stored.length <= maxDetails - failures.length ? stored : [];
  if (failures.length > 0) status.failures = failures.map((r) => ({ id: echo(r.id), version: echo(r.version), message: r.message }));
  if (successes.length > 0) {
    status.successes = successes.map((s) => {
      if (s.alreadyPresent && request.revealDuplicates) return { id: s.id, version: s.version, message: ALREADY_PRESENT };
      return s.stixProblems ? { id: s.id, version: s.version, message: `Stored, but not valid STIX 2.1: ${s.stixProblems}` } : { id: s.id, version: s.version };
    });
  }
  return status;
}
