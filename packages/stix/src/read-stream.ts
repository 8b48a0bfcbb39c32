// The objects of a STIX file as a stream, in memory bounded by one chunk and one object whatever
// the file's size: a STIX bundle, a TAXII envelope, a JSON array of objects, NDJSON (one object per
// line) or a single object; gzipped or not (told by its magic bytes, whatever the name); from a
// file or from standard input. A bundle's or envelope's `objects` list is never held whole: each
// element is handed on once complete, and the document's other properties are dropped.
//
// stream-json's tokenizer is called directly, a chunk at a time, rather than through its Node
// stream wrapper: a STIX object is some sixty tokens, and a promise per token would cost more
// than the parsing itself.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { none } from 'stream-chain/defs.js';
import Assembler from 'stream-json/assembler.js';
import { jsonParser } from 'stream-json/parser.js';

type Token = { name: string; value?: unknown };

export class StixInputError extends Error {
  override readonly name = 'StixInputError';
}

export type StixSource = {
  /** The bytes as read (gzipped or not). */
  bytes: Readable;
  /** How the source is named in messages: the path, or "standard input". */
  name: string;
  /** The file's size in bytes; undefined for standard input. */
  size?: number;
};

/** A file, or standard input for `-`; a file that cannot be read is a StixInputError. */
export async function openStixSource(path: string): Promise<StixSource> {
  if (path === '-') return { bytes: process.stdin, name: 'standard input' };
  const size = await stat(path).then(
    (info) => {
      if (info.isDirectory()) throw new StixInputError(`cannot read ${path}: it is a directory`);
      return info.size;
    },
    (error: NodeJS.ErrnoException) => {
      throw new StixInputError(`cannot read ${path}: ${error.code ?? error.message}`);
    },
  );
  return { bytes: createReadStream(path, { highWaterMark: 1 << 20 }), name: path, size };
}

export type ReadOptions = {
  /** Called with the number of bytes read so far (before decompression), after each chunk. */
  onBytes?: (bytesRead: number) => void;
};

/** The bytes of the source, gunzipped when its first two are gzip's magic bytes. */
async function* decompressed(source: StixSource, onBytes?: (bytesRead: number) => void): AsyncGenerator<Buffer> {
  let read = 0;
  const counted = async function* () {
    try {
      for await (const chunk of source.bytes as AsyncIterable<Buffer>) {
        read += chunk.length;
        yield chunk;
        onBytes?.(read);
      }
    } catch (error) {
      throw new StixInputError(`cannot read ${source.name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  const chunks = counted();
  const first = await chunks.next();
  if (first.done) return;
  if (first.value[0] !== 0x1f || first.value[1] !== 0x8b) {
    yield first.value;
    yield* chunks;
    return;
  }
  const gunzip = createGunzip();
  const feed = (async () => {
    gunzip.write(first.value);
    for await (const chunk of chunks) if (!gunzip.write(chunk)) await new Promise((resolve) => gunzip.once('drain', resolve));
    gunzip.end();
  })();
  feed.catch((error: Error) => gunzip.destroy(error));
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    if (error instanceof StixInputError) throw error;
    throw new StixInputError(`${source.name} looks gzipped but does not decompress: ${(error as Error).message}`);
  }
  await feed;
}

/**
 * Turns the token stream of a whole document into its objects: the elements of a top-level array,
 * of a top-level object's `objects` list (bundle or envelope), or top-level objects themselves
 * (NDJSON lines, a single object). A bundle without `objects` and an envelope without `objects`
 * (only `more`, `next`) hold none.
 */
class ObjectCollector {
  /** Assembles a top-level object that may turn out to be a single STIX object (or NDJSON line). */
  private top: Assembler | null = null;
  /** Open containers of the top-level value, outside the elements of a streamed list. */
  private depth = 0;
  /** Whether the elements being read belong to a streamed list. */
  private inList = false;
  /** The top-level object's `objects` key was just read: its value decides whether to stream it. */
  private objectsKey = false;
  /** The top-level value is a bundle or envelope whose list was streamed: not itself an object to hand on. */
  private container = false;
  private element: Assembler | null = null;

  get midValue(): boolean {
    return this.depth > 0 || this.element !== null;
  }

  consume(tokens: readonly Token[], out: unknown[]): void {
    for (const token of tokens) {
      if (this.element) {
        this.element.consume(token as never);
        if (this.element.done) {
          out.push(this.element.current);
          this.element = null;
        }
        continue;
      }
      if (this.inList) {
        if (token.name === 'endArray') {
          this.inList = false;
          if (--this.depth === 0) this.top = null;
          continue;
        }
        const element = new Assembler();
        element.consume(token as never);
        if (element.done) out.push(element.current);
        else this.element = element;
        continue;
      }
      if (this.objectsKey) {
        this.objectsKey = false;
        if (token.name === 'startArray') {
          this.container = true;
          this.depth++;
          this.inList = true;
          continue;
        }
        this.top!.consume({ name: 'keyValue', value: 'objects' } as never);
      }
      if (this.depth === 0) {
        if (token.name === 'startArray') {
          this.depth = 1;
          this.inList = true;
          continue;
        }
        this.container = false;
        this.top = new Assembler();
      }
      if (this.depth === 1 && token.name === 'keyValue' && token.value === 'objects') {
        this.objectsKey = true;
        continue;
      }
      this.top!.consume(token as never);
      if (token.name === 'startObject' || token.name === 'startArray') this.depth++;
      else if (token.name === 'endObject' || token.name === 'endArray') this.depth--;
      if (this.depth === 0) {
        const value = this.top!.current;
        if (!this.container && !holdsNoObjects(value)) out.push(value);
        this.top = null;
      }
    }
  }
}

/** A bundle or envelope without an `objects` list: legal, and empty. */
function holdsNoObjects(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (v.type === 'bundle') return true;
  const keys = Object.keys(v);
  return keys.length > 0 && v.type === undefined && keys.every((key) => key === 'more' || key === 'next');
}

/**
 * The document's objects in file order, a batch per chunk read (empty batches are skipped).
 * Items that are not JSON objects are handed on too: the caller judges them. Malformed JSON,
 * or a document cut short, throws a StixInputError naming the source and how many objects were
 * handed on before it; the objects of the chunk in which the JSON breaks are not.
 */
export async function* readStixBatches(source: StixSource, options: ReadOptions = {}): AsyncGenerator<unknown[]> {
  const tokenize = jsonParser({ jsonStreaming: true, packValues: true, streamValues: false }) as unknown as (chunk: string | typeof none) => unknown;
  const decoder = new StringDecoder('utf8');
  const collector = new ObjectCollector();
  let handedOn = 0;
  let first = true;
  const feed = (text: string | typeof none): unknown[] => {
    const out: unknown[] = [];
    let produced: unknown;
    try {
      produced = tokenize(text);
    } catch (error) {
      const after = `(after ${handedOn} ${handedOn === 1 ? 'object' : 'objects'})`;
      if (text === none) throw new StixInputError(`${source.name} ends in the middle of a JSON value ${after}`);
      throw new StixInputError(`${source.name} is not JSON, NDJSON or gzipped JSON ${after}: ${(error as Error).message}`);
    }
    if (produced !== none) collector.consume((produced as { values: Token[] }).values, out);
    handedOn += out.length;
    return out;
  };
  for await (const chunk of decompressed(source, options.onBytes)) {
    let text = decoder.write(chunk);
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const batch = feed(text);
    if (batch.length > 0) yield batch;
  }
  const rest = feed(decoder.end());
  const last = [...rest, ...feed(none)];
  if (last.length > 0) yield last;
  if (collector.midValue)
    throw new StixInputError(`${source.name} ends in the middle of a JSON value (after ${handedOn} ${handedOn === 1 ? 'object' : 'objects'})`);
}

/** The document's objects one at a time; see readStixBatches. */
export async function* readStixObjects(source: StixSource, options: ReadOptions = {}): AsyncGenerator<unknown> {
  for await (const batch of readStixBatches(source, options)) yield* batch;
}
