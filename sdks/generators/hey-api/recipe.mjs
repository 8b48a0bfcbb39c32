import { join } from 'node:path';
import { compileTypeScript, installedVersion, nodeBin, runTypeScript } from '../../lib/typescript.mjs';

export default {
  id: 'hey-api',
  generator: '@hey-api/openapi-ts',
  language: 'TypeScript',
  // 0.95 is the newest release that runs on Node 20 (0.96 and later need Node 22.13).
  version: installedVersion('@hey-api/openapi-ts'),
  variants: ['taxii21.api-root.yaml', 'taxii21.discovery.yaml'],
  async generate(ctx) {
    for (const [file, folder] of [
      ['taxii21.api-root.yaml', 'root'],
      ['taxii21.discovery.yaml', 'discovery'],
    ]) {
      await ctx.run(nodeBin('openapi-ts'), ['-i', ctx.description(file), '-o', join(ctx.out, folder)], { cwd: ctx.out });
    }
  },
  compile: compileTypeScript,
  scenario: runTypeScript,
};
