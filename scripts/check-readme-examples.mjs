// Type-checks every ```ts block of a package's README.md against that package's sources, so the
// examples a user copies cannot drift from the API. Each block becomes its own module; the
// package's own name (and each of its export subpaths) resolves to its sources, other packages of
// the workspace to what they publish.
// Run in a package's folder, as each package's lint script does.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const packageDir = process.cwd();
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const outDir = join(packageDir, '.readme-examples');
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
if (blocks.length === 0) throw new Error(`${manifest.name}: README.md has no \`\`\`ts examples to check`);

// `.` → src/index.ts, `./node` → src/node.ts: the sources behind each export of the package.
const paths = Object.fromEntries(
  Object.keys(manifest.exports ?? { '.': {} })
    .filter((subpath) => !subpath.includes('*') && !subpath.endsWith('.json'))
    .map((subpath) => [
      subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
      [`../src/${subpath === '.' ? 'index' : subpath.slice(2)}.ts`],
    ]),
);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir);
for (const [i, code] of blocks.entries()) writeFileSync(join(outDir, `example-${i + 1}.ts`), code);
writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify({
    extends: relative(outDir, join(import.meta.dirname, '..', 'tsconfig.base.json')),
    // A snippet may set something up and stop there.
    compilerOptions: { noEmit: true, noUnusedLocals: false, paths },
    include: ['*.ts'],
  }),
);
try {
  execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', outDir], { stdio: 'inherit' });
  console.log(`${manifest.name}: README.md: ${blocks.length} TypeScript examples type-check`);
} catch {
  process.exitCode = 1;
  console.error(`${manifest.name}: README.md: a code example does not type-check (blocks are numbered in order in ${outDir})`);
}
