// Ordering of STIX and TAXII timestamps (STIX 2.1 §2.16) at full precision: the fractional digits
// may be more than a millisecond's, which Date would drop. The one sort key of the project: the
// reference server stores it (version_key), the suite and this package compare with it.

const STIX_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

/**
 * A fixed-width text that sorts and compares like the instant it names: the fraction cut (not
 * rounded) or padded to `digits` (default nine, nanoseconds), so `…01.5Z` and `…01.500000Z` have
 * one key. Undefined when the value is not a timestamp in that form.
 */
export function timestampKey(timestamp: unknown, digits = 9): string | undefined {
  if (typeof timestamp !== 'string') return undefined;
  const m = STIX_TIMESTAMP.exec(timestamp);
  return m ? `${m[1]}.${(m[2] ?? '').slice(0, digits).padEnd(digits, '0')}Z` : undefined;
}

/** Negative, zero or positive as `a` is earlier than, equal to or later than `b`; null when either is not a STIX timestamp. */
export function compareTimestamps(a: unknown, b: unknown): number | null {
  const digits = Math.max(fractionDigits(a), fractionDigits(b));
  const x = timestampKey(a, digits);
  const y = timestampKey(b, digits);
  if (x === undefined || y === undefined) return null;
  return x === y ? 0 : x < y ? -1 : 1;
}

function fractionDigits(timestamp: unknown): number {
  return typeof timestamp === 'string' ? (STIX_TIMESTAMP.exec(timestamp)?.[2]?.length ?? 0) : 0;
}
