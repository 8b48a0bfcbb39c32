// The one settings file every generated server reads (each recipe's README and code say how): a
// listen address, one API root with three collections and two users. The format is this
// project's, kept small so that every language reads it with its standard library.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ICS_BUNDLE } from './paths.mjs';

export const API_ROOT = 'api1';
export const USER = 'analyst';
export const PASSWORD = 'server matrix passphrase';
export const READ_COLLECTION = 'ics-attack';
export const WRITE_COLLECTION = 'scratch';

/** The ATT&CK for ICS bundle, unpacked where servers can read it; returns its path and object count. */
export function unpackSeed(cache) {
  mkdirSync(cache, { recursive: true });
  const path = join(cache, 'ics-attack.json');
  const text = gunzipSync(readFileSync(ICS_BUNDLE));
  writeFileSync(path, text);
  return { path, count: JSON.parse(text.toString('utf8')).objects.length };
}

/**
 * Writes `settings.json` into `dir`. The API root's max_content_length is 1 MiB, under what the
 * conformance suite sends to prove the 413, so that check runs. The user reads ATT&CK for ICS,
 * reads and writes Scratch, may only write to Drop box (so the permission tables are checked), and
 * has no rights on Hidden (which must not be revealed).
 */
export function writeSettings(dir, seedPath) {
  const settings = {
    listen: '127.0.0.1:0',
    title: 'TAXII 2.1 server generated from the description',
    description: 'A server of the server matrix (servers/ in the taxii21-toolkit repository).',
    apiRoots: [
      {
        name: API_ROOT,
        title: 'API root one',
        maxContentLength: 1048576,
        collections: [
          { id: '6f1a7c0e-3b0e-4f53-9b1f-6c0d3f9a8a01', alias: READ_COLLECTION, title: 'ATT&CK for ICS', read: [USER], write: [], seed: seedPath },
          { id: '6f1a7c0e-3b0e-4f53-9b1f-6c0d3f9a8a02', alias: WRITE_COLLECTION, title: 'Scratch', read: [USER], write: [USER] },
          { id: '6f1a7c0e-3b0e-4f53-9b1f-6c0d3f9a8a03', alias: 'drop-box', title: 'Drop box', read: [], write: [USER] },
          { id: '6f1a7c0e-3b0e-4f53-9b1f-6c0d3f9a8a04', alias: 'hidden', title: 'Hidden', read: ['someone-else'], write: ['someone-else'] },
        ],
      },
    ],
    users: [
      { name: USER, password: PASSWORD },
      { name: 'someone-else', password: 'another passphrase' },
    ],
  };
  const path = join(dir, 'settings.json');
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
  return path;
}
