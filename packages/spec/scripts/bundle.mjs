// Bundles openapi/ into the published forms and derives the variants from the bundle. Run through
// `npm run generate`; the output is committed, and CI fails when running this again changes it
// (scripts/check-generated.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { VARIANTS } from './variants.mjs';

const redocly = fileURLToPath(new URL('../../../scripts/redocly', import.meta.url));
const config = fileURLToPath(new URL('../../../redocly.yaml', import.meta.url));
const outputs = [['bundled/taxii21.yaml'], ['bundled/taxii21.json'], ['bundled/taxii21.dereferenced.json', '--dereferenced']];

for (const [output, ...flags] of outputs) {
  const run = spawnSync(redocly, ['bundle', 'taxii21', '--config', config, '--output', output, ...flags], {
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

const canonical = JSON.parse(readFileSync('bundled/taxii21.json', 'utf8'));
for (const [name, make] of VARIANTS) {
  const output = `bundled/${name}.yaml`;
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, stringify(make(canonical), { lineWidth: 0, aliasDuplicateObjects: false }));
  console.log(`variant: ${output}`);
}
