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
  /** Known when the objects were given as an array; absent for a stream. */
  objectsTotal?: number;
  requestsSent: number;
  /** Known when the objects were given as an array; absent for a stream. */
  requestsTotal?: number;
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
class EnvelopePacker {
  private readonly encoder = new TextEncoder();
  private current: StixObject[] = [];
  private currentBytes = ENVELOPE_OVERHEAD;
  readonly tooLarge: SplitEnvelopes['tooLarge'] = [];

  constructor(private readonly maxContentLength: number) {}

  /** Adds an object; returns the envelope it closed, when it did not fit in the open one. */
  add(object: StixObject): StixObject[] | undefined {
    const bytes = this.encoder.encode(JSON.stringify(object)).length;
    if (ENVELOPE_OVERHEAD + bytes > this.maxContentLength) {
      this.tooLarge.push({ object, bytes: ENVELOPE_OVERHEAD + bytes });
      return undefined;
    }
    let closed: StixObject[] | undefined;
    if (this.currentBytes + bytes + (this.current.length > 0 ? 1 : 0) > this.maxContentLength) closed = this.finish();
    this.currentBytes += bytes + (this.current.length > 0 ? 1 : 0);
    this.current.push(object);
    return closed;
  }

  /** The open envelope, if it holds anything; the packer starts afresh. */
  finish(): StixObject[] | undefined {
    const envelope = this.current.length > 0 ? this.current : undefined;
    this.current = [];
    this.currentBytes = ENVELOPE_OVERHEAD;
    return envelope;
  }
}

export function splitIntoEnvelopes(objects: readonly StixObject[], maxContentLength: number): SplitEnvelopes {
  const packer = new EnvelopePacker(maxContentLength);
  const envelopes: StixObject[][] = [];
  for (const object of objects) {
    const closed = packer.add(object);
    if (closed) envelopes.push(closed);
  }
  const last = packer.finish();
  if (last) envelopes.push(last);
  return { envelopes, tooLarge: packer.tooLarge };
}

/**
 * Posts the objects in envelopes within `maxContentLength`, in input order. An array is split up
 * front, so progress knows the totals; an iterable (a file read as a stream) is packed as it comes,
 * one envelope in memory at a time, and progress counts what was sent.
 */
export async function addObjectsInEnvelopes(
  calls: AddObjectsCalls,
  objects: readonly StixObject[] | Iterable<StixObject> | AsyncIterable<StixObject>,
  maxContentLength: number,
  options: AddObjectsOptions = {},
): Promise<AddReport> {
  const statuses: Status[] = [];
  const tooLarge: SplitEnvelopes['tooLarge'] = [];
  const progress: AddProgress = { objectsSent: 0, requestsSent: 0 };
  const send = async (envelope: StixObject[]) => {
    statuses.push(await calls.post(envelope, options.signal));
    progress.objectsSent += envelope.length;
    progress.requestsSent++;
    options.onProgress?.({ ...progress });
  };

  if (Array.isArray(objects)) {
    const split = splitIntoEnvelopes(objects, maxContentLength);
    tooLarge.push(...split.tooLarge);
    progress.objectsTotal = objects.length - split.tooLarge.length;
    progress.requestsTotal = split.envelopes.length;
    options.onProgress?.({ ...progress });
    for (const envelope of split.envelopes) await send(envelope);
  } else {
    const packer = new EnvelopePacker(maxContentLength);
    for await (const object of objects as AsyncIterable<StixObject>) {
      const closed = packer.add(object);
      if (closed) await send(closed);
    }
    const last = packer.finish();
    if (last) await send(last);
    tooLarge.push(...packer.tooLarge);
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
