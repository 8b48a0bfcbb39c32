// Pushing any number of objects: split into envelopes that fit the API root's max_content_length
// (SRV-ADD-03 would refuse larger ones with 413), post them one after another, poll each status
// until complete (CLI-GEN-02), and merge everything into one report.
import type { StatusDetails, StixObject, Status } from '@taxii21/types';
import { sleep } from './backoff.js';

export interface WaitOptions {
  /** Give up polling after this long; the report then says `timedOut`. Default 5 minutes. */
  timeoutMs?: number;
  /** First pause between polls; it doubles up to `maxPollIntervalMs`. Default 250 ms. */
  pollIntervalMs?: number;
  /** Default 5 s. */
  maxPollIntervalMs?: number;
}

export interface AddObjectsOptions {
  /** Poll status resources until every object is processed. Default true. */
  wait?: boolean | WaitOptions;
  /** Largest request body in bytes; default the API root's `max_content_length`. */
  maxContentLength?: number;
  onProgress?: (progress: AddProgress) => void;
  signal?: AbortSignal;
}

export interface AddProgress {
  objectsSent: number;
  objectsTotal: number;
  requestsSent: number;
  requestsTotal: number;
}

export interface AddReport {
  /** `complete` when no object is pending any more. */
  status: 'complete' | 'pending';
  /** One status id per request sent, in order. */
  statusIds: string[];
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  successes: StatusDetails[];
  /** The server's failures, plus objects too large to send on their own (never sent). */
  failures: StatusDetails[];
  pendings: StatusDetails[];
  /** True when `wait` ran out of time with objects still pending. */
  timedOut: boolean;
}

export interface AddObjectsCalls {
  post(objects: StixObject[], signal?: AbortSignal): Promise<Status>;
  getStatus(statusId: string, signal?: AbortSignal): Promise<Status>;
}

const ENVELOPE_OVERHEAD = '{"objects":[]}'.length;

export interface SplitEnvelopes {
  envelopes: StixObject[][];
  /** Objects whose envelope alone would exceed the limit. */
  tooLarge: { object: StixObject; bytes: number }[];
}

/** Greedy packing in input order, measured exactly as JSON.stringify will send it. */
export function splitIntoEnvelopes(objects: readonly StixObject[], maxContentLength: number): SplitEnvelopes {
  const encoder = new TextEncoder();
  const envelopes: StixObject[][] = [];
  const tooLarge: SplitEnvelopes['tooLarge'] = [];
  let current: StixObject[] = [];
  let currentBytes = ENVELOPE_OVERHEAD;
  for (const object of objects) {
    const bytes = encoder.encode(JSON.stringify(object)).length;
    if (ENVELOPE_OVERHEAD + bytes > maxContentLength) {
      tooLarge.push({ object, bytes: ENVELOPE_OVERHEAD + bytes });
      continue;
    }
    const added = bytes + (current.length > 0 ? 1 : 0);
    if (currentBytes + added > maxContentLength) {
      envelopes.push(current);
      current = [];
      currentBytes = ENVELOPE_OVERHEAD;
    }
    currentBytes += bytes + (current.length > 0 ? 1 : 0);
    current.push(object);
  }
  if (current.length > 0) envelopes.push(current);
  return { envelopes, tooLarge };
}

export async function addObjectsInEnvelopes(
  calls: AddObjectsCalls,
  objects: readonly StixObject[],
  maxContentLength: number,
  options: AddObjectsOptions = {},
): Promise<AddReport> {
  const { envelopes, tooLarge } = splitIntoEnvelopes(objects, maxContentLength);
  const progress: AddProgress = { objectsSent: 0, objectsTotal: objects.length - tooLarge.length, requestsSent: 0, requestsTotal: envelopes.length };
  options.onProgress?.({ ...progress });

  const statuses: Status[] = [];
  for (const envelope of envelopes) {
    statuses.push(await calls.post(envelope, options.signal));
    progress.objectsSent += envelope.length;
    progress.requestsSent++;
    options.onProgress?.({ ...progress });
  }

  let timedOut = false;
  if (options.wait !== false) {
    const wait = typeof options.wait === 'object' ? options.wait : {};
    timedOut = !(await pollUntilComplete(calls, statuses, wait, options.signal));
  }

  const localFailures: StatusDetails[] = tooLarge.map(({ object, bytes }) => ({
    id: String(object.id),
    version: String(object.modified ?? object.created ?? ''),
    message: `not sent: its envelope alone is ${bytes} bytes, more than the API root's max_content_length of ${maxContentLength}`,
  }));
  return mergeStatuses(statuses, localFailures, timedOut);
}

/** Returns false when the time ran out with objects still pending. */
async function pollUntilComplete(calls: AddObjectsCalls, statuses: Status[], wait: WaitOptions, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + (wait.timeoutMs ?? 300_000);
  let interval = wait.pollIntervalMs ?? 250;
  const maxInterval = wait.maxPollIntervalMs ?? 5_000;
  for (;;) {
    const pending = statuses.flatMap((status, index) => (status.status === 'complete' ? [] : [index]));
    if (pending.length === 0) return true;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    await sleep(Math.min(interval, remaining), signal);
    interval = Math.min(maxInterval, interval * 2);
    for (const index of pending) statuses[index] = await calls.getStatus(statuses[index]!.id, signal);
  }
}

function mergeStatuses(statuses: Status[], localFailures: StatusDetails[], timedOut: boolean): AddReport {
  const report: AddReport = {
    status: 'complete',
    statusIds: statuses.map((status) => status.id),
    total_count: localFailures.length,
    success_count: 0,
    failure_count: localFailures.length,
    pending_count: 0,
    successes: [],
    failures: [...localFailures],
    pendings: [],
    timedOut,
  };
  for (const status of statuses) {
    report.total_count += status.total_count;
    report.success_count += status.success_count;
    report.failure_count += status.failure_count;
    report.pending_count += status.pending_count;
    report.successes.push(...(status.successes ?? []));
    report.failures.push(...(status.failures ?? []));
    report.pendings.push(...(status.pendings ?? []));
  }
  if (report.pending_count > 0) report.status = 'pending';
  return report;
}
