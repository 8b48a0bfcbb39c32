import { join } from 'node:path';
import { describedCopy, envelopeItemsAsKnownStixObject } from '../../lib/description-copy.mjs';
import { OPENAPI_GENERATOR_VERSION, openapiGenerator } from '../../lib/toolchains.mjs';
import { compileTypeScript, runTypeScript } from '../../lib/typescript.mjs';

export default {
  id: 'openapi-generator-typescript',
  generator: 'openapi-generator (typescript-fetch)',
  language: 'TypeScript',
  version: OPENAPI_GENERATOR_VERSION,
  variants: ['taxii21.api-root.yaml', 'taxii21.discovery.yaml'],
  async generate(ctx) {
    for (const [file, folder] of [
      ['taxii21.api-root.yaml', 'root'],
      ['taxii21.discovery.yaml', 'discovery'],
    ]) {
      // ES modules with `.js` in their imports, so that Node runs them as tsc emits them.
      // modelPropertyNaming=original: with camelCase names, a model that keeps custom properties
      // copies the answer's keys and adds its camelCase ones, and writing it out again sends both
      // (`source_name` and `sourceName`); with the standard's own names there is one of each.
      // Envelope items as KnownStixObject: typescript-fetch reads the anyOf StixObject as one model
      // with OtherStixObject's five properties and drops the rest of every object; its
      // KnownStixObject reader picks the STIX type's model by `type` and passes any other object
      // through unchanged, so custom objects still arrive whole.
      const input =
        file === 'taxii21.api-root.yaml' ? describedCopy(ctx.description(file), join(ctx.out, 'input-api-root.yaml'), envelopeItemsAsKnownStixObject) : file;
      await openapiGenerator(ctx, 'typescript-fetch', input, join(ctx.out, folder), 'supportsES6=true,importFileExtension=.js,modelPropertyNaming=original');
    }
  },
  compile: compileTypeScript,
  scenario: runTypeScript,
};
