import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SDKS } from '../../lib/paths.mjs';
import { goEnv, OPENAPI_GENERATOR_VERSION, openapiGeneratorJar } from '../../lib/toolchains.mjs';

const MODULES = [
  ['taxii21.flat-match.yaml', 'client', 'taxii'],
  ['taxii21.discovery.yaml', 'discovery', 'discovery'],
];

export default {
  id: 'openapi-generator-go',
  generator: 'openapi-generator (go)',
  language: 'Go',
  version: OPENAPI_GENERATOR_VERSION,
  variants: ['taxii21.flat-match.yaml', 'taxii21.discovery.yaml'],
  async generate(ctx) {
    const jar = await openapiGeneratorJar();
    for (const [file, folder, packageName] of MODULES) {
      await ctx.run('java', ['-jar', jar, 'generate', '-g', 'go', '-i', ctx.description(file), '-o', join(ctx.out, folder), '--git-host', 'example.org', '--git-user-id', 'taxii21', '--git-repo-id', folder, `--additional-properties=packageName=${packageName},isGoSubmodule=false,withGoMod=true`]);
    }
  },
  async compile(ctx) {
    copyFileSync(join(SDKS, 'scenario', 'scenario.go'), join(ctx.out, 'scenario.go'));
    copyFileSync(join(ctx.dir, 'main.go'), join(ctx.out, 'main.go'));
    const requires = MODULES.map(([, folder]) => `require example.org/taxii21/${folder} v0.0.0\nreplace example.org/taxii21/${folder} => ./${folder}`).join('\n');
    writeFileSync(join(ctx.out, 'go.mod'), `module sdkmatrix\n\ngo 1.23\n\n${requires}\n`);
    await ctx.run('go', ['mod', 'tidy'], { cwd: ctx.out, env: goEnv(), timeoutSeconds: 300 });
    await ctx.run('go', ['vet', '.'], { cwd: ctx.out, env: goEnv(), timeoutSeconds: 300 });
    await ctx.run('go', ['build', '-o', 'scenario-bin', '.'], { cwd: ctx.out, env: goEnv(), timeoutSeconds: 300 });
  },
  scenario: (ctx) => ctx.run(join(ctx.out, 'scenario-bin'), [], { cwd: ctx.out, env: ctx.scenarioEnv, timeoutSeconds: 120 }),
};
