// The streaming reader behind `taxii push`, `taxii validate` and `taxii-server import`: every
// format each of them accepts, cut into chunks anywhere, gzipped or not, and the ways a file can
// be wrong.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openStixSource, readStixBatches, readStixObjects, StixInputError, type StixSource } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'stix-read-'));
const a = {
  type: 'indicator',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  name: 'ünïcödé ☃ 𝄞',
  n: [1, 2.5e3, -1.5, true, false, null],
  nested: { objects: [{ deep: 'x' }] },
};
const b = { type: 'x-acme', id: 'x-acme--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd40', objects: { '0': 'observed-data of STIX 2.0 keeps a dictionary here' } };
const c = { type: 'malware', id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd41', escaped: 'quote " backslash \\ newline \n tab \t \u0000' };

/** The bytes as a stream of `size`-byte chunks, so that tokens and UTF-8 sequences are cut anywhere. */
function chunked(bytes: Buffer | string, size: number): StixSource {
  const buffer = Buffer.from(bytes);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) chunks.push(buffer.subarray(i, i + size));
  return { bytes: Readable.from(chunks), name: 'test input' };
}

async function all(source: StixSource): Promise<unknown[]> {
  const objects: unknown[] = [];
  for await (const object of readStixObjects(source)) objects.push(object);
  return objects;
}

const documents: Array<[string, string, unknown[]]> = [
  ['a bundle', JSON.stringify({ type: 'bundle', id: 'bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', objects: [a, b, c] }), [a, b, c]],
  [
    'a bundle whose objects come before its type and id',
    JSON.stringify({ objects: [a, b], type: 'bundle', id: 'bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }),
    [a, b],
  ],
  ['a TAXII envelope', JSON.stringify({ more: true, next: 'abc', objects: [c, a] }), [c, a]],
  ['a JSON array', JSON.stringify([a, b, c], null, 2), [a, b, c]],
  ['NDJSON', `${[a, b, c].map((o) => JSON.stringify(o)).join('\n')}\n`, [a, b, c]],
  ['NDJSON with CRLF and blank lines', `${JSON.stringify(a)}\r\n\r\n${JSON.stringify(b)}\r\n`, [a, b]],
  ['a single object', JSON.stringify(c, null, 4), [c]],
  ['a single object with a byte-order mark', `\ufeff${JSON.stringify(c)}`, [c]],
  ['a bundle without objects', JSON.stringify({ type: 'bundle', id: 'bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }), []],
  ['an empty envelope', JSON.stringify({ more: false }), []],
  ['an envelope with an empty list', JSON.stringify({ objects: [] }), []],
  ['nothing at all', '', []],
];

describe('readStixObjects', () => {
  it.each(documents)('reads %s, whole or cut into 1-, 7- and 4096-byte chunks', async (_name, text, expected) => {
    for (const size of [1, 7, 4096]) expect(await all(chunked(text, size))).toEqual(expected);
  });

  it.each(documents.slice(0, 5))('reads %s gzipped, told by its magic bytes, whatever its name', async (_name, text, expected) => {
    expect(await all(chunked(gzipSync(text), 3))).toEqual(expected);
    const file = join(dir, `plain-name-${expected.length}.json`);
    writeFileSync(file, gzipSync(text));
    expect(await all(await openStixSource(file))).toEqual(expected);
  });

  it('hands on items that are not objects, for the caller to judge', async () => {
    expect(await all(chunked(JSON.stringify({ type: 'bundle', objects: [a, 42, 'x', [1], null] }), 5))).toEqual([a, 42, 'x', [1], null]);
  });

  it('gives batches per chunk, never the whole list at once', async () => {
    const objects = Array.from({ length: 2000 }, (_, i) => ({ ...a, i }));
    const batches: number[] = [];
    for await (const batch of readStixBatches(chunked(JSON.stringify({ type: 'bundle', objects }), 16 * 1024))) batches.push(batch.length);
    expect(batches.reduce((x, y) => x + y, 0)).toBe(2000);
    expect(batches.length).toBeGreaterThan(10);
    expect(Math.max(...batches)).toBeLessThan(200);
  });

  it('reports bytes read as it goes', async () => {
    const text = JSON.stringify([a, b, c]);
    const seen: number[] = [];
    for await (const _ of readStixBatches(chunked(text, 10), { onBytes: (n) => seen.push(n) })) void _;
    expect(seen.at(-1)).toBe(Buffer.byteLength(text));
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });

  it('says how far it got when the JSON is malformed, and the objects of earlier chunks stay read', async () => {
    const text = `${JSON.stringify(a)}\n${JSON.stringify(b)}\n{oops\n`;
    const read: unknown[] = [];
    const error = await (async () => {
      for await (const object of readStixObjects(chunked(text, 1))) read.push(object);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StixInputError);
    expect((error as Error).message).toMatch(/^test input is not JSON, NDJSON or gzipped JSON \(after 2 objects\)/);
    expect(read).toEqual([a, b]);
  });

  it('refuses a document cut short', async () => {
    const text = JSON.stringify({ type: 'bundle', objects: [a, b, c] });
    await expect(all(chunked(text.slice(0, text.length - 30), 100))).rejects.toThrow(/test input ends in the middle of a JSON value \(after 2 objects\)/);
    await expect(all(chunked(text.slice(0, -2), 100))).rejects.toThrow(/ends in the middle of a JSON value \(after 3 objects\)/);
  });

  it('refuses a gzip stream that does not decompress', async () => {
    const broken = gzipSync(JSON.stringify([a, b, c]));
    broken.fill(0x41, 20, 40);
    await expect(all(chunked(broken, 64))).rejects.toThrow(/test input looks gzipped but does not decompress/);
  });

  it('names a file it cannot read', async () => {
    await expect(openStixSource(join(dir, 'missing.json'))).rejects.toThrow(/cannot read .*missing\.json: ENOENT/);
    mkdirSync(join(dir, 'folder'), { recursive: true });
    await expect(openStixSource(join(dir, 'folder'))).rejects.toThrow(/cannot read .*folder: it is a directory/);
  });

  it('reads a file and knows its size, for progress', async () => {
    const file = join(dir, 'bundle.json');
    const text = JSON.stringify({ type: 'bundle', objects: [a, b] });
    writeFileSync(file, text);
    const source = await openStixSource(file);
    expect(source.size).toBe(Buffer.byteLength(text));
    expect(source.name).toBe(file);
    expect(await all(source)).toEqual([a, b]);
  });
});
