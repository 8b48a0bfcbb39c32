// The server every generated SDK is run against: this project's demo (`taxii-server demo`), as a
// new user meets it after `npm start`, on a free loopback port and a fresh folder of its own.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { issue, makeCa, serverCertificate } from '../../scripts/test-certificates.mjs';
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
  const tls = await startTlsTwin(dir);
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
      /** The same API root over HTTPS, where only a client certificate logs in (the client-certificate step). */
      TAXII_TLS_API_ROOT: `${tls.origin}/api/demo`,
      TAXII_CA: tls.ca,
      TAXII_CERT: tls.cert,
      TAXII_KEY: tls.key,
      TAXII_READ_COLLECTION: byTitle('ATT&CK for ICS'),
      TAXII_WRITE_COLLECTION: byTitle('Scratch'),
      TAXII_TYPE: FILTER_TYPE,
      TAXII_LIMIT: '7',
      TAXII_EXPECTED: String(objects.filter((o) => o.type === FILTER_TYPE).length),
      TAXII_CUSTOM_OBJECTS: JSON.stringify(customObjects(objects)),
    },
    async stop() {
      for (const server of [child, tls.child]) {
        server.kill('SIGTERM');
        await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An API token for the matrix's user, made as an operator makes one (`token add`, then SIGHUP); resolves once the server takes it. */
async function addToken(child, dir, origin) {
  const output = execFileSync(process.execPath, [BIN, 'token', 'add', USER, '--config', join(dir, 'taxii-server.yaml')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const token = output.trim().split('\n').at(-1);
  child.kill('SIGHUP');
  for (let tries = 0; tries < 100; tries++) {
    const answer = await fetch(`${origin}/taxii2/`, { headers: { authorization: `Bearer ${token}`, accept: 'application/taxii+json;version=2.1' } });
    if (answer.ok) return token;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the demo server did not take the API token after SIGHUP');
}

/**
 * The demo's database served a second time, over HTTPS with client certificates required
 * (`tls.clientCa`): a CA of the run's own, a server certificate for 127.0.0.1, and a client
 * certificate (CN=sdk-matrix) that the configuration maps to the matrix's user.
 */
async function startTlsTwin(dir) {
  const ca = makeCa(dir, 'matrix');
  const server = serverCertificate(dir, ca);
  const client = issue(dir, ca, 'sdk-matrix-client', `/CN=${USER}`, { use: 'client' });
  const config = parseYaml(readFileSync(join(dir, 'taxii-server.yaml'), 'utf8'));
  config.storage.sqlite.path = join(dir, config.storage.sqlite.path);
  config.tls = { cert: server.cert, key: server.key, clientCa: ca.cert, clientCertificates: 'required' };
  config.users = config.users.map((user) => (user.username === USER ? { ...user, certificates: [`CN=${USER}`] } : user));
  const file = join(dir, 'taxii-server-tls.yaml');
  writeFileSync(file, stringifyYaml(config));
  const child = spawn(process.execPath, [BIN, 'start', '--config', file, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const origin = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const found = /discovery at (https:\/\/127\.0\.0\.1:\d+)\/taxii2\//.exec(output);
      if (found) resolve(found[1]);
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`the demo's HTTPS twin exited ${code}:\n${output}`)));
  });
  child.stdout.removeAllListeners('data');
  child.stdout.resume();
  return { child, origin, ca: ca.cert, cert: client.cert, key: client.key };
}
