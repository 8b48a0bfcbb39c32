import { join } from 'node:path';
import { REPOSITORY } from '../../lib/paths.mjs';
import { COMMONJS_TSCONFIG, compileTypeScript, installedVersion, runTypeScript } from '../../lib/typescript.mjs';

// Its command is called `openapi`, as Redocly's is: run it by path.
const BIN = join(REPOSITORY, 'node_modules', 'openapi-typescript-codegen', 'bin', 'index.js');

export default {
  id: 'openapi-typescript-codegen',
  generator: 'openapi-typescript-codegen',
  language: 'TypeScript',
  version: installedVersion('openapi-typescript-codegen'),
  variants: ['openapi-3.0/taxii21.api-root.yaml', 'openapi-3.0/taxii21.discovery.yaml'],
  knownFault:
    'generator fault: its runtime parses a response as JSON only when the media type starts with `application/json` or `application/problem+json` (`core/request.ts`, `getResponseBody`), so every TAXII answer (`application/taxii+json;version=2.1`) reaches the caller as a string typed as the resource. Requests are right (deepObject filters, Basic credentials, the TAXII `Content-Type`); nothing in the description can change how it reads answers. The project is no longer maintained upstream (its README points to @hey-api/openapi-ts, which passes above).',
  async generate(ctx) {
    for (const [file, folder] of [
      ['openapi-3.0/taxii21.api-root.yaml', 'root'],
      ['openapi-3.0/taxii21.discovery.yaml', 'discovery'],
    ]) {
      await ctx.run(process.execPath, [BIN, '--input', ctx.description(file), '--output', join(ctx.out, folder), '--client', 'fetch']);
    }
  },
  // Its imports have no file extensions, which only CommonJS resolution accepts.
  compile: (ctx) => compileTypeScript(ctx, COMMONJS_TSCONFIG),
  scenario: runTypeScript,
};
