#!/usr/bin/env node
// The cross-check: every case of cases.mjs and every object of the ATT&CK releases the repository
// carries, judged by @taxii21/stix (built) and by OASIS's validator (stix2-validator, pinned in
// requirements.txt, in a virtual environment made here on first use), each against the verdict
// the STIX 2.1 text gives. Prints the disagreements;
//   node cross-check/run.mjs            print
//   node cross-check/run.mjs --write    … and write the table into ../CROSS-CHECK.md
//   node cross-check/run.mjs --check    … and fail when it differs from ../CROSS-CHECK.md, or when
//                                         a verdict of ours is wrong without a `notYet` note, or
//                                         OASIS's is wrong without an `oasisWrong` note (npm test)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { createStixValidator } from '../dist/index.js';
import { venvBin } from '../../../scripts/python-venv.mjs';
import { CASES } from './cases.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const REPOSITORY = here('../../../');
const VENV = `${REPOSITORY}.cache/stix-cross-check/venv`;
const TABLE_FILE = here('../CROSS-CHECK.md');
const BEGIN = '<!-- cross-check:begin (written by `node cross-check/run.mjs --write`; do not edit) -->';
const END = '<!-- cross-check:end -->';
const RELEASES = ['apps/reference-server/data/ics-attack.json.gz', 'test/data/mobile-attack-17.0.json.gz', 'test/data/mobile-attack-17.1.json.gz'];
const mode = process.argv[2];

/** The virtual environment's python, with requirements.txt installed (scripts/python-venv.mjs). */
const python = async () => `${await venvBin(here('requirements.txt'), VENV)}/python`;

/** OASIS's verdicts, one per object, in order. */
async function oasisVerdicts(objects) {
  const child = spawn(await python(), [here('oasis.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stdin.end(JSON.stringify(objects));
  const code = await new Promise((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`oasis.py exited ${code}`);
  const verdicts = output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  if (verdicts.length !== objects.length) throw new Error(`oasis.py judged ${verdicts.length} of ${objects.length} objects`);
  return verdicts;
}

const attack = RELEASES.flatMap((file) =>
  JSON.parse(gunzipSync(readFileSync(`${REPOSITORY}${file}`)).toString('utf8')).objects.map((object) => ({
    name: `${file.split('/').pop()}: ${object.id}`,
    section: 'ATT&CK',
    object,
    expect: 'valid',
  })),
);
const cases = [...CASES, ...attack];
const validator = createStixValidator();
const oasis = await oasisVerdicts(cases.map((c) => c.object));
const rows = cases.map((c, i) => {
  const check = validator.check(c.object);
  return {
    ...c,
    ours: check.valid && check.stix21 ? 'valid' : 'invalid',
    oursWhy: check.errors[0] ?? check.reason ?? '',
    oasis: oasis[i].crashed ? 'crashed' : oasis[i].valid ? 'valid' : 'invalid',
    oasisWhy: oasis[i].crashed ?? oasis[i].errors[0] ?? '',
  };
});

const problems = [];
for (const r of rows) {
  if (r.ours !== r.expect && !r.notYet)
    problems.push(`ours wrong, with no notYet note: ${r.name} (${r.section}): we say ${r.ours}${r.oursWhy ? ` (${r.oursWhy})` : ''}`);
  if (r.ours === r.expect && r.notYet) problems.push(`stale notYet note: ${r.name}: we now say ${r.ours}`);
  if (r.oasis !== r.expect && !r.oasisWrong)
    problems.push(
      `OASIS disagrees with the text's verdict and no note settles it: ${r.name} (${r.section}): OASIS says ${r.oasis} (${r.oasisWhy.slice(0, 200)})`,
    );
  if (r.oasis === r.expect && r.oasisWrong) problems.push(`stale oasisWrong note: ${r.name}: OASIS now says ${r.oasis}`);
}

const disagreements = rows.filter((r) => r.ours !== r.oasis);
const cell = (text) => text.replaceAll('|', '\\|').replace(/\s+/g, ' ');
const table = [
  BEGIN,
  `${rows.length} cases: ${CASES.length} made for a rule each, and the ${attack.length} objects of ${RELEASES.length} ATT&CK releases. We agree with OASIS's validator (stix2-validator 3.3.2, errors only) on ${rows.length - disagreements.length}; we disagree on ${disagreements.length}: OASIS wrong on ${disagreements.filter((r) => r.oasisWrong).length}, we not yet right on ${disagreements.filter((r) => r.notYet).length}.`,
  '',
  '| case | section | the text says | we say | OASIS says | settled by |',
  '|---|---|---|---|---|---|',
  ...disagreements.map(
    (r) =>
      `| ${cell(r.name)} | ${r.section} | ${r.expect} | ${r.ours} | ${r.oasis} | ${cell(r.oasisWrong ? `OASIS wrong: ${r.oasisWrong}` : r.notYet ? `not yet ours: ${r.notYet}` : 'unsettled')} |`,
  ),
  END,
].join('\n');
console.log(table);

if (mode === '--write') {
  const document = readFileSync(TABLE_FILE, 'utf8');
  writeFileSync(TABLE_FILE, `${document.slice(0, document.indexOf(BEGIN))}${table}${document.slice(document.indexOf(END) + END.length)}`);
  console.log(`\nWritten into ${TABLE_FILE}.`);
}
if (mode === '--check') {
  const document = readFileSync(TABLE_FILE, 'utf8');
  const committed = document.slice(document.indexOf(BEGIN), document.indexOf(END) + END.length);
  if (committed !== table)
    problems.push('the table differs from the committed one in CROSS-CHECK.md (run `node cross-check/run.mjs --write` and commit it, if the change is right)');
}
if (problems.length > 0) {
  console.error(`\n${problems.join('\n')}`);
  process.exit(1);
}
