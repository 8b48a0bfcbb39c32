// Bundles openapi/ into the three published forms. Run through `npm run generate`; the output is
// committed, and CI fails when running this again changes it (scripts/check-generated.mjs).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const redocly = fileURLToPath(new URL('../../../scripts/redocly', import.meta.url));
const config = fileURLToPath(new URL('../../../redocly.yaml', import.meta.url));
const outputs = [
  ['bundled/taxii21.yaml'],
  ['bundled/taxii21.json'],
  ['bundled/taxii21.dereferenced.json', '--dereferenced'],
];

for (const [output, ...flags] of outputs) {
  const run = spawnSync(redocly, ['bundle', 'taxii21', '--config', config, '--output', output, ...flags], {
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
