import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileGo, runGo } from '../../lib/go.mjs';
import { goEnv, OAPI_CODEGEN_VERSION } from '../../lib/toolchains.mjs';

const PACKAGES = [
  ['openapi-3.0/taxii21.api-root.yaml', 'taxii'],
  ['openapi-3.0/taxii21.discovery.yaml', 'discovery'],
];
/** The runtime library the generated code imports, at the version this recipe was made with. */
const RUNTIME = 'github.com/oapi-codegen/runtime v1.1.2';

export default {
  id: 'oapi-codegen',
  generator: 'oapi-codegen',
  language: 'Go',
  version: OAPI_CODEGEN_VERSION,
  variants: PACKAGES.map(([file]) => file),
  async generate(ctx) {
    writeFileSync(join(ctx.out, 'go.mod'), `module sdkmatrix\n\ngo 1.23\n\nrequire ${RUNTIME}\n`);
    for (const [file, name] of PACKAGES) {
      mkdirSync(join(ctx.out, name));
      const config = join(ctx.out, name, 'oapi-codegen.yaml');
      writeFileSync(config, `package: ${name}\noutput: ${join(ctx.out, name, 'client.gen.go')}\ngenerate:\n  client: true\n  models: true\n`);
      await ctx.run(
        'go',
        ['run', `github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@${OAPI_CODEGEN_VERSION}`, '-config', config, ctx.description(file)],
        { cwd: ctx.out, env: goEnv(), timeoutSeconds: 300 },
      );
    }
  },
  compile: compileGo,
  scenario: runGo,
};
