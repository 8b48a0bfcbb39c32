import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { SDKS } from '../../lib/paths.mjs';
import { pythonBin } from '../../lib/toolchains.mjs';

const PACKAGES = [
  ['taxii21.flat-match.yaml', 'taxii_client'],
  ['taxii21.discovery.yaml', 'taxii_discovery'],
];

export default {
  id: 'openapi-python-client',
  generator: 'openapi-python-client',
  language: 'Python',
  // Pinned in sdks/requirements.txt.
  version: '0.29.1',
  variants: PACKAGES.map(([file]) => file),
  knownFault:
    'generator fault: a request body declared with two media types (`application/taxii+json;version=2.1` and `application/taxii+json`, both of which TAXII servers accept, §1.6.8.1) makes it write `EnvelopeToAdd | Unset` in `add_objects.py` without importing `Unset`, so the package fails to import (`NameError`). Reported upstream as openapi-generators/openapi-python-client issue 1451 (fix proposed in pull request 1478, not released in 0.29.1). Generation, compilation and type checks of the scenario pass.',
  async generate(ctx) {
    const bin = await pythonBin();
    for (const [file, name] of PACKAGES) {
      // ruff, its formatter, comes with it into the virtual environment: on PATH, so that it runs.
      await ctx.run(join(bin, 'openapi-python-client'), ['generate', '--path', ctx.description(file), '--meta', 'none', '--output-path', name], { cwd: ctx.out, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    }
  },
  async compile(ctx) {
    const bin = await pythonBin();
    copyFileSync(join(SDKS, 'scenario', 'scenario.py'), join(ctx.out, 'scenario.py'));
    copyFileSync(join(ctx.dir, 'main.py'), join(ctx.out, 'main.py'));
    await ctx.run(join(bin, 'python'), ['-m', 'compileall', '-q', '.'], { cwd: ctx.out });
    // The scenario is type-checked against the generated types; the generated packages themselves
    // are not mypy-clean (an undefined \`Unset\` in add_objects.py, loose \`__exit__\` arguments).
    await ctx.run(join(bin, 'mypy'), ['--no-incremental', '--follow-imports=silent', 'main.py'], { cwd: ctx.out });
  },
  async scenario(ctx) {
    const bin = await pythonBin();
    return ctx.run(join(bin, 'python'), ['main.py'], { cwd: ctx.out, env: ctx.scenarioEnv, timeoutSeconds: 120 });
  },
};
