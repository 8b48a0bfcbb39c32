// What `taxii push` accepts: a STIX bundle, a TAXII envelope, a JSON array of objects, or NDJSON
// (one object per line, as `taxii objects --all` writes), each optionally gzipped.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { StixObject } from '@taxii21/types';

export class InputError extends Error {
  override readonly name = 'InputError';
}

export async function readObjectsFile(path: string): Promise<StixObject[]> {
  const raw = path === '-' ? await readStdin() : await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read ${path}: ${error.code ?? error.message}`);
  });
  // Gzip is recognised by its magic bytes, whatever the file is called.
  let bytes = raw;
  try {
    if (raw[0] === 0x1f && raw[1] === 0x8b) bytes = gunzipSync(raw);
  } catch (error) {
    throw new InputError(`${path} looks gzipped but does not decompress: ${(error as Error).message}`);
  }
  return parseObjects(bytes.toString('utf8'), path === '-' ? 'standard input' : path);
}

export function parseObjects(text: string, source: string): StixObject[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length > 1) return lines.map((line, index) => parseLine(line, index + 1, source));
    throw new InputError(`${source} is not JSON: ${(error as Error).message}`);
  }
  const objects = Array.isArray(document) ? document : (document as { objects?: unknown } | null)?.objects;
  if (!Array.isArray(objects)) throw new InputError(`${source} holds neither a STIX bundle, an envelope with "objects", nor an array of objects`);
  objects.forEach((object, index) => checkObject(object, `${source}: objects[${index}]`));
  return objects as StixObject[];
}

function parseLine(line: string, number: number, source: string): StixObject {
  let object: unknown;
  try {
    object = JSON.parse(line);
  } catch (error) {
    throw new InputError(`${source}:${number} is not JSON: ${(error as Error).message}`);
  }
  checkObject(object, `${source}:${number}`);
  return object as StixObject;
}

/** Only the shape the push needs; the server judges the STIX content (SRV-ADD-04). */
function checkObject(object: unknown, where: string): void {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) throw new InputError(`${where} is not a JSON object`);
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
