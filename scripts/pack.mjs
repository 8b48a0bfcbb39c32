// `npm run pack [-- <folder>]`: the installable packages, one `npm pack` tarball per public
// workspace, into `tarballs/` (or the folder given). Build first (`npm run build`): a tarball
// carries the built code. Install them on a server with `npm install <folder>/*.tgz`.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY = fileURLToPath(new URL('../', import.meta.url));

/** The workspaces published as packages, in the order they depend on one another. */
export const PUBLIC_WORKSPACES = [
  'packages/spec',
  'packages/types',
  'packages/stix',
  'packages/command-line',
  'packages/server',
  'packages/client',
  'packages/conformance',
  'apps/reference-server',
];

/** Packs every public workspace into `destination`; returns what `npm pack --json` said of each. */
export function packWorkspaces(destination, env = process.env) {
  mkdirSync(destination, { recursive: true });
  return PUBLIC_WORKSPACES.flatMap((workspace) =>
    JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: join(REPOSITORY, workspace), env, encoding: 'utf8' })),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const destination = resolve(process.argv[2] ?? join(REPOSITORY, 'tarballs'));
  for (const pack of packWorkspaces(destination)) console.log(join(destination, pack.filename));
}
