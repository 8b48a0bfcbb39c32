// Ordering of STIX timestamps (STIX 2.1 §2.16) at full precision: the fractional digits may be
// more than a millisecond's, which Date would drop.

const STIX_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

/** Negative, zero or positive as `a` is earlier than, equal to or later than `b`; null when either is not a STIX timestamp. */
export function compareTimestamps(a: unknown, b: unknown): number | null {
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  const x = STIX_TIMESTAMP.exec(a);
  const y = STIX_TIMESTAMP.exec(b);
  if (!x || !y) return null;
  if (x[1] !== y[1]) return x[1]! < y[1]! ? -1 : 1;
  const digits = Math.max(x[2]?.length ?? 0, y[2]?.length ?? 0);
  const fx = (x[2] ?? '').padEnd(digits, '0');
  const fy = (y[2] ?? '').padEnd(digits, '0');
  return fx === fy ? 0 : fx < fy ? -1 : 1;
}
