#!/usr/bin/env node
// The server matrix: for each recipe (generators/), generate a TAXII 2.1 server from this
// project's server variant, compile it with its language's own toolchain, start it on the
// matrix's settings (lib/settings.mjs), and judge it: the conformance suite (standard profile) in
// a read run and a write run, then ATT&CK for ICS pulled whole with `taxii objects --all`.
//   node servers/run.mjs            run every recipe and print the table
//   node servers/run.mjs --write    … and write it into servers/README.md (`npm run servers`)
//   node servers/run.mjs --check    … and fail when it differs from servers/README.md (npm test)
//   --only id,id                    just those recipes (never with --write or --check)
//   --jobs N                        recipes at once (default: the machine's cores)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mustRun } from '../sdks/lib/run-command.mjs';
import { RECIPES } from './generators/index.mjs';
import { conformance, pullAll, startServer } from './lib/judge.mjs';
import { BUNDLED, CACHE, SERVERS } from './lib/paths.mjs';
import { unpackSeed, writeSettings } from './lib/settings.mjs';
import { countLines, replaceTable, serverTable, STEPS, tableIn } from './lib/table.mjs';

const { values: options } = parseArgs({
  options: {
    write: { type: 'boolean' },
    check: { type: 'boolean' },
    only: { type: 'string' },
    jobs: { type: 'string', default: String(availableParallelism()) },
  },
});
if (options.only && (options.write || options.check)) {
  console.error('run.mjs: --only runs part of the matrix, so it cannot --write or --check the whole table');
  process.exit(2);
}
const jobs = Number(options.jobs);
if (!Number.isInteger(jobs) || jobs < 1) {
  console.error('run.mjs: --jobs takes a whole number of at least 1');
  process.exit(2);
}
const chosen = options.only ? RECIPES.filter((r) => options.only.split(',').includes(r.id)) : RECIPES;
const README = join(SERVERS, 'README.md');
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;
const seed = unpackSeed(CACHE);

/** One recipe, step by step; a step runs only when the one before it passed. */
async function runRecipe(recipe) {
  const log = [];
  const out = join(CACHE, 'out', recipe.id);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const dir = join(SERVERS, 'generators', recipe.id);
  const ctx = { out, dir, description: join(BUNDLED, recipe.variant), run: mustRun };
  const outcomes = new Map();
  const attempt = async (name, action) => {
    try {
      const counts = await action();
      outcomes.set(name, { ok: true, ...(counts === undefined ? {} : counts) });
    } catch (error) {
      outcomes.set(name, { ok: false, ...(error.counts ? { counts: error.counts } : {}) });
      log.push(`## ${recipe.id}: ${name} failed\n${error.message}`);
    }
    return outcomes.get(name).ok;
  };
  let server;
  if ((await attempt('generate', () => recipe.generate(ctx))) && (await attempt('compile', () => recipe.compile(ctx)))) {
    const settings = writeSettings(out, seed.path);
    const serverLog = [];
    const start = async () => {
      server = await startServer(await recipe.command(ctx), settings, serverLog);
    };
    if (await attempt('start', start)) {
      for (const [name, write] of [
        ['read', false],
        ['write', true],
      ]) {
        await attempt(name, async () => {
          const result = await conformance(server.origin, out, write);
          const counts = `${result.pass} pass, ${result.fail} fail, ${result.warn} warn, ${result.skip} skip`;
          const problems = [...result.failed, ...(result.leftBehind.length > 0 ? [`left behind: ${result.leftBehind.join(', ')}`] : [])];
          if (problems.length > 0) throw Object.assign(new Error(problems.join('\n')), { counts });
          return { counts };
        });
      }
      await attempt('pull', async () => {
        const pulled = await pullAll(server.origin, out);
        const counts = `${pulled} of ${seed.count}`;
        if (pulled !== seed.count) throw Object.assign(new Error(`pulled ${pulled} distinct objects of ${seed.count}`), { counts });
        return { counts };
      });
      await server.stop();
      writeFileSync(join(out, 'server.log'), serverLog.join(''));
    }
  }
  const handWritten = countLines(recipe.handWritten.map((file) => readFileSync(join(dir, file), 'utf8')));
  const generated = outcomes.get('generate')?.ok ? countLines(recipe.generatedFiles(ctx).map((file) => readFileSync(file, 'utf8'))) : undefined;
  return { recipe, outcomes, log, handWritten, generated };
}

const results = [];
let done = 0;
let next = 0;
const lane = async () => {
  while (next < chosen.length) {
    const index = next++;
    const since = Date.now();
    const result = await runRecipe(chosen[index]);
    results[index] = result;
    const summary = STEPS.map((step) => {
      const outcome = result.outcomes.get(step);
      return `${step} ${outcome === undefined ? '–' : outcome.ok ? 'ok' : 'FAILED'}${outcome?.counts ? ` (${outcome.counts})` : ''}`;
    });
    console.log(`[${++done}/${chosen.length}] ${result.recipe.generator} (${result.recipe.language}): ${summary.join(', ')} (${seconds(since)})`);
  }
};
await Promise.all(Array.from({ length: Math.min(jobs, chosen.length) }, lane));
const log = results.flatMap((result) => result.log);

mkdirSync(CACHE, { recursive: true });
writeFileSync(join(CACHE, 'last-run.log'), `${log.join('\n\n')}\n`);
if (log.length > 0) console.log(`\nWhat failed (also in .cache/servers/last-run.log):\n\n${log.join('\n\n')}\n`);
const table = serverTable(results);
console.log(`\n${table}\n\nThe matrix took ${seconds(started)}.`);

if (options.write) {
  writeFileSync(README, replaceTable(readFileSync(README, 'utf8'), table));
  console.log('Written into servers/README.md.');
} else if (options.check) {
  if (tableIn(readFileSync(README, 'utf8')) !== table) {
    console.error(
      '\nThe matrix differs from the one in servers/README.md (above: this run). A generator, a server or the description changed what works: fix it, or run `npm run servers` and commit the table.',
    );
    process.exitCode = 1;
  } else console.log('The matrix matches servers/README.md.');
}
