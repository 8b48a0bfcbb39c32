import { join } from 'node:path';
import { compilePython, pythonSamples, runPython } from '../../lib/python.mjs';
import { OPENAPI_GENERATOR_VERSION, openapiGenerator } from '../../lib/toolchains.mjs';

const PACKAGES = ['taxii_client', 'taxii_discovery'];

export default {
  id: 'openapi-generator-python',
  generator: 'openapi-generator (python)',
  language: 'Python',
  version: OPENAPI_GENERATOR_VERSION,
  variants: ['taxii21.flat-match.yaml', 'taxii21.discovery.yaml'],
  async generate(ctx) {
    for (const [file, name] of [
      ['taxii21.flat-match.yaml', PACKAGES[0]],
      ['taxii21.discovery.yaml', PACKAGES[1]],
    ]) {
      await openapiGenerator(ctx, 'python', file, join(ctx.out, name), `packageName=${name}`);
    }
  },
  // Each package sits in a project folder of its own name.
  compile: (ctx) => compilePython(ctx, PACKAGES),
  scenario: (ctx) => runPython(ctx, PACKAGES),
  samples: pythonSamples(PACKAGES),
};
