// The server every generated SDK is run against: this project's demo (`taxii-server demo`), as a
// new user meets it after `npm start`, on a free loopback port and a fresh folder of its own.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { REPOSITORY } from './paths.mjs';

const BIN = join(REPOSITORY, 'apps/reference-server/bin/taxii-server.js');
const BUNDLE = join(REPOSITORY, 'apps/reference-server/data/ics-attack.json.gz');
const USER = 'sdk-matrix';
const PASSWORD = 'sdk matrix passphrase';

/** What the live scenario reads: the ATT&CK for ICS collection, filtered to one type. */
const FILTER_TYPE = 'malware';

/**
 * What the custom-properties step round-trips: an ATT&CK malware (a STIX 2.1 type with many
 * x_mitre_* properties) and an x-mitre-tactic (a custom type, which only the open branch of the
 * envelope's union takes).
 */
function customObjects(objects) {
  const custom = (o) => Object.keys(o).filter((key) => key.startsWith('x_mitre_')).length;
  const malware = objects.filter((o) => o.type === 'malware').sort((a, b) => custom(b) - custom(a))[0];
  const tactic = objects.find((o) => o.type === 'x-mitre-tactic');
  return [malware, tactic];
}

export async function startDemo() {
  const dir = mkdtempSync(join(tmpdir(), 'taxii-sdk-matrix-'));
  const env = { ...process.env, TAXII_DEMO_DIR: dir, TAXII_DEMO_USER: USER, TAXII_DEMO_PASSWORD: PASSWORD, PORT: '0' };
  const child = spawn(process.execPath, [BIN, 'demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const origin = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const found = /discovery at (http:\/\/127\.0\.0\.1:\d+)\/taxii2\//.exec(output);
      if (found) resolve(found[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the demo server exited ${code}:\n${output}`)));
  });
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.resume();

  const token = await addToken(child, dir, origin);
  const headers = { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`, accept: 'application/taxii+json;version=2.1' };
  const collections = await (await fetch(`${origin}/api/demo/collections/`, { headers })).json();
  const byTitle = (title) => collections.collections.find((c) => c.title === title).id;
  const objects = JSON.parse(gunzipSync(readFileSync(BUNDLE)).toString('utf8')).objects;

  return {
    origin,
    /** The variables every scenario reads (see README.md, "The live scenario"). */
    scenarioEnv: {
      TAXII_ORIGIN: origin,
      TAXII_API_ROOT: `${origin}/api/demo`,
      TAXII_USER: USER,
      TAXII_PASSWORD: PASSWORD,
      /** An API token of the same user, for the bearer-token step. */
      TAXII_TOKEN: token,
      TAXII_READ_COLLECTION: byTitle('ATT&CK for ICS'),
      TAXII_WRITE_COLLECTION: byTitle('Scratch'),
      TAXII_TYPE: FILTER_TYPE,
      TAXII_LIMIT: '7',
      TAXII_EXPECTED: String(objects.filter((o) => o.type === FILTER_TYPE).length),
      TAXII_CUSTOM_OBJECTS: JSON.stringify(customObjects(objects)),
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An API token for the matrix's user, made as an operator makes one (`token add`, then SIGHUP); resolves once the server takes it. */
async function addToken(child, dir, origin) {
  const output = execFileSync(process.execPath, [BIN, 'token', 'add', USER, '--config', join(dir, 'taxii-server.yaml')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const token = output.trim().split('\n').at(-1);
  child.kill('SIGHUP');
  for (let tries = 0; tries < 100; tries++) {
    const answer = await fetch(`${origin}/taxii2/`, { headers: { authorization: `Bearer ${token}`, accept: 'application/taxii+json;version=2.1' } });
    if (answer.ok) return token;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the demo server did not take the API token after SIGHUP');
}
