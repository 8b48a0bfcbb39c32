// openapi-generator's python-fastapi server: the generated package `taxii_server` holds the
// FastAPI routes (with parameter validation by pydantic) and one base class per tag; the
// hand-written subclasses go where the generator looks for them, `taxii_server/impl/`, and
// `serve.py` adds the middleware and the TAXII error answers to the generated app and serves it.
// It also overrides the generated security dependencies (FastAPI's `dependency_overrides`): the
// templates make every alternative of `security` required at once (HTTPBasic and HTTPBearer), so
// a request with Basic alone was refused 403 by HTTPBearer; the middleware authenticates instead.
//
// It reads a copy of the server variant changed in two documented ways (the published file is
// never touched), each for a defect of the generator's templates:
// - `additionalProperties: true` (which JSON Schema already means by default) is left out: with it,
//   42 models import a module `models.object` that the generator never writes;
// - integer query parameters (`limit`) become strings of digits (`^[1-9][0-9]*$`, the same on the
//   wire): the templates declare them `int` with `strict=True`, and a query value is always a
//   string, so every `limit` was refused (400).
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describedCopy } from '../../../sdks/lib/description-copy.mjs';
import { OPENAPI_GENERATOR_VERSION, openapiGenerator, venvBin } from '../../../sdks/lib/toolchains.mjs';
import { CACHE } from '../../lib/paths.mjs';

const HAND_WRITTEN = ['serve.py', 'impl/settings.py', 'impl/store.py', 'impl/taxii_api.py', 'impl/middleware.py'];
const python = () => venvBin(join(import.meta.dirname, 'requirements.txt'), join(CACHE, 'venv-python-fastapi'));

function forPythonFastapi(doc) {
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    if (node.additionalProperties === true) delete node.additionalProperties;
    if (node.in === 'query' && node.schema?.type === 'integer') {
      node.schema = { type: 'string', pattern: '^[1-9][0-9]*$' };
      delete node.example;
    }
    Object.values(node).forEach(visit);
  };
  visit(doc);
}

export default {
  id: 'python-fastapi',
  generator: 'openapi-generator (python-fastapi)',
  language: 'Python',
  version: OPENAPI_GENERATOR_VERSION,
  variant: 'taxii21.server.yaml',
  handWritten: HAND_WRITTEN,
  generatedFiles: (ctx) => {
    const root = join(ctx.out, 'gen', 'src', 'taxii_server');
    const files = (dir) =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? (entry.name === 'impl' ? [] : files(join(dir, entry.name))) : entry.name.endsWith('.py') ? [join(dir, entry.name)] : [],
      );
    return files(root);
  },
  async generate(ctx) {
    const input = describedCopy(ctx.description, join(ctx.out, 'input.yaml'), forPythonFastapi);
    await openapiGenerator(ctx, 'python-fastapi', input, join(ctx.out, 'gen'), 'packageName=taxii_server');
    cpSync(join(ctx.dir, 'impl'), join(ctx.out, 'gen', 'src', 'taxii_server', 'impl'), { recursive: true });
    cpSync(join(ctx.dir, 'serve.py'), join(ctx.out, 'gen', 'src', 'serve.py'));
  },
  async compile(ctx) {
    const bin = await python();
    const src = join(ctx.out, 'gen', 'src');
    await ctx.run(join(bin, 'python'), ['-m', 'compileall', '-q', '.'], { cwd: src });
    // Importing the app builds every route and model: what FastAPI and pydantic refuse shows here.
    await ctx.run(join(bin, 'python'), ['-c', 'import taxii_server.main, serve'], { cwd: src });
  },
  command: async (ctx) => [join(await python(), 'python'), ['serve.py'], { cwd: join(ctx.out, 'gen', 'src') }],
};
