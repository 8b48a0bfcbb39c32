import { join } from 'node:path';
import { describedCopy, withoutDiscriminators } from '../../lib/description-copy.mjs';
import { compileTypeScript, installedVersion, nodeBin, runTypeScript } from '../../lib/typescript.mjs';

/** Without it, openapi-zod-client reads only `application/json` answers. */
const MEDIA_TYPE = "mediaType.startsWith('application/taxii+json')";

export default {
  id: 'openapi-zod-client',
  generator: 'openapi-zod-client',
  language: 'TypeScript',
  version: installedVersion('openapi-zod-client'),
  variants: ['openapi-3.0/taxii21.api-root.yaml', 'openapi-3.0/taxii21.discovery.yaml'],
  async generate(ctx) {
    for (const [file, name] of [
      ['openapi-3.0/taxii21.api-root.yaml', 'root.ts'],
      ['openapi-3.0/taxii21.discovery.yaml', 'discovery.ts'],
    ]) {
      // Without the discriminators: with them it writes z.discriminatedUnion over the STIX types,
      // which zod accepts only of plain objects, not of the intersections it writes for their allOf
      // (TS2740 in its own output); without them it writes z.union, which zod takes.
      const input = describedCopy(ctx.description(file), join(ctx.out, `input-${name.replace('.ts', '.yaml')}`), withoutDiscriminators);
      await ctx.run(nodeBin('openapi-zod-client'), [input, '-o', join(ctx.out, name), '--media-type-expr', MEDIA_TYPE]);
    }
  },
  compile: compileTypeScript,
  scenario: runTypeScript,
};
