// The one place that decides content negotiation (requirements section 3).
import { TAXII_MEDIA_TYPE } from '@taxii21/spec';

export { TAXII_MEDIA_TYPE };

const TAXII_TYPE = 'application/taxii+json';
const SUPPORTED_VERSION = '2.1';

type MediaRange = { type: string; subtype: string; params: Map<string, string>; q: number };

function parseMediaRange(text: string): MediaRange | null {
  const [essence, ...rawParams] = text.split(';');
  const [type, subtype] = (essence ?? '').trim().toLowerCase().split('/');
  if (!type || !subtype) return null;
  const params = new Map<string, string>();
  let q = 1;
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    if (eq < 0) continue;
    const key = raw.slice(0, eq).trim().toLowerCase();
    const value = raw
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (key === 'q') q = Number(value);
    else params.set(key, value);
  }
  return { type, subtype, params, q: Number.isFinite(q) ? q : 0 };
}

/** A TAXII type whose version parameter, if any, is the one this server speaks (SRV-MT-03). */
function isTaxii21(range: MediaRange): boolean {
  if (`${range.type}/${range.subtype}` !== TAXII_TYPE) return false;
  const version = range.params.get('version');
  return version === undefined || version === SUPPORTED_VERSION;
}

/**
 * Whether a response in the TAXII 2.1 media type satisfies this Accept header (SRV-MT-02).
 * No header means anything is acceptable (SRV-MT-05).
 */
export function acceptsTaxii(acceptHeader: string | undefined): boolean {
  if (acceptHeader === undefined || acceptHeader.trim() === '') return true;
  return acceptHeader
    .split(',')
    .map(parseMediaRange)
    .some((range) => {
      if (!range || range.q <= 0) return false;
      if (range.type === '*' && range.subtype === '*') return true;
      if (range.type === 'application' && range.subtype === '*') return true;
      return isTaxii21(range);
    });
}

/** Whether a request body of this Content-Type is TAXII 2.1 (SRV-MT-03, SRV-MT-04). */
export function isTaxiiContentType(contentTypeHeader: string | undefined): boolean {
  if (!contentTypeHeader) return false;
  const range = parseMediaRange(contentTypeHeader);
  return range !== null && isTaxii21(range);
}
