// What addObjects checks of each object on its own (SRV-ADD-04), and how the object's version,
// spec version and media type are read (SRV-VER-01, SRV-FLT-07).
import type { StixValidator } from '@taxii21/stix';
import { isTimestamp } from './timestamps.js';

const TYPE = /^[a-z0-9-]{3,250}$/;
const ID = /^([a-z0-9-]{3,250})--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SPEC_VERSION = /^\d+\.\d+$/;

export type AcceptedObject = {
  id: string;
  type: string;
  /** `modified`, else `created`; null when the object has neither (the server's date_added). */
  version: string | null;
  specVersion: string;
  mediaType: string;
  /** The object exactly as received, as JSON text. */
  content: string;
  /** Why the object is not valid STIX 2.1, when it was stored all the same (`stixValidation: report`). */
  stixProblems?: string;
};

/**
 * What addObjects does with an object that is STIX 2.1 of a known type but breaks that type's
 * rules: `off` does not check; `report` stores it and says why; `enforce` refuses it alone.
 */
export type StixValidationMode = 'off' | 'report' | 'enforce';

export type RejectedObject = { id: string; version: string; message: string };

export type ObjectCheck = { ok: true; object: AcceptedObject } | { ok: false; failure: RejectedObject };

/** What one object may be: how deeply nested, and how large as JSON. */
export type ObjectLimits = { maxDepth: number; maxBytes: number };

export function objectLimits(config: { limits: { maxObjectDepth: number; maxObjectBytes: number } }): ObjectLimits {
  return { maxDepth: config.limits.maxObjectDepth, maxBytes: config.limits.maxObjectBytes };
}

/**
 * Whether the value nests objects and lists deeper than `maxDepth`, found with a queue rather than
 * recursion: an object thousands of levels deep must fail alone, not overflow the stack.
 */
function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 1; level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const item of level) {
      if (typeof item !== 'object' || item === null) continue;
      if (depth > maxDepth) return true;
      for (const child of Array.isArray(item) ? item : Object.values(item)) if (typeof child === 'object' && child !== null) next.push(child);
    }
    level = next;
  }
  return false;
}

export function checkStixObject(value: unknown, limits: ObjectLimits): ObjectCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject({}, 'each item of objects must be a JSON object');
  }
  const o = value as Record<string, unknown>;
  if (nestsDeeperThan(o, limits.maxDepth)) return reject(o, `the object nests objects and lists more than ${limits.maxDepth} levels deep (the server's limit)`);
  if (typeof o.type !== 'string' || !TYPE.test(o.type)) return reject(o, "type must be 3 to 250 characters of a-z, 0-9 and '-'");
  const id = typeof o.id === 'string' ? ID.exec(o.id) : null;
  if (!id) return reject(o, "id must be '<type>--<UUID>'");
  if (id[1] !== o.type) return reject(o, `id names type '${id[1]}' but type is '${o.type}'`);
  for (const field of ['created', 'modified'] as const) {
    if (o[field] !== undefined && !isTimestamp(o[field])) return reject(o, `${field} must be an RFC 3339 timestamp in UTC ending in Z`);
  }
  if (o.spec_version !== undefined && (typeof o.spec_version !== 'string' || !SPEC_VERSION.test(o.spec_version))) {
    return reject(o, "spec_version must look like '2.1'");
  }
  const hasTimes = o.created !== undefined || o.modified !== undefined;
  const specVersion = (o.spec_version as string | undefined) ?? (hasTimes ? '2.0' : '2.1');
  const content = JSON.stringify(o);
  if (Buffer.byteLength(content) > limits.maxBytes) return reject(o, `the object is larger than ${limits.maxBytes} bytes of JSON (the server's limit)`);
  return {
    ok: true,
    object: {
      id: o.id as string,
      type: o.type,
      version: (o.modified as string | undefined) ?? (o.created as string | undefined) ?? null,
      specVersion,
      mediaType: `application/stix+json;version=${specVersion}`,
      content,
    },
  };
}

function reject(o: Record<string, unknown>, message: string): ObjectCheck {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { ok: false, failure: { id: text(o.id), version: text(o.modified) || text(o.created), message } };
}

/** How many objects are checked between two turns of the event loop while a request is sorted. */
const SLICE = 250;

/** What a collection takes: its media types, and how it treats objects that are not valid STIX 2.1. */
export type CollectionPolicy = { mediaTypes?: readonly string[] | undefined; stixValidation: StixValidationMode };

/** Longest list of STIX problems put into one status entry; the rest are counted. */
const MAX_PROBLEMS_TEXT = 1_000;

function stixProblems(validator: StixValidator, item: unknown): string | null {
  const check = validator.check(item);
  if (check.valid) return null;
  let text = '';
  for (const [i, error] of check.errors.entries()) {
    const next = text ? `${text}; ${error}` : error;
    if (next.length > MAX_PROBLEMS_TEXT) return `${text}; and ${check.errors.length - i} more`;
    text = next;
  }
  return text;
}

/**
 * Splits the items of an envelope or bundle into storable objects and per-object failures. A large
 * envelope is checked in slices, letting other requests in between, so that one push of thousands
 * of objects does not hold up every other client while it is checked.
 */
export async function sortIncomingObjects(items: readonly unknown[], policy: CollectionPolicy, limits: ObjectLimits, validator: StixValidator) {
  const accepted: AcceptedObject[] = [];
  const rejected: RejectedObject[] = [];
  for (const [index, item] of items.entries()) {
    if (index > 0 && index % SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const check = checkStixObject(item, limits);
    if (!check.ok) {
      rejected.push(check.failure);
      continue;
    }
    const { object } = check;
    if (policy.mediaTypes && !policy.mediaTypes.includes(object.mediaType)) {
      rejected.push({ id: object.id, version: object.version ?? '', message: `this collection does not take ${object.mediaType}` });
      continue;
    }
    const problems = policy.stixValidation === 'off' ? null : stixProblems(validator, item);
    if (problems === null) accepted.push(object);
    else if (policy.stixValidation === 'enforce') rejected.push({ id: object.id, version: object.version ?? '', message: `not valid STIX 2.1: ${problems}` });
    else accepted.push({ ...object, stixProblems: problems });
  }
  return { accepted, rejected };
}
