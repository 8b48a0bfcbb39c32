// What STIX validation costs: objects per second through @taxii21/stix on the ATT&CK releases this
// repository carries, beside the TAXII-level checks alone (the reference server's `stixValidation:
// off`) measured in the same run, and what each means for an addObjects of 1,000 objects.
//   npm run build && node bench/stix-validation.mjs [rounds=5]
// Prints one table; nothing here is part of `npm test`.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { checkStixObject } from '../apps/reference-server/dist/stix.js';
import { createStixValidator } from '../packages/stix/dist/index.js';

const rounds = Number(process.argv[2] ?? 5);
const releases = ['../apps/reference-server/data/ics-attack.json.gz', '../test/data/mobile-attack-17.0.json.gz', '../test/data/mobile-attack-17.1.json.gz'];
const objects = releases.flatMap((file) => JSON.parse(gunzipSync(readFileSync(new URL(file, import.meta.url))).toString('utf8')).objects);
const limits = { maxDepth: 64, maxBytes: 4 * 1024 * 1024 };

function rate(check) {
  const perRound = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    for (const o of objects) check(o);
    perRound.push(objects.length / ((performance.now() - started) / 1000));
  }
  perRound.sort((a, b) => a - b);
  return { min: perRound[0], median: perRound[Math.floor(rounds / 2)], max: perRound.at(-1) };
}

const validator = createStixValidator();
validator.check(objects[0]); // compile the schemas before timing
const taxiiOnly = rate((o) => checkStixObject(o, limits));
const stix = rate((o) => validator.check(o));
const both = rate((o) => {
  checkStixObject(o, limits);
  return validator.check(o);
});
const invalid = objects.map((o) => validator.check(o)).filter((c) => !c.valid).length;

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const ms1000 = (r) => ((1000 / r.median) * 1000).toFixed(1);
console.log(`${objects.length} ATT&CK objects (${releases.join(', ')}), ${rounds} rounds, Node ${process.version}; ${invalid} invalid\n`);
console.log('| check | objects/s (min / median / max) | ms per 1,000 objects |');
console.log('|---|---|---|');
for (const [name, r] of [
  ['TAXII checks only (stixValidation: off)', taxiiOnly],
  ['STIX 2.1 schemas and rules alone', stix],
  ['both (report or enforce)', both],
]) {
  console.log(`| ${name} | ${fmt(r.min)} / ${fmt(r.median)} / ${fmt(r.max)} | ${ms1000(r)} |`);
}
