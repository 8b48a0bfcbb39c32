// The outside tools the recipes use, each installed on first use from a pinned version into
// .cache/sdks/ and reused afterwards: a Python virtual environment, the openapi-generator CLI jar
// (from Maven Central, through Maven), Go's module cache and Rust tools built by cargo from crates.io. Node generators are devDependencies of
// this workspace.
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { venvBin } from '../../scripts/python-venv.mjs';
import { CACHE, SDKS } from './paths.mjs';
import { mustRun } from './run-command.mjs';

export { venvBin };

export const OPENAPI_GENERATOR_VERSION = '7.25.0';
export const OAPI_CODEGEN_VERSION = 'v2.5.1';
export const PLOIDY_VERSION = '0.15.0';

const once = (make) => {
  let value;
  return () => (value ??= make());
};

/** The SDK matrix's virtual environment (requirements.txt beside the recipes). */
export const pythonBin = () => venvBin(join(SDKS, 'requirements.txt'), join(CACHE, 'venv'));

/** The openapi-generator CLI jar, copied out of the local Maven repository. */
export const openapiGeneratorJar = once(async () => {
  const dir = join(CACHE, 'jars');
  const jar = join(dir, `openapi-generator-cli-${OPENAPI_GENERATOR_VERSION}.jar`);
  if (!existsSync(jar)) {
    mkdirSync(dir, { recursive: true });
    await mustRun(
      'mvn',
      ['-q', '-B', 'dependency:copy', `-Dartifact=org.openapitools:openapi-generator-cli:${OPENAPI_GENERATOR_VERSION}`, `-DoutputDirectory=${dir}`],
      { cwd: dir, timeoutSeconds: 600 },
    );
  }
  return jar;
});

/** Go with its toolchain pinned to the installed one: no toolchain download, modules from the proxy. */
export function goEnv() {
  return { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', CGO_ENABLED: '0' };
}

/** One run of the openapi-generator CLI: `generator` from `file` (under bundled/) into `output`. */
export async function openapiGenerator(ctx, generator, file, output, properties, extraArgs = []) {
  const jar = await openapiGeneratorJar();
  // `file`: a published description's name, or the absolute path of a recipe's own copy of one.
  const input = isAbsolute(file) ? file : ctx.description(file);
  await ctx.run('java', ['-jar', jar, 'generate', '-g', generator, '-i', input, '-o', output, ...extraArgs, `--additional-properties=${properties}`]);
}

/** The ploidy CLI, built from crates.io by `cargo install --locked` (its own lock file pins its dependencies). */
export const ploidyBin = once(async () => {
  const root = join(CACHE, 'cargo', `ploidy-${PLOIDY_VERSION}`);
  const bin = join(root, 'bin', 'ploidy');
  if (!existsSync(bin))
    await mustRun('cargo', ['install', '--quiet', '--locked', 'ploidy', '--version', PLOIDY_VERSION, '--root', root], { timeoutSeconds: 900 });
  return bin;
});

/** Where cargo builds Rust scenarios: one folder for every run, so that a second run rebuilds only what changed. */
export const CARGO_TARGET = join(CACHE, 'cargo', 'target');
