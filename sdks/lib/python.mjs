// What the Python recipes share: the scenario beside the generated packages, byte-compiled and
// type-checked against their types (not the packages themselves: neither Python generator's code
// is mypy-clean), then run. `path` is where the generated packages' import roots are.
import { copyFileSync, cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SDKS } from './paths.mjs';
import { pythonBin } from './toolchains.mjs';

export async function compilePython(ctx, path = []) {
  const bin = await pythonBin();
  copyFileSync(join(SDKS, 'scenario', 'scenario.py'), join(ctx.out, 'scenario.py'));
  copyFileSync(join(ctx.dir, 'main.py'), join(ctx.out, 'main.py'));
  await ctx.run(join(bin, 'python'), ['-m', 'compileall', '-q', '.'], { cwd: ctx.out });
  await ctx.run(join(bin, 'mypy'), ['--no-incremental', '--follow-imports=silent', 'main.py'], {
    cwd: ctx.out,
    env: { ...process.env, MYPYPATH: path.join(':') },
  });
}

export async function runPython(ctx, path = []) {
  const bin = await pythonBin();
  return ctx.run(join(bin, 'python'), ['main.py'], { cwd: ctx.out, env: { ...ctx.scenarioEnv, PYTHONPATH: path.join(':') }, timeoutSeconds: 120 });
}

/** The docs samples of a Python recipe (samples/, one program per operation): type-checked, then run one by one. */
export function pythonSamples(path = []) {
  return {
    async build(ctx) {
      const bin = await pythonBin();
      cpSync(join(ctx.dir, 'samples'), join(ctx.out, 'samples'), { recursive: true });
      const programs = readdirSync(join(ctx.out, 'samples'))
        .filter((file) => file.endsWith('.py'))
        .map((file) => join('samples', file));
      await ctx.run(join(bin, 'mypy'), ['--no-incremental', '--follow-imports=silent', ...programs], {
        cwd: ctx.out,
        env: { ...process.env, MYPYPATH: path.join(':') },
      });
    },
    async command(_ctx, op) {
      return [join(await pythonBin(), 'python'), [join('samples', `${op}.py`)], { PYTHONPATH: path.join(':') }];
    },
  };
}
