import { join } from 'node:path';
import { compileTypeScript, installedVersion, nodeBin, runTypeScript } from '../../lib/typescript.mjs';

/** Without it, openapi-zod-client reads only `application/json` answers. */
const MEDIA_TYPE = "mediaType.startsWith('application/taxii+json')";

export default {
  id: 'openapi-zod-client',
  generator: 'openapi-zod-client',
  language: 'TypeScript',
  version: installedVersion('openapi-zod-client'),
  variants: ['openapi-3.0/taxii21.api-root.yaml', 'openapi-3.0/taxii21.discovery.yaml'],
  async generate(ctx) {
    for (const [file, name] of [['openapi-3.0/taxii21.api-root.yaml', 'root.ts'], ['openapi-3.0/taxii21.discovery.yaml', 'discovery.ts']]) {
      await ctx.run(nodeBin('openapi-zod-client'), [ctx.description(file), '-o', join(ctx.out, name), '--media-type-expr', MEDIA_TYPE]);
    }
  },
  compile: compileTypeScript,
  scenario: runTypeScript,
};
