// A server we did not write: OASIS's medallion 3.0.0 from PyPI (its memory backend), in a virtual
// environment the test makes, holding the first 250 objects of ATT&CK for ICS (it answers a page
// of the whole 1,826 in about 97 s). What the suite's consumer profiles say about it, with reasons,
// is what the conformance README reports.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaxiiClient } from '@taxii21/client';
import { runConformance } from '@taxii21/conformance';
// @ts-expect-error: a plain ES module of the repository's scripts, without type declarations.
import { venvBin } from '../../scripts/python-venv.mjs';
import { ICS_BUNDLE } from '../support/ics.js';
import { answering, freePort } from '../support/third-party-server.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const VENV = fileURLToPath(new URL('../../.cache/consumers/venv-medallion', import.meta.url));
const USER = { username: 'analyst', password: 'medallion passphrase' };
const READ = '5f1d6c9a-3b2e-4f7a-8c41-9e0d2b7a6c13';
const WRITE = '8d2e4b71-0c5f-4a39-b6e8-1f7a3c9d2e40';
/** Small, so that MISP's envelope (as many objects as fit) stays a few hundred objects: medallion's memory backend adds them one by one. */
const MAX_CONTENT_LENGTH = 256 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'taxii-medallion-'));
let medallion: ChildProcess | undefined;
let origin: string;

beforeAll(async () => {
  const bin = await (venvBin as (requirements: string, venv: string) => Promise<string>)(join(HERE, 'medallion-requirements.txt'), VENV);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const collection = (id: string, title: string) => ({
    id,
    title,
    can_read: true,
    can_write: true,
    media_types: ['application/stix+json;version=2.1'],
    objects: [],
    manifest: [],
  });
  writeFileSync(
    join(dir, 'data.json'),
    JSON.stringify({
      '/discovery': { title: 'medallion under test', api_roots: [`${origin}/feeds/`], default: `${origin}/feeds/` },
      feeds: {
        information: { title: 'Feeds', versions: ['application/taxii+json;version=2.1'], max_content_length: MAX_CONTENT_LENGTH },
        status: [],
        collections: [collection(READ, 'ICS'), collection(WRITE, 'Scratch')],
      },
    }),
  );
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      backend: { module: 'medallion.backends.memory_backend', module_class: 'MemoryBackend', filename: join(dir, 'data.json') },
      users: { [USER.username]: USER.password },
      taxii: { max_page_size: 100 },
    }),
  );
  medallion = spawn(join(bin, 'medallion'), ['--port', String(port), join(dir, 'config.json')], { stdio: 'ignore' });
  await answering(`${origin}/taxii2/`, 'medallion');
  const objects = JSON.parse(gunzipSync(readFileSync(ICS_BUNDLE)).toString('utf8')).objects.slice(0, 250);
  const pushed = await new TaxiiClient({ auth: USER }).apiRoot(`${origin}/feeds/`).addObjects(READ, objects);
  if (pushed.success_count !== 250) throw new Error(`medallion took ${pushed.success_count} of 250 objects`);
}, 600_000);

afterAll(() => {
  medallion?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('medallion 3.0.0, as the consumer profiles see it', () => {
  it("works for taxii2-client, MISP's push, Sentinel and Splunk's app; breaks OpenCTI's connector and Elastic's integration, whose next requests it refuses", async () => {
    const report = await runConformance({ url: `${origin}/taxii2/`, ...USER, collection: READ, writeCollection: WRITE, consumers: 'all', timeoutMs: 60_000 });
    expect(report.consumers?.map(({ name, works }) => [name, works])).toEqual([
      ['taxii2-client', true],
      ['opencti', false],
      ['elastic-ti-custom', false],
      ['misp-push', true],
      ['sentinel', true],
      ['splunk-ctis', true],
    ]);
    const reasons = Object.fromEntries(report.consumers!.map((c) => [c.name, c.reasons]));
    // OpenCTI sends next without limit: medallion's get_next raises KeyError: 'limit'.
    expect(reasons.opencti).toEqual([
      expect.stringMatching(/^poll \(getObjects, added_after=\S+, kept with next\), page 2: answered 500, and it takes only 200$/),
    ]);
    // Elastic sends next without added_after: medallion holds a next token to the first request's parameters.
    expect(reasons['elastic-ti-custom']).toEqual([
      expect.stringMatching(
        /^first run, page 2 \(next without added_after\): answered 400 \("ProcessingError: [^"]*params changed over subsequent transaction\.?"\), and it takes only 200 or 206$/,
      ),
    ]);
  }, 300_000);
});
