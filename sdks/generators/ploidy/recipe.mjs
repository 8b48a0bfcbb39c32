import { copyFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { describedCopy, stixObjectAsOneOf, taxiiMediaTypesAsJson } from '../../lib/description-copy.mjs';
import { CARGO_TARGET, PLOIDY_VERSION, ploidyBin } from '../../lib/toolchains.mjs';

const CRATES = [
  ['taxii21.api-root.yaml', 'client', 'taxii-client'],
  ['taxii21.discovery.yaml', 'discovery', 'taxii-discovery'],
];
const cargoEnv = () => ({ ...process.env, CARGO_TARGET_DIR: CARGO_TARGET });

export default {
  id: 'ploidy',
  generator: 'ploidy',
  language: 'Rust',
  version: PLOIDY_VERSION,
  variants: CRATES.map(([file]) => file),
  async generate(ctx) {
    const ploidy = await ploidyBin();
    for (const [file, folder, name] of CRATES) {
      const copy = describedCopy(ctx.description(file), join(ctx.out, `${folder}.yaml`), (doc) => {
        taxiiMediaTypesAsJson(doc);
        if (doc.components.schemas.StixObject) stixObjectAsOneOf(doc);
      });
      await ctx.run(ploidy, ['generate', 'rust', copy, '-o', join(ctx.out, 'generated', folder), '--name', name]);
    }
  },
  async compile(ctx) {
    copyFileSync(join(ctx.dir, 'Cargo.toml'), join(ctx.out, 'Cargo.toml'));
    copyFileSync(join(ctx.dir, 'main.rs'), join(ctx.out, 'main.rs'));
    copyFileSync(join(ctx.dir, '..', '..', 'scenario', 'scenario.rs'), join(ctx.out, 'scenario.rs'));
    await ctx.run('cargo', ['build', '--quiet', '--bin', 'scenario'], { cwd: ctx.out, env: cargoEnv(), timeoutSeconds: 900 });
  },
  scenario(ctx) {
    return ctx.run(join(CARGO_TARGET, 'debug', 'scenario'), [], { cwd: ctx.out, env: ctx.scenarioEnv, timeoutSeconds: 120 });
  },
  // The docs samples (samples/<operation>.rs): cargo examples of the scenario's package, built together, run one by one.
  samples: {
    async build(ctx) {
      cpSync(join(ctx.dir, 'samples'), join(ctx.out, 'examples'), { recursive: true });
      await ctx.run('cargo', ['build', '--quiet', '--examples'], { cwd: ctx.out, env: cargoEnv(), timeoutSeconds: 900 });
    },
    command: (_ctx, op) => [
      join(
        CARGO_TARGET,
        'debug',
        'examples',
        op.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      ),
      [],
    ],
  },
};
