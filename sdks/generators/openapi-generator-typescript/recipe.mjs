import { join } from 'node:path';
import { OPENAPI_GENERATOR_VERSION, openapiGeneratorJar } from '../../lib/toolchains.mjs';
import { compileTypeScript, runTypeScript } from '../../lib/typescript.mjs';

export default {
  id: 'openapi-generator-typescript',
  generator: 'openapi-generator (typescript-fetch)',
  language: 'TypeScript',
  version: OPENAPI_GENERATOR_VERSION,
  variants: ['taxii21.api-root.yaml', 'taxii21.discovery.yaml'],
  async generate(ctx) {
    const jar = await openapiGeneratorJar();
    for (const [file, folder] of [['taxii21.api-root.yaml', 'root'], ['taxii21.discovery.yaml', 'discovery']]) {
      // ES modules with `.js` in their imports, so that Node runs them as tsc emits them.
      await ctx.run('java', ['-jar', jar, 'generate', '-g', 'typescript-fetch', '-i', ctx.description(file), '-o', join(ctx.out, folder), '--additional-properties=supportsES6=true,importFileExtension=.js']);
    }
  },
  compile: compileTypeScript,
  scenario: runTypeScript,
};
