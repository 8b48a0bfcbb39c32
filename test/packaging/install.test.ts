// The packages as a user outside this repository gets them: every public workspace packed with
// `npm pack`, the tarballs installed into an empty folder outside the repository (dependencies
// from the registry, nothing from the workspace), then used: the client and every other package
// from TypeScript (strict, NodeNext), each command's --version, and taxii-server init + start.
// The SQLite driver's native binary comes from a prebuilt-binary mirror, as in a company that
// mirrors them: a loopback server hands out the one this checkout compiled (`npm ci` has just
// proved that it compiles from source), so the install does not spend a minute and a half
// compiling SQLite again.
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outsideEnvironment } from '../support/outside-environment.js';
// @ts-expect-error: a plain ES module of the repository's scripts, without type declarations.
import { packWorkspaces } from '../../scripts/pack.mjs';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

const work = mkdtempSync(join(tmpdir(), 'taxii-packages-'));
const packs = join(work, 'tarballs');
const outside = join(work, 'app');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The install sees only the empty folder, as in a user's terminal; the SQLite driver compiles
 * against the running Node's own headers, as in .ci/run. */
const ENV: NodeJS.ProcessEnv = {
  ...outsideEnvironment(),
  npm_config_nodedir: resolve(dirname(process.execPath), '..'),
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};

type Packed = { name: string; version: string; filename: string; files: { path: string }[] };
const packed: Packed[] = [];
const bin = (name: string) => join(outside, 'node_modules', '.bin', name);
const run = (command: string, args: string[], input?: string) =>
  execFileSync(command, args, { cwd: outside, env: ENV, encoding: 'utf8', input, timeout: 120_000 });

/** The prebuilt-binary download prebuild-install asks for: the workspace's compiled driver, at
 * `<host>/v<version>/better-sqlite3-v<version>-node-v<abi>-<platform>-<arch>.tar.gz`. */
async function startBinaryMirror(): Promise<{ host: string; served: () => string[]; close: () => Promise<void> }> {
  const driver = dirname(createRequire(join(REPOSITORY, 'apps/reference-server/package.json')).resolve('better-sqlite3/package.json'));
  const { version } = JSON.parse(readFileSync(join(driver, 'package.json'), 'utf8')) as { version: string };
  const file = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const tarball = join(work, file);
  execFileSync('tar', ['-czf', tarball, '-C', driver, relative(driver, join(driver, 'build/Release/better_sqlite3.node'))]);
  const served: string[] = [];
  const server: Server = createServer((request, response) => {
    if (request.url !== `/v${version}/${file}`) return void response.writeHead(404).end();
    served.push(request.url);
    response.writeHead(200, { 'Content-Type': 'application/gzip' }).end(readFileSync(tarball));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  return { host: `http://127.0.0.1:${port}`, served: () => served, close: () => new Promise((closed) => server.close(() => closed())) };
}

/** Runs a command to its end without blocking this process (the mirror answers from it meanwhile). */
function runToEnd(command: string, args: string[], timeoutMs: number): Promise<{ status: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: outside, env: ENV });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (status) => {
      clearTimeout(timer);
      done({ status, output });
    });
  });
}

let mirrored: string[] = [];

beforeAll(async () => {
  mkdirSync(packs, { recursive: true });
  mkdirSync(outside, { recursive: true });
  // What `npm run pack` makes, as the README's "Install on a server" says.
  packed.push(...(packWorkspaces as (destination: string, env: NodeJS.ProcessEnv) => Packed[])(packs, ENV));
  writeFileSync(
    join(outside, 'package.json'),
    JSON.stringify({ name: 'outside-user', private: true, type: 'module', allowScripts: { 'better-sqlite3': true } }),
  );
  const mirror = await startBinaryMirror();
  ENV.npm_config_better_sqlite3_binary_host = mirror.host;
  const rootPackage = JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8'));
  // The install's own log (fetches, the native compile) is kept, so that a failure says where it stopped.
  const install = await runToEnd(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=http',
      '--foreground-scripts',
      ...packed.map((p) => join(packs, p.filename)),
      `typescript@${rootPackage.devDependencies.typescript}`,
      `@types/node@${rootPackage.devDependencies['@types/node']}`,
    ],
    600_000,
  ).finally(() => mirror.close());
  mirrored = mirror.served();
  if (install.status !== 0) {
    throw new Error(`npm install of the tarballs failed (exit ${install.status}); its log ends:\n${install.output.slice(-4000)}`);
  }
}, 700_000);

describe('the packages outside the repository', () => {
  it('every tarball carries LICENSE, README, built code and its types; no sources, maps or tests; one version', () => {
    expect(packed.map((p) => p.name).sort()).toEqual([
      '@taxii21/client',
      '@taxii21/command-line',
      '@taxii21/conformance',
      '@taxii21/reference-server',
      '@taxii21/server',
      '@taxii21/spec',
      '@taxii21/stix',
      '@taxii21/types',
    ]);
    expect(new Set(packed.map((p) => p.version)).size).toBe(1);
    for (const p of packed) {
      const files = p.files.map((f) => f.path);
      expect(files, p.name).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
      expect(
        files.filter((f) => f.endsWith('.map') || /(^|\/)test\//.test(f) || /\.test\.[jt]s$/.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts'))),
        p.name,
      ).toEqual([]);
      expect(readFileSync(join(outside, 'node_modules', p.name, 'LICENSE'), 'utf8')).toContain('Apache License');
    }
  });

  it('takes the SQLite driver prebuilt from the mirror, once', () => {
    expect(mirrored).toHaveLength(1);
  });

  it('the client and the other libraries compile from TypeScript (strict, NodeNext) and run', async () => {
    writeFileSync(
      join(outside, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: false,
          outDir: 'out',
          types: ['node'],
        },
        include: ['use.ts'],
      }),
    );
    writeFileSync(
      join(outside, 'use.ts'),
      `import { TaxiiClient, TaxiiResponseError } from '@taxii21/client';
import { nodeFetch } from '@taxii21/client/node';
import type { components } from '@taxii21/types';
import { createTaxiiApp } from '@taxii21/server';
import { runConformance } from '@taxii21/conformance';
import { didYouMean } from '@taxii21/command-line';
import { createReferenceServer } from '@taxii21/reference-server';
import { createStixValidator, isStixType, type StixObject } from '@taxii21/stix';

type Discovery = components['schemas']['Discovery'];
// An envelope item narrowed to its STIX type: \`item.pattern\` is a string only after the guard.
const item: StixObject = JSON.parse('{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","pattern":"[ipv4-addr:value = \\'198.51.100.1\\']","pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z"}');
const pattern: string | undefined = isStixType(item, 'indicator') ? item.pattern : undefined;
const stixValid = createStixValidator().check(item).valid;
const client = new TaxiiClient({ fetch: nodeFetch({}), auth: { username: 'alice', password: process.argv[3] ?? '' } });
const discovery: Discovery = await client.discover(process.argv[2] ?? '');
const root = client.apiRoot(discovery.api_roots![0]!);
const { collections = [] } = await root.getCollections();
console.log(JSON.stringify({ title: discovery.title, collections: collections.map((c) => c.alias), suggestion: didYouMean('colection', ['collection']), pattern, stixValid, libraries: [typeof createTaxiiApp, typeof runConformance, typeof createReferenceServer, typeof TaxiiResponseError] }));
`,
    );
    run(bin('tsc'), ['-p', '.']);
    const server = await startServer();
    try {
      const out = JSON.parse(run(process.execPath, ['out/use.js', `${server.origin}/taxii2/`, 'a long password for alice']));
      expect(out).toEqual({
        title: 'My TAXII server',
        collections: ['intel'],
        suggestion: 'collection',
        pattern: "[ipv4-addr:value = '198.51.100.1']",
        stixValid: true,
        libraries: ['function', 'function', 'function', 'function'],
      });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('taxii pushes to and reads from the installed server, and taxii-conformance judges it, all installed', async () => {
    const server = await startServer();
    const apiRoot = `${server.origin}/api/`;
    const as = { ...ENV, TAXII_USER: 'alice', TAXII_PASSWORD: 'a long password for alice' };
    const use = (command: string, args: string[]) => execFileSync(bin(command), args, { cwd: outside, env: as, encoding: 'utf8', timeout: 120_000 });
    try {
      const bundle = join(outside, 'indicator.json');
      writeFileSync(
        bundle,
        JSON.stringify({
          type: 'bundle',
          id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
          objects: [
            {
              type: 'indicator',
              spec_version: '2.1',
              id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
              created: '2016-04-06T20:03:48.000Z',
              modified: '2016-04-06T20:03:48.000Z',
              pattern: "[ipv4-addr:value = '198.51.100.1']",
              pattern_type: 'stix',
              valid_from: '2016-01-01T00:00:00Z',
            },
          ],
        }),
      );
      expect(use('taxii', ['push', apiRoot, 'intel', bundle])).toMatch(/^1 objects in 1 request: 1 succeeded, 0 failed, 0 pending/);
      const page = JSON.parse(use('taxii', ['objects', apiRoot, 'intel'])) as { objects: { id: string }[] };
      expect(page.objects.map((o) => o.id)).toEqual(['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f']);
      // The suite against the installed server, writing to its collection: every MUST passes (exit 0).
      const judged = use('taxii-conformance', [`${server.origin}/taxii2/`, '--write-collection', 'intel']);
      expect(judged).toMatch(/Every MUST that was checked passed\.\n$/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 300_000);

  it('each command answers --version', () => {
    expect(run(bin('taxii'), ['--version'])).toMatch(/^taxii \d+\.\d+\.\d+ \(@taxii21\/client\)\n$/);
    expect(run(bin('taxii-conformance'), ['--version'])).toMatch(/^taxii-conformance \d+\.\d+\.\d+ \(@taxii21\/conformance\)\n$/);
    expect(run(bin('taxii-server'), ['--version'])).toMatch(/^taxii-server \d+\.\d+\.\d+ \(@taxii21\/reference-server\)\n$/);
  });
});

/** taxii-server init, user add, start: the operator's first three commands, from the installed package. */
async function startServer() {
  rmSync(join(outside, 'taxii-server.yaml'), { force: true });
  run(bin('taxii-server'), ['init']);
  run(bin('taxii-server'), ['user', 'add', 'alice', '--password-stdin'], 'a long password for alice');
  const child = spawn(bin('taxii-server'), ['start', '--port', '0'], { cwd: outside, env: ENV });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /discovery at (http:\/\/127\.0\.0\.1:\d+)\/taxii2\//.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`taxii-server exited ${code}: ${out}`)));
  });
  return { child, origin, exited };
}
