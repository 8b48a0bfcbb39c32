import { copyFileSync, cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPENAPI_GENERATOR_VERSION, openapiGenerator } from '../../lib/toolchains.mjs';

const CLIENTS = [
  ['taxii21.flat-match.yaml', 'client'],
  ['taxii21.discovery.yaml', 'discovery'],
];
const MAVEN = ['-q', '-B', '--no-transfer-progress'];
// containerDefaultToNull: a list or map the answer did not have stays absent; by default the models
// start with an empty one, and writing an object out again adds `"hashes": {}` to it.

const classpath = (ctx) => `${join(ctx.out, 'target', 'classes')}:${readFileSync(join(ctx.out, 'classpath.txt'), 'utf8').trim()}`;

export default {
  id: 'openapi-generator-java',
  generator: 'openapi-generator (java, native)',
  language: 'Java',
  version: OPENAPI_GENERATOR_VERSION,
  variants: ['taxii21.flat-match.yaml', 'taxii21.discovery.yaml'],
  async generate(ctx) {
    for (const [file, name] of CLIENTS) {
      const pkg = `org.taxii21.${name}`;
      await openapiGenerator(
        ctx,
        'java',
        file,
        join(ctx.out, 'generated', name),
        `library=native,containerDefaultToNull=true,invokerPackage=${pkg},apiPackage=${pkg}.api,modelPackage=${pkg}.model`,
      );
    }
  },
  async compile(ctx) {
    const sources = join(ctx.out, 'src', 'main', 'java');
    mkdirSync(sources, { recursive: true });
    for (const [, name] of CLIENTS) cpSync(join(ctx.out, 'generated', name, 'src', 'main', 'java'), sources, { recursive: true });
    copyFileSync(join(ctx.dir, 'Scenario.java'), join(sources, 'Scenario.java'));
    copyFileSync(join(ctx.dir, 'pom.xml'), join(ctx.out, 'pom.xml'));
    await ctx.run('mvn', [...MAVEN, 'compile', 'dependency:build-classpath', '-Dmdep.outputFile=classpath.txt'], { cwd: ctx.out, timeoutSeconds: 600 });
  },
  scenario(ctx) {
    return ctx.run('java', ['-cp', classpath(ctx), 'Scenario'], { cwd: ctx.out, env: ctx.scenarioEnv, timeoutSeconds: 120 });
  },
  // The docs samples (samples/<Operation>.java, each a class with a main): compiled with the rest, run one by one.
  samples: {
    async build(ctx) {
      cpSync(join(ctx.dir, 'samples'), join(ctx.out, 'src', 'main', 'java'), { recursive: true });
      await ctx.run('mvn', [...MAVEN, 'compile'], { cwd: ctx.out, timeoutSeconds: 600 });
    },
    command: (ctx, op) => ['java', ['-cp', classpath(ctx), `${op[0].toUpperCase()}${op.slice(1)}`]],
  },
};
