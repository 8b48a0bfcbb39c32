// What `taxii push` accepts as input, and how it refuses what it cannot use.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError, readObjectsFile } from '../src/cli/read-objects.js';

const dir = mkdtempSync(join(tmpdir(), 'taxii-read-'));
const a = { type: 'malware', id: 'malware--00e7d565-9883-4ee5-b642-8fd17fd6a3f5', name: 'EKANS' };
const b = { type: 'tool', id: 'tool--30489451-5886-4c46-90c9-0dff9adc5252', name: 'PsExec' };
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('readObjectsFile', () => {
  it.each([
    ['a STIX bundle', JSON.stringify({ type: 'bundle', id: 'bundle--2d086da7-4bdc-4f91-900e-d77486753710', objects: [a, b] })],
    ['a TAXII envelope', JSON.stringify({ more: false, objects: [a, b] })],
    ['a JSON array', JSON.stringify([a, b])],
    ['NDJSON, as taxii objects --all writes it', `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`],
  ])('reads %s, plain or gzipped under any name', async (_, content) => {
    expect(await readObjectsFile(file('plain.json', content))).toEqual([a, b]);
    expect(await readObjectsFile(file('no-extension', gzipSync(content)))).toEqual([a, b]);
  });

  it('names the file, and the item, of what it cannot use', async () => {
    await expect(readObjectsFile(join(dir, 'missing.json'))).rejects.toThrow(/cannot read .*missing\.json: ENOENT/);
    await expect(readObjectsFile(file('ndjson-bad', `${JSON.stringify(a)}\n{oops\n`))).rejects.toThrow(/ndjson-bad is not JSON, NDJSON or gzipped JSON/);
    await expect(readObjectsFile(file('not-objects.json', JSON.stringify({ type: 'bundle', objects: [a, 42] })))).rejects.toThrow(
      /objects\[1\] is not a JSON object/,
    );
    await expect(readObjectsFile(file('cut.json', JSON.stringify({ type: 'bundle', objects: [a, b] }).slice(0, -5)))).rejects.toBeInstanceOf(InputError);
    // A bundle's objects are optional (STIX 2.1 §8): one without is empty, not an error.
    expect(await readObjectsFile(file('no-list.json', JSON.stringify({ type: 'bundle', id: 'bundle--2d086da7-4bdc-4f91-900e-d77486753710' })))).toEqual([]);
  });
});
