// openapi-generator's spring server (Spring Boot 3) with the delegate pattern: the generated
// controllers bind and validate each request and call a `*ApiDelegate` interface per tag; the
// hand-written classes in impl/ (copied into the generated tree under org.taxii21.server.impl,
// which the generated application scans) implement the six delegates (TaxiiDelegate), check
// credentials and media types (TaxiiGate), answer every refusal with a TAXII error (ErrorAnswers)
// and set the listen address and Tomcat's query characters (ServerSetup). Options:
// - delegatePattern, useSpringBoot3, useTags: one delegate interface per tag;
// - documentationProvider=none, openApiNullable=false: no springdoc or jackson-databind-nullable;
// - --schema-mappings StixObject and KnownStixObject to Jackson's ObjectNode: the templates cannot
//   compile the STIX union (as interfaces, each type's enum-typed getType() clashes with the
//   interface's String getType(); merged into one class, it refers to enums it never writes), and a
//   server passes STIX objects through whole anyway.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OPENAPI_GENERATOR_VERSION, openapiGenerator } from '../../../sdks/lib/toolchains.mjs';

const HAND_WRITTEN = readdirSync(join(import.meta.dirname, 'impl'))
  .filter((file) => file.endsWith('.java'))
  .map((file) => `impl/${file}`);
const PROPERTIES = [
  'delegatePattern=true',
  'useSpringBoot3=true',
  'useTags=true',
  'basePackage=org.taxii21.server',
  'apiPackage=org.taxii21.server.api',
  'modelPackage=org.taxii21.server.model',
  'openApiNullable=false',
  'documentationProvider=none',
  'useBeanValidation=true',
  'generateJsonSetterNullsAnnotations=false',
  'generateJsonIncludeAnnotations=false',
].join(',');
const JAR = 'target/openapi-spring-2.1.0.jar';

const javaFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? (entry.name === 'impl' ? [] : javaFiles(join(dir, entry.name))) : entry.name.endsWith('.java') ? [join(dir, entry.name)] : [],
  );

export default {
  id: 'spring',
  generator: 'openapi-generator (spring, delegate pattern)',
  language: 'Java',
  version: OPENAPI_GENERATOR_VERSION,
  variant: 'taxii21.server.yaml',
  handWritten: HAND_WRITTEN,
  generatedFiles: (ctx) => javaFiles(join(ctx.out, 'gen', 'src', 'main', 'java')),
  async generate(ctx) {
    const mappings = [
      '--schema-mappings',
      'StixObject=com.fasterxml.jackson.databind.node.ObjectNode,KnownStixObject=com.fasterxml.jackson.databind.node.ObjectNode',
    ];
    await openapiGenerator(ctx, 'spring', ctx.description, join(ctx.out, 'gen'), PROPERTIES, mappings);
    cpSync(join(ctx.dir, 'impl'), join(ctx.out, 'gen', 'src', 'main', 'java', 'org', 'taxii21', 'server', 'impl'), { recursive: true });
  },
  async compile(ctx) {
    await ctx.run('mvn', ['-q', '-B', '--no-transfer-progress', 'package', '-DskipTests'], { cwd: join(ctx.out, 'gen'), timeoutSeconds: 900 });
  },
  command: (ctx) => ['java', ['-jar', join(ctx.out, 'gen', JAR)], {}],
};
