import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileGo, goSamples, runGo } from '../../lib/go.mjs';
import { SAMPLE_OPERATIONS } from '../../lib/samples.mjs';
import { OPENAPI_GENERATOR_VERSION, openapiGenerator } from '../../lib/toolchains.mjs';

// useOneOfDiscriminatorLookup: read a STIX object's `type` to pick its struct. Without it the Go
// client tries all 42 structs of KnownStixObject, several of which accept a given object (Go
// ignores unknown fields and does not check the id's pattern), calls that ambiguous, and hands
// every known object over to the open OtherStixObject.
// disallowAdditionalPropertiesIfNotPresent=false: keep custom properties (x_mitre_version, …). The
// Go generator merges each STIX type's allOf parts into one struct but drops their
// `additionalProperties: true`, and its strict decoder then refuses every custom property.
const OPTIONS = 'isGoSubmodule=false,withGoMod=true,useOneOfDiscriminatorLookup=true,disallowAdditionalPropertiesIfNotPresent=false';

const MODULES = [
  ['taxii21.flat-match.yaml', 'client', 'taxii'],
  ['taxii21.discovery.yaml', 'discovery', 'discovery'],
];

export default {
  id: 'openapi-generator-go',
  generator: 'openapi-generator (go)',
  language: 'Go',
  version: OPENAPI_GENERATOR_VERSION,
  variants: ['taxii21.flat-match.yaml', 'taxii21.discovery.yaml'],
  knownFault:
    "generator fault, custom properties only: with `useOneOfDiscriminatorLookup` (which the typed STIX step needs), `KnownStixObject.UnmarshalJSON` answers success without setting anything for a `type` it has no struct for, and the `StixObject` anyOf wrapper then keeps that empty value instead of trying `OtherStixObject`: an object of a custom type (ATT&CK's `x-mitre-tactic`) is read as nothing and cannot be written out again (`MarshalJSON`: unexpected end of JSON input). Without the option the custom object survives, but a relationship then matches several structs and reaches the caller untyped. Custom properties of STIX 2.1 types (`x_mitre_*` on a malware) are kept either way.",
  async generate(ctx) {
    for (const [file, folder, packageName] of MODULES) {
      await openapiGenerator(ctx, 'go', file, join(ctx.out, folder), `packageName=${packageName},${OPTIONS}`, [
        '--git-host',
        'example.org',
        '--git-user-id',
        'taxii21',
        '--git-repo-id',
        folder,
      ]);
    }
  },
  async compile(ctx) {
    const requires = MODULES.map(([, folder]) => `require example.org/taxii21/${folder} v0.0.0\nreplace example.org/taxii21/${folder} => ./${folder}`).join(
      '\n',
    );
    writeFileSync(join(ctx.out, 'go.mod'), `module sdkmatrix\n\ngo 1.23\n\n${requires}\n`);
    await compileGo(ctx);
  },
  scenario: runGo,
  samples: goSamples(SAMPLE_OPERATIONS),
};
