import { compileTypeScript, installedVersion, nodeBin, runTypeScript } from '../../lib/typescript.mjs';

export default {
  id: 'openapi-fetch',
  generator: 'openapi-typescript + openapi-fetch',
  language: 'TypeScript',
  version: `openapi-typescript ${installedVersion('openapi-typescript')}, openapi-fetch ${installedVersion('openapi-fetch')}`,
  variants: ['taxii21.yaml'],
  async generate(ctx) {
    await ctx.run(nodeBin('openapi-typescript'), [ctx.description('taxii21.yaml'), '--output', 'schema.ts'], { cwd: ctx.out });
  },
  compile: compileTypeScript,
  scenario: runTypeScript,
};
