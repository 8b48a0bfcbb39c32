import { compileTypeScript, installedVersion, nodeBin, runTypeScript } from '../../lib/typescript.mjs';

export default {
  id: 'swagger-typescript-api',
  generator: 'swagger-typescript-api',
  language: 'TypeScript',
  version: installedVersion('swagger-typescript-api'),
  variants: ['taxii21.flat-match.yaml', 'taxii21.discovery.yaml'],
  async generate(ctx) {
    for (const [file, name] of [
      ['taxii21.flat-match.yaml', 'root.ts'],
      ['taxii21.discovery.yaml', 'discovery.ts'],
    ]) {
      await ctx.run(nodeBin('swagger-typescript-api'), ['generate', '--path', ctx.description(file), '--output', ctx.out, '--name', name]);
    }
  },
  compile: compileTypeScript,
  scenario: runTypeScript,
};
