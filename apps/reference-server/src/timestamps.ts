// TAXII timestamps: RFC 3339 in UTC ending in `Z`, any number of fractional digits.

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

type Parsed = { epochSeconds: number; fraction: string };

function parse(text: string): Parsed | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction = ''] = m;
  const epochMs = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!);
  const check = new Date(epochMs);
  // Date.UTC rolls 2025-02-30 over into March; a real timestamp survives the round trip.
  if (check.getUTCFullYear() !== +y! || check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || check.getUTCHours() !== +h! || check.getUTCMinutes() !== +mi! || check.getUTCSeconds() !== +s!) {
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
  const parsed = parse(text);
  if (!parsed) throw new Error(`not a TAXII timestamp: ${text}`);
  return `${text.slice(0, 19)}.${parsed.fraction.slice(0, 9).padEnd(9, '0')}Z`;
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
  const sub = String(micros % 1000).padStart(3, '0');
  return `${iso.slice(0, 23)}${sub}Z`;
}

export function nowMicros(): number {
  return Date.now() * 1000;
}
