// What the Go recipes share: the scenario and the recipe's main.go in the module beside the
// generated code, vetted, built and run.
import { copyFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { SDKS } from './paths.mjs';
import { goEnv } from './toolchains.mjs';

export async function compileGo(ctx) {
  copyFileSync(join(SDKS, 'scenario', 'scenario.go'), join(ctx.out, 'scenario.go'));
  copyFileSync(join(ctx.dir, 'main.go'), join(ctx.out, 'main.go'));
  for (const args of [
    ['mod', 'tidy'],
    ['vet', './...'],
    ['build', '-o', 'scenario-bin', '.'],
  ]) {
    await ctx.run('go', args, { cwd: ctx.out, env: goEnv(), timeoutSeconds: 300 });
  }
}

export const runGo = (ctx) => ctx.run(join(ctx.out, 'scenario-bin'), [], { cwd: ctx.out, env: ctx.scenarioEnv, timeoutSeconds: 120 });

/** The docs samples of a Go recipe (samples/<operationId>/main.go): vetted and built into the module, then run one by one. */
export const goSamples = (operations) => ({
  async build(ctx) {
    cpSync(join(ctx.dir, 'samples'), join(ctx.out, 'samples'), { recursive: true });
    await ctx.run('go', ['vet', './samples/...'], { cwd: ctx.out, env: goEnv(), timeoutSeconds: 300 });
    for (const op of operations)
      await ctx.run('go', ['build', '-o', join('samples-bin', op), `./samples/${op}`], { cwd: ctx.out, env: goEnv(), timeoutSeconds: 300 });
  },
  command: (ctx, op) => [join(ctx.out, 'samples-bin', op), []],
});
