// What every TypeScript recipe shares: the recipe's main.ts and the common scenario are copied
// beside the generated code, compiled with tsc (strict, NodeNext) and run with node.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY, SDKS } from './paths.mjs';

const bin = (name) => join(REPOSITORY, 'node_modules', '.bin', name);

export const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: true,
    outDir: 'dist',
    types: ['node'],
    lib: ['ES2022', 'DOM'],
  },
  include: ['**/*.ts'],
  exclude: ['dist'],
};

/** For generated code whose imports have no file extensions: CommonJS, resolved the old way. */
export const COMMONJS_TSCONFIG = {
  ...TSCONFIG,
  compilerOptions: { ...TSCONFIG.compilerOptions, module: 'CommonJS', moduleResolution: 'node10' },
};

export async function compileTypeScript(ctx, tsconfig = TSCONFIG) {
  copyFileSync(join(SDKS, 'scenario', 'scenario.ts'), join(ctx.out, 'scenario.ts'));
  copyFileSync(join(ctx.dir, 'main.ts'), join(ctx.out, 'main.ts'));
  const type = tsconfig.compilerOptions.module === 'CommonJS' ? 'commonjs' : 'module';
  writeFileSync(join(ctx.out, 'package.json'), JSON.stringify({ type, private: true }));
  writeFileSync(join(ctx.out, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  await ctx.run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: ctx.out });
}

export function runTypeScript(ctx) {
  return ctx.run(process.execPath, ['dist/main.js'], { cwd: ctx.out, env: ctx.scenarioEnv, timeoutSeconds: 120 });
}

/** A Node generator's command from this workspace's devDependencies. */
export const nodeBin = bin;

import { readFileSync } from 'node:fs';
/** The version of a package installed in the repository (what the recipe actually ran). */
export const installedVersion = (name) => JSON.parse(readFileSync(join(REPOSITORY, 'node_modules', name, 'package.json'), 'utf8')).version;
