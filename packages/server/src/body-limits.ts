// Request bodies read with their limits applied before the JSON is turned into objects: the
// size (from Content-Length, then while streaming) and how many items the envelope's lists hold.
// JSON.parse of a 100 MB list of 34 million empty objects exhausts the heap; counting the items
// first, in one pass over the bytes that stops at the first item too many, costs a fraction of
// that parse and no memory.
import express, { type NextFunction, type Request, type Response } from 'express';
import { bodyTooLarge, ErrorAnswer } from './errors.js';
import { isTaxiiContentType } from './negotiation.js';

export type BodyLimits = {
  /** Largest body in bytes (the API root's max_content_length). */
  maxBytes: number;
  /** Most items any list directly inside the body (an envelope's `objects`) may hold, whatever its size; none by default. */
  maxItems?: number;
};

/**
 * `{"type":"abc","id":"abc--<uuid>"}` and its comma: no STIX object is shorter. A body of B bytes
 * therefore holds at most B / 64 objects: an envelope packed with real objects up to
 * max_content_length (as MISP's push packs them, by bytes alone) is never refused for their
 * number, while a large body of items too small to be objects is refused before parsing.
 */
export const SMALLEST_OBJECT_BYTES = 64;
/** Any body may hold this many items, objects or not, so that each gets its own failure in the status. */
export const ITEMS_ALWAYS_ALLOWED = 10_000;

/** The most items a body of `bodyBytes` may hold under these limits. */
export function maxItemsFor(limits: BodyLimits, bodyBytes: number): number {
  return Math.min(limits.maxItems ?? Infinity, Math.max(ITEMS_ALWAYS_ALLOWED, Math.floor(bodyBytes / SMALLEST_OBJECT_BYTES)));
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The largest number of items in a list that is a property of the top-level object, counting
 * only up to `stopAfter` (the scan ends there). Malformed JSON is left to the parser to reject.
 */
export function largestTopLevelList(bytes: Uint8Array, stopAfter: number): number {
  let depth = 0;
  let inString = false;
  let largest = 0;
  // Items of the current list at depth 2 (a list inside the top-level object), and whether an item has begun.
  let items = 0;
  let inTopList = false;
  let itemStarted = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      // Strings are most of an envelope's bytes: jump to the closing quote natively, then make
      // sure it is not escaped (an odd number of backslashes before it).
      let end = i;
      for (;;) {
        end = bytes.indexOf(QUOTE, end);
        if (end === -1) return largest;
        let backslashes = 0;
        while (bytes[end - 1 - backslashes] === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
        end++;
      }
      i = end;
      inString = false;
      continue;
    }
    if (inTopList && depth === 2 && !itemStarted && !SPACE.has(byte) && byte !== CLOSE_LIST && byte !== COMMA) {
      itemStarted = true;
      items++;
      if (items > largest) largest = items;
      if (largest >= stopAfter) return largest;
    }
    switch (byte) {
      case QUOTE:
        inString = true;
        break;
      case OPEN_OBJECT:
      case OPEN_LIST:
        depth++;
        if (depth === 2 && byte === OPEN_LIST) {
          inTopList = true;
          items = 0;
          itemStarted = false;
        }
        break;
      case CLOSE_OBJECT:
      case CLOSE_LIST:
        if (depth === 2 && byte === CLOSE_LIST) inTopList = false;
        depth--;
        break;
      case COMMA:
        if (inTopList && depth === 2) itemStarted = false;
        break;
    }
  }
  return largest;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a TAXII JSON body within its limits into `req.body`; other content types are left alone. */
export function limitedJsonBody(limits: BodyLimits) {
  const raw = express.raw({ limit: limits.maxBytes, type: (req) => isTaxiiContentType(req.headers['content-type']) });
  return (req: Request, res: Response, next: NextFunction) => {
    // Declared too large: refused before a byte of it is read, and the connection closed, so the
    // client need not send it (body-parser would read all of it first, to answer politely).
    if (Number(req.headers['content-length']) > limits.maxBytes && isTaxiiContentType(req.headers['content-type'])) {
      res.setHeader('Connection', 'close');
      return next(bodyTooLarge(limits.maxBytes));
    }
    raw(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (!Buffer.isBuffer(req.body)) return next();
      const bytes = req.body;
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
      if (charset !== undefined && !/^utf-?8$/i.test(charset)) return next(new ErrorAnswer(415, 'The request body must be UTF-8 JSON.'));
      const maxItems = maxItemsFor(limits, bytes.length);
      if (largestTopLevelList(bytes, maxItems + 1) > maxItems) {
        const bySize = maxItems !== limits.maxItems && maxItems > ITEMS_ALWAYS_ALLOWED;
        const why = bySize
          ? `A request of ${bytes.length} bytes holds at most ${maxItems} objects: no STIX object is shorter than ${SMALLEST_OBJECT_BYTES} bytes.`
          : `A request may hold at most ${maxItems} objects; split it into several requests.`;
        return next(new ErrorAnswer(413, why, { details: { limit: 'objects per request', value: maxItems } }));
      }
      let text: string;
      try {
        // Decoded strictly: a replacement character in place of bad bytes would store other data than was sent.
        text = STRICT_UTF8.decode(bytes);
      } catch {
        return next(ErrorAnswer.badRequest('The request body is not valid UTF-8 (RFC 8259 §8.1).'));
      }
      try {
        // Like body-parser's strict mode: a body is an object or a list, never a bare value.
        if (!/^[\s\uFEFF]*[{[]/.test(text)) throw new SyntaxError('not an object or a list');
        req.body = JSON.parse(text);
      } catch {
        return next(new ErrorAnswer(400, 'The request body is not valid JSON.'));
      }
      next();
    });
  };
}
