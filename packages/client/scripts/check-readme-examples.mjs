// Type-checks every ```ts block of README.md against the client's sources, so the examples a user
// copies cannot drift from the API. Each block becomes its own module.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(packageDir, '.readme-examples');
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
if (blocks.length === 0) throw new Error('README.md has no ```ts examples to check');

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir);
blocks.forEach((code, i) => writeFileSync(join(outDir, `example-${i + 1}.ts`), code));
writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../../tsconfig.base.json',
    compilerOptions: {
      noEmit: true,
      // A snippet may set something up and stop there.
      noUnusedLocals: false,
      paths: { '@taxii21/client': ['../src/index.ts'], '@taxii21/client/node': ['../src/node.ts'] },
    },
    include: ['*.ts'],
  }),
);
try {
  execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', outDir], { stdio: 'inherit' });
} catch {
  process.exitCode = 1;
  console.error(`README.md: a code example does not type-check (blocks are numbered in order in ${outDir})`);
}
if (process.exitCode !== 1) console.log(`README.md: ${blocks.length} TypeScript examples type-check`);
