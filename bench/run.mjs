// The reference server against the practical limit of one Node process, side by side in one run:
// (a) a bare node:http server answering a pre-serialised page of the same 100 objects, (b) the
// reference server on SQLite, (c) on PostgreSQL (a local server started from the binaries in
// node_modules, as the tests do). For each size it generates data (bench/synthetic-bundle.mjs
// --mixed), imports it with `taxii-server import`, pushes more over HTTP, then measures each query
// shape with autocannon at 1 and 50 connections, and the server's memory.
//
//   npm run build && npm run bench -- [--sizes 10000,100000,1000000] [--seconds 5] [--out bench/REPORT.md]
//
// Writes a Markdown report (default: stdout) with the ratios to (a) and the targets met or
// missed. Not part of `npm test`; loopback only, bounded in count and time.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { hashPassword } from '../apps/reference-server/dist/passwords.js';
import { startTestPostgres } from '../scripts/test-postgres.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const SIZES = option('sizes', '10000,100000,1000000').split(',').map(Number);
const SECONDS = Number(option('seconds', '5'));
const OUT = option('out', undefined);
const HTTP_PUSH = { envelopes: 20, objects: 1000 };

const BIN = fileURLToPath(new URL('../apps/reference-server/bin/taxii-server.js', import.meta.url));
const GENERATOR = fileURLToPath(new URL('./synthetic-bundle.mjs', import.meta.url));
const ROOT = '/api/';
const FEED = '5a1e5a1e-0000-4000-8000-000000000001';
const PUSH = '5a1e5a1e-0000-4000-8000-000000000002';
const TAXII = 'application/taxii+json;version=2.1';
const PASSWORD = 'bench password';
const auth = `Basic ${Buffer.from(`bench:${PASSWORD}`).toString('base64')}`;
const headers = { Authorization: auth, Accept: TAXII };
const log = (message) => process.stderr.write(`${message}\n`);

async function configFile(dir, storage) {
  const file = join(dir, 'taxii-server.json');
  const config = {
    listen: { host: '127.0.0.1', port: 0 },
    storage,
    logging: { requests: false },
    // Keep-alive connections for the whole measurement, as a client library keeps them.
    limits: { maxRequestsPerConnection: 1_000_000 },
    discovery: { title: 'Benchmark', default: ROOT },
    apiRoots: [
      {
        path: ROOT,
        title: 'Bench',
        maxContentLength: 64 * 1024 * 1024,
        collections: [
          { id: FEED, alias: 'feed', title: 'Feed', read: ['bench'], write: ['bench'] },
          { id: PUSH, alias: 'push', title: 'Push', read: ['bench'], write: ['bench'] },
        ],
      },
    ],
    users: [{ username: 'bench', passwordHash: await hashPassword(PASSWORD) }],
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** `synthetic-bundle N --mixed | taxii-server import -`; resolves to objects/s as the import reports it. */
function importFeed(config, count) {
  return new Promise((resolve, reject) => {
    const generator = spawn(process.execPath, [GENERATOR, String(count), '--mixed'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const importer = spawn(process.execPath, [BIN, 'import', '-', '--api-root', ROOT, '--collection', 'feed', '--config', config], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    generator.stdout.pipe(importer.stdin);
    let out = '';
    importer.stdout.on('data', (chunk) => (out += chunk));
    importer.on('exit', (code) => {
      const rate = /\((\d+) objects\/s, peak memory (\d+) MB\)/.exec(out);
      if (code !== 0 || !rate) return reject(new Error(`import failed (${code}): ${out}`));
      resolve({ objectsPerSecond: Number(rate[1]), peakMb: Number(rate[2]) });
    });
  });
}

function startServer(config, profileDir) {
  return new Promise((resolve, reject) => {
    // With a CPU profile of the whole run, written when the server exits, for "where the time goes".
    const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profileDir, BIN, 'start', '--config', config], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = /discovery at (http:\/\/[^/]+)\/taxii2\//.exec(out);
      if (found) resolve({ child, base: found[1] });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

/** Starts a new peak: the kernel's high-water mark of the process's RSS goes back to its current RSS. */
function resetPeak(pid) {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** Objects/s of HTTP addObjects: envelopes of 1,000 new objects from 4 clients at once. */
async function pushOverHttp(base, size) {
  const bodies = [];
  for (let e = 0; e < HTTP_PUSH.envelopes; e++) {
    const objects = Array.from({ length: HTTP_PUSH.objects }, (_, i) => {
      const n = e * HTTP_PUSH.objects + i;
      const at = new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString();
      return {
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--b0b0b0b0-${String(size % 10000).padStart(4, '0')}-4000-8000-${String(n).padStart(12, '0')}`,
        created: at,
        modified: at,
        pattern: `[ipv4-addr:value = '10.${n >> 16}.${(n >> 8) & 255}.${n & 255}']`,
        pattern_type: 'stix',
        valid_from: at,
      };
    });
    bodies.push(JSON.stringify({ objects }));
  }
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const response = await fetch(`${base}${ROOT}collections/push/objects/`, { method: 'POST', headers: { ...headers, 'Content-Type': TAXII }, body });
        if (response.status !== 202) throw new Error(`push answered ${response.status}`);
        await response.arrayBuffer();
      }
    }),
  );
  return Math.round((HTTP_PUSH.envelopes * HTTP_PUSH.objects) / ((performance.now() - started) / 1000));
}

async function getJson(url) {
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return { body: await response.json(), headers: response.headers };
}

/** The paths of every query shape, found by walking the collection: a deep next token, a date near the end, an object with two versions. */
async function queryPaths(base) {
  const objects = `${base}${ROOT}collections/feed/objects/`;
  const manifest = `${base}${ROOT}collections/feed/manifest/`;
  const dates = [];
  let token;
  // The manifest (no content) walked once: every record's date_added.
  for (;;) {
    const { body } = await getJson(`${manifest}?limit=1000&match[version]=all${token ? `&next=${encodeURIComponent(token)}` : ''}`);
    for (const record of body.objects ?? []) dates.push(record.date_added);
    if (!body.more) break;
    token = body.next;
  }
  const deepAfter = dates[Math.floor(dates.length * 0.9)];
  const nearEnd = dates[Math.floor(dates.length * 0.95)];
  // A next token from 90% into the collection: the page before it, by added_after, hands it out.
  const before = await getJson(`${objects}?limit=100&added_after=${dates[Math.floor(dates.length * 0.9) - 101]}`);
  const deepToken = before.body.next;
  const middle = await getJson(`${objects}?limit=1000&match[version]=all&added_after=${dates[Math.floor(dates.length / 2)]}`);
  const counts = new Map();
  for (const o of middle.body.objects) counts.set(o.id, (counts.get(o.id) ?? 0) + 1);
  const versioned = [...counts].find(([, n]) => n > 1)?.[0] ?? middle.body.objects[0].id;
  return {
    records: dates.length,
    deepAfter,
    shapes: [
      ['getObjects limit=100, first page', `${objects}?limit=100`],
      [
        'getObjects limit=100, deep page (next)',
        `${objects}?limit=100&added_after=${dates[Math.floor(dates.length * 0.9) - 101]}&next=${encodeURIComponent(deepToken)}`,
      ],
      ['added_after near the end', `${objects}?limit=100&added_after=${nearEnd}`],
      ['match[type]=malware', `${objects}?limit=100&match[type]=malware`],
      ['match[version]=all', `${objects}?limit=100&match[version]=all`],
      ['manifest limit=100', `${manifest}?limit=100`],
      ['getObject', `${objects}${versioned}/`],
      ['getObjectVersions', `${objects}${versioned}/versions/`],
    ],
  };
}

async function cannon(url, connections, seconds = SECONDS) {
  const result = await autocannon({ url, connections, duration: seconds, headers, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers (${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors`);
  return { rps: Math.round(result.requests.average), mean: result.latency.mean, p50: result.latency.p50, p99: result.latency.p99 };
}

/** (a): the first page's own bytes, served by node:http with nothing else to do. */
async function bareServer(body) {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': TAXII, 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function measureStore(name, storage, size) {
  const dir = mkdtempSync(join(tmpdir(), `taxii-bench-${name}-`));
  const config = await configFile(dir, storage);
  log(`${name} ${size}: importing`);
  const imported = await importFeed(config, size);
  if (storage.postgres) {
    // What autovacuum does soon after a bulk load anyway, done before measuring so that it does not
    // run during the measurements of some sizes and not others (the server README advises it after
    // an import).
    const client = new pg.Client({ connectionString: storage.postgres.url });
    await client.connect();
    await client.query('VACUUM (ANALYZE) objects');
    await client.end();
  }
  const { child, base } = await startServer(config, dir);
  let result;
  try {
    log(`${name} ${size}: pushing over HTTP`);
    const httpObjectsPerSecond = await pushOverHttp(base, size);
    // The ingest's peak on its own; the queries' peak is measured from here.
    const ingestMemory = memory(child.pid);
    resetPeak(child.pid);
    const paths = await queryPaths(base);
    // Every shape once under load before any is measured: the first shape measured otherwise pays
    // for the JIT warming up, which made its ratio between sizes say more about order than size.
    log(`${name} ${size}: warming up`);
    for (const [, url] of paths.shapes) await cannon(url, 50, 1);
    const shapes = [];
    for (const [shape, url] of paths.shapes) {
      log(`${name} ${size}: ${shape}`);
      shapes.push({ shape, one: await cannon(url, 1), fifty: await cannon(url, 50) });
    }
    const firstPage = Buffer.from(await (await fetch(paths.shapes[0][1], { headers })).arrayBuffer());
    result = { imported, httpObjectsPerSecond, ingestMemory, shapes, memory: memory(child.pid), records: paths.records, firstPage };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  result.profile = hottest(dir);
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** The functions with the most self time in the server's CPU profiles (its HTTP thread and its store threads), as shares of all samples. */
function hottest(dir, count = 12) {
  const byFunction = new Map();
  let total = 0;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const hits = new Map(profile.nodes.map((node) => [node.id, 0]));
    for (const sample of profile.samples) hits.set(sample, hits.get(sample) + 1);
    total += profile.samples.length;
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${url.replace(/^.*\/(node_modules|apps|packages)\//, '$1/')}:${lineNumber + 1}` : '';
      const key = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + hits.get(node.id));
    }
  }
  // Shares of the busy samples: the reader threads wait most of the time, which says nothing.
  const busy = total - (byFunction.get('(idle)') ?? 0);
  byFunction.delete('(idle)');
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, n]) => ({ name, share: n / busy }));
}

const fmt = (n) => n.toLocaleString('en');
const postgres = await startTestPostgres();
const runs = [];
try {
  for (const size of SIZES) {
    const sqlite = await measureStore('sqlite', { sqlite: { path: './taxii.sqlite' } }, size);
    const pg = await measureStore('postgres', { postgres: { url: await postgres.createDatabase('bench') } }, size);
    const bare = await bareServer(sqlite.firstPage);
    await cannon(bare.url, 50, 1);
    const limit = { one: await cannon(bare.url, 1), fifty: await cannon(bare.url, 50) };
    await bare.close();
    runs.push({ size, sqlite, pg, bare: limit });
  }
} finally {
  await postgres.stop();
}

const lines = [];
const cpu = cpus()[0]?.model ?? 'unknown CPU';
lines.push(`# Benchmark, ${new Date().toISOString().slice(0, 10)}`, '');
lines.push(
  `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; autocannon ${SECONDS} s per measurement; PostgreSQL on the same machine. \`npm run bench -- --sizes ${SIZES.join(',')} --seconds ${SECONDS}\`.`,
  '',
);
for (const { size, sqlite, pg, bare } of runs) {
  lines.push(`## ${fmt(size)} objects imported (${fmt(sqlite.records)} records in the feed collection)`, '');
  lines.push(
    `(a) bare node:http, the same first page pre-serialised: ${fmt(bare.one.rps)} req/s at 1 connection (p50 ${bare.one.p50} ms, p99 ${bare.one.p99} ms), ${fmt(bare.fifty.rps)} req/s at 50.`,
    '',
  );
  lines.push('| | SQLite | PostgreSQL |', '|---|---|---|');
  lines.push(
    `| import, objects/s | ${fmt(sqlite.imported.objectsPerSecond)} (peak ${sqlite.imported.peakMb} MB) | ${fmt(pg.imported.objectsPerSecond)} (peak ${pg.imported.peakMb} MB) |`,
  );
  lines.push(`| HTTP addObjects, objects/s (4 clients, envelopes of 1,000) | ${fmt(sqlite.httpObjectsPerSecond)} | ${fmt(pg.httpObjectsPerSecond)} |`);
  lines.push(`| server peak RSS from its start to the end of the HTTP ingest | ${sqlite.ingestMemory.peakMb} MB | ${pg.ingestMemory.peakMb} MB |`);
  lines.push(
    `| server RSS after the queries (peak while serving them) | ${sqlite.memory.rssMb} MB (${sqlite.memory.peakMb} MB) | ${pg.memory.rssMb} MB (${pg.memory.peakMb} MB) |`,
    '',
  );
  lines.push('| query shape | store | 1 conn: req/s | mean ms | p50 ms | p99 ms | 50 conn: req/s | vs (a) at 50 |', '|---|---|---|---|---|---|---|---|');
  for (let i = 0; i < sqlite.shapes.length; i++) {
    for (const [store, result] of [
      ['SQLite', sqlite.shapes[i]],
      ['PostgreSQL', pg.shapes[i]],
    ]) {
      lines.push(
        `| ${result.shape} | ${store} | ${fmt(result.one.rps)} | ${result.one.mean.toFixed(2)} | ${result.one.p50} | ${result.one.p99} | ${fmt(result.fifty.rps)} | ${((100 * result.fifty.rps) / bare.fifty.rps).toFixed(1)}% |`,
      );
    }
  }
  lines.push('');
}

// The targets of the scale issue, as ratios, on the largest and smallest sizes of this run.
const small = runs[0];
const large = runs.at(-1);
const verdict = (ok, text) => `- ${ok ? 'met' : '**missed**'}: ${text}`;
lines.push(`## Targets (${fmt(large.size)} objects against ${fmt(small.size)})`, '');
for (const [store, key] of [
  ['SQLite', 'sqlite'],
  ['PostgreSQL', 'pg'],
]) {
  const first = large[key].shapes[0].fifty.rps / large.bare.fifty.rps;
  lines.push(verdict(first >= 0.5, `${store}: getObjects limit=100 at 50 connections is ${(first * 100).toFixed(1)}% of (a)'s req/s (target ≥ 50%)`));
  for (let i = 0; i < large[key].shapes.length; i++) {
    // Mean latency at 1 connection: autocannon's percentiles are whole milliseconds.
    const ratio = large[key].shapes[i].one.mean / small[key].shapes[i].one.mean;
    const p99 = large[key].shapes[i].one.p99;
    lines.push(
      verdict(
        ratio <= 2 && p99 <= 20,
        `${store}: ${large[key].shapes[i].shape}: mean latency ${ratio.toFixed(2)}× the smallest size's (target ≤ 2×), p99 ${p99} ms at 1 connection (target ≤ 20 ms)`,
      ),
    );
  }
  const ingestTarget = key === 'sqlite' ? 20_000 : 10_000;
  lines.push(
    verdict(
      large[key].imported.objectsPerSecond >= ingestTarget,
      `${store}: import ${fmt(large[key].imported.objectsPerSecond)} objects/s (target ≥ ${fmt(ingestTarget)})`,
    ),
  );
  lines.push(
    verdict(
      large[key].memory.peakMb <= 250,
      `${store}: server peak RSS ${large[key].memory.peakMb} MB while serving the queries (target ≤ 250 MB; ${large[key].ingestMemory.peakMb} MB up to the end of the HTTP ingest)`,
    ),
  );
}
lines.push('');
lines.push(`## Where the time goes (${fmt(large.size)} objects)`, '');
lines.push(
  'Self time in the server process over its whole run, all its threads (the import is another process), from `node --cpu-prof`, as shares of the time the threads were busy:',
  '',
);
for (const [store, key] of [
  ['SQLite', 'sqlite'],
  ['PostgreSQL', 'pg'],
]) {
  lines.push(`${store}:`, '');
  for (const { name, share } of large[key].profile) lines.push(`- ${(share * 100).toFixed(1)}% \`${name}\``);
  lines.push('');
}
const report = lines.join('\n');
if (OUT) writeFileSync(OUT, report);
process.stdout.write(OUT ? `report written to ${OUT}\n` : report);
