import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export { TAXII_MEDIA_TYPE } from './media-types.js';

const bundled = (name) => fileURLToPath(new URL(`../bundled/${name}`, import.meta.url));

/** Absolute paths of the published forms of the TAXII 2.1 description. */
export const specPaths = Object.freeze({
  yaml: bundled('taxii21.yaml'),
  json: bundled('taxii21.json'),
  dereferencedJson: bundled('taxii21.dereferenced.json'),
});

/** Absolute paths of the variants (YAML), each derived from the description for generators that
 * cannot handle one of its features; see README.md for which suits which generator. */
export const variantPaths = Object.freeze({
  apiRoot: bundled('taxii21.api-root.yaml'),
  discovery: bundled('taxii21.discovery.yaml'),
  flatMatch: bundled('taxii21.flat-match.yaml'),
  server: bundled('taxii21.server.yaml'),
  openapi30: Object.freeze({
    combined: bundled('openapi-3.0/taxii21.yaml'),
    apiRoot: bundled('openapi-3.0/taxii21.api-root.yaml'),
    discovery: bundled('openapi-3.0/taxii21.discovery.yaml'),
    flatMatch: bundled('openapi-3.0/taxii21.flat-match.yaml'),
    server: bundled('openapi-3.0/taxii21.server.yaml'),
  }),
});

// Each call parses afresh: validators and generators commonly mutate the document they are given,
// and one caller's changes must not leak into another's.

/** The bundled description: one document, internal `$ref`s kept. */
export function loadSpec() {
  return JSON.parse(readFileSync(specPaths.json, 'utf8'));
}

/** The fully dereferenced description, for tools that cannot follow `$ref`. */
export function loadDereferencedSpec() {
  return JSON.parse(readFileSync(specPaths.dereferencedJson, 'utf8'));
}

/**
 * The bundled description as a validator of requests and responses needs it. Envelope items
 * (StixObject: KnownStixObject or OtherStixObject) are checked as OtherStixObject alone, which
 * accepts exactly the same objects, since every typed STIX schema is narrower than it; and the
 * component schemas nothing then refers to (the typed STIX objects) are left out. Compiling the
 * typed union for every operation that carries objects took seconds per validator; judging STIX
 * content is @taxii21/stix's job, with validators it compiles once.
 */
export function loadValidationSpec() {
  const spec = loadSpec();
  spec.components.schemas.StixObject = { $ref: '#/components/schemas/OtherStixObject' };
  const reachable = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/components/schemas/')) {
      const name = node.$ref.slice('#/components/schemas/'.length);
      if (!reachable.has(name)) {
        reachable.add(name);
        visit(spec.components.schemas[name]);
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  const { schemas, ...otherComponents } = spec.components;
  visit(spec.paths);
  visit(otherComponents);
  for (const name of Object.keys(schemas)) if (!reachable.has(name)) delete schemas[name];
  return spec;
}

const pointerPart = (key) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Every response the description declares, with JSON pointers (`#/…`) into `spec` to the schema
 * of its `mediaType` body (null when it has none) and of each of its headers, `$ref`s to shared
 * responses and headers followed. A validator adds `spec` once (Ajv's addSchema) and compiles
 * each pointer, so that schemas shared by many responses are compiled once.
 */
export function describedResponses(spec, mediaType) {
  const resolve = (node, pointer) => {
    while (typeof node?.$ref === 'string') {
      pointer = node.$ref;
      node = node.$ref
        .slice(2)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((at, key) => at?.[key], spec);
    }
    return { node, pointer };
  };
  const responses = [];
  for (const [path, pathItem] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(pathItem)) {
      if (!operation?.operationId || !operation.responses) continue;
      for (const [status, declared] of Object.entries(operation.responses)) {
        const response = resolve(declared, `#/paths/${pointerPart(path)}/${method}/responses/${status}`);
        const body = response.node.content?.[mediaType]?.schema ? `${response.pointer}/content/${pointerPart(mediaType)}/schema` : null;
        const headers = Object.entries(response.node.headers ?? {}).map(([name, header]) => {
          const resolved = resolve(header, `${response.pointer}/headers/${pointerPart(name)}`);
          return { name, schema: `${resolved.pointer}/schema` };
        });
        responses.push({ operationId: operation.operationId, status: Number(status), body, headers });
      }
    }
  }
  return responses;
}
