#!/usr/bin/env node
// The SDK compatibility matrix: for each generator recipe (generators/), generate a client from
// this project's description, compile it, and run the live scenario against the demo server.
//   node sdks/run.mjs            run every recipe and print the table
//   node sdks/run.mjs --write    … and write it into sdks/README.md (`npm run sdks`)
//   node sdks/run.mjs --check    … and fail when it differs from sdks/README.md (npm test)
//   --only id,id                 just those recipes (never with --write or --check)
//   --jobs N                     recipes at once (default: the machine's cores)
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RECIPES } from './generators/index.mjs';
import { startDemo } from './lib/demo-server.mjs';
import { matrixTable, replaceTable, tableIn } from './lib/matrix-table.mjs';
import { BUNDLED, CACHE, SDKS } from './lib/paths.mjs';
import { mustRun } from './lib/run-command.mjs';
import { runSamples } from './lib/samples.mjs';
import { LIVE_STEPS, parseSteps } from './lib/steps.mjs';

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
options.jobs = Number(options.jobs);
if (!Number.isInteger(options.jobs) || options.jobs < 1) {
  console.error('run.mjs: --jobs takes a whole number of at least 1');
  process.exit(2);
}
const chosen = options.only ? RECIPES.filter((r) => options.only.split(',').includes(r.id)) : RECIPES;
const README = join(SDKS, 'README.md');
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

/** One recipe: generate, compile, run the live scenario. Its log lines are its own, so that recipes can run side by side. */
async function runRecipe(recipe, demo) {
  const log = [];
  const out = join(CACHE, 'out', recipe.id);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const ctx = {
    out,
    dir: join(SDKS, 'generators', recipe.id),
    description: (file) => join(BUNDLED, file),
    run: mustRun,
    scenarioEnv: {
      ...process.env,
      ...demo.scenarioEnv,
      TAXII_NEW_ID: `indicator--${randomUUID()}`,
      TAXII_NEW_VERSION: '2026-01-02T03:04:05.678Z',
      // Fresh ids for the custom-properties step's copies, one per object (a malware, an x-mitre-tactic).
      TAXII_CUSTOM_NEW_IDS: `malware--${randomUUID()},x-mitre-tactic--${randomUUID()}`,
    },
  };
  const outcomes = new Map();
  const attempt = async (name, action) => {
    try {
      await action();
      outcomes.set(name, { ok: true });
    } catch (error) {
      outcomes.set(name, { ok: false, why: error.message });
      log.push(`## ${recipe.id}: ${name} failed\n${error.message}`);
    }
  };
  await attempt('generate', () => recipe.generate(ctx));
  if (outcomes.get('generate').ok) await attempt('compile', () => recipe.compile(ctx));
  const compiled = outcomes.get('compile')?.ok === true;
  if (compiled) {
    const output = await recipe.scenario(ctx).then(
      (result) => result.output,
      (error) => {
        log.push(`## ${recipe.id}: the scenario failed\n${error.message}`);
        return error.result?.output ?? '';
      },
    );
    for (const [name, outcome] of parseSteps(output)) outcomes.set(name, outcome);
    // A scenario that stopped early (it crashed, or hung) passed none of the steps it never reported.
    for (const [name] of LIVE_STEPS) if (!outcomes.has(name)) outcomes.set(name, { ok: false, why: 'the scenario stopped before this step' });
    for (const [name] of LIVE_STEPS) {
      const outcome = outcomes.get(name);
      if (outcome && !outcome.ok) log.push(`## ${recipe.id}: ${name} failed: ${outcome.why}`);
    }
    if (recipe.samples) await attempt('samples', () => runSamples(recipe, ctx, demo));
  }
  return { recipe, outcomes, log };
}

// Each recipe spends much of its time in one single-threaded tool (a JVM, pip, tsc, go build):
// as many run at once as the machine has cores. Each scenario writes and deletes only its own new object.
const demo = await startDemo();
const results = [];
let done = 0;
try {
  let next = 0;
  const lane = async () => {
    while (next < chosen.length) {
      const index = next++;
      const since = Date.now();
      const result = await runRecipe(chosen[index], demo);
      results[index] = result;
      const { recipe, outcomes } = result;
      const live = LIVE_STEPS.filter(([name]) => outcomes.get(name)?.ok).length;
      const mark = (name) => (outcomes.get(name) === undefined ? '–' : outcomes.get(name).ok ? 'ok' : 'FAILED');
      console.log(
        `[${++done}/${chosen.length}] ${recipe.generator} (${recipe.language}): generate ${mark('generate')}, compile ${mark('compile')}, live ${live}/${LIVE_STEPS.length} (${seconds(since)})`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, chosen.length) }, lane));
} finally {
  await demo.stop();
}
const log = results.flatMap((result) => result.log);

mkdirSync(CACHE, { recursive: true });
writeFileSync(join(CACHE, 'last-run.log'), `${log.join('\n\n')}\n`);
if (log.length > 0) console.log(`\nWhat failed (also in .cache/sdks/last-run.log):\n\n${log.join('\n\n')}\n`);
const table = matrixTable(results);
console.log(`\n${table}\n\nThe matrix took ${seconds(started)}.`);

if (options.write) {
  writeFileSync(README, replaceTable(readFileSync(README, 'utf8'), table));
  console.log('Written into sdks/README.md.');
} else if (options.check) {
  if (tableIn(readFileSync(README, 'utf8')) !== table) {
    console.error(
      '\nThe matrix differs from the one in sdks/README.md (above: this run). A generator or the description changed what works: fix it, or run `npm run sdks` and commit the table.',
    );
    process.exitCode = 1;
  } else console.log('The matrix matches sdks/README.md.');
}
