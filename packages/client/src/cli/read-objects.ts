// What `taxii push` and `taxii validate` accept: a STIX bundle, a TAXII envelope, a JSON array of
// objects, or NDJSON (one object per line, as `taxii objects --all` writes), each optionally
// gzipped, from a file or standard input (`-`). Read as a stream (@taxii21/stix), so a file of
// any size is handled in bounded memory.
import { openStixSource, readStixObjects, StixInputError } from '@taxii21/stix';
import type { StixObject } from '@taxii21/types';

export class InputError extends Error {
  override readonly name = 'InputError';
}

/** The file's objects one at a time; anything unreadable, or an item that is not an object, is an InputError. */
export async function* streamObjectsFile(path: string): AsyncGenerator<StixObject> {
  let index = 0;
  try {
    const source = await openStixSource(path);
    for await (const item of readStixObjects(source)) {
      // Only the shape the push needs; the server judges the STIX content (SRV-ADD-04).
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new InputError(`${source.name}: objects[${index}] is not a JSON object`);
      index++;
      yield item as StixObject;
    }
  } catch (error) {
    if (error instanceof StixInputError) throw new InputError(error.message);
    throw error;
  }
}

/** Every object of the file, in memory. */
export async function readObjectsFile(path: string): Promise<StixObject[]> {
  const objects: StixObject[] = [];
  for await (const object of streamObjectsFile(path)) objects.push(object);
  return objects;
}
