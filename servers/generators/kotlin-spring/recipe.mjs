// openapi-generator's kotlin-spring server (Spring Boot 3) with the delegate pattern: the
// generated controllers bind and validate each request and call a `*ApiDelegate` interface per
// tag; the hand-written Kotlin in impl/ (copied into the generated tree under
// org.taxii21.server.impl, which the generated application scans) implements the six delegates
// (TaxiiDelegate), checks credentials and media types (TaxiiGate), answers every refusal with a
// TAXII error (ErrorAnswers) and sets the listen address and Tomcat's query characters
// (ServerSetup). Options as for the Java spring recipe, and:
// - --model-name-mappings Opinion=OpinionObject,Status=StatusResource: a Kotlin model gets a nested
//   enum per enum property, named after the property, and STIX's `opinion` property of Opinion and
//   TAXII's `status` property of Status then shadow their own classes (`Opinion.SpecVersion` is an
//   unresolved reference);
// - --schema-mappings StixObject and KnownStixObject to Jackson's ObjectNode: a server passes STIX
//   objects through whole.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OPENAPI_GENERATOR_VERSION, openapiGenerator } from '../../../sdks/lib/toolchains.mjs';

const HAND_WRITTEN = readdirSync(join(import.meta.dirname, 'impl'))
  .filter((file) => file.endsWith('.kt'))
  .map((file) => `impl/${file}`);
const PROPERTIES = [
  'delegatePattern=true',
  'useSpringBoot3=true',
  'useTags=true',
  'basePackage=org.taxii21.server',
  'packageName=org.taxii21.server',
  'apiPackage=org.taxii21.server.api',
  'modelPackage=org.taxii21.server.model',
  'documentationProvider=none',
  'useBeanValidation=true',
].join(',');
const MAPPINGS = [
  '--schema-mappings',
  'StixObject=com.fasterxml.jackson.databind.node.ObjectNode,KnownStixObject=com.fasterxml.jackson.databind.node.ObjectNode',
  '--model-name-mappings',
  'Opinion=OpinionObject,Status=StatusResource',
];

const kotlinFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? (entry.name === 'impl' ? [] : kotlinFiles(join(dir, entry.name))) : entry.name.endsWith('.kt') ? [join(dir, entry.name)] : [],
  );

export default {
  id: 'kotlin-spring',
  generator: 'openapi-generator (kotlin-spring, delegate pattern)',
  language: 'Kotlin',
  version: OPENAPI_GENERATOR_VERSION,
  variant: 'taxii21.server.yaml',
  handWritten: HAND_WRITTEN,
  generatedFiles: (ctx) => kotlinFiles(join(ctx.out, 'gen', 'src', 'main', 'kotlin')),
  async generate(ctx) {
    await openapiGenerator(ctx, 'kotlin-spring', ctx.description, join(ctx.out, 'gen'), PROPERTIES, MAPPINGS);
    cpSync(join(ctx.dir, 'impl'), join(ctx.out, 'gen', 'src', 'main', 'kotlin', 'org', 'taxii21', 'server', 'impl'), { recursive: true });
  },
  async compile(ctx) {
    await ctx.run('mvn', ['-q', '-B', '--no-transfer-progress', 'package', '-DskipTests'], { cwd: join(ctx.out, 'gen'), timeoutSeconds: 900 });
  },
  command: (ctx) => ['java', ['-jar', join(ctx.out, 'gen', 'target', 'openapi-spring-1.0.0.jar')], {}],
};
