// A server we did not write: EclecticIQ's OpenTAXII 0.9.3 from PyPI (the newest), set up the way
// its documentation says (its SQLite persistence, an API root, a public collection and an admin
// account made with its own commands), holding the first 250 objects of ATT&CK for ICS. What the
// suite's consumer profiles say about it, with reasons, is what the conformance README reports.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '@taxii21/conformance';
// @ts-expect-error: a plain ES module of the repository's scripts, without type declarations.
import { venvBin } from '../../scripts/python-venv.mjs';
import { ICS_BUNDLE } from '../support/ics.js';
import { answering, freePort } from '../support/third-party-server.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const VENV = fileURLToPath(new URL('../../.cache/consumers/venv-opentaxii', import.meta.url));
const USER = { username: 'analyst', password: 'opentaxii passphrase' };
const TAXII = 'application/taxii+json;version=2.1';
const dir = mkdtempSync(join(tmpdir(), 'taxii-opentaxii-'));
let server: ChildProcess | undefined;
let origin: string;
let apiRoot: string;
let collection: string;

beforeAll(async () => {
  const bin = await (venvBin as (requirements: string, venv: string) => Promise<string>)(join(HERE, 'opentaxii-requirements.txt'), VENV);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  const sqlite = (name: string) => `sqlite:///${join(dir, name)}`;
  writeFileSync(
    join(dir, 'config.yml'),
    JSON.stringify({
      domain: `127.0.0.1:${port}`,
      support_basic_auth: true,
      return_server_error_details: true,
      auth_api: {
        class: 'opentaxii.auth.sqldb.SQLDatabaseAPI',
        parameters: { db_connection: sqlite('auth.db'), create_tables: true, secret: 'a test secret of at least thirty-two bytes', token_ttl_secs: 3600 },
      },
      taxii1: null,
      taxii2: {
        persistence_api: { class: 'opentaxii.persistence.sqldb.Taxii2SQLDatabaseAPI', parameters: { db_connection: sqlite('data.db'), create_tables: true } },
        title: 'OpenTAXII under test',
        max_content_length: 256 * 1024,
        public_discovery: false,
      },
    }),
  );
  const env = { ...process.env, OPENTAXII_CONFIG: join(dir, 'config.yml') };
  const run = (command: string, args: string[]) => {
    const done = spawnSync(join(bin, command), args, { env, encoding: 'utf8' });
    if (done.status !== 0) throw new Error(`${command} failed: ${done.stderr}`);
    return done.stdout;
  };
  run('opentaxii-add-api-root', ['-t', 'Feeds', '--default']);
  run('opentaxii-create-account', ['-u', USER.username, '-p', USER.password, '-a']);
  // Its own persistence API names the API root's id (the CLI prints nothing).
  const ids = () =>
    JSON.parse(
      run('python', [
        '-c',
        'import json; from opentaxii.cli import app\nwith app.app_context():\n  api = app.taxii_server.servers.taxii2.persistence.api\n  r = api.get_api_roots()[0]\n  print(json.dumps([str(r.id), [str(c.id) for c in api.get_collections(str(r.id))]]))',
      ])
        .trim()
        .split('\n')
        .pop()!,
    ) as [string, string[]];
  const [root] = ids();
  run('opentaxii-add-collection', ['-r', root, '-t', 'ICS', '-a', 'ics', '--public', '--public-write']);
  collection = ids()[1][0]!;
  apiRoot = `${origin}/taxii2/${root}/`;
  server = spawn(join(bin, 'python'), ['-c', `from opentaxii.cli import app; app.run(host='127.0.0.1', port=${port})`], { env, stdio: 'ignore' });
  await answering(`${origin}/taxii2/`, 'OpenTAXII');
  // Each addObjects stores its objects and then answers 500 (its status holds a UUID that Python's
  // json cannot write): the records are there all the same, as its manifest shows.
  const objects = JSON.parse(gunzipSync(readFileSync(ICS_BUNDLE)).toString('utf8')).objects.slice(0, 250);
  const authorization = `Basic ${Buffer.from(`${USER.username}:${USER.password}`).toString('base64')}`;
  for (let i = 0; i < objects.length; i += 25) {
    const answer = await fetch(`${apiRoot}collections/${collection}/objects/`, {
      method: 'POST',
      headers: { authorization, accept: TAXII, 'content-type': TAXII },
      body: JSON.stringify({ objects: objects.slice(i, i + 25) }),
    });
    await answer.arrayBuffer();
  }
}, 600_000);

afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('OpenTAXII 0.9.3, as the consumer profiles see it', () => {
  it('breaks all six: it cannot list or describe a collection (500), and refuses added_after in whole seconds', async () => {
    const report = await runConformance({ url: `${origin}/taxii2/`, ...USER, collection, writeCollection: collection, consumers: 'all', timeoutMs: 60_000 });
    expect(report.consumers?.map(({ name, works }) => [name, works])).toEqual(
      ['taxii2-client', 'opencti', 'elastic-ti-custom', 'misp-push', 'sentinel', 'splunk-ctis'].map((name) => [name, false]),
    );
    const reasons = Object.fromEntries(report.consumers!.map((c) => [c.name, c.reasons]));
    expect(reasons['taxii2-client']![0]).toBe('ApiRoot.refresh_collections: answered 500, and it takes only 200');
    expect(reasons['elastic-ti-custom']).toEqual([
      expect.stringMatching(
        /^first run \(added_after=\S+Z&limit=100\): answered 400 \("validation error: \{"added_after":\["Not a valid datetime\."\]\}"\), and it takes only 200 or 206$/,
      ),
    ]);
    expect(reasons['misp-push']).toEqual(['Collection._verify_can_write (getCollection): answered 500, and it takes only 200']);
    expect(reasons.sentinel).toEqual(['connection check (getCollection for the collection ID): answered 500, and it takes only 200']);
    expect(reasons['splunk-ctis']).toEqual(['ApiRoot.collections (getCollections): answered 500, and it takes only 200']);
    expect(report.summary.mustFailures).toBeGreaterThan(0);
  }, 300_000);

  it('serves each stored object back with its type where its spec_version was', async () => {
    const authorization = `Basic ${Buffer.from(`${USER.username}:${USER.password}`).toString('base64')}`;
    const page = (await (await fetch(`${apiRoot}collections/${collection}/objects/?limit=50`, { headers: { authorization, accept: TAXII } })).json()) as {
      objects: Array<{ type: string; spec_version: string }>;
    };
    expect(page.objects).toHaveLength(50);
    expect(page.objects.every((object) => object.spec_version === object.type)).toBe(true);
  });
});
