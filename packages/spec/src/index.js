import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
  openapi30: Object.freeze({
    combined: bundled('openapi-3.0/taxii21.yaml'),
    apiRoot: bundled('openapi-3.0/taxii21.api-root.yaml'),
    discovery: bundled('openapi-3.0/taxii21.discovery.yaml'),
    flatMatch: bundled('openapi-3.0/taxii21.flat-match.yaml'),
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
