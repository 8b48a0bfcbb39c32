// oapi-codegen's strict server on chi: the generated package `taxii` holds the routes, the
// parameter binding and a typed request and response per operation; the hand-written files
// implement its StrictServerInterface (handlers.go) and wire it (main.go). Options: chi-server
// (its routes match paths exactly; the std-http server registers `/{apiRoot}/` as a prefix
// pattern that would also answer for unknown deeper paths), strict-server, models.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goEnv, OAPI_CODEGEN_VERSION } from '../../../sdks/lib/toolchains.mjs';

const HAND_WRITTEN = ['main.go', 'config.go', 'http.go', 'handlers.go', 'store.go'];

export default {
  id: 'oapi-codegen',
  generator: 'oapi-codegen (strict server, chi)',
  language: 'Go',
  version: OAPI_CODEGEN_VERSION,
  variant: 'openapi-3.0/taxii21.server.yaml',
  handWritten: HAND_WRITTEN,
  generatedFiles: (ctx) => [join(ctx.out, 'taxii', 'server.gen.go')],
  async generate(ctx) {
    for (const file of [...HAND_WRITTEN, 'go.mod']) copyFileSync(join(ctx.dir, file), join(ctx.out, file));
    const config = join(ctx.out, 'oapi-codegen.yaml');
    writeFileSync(config, `package: taxii\noutput: taxii/server.gen.go\ngenerate:\n  chi-server: true\n  strict-server: true\n  models: true\n`);
    await ctx.run('go', ['run', `github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@${OAPI_CODEGEN_VERSION}`, '-config', config, ctx.description], {
      cwd: ctx.out,
      env: goEnv(),
      timeoutSeconds: 300,
    });
  },
  async compile(ctx) {
    for (const args of [
      ['mod', 'tidy'],
      ['vet', './...'],
      ['build', '-o', 'taxii-server-go', '.'],
    ]) {
      await ctx.run('go', args, { cwd: ctx.out, env: goEnv(), timeoutSeconds: 300 });
    }
  },
  command: (ctx) => [join(ctx.out, 'taxii-server-go'), [], { cwd: ctx.out }],
};
