import { join } from 'node:path';
import { COMMONJS_TSCONFIG, compileTypeScript, installedVersion, nodeBin, runTypeScript } from '../../lib/typescript.mjs';

const TEMPLATE = '@openapi-generator-plus/typescript-fetch-client-generator';

export default {
  id: 'openapi-generator-plus',
  generator: 'openapi-generator-plus (typescript-fetch-client)',
  language: 'TypeScript',
  version: `${installedVersion('openapi-generator-plus')}, template ${installedVersion(TEMPLATE)}`,
  variants: ['openapi-3.0/taxii21.api-root.yaml', 'openapi-3.0/taxii21.discovery.yaml'],
  knownFault:
    'generator fault: it writes `additionalProperties: true` (any further property, of any type) as the index signature `[key: string]: string | undefined`, which contradicts the declared properties that are numbers, booleans or lists (`total_count`, `more`, `versions`: TS2411), so the generated models do not compile under `strict`. `true` is what the standard and JSON Schema mean by an open object, and the other generators read it so.',
  async generate(ctx) {
    for (const [file, folder] of [
      ['openapi-3.0/taxii21.api-root.yaml', 'root'],
      ['openapi-3.0/taxii21.discovery.yaml', 'discovery'],
    ]) {
      await ctx.run(nodeBin('openapi-generator-plus'), ['-g', TEMPLATE, '-o', join(ctx.out, folder), ctx.description(file)], { cwd: ctx.out });
    }
  },
  // Its imports have no file extensions, which only CommonJS resolution accepts.
  compile: (ctx) => compileTypeScript(ctx, COMMONJS_TSCONFIG),
  scenario: runTypeScript,
};
