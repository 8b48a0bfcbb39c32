// Fails when the committed generated files differ from what `npm run generate` produces from
// openapi/: the bundles in packages/spec/bundled and the types in packages/types/src/generated.
import { execFileSync, spawnSync } from 'node:child_process';

const GENERATED = ['packages/spec/bundled', 'packages/types/src/generated'];

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });

const dirtyBefore = git('status', '--porcelain', '--', ...GENERATED);
if (dirtyBefore) {
  console.error(`Generated files have uncommitted changes; commit or discard them first:\n${dirtyBefore}`);
  process.exit(1);
}

// --force: regenerate for real rather than replay turbo's cache of an earlier run.
const run = spawnSync('npx', ['--no-install', 'turbo', 'run', 'generate', '--force', '--output-logs=errors-only'], {
  stdio: 'inherit',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
});
if (run.status !== 0) process.exit(run.status ?? 1);

const drift = git('status', '--porcelain', '--', ...GENERATED);
if (drift) {
  console.error('Generated files are out of date with openapi/. Run `npm run generate` and commit the result:');
  console.error(drift);
  console.error(git('diff', '--stat', '--', ...GENERATED));
  process.exit(1);
}
console.log('Generated files match openapi/.');
