// Helpers that read the bundled description the way a consumer would: following `$ref`s, and
// listing every example together with the schema it claims to satisfy.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadDereferencedSpec, loadSpec } from '../src/index.js';

type Json = Record<string, any>;

export const spec = loadSpec() as Json;
export const dereferenced = loadDereferencedSpec() as Json;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Resolves a local `$ref` ("#/components/...") against the bundled document, repeatedly. */
export function resolve(node: Json): Json {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    const pointer = current.$ref.replace(/^#\//, '').split('/').map(decodePointerToken);
    current = pointer.reduce((at: Json, key: string) => at?.[key], spec);
    if (current === undefined) throw new Error(`unresolvable $ref ${node.$ref}`);
  }
  return current;
}

function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export type Operation = { path: string; method: string; op: Json; pathItem: Json };

/** Every operation of the bundled description. */
export function operations(doc: Json = spec): Operation[] {
  const found: Operation[] = [];
  for (const [path, pathItem] of Object.entries<Json>(doc.paths)) {
    for (const method of HTTP_METHODS) {
      if (pathItem[method]) found.push({ path, method, op: pathItem[method], pathItem });
    }
  }
  return found;
}

/** The parameters of an operation, path-level ones included, resolved. */
export function parametersOf({ op, pathItem }: Operation): Json[] {
  return [...(pathItem.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
}

export type ExampleCase = { where: string; schema: Json; value: unknown };

/**
 * Every example in the dereferenced description with the schema it belongs to: media-type
 * examples of requests and responses, parameter and header examples, and the `examples` list of
 * each component schema.
 */
export function allExamples(doc: Json = dereferenced): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const fromHolder = (where: string, holder: Json) => {
    if (!holder?.schema) return;
    if ('example' in holder) cases.push({ where: `${where} example`, schema: holder.schema, value: holder.example });
    for (const [name, example] of Object.entries<Json>(holder.examples ?? {})) {
      cases.push({ where: `${where} examples.${name}`, schema: holder.schema, value: example.value });
    }
  };
  for (const { path, method, op, pathItem } of operations(doc)) {
    const at = `${method.toUpperCase()} ${path}`;
    for (const parameter of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]) {
      fromHolder(`${at} parameter ${parameter.name}`, parameter);
    }
    for (const [mediaType, content] of Object.entries<Json>(op.requestBody?.content ?? {})) {
      fromHolder(`${at} request ${mediaType}`, content);
    }
    for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
      for (const [name, header] of Object.entries<Json>(response.headers ?? {})) {
        fromHolder(`${at} ${status} header ${name}`, header);
      }
      for (const [mediaType, content] of Object.entries<Json>(response.content ?? {})) {
        fromHolder(`${at} ${status} ${mediaType}`, content);
      }
    }
  }
  for (const [name, schema] of Object.entries<Json>(doc.components?.schemas ?? {})) {
    for (const [index, value] of (schema.examples ?? []).entries()) {
      cases.push({ where: `schema ${name} examples[${index}]`, schema, value });
    }
  }
  return cases;
}

/** A JSON Schema 2020-12 validator, independent of any OpenAPI tool, with formats checked. */
export function createValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  // OpenAPI's keyword: an annotation here, the oneOf it marks already selects by its enum-typed `type`.
  ajv.addKeyword('discriminator');
  return ajv;
}
