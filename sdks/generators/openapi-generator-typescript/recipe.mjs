import { join } from 'node:path';
import { OPENAPI_GENERATOR_VERSION, openapiGenerator } from '../../lib/toolchains.mjs';
import { compileTypeScript, runTypeScript } from '../../lib/typescript.mjs';

export default {
  id: 'openapi-generator-typescript',
  generator: 'openapi-generator (typescript-fetch)',
  language: 'TypeScript',
  version: OPENAPI_GENERATOR_VERSION,
  variants: ['taxii21.api-root.yaml', 'taxii21.discovery.yaml'],
  async generate(ctx) {
    for (const [file, folder] of [['taxii21.api-root.yaml', 'root'], ['taxii21.discovery.yaml', 'discovery']]) {
      // ES modules with `.js` in their imports, so that Node runs them as tsc emits them.
      await openapiGenerator(ctx, 'typescript-fetch', file, join(ctx.out, folder), 'supportsES6=true,importFileExtension=.js');
    }
  },
  compile: compileTypeScript,
  scenario: runTypeScript,
};
