// The formats STIX 2.1 gives the values of cyber observables (§6) and of hashes (§2.7, §10.7):
// an IP address with an optional CIDR suffix, a MAC-48 address written one way, a hash of the
// length its algorithm makes. Each check names the property it is about.
type StixRecord = Record<string, unknown>;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}(?:/(?:3[0-2]|[12]?\\d))?$`);
const IPV4_PLAIN = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const MAC_48 = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;
/** RFC 5322 §3.4.1 addr-spec, dot-atom form on both sides (the quoted and literal forms are not used in practice). */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const EMAIL = new RegExp(`^${ATOM}(?:\\.${ATOM})*@${ATOM}(?:\\.${ATOM})*$`);
/** RFC 1034 §3.5 labels, letters also beyond ASCII (RFC 5890 U-labels) and punycode A-labels, an optional final dot. */
const LABEL = '(?!-)[\\p{L}\\p{N}-]{1,63}(?<!-)';
const DOMAIN = new RegExp(`^${LABEL}(?:\\.${LABEL})*\\.?$`, 'u');
/** RFC 3986 §3: a scheme, then anything without spaces or control characters. */
const URL_SHAPE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\u0000-\u001f\u007f]+$/;

/** The hash algorithms of hash-algorithm-ov whose values have a fixed form; other keys are free (the vocabulary is open). */
const HASH_FORMS: Readonly<Record<string, RegExp>> = {
  MD5: /^[0-9a-fA-F]{32}$/,
  'SHA-1': /^[0-9a-fA-F]{40}$/,
  'SHA-256': /^[0-9a-fA-F]{64}$/,
  'SHA-512': /^[0-9a-fA-F]{128}$/,
  'SHA3-256': /^[0-9a-fA-F]{64}$/,
  'SHA3-512': /^[0-9a-fA-F]{128}$/,
  SSDEEP: /^\d+:[A-Za-z0-9/+]*:[A-Za-z0-9/+]*$/,
  TLSH: /^(?:T1)?[0-9a-fA-F]{70}$/,
};

function isIPv6(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || (prefix !== undefined && !/^(?:12[0-8]|1[01]\d|[1-9]?\d)$/.test(prefix))) return false;
  // An IPv4 address in the last 32 bits (RFC 4291 §2.2) counts as two groups.
  const tailStart = address!.lastIndexOf(':') + 1;
  const tail = address!.slice(tailStart);
  const text = tail.includes('.') ? (IPV4_PLAIN.test(tail) ? `${address!.slice(0, tailStart)}0:0` : null) : address!;
  if (text === null) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return false;
  // `::` stands for at least one group of zeros.
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

const VALUE_FORMATS: Readonly<Record<string, [(value: string) => boolean, string]>> = {
  'ipv4-addr': [(v) => IPV4.test(v), 'an IPv4 address, optionally with a CIDR suffix (§6.9)'],
  'ipv6-addr': [isIPv6, 'an IPv6 address, optionally with a CIDR suffix (§6.10)'],
  'mac-addr': [(v) => MAC_48.test(v), 'a colon-delimited, lowercase MAC-48 address with leading zeros, such as 00:00:ab:cd:ef:01 (§6.11)'],
  'email-addr': [(v) => EMAIL.test(v), 'an RFC 5322 addr-spec, such as jane.smith@example.com, without a display name (§6.5)'],
  'domain-name': [(v) => DOMAIN.test(v), 'a domain name of RFC 1034 and RFC 5890 labels (§6.4)'],
  url: [(v) => URL_SHAPE.test(v), 'an RFC 3986 URL with a scheme (§6.15)'],
};

/** The `value` of an observable whose type gives it a format. */
export function observableValueProblems(o: StixRecord): string[] {
  const format = VALUE_FORMATS[o.type as string];
  if (!format || typeof o.value !== 'string') return [];
  return format[0](o.value) ? [] : [`value must be ${format[1]}`];
}

/**
 * Every `hashes` dictionary in the object, at any depth, with its path. The path is written out
 * only for a dictionary found: this walk visits every node of every object validated.
 */
function hashDictionaries(node: unknown, path: string[] = [], found: Array<[string, StixRecord]> = []): Array<[string, StixRecord]> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const item = node[i];
      if (typeof item !== 'object' || item === null) continue;
      path.push(`[${i}]`);
      hashDictionaries(item, path, found);
      path.pop();
    }
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value !== 'object' || value === null) continue;
      if (key === 'hashes' && !Array.isArray(value)) found.push([pathText([...path, key]), value as StixRecord]);
      else {
        path.push(key);
        hashDictionaries(value, path, found);
        path.pop();
      }
    }
  }
  return found;
}

/** `extensions`, `x`, `[0]`, `hashes` → `extensions.x[0].hashes`. */
function pathText(segments: string[]): string {
  return segments.reduce((text, segment) => (segment.startsWith('[') || text === '' ? text + segment : `${text}.${segment}`), '');
}

/** Each hash of a known algorithm has that algorithm's form (§2.7: "in the appropriate format"). */
export function hashProblems(o: StixRecord): string[] {
  const problems: string[] = [];
  for (const [at, hashes] of hashDictionaries(o)) {
    for (const [algorithm, value] of Object.entries(hashes)) {
      const form = HASH_FORMS[algorithm];
      if (form && (typeof value !== 'string' || !form.test(value))) problems.push(`${at}.${algorithm} is not a ${algorithm} hash (§2.7, §10.7)`);
    }
  }
  return problems;
}
