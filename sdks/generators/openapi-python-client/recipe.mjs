import { join } from 'node:path';
import { describedCopy } from '../../lib/description-copy.mjs';
import { compilePython, runPython } from '../../lib/python.mjs';
import { pythonBin } from '../../lib/toolchains.mjs';

/** Every request body with `application/taxii+json;version=2.1` as its only media type. */
function withOneRequestMediaType(doc) {
  for (const item of Object.values(doc.paths)) {
    for (const operation of Object.values(item)) {
      const content = operation?.requestBody?.content;
      if (content) operation.requestBody.content = { 'application/taxii+json;version=2.1': content['application/taxii+json;version=2.1'] };
    }
  }
}

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
  async generate(ctx) {
    const bin = await pythonBin();
    for (const [file, name] of PACKAGES) {
      // A request body declared with two media types (`application/taxii+json;version=2.1` and
      // `application/taxii+json`, both of which TAXII servers accept, §1.6.8.1) makes 0.29.1 write
      // `EnvelopeToAdd | Unset` in add_objects.py without importing `Unset`, so the package fails to
      // import (NameError; upstream issue 1451, fix proposed in pull request 1478). Its copy of the
      // description keeps the versioned media type alone: the request on the wire is the same.
      const input = describedCopy(ctx.description(file), join(ctx.out, `${name}.yaml`), withOneRequestMediaType);
      // ruff, its formatter, comes with it into the virtual environment: on PATH, so that it runs.
      await ctx.run(join(bin, 'openapi-python-client'), ['generate', '--path', input, '--meta', 'none', '--output-path', name], {
        cwd: ctx.out,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      });
    }
  },
  // Its generated packages are not mypy-clean either (an undefined `Unset` in add_objects.py, loose
  // `__exit__` arguments); the scenario is checked against their types.
  compile: (ctx) => compilePython(ctx),
  scenario: (ctx) => runPython(ctx),
};
