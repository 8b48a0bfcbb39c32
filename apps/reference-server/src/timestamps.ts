// TAXII timestamps: RFC 3339 in UTC ending in `Z`, any number of fractional digits.
import { timestampKey } from '@taxii21/stix';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

type Parsed = { epochSeconds: number; fraction: string };

function parse(text: string): Parsed | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction = ''] = m;
  // Not Date.UTC: it reads years 0 to 99 as 1900 to 1999, and RFC 3339 allows years from 0000.
  const check = new Date(0);
  check.setUTCFullYear(+y!, +mo! - 1, +d!);
  check.setUTCHours(+h!, +mi!, +s!, 0);
  const epochMs = check.getTime();
  // Date.UTC rolls 2025-02-30 over into March; a real timestamp survives the round trip.
  if (
    check.getUTCFullYear() !== +y! ||
    check.getUTCMonth() !== +mo! - 1 ||
    check.getUTCDate() !== +d! ||
    check.getUTCHours() !== +h! ||
    check.getUTCMinutes() !== +mi! ||
    check.getUTCSeconds() !== +s!
  ) {
    return null;
  }
  return { epochSeconds: epochMs / 1000, fraction };
}

export function isTimestamp(text: unknown): text is string {
  return typeof text === 'string' && parse(text) !== null;
}

/**
 * A fixed-width form (nanosecond precision) that sorts and compares like the instants it names:
 * `2025-04-15T19:58:01.218Z` and `2025-04-15T19:58:01.218000Z` have the same key.
 */
export function versionKey(text: string): string {
  return withFractionDigits(text, 9);
}

/** The timestamp rewritten with exactly `digits` fractional digits, cut (not rounded) or padded: @taxii21/stix's sort key. */
function withFractionDigits(text: string, digits: number): string {
  const key = parse(text) ? timestampKey(text, digits) : undefined;
  if (key === undefined) throw new Error(`not a TAXII timestamp: ${text}`);
  return key;
}

/**
 * The same instant written with exactly six fractional digits (cut, not rounded, like toMicros),
 * by rewriting the text: microseconds as a number are exact only between the years 1685 and 2255.
 */
export function canonicalTimestamp(text: string): string {
  return withFractionDigits(text, 6);
}

/** Microseconds since the epoch, rounded down. */
export function toMicros(text: string): number {
  const parsed = parse(text);
  if (!parsed) throw new Error(`not a TAXII timestamp: ${text}`);
  return parsed.epochSeconds * 1_000_000 + Number(parsed.fraction.slice(0, 6).padEnd(6, '0'));
}

/** `2025-11-20T09:14:02.312455Z`: always six fractional digits, so values sort as text too. */
export function fromMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString(); // 2025-11-20T09:14:02.312Z
  // Not micros % 1000: before 1970 that is negative.
  const sub = String(micros - ms * 1000).padStart(3, '0');
  return `${iso.slice(0, 23)}${sub}Z`;
}

export function nowMicros(): number {
  return Date.now() * 1000;
}
