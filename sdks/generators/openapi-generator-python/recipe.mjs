import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { SDKS } from '../../lib/paths.mjs';
import { OPENAPI_GENERATOR_VERSION, openapiGeneratorJar, pythonBin } from '../../lib/toolchains.mjs';

export default {
  id: 'openapi-generator-python',
  generator: 'openapi-generator (python)',
  language: 'Python',
  version: OPENAPI_GENERATOR_VERSION,
  variants: ['taxii21.flat-match.yaml', 'taxii21.discovery.yaml'],
  async generate(ctx) {
    const jar = await openapiGeneratorJar();
    for (const [file, name] of [['taxii21.flat-match.yaml', 'taxii_client'], ['taxii21.discovery.yaml', 'taxii_discovery']]) {
      await ctx.run('java', ['-jar', jar, 'generate', '-g', 'python', '-i', ctx.description(file), '-o', join(ctx.out, name), `--additional-properties=packageName=${name}`]);
    }
  },
  async compile(ctx) {
    const bin = await pythonBin();
    copyFileSync(join(SDKS, 'scenario', 'scenario.py'), join(ctx.out, 'scenario.py'));
    copyFileSync(join(ctx.dir, 'main.py'), join(ctx.out, 'main.py'));
    await ctx.run(join(bin, 'python'), ['-m', 'compileall', '-q', '.'], { cwd: ctx.out });
    await ctx.run(join(bin, 'mypy'), ['--no-incremental', '--follow-imports=silent', 'main.py'], { cwd: ctx.out, env: { ...process.env, MYPYPATH: 'taxii_client:taxii_discovery' } });
  },
  async scenario(ctx) {
    const bin = await pythonBin();
    return ctx.run(join(bin, 'python'), ['main.py'], { cwd: ctx.out, env: { ...ctx.scenarioEnv, PYTHONPATH: 'taxii_client:taxii_discovery' }, timeoutSeconds: 120 });
  },
};
