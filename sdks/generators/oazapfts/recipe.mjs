import { join } from 'node:path';
import { compileTypeScript, installedVersion, nodeBin, runTypeScript } from '../../lib/typescript.mjs';

export default {
  id: 'oazapfts',
  generator: 'oazapfts',
  language: 'TypeScript',
  version: installedVersion('oazapfts'),
  variants: ['taxii21.api-root.yaml', 'taxii21.discovery.yaml'],
  async generate(ctx) {
    await ctx.run(nodeBin('oazapfts'), [ctx.description('taxii21.api-root.yaml'), join(ctx.out, 'root.ts')]);
    await ctx.run(nodeBin('oazapfts'), [ctx.description('taxii21.discovery.yaml'), join(ctx.out, 'discovery.ts')]);
  },
  compile: compileTypeScript,
  scenario: runTypeScript,
};
